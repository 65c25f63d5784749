package io.watchword.issuer.token.rest;

import static io.restassured.RestAssured.given;
import static io.watchword.issuer.token.support.IssuerTestClient.exchange;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.watchword.core.credential.ApiKeyFormat;
import io.watchword.issuer.token.support.IssuerTestClient;
import io.watchword.issuer.token.support.IssuerTestClient.Key;
import io.watchword.issuer.token.support.IssuerTestClient.Tenant;
import io.watchword.testsupport.quarkus.WatchwordTestResource;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = WatchwordTestResource.class, initArgs = @ResourceArg(name = "database", value = "issuer"))
class TokenExchangeResourceTest {

    @Test
    void issuesASignedTokenWithTheSpecifiedHeaderAndClaims() {
        Tenant tenant = IssuerTestClient.newTenant("orders", "invoices");
        Key key = tenant.newKey(List.of("orders:write", "invoices:read"));
        long before = Instant.now().getEpochSecond();

        JsonPath response = exchange(key.secret(), "{}")
                .then()
                .statusCode(200)
                .header("Cache-Control", "no-store")
                .extract()
                .jsonPath();

        String[] parts = response.getString("access_token").split("\\.");
        JsonPath header = JsonPath.from(decode(parts[0]));
        JsonPath claims = JsonPath.from(decode(parts[1]));
        assertThat(response.getString("token_type")).isEqualTo("Bearer");
        assertThat(response.getInt("expires_in")).isEqualTo(300);
        assertThat(response.getString("scope")).isEqualTo("orders:write invoices:read");
        assertThat(header.getString("alg")).isEqualTo("EdDSA");
        assertThat(header.getString("typ")).isEqualTo("at+jwt");
        assertThat(given().get("/.well-known/jwks.json").jsonPath().getList("keys.kid"))
                .contains(header.getString("kid"));
        assertThat(claims.getString("iss")).isEqualTo("urn:watchword:issuer");
        assertThat(claims.getString("sub")).isEqualTo(key.id());
        assertThat(claims.getString("tenant")).isEqualTo(tenant.id());
        assertThat(claims.getString("scope")).isEqualTo("orders:write invoices:read");
        assertThat(claims.getString("aud")).isEqualTo("watchword");
        assertThat(claims.getString("jti")).startsWith("tok_");
        assertThat(claims.getLong("iat")).isBetween(before, before + 5);
        assertThat(claims.getLong("nbf")).isEqualTo(claims.getLong("iat"));
        assertThat(claims.getLong("exp")).isEqualTo(claims.getLong("iat") + 300);
    }

    @Test
    void requestedScopesNarrowAndWideningIsRefused() {
        Key key = IssuerTestClient.newTenant("orders").newKey(List.of("orders:write"));

        exchange(key.secret(), "{\"scopes\":[\"orders:read\"],\"audience\":\"orders-api\",\"ttl\":\"PT1M\"}")
                .then()
                .statusCode(200)
                .body("scope", org.hamcrest.Matchers.equalTo("orders:read"))
                .body("expires_in", org.hamcrest.Matchers.equalTo(60));
        exchange(key.secret(), "{\"scopes\":[\"orders:admin\"]}")
                .then()
                .statusCode(403)
                .contentType("application/problem+json")
                .body("detail", org.hamcrest.Matchers.containsString("orders:admin"));
        exchange(key.secret(), "{\"ttl\":\"PT16M\"}").then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void unknownBadChecksumAdminAndOutsideCidrCredentialsGetNoToken() {
        Tenant tenant = IssuerTestClient.newTenant("orders");
        Key key = tenant.newKey(List.of("orders:read"));
        Key fenced = tenant.newKey(List.of("orders:read"), Map.of("allowedCidrs", List.of("203.0.113.0/24")));
        String mistyped = key.secret().substring(0, key.secret().length() - 1)
                + (key.secret().endsWith("A") ? "B" : "A");

        exchange(ApiKeyFormat.generate("live"), "{}").then().statusCode(401).contentType("application/problem+json");
        exchange(mistyped, "{}").then().statusCode(401);
        exchange(tenant.adminKey(), "{}").then().statusCode(403);
        exchange(fenced.secret(), "{}")
                .then()
                .statusCode(403)
                .body("detail", org.hamcrest.Matchers.containsString("203.0.113.0/24"));
        given().contentType(ContentType.JSON)
                .body("{}")
                .post("/v1/tokens")
                .then()
                .statusCode(401);
    }

    @Test
    void expiredAndRotatedPastGraceKeysGetNoToken() throws Exception {
        Tenant tenant = IssuerTestClient.newTenant("orders");
        // Long enough that the first exchange lands inside the lifetime on a loaded machine; the
        // wait below is measured from just before the creation, so the expiry is certain.
        Duration lifetime = Duration.ofSeconds(5);
        Instant beforeCreation = Instant.now();
        Key shortLived = tenant.newKey(List.of("orders:read"), Map.of("ttl", lifetime.toString()));
        Key rotated = tenant.newKey(List.of("orders:read"));
        given().header("Authorization", "Bearer " + tenant.adminKey())
                .contentType(ContentType.JSON)
                .body("{\"gracePeriod\":\"PT0S\"}")
                .post("/v1/keys/" + rotated.id() + "/rotate")
                .then()
                .statusCode(org.hamcrest.Matchers.either(org.hamcrest.Matchers.is(200))
                        .or(org.hamcrest.Matchers.is(201)));

        exchange(shortLived.secret(), "{}").then().statusCode(200);
        Duration untilExpired =
                Duration.between(Instant.now(), beforeCreation.plus(lifetime).plusMillis(500));
        if (!untilExpired.isNegative()) {
            Thread.sleep(untilExpired.toMillis());
        }
        exchange(shortLived.secret(), "{}").then().statusCode(401);
        exchange(rotated.secret(), "{}").then().statusCode(401);
    }

    private static String decode(String part) {
        return new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8);
    }
}
