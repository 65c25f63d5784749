package io.watchword.issuer.auth;

import io.watchword.core.credential.ApiKeyFormat;
import io.watchword.events.v1.CredentialType;
import io.watchword.issuer.credential.CredentialLookup;
import io.watchword.issuer.credential.StoredCredential;
import io.watchword.kit.auth.AdminCredentials;
import io.watchword.kit.auth.AdminPrincipal;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.Optional;

/**
 * The issuer answers who an admin credential is from its own store (the kit's {@link
 * io.watchword.kit.auth.AdminAuthenticator} does the rest). Every refusal is the same empty
 * answer: wrong checksum, unknown, not an admin credential, expired, revoked or suspended.
 */
@ApplicationScoped
public class IssuerAdminCredentials implements AdminCredentials {

    private final CredentialLookup lookup;
    private final Clock clock;

    public IssuerAdminCredentials(CredentialLookup lookup, Clock clock) {
        this.lookup = lookup;
        this.clock = clock;
    }

    @Override
    public Optional<AdminPrincipal> verify(String secret) {
        if (!ApiKeyFormat.isAdminKey(secret)) {
            return Optional.empty();
        }
        Optional<StoredCredential> found = lookup.findByPresentedKey(secret);
        if (found.isEmpty()
                || found.get().type() != CredentialType.ADMIN_KEY
                || !found.get().usableAt(clock.instant())) {
            return Optional.empty();
        }
        StoredCredential credential = found.get();
        return Optional.of(AdminPrincipal.of(
                credential.id(),
                credential.tenantId(),
                credential.scopes().stream().map(Object::toString).toList()));
    }
}
