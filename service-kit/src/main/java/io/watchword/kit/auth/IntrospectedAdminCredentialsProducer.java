package io.watchword.kit.auth;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.arc.DefaultBean;
import io.watchword.core.credential.ApiKeyFormat;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;

/**
 * The admin authentication of every service other than the issuer: issuer introspection (RFC
 * 7662) through {@link IssuerIntrospectionClient}, remembered briefly by {@link
 * IntrospectedAdminCredentials} (decisions 0052, 0072). A service enables it by producing an
 * {@link IntrospectionSettings} bean from its own settings. Default beans, so the issuer's own
 * {@link AdminCredentials} (its store, no introspection) replaces them; the settings are looked up
 * lazily because the issuer has none, and ArC validates default beans' injection points too.
 */
@ApplicationScoped
public class IntrospectedAdminCredentialsProducer {

    @Produces
    @ApplicationScoped
    @DefaultBean
    IssuerIntrospectionClient issuerIntrospection(Instance<IntrospectionSettings> settings, ObjectMapper mapper) {
        return introspectionClient(required(settings), mapper);
    }

    @Produces
    @ApplicationScoped
    @DefaultBean
    AdminCredentials adminCredentials(IssuerIntrospectionClient issuer, Instance<IntrospectionSettings> settings) {
        return adminCredentials(issuer, required(settings));
    }

    /** The issuer's introspection as {@code settings} say. */
    public static IssuerIntrospectionClient introspectionClient(IntrospectionSettings settings, ObjectMapper mapper) {
        IssuerSettings issuer = settings.issuer();
        return new IssuerIntrospectionClient(
                issuer.url(), issuer.credential(), issuer.connectTimeout(), issuer.requestTimeout(), mapper);
    }

    /** Admin credentials introspected at {@code issuer}, cached as {@code settings} say. */
    public static AdminCredentials adminCredentials(IssuerIntrospectionClient issuer, IntrospectionSettings settings) {
        AdminCacheSettings admin = settings.admin();
        return new IntrospectedAdminCredentials(
                issuer, ApiKeyFormat::isAdminKey, admin.cacheTtl(), admin.cacheMaxEntries(), admin.denyWindow());
    }

    private static IntrospectionSettings required(Instance<IntrospectionSettings> settings) {
        if (!settings.isResolvable()) {
            throw new IllegalStateException("admin authentication through the issuer needs one IntrospectionSettings"
                    + " bean: produce it from the service's issuer and admin settings");
        }
        return settings.get();
    }
}
