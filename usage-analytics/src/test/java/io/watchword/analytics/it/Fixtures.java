package io.watchword.analytics.it;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.watchword.events.kafka.EventRecords;
import io.watchword.events.v1.ApiUsageRecorded;
import io.watchword.events.v1.UsageOutcome;
import io.watchword.testsupport.Infrastructure;
import io.watchword.testsupport.kafka.KafkaTestClient;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;

/** Tenants, keys and usage events for the tests, made through the real issuer and broker. */
final class Fixtures {

    /** The source the client library's usage publisher writes in ce_source. */
    static final String VERIFIER = "/watchword/example-service";

    private static KafkaTestClient kafka;

    private Fixtures() {}

    record Tenant(String id, String adminKey) {}

    record Key(String id, String secret) {}

    static String issuer() {
        return ConfigProvider.getConfig().getValue("watchword.test.issuer.url", String.class);
    }

    static synchronized KafkaTestClient kafka() {
        if (kafka == null) {
            kafka = new KafkaTestClient(Infrastructure.shared().kafkaBootstrapServers());
        }
        return kafka;
    }

    static Tenant newTenant() {
        String id = "t"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
        JsonPath created = given().baseUri(issuer())
                .auth()
                .oauth2(AnalyticsTestResource.PLATFORM_KEY)
                .contentType(ContentType.JSON)
                .body(Map.of("id", id, "name", "Tenant " + id, "resources", List.of("orders", "invoices")))
                .post("/v1/tenants")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
        return new Tenant(id, created.getString("adminKey.key"));
    }

    static Key newApiKey(Tenant tenant, List<String> scopes) {
        return newApiKey(tenant, scopes, "PT2H");
    }

    static Key newApiKey(Tenant tenant, List<String> scopes, String ttl) {
        JsonPath created = given().baseUri(issuer())
                .auth()
                .oauth2(tenant.adminKey())
                .contentType(ContentType.JSON)
                .body(Map.of("name", "test key", "scopes", scopes, "ttl", ttl))
                .post("/v1/keys")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
        return new Key(created.getString("id"), created.getString("key"));
    }

    /** A further admin credential of {@code tenant} holding only {@code scopes}. */
    static String adminKey(Tenant tenant, List<String> scopes) {
        return given().baseUri(issuer())
                .auth()
                .oauth2(tenant.adminKey())
                .contentType(ContentType.JSON)
                .body(Map.of("name", "limited admin", "scopes", scopes))
                .post("/v1/admin-keys")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getString("key");
    }

    static ApiUsageRecorded usage(
            String tenant, String credential, Instant at, String method, String route, int status, String ip) {
        return new ApiUsageRecorded(
                UUID.randomUUID(),
                at,
                tenant,
                credential,
                "example-service",
                method,
                route,
                status,
                1200,
                ip,
                "test/1.0",
                100,
                1000,
                UsageOutcome.ACCEPTED,
                null,
                null);
    }

    static void publish(ApiUsageRecorded event) {
        kafka().send(EventRecords.toProducerRecord(event, VERIFIER));
    }
}
