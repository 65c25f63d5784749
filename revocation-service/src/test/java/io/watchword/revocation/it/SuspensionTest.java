package io.watchword.revocation.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.watchword.events.Topics;
import io.watchword.events.v1.CredentialRevocationChanged;
import io.watchword.events.v1.RevocationStatus;
import io.watchword.revocation.it.IssuerAdmin.TestKey;
import io.watchword.revocation.it.IssuerAdmin.TestTenant;
import io.watchword.testsupport.quarkus.WatchwordTestResource;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(
        value = WatchwordTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "revocation"))
@QuarkusTestResource(IssuerTestResource.class)
class SuspensionTest {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void aSuspendedKeyCanBeReinstatedAndBothChangesArePublishedInOrder() {
        TestTenant tenant = IssuerAdmin.newTenant();
        TestKey key = IssuerAdmin.newApiKey(tenant);
        KnownCredentials.awaitKnown(dataSource, key.id());

        given().auth()
                .oauth2(tenant.adminKey())
                .contentType(ContentType.JSON)
                .body(Map.of("credentialId", key.id(), "comment", "investigating"))
                .post("/v1/suspensions")
                .then()
                .statusCode(201)
                .body("status", equalTo("SUSPENDED"));
        given().auth()
                .oauth2(tenant.adminKey())
                .post("/v1/suspensions/" + key.id() + "/reinstate")
                .then()
                .statusCode(200)
                .body("status", equalTo("REINSTATED"));

        var records = EventProbe.awaitCount(Topics.REVOCATIONS.name(), tenant.id() + "/" + key.id(), 2);
        assertThat(records)
                .extracting(r ->
                        EventProbe.value(r, CredentialRevocationChanged.class).status())
                .containsExactly(RevocationStatus.SUSPENDED, RevocationStatus.REINSTATED);
    }

    @Test
    void aRevokedKeyCannotBeReinstated() {
        TestTenant tenant = IssuerAdmin.newTenant();
        TestKey key = IssuerAdmin.newApiKey(tenant);
        KnownCredentials.awaitKnown(dataSource, key.id());
        given().auth()
                .oauth2(tenant.adminKey())
                .contentType(ContentType.JSON)
                .body(Map.of("credentialId", key.id(), "reason", "COMPROMISED"))
                .post("/v1/revocations")
                .then()
                .statusCode(201);

        given().auth()
                .oauth2(tenant.adminKey())
                .post("/v1/suspensions/" + key.id() + "/reinstate")
                .then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("detail", org.hamcrest.Matchers.containsString("permanent"));
    }
}
