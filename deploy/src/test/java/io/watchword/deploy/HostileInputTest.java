package io.watchword.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.watchword.deploy.WatchwordApi.Answer;
import io.watchword.deploy.hostile.AttackContext;
import io.watchword.deploy.hostile.Endpoint;
import io.watchword.deploy.hostile.FailureClass;
import io.watchword.deploy.hostile.HostileRequest;
import io.watchword.deploy.hostile.HostileRequestGenerator;
import io.watchword.deploy.hostile.HttpAttackReport;
import io.watchword.deploy.hostile.KafkaAttack;
import io.watchword.deploy.hostile.MalformedRecord;
import io.watchword.deploy.hostile.MalformedRecordGenerator;
import io.watchword.deploy.hostile.MalformedRecordGenerator.ConsumedTopic;
import io.watchword.deploy.hostile.RawHttp;
import io.watchword.deploy.hostile.ResponseOracle;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The bad-input suite of issue 6 §5, against the whole stack started from the packaged services:
 * thousands of generated hostile HTTP requests over every endpoint and hundreds of malformed
 * records on every consumed topic, then health and the happy path. One stack for all of it.
 *
 * <p>Run alone: {@code mvn -pl deploy verify -Dtest=HostileInputTest}; replay a run with {@code
 * -Dwatchword.hostile.seed=<seed from the report>}. Reports: {@code deploy/target/hostile/}. See
 * docs/reliability.md.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileInputTest {

    /** Issue 6 §5: at least this many hostile requests, and malformed records per consumed topic. */
    static final int REQUIRED_REQUESTS = 5_000;

    static final int REQUIRED_RECORDS_PER_TOPIC = 200;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path REPORTS = Path.of("target", "hostile");

    private final int requests = Integer.getInteger("watchword.hostile.http.requests", REQUIRED_REQUESTS);
    private final int recordsPerTopic =
            Integer.getInteger("watchword.hostile.records-per-topic", REQUIRED_RECORDS_PER_TOPIC);
    private final int threads = Integer.getInteger("watchword.hostile.http.threads", 4);
    private final long seed = Long.getLong("watchword.hostile.seed", new SecureRandom().nextLong());

    private LocalStack stack;
    private WatchwordApi api;
    private AttackContext attack;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    // The untouched tenant whose credentials prove valid records still apply and the happy path.
    private String happyTenant;
    private String happyAdmin;
    private final List<String[]> happyRevocationKeys = new ArrayList<>();
    private final List<String[]> happyStateKeys = new ArrayList<>();
    private String[] happyAlertKey;
    private String[] happyFinalKey;

    private String revokedKeyId;
    /** Whether revocation records are keyed {@code <tenant>/<credential id>} (BRIEF contract 3). */
    private boolean tenantQualifiedRevocationKeys;

    private HttpAttackReport httpReport;
    private final Map<String, int[]> kafkaCounts = new TreeMap<>();
    private final List<String> kafkaFailures = new ArrayList<>();
    private boolean healthyAfterwards;

    @BeforeAll
    void startStackAndPrepareCredentials() throws Exception {
        System.out.println("Bad-input suite seed " + seed + " (replay: -Dwatchword.hostile.seed=" + seed + ")");
        stack = LocalStack.start(
                LocalStack.home(),
                LocalStack.Service.ISSUER,
                LocalStack.Service.REVOCATION,
                LocalStack.Service.EXAMPLE);
        api = stack.api();
        URI issuer = stack.issuerUrl();

        JsonNode acme = tenant("acme-hostile");
        String tenantId = acme.path("tenant").path("id").asText();
        String admin = acme.path("adminKey").path("key").asText();
        String[] main = key(admin, "main", List.of("orders:read", "orders:write"));
        List<String> pool = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            pool.add(key(admin, "pool-" + i, List.of("orders:read"))[0]);
        }
        String[] revokedKey = key(admin, "revoked", List.of("orders:read"));
        String revocationId = revoke(admin, revokedKey[0]).path("id").asText();
        revokedKeyId = revokedKey[0];
        Answer revokedAdmin = api.postJson(
                        issuer,
                        "/v1/admin-keys",
                        admin,
                        Map.of("name", "revoked-admin", "scopes", List.of("keys:read"), "ttl", "P1D"))
                .expect(201);
        revoke(admin, revokedAdmin.text("id"));
        String token = api.postJson(
                        issuer,
                        "/v1/tokens",
                        main[1],
                        Map.of("scopes", List.of("orders:read"), "audience", "orders-api"))
                .expect(200)
                .text("access_token");

        JsonNode bystander = tenant("bystander");
        String otherAdmin = bystander.path("adminKey").path("key").asText();
        String otherKeyId = key(otherAdmin, "theirs", List.of("orders:read"))[0];

        attack = new AttackContext(
                issuer,
                stack.revocationUrl(),
                stack.exampleUrl(),
                tenantId,
                admin,
                main[1],
                token,
                stack.serviceCredential(),
                stack.bootstrapAdminKey(),
                bystander.path("tenant").path("id").asText(),
                otherAdmin,
                otherKeyId,
                revokedAdmin.text("key"),
                revokedKey[1],
                pool,
                revocationId);

        JsonNode happy = tenant("happy-path");
        happyTenant = happy.path("tenant").path("id").asText();
        happyAdmin = happy.path("adminKey").path("key").asText();
        for (int p = 0; p < 6; p++) {
            happyRevocationKeys.add(key(happyAdmin, "revocations-" + p, List.of("orders:read")));
            happyStateKeys.add(key(happyAdmin, "state-" + p, List.of("orders:read")));
        }
        happyAlertKey = key(happyAdmin, "alerted", List.of("orders:read"));
        happyFinalKey = key(happyAdmin, "final", List.of("orders:read"));
        Files.createDirectories(REPORTS);
    }

    @AfterAll
    void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void hostileRequestsOnEveryEndpointAreRefusedWithProblemsNeverServerErrorsNorEchoedSecrets() throws Exception {
        List<Endpoint> endpoints = Endpoint.all();
        List<HostileRequest> generated = new HostileRequestGenerator(attack, endpoints, seed).generate(requests);
        ResponseOracle oracle = new ResponseOracle(attack.secrets());
        httpReport = new HttpAttackReport(seed, oracle, attack.secrets());
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (HostileRequest request : generated) {
                pool.submit(() -> {
                    RawHttp.Response response = RawHttp.exchange(
                            attack.base(request.endpoint().service()),
                            request.head(),
                            request.body(),
                            // A server may wait for the rest of a broken framing: do not wait long.
                            request.beforeApplication() ? 3_000 : 10_000);
                    httpReport.record(request, response, oracle.judge(request, response));
                });
            }
        } finally {
            pool.shutdown();
            assertThat(pool.awaitTermination(10, TimeUnit.MINUTES)).isTrue();
        }
        String summary = httpReport.summary();
        Files.writeString(REPORTS.resolve("http-report.txt"), summary, StandardCharsets.UTF_8);
        System.out.println(summary);

        assertThat(httpReport.perEndpoint().keySet())
                .as("every endpoint was attacked")
                .hasSize(endpoints.size());
        assertThat(httpReport.totalFailures()).as(summary).isZero();
    }

    @Test
    @Order(2)
    void malformedRecordsOnEveryConsumedTopicAreDeadLetteredAndValidRecordsBehindThemStillApply() throws Exception {
        MalformedRecordGenerator generator = new MalformedRecordGenerator(seed);
        // The credentials topic has no consumer any more: the revocation service learns credentials
        // from the credential-state topic, which every verifier follows too (decision 0103).
        List<ConsumedTopic> topics = List.of(
                MalformedRecordGenerator.CREDENTIAL_STATE,
                MalformedRecordGenerator.REVOCATIONS,
                MalformedRecordGenerator.ALERTS);
        // Before: the keys whose revocation will prove the partitions move on are accepted.
        for (String[] key : happyRevocationKeys) {
            awaitTrue(() -> orders(key[1]) == 200, Duration.ofSeconds(30), "example service accepts " + key[0]);
        }

        Map<String, MalformedRecord> malformed = new LinkedHashMap<>();
        Map<String, String> validIds = new LinkedHashMap<>();
        List<String> brokerRefused = new ArrayList<>();
        List<String> alertIds = new ArrayList<>();
        List<String> fakeCredentialIds = new ArrayList<>();
        try (KafkaAttack kafka = new KafkaAttack(stack.infrastructure().kafkaBootstrapServers())) {
            // Key revocations the way the revocation service itself does (by credential id before
            // contract 3, by tenant/credential id after), so the valid records are truly valid.
            for (ConsumerRecord<byte[], byte[]> record :
                    kafka.readAll(MalformedRecordGenerator.REVOCATIONS.name(), Duration.ofSeconds(10))) {
                String key = record.key() == null ? "" : new String(record.key(), StandardCharsets.UTF_8);
                if (key.endsWith(revokedKeyId)) {
                    tenantQualifiedRevocationKeys = key.contains("/");
                }
            }
            for (ConsumedTopic topic : topics) {
                List<MalformedRecord> bad = generator.malformed(topic, recordsPerTopic);
                bad.forEach(r -> malformed.put(r.id(), r));
                List<MalformedRecord> end = new ArrayList<>();
                for (int p = 0; p < topic.partitions(); p++) {
                    end.add(valid(topic, p, true, alertIds, fakeCredentialIds));
                    if (topic == MalformedRecordGenerator.CREDENTIAL_STATE) {
                        // A credential only this record tells the revocation service about.
                        end.add(fakeState(p, fakeCredentialIds));
                    }
                }
                List<MalformedRecord> sequence = new ArrayList<>(bad.subList(0, bad.size() / 2));
                // A few valid records in the middle, then the rest, then one valid record per
                // partition (sent twice: duplicates must be harmless) that must be applied.
                for (int p = 0; p < 2; p++) {
                    sequence.add(valid(topic, p, false, new ArrayList<>(), new ArrayList<>()));
                }
                sequence.addAll(bad.subList(bad.size() / 2, bad.size()));
                sequence.addAll(end);
                sequence.addAll(end);
                sequence.stream().filter(r -> !r.malformed()).forEach(r -> validIds.put(r.id(), r.topic()));
                for (String refused : kafka.send(sequence)) {
                    // The broker itself refused it: no consumer can ever see it.
                    malformed.remove(refused);
                    brokerRefused.add(refused);
                }
            }

            Map<String, String> deadLettered = kafka.awaitDeadLetters(malformed.keySet(), Duration.ofSeconds(60));

            List<String> notApplied = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(45).toNanos();
            List<String> pending;
            do {
                pending = pendingApplications(kafka, alertIds, fakeCredentialIds);
                if (!pending.isEmpty()) {
                    Thread.sleep(1_000);
                }
            } while (!pending.isEmpty() && System.nanoTime() < deadline);
            notApplied.addAll(pending);

            // Counts per topic and per kind of malformed record.
            Map<String, Map<String, int[]>> perKind = new TreeMap<>();
            Map<String, String> exampleMissing = new TreeMap<>();
            for (MalformedRecord record : malformed.values()) {
                int[] topicCounts = kafkaCounts.computeIfAbsent(record.topic(), t -> new int[3]);
                topicCounts[0]++;
                String reason = deadLettered.get(record.id());
                int[] kindCounts = perKind.computeIfAbsent(record.topic(), t -> new TreeMap<>())
                        .computeIfAbsent(record.kind(), k -> new int[2]);
                kindCounts[0]++;
                if (reason != null && !reason.isBlank()) {
                    topicCounts[1]++;
                    kindCounts[1]++;
                } else {
                    exampleMissing.putIfAbsent(
                            record.topic() + " × " + record.kind(),
                            record.id()
                                    + (reason == null ? " (not dead-lettered)" : " (dead-lettered without a reason)"));
                }
            }
            for (String id : validIds.keySet()) {
                if (deadLettered.containsKey(id)) {
                    kafkaFailures.add("a valid record was dead-lettered: " + id + " (" + deadLettered.get(id) + ")");
                }
            }
            StringBuilder report = new StringBuilder("Malformed records, seed " + seed + "\n");
            perKind.forEach((topic, kinds) -> {
                int[] c = kafkaCounts.get(topic);
                report.append("  ")
                        .append(topic)
                        .append(": ")
                        .append(c[0])
                        .append(" malformed, ")
                        .append(c[1])
                        .append(" dead-lettered with a reason\n");
                kinds.forEach((kind, k) -> {
                    if (k[1] < k[0]) {
                        report.append("    - ")
                                .append(kind)
                                .append(": ")
                                .append(k[0] - k[1])
                                .append(" of ")
                                .append(k[0])
                                .append(" not dead-lettered, e.g. ")
                                .append(exampleMissing.get(topic + " × " + kind))
                                .append('\n');
                    }
                });
            });
            report.append("  watchword.credentials.v1: consumed by no service (decision 0103), skipped\n");
            report.append("  watchword.usage.v1: consumed by no service yet, skipped\n");
            if (!brokerRefused.isEmpty()) {
                report.append("  refused by the broker (never delivered, not counted): ")
                        .append(brokerRefused)
                        .append('\n');
            }
            notApplied.forEach(n -> report.append("  NOT APPLIED after the malformed records: ")
                    .append(n)
                    .append('\n'));
            kafkaFailures.forEach(f -> report.append("  ").append(f).append('\n'));
            String text = report.toString();
            Files.writeString(REPORTS.resolve("kafka-report.txt"), text, StandardCharsets.UTF_8);
            System.out.println(text);
            kafkaFailures.addAll(notApplied);
            kafkaCounts.values().forEach(c -> {
                if (c[1] < c[0]) {
                    kafkaFailures.add("not every malformed record was dead-lettered");
                }
            });

            assertThat(notApplied).as(text).isEmpty();
            assertThat(deadLettered.keySet()).as(text).containsAll(malformed.keySet());
            assertThat(kafkaFailures).as(text).isEmpty();
        }
    }

    @Test
    @Order(3)
    void everyServiceIsHealthyAndServesTheHappyPathAfterTheAttack() throws Exception {
        for (URI service : List.of(stack.issuerUrl(), stack.revocationUrl(), stack.exampleUrl())) {
            HttpResponse<String> health = get(service.resolve("/q/health"), null);
            assertThat(health.statusCode())
                    .as(service + "/q/health: " + health.body())
                    .isEqualTo(200);
            assertThat(JSON.readTree(health.body()).path("status").asText()).isEqualTo("UP");
        }
        assertThat(get(stack.issuerUrl().resolve("/.well-known/jwks.json"), null)
                        .statusCode())
                .isEqualTo(200);
        String token = api.postJson(
                        stack.issuerUrl(),
                        "/v1/tokens",
                        happyFinalKey[1],
                        Map.of("scopes", List.of("orders:read"), "audience", "orders-api"))
                .expect(200)
                .text("access_token");
        assertThat(get(stack.exampleUrl().resolve("/orders"), token).statusCode())
                .as("a fresh token of an untouched tenant is served")
                .isEqualTo(200);
        assertThat(get(stack.revocationUrl().resolve("/v1/revocations?limit=5"), happyAdmin)
                        .statusCode())
                .isEqualTo(200);
        healthyAfterwards = true;
    }

    /**
     * The acceptance check as issue 6 §5 states it: at least 5,000 generated hostile requests
     * across every endpoint and 200 malformed records on every consumed topic; 0 answers 5xx, 0
     * secrets echoed, every refusal a clear problem+json, services healthy afterwards.
     */
    @Test
    @Order(4)
    void issueSixBarAtLeastFiveThousandRequestsAndTwoHundredRecordsPerTopicWithoutOneFailure() {
        assertThat(httpReport).as("the HTTP attack ran").isNotNull();
        assertThat(httpReport.requests()).isGreaterThanOrEqualTo(REQUIRED_REQUESTS);
        assertThat(httpReport.perEndpoint()).hasSize(Endpoint.all().size());
        assertThat(kafkaCounts.keySet())
                .as("every consumed topic was attacked")
                .contains(
                        MalformedRecordGenerator.CREDENTIAL_STATE.name(),
                        MalformedRecordGenerator.REVOCATIONS.name(),
                        MalformedRecordGenerator.ALERTS.name());
        kafkaCounts.forEach(
                (topic, counts) -> assertThat(counts[0]).as(topic).isGreaterThanOrEqualTo(REQUIRED_RECORDS_PER_TOPIC));
        Map<FailureClass, Integer> classes = httpReport.perClass();
        assertThat(classes.get(FailureClass.SERVER_ERROR)).as("answers 5xx").isZero();
        assertThat(classes.get(FailureClass.SECRET_ECHOED)).as("secrets echoed").isZero();
        assertThat(httpReport.totalFailures()).as(httpReport.summary()).isZero();
        assertThat(kafkaFailures).isEmpty();
        assertThat(healthyAfterwards).as("services healthy afterwards").isTrue();
    }

    // ---- the valid records and how to see they were applied -----------------------------------

    private MalformedRecord valid(
            ConsumedTopic topic, int partition, boolean checked, List<String> alertIds, List<String> fakeIds) {
        ObjectNode event;
        byte[] key;
        if (topic == MalformedRecordGenerator.REVOCATIONS || topic == MalformedRecordGenerator.CREDENTIAL_STATE) {
            List<String[]> keys = topic == MalformedRecordGenerator.REVOCATIONS ? happyRevocationKeys : happyStateKeys;
            // Only the records after the malformed ones revoke the keys that prove application.
            String id = checked ? keys.get(partition)[0] : fakeKeyId();
            event = MalformedRecordGenerator.event(topic, happyTenant, id);
            boolean qualified = topic == MalformedRecordGenerator.REVOCATIONS && tenantQualifiedRevocationKeys;
            key = (qualified ? happyTenant + "/" + id : id).getBytes(StandardCharsets.UTF_8);
        } else {
            event = MalformedRecordGenerator.event(topic, happyTenant, happyAlertKey[0]);
            alertIds.add(event.path("eventId").asText());
            key = happyAlertKey[0].getBytes(StandardCharsets.UTF_8);
        }
        Map<String, byte[]> headers = MalformedRecordGenerator.ceHeaders(topic.ceType(), event);
        String id = topic.name() + "#valid-" + event.path("eventId").asText();
        headers.put(MalformedRecord.ID_HEADER, id.getBytes(StandardCharsets.UTF_8));
        return new MalformedRecord(
                id,
                topic.name(),
                partition,
                key,
                event.toString().getBytes(StandardCharsets.UTF_8),
                headers,
                "valid",
                false);
    }

    /** An ACTIVE state for a credential nobody else knows, on {@code partition}. */
    private MalformedRecord fakeState(int partition, List<String> fakeIds) {
        ConsumedTopic topic = MalformedRecordGenerator.CREDENTIAL_STATE;
        String credentialId = fakeKeyId();
        fakeIds.add(credentialId);
        ObjectNode event = MalformedRecordGenerator.event(topic, happyTenant, credentialId);
        event.put("status", "ACTIVE");
        Map<String, byte[]> headers = MalformedRecordGenerator.ceHeaders(topic.ceType(), event);
        String id = topic.name() + "#valid-" + event.path("eventId").asText();
        headers.put(MalformedRecord.ID_HEADER, id.getBytes(StandardCharsets.UTF_8));
        return new MalformedRecord(
                id,
                topic.name(),
                partition,
                credentialId.getBytes(StandardCharsets.UTF_8),
                event.toString().getBytes(StandardCharsets.UTF_8),
                headers,
                "valid",
                false);
    }

    private static String fakeKeyId() {
        String id = "key_" + Long.toString(Math.abs(new SecureRandom().nextLong()), 36);
        return (id + "0000000000000000000000").substring(0, 26);
    }

    /** What has not been applied yet of the valid records sent after the malformed ones. */
    private List<String> pendingApplications(KafkaAttack kafka, List<String> alertIds, List<String> fakeCredentialIds)
            throws Exception {
        List<String> pending = new ArrayList<>();
        for (int p = 0; p < happyRevocationKeys.size(); p++) {
            String[] key = happyRevocationKeys.get(p);
            if (orders(key[1]) == 200) {
                pending.add("revocations partition " + p + ": the example service still accepts " + key[0]);
            }
            int exchange = tokenExchange(key[1]);
            if (exchange == 200) {
                pending.add("revocations partition " + p + ": the issuer still exchanges " + key[0]);
            }
        }
        for (int p = 0; p < happyStateKeys.size(); p++) {
            String[] key = happyStateKeys.get(p);
            if (orders(key[1]) == 200) {
                pending.add("credential-state partition " + p + ": the example service still accepts " + key[0]);
            }
        }
        for (int p = 0; p < fakeCredentialIds.size(); p++) {
            Answer suspended = api.postJson(
                    stack.revocationUrl(),
                    "/v1/suspensions",
                    happyAdmin,
                    Map.of("credentialId", fakeCredentialIds.get(p), "reason", "MANUAL"));
            if (suspended.status() != 201 && suspended.status() != 200) {
                pending.add("credential-state partition " + p + ": the revocation service does not know "
                        + fakeCredentialIds.get(p) + " (HTTP " + suspended.status() + ")");
            }
        }
        Set<String> decided = new java.util.HashSet<>();
        for (ConsumerRecord<byte[], byte[]> record : kafka.readAll("watchword.decisions.v1", Duration.ofSeconds(5))) {
            if (record.value() != null) {
                try {
                    decided.add(JSON.readTree(record.value()).path("alertId").asText());
                } catch (Exception e) {
                    // not ours
                }
            }
        }
        for (int p = 0; p < alertIds.size(); p++) {
            if (!decided.contains(alertIds.get(p))) {
                pending.add("alerts partition " + p + ": no decision for alert " + alertIds.get(p));
            }
        }
        return pending;
    }

    // ---- helpers --------------------------------------------------------------------------------

    private JsonNode tenant(String id) {
        return api.postJson(
                        stack.issuerUrl(),
                        "/v1/tenants",
                        stack.bootstrapAdminKey(),
                        Map.of(
                                "id",
                                id,
                                "name",
                                id,
                                "defaultKeyTtl",
                                "P30D",
                                "maxKeyTtl",
                                "P90D",
                                "resources",
                                List.of("orders", "payments")))
                .expect(201)
                .body();
    }

    /** {id, secret} of a new API key. */
    private String[] key(String admin, String name, List<String> scopes) {
        Answer key = api.postJson(
                        stack.issuerUrl(), "/v1/keys", admin, Map.of("name", name, "scopes", scopes, "ttl", "P7D"))
                .expect(201);
        return new String[] {key.text("id"), key.text("key")};
    }

    /** Revokes at the revocation service, once it has heard of the credential. */
    private JsonNode revoke(String admin, String credentialId) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            Answer answer = api.postJson(
                    stack.revocationUrl(),
                    "/v1/revocations",
                    admin,
                    Map.of("credentialId", credentialId, "reason", "COMPROMISED", "comment", "bad-input suite set-up"));
            if (answer.status() == 201 || answer.status() == 200) {
                return answer.body();
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("could not revoke " + credentialId + ": " + answer.body());
            }
            Thread.sleep(250);
        }
    }

    private int orders(String credential) {
        try {
            return get(stack.exampleUrl().resolve("/orders"), credential).statusCode();
        } catch (Exception e) {
            return 0;
        }
    }

    private int tokenExchange(String apiKey) {
        return api.postJson(stack.issuerUrl(), "/v1/tokens", apiKey, Map.of()).status();
    }

    private HttpResponse<String> get(URI uri, String bearer) throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET();
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void awaitTrue(BooleanSupplier condition, Duration timeout, String what) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(250);
        }
    }
}
