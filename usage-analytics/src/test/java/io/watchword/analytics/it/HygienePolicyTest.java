package io.watchword.analytics.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.watchword.analytics.console.RevocationServiceForConsole;
import io.watchword.analytics.hygiene.HygieneRunner;
import io.watchword.core.credential.CredentialIds;
import io.watchword.events.Topics;
import io.watchword.events.kafka.EventRecords;
import io.watchword.events.v1.CredentialState;
import io.watchword.events.v1.CredentialStateChanged;
import io.watchword.events.v1.CredentialType;
import io.watchword.testsupport.kafka.TopicRecord;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The per-tenant stale-key policy and the expiry announcements (decisions 0218-0221), on the real
 * broker, PostgreSQL, issuer and revocation-service. The runner is driven with a later clock (the
 * keys are real and new): everything else — usage, revocation, outbox, topics — is as in production.
 */
@QuarkusTest
@QuarkusTestResource(value = AnalyticsTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = RevocationServiceForConsole.class, restrictToAnnotatedClass = false)
class HygienePolicyTest {

    @Inject
    HygieneRunner runner;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void staleKeyIsWarnedThenRevokedAfterTheGracePeriodUnlessUsedAgain() throws Exception {
        String revocation =
                RevocationServiceForConsole.ensureRunning(Fixtures.issuer(), AnalyticsTestResource.PLATFORM_KEY);
        Fixtures.Tenant tenant = Fixtures.newTenant();
        Fixtures.Key idle = Fixtures.newApiKey(tenant, List.of("orders:read"), "P90D");
        Fixtures.Key revived = Fixtures.newApiKey(tenant, List.of("orders:read"), "P90D");
        for (Fixtures.Key k : List.of(idle, revived)) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth()
                    .oauth2(tenant.adminKey())
                    .get("/v1/keys/{id}", k.id())
                    .then()
                    .statusCode(200));
        }

        // Default: off. An auditor-only key cannot change it; the tenant's admin (operator) can.
        given().auth()
                .oauth2(tenant.adminKey())
                .get("/v1/hygiene/policy")
                .then()
                .statusCode(200)
                .body("mode", equalTo("OFF"))
                .body("isDefault", equalTo(true))
                .body("expiryNotices", equalTo(List.of("P7D", "P1D")));
        String auditor = Fixtures.adminKey(tenant, List.of("audit:read", "policies:read"));
        given().auth()
                .oauth2(auditor)
                .contentType(ContentType.JSON)
                .body(Map.of("mode", "REVOKE"))
                .put("/v1/hygiene/policy")
                .then()
                .statusCode(403);
        given().auth()
                .oauth2(tenant.adminKey())
                .contentType(ContentType.JSON)
                .body(Map.of("mode", "REVOKE", "unusedFor", "P30D", "gracePeriod", "P7D"))
                .put("/v1/hygiene/policy")
                .then()
                .statusCode(200)
                .body("mode", equalTo("REVOKE"))
                .body("isDefault", equalTo(false));

        // Preview (dry run) of a later policy changes nothing; today nothing is stale yet.
        given().auth()
                .oauth2(tenant.adminKey())
                .get("/v1/hygiene/preview")
                .then()
                .statusCode(200)
                .body("warn.size()", equalTo(0));

        // PostgreSQL keeps microseconds.
        Instant warnedAt = Instant.now().truncatedTo(ChronoUnit.MICROS).plus(Duration.ofDays(31));
        runner.runOnce(warnedAt);
        runner.runOnce(warnedAt); // a second run (a restart, another replica) warns nobody twice
        JsonPath pending = given().auth()
                .oauth2(tenant.adminKey())
                .queryParam("state", "PENDING")
                .get("/v1/hygiene/notices")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(pending.getList("items.credentialId")).containsExactlyInAnyOrder(idle.id(), revived.id());
        assertThat(pending.getList("items.revokeAt", String.class))
                .allSatisfy(at -> assertThat(Instant.parse(at)).isEqualTo(warnedAt.plus(Duration.ofDays(7))));

        // One key is used during the grace period.
        Fixtures.publish(Fixtures.usage(tenant.id(), revived.id(), Instant.now(), "GET", "/orders", 200, "10.9.0.1"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth()
                .oauth2(tenant.adminKey())
                .get("/v1/keys/{id}", revived.id())
                .then()
                .body("lastUse.usedAt", notNullValue()));

        // The runner holds a lock: while another replica runs, this one skips.
        try (Connection other = dataSource.getConnection();
                PreparedStatement lock = other.prepareStatement("SELECT pg_advisory_lock(?)");
                PreparedStatement unlock = other.prepareStatement("SELECT pg_advisory_unlock(?)")) {
            lock.setLong(1, 0x7777_6879_6769_656EL);
            lock.execute();
            try {
                assertThat(runner.runOnce(warnedAt.plus(Duration.ofDays(8))).ran())
                        .isFalse();
            } finally {
                // A session lock outlives the pooled connection's close: release it.
                unlock.setLong(1, 0x7777_6879_6769_656EL);
                unlock.execute();
            }
        }

        HygieneRunner.Report after = runner.runOnce(warnedAt.plus(Duration.ofDays(8)));
        assertThat(after.ran()).isTrue();
        // A revocation call that timed out (a loaded machine) stays pending for the next scheduled
        // run, as in production; a repeat revocation is answered with the existing one, so a retry
        // after a call that did reach the service still ends REVOKED with that revocation's id.
        for (int run = 1; run < 4 && after.revocationsDeferred() > 0; run++) {
            after = runner.runOnce(warnedAt.plus(Duration.ofDays(8)).plusSeconds(run));
        }
        assertThat(after.revocationsDeferred()).isZero();
        JsonPath notices = given().auth()
                .oauth2(tenant.adminKey())
                .get("/v1/hygiene/notices")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(notices.getString("items.find { it.credentialId == '" + idle.id() + "' }.state"))
                .isEqualTo("REVOKED");
        assertThat(notices.getString("items.find { it.credentialId == '" + idle.id() + "' }.revocationId"))
                .isNotBlank();
        assertThat(notices.getString("items.find { it.credentialId == '" + revived.id() + "' }.state"))
                .isEqualTo("CANCELLED");

        // The revocation-service revoked the idle key (reason UNUSED), and only it.
        JsonPath revocations = given().baseUri(revocation)
                .auth()
                .oauth2(tenant.adminKey())
                .get("/v1/revocations")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(revocations.getList("items.credentialId"))
                .contains(idle.id())
                .doesNotContain(revived.id());
        assertThat(revocations.getString("items.find { it.credentialId == '" + idle.id() + "' }.reason"))
                .isEqualTo("UNUSED");

        // Published: warnings, the cancellation, the revocation; audited: the policy and each step.
        List<String> kinds = kinds(idle.id(), 2);
        assertThat(kinds).containsExactly("STALE_WARNING", "STALE_REVOKED");
        assertThat(kinds(revived.id(), 2)).containsExactly("STALE_WARNING", "STALE_CANCELLED");
        List<TopicRecord> audits = Fixtures.kafka()
                .awaitRecords(
                        Topics.AUDIT.name(),
                        rs -> rs.stream()
                                        .filter(r -> r.valueAsString().contains(tenant.id())
                                                && r.valueAsString().contains("hygiene."))
                                        .count()
                                >= 5,
                        Duration.ofSeconds(20));
        assertThat(audits.stream()
                        .filter(r -> r.valueAsString().contains(tenant.id()))
                        .map(r -> JsonPath.from(r.valueAsString()).getString("action"))
                        .filter(a -> a.startsWith("hygiene.")))
                .containsExactlyInAnyOrder(
                        "hygiene.policy.update",
                        "hygiene.stale-warning",
                        "hygiene.stale-warning",
                        "hygiene.stale-cancelled",
                        "hygiene.stale-revoke");
    }

    @Test
    void keysAboutToExpireAreAnnouncedOncePerThresholdWithPerTenantThresholds() {
        Fixtures.Tenant defaults = Fixtures.newTenant();
        Fixtures.Tenant custom = Fixtures.newTenant();
        given().auth()
                .oauth2(custom.adminKey())
                .contentType(ContentType.JSON)
                .body(Map.of("expiryNotices", List.of("P3D")))
                .put("/v1/hygiene/policy")
                .then()
                .statusCode(200)
                .body("mode", equalTo("OFF"))
                .body("expiryNotices", equalTo(List.of("P3D")));
        Instant now = Instant.now();
        Instant expiresAt = now.plus(Duration.ofDays(10));
        String x = expiringKey(defaults.id(), expiresAt);
        String y = expiringKey(custom.id(), expiresAt);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth()
                .oauth2(custom.adminKey())
                .get("/v1/keys/{id}", y)
                .then()
                .statusCode(200));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth()
                .oauth2(defaults.adminKey())
                .get("/v1/keys/{id}", x)
                .then()
                .statusCode(200));

        runner.runOnce(now.plus(Duration.ofDays(4))); // 6 days left: x (P7D) yes, y (P3D) not yet
        runner.runOnce(now.plus(Duration.ofDays(4)).plusSeconds(60)); // nothing new
        runner.runOnce(now.plus(Duration.ofDays(9)).plus(Duration.ofHours(12))); // 12 h left
        runner.runOnce(now.plus(Duration.ofDays(9)).plus(Duration.ofHours(13))); // nothing new

        assertThat(thresholds(x, 2)).containsExactly("P7D", "P1D");
        assertThat(thresholds(y, 1)).containsExactly("P3D");
    }

    /** The kinds of hygiene notices published about a key, once at least {@code count} arrived. */
    private static List<String> kinds(String credentialId, int count) {
        return hygiene(credentialId, count).stream()
                .map(r -> JsonPath.from(r.valueAsString()).getString("kind"))
                .toList();
    }

    private static List<String> thresholds(String credentialId, int count) {
        List<TopicRecord> records = hygiene(credentialId, count);
        assertThat(records)
                .allSatisfy(r -> assertThat(JsonPath.from(r.valueAsString()).getString("kind"))
                        .isEqualTo("EXPIRY_APPROACHING"));
        return records.stream()
                .map(r -> JsonPath.from(r.valueAsString()).getString("threshold"))
                .toList();
    }

    private static List<TopicRecord> hygiene(String credentialId, int count) {
        List<TopicRecord> all = Fixtures.kafka()
                .awaitRecords(
                        Topics.HYGIENE.name(),
                        rs -> rs.stream()
                                        .filter(r -> credentialId.equals(r.key()))
                                        .count()
                                >= count,
                        Duration.ofSeconds(20));
        return all.stream().filter(r -> credentialId.equals(r.key())).toList();
    }

    /** A key of {@code tenant} expiring at {@code expiresAt}, as the issuer's state topic says. */
    private static String expiringKey(String tenant, Instant expiresAt) {
        String id = CredentialIds.newApiKeyId();
        Fixtures.kafka()
                .send(EventRecords.toProducerRecord(
                        new CredentialStateChanged(
                                UUID.randomUUID(),
                                Instant.now(),
                                tenant,
                                id,
                                CredentialType.API_KEY,
                                "live",
                                "ww_live_ExPi1234",
                                "expiring key",
                                List.of("orders:read"),
                                List.of(),
                                expiresAt,
                                CredentialState.ACTIVE,
                                null,
                                null,
                                null),
                        "/watchword/issuer-service"));
        return id;
    }
}
