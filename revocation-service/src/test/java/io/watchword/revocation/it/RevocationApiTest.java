package io.watchword.revocation.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.watchword.core.credential.CredentialIds;
import io.watchword.events.CloudEventHeaders;
import io.watchword.events.Topics;
import io.watchword.events.v1.CredentialRevocationChanged;
import io.watchword.events.v1.CredentialType;
import io.watchword.events.v1.RevocationReason;
import io.watchword.events.v1.RevocationStatus;
import io.watchword.revocation.it.IssuerAdmin.TestKey;
import io.watchword.revocation.it.IssuerAdmin.TestTenant;
import io.watchword.testsupport.quarkus.WatchwordTestResource;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(
        value = WatchwordTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "revocation"))
@QuarkusTestResource(IssuerTestResource.class)
class RevocationApiTest {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void revokingAKeyPublishesItsRevocationWithCloudEventHeaders() {
        TestTenant tenant = IssuerAdmin.newTenant();
        TestKey key = IssuerAdmin.newApiKey(tenant);
        KnownCredentials.awaitKnown(dataSource, key.id());

        String id = revoke(tenant, Map.of("credentialId", key.id(), "reason", "COMPROMISED", "comment", "leaked"))
                .statusCode(201)
                .header("Location", containsString("/v1/revocations/rev_"))
                .body("status", equalTo("REVOKED"))
                .extract()
                .path("id");

        List<ConsumerRecord<String, byte[]>> records =
                EventProbe.awaitCount(Topics.REVOCATIONS.name(), tenant.id() + "/" + key.id(), 1);
        assertThat(records).hasSize(1);
        ConsumerRecord<String, byte[]> record = records.get(0);
        CredentialRevocationChanged event = EventProbe.value(record, CredentialRevocationChanged.class);
        assertThat(event.status()).isEqualTo(RevocationStatus.REVOKED);
        assertThat(event.reason()).isEqualTo(RevocationReason.COMPROMISED);
        assertThat(event.credentialType()).isEqualTo(CredentialType.API_KEY);
        assertThat(event.tenantId()).isEqualTo(tenant.id());
        assertThat(event.expiresAt()).isNotNull();
        assertThat(EventProbe.header(record, CloudEventHeaders.TYPE))
                .isEqualTo("io.watchword.credential.revocation-changed.v1");
        assertThat(EventProbe.header(record, CloudEventHeaders.ID))
                .isEqualTo(event.eventId().toString());
        assertThat(EventProbe.header(record, CloudEventHeaders.SPEC_VERSION)).isEqualTo("1.0");
        assertThat(EventProbe.header(record, CloudEventHeaders.TENANT)).isEqualTo(tenant.id());

        given().auth()
                .oauth2(tenant.adminKey())
                .get("/v1/revocations/" + id)
                .then()
                .statusCode(200)
                .body("credentialId", equalTo(key.id()))
                .body("requestedBy", startsWith("adm_"));
    }

    @Test
    void revokingTwiceAnswersTheSameRevocationAndPublishesOnce() {
        TestTenant tenant = IssuerAdmin.newTenant();
        TestKey key = IssuerAdmin.newApiKey(tenant);
        KnownCredentials.awaitKnown(dataSource, key.id());

        String first = revoke(tenant, Map.of("credentialId", key.id(), "reason", "MANUAL"))
                .statusCode(201)
                .extract()
                .path("id");
        String second = revoke(tenant, Map.of("credentialId", key.id(), "reason", "COMPROMISED"))
                .statusCode(200)
                .extract()
                .path("id");

        assertThat(second).isEqualTo(first);
        assertThat(EventProbe.settle(Topics.REVOCATIONS.name(), tenant.id() + "/" + key.id(), Duration.ofSeconds(3)))
                .hasSize(1);
    }

    @Test
    void revokingAnUnknownCredentialIsANotFoundProblem() {
        TestTenant tenant = IssuerAdmin.newTenant();

        revoke(tenant, Map.of("credentialId", CredentialIds.newId("key"), "reason", "MANUAL"))
                .statusCode(404)
                .contentType("application/problem+json")
                .body("detail", startsWith("No credential"));
    }

    @Test
    void aTokenIsRevokedByItsJtiWithItsKeyAsParent() {
        TestTenant tenant = IssuerAdmin.newTenant();
        TestKey key = IssuerAdmin.newApiKey(tenant);
        KnownCredentials.awaitKnown(dataSource, key.id());
        String jti = CredentialIds.newId("tok");

        revoke(tenant, Map.of("jti", jti, "parentCredentialId", key.id(), "reason", "COMPROMISED"))
                .statusCode(201)
                .body("credentialType", equalTo("TOKEN"));

        CredentialRevocationChanged event = EventProbe.value(
                EventProbe.awaitCount(Topics.REVOCATIONS.name(), tenant.id() + "/" + jti, 1)
                        .get(0),
                CredentialRevocationChanged.class);
        assertThat(event.credentialType()).isEqualTo(CredentialType.TOKEN);
        assertThat(event.parentCredentialId()).isEqualTo(key.id());
    }

    @Test
    void invalidRequestsAreProblemsListingEachField() {
        TestTenant tenant = IssuerAdmin.newTenant();

        revoke(tenant, Map.of("credentialId", "nope", "jti", "tok_x"))
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", org.hamcrest.Matchers.hasItems("credentialId", "reason"));
        revoke(tenant, Map.of("credentialId", CredentialIds.newId("key"), "reason", "BECAUSE"))
                .statusCode(400)
                .body("errors[0].field", equalTo("reason"));
    }

    @Test
    void listingPagesThroughTheTenantsRevocationsNewestFirst() {
        TestTenant tenant = IssuerAdmin.newTenant();
        for (int i = 0; i < 3; i++) {
            revoke(tenant, Map.of("jti", CredentialIds.newId("tok"), "reason", "MANUAL"))
                    .statusCode(201);
        }

        var firstPage = given().auth()
                .oauth2(tenant.adminKey())
                .queryParam("limit", 2)
                .get("/v1/revocations")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(firstPage.getList("items")).hasSize(2);
        var secondPage = given().auth()
                .oauth2(tenant.adminKey())
                .queryParam("limit", 2)
                .queryParam("cursor", firstPage.getString("nextCursor"))
                .get("/v1/revocations")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(secondPage.getList("items")).hasSize(1);
        assertThat(secondPage.getString("nextCursor")).isNull();
    }

    private static io.restassured.response.ValidatableResponse revoke(TestTenant tenant, Map<String, String> body) {
        return given().auth()
                .oauth2(tenant.adminKey())
                .contentType(ContentType.JSON)
                .body(body)
                .post("/v1/revocations")
                .then();
    }
}
