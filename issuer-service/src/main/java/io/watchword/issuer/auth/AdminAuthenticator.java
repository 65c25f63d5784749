package io.watchword.issuer.auth;

import io.watchword.core.credential.ApiKeyFormat;
import io.watchword.core.scope.Scope;
import io.watchword.events.v1.CredentialType;
import io.watchword.issuer.credential.CredentialLookup;
import io.watchword.issuer.credential.StoredCredential;
import io.watchword.issuer.rest.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Authenticates {@code Authorization: Bearer ww_admin_…} and checks a required scope. The
 * authenticated principal is remembered per request (see {@link AdminRequestContext}) so the
 * audit of a refusal can name who was refused.
 */
@ApplicationScoped
public class AdminAuthenticator {

    private final CredentialLookup lookup;
    private final AdminRequestContext requestContext;
    private final Clock clock;

    public AdminAuthenticator(CredentialLookup lookup, AdminRequestContext requestContext, Clock clock) {
        this.lookup = lookup;
        this.requestContext = requestContext;
        this.clock = clock;
    }

    /**
     * @throws ProblemException 401 if the credential is missing, malformed, unknown or expired;
     *     403 if it lacks {@code requiredScope}
     */
    public AdminPrincipal require(HttpHeaders headers, String requiredScope) {
        return require(headers.getHeaderString(HttpHeaders.AUTHORIZATION), requiredScope);
    }

    public AdminPrincipal require(String authorization, String requiredScope) {
        AdminPrincipal principal = authenticate(authorization);
        Scope required = Scope.parse(requiredScope);
        if (!principal.has(required)) {
            throw ProblemException.forbidden(
                    "this admin credential lacks the scope '" + required + "' that this operation needs");
        }
        return principal;
    }

    public AdminPrincipal authenticate(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            throw ProblemException.unauthorized("send an admin credential as 'Authorization: Bearer ww_admin_…'");
        }
        if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw ProblemException.unauthorized("the Authorization header must use the Bearer scheme");
        }
        String presented = authorization.substring(7).trim();
        if (!"admin".equals(ApiKeyFormat.environmentOf(presented).orElse(null))) {
            throw ProblemException.unauthorized(
                    "management endpoints take an admin credential (ww_admin_…), not an API key or token");
        }
        if (!ApiKeyFormat.hasValidChecksum(presented)) {
            throw ProblemException.unauthorized(
                    "the admin credential's checksum is wrong: it was mistyped or truncated");
        }
        Optional<StoredCredential> found = lookup.findByPresentedKey(presented);
        Instant now = clock.instant();
        if (found.isEmpty() || found.get().type() != CredentialType.ADMIN_KEY) {
            throw ProblemException.unauthorized("the admin credential is not known");
        }
        StoredCredential credential = found.get();
        if (!credential.usableAt(now)) {
            throw ProblemException.unauthorized("the admin credential has expired; use another one");
        }
        AdminPrincipal principal = new AdminPrincipal(
                credential.id(),
                credential.tenantId(),
                credential.scopes(),
                AdminPrincipal.SYSTEM_TENANT.equals(credential.tenantId()));
        requestContext.set(principal);
        return principal;
    }
}
