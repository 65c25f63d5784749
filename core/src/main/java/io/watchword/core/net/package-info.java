/**
 * Network rules: IP address literals (strict, never resolved), CIDR networks and the {@code
 * allowedCidrs} check of a credential, and the caller's address behind configured trusted proxies
 * ({@link io.watchword.core.net.ClientAddressResolver}, decision 0075).
 */
package io.watchword.core.net;
