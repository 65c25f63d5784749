package io.watchword.issuer.token.revocation;

import static io.restassured.RestAssured.given;
import static io.watchword.issuer.token.support.IssuerTestClient.exchange;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.watchword.events.kafka.EventRecords;
import io.watchword.events.v1.CredentialRevocationChanged;
import io.watchword.events.v1.CredentialType;
import io.watchword.events.v1.RevocationReason;
import io.watchword.events.v1.RevocationStatus;
import io.watchword.issuer.token.support.IssuerTestClient;
import io.watchword.issuer.token.support.IssuerTestClient.Key;
import io.watchword.issuer.token.support.IssuerTestClient.Tenant;
import io.watchword.testsupport.Infrastructure;
import io.watchword.testsupport.kafka.KafkaTestClient;
import io.watchword.testsupport.quarkus.InjectInfrastructure;
import io.watchword.testsupport.quarkus.WatchwordTestResource;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Revocation records published with a real producer change what exchange and introspection say. */
@QuarkusTest
@QuarkusTestResource(value = WatchwordTestResource.class, initArgs = @ResourceArg(name = "database", value = "issuer"))
class RevocationEnforcementTest {

    @InjectInfrastructure
    Infrastructure infrastructure;

    @Test
    void aSuspendedKeyGetsNoTokenAndIntrospectsInactiveUntilReinstated() {
        Tenant tenant = IssuerTestClient.newTenant("orders");
        Key key = tenant.newKey(List.of("orders:read"));
        String token =
                exchange(key.secret(), "{}").then().statusCode(200).extract().path("access_token");

        publish(key.id(), CredentialType.API_KEY, RevocationStatus.SUSPENDED, tenant.id());
        await().atMost(Duration.ofSeconds(10))
                .until(() -> exchange(key.secret(), "{}").statusCode() == 401);
        awaitActive(tenant, key.secret(), false);
        awaitActive(tenant, token, false);

        publish(key.id(), CredentialType.API_KEY, RevocationStatus.REINSTATED, tenant.id());
        await().atMost(Duration.ofSeconds(10))
                .until(() -> exchange(key.secret(), "{}").statusCode() == 200);
        awaitActive(tenant, key.secret(), true);
        awaitActive(tenant, token, true);
    }

    @Test
    void aRevokedTokenJtiIntrospectsInactiveWhileItsKeyStillWorks() {
        Tenant tenant = IssuerTestClient.newTenant("orders");
        Key key = tenant.newKey(List.of("orders:read"));
        String token =
                exchange(key.secret(), "{}").then().statusCode(200).extract().path("access_token");
        String jti = JsonPath.from(new String(
                        java.util.Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8))
                .getString("jti");

        publish(jti, CredentialType.TOKEN, RevocationStatus.REVOKED, tenant.id());

        awaitActive(tenant, token, false);
        exchange(key.secret(), "{}").then().statusCode(200);
    }

    private static void awaitActive(Tenant tenant, String credential, boolean active) {
        await().atMost(Duration.ofSeconds(10))
                .until(() -> given().header("Authorization", "Bearer " + tenant.adminKey())
                        .formParam("token", credential)
                        .post("/v1/introspect")
                        .then()
                        .statusCode(200)
                        .extract()
                        .<Boolean>path("active")
                        .equals(active));
    }

    private void publish(String credentialId, CredentialType type, RevocationStatus status, String tenant) {
        CredentialRevocationChanged change = new CredentialRevocationChanged(
                UUID.randomUUID(),
                Instant.now(),
                tenant,
                credentialId,
                type,
                null,
                status,
                RevocationReason.values()[0],
                "adm_test",
                null,
                Instant.now().plus(Duration.ofDays(1)));
        try (KafkaTestClient kafka = new KafkaTestClient(infrastructure.kafkaBootstrapServers())) {
            kafka.send(EventRecords.toProducerRecord(change, "/watchword/revocation-service"));
        }
    }
}
