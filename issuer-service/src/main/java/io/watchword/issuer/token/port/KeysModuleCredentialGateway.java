package io.watchword.issuer.token.port;

import io.watchword.core.credential.ApiKeyFormat;
import io.watchword.core.net.CidrMatcher;
import io.watchword.core.scope.InvalidScopeException;
import io.watchword.core.scope.Scope;
import io.watchword.issuer.credential.CredentialLookup;
import io.watchword.issuer.credential.StoredCredential;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** {@link CredentialGateway} over the keys module's credential format, lookup, scopes and CIDRs. */
@ApplicationScoped
public class KeysModuleCredentialGateway implements CredentialGateway {

    private final CredentialLookup lookup;

    public KeysModuleCredentialGateway(CredentialLookup lookup) {
        this.lookup = lookup;
    }

    @Override
    public boolean hasValidChecksum(String presentedKey) {
        return ApiKeyFormat.hasValidChecksum(presentedKey);
    }

    @Override
    public Optional<String> environmentOf(String presentedKey) {
        return ApiKeyFormat.environmentOf(presentedKey);
    }

    @Override
    public Optional<CredentialSnapshot> findByPresentedKey(String presentedKey) {
        return lookup.findByPresentedKey(presentedKey).map(KeysModuleCredentialGateway::snapshot);
    }

    @Override
    public Optional<CredentialSnapshot> findCachedByPresentedKey(String presentedKey) {
        return lookup.findCachedByPresentedKey(presentedKey).map(KeysModuleCredentialGateway::snapshot);
    }

    @Override
    public String parseScope(String scope) {
        try {
            return Scope.parse(scope).toString();
        } catch (InvalidScopeException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    @Override
    public boolean implies(String granted, String requested) {
        return Scope.parse(granted).implies(Scope.parse(requested));
    }

    @Override
    public boolean cidrAllows(List<String> allowedCidrs, String clientIp) {
        return CidrMatcher.allows(allowedCidrs, clientIp);
    }

    private static CredentialSnapshot snapshot(StoredCredential credential) {
        return new CredentialSnapshot(
                credential.id(),
                credential.tenantId(),
                credential.type(),
                credential.scopeStrings(),
                credential.allowedCidrs(),
                credential.usableAt(Instant.now()),
                credential.createdAt(),
                credential.expiresAt(),
                credential.rotatedTo(),
                credential.graceEndsAt());
    }
}
