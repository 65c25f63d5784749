package io.watchword.kit.auth;

import java.util.Optional;

/**
 * Who an admin credential secret belongs to. The issuer answers from its own store; other
 * services ask the issuer (RFC 7662 introspection, {@link IntrospectedAdminCredentials}). A
 * service provides exactly one bean of this type.
 */
public interface AdminCredentials {

    /**
     * The principal of an active admin credential, or empty for anything else (unknown, expired,
     * revoked, suspended, not an admin credential): the caller must not be able to tell those apart.
     *
     * @param secret a well-formed {@code ww_admin_…} secret (shape and checksum already checked)
     * @throws io.watchword.core.problem.ProblemException 503 when the answer cannot be had
     */
    Optional<AdminPrincipal> verify(String secret);

    /**
     * This service revoked or suspended {@code credentialId} of {@code tenantId}: forget any cached
     * answer and refuse it from the next request on, whatever a slower source still says. Bound to
     * the tenant: a tenant revoking another tenant's id (recorded in its own namespace) must not
     * lock that other tenant's credential out.
     */
    default void invalidate(String tenantId, String credentialId) {}

    /** A suspension of {@code credentialId} of {@code tenantId} was lifted: forget the refusal. */
    default void reinstated(String tenantId, String credentialId) {}
}
