package io.watchword.issuer.credential;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class KeyHasherTest {

    private static final byte[] PEPPER = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    @Test
    void sameKeySameHashDifferentPepperDifferentHash() {
        KeyHasher a = KeyHasher.withPepper(PEPPER);
        KeyHasher b = KeyHasher.withPepper("fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.US_ASCII));
        assertThat(a.hash("ww_live_x")).hasSize(32).isEqualTo(a.hash("ww_live_x"));
        assertThat(a.hash("ww_live_x")).isNotEqualTo(b.hash("ww_live_x"));
        assertThat(a.hash("ww_live_x")).isNotEqualTo(a.hash("ww_live_y"));
    }
}
