/**
 * The scope grammar {@code resource:action} ({@code read < write < delete < admin}; a higher action
 * implies the lower ones on the same resource; no wildcards), parsing with reasons a person can act
 * on, and the check of required scopes against granted ones. Which scopes a credential may be
 * given (a tenant's catalogue, management resources) is the issuer's policy, not the grammar's.
 */
package io.watchword.core.scope;
