package io.watchword.issuer.token.service;

import static io.watchword.issuer.token.service.TokenTestFixtures.NOW;
import static io.watchword.issuer.token.service.TokenTestFixtures.apiKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.watchword.events.v1.AuditOutcome;
import io.watchword.events.v1.CredentialRevocationChanged;
import io.watchword.events.v1.CredentialType;
import io.watchword.events.v1.RevocationReason;
import io.watchword.events.v1.RevocationStatus;
import io.watchword.issuer.token.jwt.AccessTokenClaims;
import io.watchword.issuer.token.jwt.AccessTokenCodec;
import io.watchword.issuer.token.port.CredentialSnapshot;
import io.watchword.issuer.token.revocation.RevocationRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TokenExchangeServiceTest {

    private static final String KEY = "ww_live_goodkey";

    private final TokenTestFixtures.Credentials credentials = new TokenTestFixtures.Credentials();
    private final TokenTestFixtures.Audit audit = new TokenTestFixtures.Audit();
    private final TokenTestFixtures.Keys keys = new TokenTestFixtures.Keys();
    private final RevocationRegistry revocations = new RevocationRegistry();
    private final TokenExchangeService service = new TokenExchangeService(
            credentials, keys, revocations, audit, TokenTestFixtures.config(), Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void issuesATokenWithTheKeysScopesByDefault() {
        credentials.keys.put(KEY, apiKey("key_1", "acme", "orders:write", "invoices:read"));

        TokenResponse response = service.exchange(caller(KEY), TokenRequest.EMPTY);

        AccessTokenClaims claims = AccessTokenCodec.verify(response.accessToken(), keys.ring()::verifier);
        assertThat(response.tokenType()).isEqualTo("Bearer");
        assertThat(response.expiresIn()).isEqualTo(300);
        assertThat(claims.subject()).isEqualTo("key_1");
        assertThat(claims.tenant()).isEqualTo("acme");
        assertThat(claims.scope()).isEqualTo("orders:write invoices:read");
        assertThat(claims.audience()).isEqualTo("watchword");
        assertThat(claims.issuedAt()).isEqualTo(NOW);
        assertThat(claims.expiresAt()).isEqualTo(NOW.plusSeconds(300));
        assertThat(claims.jwtId()).startsWith("tok_").hasSize(26);
        assertThat(audit.events).singleElement().satisfies(event -> {
            assertThat(event.outcome()).isEqualTo(AuditOutcome.SUCCESS);
            assertThat(event.resourceId()).isEqualTo(claims.jwtId());
            assertThat(event.actor()).isEqualTo("key_1");
        });
    }

    @Test
    void requestedScopesNarrowTheToken() {
        credentials.keys.put(KEY, apiKey("key_1", "acme", "orders:write"));

        TokenResponse response =
                service.exchange(caller(KEY), new TokenRequest(List.of("orders:read"), "orders-api", "PT2M"));

        assertThat(response.scope()).isEqualTo("orders:read");
        assertThat(response.expiresIn()).isEqualTo(120);
        assertThat(AccessTokenCodec.verify(response.accessToken(), keys.ring()::verifier)
                        .audience())
                .isEqualTo("orders-api");
    }

    @Test
    void wideningIsRefusedAndAudited() {
        credentials.keys.put(KEY, apiKey("key_1", "acme", "orders:read"));

        assertThatThrownBy(() -> service.exchange(caller(KEY), new TokenRequest(List.of("orders:write"), null, null)))
                .isInstanceOfSatisfying(
                        TokenProblem.class, p -> assertThat(p.status()).isEqualTo(403))
                .hasMessageContaining("orders:write");
        assertThat(audit.events).singleElement().satisfies(e -> assertThat(e.outcome())
                .isEqualTo(AuditOutcome.DENIED));
    }

    @Test
    void expiredRotatedUnknownAndMistypedKeysGetNoToken() {
        CredentialSnapshot live = apiKey("key_1", "acme", "orders:read");
        credentials.keys.put("ww_live_expired", withExpiry(live, NOW.minusSeconds(1)));
        credentials.keys.put("ww_live_rotated", withRotation(live, NOW.minusSeconds(1)));

        for (String key : List.of("ww_live_expired", "ww_live_rotated", "ww_live_unknown", "ww_live_bad")) {
            assertThatThrownBy(() -> service.exchange(caller(key), TokenRequest.EMPTY))
                    .isInstanceOfSatisfying(
                            TokenProblem.class, p -> assertThat(p.status()).isEqualTo(401));
        }
        assertThat(audit.events).hasSize(4).allSatisfy(e -> assertThat(e.outcome())
                .isEqualTo(AuditOutcome.DENIED));
    }

    @Test
    void rotatedKeyStillWorksDuringGracePeriod() {
        credentials.keys.put(KEY, withRotation(apiKey("key_1", "acme", "orders:read"), NOW.plusSeconds(60)));

        assertThat(service.exchange(caller(KEY), TokenRequest.EMPTY).accessToken())
                .isNotBlank();
    }

    @Test
    void adminCredentialsCannotGetTokens() {
        assertThatThrownBy(() -> service.exchange(caller("ww_admin_something"), TokenRequest.EMPTY))
                .isInstanceOfSatisfying(
                        TokenProblem.class, p -> assertThat(p.status()).isEqualTo(403));
    }

    @Test
    void aKeyUsedFromOutsideItsNetworksIsRefused() {
        CredentialSnapshot key = apiKey("key_1", "acme", "orders:read");
        credentials.keys.put(
                KEY,
                new CredentialSnapshot(
                        key.id(),
                        key.tenantId(),
                        key.type(),
                        key.scopes(),
                        List.of("10.0.0.1/32"),
                        true,
                        key.createdAt(),
                        key.expiresAt(),
                        null,
                        null));

        assertThatThrownBy(() -> service.exchange(caller(KEY), TokenRequest.EMPTY))
                .isInstanceOfSatisfying(
                        TokenProblem.class, p -> assertThat(p.status()).isEqualTo(403))
                .hasMessageContaining("192.0.2.7");
    }

    @Test
    void aRevokedKeyGetsNoTokenUntilReinstated() {
        credentials.keys.put(KEY, apiKey("key_1", "acme", "orders:read"));
        revocations.apply(revocation("key_1", RevocationStatus.SUSPENDED));

        assertThatThrownBy(() -> service.exchange(caller(KEY), TokenRequest.EMPTY))
                .isInstanceOf(TokenProblem.class);
        revocations.apply(revocation("key_1", RevocationStatus.REINSTATED));
        assertThat(service.exchange(caller(KEY), TokenRequest.EMPTY).accessToken())
                .isNotBlank();
    }

    @Test
    void aTtlAboveTheMaximumOrMalformedIsABadRequest() {
        credentials.keys.put(KEY, apiKey("key_1", "acme", "orders:read"));

        for (String ttl : List.of("PT16M", "five minutes", "PT0S", "-PT1M")) {
            assertThatThrownBy(() -> service.exchange(caller(KEY), new TokenRequest(null, null, ttl)))
                    .isInstanceOfSatisfying(
                            TokenProblem.class, p -> assertThat(p.status()).isEqualTo(400));
        }
    }

    static CredentialRevocationChanged revocation(String id, RevocationStatus status) {
        return new CredentialRevocationChanged(
                UUID.randomUUID(),
                NOW,
                "acme",
                id,
                CredentialType.API_KEY,
                null,
                status,
                RevocationReason.values()[0],
                "adm_x",
                null,
                NOW.plus(Duration.ofDays(1)));
    }

    @Test
    void anInMemoryAttemptGathersItsAuditRecordsInsteadOfWaitingForThem() {
        credentials.keys.put(KEY, apiKey("key_1", "acme", "orders:write"));
        InMemoryAttempt attempt = new InMemoryAttempt();

        TokenResponse response = service.exchange(attempt(KEY, attempt), TokenRequest.EMPTY);

        assertThat(audit.events).isEmpty();
        assertThat(attempt.records()).singleElement().satisfies(event -> {
            assertThat(event.outcome()).isEqualTo(AuditOutcome.SUCCESS);
            assertThat(event.resourceId())
                    .isEqualTo(AccessTokenCodec.verify(response.accessToken(), keys.ring()::verifier)
                            .jwtId());
        });
    }

    @Test
    void anInMemoryAttemptEndsBeforeRecordingAnythingWhenTheKeyIsNotCached() {
        credentials.keys.put(KEY, apiKey("key_1", "acme", "orders:write"));
        credentials.uncached.add(KEY);
        InMemoryAttempt attempt = new InMemoryAttempt();

        assertThatThrownBy(() -> service.exchange(attempt(KEY, attempt), TokenRequest.EMPTY))
                .isInstanceOf(InMemoryAttempt.WouldBlock.class);
        assertThat(attempt.records()).isEmpty();
        assertThat(audit.events).isEmpty();

        // Run again on the blocking path: one token, one audit record.
        service.exchange(caller(KEY), TokenRequest.EMPTY);
        assertThat(audit.events).singleElement().satisfies(e -> assertThat(e.outcome())
                .isEqualTo(AuditOutcome.SUCCESS));
    }

    @Test
    void anInMemoryAttemptRefusesWhatNeedsNoLookupAndGathersTheRefusal() {
        credentials.uncached.add("ww_live_badkey");
        InMemoryAttempt attempt = new InMemoryAttempt();

        assertThatThrownBy(() -> service.exchange(attempt("ww_live_badkey", attempt), TokenRequest.EMPTY))
                .isInstanceOfSatisfying(
                        TokenProblem.class, p -> assertThat(p.status()).isEqualTo(401));
        assertThat(attempt.records()).singleElement().satisfies(e -> assertThat(e.outcome())
                .isEqualTo(AuditOutcome.DENIED));
        assertThat(audit.events).isEmpty();
    }

    private static TokenExchangeService.Caller attempt(String key, InMemoryAttempt attempt) {
        return new TokenExchangeService.Caller(key, "192.0.2.7", "test", attempt);
    }

    private static TokenExchangeService.Caller caller(String key) {
        return new TokenExchangeService.Caller(key, "192.0.2.7", "test");
    }

    private static CredentialSnapshot withExpiry(CredentialSnapshot k, java.time.Instant expiresAt) {
        return new CredentialSnapshot(
                k.id(),
                k.tenantId(),
                k.type(),
                k.scopes(),
                k.allowedCidrs(),
                true,
                k.createdAt(),
                expiresAt,
                null,
                null);
    }

    private static CredentialSnapshot withRotation(CredentialSnapshot k, java.time.Instant graceEndsAt) {
        return new CredentialSnapshot(
                k.id(),
                k.tenantId(),
                k.type(),
                k.scopes(),
                k.allowedCidrs(),
                true,
                k.createdAt(),
                k.expiresAt(),
                "key_2",
                graceEndsAt);
    }
}
