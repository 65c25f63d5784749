package io.watchword.revocation.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.watchword.core.credential.ApiKeyFormat;
import io.watchword.core.problem.ProblemException;
import io.watchword.kit.auth.AdminAuthenticator;
import io.watchword.kit.auth.AdminCredentials;
import io.watchword.kit.auth.AdminPrincipal;
import io.watchword.kit.auth.IntrospectedAdminCredentialsProducer;
import io.watchword.kit.auth.IntrospectionSettings;
import io.watchword.revocation.config.RevocationConfig;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AdminAuthenticatorTest {

    private final String platformCredential = ApiKeyFormat.generate("admin");
    private final String adminKey = ApiKeyFormat.generate("admin");
    private StubIntrospectionServer issuer;
    private AdminAuthenticator authenticator;

    @BeforeEach
    void startStubIssuer() throws Exception {
        issuer = new StubIntrospectionServer();
        issuer.expectedCaller = platformCredential;
        issuer.answers.put(
                adminKey,
                "{\"active\":true,\"token_type\":\"admin_key\",\"client_id\":\"adm_AAAAAAAAAAAAAAAAAAAAAA\","
                        + "\"tenant\":\"acme\",\"scope\":\"revocations:write policies:read\"}");
        authenticator = authenticator(issuer.url());
    }

    @AfterEach
    void stopStubIssuer() {
        issuer.close();
    }

    @Test
    void anActiveAdminCredentialBecomesAPrincipalWithItsTenantAndScopes() {
        AdminPrincipal principal = authenticator.authenticate("Bearer " + adminKey);

        assertThat(principal.tenantId()).isEqualTo("acme");
        assertThat(principal.credentialId()).isEqualTo("adm_AAAAAAAAAAAAAAAAAAAAAA");
        assertThat(principal.holds("revocations:read")).isTrue();
        assertThat(principal.holds("policies:write")).isFalse();
        assertThat(principal.platform()).isFalse();
    }

    @Test
    void aRepeatedCredentialIsAnsweredFromTheCache() {
        authenticator.authenticate("Bearer " + adminKey);
        authenticator.authenticate("Bearer " + adminKey);

        assertThat(issuer.calls).hasValue(1);
    }

    @Test
    void aCredentialThisServiceRevokedIsRefusedOnTheNextRequestThoughTheIssuerStillSaysActive() {
        authenticator.authenticate("Bearer " + adminKey);

        authenticator.invalidate("acme", "adm_AAAAAAAAAAAAAAAAAAAAAA");

        assertThatThrownBy(() -> authenticator.authenticate("Bearer " + adminKey))
                .isInstanceOfSatisfying(
                        ProblemException.class, e -> assertThat(e.status()).isEqualTo(401));
        assertThat(issuer.calls).as("the cached answer was dropped").hasValue(2);

        authenticator.reinstated("acme", "adm_AAAAAAAAAAAAAAAAAAAAAA");
        assertThat(authenticator.authenticate("Bearer " + adminKey).tenantId()).isEqualTo("acme");
    }

    @Test
    void anotherTenantRevokingTheSameIdDoesNotLockTheCredentialOut() {
        authenticator.authenticate("Bearer " + adminKey);

        // a tenant may record a revocation of any id in its own namespace (contract 3)
        authenticator.invalidate("other-tenant", "adm_AAAAAAAAAAAAAAAAAAAAAA");

        assertThat(authenticator.authenticate("Bearer " + adminKey).tenantId()).isEqualTo("acme");
    }

    @Test
    void aMalformedCredentialNeverReachesTheIssuer() {
        String typo = adminKey.substring(0, adminKey.length() - 1) + (adminKey.endsWith("a") ? "b" : "a");

        assertThatThrownBy(() -> authenticator.authenticate("Bearer " + typo))
                .isInstanceOfSatisfying(
                        ProblemException.class, e -> assertThat(e.status()).isEqualTo(401));
        assertThat(issuer.calls).hasValue(0);
    }

    @Test
    void anInactiveOrNonAdminCredentialIsUnauthorized() {
        String apiKeyShapedAsAdmin = ApiKeyFormat.generate("admin");
        issuer.answers.put(apiKeyShapedAsAdmin, "{\"active\":true,\"token_type\":\"api_key\",\"tenant\":\"acme\"}");

        assertThatThrownBy(() -> authenticator.authenticate("Bearer " + ApiKeyFormat.generate("admin")))
                .isInstanceOfSatisfying(
                        ProblemException.class, e -> assertThat(e.status()).isEqualTo(401));
        assertThatThrownBy(() -> authenticator.authenticate("Bearer " + apiKeyShapedAsAdmin))
                .isInstanceOfSatisfying(
                        ProblemException.class, e -> assertThat(e.status()).isEqualTo(401));
    }

    @Test
    void missingHeaderOrWrongSchemeIsUnauthorized() {
        assertThatThrownBy(() -> authenticator.authenticate(null))
                .isInstanceOfSatisfying(
                        ProblemException.class, e -> assertThat(e.headers()).containsKey("WWW-Authenticate"));
        assertThatThrownBy(() -> authenticator.authenticate("Basic " + adminKey))
                .isInstanceOfSatisfying(
                        ProblemException.class, e -> assertThat(e.status()).isEqualTo(401));
    }

    @Test
    void anUnreachableIssuerIsServiceUnavailableNotUnauthorized() {
        AdminAuthenticator offline = authenticator("http://127.0.0.1:1");

        assertThatThrownBy(() -> offline.authenticate("Bearer " + adminKey))
                .isInstanceOfSatisfying(
                        ProblemException.class, e -> assertThat(e.status()).isEqualTo(503));
    }

    private AdminAuthenticator authenticator(String issuerUrl) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(RevocationConfig.class)
                .withDefaultValues(Map.of(
                        "watchword.revocation.issuer.url", issuerUrl,
                        "watchword.revocation.issuer.credential", platformCredential))
                .build();
        RevocationConfig mapped = config.getConfigMapping(RevocationConfig.class);
        // The service's own settings through the kit's producers, as CDI wires them.
        IntrospectionSettings settings = new AdminCredentialsProducer().introspectionSettings(mapped);
        AdminCredentials credentials = IntrospectedAdminCredentialsProducer.adminCredentials(
                IntrospectedAdminCredentialsProducer.introspectionClient(settings, new ObjectMapper()), settings);
        return new AdminAuthenticator(instance(credentials), instance(null));
    }

    @SuppressWarnings("unchecked")
    private static <T> jakarta.enterprise.inject.Instance<T> instance(T value) {
        // A one-class unit test: the kit's authenticator takes CDI Instances; hand it plain values.
        return (jakarta.enterprise.inject.Instance<T>) java.lang.reflect.Proxy.newProxyInstance(
                AdminAuthenticatorTest.class.getClassLoader(),
                new Class<?>[] {jakarta.enterprise.inject.Instance.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "get" -> value;
                    case "isResolvable" -> value != null;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
