package io.watchword.issuer.token.signing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.watchword.issuer.token.jwt.AccessTokenClaims;
import io.watchword.issuer.token.jwt.AccessTokenCodec;
import io.watchword.testsupport.quarkus.WatchwordTestResource;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.junit.jupiter.api.Test;

/** Rotation with seconds instead of days: rotate every 3 s, tokens live at most 15 s. */
@QuarkusTest
@TestProfile(SigningKeyRotationTest.FastRotation.class)
@QuarkusTestResource(value = WatchwordTestResource.class, initArgs = @ResourceArg(name = "database", value = "issuer"))
class SigningKeyRotationTest {

    public static class FastRotation implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "watchword.issuer.signing.rotation-period", "PT3S",
                    "watchword.issuer.signing.check-interval", "PT1S",
                    "watchword.issuer.signing.jwks-max-age", "PT1S",
                    "watchword.issuer.tokens.default-ttl", "PT15S",
                    "watchword.issuer.tokens.max-ttl", "PT15S",
                    "watchword.issuer.tokens.clock-skew", "PT1S");
        }
    }

    @Inject
    SigningKeyService signingKeys;

    @Test
    void oldKidVerifiesUntilItsTokensExpireThenLeavesTheJwks() throws Exception {
        SigningKey old = signingKeys.ring().current();
        Instant oldSignedAt = Instant.now();
        Instant oldExpiry = oldSignedAt.plusSeconds(15);
        String oldToken = sign(old, oldExpiry);

        await().atMost(Duration.ofSeconds(10))
                .until(() -> !signingKeys.ring().current().kid().equals(old.kid()));
        SigningKey next = signingKeys.ring().current();
        Instant newSignedAt = Instant.now();
        String newToken = sign(next, newSignedAt.plusSeconds(15));

        assertThat(jwksKids()).contains(old.kid(), next.kid());
        // What is checked is that the served JWKS verifies both signatures; each token is evaluated
        // at its signing instant, so a slow machine cannot turn this into a test of the token's expiry.
        assertThat(verifiesAgainstJwks(oldToken, oldSignedAt)).isTrue();
        assertThat(verifiesAgainstJwks(newToken, newSignedAt)).isTrue();
        // Overlap: max-ttl 15 s + clock-skew 1 s + check-interval 1 s after retirement, so the old
        // kid leaves the JWKS only once its last possible token has expired.
        await().atMost(Duration.ofSeconds(40)).until(() -> !jwksKids().contains(old.kid()));
        assertThat(Instant.now()).isAfter(oldExpiry);
    }

    private static String sign(SigningKey key, Instant expiresAt) {
        Instant now = Instant.now();
        return AccessTokenCodec.encode(
                key.encodedHeader(),
                new AccessTokenClaims(
                        "urn:watchword:issuer",
                        "key_1",
                        "acme",
                        "orders:read",
                        "watchword",
                        now,
                        now,
                        expiresAt,
                        "tok_1"),
                key.signer());
    }

    private static List<String> jwksKids() {
        return given().get("/.well-known/jwks.json")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("keys.kid");
    }

    private static boolean verifiesAgainstJwks(String token, Instant evaluatedAt) throws Exception {
        String jwks = given().get("/.well-known/jwks.json").asString();
        try {
            new JwtConsumerBuilder()
                    .setVerificationKeyResolver(
                            new JwksVerificationKeyResolver(new JsonWebKeySet(jwks).getJsonWebKeys()))
                    .setSkipDefaultAudienceValidation()
                    .setAllowedClockSkewInSeconds(0)
                    .setEvaluationTime(NumericDate.fromMilliseconds(evaluatedAt.toEpochMilli()))
                    .build()
                    .processToClaims(token);
            return true;
        } catch (org.jose4j.jwt.consumer.InvalidJwtException e) {
            return false;
        }
    }
}
