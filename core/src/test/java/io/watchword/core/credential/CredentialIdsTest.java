package io.watchword.core.credential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

class CredentialIdsTest {

    private final Random random = new Random(6L);

    @Test
    void newIdsHaveTheirPrefixAnd22Base62Characters() {
        assertThat(CredentialIds.newApiKeyId()).matches("key_[0-9A-Za-z]{22}");
        assertThat(CredentialIds.newAdminKeyId()).matches("adm_[0-9A-Za-z]{22}");
        assertThat(CredentialIds.newTokenId()).matches("tok_[0-9A-Za-z]{22}");
        assertThat(CredentialIds.newId("rev")).matches("rev_[0-9A-Za-z]{22}");
        assertThat(CredentialIds.newApiKeyId()).isNotEqualTo(CredentialIds.newApiKeyId());
    }

    @Test
    void eachKindIsRecognisedOnlyAsItself() {
        String key = CredentialIds.newApiKeyId();
        String adm = CredentialIds.newAdminKeyId();
        String tok = CredentialIds.newTokenId();
        assertThat(CredentialIds.isApiKeyId(key)).isTrue();
        assertThat(CredentialIds.isCredentialId(key)).isTrue();
        assertThat(CredentialIds.isAdminKeyId(adm)).isTrue();
        assertThat(CredentialIds.isCredentialId(adm)).isTrue();
        assertThat(CredentialIds.isJti(tok)).isTrue();
        assertThat(CredentialIds.isCredentialId(tok)).isFalse();
        assertThat(CredentialIds.isJti(key)).isFalse();
        assertThat(CredentialIds.isApiKeyId(adm)).isFalse();
        assertThat(CredentialIds.isJti("tok_short")).isFalse();
        assertThat(CredentialIds.isCredentialId("tok_AAAAAAAAAAAAAAAAAAAAAA")).isFalse();
    }

    @Test
    void mutatedAndArbitraryTextIsNeverAnIdAndNeverThrows() {
        for (int n = 0; n < 5_000; n++) {
            String id = CredentialIds.newApiKeyId();
            StringBuilder s = new StringBuilder(id);
            int at = random.nextInt(s.length());
            switch (n % 4) {
                case 0 -> s.setCharAt(at, (char) (random.nextBoolean() ? 0 : 0x80 + random.nextInt(0xFF00)));
                case 1 -> s.deleteCharAt(at);
                case 2 -> s.insert(at, Base62.ALPHABET.charAt(random.nextInt(62)));
                default -> s.setCharAt(at, "_-.:/ %".charAt(random.nextInt(7)));
            }
            String text = s.toString();
            if (text.equals(id)) {
                continue; // '_' put where '_' was
            }
            assertThat(CredentialIds.isCredentialId(text)).as(text).isFalse();
            assertThat(CredentialIds.isJti(text)).isFalse();
        }
        assertThat(CredentialIds.isCredentialId(null)).isFalse();
        assertThat(CredentialIds.isJti("")).isFalse();
        assertThat(CredentialIds.isApiKeyId("key_" + "A".repeat(1_000_000))).isFalse();
        assertThat(CredentialIds.hasShape("x_AAAAAAAAAAAAAAAAAAAAAA", null)).isFalse();
    }

    @Test
    void aPrefixIsOneToEightLowerCaseLetters() {
        assertThatThrownBy(() -> CredentialIds.newId("KEY")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CredentialIds.newId("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CredentialIds.newId(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CredentialIds.newId("k_y")).isInstanceOf(IllegalArgumentException.class);
    }
}
