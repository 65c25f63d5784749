package io.watchword.issuer.token.revocation;

import static org.assertj.core.api.Assertions.assertThat;

import io.watchword.events.v1.CredentialRevocationChanged;
import io.watchword.events.v1.CredentialType;
import io.watchword.events.v1.RevocationReason;
import io.watchword.events.v1.RevocationStatus;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RevocationRegistryTest {

    private final RevocationRegistry registry = new RevocationRegistry();

    @Test
    void revokedAndSuspendedCredentialsAreRefused() {
        registry.apply(change("key_a", RevocationStatus.REVOKED));
        registry.apply(change("key_b", RevocationStatus.SUSPENDED));

        assertThat(registry.isRefused("acme", "key_a")).isTrue();
        assertThat(registry.isRefused("acme", "key_b")).isTrue();
        assertThat(registry.isRefused("acme", "key_c")).isFalse();
    }

    @Test
    void reinstatementLiftsASuspension() {
        registry.apply(change("key_a", RevocationStatus.SUSPENDED));
        registry.apply(change("key_a", RevocationStatus.REINSTATED));

        assertThat(registry.isRefused("acme", "key_a")).isFalse();
    }

    @Test
    void aTombstoneForgetsTheCredential() {
        registry.apply(change("tok_a", RevocationStatus.REVOKED));
        registry.forget("acme/tok_a");

        assertThat(registry.isRefused("acme", "tok_a")).isFalse();
        assertThat(registry.size()).isZero();
    }

    @Test
    void anotherTenantsRecordRefusesNothingOfThisTenant() {
        registry.apply(change("globex", "key_a", RevocationStatus.REVOKED));

        assertThat(registry.isRefused("acme", "key_a")).isFalse();
        assertThat(registry.isRefused("globex", "key_a")).isTrue();
    }

    @Test
    void tombstoneWithTheIdAloneOfAnOlderRecordForgetsIt() {
        registry.apply(change("tok_a", RevocationStatus.REVOKED));
        registry.forget("tok_a");

        assertThat(registry.isRefused("acme", "tok_a")).isFalse();
    }

    private static CredentialRevocationChanged change(String id, RevocationStatus status) {
        return change("acme", id, status);
    }

    private static CredentialRevocationChanged change(String tenant, String id, RevocationStatus status) {
        return new CredentialRevocationChanged(
                UUID.randomUUID(),
                Instant.now(),
                tenant,
                id,
                CredentialType.API_KEY,
                null,
                status,
                RevocationReason.values()[0],
                "adm_x",
                null,
                Instant.now().plusSeconds(3600));
    }
}
