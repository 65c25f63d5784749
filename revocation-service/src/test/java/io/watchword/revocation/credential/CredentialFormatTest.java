package io.watchword.revocation.credential;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CredentialFormatTest {

    @Test
    void generatedKeysCarryAValidChecksum() {
        String key = CredentialFormat.generateKey("admin");

        assertThat(key).startsWith("ww_admin_").hasSize(9 + 38);
        assertThat(CredentialFormat.isAdminKey(key)).isTrue();
        assertThat(CredentialFormat.environmentOf(key)).contains("admin");
    }

    @Test
    void aMistypedKeyIsRejectedLocally() {
        String key = CredentialFormat.generateKey("live");
        char last = key.charAt(20);
        String typo = key.substring(0, 20) + (last == 'a' ? 'b' : 'a') + key.substring(21);

        assertThat(CredentialFormat.isWellFormedKey(key)).isTrue();
        assertThat(CredentialFormat.isWellFormedKey(typo)).isFalse();
        assertThat(CredentialFormat.isAdminKey(key)).isFalse();
    }

    @Test
    void idsAndJtisHaveTheirShapes() {
        assertThat(CredentialFormat.isCredentialId(CredentialFormat.newId("key")))
                .isTrue();
        assertThat(CredentialFormat.isJti(CredentialFormat.newId("tok"))).isTrue();
        assertThat(CredentialFormat.isJti("tok_short")).isFalse();
        assertThat(CredentialFormat.isCredentialId("tok_AAAAAAAAAAAAAAAAAAAAAA"))
                .isFalse();
    }
}
