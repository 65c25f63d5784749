package io.watchword.issuer.token.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;

class MasterKeyCipherTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] SECRET = "thirty-two bytes of private key!".getBytes(StandardCharsets.UTF_8);

    @Test
    void roundTripsUnderTheCurrentKey() {
        MasterKeyCipher cipher = new MasterKeyCipher(key(), List.of());

        byte[] sealed = cipher.encrypt(SECRET, "sk_1");
        MasterKeyCipher.Decrypted opened = cipher.decrypt(sealed, "sk_1");

        assertThat(opened.plaintext()).isEqualTo(SECRET);
        assertThat(opened.underPreviousMasterKey()).isFalse();
    }

    @Test
    void ciphertextNeitherContainsThePlaintextNorRepeats() {
        MasterKeyCipher cipher = new MasterKeyCipher(key(), List.of());

        byte[] first = cipher.encrypt(SECRET, "sk_1");
        byte[] second = cipher.encrypt(SECRET, "sk_1");

        assertThat(first).isNotEqualTo(second);
        assertThat(new String(first, StandardCharsets.ISO_8859_1)).doesNotContain("private key");
    }

    @Test
    void aCiphertextMovedToAnotherKeyIdDoesNotDecrypt() {
        MasterKeyCipher cipher = new MasterKeyCipher(key(), List.of());

        byte[] sealed = cipher.encrypt(SECRET, "sk_1");

        assertThatThrownBy(() -> cipher.decrypt(sealed, "sk_2")).isInstanceOf(KeyEncryptionException.class);
    }

    @Test
    void decryptsWithAPreviousMasterKeyDuringMasterKeyRotation() {
        byte[] oldKey = key();
        byte[] sealed = new MasterKeyCipher(oldKey, List.of()).encrypt(SECRET, "sk_1");

        MasterKeyCipher.Decrypted opened = new MasterKeyCipher(key(), List.of(oldKey)).decrypt(sealed, "sk_1");

        assertThat(opened.plaintext()).isEqualTo(SECRET);
        assertThat(opened.underPreviousMasterKey()).isTrue();
    }

    @Test
    void aWrongMasterKeyFailsWithAnActionableMessage() {
        byte[] sealed = new MasterKeyCipher(key(), List.of()).encrypt(SECRET, "sk_1");

        assertThatThrownBy(() -> new MasterKeyCipher(key(), List.of()).decrypt(sealed, "sk_1"))
                .isInstanceOf(KeyEncryptionException.class)
                .hasMessageContaining("previous-master-keys");
    }

    @Test
    void refusesAMasterKeyThatIsNot32Bytes() {
        assertThatThrownBy(() -> new MasterKeyCipher(new byte[16], List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("32 bytes");
    }

    private static byte[] key() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return key;
    }
}
