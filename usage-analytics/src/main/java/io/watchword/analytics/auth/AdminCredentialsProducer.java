package io.watchword.analytics.auth;

import io.watchword.analytics.config.AnalyticsConfig;
import io.watchword.kit.auth.IntrospectionSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * usage-analytics learns who an admin credential is from the issuer (RFC 7662) through the kit's
 * introspection ({@code IntrospectedAdminCredentialsProducer}, decisions 0052, 0072), configured
 * by its own {@code watchword.analytics.issuer.*} and {@code watchword.analytics.admin.*}.
 */
@ApplicationScoped
public class AdminCredentialsProducer {

    // Singleton: a record cannot be proxied as a normal-scoped bean.
    @Produces
    @Singleton
    IntrospectionSettings introspectionSettings(AnalyticsConfig config) {
        return new IntrospectionSettings(config.issuer(), config.admin());
    }
}
