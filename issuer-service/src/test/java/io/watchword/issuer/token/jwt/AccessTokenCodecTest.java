package io.watchword.issuer.token.jwt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.watchword.issuer.token.crypto.Base64Url;
import io.watchword.issuer.token.crypto.Ed25519Signer;
import io.watchword.issuer.token.crypto.Ed25519Verifier;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AccessTokenCodecTest {

    private static final Ed25519Signer SIGNER = Ed25519Signer.generate(new SecureRandom());
    private static final Map<String, Ed25519Verifier> KEYS = Map.of("sk_1", SIGNER.verifier());
    private static final Instant NOW = Instant.parse("2026-11-25T08:00:00Z");
    private static final AccessTokenClaims CLAIMS = new AccessTokenClaims(
            "https://issuer.example",
            "key_abc",
            "acme",
            "orders:read",
            "orders-api",
            NOW,
            NOW,
            NOW.plusSeconds(300),
            "tok_123");

    @Test
    void roundTripsTheClaims() {
        String token = AccessTokenCodec.encode(AccessTokenCodec.encodedHeader("sk_1"), CLAIMS, SIGNER);

        assertThat(AccessTokenCodec.verify(token, KEYS::get)).isEqualTo(CLAIMS);
        assertThat(AccessTokenCodec.header(token)).isEqualTo(new JwtHeader("EdDSA", "sk_1", "at+jwt"));
    }

    @Test
    void tamperedPayloadHeaderOrSignatureIsRejected() {
        String token = AccessTokenCodec.encode(AccessTokenCodec.encodedHeader("sk_1"), CLAIMS, SIGNER);
        String[] parts = token.split("\\.");
        String widened = Base64Url.encode(new String(Base64Url.decode(parts[1]), StandardCharsets.UTF_8)
                .replace("orders:read", "orders:admin")
                .getBytes(StandardCharsets.UTF_8));
        String otherHeader = Base64Url.encode(
                "{\"alg\":\"EdDSA\",\"kid\":\"sk_1\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String flippedSignature = parts[2].charAt(0) == 'A' ? "B" + parts[2].substring(1) : "A" + parts[2].substring(1);

        assertThatThrownBy(() -> AccessTokenCodec.verify(parts[0] + "." + widened + "." + parts[2], KEYS::get))
                .isInstanceOf(InvalidTokenException.class);
        assertThatThrownBy(() -> AccessTokenCodec.verify(otherHeader + "." + parts[1] + "." + parts[2], KEYS::get))
                .isInstanceOf(InvalidTokenException.class);
        assertThatThrownBy(() -> AccessTokenCodec.verify(parts[0] + "." + parts[1] + "." + flippedSignature, KEYS::get))
                .isInstanceOf(InvalidTokenException.class);
    }

    @Test
    void algNoneAndUnknownKeysAreRejected() {
        String none = Base64Url.encode("{\"alg\":\"none\",\"kid\":\"sk_1\"}".getBytes(StandardCharsets.UTF_8));
        String token = AccessTokenCodec.encode(AccessTokenCodec.encodedHeader("sk_2"), CLAIMS, SIGNER);

        assertThatThrownBy(() -> AccessTokenCodec.verify(none + ".e30.", KEYS::get))
                .hasMessageContaining("EdDSA");
        assertThatThrownBy(() -> AccessTokenCodec.verify(token, KEYS::get)).hasMessageContaining("unknown");
    }

    @Test
    void aJwtThatIsNotAnAccessTokenIsRejected() {
        String idTokenHeader = Base64Url.encode(
                "{\"alg\":\"EdDSA\",\"kid\":\"sk_1\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String signingInput = idTokenHeader + ".e30";
        String token =
                signingInput + "." + Base64Url.encode(SIGNER.sign(signingInput.getBytes(StandardCharsets.US_ASCII)));

        assertThatThrownBy(() -> AccessTokenCodec.verify(token, KEYS::get)).hasMessageContaining("at+jwt");
    }

    @Test
    void garbageIsRejectedWithoutOtherExceptions() {
        for (String garbage : new String[] {"", "abc", "a.b", "a.b.c.d", "!!.??.**", "e30.e30.e30"}) {
            assertThatThrownBy(() -> AccessTokenCodec.verify(garbage, KEYS::get))
                    .isInstanceOf(InvalidTokenException.class);
        }
    }
}
