package io.watchword.issuer.token.revocation;

import static org.assertj.core.api.Assertions.assertThat;

import io.watchword.events.v1.CredentialRevocationChanged;
import io.watchword.events.v1.CredentialType;
import io.watchword.events.v1.RevocationStatus;
import io.watchword.issuer.credential.CredentialStatus;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CredentialStatusTransitionTest {

    private static CredentialStatus after(CredentialStatus current, RevocationStatus record) {
        return CredentialStatusUpdater.next(
                current,
                new CredentialRevocationChanged(
                        UUID.randomUUID(),
                        Instant.now(),
                        "acme",
                        "key_1",
                        CredentialType.API_KEY,
                        null,
                        record,
                        null,
                        null,
                        null,
                        null));
    }

    @Test
    void revocationIsFinalEvenAgainstALaterReinstatement() {
        assertThat(after(CredentialStatus.ACTIVE, RevocationStatus.REVOKED)).isEqualTo(CredentialStatus.REVOKED);
        assertThat(after(CredentialStatus.REVOKED, RevocationStatus.REINSTATED)).isEqualTo(CredentialStatus.REVOKED);
        assertThat(after(CredentialStatus.REVOKED, RevocationStatus.SUSPENDED)).isEqualTo(CredentialStatus.REVOKED);
    }

    @Test
    void suspensionAppliesToAnActiveKeyAndReinstatementLiftsOnlyASuspension() {
        assertThat(after(CredentialStatus.ACTIVE, RevocationStatus.SUSPENDED)).isEqualTo(CredentialStatus.SUSPENDED);
        assertThat(after(CredentialStatus.SUSPENDED, RevocationStatus.REINSTATED))
                .isEqualTo(CredentialStatus.ACTIVE);
        assertThat(after(CredentialStatus.ACTIVE, RevocationStatus.REINSTATED)).isEqualTo(CredentialStatus.ACTIVE);
    }

    @Test
    void expiredKeyIsNeitherSuspendedNorReinstatedButCanBeRevoked() {
        assertThat(after(CredentialStatus.EXPIRED, RevocationStatus.SUSPENDED)).isEqualTo(CredentialStatus.EXPIRED);
        assertThat(after(CredentialStatus.EXPIRED, RevocationStatus.REINSTATED)).isEqualTo(CredentialStatus.EXPIRED);
        assertThat(after(CredentialStatus.EXPIRED, RevocationStatus.REVOKED)).isEqualTo(CredentialStatus.REVOKED);
    }
}
