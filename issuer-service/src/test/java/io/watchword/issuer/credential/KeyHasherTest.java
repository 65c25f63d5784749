package io.watchword.issuer.credential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class KeyHasherTest {

    private static final byte[] PEPPER = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    @Test
    void missingOrShortPepperFailsWithAnActionableMessage() {
        assertThatThrownBy(() -> KeyHasher.decode(null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("WATCHWORD_ISSUER_KEY_PEPPER")
                .hasMessageContaining("openssl rand -base64 32");
        assertThatThrownBy(() -> KeyHasher.decode("c2hvcnQ=")).hasMessageContaining("at least 32 are required");
        assertThatThrownBy(() -> KeyHasher.decode("not base64!")).hasMessageContaining("not valid base64");
    }

    @Test
    void sameKeySameHashDifferentPepperDifferentHash() {
        KeyHasher a = KeyHasher.withPepper(PEPPER);
        KeyHasher b = KeyHasher.withPepper("fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.US_ASCII));
        assertThat(a.hash("ww_live_x")).hasSize(32).isEqualTo(a.hash("ww_live_x"));
        assertThat(a.hash("ww_live_x")).isNotEqualTo(b.hash("ww_live_x"));
        assertThat(a.hash("ww_live_x")).isNotEqualTo(a.hash("ww_live_y"));
    }
}
