package io.watchword.issuer.token.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.watchword.issuer.token.crypto.Ed25519Signer;
import io.watchword.issuer.token.crypto.KeyEncryptionException;
import io.watchword.issuer.token.crypto.MasterKeyCipher;
import io.watchword.testsupport.quarkus.WatchwordTestResource;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Base64;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = WatchwordTestResource.class, initArgs = @ResourceArg(name = "database", value = "issuer"))
class SigningKeyEncryptionAtRestTest {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    SigningKeyService signingKeys;

    @ConfigProperty(name = "watchword.issuer.master-key")
    String masterKey;

    @Test
    void privateKeysAreStoredSealedAndOpenOnlyWithTheMasterKey() throws Exception {
        String kid = signingKeys.ring().current().kid();
        byte[] publicKey = signingKeys.ring().current().signer().publicKey();
        byte[] privateKey = signingKeys.ring().current().signer().privateKey();

        byte[] sealed;
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement =
                        connection.prepareStatement("SELECT sealed_private_key FROM signing_keys WHERE kid = ?")) {
            statement.setString(1, kid);
            try (ResultSet rs = statement.executeQuery()) {
                assertThat(rs.next()).isTrue();
                sealed = rs.getBytes(1);
            }
        }

        assertThat(indexOf(sealed, privateKey)).isEqualTo(-1);
        assertThat(new String(sealed, StandardCharsets.ISO_8859_1))
                .doesNotContain(Base64.getEncoder().encodeToString(privateKey));
        byte[] opened = new MasterKeyCipher(Base64.getDecoder().decode(masterKey), List.of())
                .decrypt(sealed, kid)
                .plaintext();
        assertThat(Ed25519Signer.fromPrivateKey(opened).publicKey()).isEqualTo(publicKey);
        byte[] otherMasterKey = new byte[32];
        new SecureRandom().nextBytes(otherMasterKey);
        assertThatThrownBy(() -> new MasterKeyCipher(otherMasterKey, List.of()).decrypt(sealed, kid))
                .isInstanceOf(KeyEncryptionException.class);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
