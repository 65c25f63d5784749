package io.watchword.example.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.watchword.testsupport.http.RawHttp;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A user's service protected by the client library answers every error as problem+json. */
@QuarkusTest
@QuarkusTestResource(ExampleServiceTestResource.class)
class ErrorAnswersTest {

    private static final String TYPES = "https://watchword.io/problems/";
    private static final String PROBLEM = "application/problem+json";
    private static final String SECRET = "ww_live_Zq8SecretThatMustNeverComeBack0123456789";

    @Test
    void notFoundMethodNotAllowedNotAcceptableAndUnsupportedAreProblemsNotHtml() {
        String bearer = bearer("orders:write");
        assertProblem(given().header("Authorization", bearer).get("/nowhere"), 404, "not-found");
        assertProblem(given().header("Authorization", bearer).delete("/orders"), 405, "method-not-allowed");
        assertProblem(
                given().header("Authorization", bearer).accept("text/html").get("/orders"), 406, "not-acceptable");
        assertProblem(
                given().header("Authorization", bearer)
                        .contentType("text/plain")
                        .body("x")
                        .post("/orders"),
                415,
                "unsupported-media-type");
    }

    @Test
    void malformedJsonAndWrongShapesAreProblemsThatEchoNothing() {
        String bearer = bearer("orders:write");
        for (String body : new String[] {
            "{\"item\": " + SECRET + "}",
            SECRET,
            "{\"item\":\"a\",\"quantity\":\"" + SECRET + "\"}",
            "{\"item\":[\"" + SECRET + "\"]}",
            "[1,2",
            "{\"item\":\"a\",}" + SECRET
        }) {
            Response r = post(bearer, body);
            assertThat(r.statusCode()).as(body).isEqualTo(400);
            assertThat(r.contentType()).as(body).startsWith(PROBLEM);
            assertThat(r.jsonPath().getString("type"))
                    .as(body)
                    .isIn(TYPES + "malformed-json", TYPES + "invalid-request");
            assertThat(r.asString()).as(body).doesNotContain("Zq8Secret").doesNotContain("Exception");
        }
        assertProblem(post(bearer, "{\"item\": nope"), 400, "malformed-json");
    }

    @Test
    void oversizedBodiesDeclaredOrChunkedAre413Problems() throws Exception {
        String bearer = bearer("orders:write");
        String big = "{\"item\":\"" + "a".repeat(70 * 1024) + "\"}";
        assertProblem(post(bearer, big), 413, "payload-too-large");
        StringBuilder chunked = new StringBuilder("POST /orders HTTP/1.1\r\nHost: x\r\nAuthorization: ")
                .append(bearer)
                .append("\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
                .append(RawHttp.chunkedFiller(80, 1024));
        String answer = RawHttp.exchange(chunked.toString());
        assertThat(answer).startsWith("HTTP/1.1 413");
        assertThat(answer.toLowerCase()).contains("content-type: application/problem+json");
        assertThat(answer).contains(TYPES + "payload-too-large");

        String order = "{\"item\":\"chunked tea\",\"quantity\":2}";
        String small = RawHttp.exchange("POST /orders HTTP/1.1\r\nHost: x\r\nAuthorization: " + bearer
                + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                + RawHttp.chunked(order));
        assertThat(small).startsWith("HTTP/1.1 201").contains("chunked tea");
    }

    @Test
    void hostileBodiesInALoopNeverGet5xxNorAnEcho() {
        String bearer = bearer("orders:write");
        Random random = new Random(7);
        String valid = "{\"item\":\"tea\",\"quantity\":3}";
        for (int i = 0; i < 300; i++) {
            String body =
                    switch (i % 5) {
                        case 0 -> new String(randomBytes(random, 1 + random.nextInt(200)), StandardCharsets.ISO_8859_1);
                        case 1 -> mutate(valid, random);
                        case 2 -> valid.replace("tea", SECRET + "\u0000");
                        case 3 -> "{\"item\":" + "[".repeat(1 + random.nextInt(3000)) + SECRET;
                        default -> mutate(valid.replace("3", "\"" + SECRET + "\""), random);
                    };
            Response r = post(bearer, body);
            assertThat(r.statusCode()).as("request %d", i).isLessThan(500);
            if (r.statusCode() >= 400) {
                assertThat(r.contentType())
                        .as("request %d: %s", i, r.asString())
                        .startsWith(PROBLEM);
                assertThat(r.jsonPath().getString("type")).as("request %d", i).startsWith(TYPES);
                // An accepted order may hold what was sent (the caller's own item); a refusal never.
                assertThat(r.asString()).as("request %d", i).doesNotContain("Zq8Secret");
            }
        }
    }

    @Test
    void theFiltersRefusalsUseTheCoreVocabulary() {
        assertProblem(given().get("/orders"), 401, "invalid-credential");
    }

    private static Response post(String bearer, String body) {
        return given().header("Authorization", bearer)
                .contentType("application/json")
                .body(body.getBytes(StandardCharsets.UTF_8))
                .post("/orders");
    }

    private static String mutate(String json, Random random) {
        StringBuilder s = new StringBuilder(json);
        for (int k = 0; k < 1 + random.nextInt(4); k++) {
            int at = random.nextInt(s.length());
            switch (random.nextInt(4)) {
                case 0 -> s.deleteCharAt(at);
                case 1 -> s.insert(at, "{}[],:\"\\\u0000".charAt(random.nextInt(9)));
                case 2 -> s.insert(at, SECRET);
                default -> s.setCharAt(at, (char) random.nextInt(0x80));
            }
        }
        return s.toString();
    }

    private static byte[] randomBytes(Random random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private static void assertProblem(Response r, int status, String slug) {
        assertThat(r.statusCode()).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.jsonPath().getString("type")).isEqualTo(TYPES + slug);
        assertThat(r.asString()).doesNotContain("<html").doesNotContain("Exception");
    }

    private static String bearer(String scope) {
        Instant now = Instant.now();
        return "Bearer "
                + ExampleServiceTestResource.issuer()
                        .token(
                                "ten_" + UUID.randomUUID().toString().substring(0, 8),
                                "key_x",
                                "tok_" + UUID.randomUUID(),
                                scope,
                                "orders",
                                now,
                                now.plusSeconds(300));
    }
}
