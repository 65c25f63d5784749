package io.watchword.revocation.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.watchword.revocation.it.IssuerAdmin.TestTenant;
import io.watchword.testsupport.quarkus.WatchwordTestResource;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * Issue 6: a revocation-service that starts from an empty consumer group and an empty database
 * rebuilds what it knows of every credential from the compacted credential-state topic, however
 * long ago the credential was issued, admin keys included (decision 0103).
 */
@QuarkusTest
@QuarkusTestResource(
        value = WatchwordTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "revocation"))
@QuarkusTestResource(IssuerTestResource.class)
@QuarkusTestResource(value = CredentialStateSeed.class, restrictToAnnotatedClass = true)
class CredentialStateRebuildTest {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void aNewConsumerGroupRebuildsCredentialsPublishedBeforeItStartedAndTheirTenantCanRevokeThem() throws Exception {
        // Read at test time: config injected into a test class is checked for every test's start.
        Config config = ConfigProvider.getConfig();
        String tenant = config.getValue("watchword.test.seeded.tenant", String.class);
        String apiKey = config.getValue("watchword.test.seeded.api-key", String.class);
        String adminKey = config.getValue("watchword.test.seeded.admin-key", String.class);
        assertThat(config.getValue("watchword.revocation.consumer.group-id", String.class))
                .as("a consumer group that never existed")
                .startsWith("revocation-rebuild-");
        KnownCredentials.awaitKnown(dataSource, apiKey);
        KnownCredentials.awaitKnown(dataSource, adminKey);
        assertThat(tenantAndType(apiKey)).isEqualTo(tenant + "/API_KEY");
        assertThat(tenantAndType(adminKey)).isEqualTo(tenant + "/ADMIN_KEY");

        TestTenant owner = IssuerAdmin.newTenant(tenant);
        TestTenant other = IssuerAdmin.newTenant();
        for (String id : new String[] {apiKey, adminKey}) {
            assertThat(revoke(other, id)).isEqualTo(404);
            assertThat(revoke(owner, id)).isEqualTo(201);
        }
    }

    private String tenantAndType(String id) throws Exception {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s =
                        c.prepareStatement("SELECT tenant_id || '/' || type FROM credentials WHERE id = ?")) {
            s.setString(1, id);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? r.getString(1) : null;
            }
        }
    }

    private static int revoke(TestTenant tenant, String credentialId) {
        return given().auth()
                .oauth2(tenant.adminKey())
                .contentType(ContentType.JSON)
                .body(Map.of("credentialId", credentialId, "reason", "COMPROMISED"))
                .post("/v1/revocations")
                .statusCode();
    }
}
