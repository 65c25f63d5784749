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
import io.restassured.response.Response;
import io.watchword.client.WatchwordClient;
import io.watchword.client.verify.Refusal;
import io.watchword.client.verify.VerificationResult;
import io.watchword.events.Topics;
import io.watchword.events.kafka.DeadLetters;
import io.watchword.events.v1.PartitionOffset;
import io.watchword.events.v1.VerifierStatusReported;
import io.watchword.revocation.it.IssuerAdmin.TestKey;
import io.watchword.revocation.it.IssuerAdmin.TestTenant;
import io.watchword.testsupport.quarkus.WatchwordTestResource;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Receipts (issue 11 §1, decisions 0165–0167): three real verifiers (the client library, in this
 * JVM) report to the fleet topic; a revocation asked with {@code Prefer: wait=5} returns once every
 * live verifier applied it, and they all refuse the key the moment it returns. A stale verifier is
 * shown and named in a pending receipt, a dead one drops out after the TTL (4 s here), one that
 * leaves cleanly is gone at once, and hostile fleet records and {@code Prefer} headers harm nothing.
 */
@QuarkusTest
@QuarkusTestResource(
        value = WatchwordTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "revocation"))
@QuarkusTestResource(IssuerTestResource.class)
class ReceiptTest {

    private static final List<WatchwordClient> VERIFIERS = new ArrayList<>();

    @Inject
    AgroalDataSource dataSource;

    @BeforeAll
    static void startVerifiers() throws InterruptedException {
        String issuer = ConfigProvider.getConfig().getValue("watchword.test.issuer.url", String.class);
        String kafka = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
        for (int i = 0; i < 3; i++) {
            WatchwordClient client = WatchwordClient.builder()
                    .issuerUrl(issuer)
                    .kafkaBootstrapServers(kafka)
                    .introspectionCredential(IssuerTestResource.PLATFORM_KEY)
                    .serviceName("receipt-test-" + i)
                    .usageEnabled(false)
                    .fleetReporting(Duration.ofMillis(20), Duration.ofMillis(500))
                    .build();
            VERIFIERS.add(client);
        }
        for (WatchwordClient client : VERIFIERS) {
            assertThat(client.start(Duration.ofSeconds(30))).isTrue();
        }
    }

    @AfterAll
    static void stopVerifiers() {
        VERIFIERS.forEach(WatchwordClient::close);
        VERIFIERS.clear();
    }

    @Test
    void aRevocationWaitedForReturnsOnceEveryLiveVerifierAppliedItAndNoneAcceptsTheKeyAfterwards() {
        TestTenant tenant = IssuerAdmin.newTenant();
        TestKey key = IssuerAdmin.newApiKey(tenant);
        KnownCredentials.awaitKnown(dataSource, key.id());
        List<WatchwordClient> verifiers = List.copyOf(VERIFIERS);
        for (WatchwordClient verifier : verifiers) {
            assertThat(verifier.verifyAuthorization("Bearer " + key.key()).isAccepted())
                    .isTrue();
        }
        awaitLive(verifiers.stream().map(WatchwordClient::instanceId).toList());

        Response answer = revoke(tenant, key.id(), "wait=5");

        assertThat(answer.statusCode()).isEqualTo(201);
        assertThat(answer.header("Preference-Applied")).isEqualTo("wait=5");
        JsonPath receipt = answer.jsonPath().setRootPath("receipt");
        assertThat(receipt.getString("state")).isEqualTo("APPLIED_BY_ALL");
        assertThat(receipt.getInt("liveVerifiers")).isGreaterThanOrEqualTo(verifiers.size());
        assertThat(receipt.getInt("applied")).isEqualTo(receipt.getInt("liveVerifiers"));
        assertThat(receipt.getList("pending")).isEmpty();
        assertThat(receipt.getLong("slowestMillis")).isBetween(0L, 5_000L);
        for (WatchwordClient verifier : verifiers) {
            VerificationResult after = verifier.verifyAuthorization("Bearer " + key.key());
            assertThat(after.isAccepted()).as(verifier.instanceId()).isFalse();
            assertThat(after.refusal()).isEqualTo(Refusal.REVOKED);
        }

        JsonPath stored = given().auth()
                .oauth2(tenant.adminKey())
                .get("/v1/revocations/" + answer.jsonPath().getString("id"))
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(stored.getString("receipt.state")).isEqualTo("APPLIED_BY_ALL");
        assertThat(stored.getString("receipt.appliedByAllAt")).isNotNull();
        assertThat(stored.getString("status")).isEqualTo("REVOKED");
    }

    @Test
    void aStaleVerifierIsShownAndNamedInAPendingReceiptUntilItIsDroppedAfterTheTtl() {
        TestTenant tenant = IssuerAdmin.newTenant();
        TestKey key = IssuerAdmin.newApiKey(tenant);
        KnownCredentials.awaitKnown(dataSource, key.id());
        // A verifier whose feed is stale: it keeps reporting (so it is live) but applies nothing.
        String ghost = "ghost-" + UUID.randomUUID();
        Instant staleSince = Instant.now().minusSeconds(40);
        ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor();
        heartbeat.scheduleAtFixedRate(
                () -> EventProbe.publish(status(ghost, true, staleSince, List.of())), 0, 500, TimeUnit.MILLISECONDS);
        Response answer;
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> verifier(platformFleet(), ghost) != null);
            Map<String, Object> shown = verifier(platformFleet(), ghost);
            assertThat(shown.get("live")).isEqualTo(true);
            assertThat(shown.get("stale")).isEqualTo(true);
            assertThat(shown.get("staleSince")).isNotNull();

            answer = revoke(tenant, key.id(), "wait=1");
        } finally {
            heartbeat.shutdownNow();
        }

        assertThat(answer.statusCode()).isEqualTo(202);
        assertThat(answer.header("Preference-Applied")).isEqualTo("wait=1");
        assertThat(answer.header("Location")).contains("/v1/revocations/rev_");
        assertThat(answer.jsonPath().getString("receipt.state")).isEqualTo("PENDING");
        List<Map<String, Object>> pending = answer.jsonPath().getList("receipt.pending");
        assertThat(pending).extracting(p -> p.get("instanceId")).contains(ghost);
        Map<String, Object> named = pending.stream()
                .filter(p -> ghost.equals(p.get("instanceId")))
                .findFirst()
                .orElseThrow();
        assertThat(named.get("stale")).isEqualTo(true);
        assertThat(named.get("pendingSince")).isNotNull();

        // Not heard from again: after the TTL it is no longer live, and the receipt is complete.
        String id = answer.jsonPath().getString("id");
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            assertThat(verifier(platformFleet(), ghost).get("live")).isEqualTo(false);
            assertThat(given().auth()
                            .oauth2(tenant.adminKey())
                            .get("/v1/revocations/" + id)
                            .then()
                            .statusCode(200)
                            .extract()
                            .path("receipt.state")
                            .toString())
                    .isEqualTo("APPLIED_BY_ALL");
        });
    }

    @Test
    void aVerifierThatStopsReportingIsLostNoLongerAwaitedAndDroppedAndTombstonedAfterTheRetention() {
        TestTenant tenant = IssuerAdmin.newTenant();
        TestKey key = IssuerAdmin.newApiKey(tenant);
        KnownCredentials.awaitKnown(dataSource, key.id());
        // A verifier that reports (fresh, nothing applied) and then dies without a word: kill -9.
        String crashed = "crashed-" + UUID.randomUUID();
        ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor();
        heartbeat.scheduleAtFixedRate(
                () -> EventProbe.publish(status(crashed, false, null, List.of())), 0, 500, TimeUnit.MILLISECONDS);
        try {
            awaitLive(List.of(crashed));
            assertThat(verifier(platformFleet(), crashed).get("state")).isEqualTo("LIVE");
        } finally {
            heartbeat.shutdownNow();
        }

        // After the TTL (4 s here) it is shown LOST, counted as lost, and no longer live.
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            JsonPath fleet = platformFleet();
            Map<String, Object> shown = verifier(fleet, crashed);
            assertThat(shown).isNotNull();
            assertThat(shown.get("state")).isEqualTo("LOST");
            assertThat(shown.get("live")).isEqualTo(false);
            assertThat(fleet.getInt("lost")).isGreaterThanOrEqualTo(1);
        });
        // A revocation waited for does not wait for it.
        Response answer = revoke(tenant, key.id(), "wait=5");
        assertThat(answer.statusCode()).isEqualTo(201);
        List<Map<String, Object>> pending = answer.jsonPath().getList("receipt.pending");
        assertThat(pending).extracting(p -> p.get("instanceId")).doesNotContain(crashed);

        // After show-dead-for (15 s here) it is dropped from the view and its key tombstoned.
        await().atMost(Duration.ofSeconds(40)).until(() -> verifier(platformFleet(), crashed) == null);
        var records = EventProbe.await(
                Topics.VERIFIER_FLEET.name(),
                crashed,
                r -> r.stream().anyMatch(c -> c.value() == null),
                Duration.ofSeconds(20));
        assertThat(records).anyMatch(c -> c.value() == null);
    }

    @Test
    void aVerifierThatLeavesCleanlyIsGoneFromTheFleetAtOnce() throws InterruptedException {
        String issuer = ConfigProvider.getConfig().getValue("watchword.test.issuer.url", String.class);
        String kafka = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
        WatchwordClient leaving = WatchwordClient.builder()
                .issuerUrl(issuer)
                .kafkaBootstrapServers(kafka)
                .serviceName("receipt-test-leaving")
                .usageEnabled(false)
                .fleetReporting(Duration.ofMillis(20), Duration.ofMillis(500))
                .build();
        assertThat(leaving.start(Duration.ofSeconds(30))).isTrue();
        String id = leaving.instanceId();
        awaitLive(List.of(id));

        leaving.close();

        await().atMost(Duration.ofSeconds(5)).until(() -> verifier(platformFleet(), id) == null);
    }

    @Test
    void aTenantAdminSeesTheFleetWithoutWhereItRunsAndAnUnauthenticatedCallerSeesNothing() {
        awaitLive(VERIFIERS.stream().map(WatchwordClient::instanceId).toList());
        TestTenant tenant = IssuerAdmin.newTenant();
        String id = VERIFIERS.get(0).instanceId();

        Map<String, Object> asTenant = verifier(fleet(tenant.adminKey()), id);
        Map<String, Object> asPlatform = verifier(platformFleet(), id);

        assertThat(asTenant.get("service")).isEqualTo("receipt-test-0");
        assertThat(asTenant.get("host")).isNull();
        assertThat(asTenant.get("startedAt")).isNull();
        assertThat(asPlatform.get("startedAt")).isNotNull();
        given().get("/v1/verifiers").then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2("ww_admin_not-a-key").get("/v1/verifiers").then().statusCode(401);
    }

    @Test
    void hostileFleetRecordsAreDeadLetteredWithTheirReasonAndTheFleetKeepsGoing() {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String fleet = Topics.VERIFIER_FLEET.name();
        EventProbe.publishRaw(fleet, "not-json-" + tag, "{\"instanceId\":".getBytes(StandardCharsets.UTF_8));
        EventProbe.publishRaw(fleet, "bytes-" + tag, new byte[] {(byte) 0xff, 0, 1, 2});
        EventProbe.publishWithKey(status("other-" + tag, false, null, List.of()), "mismatch-" + tag);
        EventProbe.publish(status("negative-" + tag, false, null, List.of(new PartitionOffset(0, -5))));
        EventProbe.publish(new VerifierStatusReported(
                UUID.randomUUID(),
                Instant.now(),
                "system",
                "long-" + tag,
                "x".repeat(5_000),
                null,
                null,
                List.of(),
                List.of(),
                false,
                null,
                30_000,
                false));
        String valid = "valid-after-" + tag;
        EventProbe.publish(status(valid, false, null, List.of()));

        for (String key : List.of("not-json-", "bytes-", "mismatch-", "negative-", "long-")) {
            var dead = EventProbe.awaitCount(Topics.DEAD_LETTERS.name(), key + tag, 1);
            assertThat(dead).hasSize(1);
            assertThat(EventProbe.header(dead.get(0), DeadLetters.ORIGINAL_TOPIC))
                    .isEqualTo(fleet);
            assertThat(EventProbe.header(dead.get(0), DeadLetters.CONSUMER)).isEqualTo("revocation-service");
            assertThat(EventProbe.header(dead.get(0), DeadLetters.REASON)).isNotBlank();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> verifier(platformFleet(), valid) != null);
        assertThat(verifier(platformFleet(), "mismatch-" + tag)).isNull();
        assertThat(verifier(platformFleet(), "other-" + tag)).isNull();
    }

    @Test
    void generatedPreferHeadersNeverFailARevocationAndOnlyAWaitIsHonoured() {
        TestTenant tenant = IssuerAdmin.newTenant();
        Random random = new Random(11_165);
        String alphabet = "wait=;, \t\"0123456789-+.eE/abcXYZ%\u00e9";
        for (int i = 0; i < 8; i++) {
            TestKey key = IssuerAdmin.newApiKey(tenant);
            KnownCredentials.awaitKnown(dataSource, key.id());
            StringBuilder prefer = new StringBuilder(i % 3 == 0 ? "wait=" : "");
            int length = 1 + random.nextInt(i == 7 ? 3_000 : 24);
            for (int c = 0; c < length; c++) {
                prefer.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String header = prefer.toString();
            Response answer = revoke(tenant, key.id(), header);
            assertThat(answer.statusCode()).as(header).isIn(201, 202);
            String applied = answer.header("Preference-Applied");
            if (applied != null) {
                assertThat(applied).as(header).matches("wait=[0-9]+");
                assertThat(Long.parseLong(applied.substring(5))).isLessThanOrEqualTo(30);
            }
            assertThat(answer.asString()).doesNotContain(header.length() > 6 ? header : "\u0000");
        }
        // A wait far beyond the bound is cut to watchword.revocation.fleet.max-wait (PT30S).
        TestKey key = IssuerAdmin.newApiKey(tenant);
        KnownCredentials.awaitKnown(dataSource, key.id());
        Response answer = revoke(tenant, key.id(), "respond-async, wait=99999999999999999999; x=1");
        assertThat(answer.header("Preference-Applied")).isEqualTo("wait=30");
    }

    private static VerifierStatusReported status(
            String instanceId, boolean stale, Instant staleSince, List<PartitionOffset> revocations) {
        return new VerifierStatusReported(
                UUID.randomUUID(),
                Instant.now(),
                "system",
                instanceId,
                "test-ghost",
                "ghost-host",
                Instant.now().minusSeconds(600),
                revocations,
                List.of(),
                stale,
                staleSince,
                30_000,
                false);
    }

    private static Response revoke(TestTenant tenant, String keyId, String prefer) {
        return given().auth()
                .oauth2(tenant.adminKey())
                .contentType(ContentType.JSON)
                .header("Prefer", prefer)
                .body(Map.of("credentialId", keyId, "reason", "COMPROMISED"))
                .post("/v1/revocations");
    }

    private static void awaitLive(List<String> instanceIds) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonPath fleet = platformFleet();
            for (String id : instanceIds) {
                Map<String, Object> v = verifier(fleet, id);
                assertThat(v).as(id + " in " + fleet.prettify()).isNotNull();
                assertThat(v.get("live")).as(id).isEqualTo(true);
            }
        });
    }

    private static JsonPath platformFleet() {
        return fleet(IssuerTestResource.PLATFORM_KEY);
    }

    private static JsonPath fleet(String adminKey) {
        return given().auth()
                .oauth2(adminKey)
                .get("/v1/verifiers")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    private static Map<String, Object> verifier(JsonPath fleet, String instanceId) {
        List<Map<String, Object>> all = fleet.getList("verifiers");
        return all.stream()
                .filter(v -> instanceId.equals(v.get("instanceId")))
                .findFirst()
                .orElse(null);
    }
}
