package io.watchword.kit.auth;

/**
 * What {@link IntrospectedAdminCredentialsProducer} needs: a service that authenticates admins
 * through the issuer produces one bean of this from its own settings (decision 0072).
 */
public record IntrospectionSettings(IssuerSettings issuer, AdminCacheSettings admin) {}
