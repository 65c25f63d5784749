package io.watchword.issuer.rest;

import static io.restassured.RestAssured.given;
import static io.watchword.issuer.api.IssuerTestSupport.newTenant;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.watchword.testsupport.quarkus.WatchwordTestResource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every way an admin credential can be wrong reads the same: one 401 {@code invalid-credential},
 * byte-identical but for {@code instance}, with {@code WWW-Authenticate: Bearer}.
 */
@QuarkusTest
@QuarkusTestResource(value = WatchwordTestResource.class, initArgs = @ResourceArg(name = "database", value = "issuer"))
class AdminAuthenticationProblemsTest {

    @Test
    void unknownExpiredMalformedAndMissingAdminCredentialsGetByteIdenticalProblems() throws Exception {
        String admin = newTenant("orders").adminKey();
        String expiring = given().auth()
                .oauth2(admin)
                .contentType(ContentType.JSON)
                .body(Map.of("name", "short", "scopes", List.of("keys:read"), "ttl", "PT2S"))
                .post("/v1/admin-keys")
                .then()
                .statusCode(201)
                .extract()
                .path("key");
        String wrongChecksum = admin.substring(0, admin.length() - 1) + (admin.endsWith("A") ? "B" : "A");
        String unknown = "ww_admin_" + "Q".repeat(38);
        Thread.sleep(2500);

        Map<String, String> bodies = new LinkedHashMap<>();
        bodies.put("expired", body(given().auth().oauth2(expiring)));
        bodies.put("unknown", body(given().auth().oauth2(unknown)));
        bodies.put("wrong checksum", body(given().auth().oauth2(wrongChecksum)));
        bodies.put("api key", body(given().auth().oauth2("ww_live_" + "Q".repeat(38))));
        bodies.put("missing", body(given()));
        bodies.put("basic scheme", body(given().header("Authorization", "Basic " + admin)));

        assertThat(new ArrayList<>(bodies.values())).as(bodies.toString()).containsOnly(bodies.get("unknown"));
        assertThat(bodies.get("unknown")).contains("https://watchword.io/problems/invalid-credential");
    }

    @Test
    void aValidCredentialWithoutTheScopeIsInsufficientScope() {
        String admin = newTenant("orders").adminKey();
        String reader = given().auth()
                .oauth2(admin)
                .contentType(ContentType.JSON)
                .body(Map.of("name", "reader", "scopes", List.of("keys:read")))
                .post("/v1/admin-keys")
                .then()
                .statusCode(201)
                .extract()
                .path("key");
        Response r = given().auth()
                .oauth2(reader)
                .contentType(ContentType.JSON)
                .body("{\"garbage")
                .post("/v1/keys");
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.jsonPath().getString("type")).isEqualTo("https://watchword.io/problems/insufficient-scope");
    }

    /** The body without {@code instance}, after checking status, media type and challenge. */
    private static String body(RequestSpecification request) {
        Response r = request.contentType(ContentType.JSON).body("{\"name\":").post("/v1/keys");
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.header("WWW-Authenticate")).startsWith("Bearer");
        return r.asString().replaceAll(",\"instance\":\"[^\"]*\"", "");
    }
}
