package io.watchword.revocation.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.watchword.revocation.it.IssuerAdmin.TestTenant;
import io.watchword.testsupport.http.RawHttp;
import io.watchword.testsupport.quarkus.WatchwordTestResource;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The revocation-service's HTTP edge: authentication before parsing through the kit, a revoked
 * admin key refused on the very next request, one indistinguishable 401, and every error an RFC
 * 9457 problem that repeats no input.
 */
@QuarkusTest
@QuarkusTestResource(
        value = WatchwordTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "revocation"))
@QuarkusTestResource(IssuerTestResource.class)
class HttpEdgeTest {

    private static final String PROBLEM = "application/problem+json";
    private static final String TYPES = "https://watchword.io/problems/";
    private static final String SECRET = "ww_live_Zq8SecretThatMustNeverComeBack0123456789";

    @Inject
    AgroalDataSource dataSource;

    @Test
    void anonymousRequestsWithGarbageBodiesAre401NotFieldLists() {
        for (String path : new String[] {"/v1/revocations", "/v1/suspensions"}) {
            Response r = given().contentType(ContentType.JSON)
                    .body("{\"credentialI\": [garbage")
                    .post(path);
            assertThat(r.statusCode()).as(path).isIn(401, 405);
            if (r.statusCode() == 401) {
                assertThat(r.contentType()).startsWith(PROBLEM);
                assertThat(r.jsonPath().getString("type")).isEqualTo(TYPES + "invalid-credential");
                assertThat(r.header("WWW-Authenticate")).startsWith("Bearer");
                assertThat(r.asString()).doesNotContain("errors").doesNotContain("credentialI");
            }
        }
    }

    @Test
    void aRevokedAdminKeyIsRefusedOnTheVeryNextRequestAndReadsLikeAnUnknownOne() {
        TestTenant tenant = IssuerAdmin.newTenant();
        JsonPath second = given().baseUri(IssuerAdmin.url())
                .auth()
                .oauth2(tenant.adminKey())
                .contentType(ContentType.JSON)
                .body(Map.of("name", "second admin", "scopes", List.of("revocations:read")))
                .post("/v1/admin-keys")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
        String secondKey = second.getString("key");
        String secondId = second.getString("id");
        KnownCredentials.awaitKnown(dataSource, secondId);
        given().auth().oauth2(secondKey).get("/v1/revocations").then().statusCode(200);

        given().auth()
                .oauth2(tenant.adminKey())
                .contentType(ContentType.JSON)
                .body(Map.of("credentialId", secondId, "reason", "COMPROMISED"))
                .post("/v1/revocations")
                .then()
                .statusCode(201);

        String revoked = unauthorizedBody(secondKey);
        String unknown = unauthorizedBody("ww_admin_" + "Q".repeat(38));
        assertThat(revoked).isEqualTo(unknown);
    }

    @Test
    void anAnonymousPolicyUpdateWithAGarbageBodyIs401() {
        Response r = given().contentType(ContentType.JSON).body("[[[garbage").put("/v1/policy");
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.jsonPath().getString("type")).isEqualTo(TYPES + "invalid-credential");
    }

    @Test
    void errorsAreProblemsOfTheCoreVocabulary() {
        TestTenant tenant = IssuerAdmin.newTenant();
        problem(given().get("/v1/nowhere"), 404, "not-found");
        problem(given().auth().oauth2(tenant.adminKey()).delete("/v1/revocations"), 405, "method-not-allowed");
        problem(
                given().urlEncodingEnabled(false)
                        .auth()
                        .oauth2(tenant.adminKey())
                        .get("/v1/revocations/rev_%00x"),
                400,
                "invalid-request");
        problem(
                given().urlEncodingEnabled(false)
                        .auth()
                        .oauth2(tenant.adminKey())
                        .get("/v1/revocations?cursor=%00"),
                400,
                "invalid-request");
        problem(
                given().auth()
                        .oauth2(tenant.adminKey())
                        .contentType(ContentType.JSON)
                        .body("{\"credentialId\":\"a\",\"credentialId\":\"b\"}")
                        .post("/v1/revocations"),
                400,
                "malformed-json");
        problem(
                given().auth()
                        .oauth2(tenant.adminKey())
                        .contentType(ContentType.JSON)
                        .body("null")
                        .post("/v1/revocations"),
                400,
                null);
        Response reinstate = given().auth()
                .oauth2(tenant.adminKey())
                .contentType(ContentType.JSON)
                .body("null")
                .post("/v1/suspensions/key_AAAAAAAAAAAAAAAAAAAAAA/reinstate");
        assertThat(reinstate.statusCode()).isBetween(400, 499);
        for (String form : new String[] {"token=%zz", "token=%", "%%%"}) {
            Response r = given().contentType("application/x-www-form-urlencoded; charset=UTF-8")
                    .body(form)
                    .post("/v1/revoke");
            assertThat(r.statusCode()).as(form).isLessThan(500);
        }
    }

    @Test
    void aChunkedBodyOverTheLimitIsA413ProblemAndANormalOneIsRead() throws Exception {
        TestTenant tenant = IssuerAdmin.newTenant();
        // 80 chunks of 1 KiB, over the 64K limit, no Content-Length, on a raw socket.
        StringBuilder request = new StringBuilder("POST /v1/revocations HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ")
                .append(tenant.adminKey())
                .append("\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
                .append(RawHttp.chunkedFiller(80, 1024));
        String answer = RawHttp.exchange(request.toString());
        assertThat(answer).startsWith("HTTP/1.1 413");
        assertThat(answer.toLowerCase()).contains("content-type: application/problem+json");
        assertThat(answer).contains(TYPES + "payload-too-large");

        // A small chunked body reaches the JSON reader: its unknown field is named.
        String body = "{\"credentialId\":\"key_AAAAAAAAAAAAAAAAAAAAAA\",\"reason\":\"MANUAL\",\"colour\":1}";
        String small = RawHttp.exchange("POST /v1/revocations HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                + tenant.adminKey()
                + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                + RawHttp.chunked(body));
        assertThat(small)
                .startsWith("HTTP/1.1 400")
                .contains(TYPES + "invalid-request")
                .contains("colour");
    }

    @Test
    void aSecretSentInAnUnknownPathNeverAppearsInTheMetrics() {
        TestTenant tenant = IssuerAdmin.newTenant();
        for (String path : new String[] {"/v1/" + SECRET, "/nothing/" + SECRET, "/" + SECRET}) {
            given().get(path);
            given().auth().oauth2(tenant.adminKey()).delete(path);
            given().contentType(ContentType.JSON).body("{}").post(path);
        }
        String metrics =
                given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains("http_server_requests").doesNotContain("Zq8Secret");
    }

    @Test
    void hostileBodiesInALoopNeverGet5xxNorAnEcho() {
        TestTenant tenant = IssuerAdmin.newTenant();
        Random random = new Random(7);
        String valid = "{\"credentialId\":\"key_AAAAAAAAAAAAAAAAAAAAAA\",\"reason\":\"MANUAL\",\"comment\":\"c\"}";
        for (int i = 0; i < 250; i++) {
            String body =
                    switch (i % 4) {
                        case 0 -> new String(bytes(random, 1 + random.nextInt(150)), StandardCharsets.ISO_8859_1);
                        case 1 -> valid.replace("MANUAL", SECRET);
                        case 2 -> valid.replace("\"c\"", SECRET);
                        default -> mutate(valid.replace("key_AAAAAAAAAAAAAAAAAAAAAA", SECRET), random);
                    };
            Response r = given().auth()
                    .oauth2(tenant.adminKey())
                    .contentType(ContentType.JSON)
                    .body(body.getBytes(StandardCharsets.UTF_8))
                    .post("/v1/revocations");
            assertThat(r.statusCode()).as("request %d", i).isLessThan(500);
            if (r.statusCode() >= 400) {
                assertThat(r.contentType()).as("request %d", i).startsWith(PROBLEM);
            }
            assertThat(r.asString()).as("request %d", i).doesNotContain("Zq8Secret");
        }
    }

    private static String unauthorizedBody(String key) {
        Response r = given().auth()
                .oauth2(key)
                .contentType(ContentType.JSON)
                .body("{\"x\":")
                .get("/v1/revocations");
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.contentType()).startsWith(PROBLEM);
        return r.asString().replaceAll(",\"instance\":\"[^\"]*\"", "");
    }

    private static void problem(Response r, int status, String slug) {
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(status);
        assertThat(r.contentType()).startsWith(PROBLEM);
        if (slug != null) {
            assertThat(r.jsonPath().getString("type")).isEqualTo(TYPES + slug);
        }
    }

    private static String mutate(String json, Random random) {
        StringBuilder s = new StringBuilder(json);
        for (int k = 0; k < 1 + random.nextInt(4); k++) {
            int at = random.nextInt(s.length());
            switch (random.nextInt(3)) {
                case 0 -> s.deleteCharAt(at);
                case 1 -> s.insert(at, "{}[],:\"\\".charAt(random.nextInt(8)));
                default -> s.setCharAt(at, (char) random.nextInt(0x80));
            }
        }
        return s.toString();
    }

    private static byte[] bytes(Random random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
