package io.watchword.analytics.console;

import static io.watchword.analytics.console.ConsoleFixtures.alert;
import static io.watchword.analytics.console.ConsoleFixtures.newCredentialId;
import static io.watchword.analytics.console.ConsoleFixtures.newTenant;
import static io.watchword.analytics.console.ConsoleFixtures.published;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.watchword.analytics.it.AnalyticsTestResource;
import io.watchword.events.v1.AnomalyDetected;
import io.watchword.events.v1.Severity;
import io.watchword.testsupport.http.RawHttp;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * Generated hostile input on every console endpoint, sent by a caller who passes authentication
 * (so it reaches validation): never a 5xx, every refusal an RFC 9457 problem, and no refusal
 * repeats what was sent (each hostile value carries a marker the answer must not contain). Seeded:
 * {@code -Dwatchword.hostile.seed=N} replays a run.
 */
@QuarkusTest
@QuarkusTestResource(value = AnalyticsTestResource.class, restrictToAnnotatedClass = false)
class AlertHostileInputTest {

    private static final long SEED = Long.getLong("watchword.hostile.seed", 20261202L);
    private static final int REQUESTS = 240;

    @TestHTTPResource("/")
    URL base;

    private final Random random = new Random(SEED);
    // HTTP/1.1 as the other hostile suites speak it. (An h2c upgrade of an empty POST once tripped
    // Vert.x into a 500; the kit now refuses cleartext HTTP/2, decision 0202, and deploy's hostile
    // generator sends that upgrade to every service.)
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    @Test
    void hostileParametersIdsAndBodiesAreProblemsNeverServerErrorsNorEchoed() throws Exception {
        ConsoleFixtures.Tenant t = newTenant();
        AnomalyDetected a = published(alert(t.id(), newCredentialId(), Severity.HIGH, Instant.now()));
        String id = a.eventId().toString();
        List<String> failures = new ArrayList<>();
        Map<Integer, Integer> statuses = new LinkedHashMap<>();

        for (int i = 0; i < REQUESTS; i++) {
            String marker = "zq" + (100000 + random.nextInt(900000));
            String value = hostile(marker);
            HttpRequest.Builder request;
            String label;
            switch (i % 6) {
                case 0, 1 -> {
                    String param =
                            pick("severity", "status", "tenant", "credentialId", "from", "to", "cursor", "limit");
                    String path = pick("/v1/alerts", "/v1/alerts/export/ocsf");
                    label = "GET " + path + "?" + param;
                    request = HttpRequest.newBuilder(uri(path + "?" + param + "=" + encode(value)))
                            .GET();
                }
                case 2 -> {
                    String path = pick("/v1/alerts/", "/v1/alerts/x/acknowledge", "/v1/alerts/x/notes");
                    boolean post = !path.equals("/v1/alerts/");
                    String target = post ? path.replace("/x/", "/" + encode(value) + "/") : path + encode(value);
                    label = (post ? "POST " : "GET ") + path + " (hostile id)";
                    request = HttpRequest.newBuilder(uri(target));
                    request = post ? request.POST(HttpRequest.BodyPublishers.noBody()) : request.GET();
                }
                default -> {
                    String action = pick("acknowledge", "notes", "false-positive");
                    label = "POST /v1/alerts/{id}/" + action + " (hostile body)";
                    request = HttpRequest.newBuilder(uri("/v1/alerts/" + id + "/" + action))
                            .header(
                                    "Content-Type",
                                    pick(
                                            "application/json",
                                            "application/json",
                                            "text/plain",
                                            "application/x-www-form-urlencoded"))
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body(value, marker)));
                }
            }
            HttpRequest built = request.header("Authorization", "Bearer " + t.adminKey())
                    .timeout(Duration.ofSeconds(10))
                    .build();
            HttpResponse<String> r = sendOnce(built);
            if (r == null) {
                failures.add(label + " -> the connection closed without an answer, twice");
                continue;
            }
            statuses.merge(r.statusCode(), 1, Integer::sum);
            String problemType = r.headers().firstValue("Content-Type").orElse("");
            boolean httpLayer = r.statusCode() == 414 || r.statusCode() == 431; // decision 0097
            if (r.statusCode() >= 500) {
                failures.add(label + " -> " + r.statusCode());
            } else if (r.statusCode() >= 400 && !httpLayer && !problemType.startsWith("application/problem+json")) {
                failures.add(label + " -> " + r.statusCode() + " not a problem: " + problemType);
            } else if (r.statusCode() >= 400 && r.body().contains(marker)) {
                failures.add(label + " -> " + r.statusCode() + " echoes the input");
            }
        }
        // The HTTP layer's own answers to bytes no client library would send.
        int port = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
        for (String target : List.of(
                "/v1/alerts/%00zq1",
                "/v1/alerts?limit=%FF%FEzq2", "/v1/alerts?severity=%zz", "/v1/alerts/" + id + "/notes%2F..%2Fzq3")) {
            String answer = RawHttp.exchange(
                    port,
                    "GET " + target + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + t.adminKey()
                            + "\r\nConnection: close\r\n\r\n");
            String statusLine = answer.isEmpty() ? "" : answer.substring(0, answer.indexOf('\r'));
            if (!statusLine.matches("HTTP/1.1 4\\d\\d.*")) {
                failures.add("raw " + target + " -> " + statusLine);
            } else if (answer.contains("zq")) {
                failures.add("raw " + target + " echoes the input");
            }
        }
        System.out.printf("hostile console input, seed %d: %s%n", SEED, statuses);
        assertThat(failures).isEmpty();
        assertThat(statuses.keySet()).allMatch(s -> s < 500);
    }

    /**
     * Sends a request; when a pooled connection the server had already closed (after an answer
     * that closes it, e.g. a 400 from the HTTP layer) fails the next request before it is sent,
     * sends it again once on a fresh connection. A request that fails twice is the server's doing.
     */
    private HttpResponse<String> sendOnce(HttpRequest request) throws InterruptedException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException stalePooledConnection) {
            HttpClient fresh = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5))
                    .build();
            try {
                return fresh.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (java.io.IOException closedAgain) {
                return null;
            }
        }
    }

    private URI uri(String pathAndQuery) {
        return URI.create(base.toString().replaceAll("/$", "") + pathAndQuery);
    }

    private String hostile(String marker) {
        String v =
                switch (random.nextInt(16)) {
                    case 0 -> "' OR 1=1 -- " + marker;
                    case 1 -> marker + "\u0000";
                    case 2 -> "../../" + marker + "/etc/passwd";
                    case 3 -> "<script>alert('" + marker + "')</script>";
                    case 4 -> marker + "A".repeat(4000 + random.nextInt(3000));
                    case 5 -> "\uD83D\uDE00" + marker + "\u202E";
                    case 6 -> "2026-13-45T99:99:99Z" + marker;
                    case 7 -> "-1" + marker;
                    case 8 -> "99999999999999999999" + marker;
                    case 9 -> "ww_admin_" + marker + "0123456789abcdefghij";
                    case 10 -> marker + "\r\nX-Injected: 1";
                    case 11 -> "${jndi:ldap://" + marker + "}";
                    case 12 -> marker + "%00%0d%0a";
                    case 13 -> "\\u0000" + marker;
                    case 14 -> randomText(marker);
                    default -> marker;
                };
        return v;
    }

    private String randomText(String marker) {
        StringBuilder b = new StringBuilder(marker);
        int n = 1 + random.nextInt(40);
        for (int i = 0; i < n; i++) {
            b.appendCodePoint(random.nextBoolean() ? 1 + random.nextInt(0x7F) : 0xA0 + random.nextInt(0x2FFF));
        }
        return b.toString();
    }

    private byte[] body(String value, String marker) {
        String json = value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\u0000", "\\u0000");
        String text =
                switch (random.nextInt(10)) {
                    case 0 -> "{\"note\": \"" + json + "\"}";
                    case 1 -> "{\"note\": 12" + marker.substring(2) + "}";
                    // The kit names an unknown field (SafeText-limited, decision 0110): the marker goes in its value.
                    case 2 -> "{\"note\": \"ok\", \"extra\": \"" + marker + "\"}";
                    case 3 -> "[\"" + marker + "\"]";
                    case 4 -> "{\"note\": " + "[".repeat(2000) + "\"" + marker + "\"" + "]".repeat(2000) + "}";
                    case 5 -> "{\"note\": \"" + marker + "x".repeat(70_000) + "\"}";
                    case 6 -> "{\"note\" \"" + marker;
                    case 7 -> "null";
                    case 8 -> "\"" + marker + "\"";
                    default -> "{\"note\": \"" + marker + "\\u0007bell\"}";
                };
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (random.nextInt(8) == 0) {
            bytes[bytes.length / 2] = (byte) 0xC3; // invalid UTF-8 in the middle
        }
        return bytes;
    }

    @SafeVarargs
    private <T> T pick(T... options) {
        return options[random.nextInt(options.length)];
    }

    private static String encode(String v) {
        return URLEncoder.encode(v, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
