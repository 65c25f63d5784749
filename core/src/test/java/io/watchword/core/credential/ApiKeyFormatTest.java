package io.watchword.core.credential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ApiKeyFormatTest {

    /** Fixed seed: a failure is reproducible; the count makes the search worth something. */
    private final Random random = new Random(20261202L);

    @Test
    void generatedKeysHavePrefixRandomPartValidChecksumAndDisplayPrefix() {
        for (String env : ApiKeyFormat.ENVIRONMENTS) {
            String key = ApiKeyFormat.generate(env);
            assertThat(key).startsWith("ww_" + env + "_").hasSize(4 + env.length() + 32 + 6);
            assertThat(ApiKeyFormat.hasValidChecksum(key)).isTrue();
            assertThat(ApiKeyFormat.looksLikeApiKey(key)).isTrue();
            assertThat(ApiKeyFormat.environmentOf(key)).contains(env);
            assertThat(ApiKeyFormat.displayPrefix(key)).isEqualTo(key.substring(0, 4 + env.length() + 8));
            assertThat(ApiKeyFormat.displayPrefixOf(key)).contains(ApiKeyFormat.displayPrefix(key));
            assertThat(ApiKeyFormat.isAdminKey(key)).isEqualTo(env.equals("admin"));
        }
    }

    @Test
    void matchesTheChecksumEveryCopyComputedBefore() {
        // CRC32 of the ASCII body as 6 zero-padded base62 digits, computed independently (zlib).
        assertThat(ApiKeyFormat.withChecksum("ww_test_00000000000000000000000000000000"))
                .isEqualTo("ww_test_000000000000000000000000000000000ebggk");
    }

    @Test
    void keysAreUnique() {
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < 2_000; i++) {
            assertThat(keys.add(ApiKeyFormat.generate("live"))).isTrue();
        }
    }

    @Test
    void everySingleCharacterChangeOfAGeneratedKeyIsRefused() {
        for (int n = 0; n < 200; n++) {
            String key = ApiKeyFormat.generate(n % 2 == 0 ? "live" : "admin");
            for (int i = 0; i < key.length(); i++) {
                char other = Base62.ALPHABET.charAt(random.nextInt(62));
                if (other == key.charAt(i)) {
                    continue;
                }
                String typo = key.substring(0, i) + other + key.substring(i + 1);
                assertThat(ApiKeyFormat.hasValidChecksum(typo)).as(typo).isFalse();
                assertThat(ApiKeyFormat.displayPrefixOf(typo)).isEmpty();
            }
        }
    }

    @Test
    void randomMutationsOfValidKeysAreRefusedWithoutAnException() {
        int refused = 0;
        for (int n = 0; n < 5_000; n++) {
            String key = ApiKeyFormat.generate(n % 3 == 0 ? "test" : "live");
            String mutated = mutate(key);
            if (mutated.equals(key)) {
                continue;
            }
            // Passes only on a CRC32 collision: about 1 in 4.3e9 per mutation.
            assertThat(ApiKeyFormat.hasValidChecksum(mutated)).as(mutated).isFalse();
            assertThat(ApiKeyFormat.isAdminKey(mutated)).isFalse();
            assertThat(ApiKeyFormat.displayPrefixOf(mutated)).isEmpty();
            ApiKeyFormat.environmentOf(mutated);
            refused++;
        }
        assertThat(refused).isGreaterThan(4_500);
    }

    @Test
    void arbitraryTextIsNeverAKeyAndNeverThrows() {
        for (int n = 0; n < 5_000; n++) {
            String text = hostile(n);
            assertThat(ApiKeyFormat.hasValidChecksum(text)).isFalse();
            assertThat(ApiKeyFormat.isAdminKey(text)).isFalse();
            assertThat(ApiKeyFormat.displayPrefixOf(text)).isEmpty();
            ApiKeyFormat.environmentOf(text);
            ApiKeyFormat.looksLikeApiKey(text);
        }
        assertThat(ApiKeyFormat.hasValidChecksum(null)).isFalse();
        assertThat(ApiKeyFormat.environmentOf(null)).isEmpty();
        assertThat(ApiKeyFormat.displayPrefixOf(null)).isEmpty();
        assertThat(ApiKeyFormat.looksLikeApiKey(null)).isFalse();
    }

    @Test
    void truncatedExtendedAndForeignKeysAreRefused() {
        String key = ApiKeyFormat.generate("live");
        assertThat(ApiKeyFormat.hasValidChecksum(key.substring(0, key.length() - 1)))
                .isFalse();
        assertThat(ApiKeyFormat.hasValidChecksum(key + "0")).isFalse();
        assertThat(ApiKeyFormat.hasValidChecksum(key.replace("ww_live_", "ww_test_")))
                .isFalse();
        assertThat(ApiKeyFormat.hasValidChecksum("ww_prod_" + key.substring(8))).isFalse();
        assertThat(ApiKeyFormat.hasValidChecksum(key.replace("ww_live_", "ww_live-")))
                .isFalse();
        assertThat(ApiKeyFormat.hasValidChecksum(key.substring(0, 40) + "!!!!!!"))
                .isFalse();
        assertThat(ApiKeyFormat.hasValidChecksum(key + "\u0000")).isFalse();
        assertThat(ApiKeyFormat.hasValidChecksum(key.substring(0, 20) + '\u0391' + key.substring(21)))
                .isFalse();
        assertThat(ApiKeyFormat.hasValidChecksum("sk_live_abc")).isFalse();
    }

    @Test
    void environmentComesFromThePrefixAlone() {
        assertThat(ApiKeyFormat.environmentOf("ww_admin_whatever")).contains("admin");
        assertThat(ApiKeyFormat.environmentOf("ww_admin")).isEmpty();
        assertThat(ApiKeyFormat.environmentOf("ww_administrator_x")).isEmpty();
        assertThat(ApiKeyFormat.environmentOf("ww_prod_x")).isEmpty();
        assertThat(ApiKeyFormat.environmentOf("ww_live_" + "x".repeat(1_000_000)))
                .contains("live");
    }

    @Test
    void misuseIsRefusedWithADocumentedExceptionThatDoesNotQuoteTheInput() {
        assertThatThrownBy(() -> ApiKeyFormat.generate("prod")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ApiKeyFormat.generate(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ApiKeyFormat.withChecksum("ww_live_short"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ApiKeyFormat.displayPrefix("sk_live_secret"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("secret");
    }

    private String mutate(String key) {
        StringBuilder s = new StringBuilder(key);
        int changes = 1 + random.nextInt(4);
        for (int c = 0; c < changes; c++) {
            int at = random.nextInt(s.length());
            switch (random.nextInt(5)) {
                case 0 -> s.setCharAt(at, Base62.ALPHABET.charAt(random.nextInt(62)));
                case 1 -> s.deleteCharAt(at);
                case 2 -> s.insert(at, Base62.ALPHABET.charAt(random.nextInt(62)));
                case 3 -> s.setCharAt(at, (char) random.nextInt(0x3000));
                default -> {
                    int other = random.nextInt(s.length());
                    char tmp = s.charAt(at);
                    s.setCharAt(at, s.charAt(other));
                    s.setCharAt(other, tmp);
                }
            }
        }
        return s.toString();
    }

    /** Empty, NUL-filled, control characters, non-ASCII, key-like prefixes, up to 100 KB. */
    private String hostile(int n) {
        int length =
                switch (n % 10) {
                    case 0 -> 0;
                    case 1 -> 100_000;
                    case 2 -> 46 + random.nextInt(2);
                    default -> random.nextInt(64);
                };
        StringBuilder s = new StringBuilder(n % 4 == 0 ? "ww_live_" : n % 4 == 1 ? "ww_admin_" : "");
        while (s.length() < length) {
            s.append(
                    switch (random.nextInt(4)) {
                        case 0 -> '\u0000';
                        case 1 -> (char) random.nextInt(0x20);
                        case 2 -> (char) (0x80 + random.nextInt(0xFF00));
                        default -> Base62.ALPHABET.charAt(random.nextInt(62));
                    });
        }
        return s.toString();
    }
}
