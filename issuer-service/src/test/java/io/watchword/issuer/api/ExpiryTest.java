package io.watchword.issuer.api;

import static io.restassured.RestAssured.given;
import static io.watchword.issuer.api.IssuerTestSupport.newKey;
import static io.watchword.issuer.api.IssuerTestSupport.newTenant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.watchword.events.CloudEventHeaders;
import io.watchword.events.EventSerde;
import io.watchword.events.Topics;
import io.watchword.events.v1.CredentialExpired;
import io.watchword.issuer.credential.CredentialLookup;
import io.watchword.testsupport.quarkus.WatchwordTestResource;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = WatchwordTestResource.class, initArgs = @ResourceArg(name = "database", value = "issuer"))
class ExpiryTest {

    @Inject
    CredentialLookup lookup;

    @Test
    void lapsedKeyIsRefusedMarkedExpiredAndCredentialExpiredIsPublished() {
        var tenant = newTenant("orders");
        Map<String, Object> created =
                newKey(tenant.adminKey(), Map.of("name", "short", "ttl", "PT2S", "scopes", List.of("orders:read")));
        String id = (String) created.get("id");

        var records = TopicReader.await(
                Topics.CREDENTIALS.name(),
                r -> id.equals(r.key())
                        && "io.watchword.credential.expired.v1".equals(TopicReader.header(r, CloudEventHeaders.TYPE)),
                1,
                Duration.ofSeconds(30));
        assertThat(records).hasSize(1);
        CredentialExpired event = EventSerde.deserialize(records.get(0).value(), CredentialExpired.class);
        assertThat(event.credentialId()).isEqualTo(id);
        assertThat(event.tenantId()).isEqualTo(tenant.id());

        assertThat(lookup.findByPresentedKey((String) created.get("key"))
                        .orElseThrow()
                        .usableAt(Instant.now()))
                .isFalse();
        given().auth()
                .oauth2(tenant.adminKey())
                .queryParam("status", "EXPIRED")
                .get("/v1/keys")
                .then()
                .body("items.id", equalTo(List.of(id)));
    }

    @Test
    void rotatingAnExpiredKeyIsAConflict() throws InterruptedException {
        var tenant = newTenant("orders");
        String id =
                (String) newKey(tenant.adminKey(), Map.of("name", "n", "ttl", "PT1S", "scopes", List.of("orders:read")))
                        .get("id");
        Thread.sleep(1500);
        given().auth()
                .oauth2(tenant.adminKey())
                .contentType(ContentType.JSON)
                .body(Map.of())
                .post("/v1/keys/" + id + "/rotate")
                .then()
                .statusCode(409)
                .body("type", equalTo("https://watchword.io/problems/key-expired"));
    }
}
