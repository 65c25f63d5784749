package io.watchword.client.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.watchword.client.revocation.RevocationSet;
import io.watchword.client.testing.TestIssuer;
import io.watchword.core.scope.Scope;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokenVerificationTest {

    private static final List<Scope> READ = List.of(Scope.parse("orders:read"));

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T08:00:00Z"));
    private final TestIssuer issuer = new TestIssuer("k1");
    private final RevocationSet revocations = new RevocationSet();
    private final FakeFeed feed = new FakeFeed(clock);
    private final CredentialVerifier verifier = verifier(FailMode.CLOSED);

    private CredentialVerifier verifier(FailMode mode) {
        return new CredentialVerifier(
                kid -> kid.equals("k1") ? issuer.signingKey() : null,
                key -> {
                    throw new AssertionError("tokens never need introspection");
                },
                revocations,
                feed,
                VerifierOptions.defaults()
                        .withAudience("orders")
                        .withClock(clock)
                        .withMaxStaleness(Duration.ofSeconds(30))
                        .withFailMode(mode));
    }

    private String token(String scope) {
        Instant now = clock.instant();
        return issuer.token("key_1", "tok_1", scope, "orders", now, now.plusSeconds(300));
    }

    @Test
    void acceptsAValidTokenAndNamesThePrincipal() {
        VerificationResult result = verifier.verifyAuthorization("Bearer " + token("orders:read"), READ);

        assertThat(result.isAccepted()).isTrue();
        assertThat(result.principal().credentialId()).isEqualTo("key_1");
        assertThat(result.principal().tokenId()).isEqualTo("tok_1");
        assertThat(result.principal().tenantId()).isEqualTo("ten_acme");
        assertThat(result.principal().kind()).isEqualTo(CredentialKind.TOKEN);
    }

    @Test
    void aHigherActionImpliesTheLowerOnes() {
        assertThat(verifier.verify(token("orders:admin"), READ).isAccepted()).isTrue();
    }

    @Test
    void refusesMissingScopeWith403AndStillNamesThePrincipal() {
        VerificationResult result = verifier.verify(token("orders:read"), List.of(Scope.parse("orders:write")));

        assertThat(result.refusal()).isEqualTo(Refusal.INSUFFICIENT_SCOPE);
        assertThat(result.refusal().httpStatus()).isEqualTo(403);
        assertThat(result.principal().credentialId()).isEqualTo("key_1");
        assertThat(result.detail()).contains("orders:write");
    }

    @Test
    void refusesAnExpiredTokenOnceTheClockSkewHasPassed() {
        String token = token("orders:read");

        clock.advance(Duration.ofSeconds(300 + 29));
        feed.contactNow();
        assertThat(verifier.verify(token, READ).isAccepted()).isTrue();

        clock.advance(Duration.ofSeconds(2));
        feed.contactNow();
        assertThat(verifier.verify(token, READ).refusal()).isEqualTo(Refusal.EXPIRED);
    }

    @Test
    void refusesATokenNotYetValidBeyondTheSkew() {
        Instant later = clock.instant().plusSeconds(120);
        String token = issuer.token("key_1", "tok_2", "orders:read", "orders", later, later.plusSeconds(300));

        assertThat(verifier.verify(token, READ).refusal()).isEqualTo(Refusal.NOT_YET_VALID);
    }

    @Test
    void refusesAnotherAudience() {
        Instant now = clock.instant();
        String token = issuer.token("key_1", "tok_3", "orders:read", "billing", now, now.plusSeconds(300));

        assertThat(verifier.verify(token, READ).refusal()).isEqualTo(Refusal.WRONG_AUDIENCE);
    }

    @Test
    void refusesAnotherIssuer() {
        Instant now = clock.instant();
        String claims = "{\"iss\":\"urn:evil\",\"sub\":\"key_1\",\"jti\":\"tok_4\",\"aud\":\"orders\",\"exp\":"
                + now.plusSeconds(300).getEpochSecond() + "}";
        String token = issuer.sign("{\"alg\":\"EdDSA\",\"kid\":\"k1\"}", claims);

        assertThat(verifier.verify(token, READ).refusal()).isEqualTo(Refusal.WRONG_ISSUER);
    }

    @Test
    void aTokenSeenBeforeCostsNoSignatureCheck() {
        String token = token("orders:read");

        for (int i = 0; i < 5; i++) {
            assertThat(verifier.verify(token, READ).isAccepted()).isTrue();
        }

        assertThat(verifier.metrics().signatureChecks()).isEqualTo(1);
        assertThat(verifier.metrics().tokenCacheHits()).isEqualTo(4);
    }

    @Test
    void aCachedTokenIsRefusedOnceItsJtiIsRevoked() {
        String token = token("orders:read");
        assertThat(verifier.verify(token, READ).isAccepted()).isTrue();

        revocations.put("ten_acme/tok_1", RevocationSet.REVOKED);

        assertThat(verifier.verify(token, READ).refusal()).isEqualTo(Refusal.REVOKED);
    }

    @Test
    void revokingTheKeyRefusesEveryTokenItWasExchangedFor() {
        String token = token("orders:read");
        assertThat(verifier.verify(token, READ).isAccepted()).isTrue();

        revocations.put("ten_acme/key_1", RevocationSet.REVOKED);

        assertThat(verifier.verify(token, READ).refusal()).isEqualTo(Refusal.REVOKED);
    }

    @Test
    void aSuspendedKeyWorksAgainOnceReinstated() {
        String token = token("orders:read");
        revocations.put("ten_acme/key_1", RevocationSet.SUSPENDED);
        assertThat(verifier.verify(token, READ).refusal()).isEqualTo(Refusal.SUSPENDED);

        revocations.put("ten_acme/key_1", RevocationSet.NONE);

        assertThat(verifier.verify(token, READ).isAccepted()).isTrue();
    }

    @Test
    void failsClosedOnceTheFeedIsStalerThanTheBound() {
        String token = token("orders:read");
        assertThat(verifier.verify(token, READ).isAccepted()).isTrue();

        clock.advance(Duration.ofSeconds(31));

        assertThat(verifier.verify(token, READ).refusal()).isEqualTo(Refusal.FEED_UNAVAILABLE);
        assertThat(verifier.health(1).refusingAll()).isTrue();
        assertThat(verifier.health(1).status()).isEqualTo("DOWN");
        assertThat(verifier.metrics().refused(Refusal.FEED_UNAVAILABLE)).isEqualTo(1);
    }

    @Test
    void failsClosedBeforeTheBootstrapCompleted() {
        feed.ready = false;

        assertThat(verifier.verify(token("orders:read"), READ).refusal()).isEqualTo(Refusal.FEED_UNAVAILABLE);
    }

    @Test
    void failOpenKeepsVerifyingAgainstTheLastKnownSetAndCountsIt() {
        CredentialVerifier open = verifier(FailMode.OPEN);
        revocations.put("ten_acme/tok_9", RevocationSet.REVOKED);
        clock.advance(Duration.ofMinutes(5));
        Instant now = clock.instant();

        assertThat(open.verify(token("orders:read"), READ).isAccepted()).isTrue();
        assertThat(open.verify(issuer.token("key_1", "tok_9", "orders:read", "orders", now, now.plusSeconds(60)), READ)
                        .refusal())
                .isEqualTo(Refusal.REVOKED);
        assertThat(open.metrics().verifiedWhileStale()).isEqualTo(1);
        assertThat(open.health(1).status()).isEqualTo("DEGRADED");
    }

    @Test
    void refusesAMissingOrNonBearerHeader() {
        assertThat(verifier.verifyAuthorization(null, READ).refusal()).isEqualTo(Refusal.MISSING_CREDENTIAL);
        assertThat(verifier.verifyAuthorization("Basic dXNlcjpwdw==", READ).refusal())
                .isEqualTo(Refusal.MISSING_CREDENTIAL);
    }
}
