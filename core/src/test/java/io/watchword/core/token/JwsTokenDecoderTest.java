package io.watchword.core.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.junit.jupiter.api.Test;

/** The shared token verification: Ed25519 JWS, and the claims checks every verifier makes. */
class JwsTokenDecoderTest {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final byte[] privateKey = new byte[Ed25519.SECRET_KEY_SIZE];
    private final byte[] publicKey = new byte[Ed25519.PUBLIC_KEY_SIZE];

    JwsTokenDecoderTest() {
        new SecureRandom().nextBytes(privateKey);
        Ed25519.generatePublicKey(privateKey, 0, publicKey, 0);
    }

    private String sign(String header, String claims) {
        String input = B64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + B64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        byte[] bytes = input.getBytes(StandardCharsets.US_ASCII);
        byte[] signature = new byte[Ed25519.SIGNATURE_SIZE];
        Ed25519.sign(privateKey, 0, bytes, 0, bytes.length, signature, 0);
        return input + "." + B64.encodeToString(signature);
    }

    private static final String CLAIMS = "{\"iss\":\"urn:watchword:issuer\",\"sub\":\"key_1\",\"tenant\":\"ten_a\","
            + "\"scope\":\"orders:read\",\"aud\":\"orders\",\"nbf\":1000,\"exp\":2000,\"jti\":\"tok_1\"}";

    @Test
    void aTokenSignedByAPublishedKeyVerifiesAndPassesTheClaimsChecks() throws Exception {
        SigningKey key = SigningKey.of("k1", publicKey);
        TokenClaims claims = JwsTokenDecoder.verify(sign("{\"alg\":\"EdDSA\",\"kid\":\"k1\"}", CLAIMS), kid -> key);

        assertThat(claims.subject()).isEqualTo("key_1");
        assertThat(claims.tenant()).isEqualTo("ten_a");
        assertThat(claims.scope()).isEqualTo("orders:read");
        assertThat(TokenClaimsCheck.identity(claims, "urn:watchword:issuer", "orders"))
                .isNull();
        assertThat(TokenClaimsCheck.identity(claims, "urn:watchword:issuer", "billing"))
                .isEqualTo(TokenFailure.WRONG_AUDIENCE);
        assertThat(TokenClaimsCheck.identity(claims, "urn:other", null)).isEqualTo(TokenFailure.WRONG_ISSUER);
        assertThat(TokenClaimsCheck.time(claims, 1500, 30)).isNull();
        assertThat(TokenClaimsCheck.time(claims, 2030, 30)).isEqualTo(TokenFailure.EXPIRED);
        assertThat(TokenClaimsCheck.time(claims, 900, 30)).isEqualTo(TokenFailure.NOT_YET_VALID);
    }

    @Test
    void anotherAlgorithmAnUnknownKeyAndATamperedPayloadAreRefused() {
        SigningKey key = SigningKey.of("k1", publicKey);
        String token = sign("{\"alg\":\"EdDSA\",\"kid\":\"k1\"}", CLAIMS);

        assertThatThrownBy(() -> JwsTokenDecoder.verify(sign("{\"alg\":\"none\",\"kid\":\"k1\"}", CLAIMS), k -> key))
                .isInstanceOfSatisfying(TokenRejectedException.class, e -> assertThat(e.failure())
                        .isEqualTo(TokenFailure.BAD_SIGNATURE));
        assertThatThrownBy(() -> JwsTokenDecoder.verify(token, k -> null))
                .isInstanceOfSatisfying(TokenRejectedException.class, e -> assertThat(e.failure())
                        .isEqualTo(TokenFailure.UNKNOWN_KEY));
        String[] parts = token.split("\\.");
        String tampered = parts[0] + "."
                + B64.encodeToString(CLAIMS.replace("key_1", "key_2").getBytes(StandardCharsets.UTF_8)) + "."
                + parts[2];
        assertThatThrownBy(() -> JwsTokenDecoder.verify(tampered, k -> key))
                .isInstanceOfSatisfying(TokenRejectedException.class, e -> assertThat(e.failure())
                        .isEqualTo(TokenFailure.BAD_SIGNATURE));
    }
}
