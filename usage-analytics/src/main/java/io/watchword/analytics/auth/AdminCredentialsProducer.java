package io.watchword.analytics.auth;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.watchword.analytics.config.AnalyticsConfig;
import io.watchword.core.credential.ApiKeyFormat;
import io.watchword.kit.auth.AdminCredentials;
import io.watchword.kit.auth.IntrospectedAdminCredentials;
import io.watchword.kit.auth.IssuerIntrospectionClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/**
 * usage-analytics learns who an admin credential is from the issuer (RFC 7662), through the kit's
 * introspecting {@link AdminCredentials} with its short cache, exactly as revocation-service does
 * (decisions 0052, 0072).
 */
@ApplicationScoped
public class AdminCredentialsProducer {

    @Produces
    @ApplicationScoped
    IssuerIntrospectionClient issuerIntrospection(AnalyticsConfig config, ObjectMapper mapper) {
        return new IssuerIntrospectionClient(
                config.issuer().url(),
                config.issuer().credential(),
                config.issuer().connectTimeout(),
                config.issuer().requestTimeout(),
                mapper);
    }

    @Produces
    @ApplicationScoped
    AdminCredentials adminCredentials(IssuerIntrospectionClient issuer, AnalyticsConfig config) {
        return new IntrospectedAdminCredentials(
                issuer,
                ApiKeyFormat::isAdminKey,
                config.admin().cacheTtl(),
                config.admin().cacheMaxEntries(),
                config.admin().denyWindow());
    }
}
