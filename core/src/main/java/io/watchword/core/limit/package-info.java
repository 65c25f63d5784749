/**
 * Lock-free rate limiting: {@link io.watchword.core.limit.TokenBucket} (GCRA over one atomic
 * long) and {@link io.watchword.core.limit.KeyedRateLimiter} (one bucket per key, bounded). Used
 * by the client library for API keys' limits and by the issuer for its own endpoints. See
 * docs/decisions/0172 and 0177.
 */
package io.watchword.core.limit;
