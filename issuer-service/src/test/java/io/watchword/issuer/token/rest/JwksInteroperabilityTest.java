package io.watchword.issuer.token.rest;

import static io.restassured.RestAssured.given;
import static io.watchword.issuer.token.support.IssuerTestClient.exchange;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.watchword.issuer.token.support.IssuerTestClient;
import io.watchword.issuer.token.support.IssuerTestClient.Key;
import io.watchword.testsupport.quarkus.WatchwordTestResource;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.jose4j.jwk.HttpsJwks;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.HttpsJwksVerificationKeyResolver;
import org.junit.jupiter.api.Test;

/** A token from POST /v1/tokens, verified by jose4j against the served JWKS (fetched over HTTP). */
@QuarkusTest
@QuarkusTestResource(value = WatchwordTestResource.class, initArgs = @ResourceArg(name = "database", value = "issuer"))
class JwksInteroperabilityTest {

    @io.quarkus.test.common.http.TestHTTPResource("/.well-known/jwks.json")
    java.net.URL jwks;

    @Test
    void anIndependentJoseLibraryVerifiesOurTokens() throws Exception {
        Key key = IssuerTestClient.newTenant("orders").newKey(List.of("orders:read"));
        String token =
                exchange(key.secret(), "{}").then().statusCode(200).extract().path("access_token");

        JwtClaims claims = consumer().processToClaims(token);

        assertThat(claims.getSubject()).isEqualTo(key.id());
        assertThat(claims.getStringClaimValue("tenant")).isEqualTo(key.tenantId());
        assertThat(given().get("/.well-known/jwks.json").header("Cache-Control"))
                .startsWith("public, max-age=");
    }

    @Test
    void tamperingWithHeaderPayloadOrSignatureFails() throws Exception {
        Key key = IssuerTestClient.newTenant("orders").newKey(List.of("orders:read"));
        String[] parts = exchange(key.secret(), "{}")
                .then()
                .statusCode(200)
                .extract()
                .<String>path("access_token")
                .split("\\.");
        String header = new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8);
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        String flipped = parts[2].substring(0, 5) + (parts[2].charAt(5) == 'A' ? 'B' : 'A') + parts[2].substring(6);

        for (String tampered : List.of(
                encode(header.replace("at+jwt", "JWT")) + "." + parts[1] + "." + parts[2],
                parts[0] + "." + encode(payload.replace("orders:read", "orders:admin")) + "." + parts[2],
                parts[0] + "." + parts[1] + "." + flipped)) {
            assertThatThrownBy(() -> consumer().processToClaims(tampered)).isInstanceOf(InvalidJwtException.class);
        }
    }

    private JwtConsumer consumer() {
        HttpsJwks keys = new HttpsJwks(jwks.toString());
        return new JwtConsumerBuilder()
                .setVerificationKeyResolver(new HttpsJwksVerificationKeyResolver(keys))
                .setExpectedIssuer("urn:watchword:issuer")
                .setExpectedAudience("watchword")
                .setRequireExpirationTime()
                .setRequireJwtId()
                .build();
    }

    private static String encode(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
