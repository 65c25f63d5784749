package io.watchword.issuer.token.service;

import static io.watchword.issuer.token.service.TokenExchangeServiceTest.revocation;
import static io.watchword.issuer.token.service.TokenTestFixtures.NOW;
import static io.watchword.issuer.token.service.TokenTestFixtures.apiKey;
import static org.assertj.core.api.Assertions.assertThat;

import io.watchword.events.v1.CredentialRevocationChanged;
import io.watchword.events.v1.RevocationStatus;
import io.watchword.issuer.token.jwt.AccessTokenClaims;
import io.watchword.issuer.token.jwt.AccessTokenCodec;
import io.watchword.issuer.token.port.AdminCaller;
import io.watchword.issuer.token.revocation.RevocationRegistry;
import io.watchword.issuer.token.signing.SigningKeyRing;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IntrospectionServiceTest {

    private static final AdminCaller ACME_ADMIN = new AdminCaller("adm_1", "acme", false);
    private static final AdminCaller OTHER_ADMIN = new AdminCaller("adm_2", "globex", false);
    private static final AdminCaller PLATFORM = new AdminCaller("adm_0", "system", true);

    private final TokenTestFixtures.Credentials credentials = new TokenTestFixtures.Credentials();
    private final TokenTestFixtures.Keys keys = new TokenTestFixtures.Keys();
    private final RevocationRegistry revocations = new RevocationRegistry();
    private final IntrospectionService service = new IntrospectionService(
            credentials, keys, revocations, TokenTestFixtures.config(), Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void anActiveTokenIntrospectsWithItsClaims() {
        Map<String, Object> answer = service.introspect(ACME_ADMIN, token("tok_1", NOW.plusSeconds(60)), null);

        assertThat(answer)
                .containsEntry("active", true)
                .containsEntry("token_type", "access_token")
                .containsEntry("client_id", "key_1")
                .containsEntry("sub", "key_1")
                .containsEntry("tenant", "acme")
                .containsEntry("scope", "orders:read")
                .containsEntry("jti", "tok_1")
                .containsEntry("aud", "watchword")
                .containsEntry("exp", NOW.plusSeconds(60).getEpochSecond());
    }

    @Test
    void anotherTenantsCredentialIsInactiveButThePlatformSeesIt() {
        String token = token("tok_1", NOW.plusSeconds(60));

        assertThat(service.introspect(OTHER_ADMIN, token, null)).isEqualTo(Map.of("active", false));
        assertThat(service.introspect(PLATFORM, token, null)).containsEntry("active", true);
    }

    @Test
    void expiredTamperedAndGarbageTokensAreInactive() {
        String token = token("tok_1", NOW.minusSeconds(1));
        String live = token("tok_2", NOW.plusSeconds(60));

        assertThat(service.introspect(ACME_ADMIN, token, null)).isEqualTo(Map.of("active", false));
        assertThat(service.introspect(ACME_ADMIN, flipFirstSignatureCharacter(live), null))
                .isEqualTo(Map.of("active", false));
        assertThat(service.introspect(ACME_ADMIN, "not-a-token", "access_token"))
                .isEqualTo(Map.of("active", false));
    }

    @Test
    void aRevokedJtiOrARevokedParentKeyMakesTheTokenInactive() {
        String first = token("tok_1", NOW.plusSeconds(60));
        String second = token("tok_2", NOW.plusSeconds(60));

        revocations.apply(revocation("tok_1", RevocationStatus.REVOKED));
        assertThat(service.introspect(ACME_ADMIN, first, null)).containsEntry("active", false);
        assertThat(service.introspect(ACME_ADMIN, second, null)).containsEntry("active", true);
        revocations.apply(revocation("key_1", RevocationStatus.SUSPENDED));
        assertThat(service.introspect(ACME_ADMIN, second, null)).containsEntry("active", false);
    }

    @Test
    void aRevocationRecordOfAnotherTenantLeavesTheTokenActive() {
        String token = token("tok_1", NOW.plusSeconds(60));
        CredentialRevocationChanged mine = revocation("tok_1", RevocationStatus.REVOKED);

        revocations.apply(new CredentialRevocationChanged(
                mine.eventId(),
                mine.occurredAt(),
                "globex",
                "tok_1",
                mine.credentialType(),
                mine.parentCredentialId(),
                mine.status(),
                mine.reason(),
                mine.requestedBy(),
                mine.alertId(),
                mine.expiresAt()));

        assertThat(service.introspect(ACME_ADMIN, token, null)).containsEntry("active", true);
    }

    @Test
    void anApiKeyIntrospectsEvenWithTheWrongHint() {
        credentials.keys.put("ww_live_goodkey", apiKey("key_1", "acme", "orders:read"));

        assertThat(service.introspect(ACME_ADMIN, "ww_live_goodkey", "access_token"))
                .containsEntry("active", true)
                .containsEntry("token_type", "api_key")
                .containsEntry("client_id", "key_1");
        assertThat(service.introspect(OTHER_ADMIN, "ww_live_goodkey", "api_key"))
                .isEqualTo(Map.of("active", false));
        assertThat(service.introspect(ACME_ADMIN, "ww_live_unknown", "api_key")).isEqualTo(Map.of("active", false));
    }

    @Test
    void aTokenVerifiedBeforeIsStillCheckedForExpiryRevocationAndItsSigningKeyOnEveryCall() {
        // A stable key snapshot (the fixture builds a new one per call), swappable like a rotation.
        java.util.concurrent.atomic.AtomicReference<SigningKeyRing> ring =
                new java.util.concurrent.atomic.AtomicReference<>(keys.ring());
        java.util.concurrent.atomic.AtomicReference<java.time.Instant> now =
                new java.util.concurrent.atomic.AtomicReference<>(NOW);
        Clock clock = new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public java.time.Instant instant() {
                return now.get();
            }
        };
        IntrospectionService cached =
                new IntrospectionService(credentials, ring::get, revocations, TokenTestFixtures.config(), clock);
        String token = token("tok_1", NOW.plusSeconds(60));
        assertThat(cached.introspect(ACME_ADMIN, token, null)).containsEntry("active", true);
        assertThat(cached.introspect(ACME_ADMIN, token, null)).containsEntry("active", true);

        // Signing keys changed and the token's key is gone: the remembered check no longer counts.
        ring.set(new SigningKeyRing(keys.current, Map.of(), new byte[0]));
        assertThat(cached.introspect(ACME_ADMIN, token, null)).isEqualTo(Map.of("active", false));
        ring.set(keys.ring());
        assertThat(cached.introspect(ACME_ADMIN, token, null)).containsEntry("active", true);

        revocations.apply(revocation("tok_1", RevocationStatus.REVOKED));
        assertThat(cached.introspect(ACME_ADMIN, token, null)).isEqualTo(Map.of("active", false));
        String other = token("tok_2", NOW.plusSeconds(60));
        assertThat(cached.introspect(ACME_ADMIN, other, null)).containsEntry("active", true);
        now.set(NOW.plusSeconds(61));
        assertThat(cached.introspect(ACME_ADMIN, other, null)).isEqualTo(Map.of("active", false));
        // Another token of the same claims but a forged signature is never taken for the first.
        assertThat(cached.introspect(ACME_ADMIN, flipFirstSignatureCharacter(other), null))
                .isEqualTo(Map.of("active", false));
    }

    private String token(String jti, java.time.Instant expiresAt) {
        AccessTokenClaims claims = new AccessTokenClaims(
                "urn:watchword:issuer",
                "key_1",
                "acme",
                "orders:read",
                "watchword",
                expiresAt.minusSeconds(300),
                expiresAt.minusSeconds(300),
                expiresAt,
                jti);
        return AccessTokenCodec.encode(keys.current.encodedHeader(), claims, keys.current.signer());
    }

    /**
     * Changes the first character of the signature, which carries six significant bits; the last
     * characters of a base64url Ed25519 signature carry padding bits a decoder may ignore, so
     * changing those does not always change the signature.
     */
    private static String flipFirstSignatureCharacter(String token) {
        int signatureStart = token.lastIndexOf('.') + 1;
        char first = token.charAt(signatureStart);
        char other = first == 'A' ? 'B' : 'A';
        return token.substring(0, signatureStart) + other + token.substring(signatureStart + 1);
    }
}
