package io.watchword.issuer.rest;

import static io.restassured.RestAssured.given;
import static io.watchword.issuer.api.IssuerTestSupport.PLATFORM_KEY;
import static io.watchword.issuer.api.IssuerTestSupport.newTenant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.watchword.testsupport.http.RawHttp;
import io.watchword.testsupport.quarkus.WatchwordTestResource;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * Every error the issuer's HTTP layer produces is an RFC 9457 problem of the core vocabulary and
 * never repeats a secret or raw input; anonymous callers are refused before any body is read.
 */
@QuarkusTest
@QuarkusTestResource(value = WatchwordTestResource.class, initArgs = @ResourceArg(name = "database", value = "issuer"))
class HttpErrorProblemsTest {

    private static final String PROBLEM = "application/problem+json";
    private static final String TYPES = "https://watchword.io/problems/";
    private static final String SECRET = "ww_live_Zq8SecretThatMustNeverComeBack0123456789";

    @Test
    void jaxRsErrorsAreProblems() {
        given().get("/v1/nothing-here")
                .then()
                .statusCode(404)
                .contentType(PROBLEM)
                .body("type", equalTo(TYPES + "not-found"));
        given().auth()
                .oauth2(PLATFORM_KEY)
                .delete("/v1/tenants")
                .then()
                .statusCode(405)
                .contentType(PROBLEM)
                .body("type", equalTo(TYPES + "method-not-allowed"));
        given().auth()
                .oauth2(PLATFORM_KEY)
                .accept("text/html")
                .get("/v1/keys")
                .then()
                .statusCode(406)
                .contentType(PROBLEM)
                .body("type", equalTo(TYPES + "not-acceptable"));
        given().auth()
                .oauth2(PLATFORM_KEY)
                .contentType("text/plain")
                .body("x")
                .post("/v1/keys")
                .then()
                .statusCode(415)
                .contentType(PROBLEM)
                .body("type", equalTo(TYPES + "unsupported-media-type"));
    }

    @Test
    void jacksonErrorsNeverEchoTheInput() {
        String admin = newTenant("orders").adminKey();
        for (String body : new String[] {
            "{\"name\": " + SECRET + "}",
            SECRET,
            "{\"name\":\"a\",\"scopes\":[" + SECRET + "]}",
            "{\"name\":\"" + SECRET + "\",\"scopes\":{\"x\":\"" + SECRET + "\"}}",
            "{\"" + SECRET + "\": 1}",
            "{\"name\":\"a\",\"ttl\":\"" + SECRET + "\",\"scopes\":[\"orders:read\"]}"
        }) {
            Response r = post(admin, "/v1/keys", body);
            assertThat(r.statusCode()).as(body).isEqualTo(400);
            assertThat(r.contentType()).as(body).startsWith(PROBLEM);
            assertThat(r.asString()).as(body).doesNotContain("Zq8Secret");
        }
    }

    @Test
    void duplicateKeysNullAndEmptyBodiesAre400() {
        String admin = newTenant("orders").adminKey();
        assertProblem(
                post(admin, "/v1/keys", "{\"name\":\"a\",\"name\":\"b\",\"scopes\":[\"orders:read\"]}"),
                400,
                "malformed-json");
        assertProblem(post(admin, "/v1/keys", "null"), 400, "malformed-json");
        assertProblem(post(admin, "/v1/keys", ""), 400, null);
        assertProblem(
                post(admin, "/v1/keys", "{\"name\":\"a\",\"scopes\":[\"orders:read\"]} trailing"),
                400,
                "malformed-json");
    }

    @Test
    void unknownFieldsAreNamed() {
        String admin = newTenant("orders").adminKey();
        post(admin, "/v1/keys", "{\"name\":\"a\",\"scopes\":[\"orders:read\"],\"colour\":1}")
                .then()
                .statusCode(400)
                .contentType(PROBLEM)
                .body("type", equalTo(TYPES + "invalid-request"))
                .body("errors[0].field", equalTo("colour"));
    }

    @Test
    void malformedFormEncodingOnIntrospectionIs400() throws Exception {
        for (String form : new String[] {"token=%zz", "token=%", "token=%E0%A4%A", "%%%=1&token=a"}) {
            HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base() + "/v1/introspect"))
                    .header("Authorization", "Bearer " + PLATFORM_KEY)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)));
            assertThat(r.statusCode()).as(form + " -> " + r.body()).isEqualTo(400);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith(PROBLEM);
        }
    }

    @Test
    void controlCharactersInPathAndQueryAre400BeforeAnyDatabaseCall() throws Exception {
        String admin = newTenant("orders").adminKey();
        for (String target : new String[] {
            "/v1/keys/key_%00abc", "/v1/keys?cursor=%00", "/v1/keys?status=A%01", "/v1/tenants/t%0d%0aX"
        }) {
            HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base() + target))
                    .header("Authorization", "Bearer " + admin)
                    .GET());
            assertThat(r.statusCode()).as(target).isEqualTo(400);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith(PROBLEM);
            assertThat(r.body()).contains(TYPES + "invalid-request");
        }
        // java.net.URI refuses a malformed escape: send it on a socket as an attacker would. The HTTP
        // codec refuses it before any handler runs (like 414/431): a bare 400, no HTML, no stack.
        String malformed = RawHttp.exchange("GET /v1/keys?cursor=%zz HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                + admin + "\r\nConnection: close\r\n\r\n");
        assertThat(malformed).startsWith("HTTP/1.1 400");
        assertThat(malformed.toLowerCase()).doesNotContain("<html").doesNotContain("exception");
    }

    @Test
    void bodiesOverTheLimitAre413ProblemsDeclaredOrChunked() throws Exception {
        String admin = newTenant("orders").adminKey();
        byte[] big = new byte[70 * 1024];
        java.util.Arrays.fill(big, (byte) 'a');
        HttpResponse<String> declared = send(HttpRequest.newBuilder(URI.create(base() + "/v1/keys"))
                .header("Authorization", "Bearer " + admin)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(big)));
        assertThat(declared.statusCode()).isEqualTo(413);
        assertThat(declared.headers().firstValue("Content-Type").orElse("")).startsWith(PROBLEM);
        assertThat(declared.body()).contains(TYPES + "payload-too-large");
        HttpResponse<String> chunked = send(HttpRequest.newBuilder(URI.create(base() + "/v1/keys"))
                .header("Authorization", "Bearer " + admin)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big))));
        assertThat(chunked.statusCode()).isEqualTo(413);
        assertThat(chunked.headers().firstValue("Content-Type").orElse("")).startsWith(PROBLEM);
        assertThat(chunked.body()).contains(TYPES + "payload-too-large");
    }

    @Test
    void aChunkedBodyOverTheLimitIsA413ProblemOnARawSocketAndANormalOneStillWorks() throws Exception {
        String admin = newTenant("orders").adminKey();
        // 80 chunks of 1 KiB (over the 64K limit), no Content-Length, as an attacker would send it.
        StringBuilder request = new StringBuilder("POST /v1/keys HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ")
                .append(admin)
                .append("\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
                .append(RawHttp.chunkedFiller(80, 1024));
        String answer = RawHttp.exchange(request.toString());
        assertThat(answer).startsWith("HTTP/1.1 413");
        assertThat(answer.toLowerCase()).contains("content-type: application/problem+json");
        assertThat(answer).contains(TYPES + "payload-too-large").doesNotContain("Exception");

        String json = "{\"name\":\"chunked\",\"scopes\":[\"orders:read\"]}";
        String half1 = json.substring(0, 10);
        String half2 = json.substring(10);
        String small = RawHttp.exchange("POST /v1/keys HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + admin
                + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                + RawHttp.chunked(half1, half2));
        assertThat(small).startsWith("HTTP/1.1 201");
        assertThat(small).contains("\"name\":\"chunked\"");
    }

    @Test
    void aCleartextHttp2UpgradeOfAnEmptyPostIsAnsweredOverHttp11WithAProblem() throws Exception {
        // What the JDK's HttpClient (HTTP_2 by default) sends for a POST without a body over
        // http://: the kit turns cleartext HTTP/2 off, so the upgrade is ignored (RFC 9110 §7.8)
        // and the request answered as the HTTP/1.1 it is (decision 0202).
        String upgrade = "Connection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\n"
                + "HTTP2-Settings: AAEAAEAAAAIAAAABAAMAAABkAAQBAAAAAAUAAEAA\r\n";
        String admin = newTenant("orders").adminKey();
        String empty = RawHttp.exchange("POST /v1/keys HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + admin + "\r\n"
                + upgrade + "Content-Type: application/json\r\n\r\n");
        assertThat(empty).startsWith("HTTP/1.1 400");
        assertThat(empty.toLowerCase()).contains("content-type: application/problem+json");
        assertThat(empty).doesNotContain("Exception").doesNotContain(admin);

        String anonymous = RawHttp.exchange("POST /v1/keys HTTP/1.1\r\nHost: x\r\n" + upgrade
                + "Content-Type: application/json\r\nContent-Length: 0\r\n\r\n");
        assertThat(anonymous).startsWith("HTTP/1.1 401");
        assertThat(anonymous.toLowerCase()).contains("content-type: application/problem+json");
        assertThat(anonymous).contains(TYPES + "invalid-credential");
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        try {
            return HttpClient.newHttpClient()
                    .send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new AssertionError("no complete answer: " + e, e);
        }
    }

    @Test
    void oversizedRequestLineAndHeadersGetNoHtmlAndNoStack() throws Exception {
        String longLine = "GET /v1/keys?x=" + "a".repeat(20_000) + " HTTP/1.1\r\nHost: x\r\n\r\n";
        String longHeader = "GET /v1/keys HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(40_000) + "\r\n\r\n";
        for (String request : new String[] {longLine, longHeader}) {
            String answer = RawHttp.exchange(request);
            assertThat(answer).matches("(?s)HTTP/1\\.[01] 4(14|31) .*");
            assertThat(answer.toLowerCase())
                    .doesNotContain("<html")
                    .doesNotContain("exception")
                    .doesNotContain("\tat ");
        }
    }

    @Test
    void aSecretSentInAnUnknownPathNeverAppearsInTheMetrics() throws Exception {
        byte[] big = new byte[70 * 1024];
        for (String path : new String[] {
            "/v1/" + SECRET, "/nothing/" + SECRET, "/v1/keys/" + SECRET + "/x", "/" + SECRET, "/q/" + SECRET
        }) {
            given().get(path);
            given().auth().oauth2(PLATFORM_KEY).delete(path);
            given().contentType(ContentType.JSON).body("{}").post(path);
            // Answered before any route matched: 413 from the first route, 400 from the
            // pre-matching filter — the raw path was the metrics' uri tag here.
            given().contentType(ContentType.JSON).body(big).post(path);
            send(HttpRequest.newBuilder(URI.create(base() + path + "%00")).GET());
        }
        String admin = newTenant("orders").adminKey();
        given().auth().oauth2(admin).get("/v1/keys").then().statusCode(200);
        String metrics =
                given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains("http_server_requests").doesNotContain("Zq8Secret");
        // Matched routes keep their template: the metrics still tell endpoints apart.
        assertThat(metrics).contains("uri=\"/v1/keys\"").contains("uri=\"/unmatched\"");
    }

    @Test
    void anonymousRequestsWithGarbageBodiesAre401NotFieldLists() {
        for (String path : new String[] {"/v1/keys", "/v1/tenants", "/v1/admin-keys"}) {
            Response r = given().contentType(ContentType.JSON)
                    .body("{\"nme\": [garbage")
                    .post(path);
            assertProblem(r, 401, "invalid-credential");
            assertThat(r.header("WWW-Authenticate")).startsWith("Bearer");
            assertThat(r.asString()).doesNotContain("errors").doesNotContain("nme");
        }
    }

    @Test
    void hostileBodiesInALoopNeverGet5xxNorAnEcho() {
        String admin = newTenant("orders").adminKey();
        Random random = new Random(6);
        String valid = "{\"name\":\"k\",\"scopes\":[\"orders:read\"],\"metadata\":{\"a\":\"b\"}}";
        for (int i = 0; i < 300; i++) {
            String body =
                    switch (i % 5) {
                        case 0 -> new String(randomBytes(random, 1 + random.nextInt(200)), StandardCharsets.ISO_8859_1);
                        case 1 -> mutate(valid, random);
                        case 2 -> valid.replace("\"k\"", "\"" + SECRET + "\u0000\"");
                        case 3 -> "{\"name\":" + "[".repeat(1 + random.nextInt(3000)) + SECRET;
                        default -> mutate(valid.replace("orders:read", SECRET), random);
                    };
            Response r = post(admin, "/v1/keys", body);
            assertThat(r.statusCode()).as("request %d", i).isLessThan(500);
            if (r.statusCode() >= 400) {
                assertThat(r.contentType()).as("request %d", i).startsWith(PROBLEM);
            }
            assertThat(r.asString()).as("request %d", i).doesNotContain("Zq8Secret");
        }
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

    private static Response post(String admin, String path, String body) {
        return given().auth()
                .oauth2(admin)
                .contentType(ContentType.JSON)
                .body(body.getBytes(StandardCharsets.UTF_8))
                .post(path);
    }

    private static void assertProblem(Response r, int status, String slug) {
        assertThat(r.statusCode()).isEqualTo(status);
        assertThat(r.contentType()).startsWith(PROBLEM);
        if (slug != null) {
            assertThat(r.jsonPath().getString("type")).isEqualTo(TYPES + slug);
        }
        assertThat(r.asString()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    static String base() {
        return "http://localhost:" + ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
    }
}
