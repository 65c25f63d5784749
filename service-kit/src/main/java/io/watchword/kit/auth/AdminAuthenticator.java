package io.watchword.kit.auth;

import io.watchword.core.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.HttpHeaders;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The one admin authentication of every Watchword service: {@code Authorization: Bearer
 * ww_admin_…} to an {@link AdminPrincipal}, through the service's {@link AdminCredentials}.
 * Every failure — no header, another scheme, a malformed, unknown, expired, revoked or suspended
 * credential — is the same 401 {@code invalid-credential} (same title, detail and headers), so
 * nobody learns which credentials exist. See docs/decisions/0072.
 */
@ApplicationScoped
public class AdminAuthenticator {

    /** Shape of an admin secret; the checksum is the {@link AdminCredentials}' concern. */
    private static final Pattern ADMIN_SECRET = Pattern.compile("ww_admin_[0-9A-Za-z]{20,100}");

    private final Instance<AdminCredentials> credentials;
    private final Instance<AdminRequestContext> requestContext;

    @Inject
    public AdminAuthenticator(Instance<AdminCredentials> credentials, Instance<AdminRequestContext> requestContext) {
        this.credentials = credentials;
        this.requestContext = requestContext;
    }

    /**
     * The caller of this request, authenticated (once per request: a principal the filter already
     * established is reused), holding {@code scope}.
     *
     * @throws ProblemException 401 {@code invalid-credential}, 403 {@code insufficient-scope}, 503
     */
    public AdminPrincipal require(HttpHeaders headers, String scope) {
        AdminPrincipal principal = current().orElse(null);
        if (principal == null) {
            principal = authenticate(headers.getHeaderString(HttpHeaders.AUTHORIZATION));
        }
        return requireScope(principal, scope);
    }

    public AdminPrincipal requireScope(AdminPrincipal principal, String scope) {
        if (!principal.holds(scope)) {
            throw ProblemException.insufficientScope("This admin credential lacks the scope '" + scope + "'.");
        }
        return principal;
    }

    /** @throws ProblemException the one 401, or 503 when credentials cannot be checked */
    public AdminPrincipal authenticate(String authorization) {
        String secret = bearer(authorization);
        if (secret == null || !ADMIN_SECRET.matcher(secret).matches()) {
            throw ProblemException.invalidCredential();
        }
        AdminPrincipal principal = credentials.get().verify(secret).orElseThrow(ProblemException::invalidCredential);
        remember(principal);
        return principal;
    }

    /** See {@link AdminCredentials#invalidate}. */
    public void invalidate(String tenantId, String credentialId) {
        credentials.get().invalidate(tenantId, credentialId);
    }

    /** See {@link AdminCredentials#reinstated}. */
    public void reinstated(String tenantId, String credentialId) {
        credentials.get().reinstated(tenantId, credentialId);
    }

    void remember(AdminPrincipal principal) {
        try {
            if (requestContext.isResolvable()) {
                requestContext.get().set(principal);
            }
        } catch (RuntimeException noRequestContext) {
            // Outside a request (a unit test, a background job): nothing to remember it in.
        }
    }

    private Optional<AdminPrincipal> current() {
        try {
            return requestContext.isResolvable()
                    ? Optional.ofNullable(requestContext.get().principal())
                    : Optional.empty();
        } catch (RuntimeException noRequestContext) {
            return Optional.empty();
        }
    }

    private static String bearer(String authorization) {
        if (authorization == null
                || authorization.length() < 8
                || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return authorization.substring(7).trim();
    }
}
