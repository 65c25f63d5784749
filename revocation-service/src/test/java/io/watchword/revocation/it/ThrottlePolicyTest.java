package io.watchword.revocation.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.watchword.client.WatchwordClient;
import io.watchword.client.verify.Refusal;
import io.watchword.client.verify.VerificationResult;
import io.watchword.events.Topics;
import io.watchword.events.v1.AnomalyDetected;
import io.watchword.events.v1.RefusalReason;
import io.watchword.events.v1.ResponseAction;
import io.watchword.events.v1.ResponseDecided;
import io.watchword.events.v1.Severity;
import io.watchword.revocation.it.IssuerAdmin.TestKey;
import io.watchword.revocation.it.IssuerAdmin.TestTenant;
import io.watchword.testsupport.quarkus.WatchwordTestResource;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * THROTTLE as a response-policy action (issue 11 §2, decisions 0176, 0212), on the real broker,
 * PostgreSQL, issuer and a real verifier (the client library, in this JVM): an alert cuts the
 * key's limit through the issuer, the verifier refuses over it with 429 and the throttle policy
 * headers, an admin lifts it here and the verifier admits again; a short throttle ends on its own.
 */
@QuarkusTest
@QuarkusTestResource(
        value = WatchwordTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "revocation"))
@QuarkusTestResource(IssuerTestResource.class)
class ThrottlePolicyTest {

    private static WatchwordClient verifier;

    @Inject
    AgroalDataSource dataSource;

    @BeforeAll
    static void startVerifier() throws InterruptedException {
        verifier = WatchwordClient.builder()
                .issuerUrl(ConfigProvider.getConfig().getValue("watchword.test.issuer.url", String.class))
                .kafkaBootstrapServers(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class))
                .introspectionCredential(IssuerTestResource.PLATFORM_KEY)
                .serviceName("throttle-test")
                .usageEnabled(false)
                // Not a fleet member: the receipt tests of this application count the live fleet.
                .fleetEnabled(false)
                .build();
        assertThat(verifier.start(Duration.ofSeconds(30))).isTrue();
    }

    @AfterAll
    static void stopVerifier() {
        verifier.close();
    }

    @Test
    void anAlertThrottlesTheKeyTheVerifierRefusesOverTheCutLimitAndALiftRestoresIt() {
        TestTenant tenant = IssuerAdmin.newTenant();
        TestKey key = IssuerAdmin.newApiKey(tenant);
        KnownCredentials.awaitKnown(dataSource, key.id());
        putPolicy(tenant, Map.of("rateLimit", 2, "ttl", "PT1H"));
        until(key, VerificationResult::isAccepted);

        AnomalyDetected alert = Alerts.alert(tenant.id(), key.id(), Severity.HIGH, "rate-spike");
        EventProbe.publish(alert);

        // The issuer holds the throttle, names the alert, and shows it on the key (KeyView).
        JsonPath throttled = awaitIssuerKey(tenant, key, k -> k.get("throttle") != null);
        assertThat(throttled.getInt("throttle.rateLimit")).isEqualTo(2);
        assertThat(throttled.getString("throttle.per")).isEqualTo("minute");
        assertThat(throttled.getString("throttle.reason")).isEqualTo("alert:" + alert.eventId());
        assertThat(throttled.getString("throttle.until")).isNotNull();
        assertThat(throttled.getString("status")).isEqualTo("ACTIVE");

        // The verifier learns it from the credential state and refuses over 2 per minute.
        VerificationResult refused = until(key, r -> r.refusal() == Refusal.THROTTLED);
        assertThat(refused.refusal().httpStatus()).isEqualTo(429);
        assertThat(refused.refusal().usageReason()).isEqualTo(RefusalReason.THROTTLED);
        assertThat(refused.limit().policyHeader()).isEqualTo("\"throttle\";q=2;w=60");
        assertThat(refused.limit().rateLimitHeader()).matches("\"throttle\";r=0;t=\\d+");
        assertThat(refused.limit().retryAfterSeconds()).isPositive();
        assertThat(refused.principal().credentialId()).isEqualTo(key.id());

        // Another tenant cannot lift it, nor learn the key exists; nobody unauthenticated can.
        TestTenant other = IssuerAdmin.newTenant();
        lift(other.adminKey(), key.id()).then().statusCode(404).contentType("application/problem+json");
        given().post("/v1/throttles/" + key.id() + "/lift").then().statusCode(401);

        JsonPath lifted = lift(tenant.adminKey(), key.id())
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(lifted.getString("reason")).isEqualTo("alert:" + alert.eventId());
        assertThat(lifted.getInt("rateLimit")).isEqualTo(2);
        lift(tenant.adminKey(), key.id()).then().statusCode(409).contentType("application/problem+json");
        assertThat(awaitIssuerKey(tenant, key, k -> k.get("throttle") == null).getString("status"))
                .isEqualTo("ACTIVE");

        VerificationResult again = until(key, VerificationResult::isAccepted);
        assertThat(again.limit()).as("no limit left on the key").isNull();
        for (int i = 0; i < 5; i++) {
            assertThat(verifier.verifyAuthorization("Bearer " + key.key()).isAccepted())
                    .as("normal limit again, request " + i)
                    .isTrue();
        }
    }

    @Test
    void aThrottleEndsOnItsOwnAtItsTtlWithNoFurtherEvent() {
        TestTenant tenant = IssuerAdmin.newTenant();
        TestKey key = IssuerAdmin.newApiKey(tenant);
        KnownCredentials.awaitKnown(dataSource, key.id());
        putPolicy(tenant, Map.of("rateLimit", 1, "ttl", "PT6S"));

        EventProbe.publish(Alerts.alert(tenant.id(), key.id(), Severity.CRITICAL, "geo-velocity"));

        VerificationResult refused = until(key, r -> r.refusal() == Refusal.THROTTLED);
        assertThat(refused.limit().policyHeader()).isEqualTo("\"throttle\";q=1;w=60");
        // The verifier ends it on its own clock at throttleUntil; the issuer no longer shows it.
        await().atMost(Duration.ofSeconds(20))
                .until(() -> verifier.verifyAuthorization("Bearer " + key.key()).isAccepted());
        assertThat(awaitIssuerKey(tenant, key, k -> k.get("throttle") == null).getString("id"))
                .isEqualTo(key.id());
    }

    @Test
    void aThrottleRuleIsValidatedAndAnAllowlistedKeyIsOnlyNotified() {
        TestTenant tenant = IssuerAdmin.newTenant();
        given().auth()
                .oauth2(tenant.adminKey())
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "rules",
                        List.of(
                                Map.of(
                                        "name",
                                        "bad",
                                        "action",
                                        "THROTTLE",
                                        "throttle",
                                        Map.of("rateLimit", -3, "ttl", "P30D")),
                                Map.of("name", "notify", "action", "NOTIFY", "throttle", Map.of("ttl", "PT1H")))))
                .put("/v1/policy")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");

        TestKey key = IssuerAdmin.newApiKey(tenant);
        KnownCredentials.awaitKnown(dataSource, key.id());
        given().auth()
                .oauth2(tenant.adminKey())
                .contentType(ContentType.JSON)
                .body(Map.of("defaultAction", "THROTTLE", "rules", List.of(), "allowlist", List.of(key.id())))
                .put("/v1/policy")
                .then()
                .statusCode(200);
        EventProbe.publish(Alerts.alert(tenant.id(), key.id(), Severity.CRITICAL, "geo-velocity"));
        ResponseDecided decided = EventProbe.value(
                EventProbe.awaitCount(Topics.DECISIONS.name(), key.id(), 1).get(0), ResponseDecided.class);
        assertThat(decided.action()).isEqualTo(ResponseAction.NOTIFY);
        assertThat(decided.policyRule()).isEqualTo("allowlist");
        JsonPath shown = issuerKey(tenant, key);
        assertThat(shown.getString("throttle")).isNull();
    }

    private static void putPolicy(TestTenant tenant, Map<String, Object> throttle) {
        given().auth()
                .oauth2(tenant.adminKey())
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "rules",
                        List.of(Map.of(
                                "name",
                                "throttle-high",
                                "minSeverity",
                                "HIGH",
                                "action",
                                "THROTTLE",
                                "throttle",
                                throttle))))
                .put("/v1/policy")
                .then()
                .statusCode(200);
    }

    private static io.restassured.response.Response lift(String adminKey, String keyId) {
        return given().auth().oauth2(adminKey).post("/v1/throttles/" + keyId + "/lift");
    }

    private static JsonPath issuerKey(TestTenant tenant, TestKey key) {
        return given().baseUri(IssuerAdmin.url())
                .auth()
                .oauth2(tenant.adminKey())
                .get("/v1/keys/" + key.id())
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    private static JsonPath awaitIssuerKey(TestTenant tenant, TestKey key, Predicate<JsonPath> done) {
        JsonPath[] last = new JsonPath[1];
        await().atMost(Duration.ofSeconds(30)).until(() -> done.test(last[0] = issuerKey(tenant, key)));
        return last[0];
    }

    private static VerificationResult until(TestKey key, Predicate<VerificationResult> done) {
        VerificationResult[] last = new VerificationResult[1];
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> done.test(last[0] = verifier.verifyAuthorization("Bearer " + key.key())));
        return last[0];
    }
}
