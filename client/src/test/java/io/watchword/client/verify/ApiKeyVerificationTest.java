package io.watchword.client.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.watchword.client.revocation.RevocationSet;
import io.watchword.client.verify.KeyIntrospection.Answer;
import io.watchword.core.credential.ApiKeyFormat;
import io.watchword.core.scope.GrantedScopes;
import io.watchword.core.scope.Scope;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ApiKeyVerificationTest {

    private static final List<Scope> READ = List.of(Scope.parse("orders:read"));
    private static final String KEY = ApiKeyFormat.withChecksum("ww_live_" + "A".repeat(16) + "b".repeat(16));

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T08:00:00Z"));
    private final RevocationSet revocations = new RevocationSet();
    private final FakeFeed feed = new FakeFeed(clock);
    private final List<String> introspected = new ArrayList<>();
    private volatile Answer answer = new Answer(
            true,
            "key_1",
            "ten_acme",
            GrantedScopes.parse("orders:write"),
            clock.instant().plusSeconds(3600).getEpochSecond());
    private final CredentialVerifier verifier = new CredentialVerifier(
            kid -> null,
            key -> {
                introspected.add(key);
                return answer;
            },
            revocations,
            feed,
            VerifierOptions.defaults().withClock(clock));

    @Test
    void refusesABadChecksumWithoutAskingTheIssuer() {
        String mistyped = KEY.substring(0, 10) + (KEY.charAt(10) == 'A' ? 'B' : 'A') + KEY.substring(11);

        assertThat(verifier.verify(mistyped, READ).refusal()).isEqualTo(Refusal.BAD_CHECKSUM);
        assertThat(verifier.verify("ww_live_short", READ).refusal()).isEqualTo(Refusal.BAD_CHECKSUM);
        assertThat(introspected).isEmpty();
    }

    @Test
    void introspectsAKeyOnceAndAnswersFromTheCacheAfterwards() {
        for (int i = 0; i < 3; i++) {
            VerificationResult result = verifier.verify(KEY, READ);
            assertThat(result.isAccepted()).isTrue();
            assertThat(result.principal().kind()).isEqualTo(CredentialKind.API_KEY);
            assertThat(result.principal().credentialId()).isEqualTo("key_1");
        }

        assertThat(introspected).hasSize(1);
        assertThat(verifier.metrics().keyCacheHits()).isEqualTo(2);
    }

    @Test
    void theCacheNeverBringsARevokedKeyBack() {
        assertThat(verifier.verify(KEY, READ).isAccepted()).isTrue();

        revocations.put("ten_acme/key_1", RevocationSet.REVOKED);

        assertThat(verifier.verify(KEY, READ).refusal()).isEqualTo(Refusal.REVOKED);
        assertThat(verifier.verify(KEY, READ).refusal()).isEqualTo(Refusal.REVOKED);
        assertThat(introspected).hasSize(1);
    }

    @Test
    void aRevocationWeKnowOverridesAnActiveAnswerFromALaggingIssuer() {
        revocations.put("ten_acme/key_1", RevocationSet.REVOKED);

        assertThat(verifier.verify(KEY, READ).refusal()).isEqualTo(Refusal.REVOKED);
    }

    @Test
    void aCachedKeyIsDroppedAtItsExpiry() {
        assertThat(verifier.verify(KEY, READ).isAccepted()).isTrue();

        clock.advance(Duration.ofSeconds(3600));
        feed.contactNow();

        assertThat(verifier.verify(KEY, READ).refusal()).isEqualTo(Refusal.EXPIRED);
    }

    @Test
    void aReinstatedKeyWorksAgainEvenAfterTheIssuerCalledItInactive() {
        Answer active = answer;
        answer = Answer.INACTIVE;
        assertThat(verifier.verify(KEY, READ).refusal()).isEqualTo(Refusal.INACTIVE);

        answer = active;
        verifier.revocationLifted("key_1");

        assertThat(verifier.verify(KEY, READ).isAccepted()).isTrue();
    }

    @Test
    void anUnreachableIssuerIsA503NotAnInvalidKey() {
        CredentialVerifier offline = new CredentialVerifier(
                kid -> null,
                key -> {
                    throw new KeyIntrospection.IntrospectionFailedException("connection refused");
                },
                revocations,
                feed,
                VerifierOptions.defaults().withClock(clock));

        VerificationResult result = offline.verify(KEY, READ);

        assertThat(result.refusal()).isEqualTo(Refusal.ISSUER_UNAVAILABLE);
        assertThat(result.refusal().httpStatus()).isEqualTo(503);
    }

    @Test
    void checksScopesOfKeysToo() {
        assertThat(verifier.verify(KEY, List.of(Scope.parse("orders:delete"))).refusal())
                .isEqualTo(Refusal.INSUFFICIENT_SCOPE);
    }
}
