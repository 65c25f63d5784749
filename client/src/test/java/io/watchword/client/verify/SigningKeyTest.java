package io.watchword.client.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.junit.jupiter.api.Test;

/** RFC 8037 Appendix A: the Ed25519 JWK and JWS test vector. */
class SigningKeyTest {

    private static final String D = "nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A";
    private static final String X = "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo";
    private static final String SIGNING_INPUT = "eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc";
    private static final String SIGNATURE =
            "hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg";

    private static final Base64.Decoder B64 = Base64.getUrlDecoder();

    @Test
    void verifiesTheRfc8037Signature() {
        byte[] input = SIGNING_INPUT.getBytes(StandardCharsets.US_ASCII);

        boolean valid = SigningKey.of("rfc8037", B64.decode(X)).verify(B64.decode(SIGNATURE), input, input.length);

        assertThat(valid).isTrue();
    }

    @Test
    void theRfc8037PrivateKeyProducesThePublishedSignature() {
        byte[] input = SIGNING_INPUT.getBytes(StandardCharsets.US_ASCII);
        byte[] signature = new byte[Ed25519.SIGNATURE_SIZE];

        Ed25519.sign(B64.decode(D), 0, input, 0, input.length, signature, 0);

        assertThat(Base64.getUrlEncoder().withoutPadding().encodeToString(signature))
                .isEqualTo(SIGNATURE);
    }

    @Test
    void refusesTheVectorWithOneByteChanged() {
        byte[] input = SIGNING_INPUT.getBytes(StandardCharsets.US_ASCII);
        input[input.length - 1] ^= 1;

        boolean valid = SigningKey.of("rfc8037", B64.decode(X)).verify(B64.decode(SIGNATURE), input, input.length);

        assertThat(valid).isFalse();
    }

    @Test
    void refusesAKeyOfTheWrongLength() {
        assertThatThrownBy(() -> SigningKey.of("short", new byte[31])).isInstanceOf(IllegalArgumentException.class);
    }
}
