package io.watchword.issuer.token.jwt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.watchword.issuer.token.crypto.Ed25519Signer;
import io.watchword.issuer.token.signing.JwksWriter;
import io.watchword.issuer.token.signing.SigningKey;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.junit.jupiter.api.Test;

/** Our hand-written tokens and JWKS, read by an independent JOSE library (jose4j, JDK EdDSA). */
class Jose4jInteroperabilityTest {

    private final SigningKey key = SigningKey.of("sk_a", Ed25519Signer.generate(new SecureRandom()));
    private final SigningKey other = SigningKey.of("sk_b", Ed25519Signer.generate(new SecureRandom()));

    @Test
    void jose4jVerifiesOurTokenAgainstOurJwks() throws Exception {
        Instant now = Instant.now();
        String token = AccessTokenCodec.encode(key.encodedHeader(), claims(now), key.signer());

        JwtClaims claims = consumer().processToClaims(token);

        assertThat(claims.getSubject()).isEqualTo("key_1");
        assertThat(claims.getStringClaimValue("tenant")).isEqualTo("acme");
        assertThat(claims.getStringClaimValue("scope")).isEqualTo("orders:read");
        assertThat(claims.getJwtId()).isEqualTo("tok_1");
        assertThat(claims.getExpirationTime().getValue())
                .isEqualTo(now.plusSeconds(300).getEpochSecond());
    }

    @Test
    void jose4jRejectsTamperedHeaderPayloadAndSignature() throws Exception {
        String token = AccessTokenCodec.encode(key.encodedHeader(), claims(Instant.now()), key.signer());
        String[] parts = token.split("\\.");
        String payload = new String(java.util.Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        String widened = java.util.Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(payload.replace("orders:read", "orders:admin").getBytes(StandardCharsets.UTF_8));
        // Same signature presented under the other key's id.
        String otherHeader = other.encodedHeader();
        char last = parts[2].charAt(10);
        String flipped = parts[2].substring(0, 10) + (last == 'A' ? 'B' : 'A') + parts[2].substring(11);

        for (String tampered : List.of(
                parts[0] + "." + widened + "." + parts[2],
                otherHeader + "." + parts[1] + "." + parts[2],
                parts[0] + "." + parts[1] + "." + flipped)) {
            assertThatThrownBy(() -> consumer().processToClaims(tampered)).isInstanceOf(InvalidJwtException.class);
        }
    }

    private JwtConsumer consumer() throws Exception {
        String jwks = new String(
                JwksWriter.write(List.of(
                        new JwksWriter.PublicJwk(key.kid(), key.signer().publicKey()),
                        new JwksWriter.PublicJwk(other.kid(), other.signer().publicKey()))),
                StandardCharsets.UTF_8);
        return new JwtConsumerBuilder()
                .setVerificationKeyResolver(new JwksVerificationKeyResolver(new JsonWebKeySet(jwks).getJsonWebKeys()))
                .setExpectedIssuer("urn:watchword:issuer")
                .setExpectedAudience("watchword")
                .setRequireExpirationTime()
                .setRequireJwtId()
                .build();
    }

    private static AccessTokenClaims claims(Instant now) {
        return new AccessTokenClaims(
                "urn:watchword:issuer",
                "key_1",
                "acme",
                "orders:read",
                "watchword",
                now,
                now,
                now.plusSeconds(300),
                "tok_1");
    }
}
