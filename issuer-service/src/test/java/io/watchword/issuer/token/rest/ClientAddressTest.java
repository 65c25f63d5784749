package io.watchword.issuer.token.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.watchword.issuer.token.support.IssuerTestClient;
import io.watchword.issuer.token.support.IssuerTestClient.Key;
import io.watchword.testsupport.quarkus.WatchwordTestResource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The caller's address behind trusted proxies (decision 0075), seen through a key fenced to
 * 203.0.113.0/24. In the test profile the loopback peer is a trusted proxy.
 */
@QuarkusTest
@QuarkusTestResource(value = WatchwordTestResource.class, initArgs = @ResourceArg(name = "database", value = "issuer"))
class ClientAddressTest {

    @Test
    void aCallerInsideTheFenceBehindTheTrustedProxyGetsAToken() {
        Key fenced = fencedKey();
        exchangeVia(fenced, "203.0.113.9").then().statusCode(200);
        // Left of the first untrusted hop is whatever the caller wrote: ignored.
        exchangeVia(fenced, "198.51.100.1, 203.0.113.9").then().statusCode(200);
        exchangeVia(fenced, "[::ffff:203.0.113.9]:443").then().statusCode(200);
    }

    @Test
    void aCallerCannotWriteItselfIntoTheFence() {
        Key fenced = fencedKey();
        // The right-most hop is the one our proxy vouches for; the caller's own claim is left of it.
        exchangeVia(fenced, "203.0.113.9, 198.51.100.1").then().statusCode(403);
        // Hops that are not addresses are never believed, and never echoed.
        for (String hop :
                List.of("203.0.113.0/24", "0.0.0.0/0", "ww_live_notAnAddress", "203.0.113.9\u0001", "localhost")) {
            exchangeVia(fenced, hop)
                    .then()
                    .statusCode(403)
                    .contentType("application/problem+json")
                    .body(not(containsString("notAnAddress")))
                    .body(not(containsString("localhost")))
                    .body(not(containsString("0.0.0.0/0")));
        }
    }

    private static Key fencedKey() {
        return IssuerTestClient.newTenant("orders")
                .newKey(List.of("orders:read"), Map.of("allowedCidrs", List.of("203.0.113.0/24")));
    }

    private static Response exchangeVia(Key key, String forwardedFor) {
        return given().header("Authorization", "Bearer " + key.secret())
                .header("X-Forwarded-For", forwardedFor)
                .contentType(ContentType.JSON)
                .body("{}")
                .post("/v1/tokens");
    }
}
