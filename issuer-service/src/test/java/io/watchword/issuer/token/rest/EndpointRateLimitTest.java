package io.watchword.issuer.token.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.watchword.testsupport.quarkus.WatchwordTestResource;
import org.junit.jupiter.api.Test;

/**
 * The token and introspection endpoints refuse a client address that makes too many requests
 * (the test profile allows a burst of 4 at 0.2/s per address), so they cannot be used to guess keys.
 */
@QuarkusTest
@QuarkusTestResource(value = WatchwordTestResource.class, initArgs = @ResourceArg(name = "database", value = "issuer"))
class EndpointRateLimitTest {

    private static Response guess(String address, String path) {
        return given().header("X-Forwarded-For", address)
                .header("Authorization", "Bearer ww_live_guess" + System.nanoTime())
                .contentType(path.equals("/v1/tokens") ? "application/json" : "application/x-www-form-urlencoded")
                .body(path.equals("/v1/tokens") ? "{}" : "token=ww_live_x")
                .post(path);
    }

    @Test
    void aGuesserIsRefusedWith429AndRetryAfterWhileOthersAreNot() {
        String guesser = "198.51.100.77";
        int refused = 0;
        Response last = null;
        for (int i = 0; i < 12; i++) {
            Response r = guess(guesser, i % 2 == 0 ? "/v1/tokens" : "/v1/introspect");
            if (r.statusCode() == 429) {
                refused++;
                last = r;
            } else {
                assertThat(r.statusCode()).isEqualTo(401);
            }
        }
        assertThat(refused).as("refused after the burst").isGreaterThanOrEqualTo(4);
        assertThat(last.contentType()).startsWith("application/problem+json");
        assertThat(last.jsonPath().getString("type")).isEqualTo("https://watchword.io/problems/rate-limited");
        assertThat(Integer.parseInt(last.header("Retry-After"))).isPositive();
        assertThat(last.asString()).doesNotContain("ww_live_guess");
        assertThat(guess(guesser, "/v1/oauth/token").statusCode())
                .as("the OAuth token endpoint shares the limit")
                .isEqualTo(429);

        assertThat(guess("198.51.100.78", "/v1/tokens").statusCode())
                .as("another address is not limited")
                .isEqualTo(401);
    }
}
