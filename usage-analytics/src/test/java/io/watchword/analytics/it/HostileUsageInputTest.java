package io.watchword.analytics.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.watchword.events.Topics;
import io.watchword.events.kafka.DeadLetters;
import io.watchword.testsupport.kafka.TopicRecord;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Generated hostile input on every endpoint and every consumed topic of usage-analytics (the
 * module's counterpart of deploy's HostileInputTest): never a 5xx, every error an RFC 9457 problem,
 * nothing the attacker sent echoed back; every malformed record dead-lettered with a reason and a
 * valid record behind them still counted. Seeded, so a failure replays.
 */
@QuarkusTest
@QuarkusTestResource(value = AnalyticsTestResource.class, restrictToAnnotatedClass = false)
class HostileUsageInputTest {

    private static final String CANARY = "zqxcanary";
    private static final long SEED = 20261202L;
    private static final int PER_ENDPOINT = 20;

    private record Endpoint(String method, String path, String scope) {}

    private static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint("GET", "/v1/keys/{id}/usage", "usage:read"),
            new Endpoint("GET", "/v1/usage/top-keys", "usage:read"),
            new Endpoint("GET", "/v1/usage/routes", "usage:read"),
            new Endpoint("GET", "/v1/usage/scopes", "usage:read"),
            new Endpoint("GET", "/v1/keys", "usage:read"),
            new Endpoint("GET", "/v1/keys/{id}", "usage:read"),
            new Endpoint("GET", "/v1/keys/stale", "usage:read"),
            new Endpoint("GET", "/v1/keys/{id}/scope-advice", "usage:read"),
            new Endpoint("POST", "/v1/keys/{id}/scope-advice/apply", "keys:write"),
            new Endpoint("POST", "/v1/usage-events", "usage:write"),
            new Endpoint("GET", "/v1/hygiene/policy", "policies:read"),
            new Endpoint("PUT", "/v1/hygiene/policy", "policies:write"),
            new Endpoint("GET", "/v1/hygiene/notices", "usage:read"),
            new Endpoint("GET", "/v1/hygiene/preview", "policies:read"));

    @Test
    void hostileRequestsOnEveryEndpointAreProblemsNeverServerErrorsNorEchoes() {
        Fixtures.Tenant tenant = Fixtures.newTenant();
        String key = Fixtures.newApiKey(tenant, List.of("orders:read")).id();
        Random random = new Random(SEED);
        List<String> failures = new ArrayList<>();
        int sent = 0;
        for (Endpoint endpoint : ENDPOINTS) {
            for (int i = 0; i < PER_ENDPOINT; i++) {
                RequestSpecification request = given().urlEncodingEnabled(true);
                int auth = random.nextInt(4);
                if (auth == 1) {
                    request = request.header(
                            "Authorization",
                            "Bearer ww_admin_" + CANARY + hostileText(random).replaceAll("[^\\x21-\\x7e]", ""));
                } else if (auth >= 2) {
                    request = request.auth().oauth2(tenant.adminKey());
                }
                int requestLine = endpoint.path().length() + 16;
                for (String param : List.of(
                        "from",
                        "to",
                        "granularity",
                        "limit",
                        "cursor",
                        "keyId",
                        "unusedFor",
                        "window",
                        "tenant",
                        "state",
                        "mode",
                        "gracePeriod")) {
                    if (random.nextInt(3) == 0) {
                        String value = hostileParam(random, key);
                        request = request.queryParam(param, value);
                        requestLine += param.length() + 2 + encodedLength(value);
                    }
                }
                String id = random.nextInt(4) == 0 ? key : CANARY + hostileText(random);
                if (endpoint.path().contains("{id}")) {
                    requestLine += encodedLength(id);
                }
                String path = endpoint.path();
                if (!endpoint.method().equals("GET")) {
                    request = request.contentType(random.nextInt(5) == 0 ? "text/plain" : "application/json")
                            .body(hostileBody(random, tenant.id(), key).getBytes(StandardCharsets.UTF_8));
                }
                Response answer;
                try {
                    answer = endpoint.path().contains("{id}")
                            ? request.request(endpoint.method(), path, id)
                            : request.request(endpoint.method(), path);
                } catch (Exception e) { // RestAssured throws a SocketException undeclared
                    // A request line over the codec's limit is refused (414) and the connection
                    // closed at once (decision 0097): a client still writing the rest of a large
                    // body then sees a broken pipe instead of the 414, depending on how much the
                    // socket buffers took. Only there is a failed write an outcome, not a fault.
                    if (!(rootCause(e) instanceof java.net.SocketException) || requestLine <= MAX_INITIAL_LINE_LENGTH) {
                        throw new AssertionError(endpoint.method() + " " + endpoint.path() + " #" + i, e);
                    }
                    sent++;
                    continue;
                }
                sent++;
                String body = answer.asString();
                String what = endpoint.method() + " " + endpoint.path() + " #" + i + " → " + answer.statusCode();
                if (answer.statusCode() >= 500) {
                    failures.add(what + " server error: " + body);
                }
                // A request head over Vert.x's 8K (414, 431) is refused by the HTTP codec before any
                // application code (decision 0097): no problem body there, only no 5xx and no echo.
                boolean beforeApplication = answer.statusCode() == 414 || answer.statusCode() == 431;
                if (answer.statusCode() >= 400
                        && !beforeApplication
                        && !String.valueOf(answer.contentType()).startsWith("application/problem+json")) {
                    failures.add(what + " not a problem: " + answer.contentType());
                }
                if (body.contains(CANARY)) {
                    failures.add(what + " echoed the input: " + body);
                }
            }
        }
        assertThat(sent).isEqualTo(ENDPOINTS.size() * PER_ENDPOINT);
        assertThat(failures).isEmpty();
    }

    @Test
    void malformedRecordsOnEveryConsumedTopicAreDeadLetteredAndAValidRecordBehindThemCounts() {
        Fixtures.Tenant tenant = Fixtures.newTenant();
        String key = Fixtures.newApiKey(tenant, List.of("orders:read")).id();
        Random random = new Random(SEED + 1);
        String marker = "hostile-" + tenant.id();
        int perTopic = 20;
        Map<String, String> types = Map.of(
                Topics.USAGE.name(), "io.watchword.usage.recorded.v1",
                Topics.CREDENTIAL_STATE.name(), "io.watchword.credential.state-changed.v1",
                Topics.REVOCATIONS.name(), "io.watchword.credential.revocation-changed.v1");
        for (var topic : types.entrySet()) {
            for (int i = 0; i < perTopic; i++) {
                Map<String, String> headers = random.nextInt(4) == 0
                        ? Map.of("ce_type", "io.watchword.nonsense.v1")
                        : Map.of("ce_type", topic.getValue());
                Fixtures.kafka()
                        .send(topic.getKey(), marker + "-" + i, hostileRecord(random, tenant.id(), key), headers);
            }
        }
        // A valid usage record behind them, on the same partition as the last hostile usage record.
        Fixtures.publish(Fixtures.usage(tenant.id(), key, Instant.now(), "GET", "/orders", 200, "10.7.0.1"));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth()
                .oauth2(tenant.adminKey())
                .get("/v1/keys/{id}/usage", key)
                .then()
                .statusCode(200)
                .body("totals.requests", equalTo(1)));
        List<TopicRecord> dead = Fixtures.kafka()
                .awaitRecords(
                        Topics.DEAD_LETTERS.name(),
                        rs -> rs.stream()
                                        .filter(r -> r.key() != null && r.key().startsWith(marker))
                                        .count()
                                >= (long) perTopic * types.size(),
                        Duration.ofSeconds(30))
                .stream()
                .filter(r -> r.key() != null && r.key().startsWith(marker))
                .toList();
        assertThat(dead)
                .allSatisfy(r -> assertThat(r.headers().get(DeadLetters.REASON)).isNotBlank());
    }

    /** Quarkus' default {@code quarkus.http.limits.max-initial-line-length}. */
    private static final int MAX_INITIAL_LINE_LENGTH = 4096;

    private static int encodedLength(String value) {
        return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8).length();
    }

    private static Throwable rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static String hostileText(Random random) {
        String[] parts = {
            "",
            "%00",
            "\u0000",
            "../../etc/passwd",
            "' OR 1=1 --",
            "<script>",
            "\u202e",
            "é",
            "x".repeat(3000),
            "[x]",
            "%",
            "%zz",
            "\\",
            "\"",
            "key_",
            "adm_",
            "😀"
        };
        return parts[random.nextInt(parts.length)] + parts[random.nextInt(parts.length)];
    }

    private static String hostileParam(Random random, String key) {
        String[] values = {
            CANARY,
            "",
            "-1",
            "0",
            "99999999999999999999",
            "P0D",
            "P366D",
            "P-1D",
            "PT1H",
            "P1Y",
            "2026-13-45T00:00:00Z",
            "2999-01-01T00:00:00Z",
            "1970-01-01T00:00:00Z",
            "minute",
            "hour",
            "week",
            key,
            "key_" + "A".repeat(22),
            "system",
            "T",
            CANARY + "\u0000",
            "x".repeat(5000)
        };
        return values[random.nextInt(values.length)];
    }

    private static String hostileBody(Random random, String tenant, String key) {
        String good = "{\"eventId\":\"" + java.util.UUID.randomUUID() + "\",\"occurredAt\":\"" + Instant.now()
                + "\",\"tenantId\":\"" + tenant + "\",\"credentialId\":\"" + key
                + "\",\"service\":\"s\",\"method\":\"GET\",\"route\":\"/orders\",\"status\":200,"
                + "\"latencyMicros\":1,\"requestBytes\":1,\"responseBytes\":1}";
        String[] bodies = {
            "",
            "null",
            "[]",
            "{}",
            "[" + CANARY + "]",
            "[\"" + CANARY + "\"]",
            "[{\"" + CANARY + "\":1}]",
            "[{\"status\":\"" + CANARY + "\"}]",
            "[" + good.replace("\"GET\"", "\"" + CANARY + "\"") + "]",
            "[" + good.replace("/orders", CANARY + "\\u0000") + "]",
            "[" + good.replace("\"status\":200", "\"status\":1e400") + "]",
            "[" + good.replace(tenant, CANARY) + "]",
            "[".repeat(5000),
            "[" + good + ",",
            "[" + (good + ",").repeat(1500) + good + "]",
            "\u0000\u0001\u0002",
            "[" + good + "]",
            // hygiene policies (never a valid REVOKE: the policy test's runs would act on this tenant)
            "{\"mode\":\"" + CANARY + "\"}",
            "{\"mode\":\"NOTIFY\",\"unusedFor\":\"" + CANARY + "\"}",
            "{\"gracePeriod\":\"P0D\",\"unusedFor\":\"P9999D\"}",
            "{\"expiryNotices\":[" + "\"P1D\",".repeat(40) + "\"P2D\"]}",
            "{\"expiryNotices\":[null,\"" + CANARY + "\"]}",
            "{\"expiryNotices\":\"" + CANARY + "\"}",
            "{\"mode\":[1],\"" + CANARY + "\":true}",
            "{\"mode\":\"NOTIFY\",\"unusedFor\":\"P400D\"}"
        };
        return bodies[random.nextInt(bodies.length)];
    }

    private static byte[] hostileRecord(Random random, String tenant, String key) {
        String[] values = {
            "",
            "null",
            "{",
            "[]",
            "{}",
            "\"" + CANARY + "\"",
            "{\"eventId\":\"x\"}",
            "{\"eventId\":\"" + java.util.UUID.randomUUID() + "\",\"occurredAt\":\"" + Instant.now()
                    + "\",\"tenantId\":\"" + "T".repeat(300) + "\",\"credentialId\":\"" + key
                    + "\",\"service\":\"s\",\"method\":\"GET\",\"route\":\"/orders\",\"status\":200,"
                    + "\"latencyMicros\":1,\"requestBytes\":-1,\"responseBytes\":1,\"credentialType\":\"API_KEY\","
                    + "\"status\":\"NOPE\"}",
            "{\"eventId\":\"" + java.util.UUID.randomUUID() + "\",\"occurredAt\":\"" + Instant.now()
                    + "\",\"tenantId\":\"" + tenant + "\",\"credentialId\":\"" + key
                    + "\",\"service\":\"s\",\"method\":\"get me\",\"route\":\"orders\",\"status\":999,"
                    + "\"latencyMicros\":-5,\"requestBytes\":1,\"responseBytes\":1}",
            // otherwise valid, but requiredScopes is not a list of scopes
            "{\"eventId\":\"" + java.util.UUID.randomUUID() + "\",\"occurredAt\":\"" + Instant.now()
                    + "\",\"tenantId\":\"" + tenant + "\",\"credentialId\":\"" + key
                    + "\",\"service\":\"s\",\"method\":\"GET\",\"route\":\"/orders\",\"status\":200,"
                    + "\"latencyMicros\":1,\"requestBytes\":1,\"responseBytes\":1,\"requiredScopes\":[\""
                    + CANARY + " x\",null]}"
        };
        if (random.nextInt(5) == 0) {
            byte[] bytes = new byte[random.nextInt(64) + 1];
            random.nextBytes(bytes);
            return bytes;
        }
        return values[random.nextInt(values.length)].getBytes(StandardCharsets.UTF_8);
    }
}
