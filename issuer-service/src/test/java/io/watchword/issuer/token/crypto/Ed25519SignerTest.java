package io.watchword.issuer.token.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class Ed25519SignerTest {

    // RFC 8037 Appendix A.1 (key) and A.4 (JWS signature).
    private static final String RFC8037_D = "nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A";
    private static final String RFC8037_X = "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo";
    private static final String RFC8037_SIGNING_INPUT = "eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc";
    private static final String RFC8037_SIGNATURE =
            "hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg";

    @Test
    void derivesTheRfc8037PublicKey() {
        Ed25519Signer signer = Ed25519Signer.fromPrivateKey(Base64Url.decode(RFC8037_D));

        assertThat(Base64Url.encode(signer.publicKey())).isEqualTo(RFC8037_X);
    }

    @Test
    void producesTheRfc8037Signature() {
        Ed25519Signer signer = Ed25519Signer.fromPrivateKey(Base64Url.decode(RFC8037_D));

        byte[] signature = signer.sign(RFC8037_SIGNING_INPUT.getBytes(StandardCharsets.US_ASCII));

        assertThat(Base64Url.encode(signature)).isEqualTo(RFC8037_SIGNATURE);
    }

    @Test
    void verifiesTheRfc8037SignatureAndRejectsATamperedOne() {
        Ed25519Verifier verifier = Ed25519Verifier.of(Base64Url.decode(RFC8037_X));
        byte[] input = RFC8037_SIGNING_INPUT.getBytes(StandardCharsets.US_ASCII);
        byte[] signature = Base64Url.decode(RFC8037_SIGNATURE);

        assertThat(verifier.verify(signature, input)).isTrue();
        signature[10] ^= 1;
        assertThat(verifier.verify(signature, input)).isFalse();
    }

    @Test
    void generatedKeysSignAndVerify() {
        Ed25519Signer signer = Ed25519Signer.generate(new SecureRandom());
        byte[] message = "hello".getBytes(StandardCharsets.UTF_8);

        assertThat(signer.verifier().verify(signer.sign(message), message)).isTrue();
        assertThat(Ed25519Signer.generate(new SecureRandom()).verifier().verify(signer.sign(message), message))
                .isFalse();
    }

    @Test
    void refusesKeysOfTheWrongLength() {
        assertThatThrownBy(() -> Ed25519Signer.fromPrivateKey(new byte[31]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Ed25519Verifier.of(new byte[33])).isInstanceOf(IllegalArgumentException.class);
    }
}
