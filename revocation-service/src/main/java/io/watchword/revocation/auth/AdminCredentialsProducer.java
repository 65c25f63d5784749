package io.watchword.revocation.auth;

import io.watchword.kit.auth.IntrospectionSettings;
import io.watchword.revocation.config.RevocationConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The revocation-service learns who an admin credential is from the issuer (RFC 7662) through the
 * kit's introspection ({@code IntrospectedAdminCredentialsProducer}, decisions 0052, 0072),
 * configured by its own {@code watchword.revocation.issuer.*} and {@code watchword.revocation.admin.*}.
 */
@ApplicationScoped
public class AdminCredentialsProducer {

    // Singleton: a record cannot be proxied as a normal-scoped bean.
    @Produces
    @Singleton
    IntrospectionSettings introspectionSettings(RevocationConfig config) {
        return new IntrospectionSettings(config.issuer(), config.admin());
    }
}
