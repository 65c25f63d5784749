package io.watchword.example.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A user's service protected by the client library answers every error as problem+json. */
@QuarkusTest
@QuarkusTestResource(ExampleServiceTestResource.class)
class ErrorAnswersTest {

    private static final String TYPES = "https://watchword.io/problems/";

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
    void theFiltersRefusalsUseTheCoreVocabulary() {
        assertProblem(given().get("/orders"), 401, "invalid-credential");
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
