package io.watchword.kit.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.watchword.core.problem.ProblemException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * {@link AdminCredentials} of a service other than the issuer: asks the issuer's introspection,
 * remembering answers for a short time under a SHA-256 digest of the secret (the secret itself is
 * never kept). {@link #invalidate} drops the cached answer of a credential this service revoked or
 * suspended and refuses it for {@code denyWindow} — long enough for the issuer to learn of the
 * revocation from the revocations topic, so a revoked admin key fails on the very next request.
 */
public class IntrospectedAdminCredentials implements AdminCredentials {

    private static final Logger LOG = Logger.getLogger(IntrospectedAdminCredentials.class);

    private final IssuerIntrospectionClient issuer;
    private final java.util.function.Predicate<String> wellFormed;
    private final Cache<String, Optional<AdminPrincipal>> cache;
    private final Cache<String, Boolean> denied;
    private final ConcurrentHashMap<String, Set<String>> digestsById = new ConcurrentHashMap<>();

    public IntrospectedAdminCredentials(
            IssuerIntrospectionClient issuer,
            java.util.function.Predicate<String> wellFormed,
            Duration cacheTtl,
            int cacheMaxEntries,
            Duration denyWindow) {
        this.issuer = issuer;
        this.wellFormed = wellFormed;
        this.cache = Caffeine.newBuilder()
                .expireAfterWrite(cacheTtl)
                .maximumSize(cacheMaxEntries)
                .removalListener(
                        (String digest,
                                Optional<AdminPrincipal> p,
                                com.github.benmanes.caffeine.cache.RemovalCause c) -> {
                            if (p != null && p.isPresent()) {
                                digestsById.computeIfPresent(p.get().credentialId(), (id, set) -> {
                                    set.remove(digest);
                                    return set.isEmpty() ? null : set;
                                });
                            }
                        })
                .build();
        this.denied = Caffeine.newBuilder()
                .expireAfterWrite(denyWindow)
                .maximumSize(cacheMaxEntries)
                .build();
    }

    @Override
    public Optional<AdminPrincipal> verify(String secret) {
        if (!wellFormed.test(secret)) {
            // A typo or a scanner's guess (wrong checksum) never reaches the issuer.
            return Optional.empty();
        }
        String digest = digest(secret);
        Optional<AdminPrincipal> principal = cache.getIfPresent(digest);
        if (principal == null) {
            try {
                principal = issuer.introspect(secret, "admin_key").flatMap(IntrospectedAdminCredentials::toPrincipal);
            } catch (IssuerUnavailableException e) {
                LOG.warnf("cannot authenticate an admin credential: %s", e.getMessage());
                throw ProblemException.unavailable("Admin credentials cannot be checked right now; retry shortly.");
            }
            cache.put(digest, principal);
            principal.ifPresent(p -> digestsById
                    .computeIfAbsent(p.credentialId(), id -> ConcurrentHashMap.newKeySet())
                    .add(digest));
        }
        if (principal.isPresent()
                && denied.getIfPresent(deniedKey(
                                principal.get().tenantId(), principal.get().credentialId()))
                        != null) {
            return Optional.empty();
        }
        return principal;
    }

    @Override
    public void invalidate(String tenantId, String credentialId) {
        denied.put(deniedKey(tenantId, credentialId), Boolean.TRUE);
        evict(credentialId);
    }

    @Override
    public void reinstated(String tenantId, String credentialId) {
        denied.invalidate(deniedKey(tenantId, credentialId));
        evict(credentialId);
    }

    private static String deniedKey(String tenantId, String credentialId) {
        return tenantId + "/" + credentialId;
    }

    private void evict(String credentialId) {
        Set<String> digests = digestsById.remove(credentialId);
        if (digests != null) {
            cache.invalidateAll(digests);
        }
    }

    static Optional<AdminPrincipal> toPrincipal(JsonNode answer) {
        if (!"admin_key".equals(answer.path("token_type").asText())) {
            return Optional.empty();
        }
        String id = answer.path("client_id").asText(null);
        String tenant = answer.path("tenant").asText(null);
        if (id == null || tenant == null) {
            return Optional.empty();
        }
        Set<String> scopes =
                new HashSet<>(Arrays.asList(answer.path("scope").asText("").split(" ")));
        scopes.remove("");
        return Optional.of(AdminPrincipal.of(id, tenant, scopes));
    }

    private static String digest(String secret) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
