package io.watchword.revocation.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.watchword.core.credential.ApiKeyFormat;
import io.watchword.revocation.config.RevocationConfig;
import io.watchword.revocation.rest.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Authenticates {@code Authorization: Bearer ww_admin_…} through the issuer's introspection, with
 * a short bounded cache keyed by a SHA-256 digest of the secret (the secret itself is never kept).
 * See docs/decisions/0052.
 */
@ApplicationScoped
public class AdminAuthenticator {

    private static final Logger LOG = Logger.getLogger(AdminAuthenticator.class);

    private final IssuerIntrospectionClient issuer;
    private final Cache<String, Optional<AdminPrincipal>> cache;

    @Inject
    public AdminAuthenticator(IssuerIntrospectionClient issuer, RevocationConfig config) {
        this.issuer = issuer;
        this.cache = Caffeine.newBuilder()
                .expireAfterWrite(config.admin().cacheTtl())
                .maximumSize(config.admin().cacheMaxEntries())
                .build();
    }

    /** The caller, if it holds {@code scope}; otherwise a 401 or 403 problem. */
    public AdminPrincipal require(HttpHeaders headers, String scope) {
        AdminPrincipal principal = authenticate(headers.getHeaderString(HttpHeaders.AUTHORIZATION));
        if (!principal.holds(scope)) {
            throw ProblemException.forbidden("This admin credential lacks the scope '" + scope + "'.");
        }
        return principal;
    }

    AdminPrincipal authenticate(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            throw ProblemException.unauthorized("Send an admin credential: 'Authorization: Bearer ww_admin_…'.");
        }
        if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw ProblemException.unauthorized("Use the Bearer scheme: 'Authorization: Bearer ww_admin_…'.");
        }
        String secret = authorization.substring(7).trim();
        if (!ApiKeyFormat.isAdminKey(secret)) {
            // Shape and checksum are checked here so a typo or a scanner's guess never reaches the issuer.
            throw ProblemException.unauthorized(
                    "The bearer credential is not a valid Watchword admin credential (ww_admin_…).");
        }
        String cacheKey = digest(secret);
        Optional<AdminPrincipal> principal = cache.getIfPresent(cacheKey);
        if (principal == null) {
            try {
                principal = issuer.introspect(secret, "admin_key").flatMap(AdminAuthenticator::toPrincipal);
            } catch (IssuerUnavailableException e) {
                LOG.warnf("cannot authenticate an admin credential: %s", e.getMessage());
                throw ProblemException.unavailable(
                        "Admin credentials cannot be checked right now (the issuer is unavailable). Retry shortly.");
            }
            cache.put(cacheKey, principal);
        }
        return principal.orElseThrow(
                () -> ProblemException.unauthorized("The admin credential is unknown, expired or revoked."));
    }

    private static Optional<AdminPrincipal> toPrincipal(JsonNode answer) {
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
        return Optional.of(new AdminPrincipal(id, tenant, scopes, AdminPrincipal.PLATFORM_TENANT.equals(tenant)));
    }

    private static String digest(String secret) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
