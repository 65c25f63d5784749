package io.watchword.client.apikey;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class ApiKeyFormatTest {

    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private static String newKey(String env) {
        SecureRandom random = new SecureRandom();
        StringBuilder body = new StringBuilder("ww_" + env + "_");
        for (int i = 0; i < 32; i++) {
            body.append(ALPHABET.charAt(random.nextInt(62)));
        }
        return ApiKeyFormat.withChecksum(body.toString());
    }

    @Test
    void acceptsWellFormedKeysOfEveryEnvironment() {
        assertThat(ApiKeyFormat.hasValidChecksum(newKey("live"))).isTrue();
        assertThat(ApiKeyFormat.hasValidChecksum(newKey("test"))).isTrue();
        assertThat(ApiKeyFormat.hasValidChecksum(newKey("admin"))).isTrue();
    }

    @Test
    void matchesTheIssuersChecksum() {
        // CRC32 of the ASCII body as 6 zero-padded base62 digits, computed independently (zlib).
        assertThat(ApiKeyFormat.withChecksum("ww_test_00000000000000000000000000000000"))
                .isEqualTo("ww_test_000000000000000000000000000000000ebggk");
    }

    @Test
    void refusesEverySingleCharacterTypo() {
        String key = newKey("live");
        for (int i = 8; i < key.length(); i++) {
            char replacement = key.charAt(i) == 'x' ? 'y' : 'x';
            String typo = key.substring(0, i) + replacement + key.substring(i + 1);
            assertThat(ApiKeyFormat.hasValidChecksum(typo)).as(typo).isFalse();
        }
    }

    @Test
    void refusesWrongShapes() {
        String key = newKey("live");
        assertThat(ApiKeyFormat.hasValidChecksum(key.substring(0, key.length() - 1)))
                .isFalse();
        assertThat(ApiKeyFormat.hasValidChecksum(key + "0")).isFalse();
        assertThat(ApiKeyFormat.hasValidChecksum(key.replace("ww_live_", "ww_prod_")))
                .isFalse();
        assertThat(ApiKeyFormat.hasValidChecksum(key.replace("ww_live_", "ww_live-")))
                .isFalse();
        assertThat(ApiKeyFormat.hasValidChecksum(null)).isFalse();
    }
}
