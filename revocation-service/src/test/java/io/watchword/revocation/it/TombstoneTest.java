package io.watchword.revocation.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.watchword.core.credential.CredentialIds;
import io.watchword.events.Topics;
import io.watchword.events.v1.CredentialState;
import io.watchword.events.v1.CredentialType;
import io.watchword.revocation.it.IssuerAdmin.TestTenant;
import io.watchword.testsupport.quarkus.WatchwordTestResource;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(
        value = WatchwordTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "revocation"))
@QuarkusTestResource(IssuerTestResource.class)
class TombstoneTest {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void aRevokedKeyIsTombstonedOnceItsExpiryAndTheMarginHavePassed() {
        TestTenant tenant = IssuerAdmin.newTenant();
        String keyId = CredentialIds.newId("key");
        Instant expiresAt = Instant.now().plusSeconds(4);
        // A short-lived key as the issuer publishes its state (decision 0103).
        CredentialStates.publish(
                CredentialStates.state(tenant.id(), keyId, CredentialType.API_KEY, CredentialState.ACTIVE, expiresAt));
        KnownCredentials.awaitKnown(dataSource, keyId);

        given().auth()
                .oauth2(tenant.adminKey())
                .contentType(ContentType.JSON)
                .body(Map.of("credentialId", keyId, "reason", "COMPROMISED"))
                .post("/v1/revocations")
                .then()
                .statusCode(201);

        var records = EventProbe.await(
                Topics.REVOCATIONS.name(),
                tenant.id() + "/" + keyId,
                found -> found.size() == 2,
                Duration.ofSeconds(30));
        assertThat(records).hasSize(2);
        assertThat(records.get(0).value()).isNotNull();
        assertThat(records.get(1).value()).as("tombstone").isNull();
        assertThat(Instant.ofEpochMilli(records.get(1).timestamp())).isAfterOrEqualTo(expiresAt.plusSeconds(1));
    }
}
