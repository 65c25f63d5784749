package io.watchword.issuer.api;

import static io.restassured.RestAssured.given;
import static io.watchword.issuer.api.IssuerTestSupport.newKey;
import static io.watchword.issuer.api.IssuerTestSupport.newTenant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.watchword.events.EventSerde;
import io.watchword.events.Topics;
import io.watchword.events.v1.CredentialStateChanged;
import io.watchword.testsupport.quarkus.WatchwordTestResource;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** A key's rate limit, quotas and throttle: set through the key API, published on credential state. */
@QuarkusTest
@QuarkusTestResource(value = WatchwordTestResource.class, initArgs = @ResourceArg(name = "database", value = "issuer"))
class KeyLimitsTest {

    private static CredentialStateChanged latestState(
            String id, java.util.function.Predicate<CredentialStateChanged> wanted) {
        List<ConsumerRecord<String, byte[]>> records = TopicReader.await(
                Topics.CREDENTIAL_STATE.name(),
                r -> id.equals(r.key())
                        && r.value() != null
                        && wanted.test(EventSerde.deserialize(r.value(), CredentialStateChanged.class)),
                1,
                Duration.ofSeconds(20));
        assertThat(records).as("a state of " + id + " as expected").isNotEmpty();
        return EventSerde.deserialize(records.get(records.size() - 1).value(), CredentialStateChanged.class);
    }

    @Test
    void limitsSetOnCreationAndChangedLaterArePublishedWithTheKeysState() {
        var tenant = newTenant("orders");
        Map<String, Object> body = new HashMap<>();
        body.put("name", "limited");
        body.put("scopes", List.of("orders:read"));
        body.put("limits", Map.of("rateLimit", 100, "per", "minute", "burst", 20, "quotaPerDay", 5000));
        String id = (String) newKey(tenant.adminKey(), body).get("id");

        CredentialStateChanged created = latestState(id, s -> s.rateLimit() != null);
        assertThat(created.rateLimit()).isEqualTo(100);
        assertThat(created.rateLimitWindowSeconds()).isEqualTo(60);
        assertThat(created.rateLimitBurst()).isEqualTo(20);
        assertThat(created.quotaPerDay()).isEqualTo(5000L);
        assertThat(created.quotaPerMonth()).isNull();

        given().auth()
                .oauth2(tenant.adminKey())
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "limits",
                        Map.of("rateLimit", 10, "per", "second"),
                        "throttle",
                        Map.of("rateLimit", 2, "ttl", "PT1H", "reason", "investigating")))
                .patch("/v1/keys/" + id)
                .then()
                .statusCode(200);
        CredentialStateChanged throttled = latestState(id, s -> s.throttleRateLimit() != null);
        assertThat(throttled.rateLimit()).isEqualTo(10);
        assertThat(throttled.rateLimitWindowSeconds()).isEqualTo(1);
        assertThat(throttled.quotaPerDay()).as("limits are replaced whole").isNull();
        assertThat(throttled.throttleRateLimit()).isEqualTo(2);
        assertThat(throttled.throttleReason()).isEqualTo("admin:investigating");

        Map<String, Object> lift = new HashMap<>();
        lift.put("throttle", null);
        given().auth()
                .oauth2(tenant.adminKey())
                .contentType(ContentType.JSON)
                .body(lift)
                .patch("/v1/keys/" + id)
                .then()
                .statusCode(200);
        CredentialStateChanged lifted = latestState(
                id,
                s -> s.throttleRateLimit() == null
                        && Integer.valueOf(10).equals(s.rateLimit())
                        && s.occurredAt().isAfter(throttled.occurredAt()));
        assertThat(lifted.throttleUntil()).isNull();
    }

    @Test
    void badLimitsAreRefusedWithEveryFieldNamedAndNothingEchoed() {
        var tenant = newTenant("orders");
        String id = (String) newKey(tenant.adminKey(), Map.of("name", "k", "scopes", List.of("orders:read")))
                .get("id");
        Map<String, Object> limits = new HashMap<>();
        limits.put("rateLimit", -1);
        limits.put("per", "fortnight<script>");
        limits.put("burst", "lots");
        limits.put("quotaPerDay", 1e30);
        limits.put("<img src=x>", 1);
        given().auth()
                .oauth2(tenant.adminKey())
                .contentType(ContentType.JSON)
                .body(Map.of("limits", limits))
                .patch("/v1/keys/" + id)
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("https://watchword.io/problems/invalid-request"))
                .body(
                        "errors.field",
                        hasItems("limits.rateLimit", "limits.per", "limits.burst", "limits.quotaPerDay", "limits"))
                .body(not(containsString("script")))
                .body(not(containsString("img")));
        given().auth()
                .oauth2(tenant.adminKey())
                .contentType(ContentType.JSON)
                .body(Map.of("throttle", Map.of("rateLimit", 1, "ttl", "P400D")))
                .patch("/v1/keys/" + id)
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("throttle.ttl"));
        given().auth()
                .oauth2(tenant.adminKey())
                .contentType(ContentType.JSON)
                .body(Map.of("limits", "100/min"))
                .patch("/v1/keys/" + id)
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("limits"));
        Map<String, Object> create = new HashMap<>();
        create.put("name", "k2");
        create.put("scopes", List.of("orders:read"));
        create.put("limits", Map.of("rateLimit", 10_000_000, "per", "second"));
        IssuerTestSupport.createKey(tenant.adminKey(), create)
                .statusCode(400)
                .body("errors[0].field", equalTo("limits.rateLimit"));
    }
}
