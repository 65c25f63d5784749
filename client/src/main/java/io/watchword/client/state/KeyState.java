package io.watchword.client.state;

import io.watchword.client.limit.LimitSpec;
import io.watchword.core.scope.GrantedScopes;
import io.watchword.events.v1.CredentialState;
import io.watchword.events.v1.CredentialStateChanged;

/**
 * What the verifier keeps of a credential's latest {@code CredentialStateChanged}: enough to refuse
 * it on time with its own clock (expiry, end of rotation grace) and to enforce its scopes and
 * source ranges, and its rate limit, quotas and throttle ({@link LimitSpec}). Times in epoch millis; {@link Long#MAX_VALUE} when absent.
 */
public record KeyState(
        String credentialId,
        String tenantId,
        String displayPrefix,
        CredentialState status,
        long expiresAtMillis,
        long graceEndsAtMillis,
        GrantedScopes scopes,
        boolean scopesKnown,
        SourceRanges sources,
        LimitSpec limits) {

    static KeyState of(CredentialStateChanged event) {
        boolean scopesKnown = event.scopes() != null;
        return new KeyState(
                event.credentialId(),
                event.tenantId(),
                event.displayPrefix(),
                event.status(),
                event.expiresAt() == null ? Long.MAX_VALUE : event.expiresAt().toEpochMilli(),
                event.graceEndsAt() == null
                        ? Long.MAX_VALUE
                        : event.graceEndsAt().toEpochMilli(),
                GrantedScopes.parse(scopesKnown ? String.join(" ", event.scopes()) : ""),
                scopesKnown,
                SourceRanges.of(event.allowedCidrs()),
                LimitSpec.of(event));
    }
}
