package io.watchword.issuer.credential;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ApiKeyFormatTest {

    private final ApiKeyFormat format = new ApiKeyFormat();

    @Test
    void generatedKeyHasPrefixRandomPartAndValidChecksum() {
        String key = format.generate("live");
        assertThat(key).startsWith("ww_live_").hasSize(8 + 32 + 6);
        assertThat(format.hasValidChecksum(key)).isTrue();
        assertThat(format.environmentOf(key)).contains("live");
        assertThat(format.displayPrefix(key)).isEqualTo(key.substring(0, 16));
    }

    @Test
    void adminAndTestEnvironmentsHaveTheirOwnPrefix() {
        assertThat(format.generate("admin")).startsWith("ww_admin_");
        assertThat(format.generate("test")).startsWith("ww_test_");
        assertThat(format.hasValidChecksum(format.generate("admin"))).isTrue();
    }

    @Test
    void everySingleCharacterTypoIsRejectedByTheChecksum() {
        String key = format.generate("live");
        for (int i = 8; i < key.length(); i++) {
            char c = key.charAt(i);
            char other = c == 'a' ? 'b' : 'a';
            String typo = key.substring(0, i) + other + key.substring(i + 1);
            assertThat(format.hasValidChecksum(typo)).as("typo at %d", i).isFalse();
        }
    }

    @Test
    void truncatedSwappedOrForeignKeysAreRejected() {
        String key = format.generate("live");
        assertThat(format.hasValidChecksum(key.substring(0, key.length() - 1))).isFalse();
        assertThat(format.hasValidChecksum(key.replace("ww_live_", "ww_test_"))).isFalse();
        assertThat(format.hasValidChecksum("ww_prod_" + key.substring(8))).isFalse();
        assertThat(format.hasValidChecksum("sk_live_abc")).isFalse();
        assertThat(format.hasValidChecksum(null)).isFalse();
        assertThat(format.hasValidChecksum(key.substring(0, 40) + "!!!!!!")).isFalse();
    }

    @Test
    void keysAreUnique() {
        assertThat(format.generate("live")).isNotEqualTo(format.generate("live"));
    }
}
