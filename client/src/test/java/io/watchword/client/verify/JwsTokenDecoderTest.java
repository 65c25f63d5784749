package io.watchword.client.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.watchword.client.testing.TestIssuer;
import io.watchword.core.scope.Scope;
import java.time.Instant;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class JwsTokenDecoderTest {

    private final TestIssuer issuer = new TestIssuer("k1");
    private final Function<String, SigningKey> keys = kid -> kid.equals("k1") ? issuer.signingKey() : null;
    private final Instant now = Instant.parse("2026-11-25T08:00:00Z");

    @Test
    void returnsTheClaimsOfAWellSignedToken() throws Exception {
        String token = issuer.token("key_1", "tok_1", "orders:write", "orders", now, now.plusSeconds(300));

        TokenClaims claims = JwsTokenDecoder.verify(token, keys);

        assertThat(claims.subject()).isEqualTo("key_1");
        assertThat(claims.tokenId()).isEqualTo("tok_1");
        assertThat(claims.tenant()).isEqualTo("ten_acme");
        assertThat(claims.audience()).isEqualTo("orders");
        assertThat(claims.expiresAt()).isEqualTo(now.plusSeconds(300).getEpochSecond());
        assertThat(claims.scopes().allows(Scope.parse("orders:read"))).isTrue();
    }

    @Test
    void refusesATamperedPayload() {
        String token = issuer.token("key_1", "tok_1", "orders:read", "orders", now, now.plusSeconds(300));
        String forged = issuer.token("key_1", "tok_1", "orders:admin", "orders", now, now.plusSeconds(300));
        String[] a = token.split("\\.");
        String[] b = forged.split("\\.");

        assertRefused(a[0] + "." + b[1] + "." + a[2], Refusal.BAD_SIGNATURE);
    }

    @Test
    void refusesAlgNone() {
        String token = TestIssuer.b64("{\"alg\":\"none\",\"kid\":\"k1\"}") + "." + TestIssuer.b64("{\"exp\":1}") + ".";

        assertRefused(token, Refusal.BAD_SIGNATURE);
    }

    @Test
    void refusesATokenSignedByAnUnknownKey() {
        String token = new TestIssuer("k9").token("key_1", "tok_1", "orders:read", "orders", now, now);

        assertRefused(token, Refusal.UNKNOWN_KEY);
    }

    @Test
    void refusesATokenClaimingAKnownKidButSignedByAnother() {
        TestIssuer impostor = new TestIssuer("k1");
        String token = impostor.token("key_1", "tok_1", "orders:read", "orders", now, now);

        assertRefused(token, Refusal.BAD_SIGNATURE);
    }

    @Test
    void refusesStructurallyBrokenTokens() {
        assertRefused("abc", Refusal.MALFORMED);
        assertRefused("a.b", Refusal.MALFORMED);
        assertRefused("a.b.c.d", Refusal.MALFORMED);
        assertRefused("!!!.b.c", Refusal.MALFORMED);
    }

    @Test
    void refusesCriticalHeaderParameters() {
        String token = issuer.sign("{\"alg\":\"EdDSA\",\"kid\":\"k1\",\"crit\":[\"x\"]}", "{\"exp\":1}");

        assertRefused(token, Refusal.MALFORMED);
    }

    @Test
    void refusesATokenWithoutExp() {
        String token = issuer.sign("{\"alg\":\"EdDSA\",\"kid\":\"k1\"}", "{\"sub\":\"key_1\"}");

        assertRefused(token, Refusal.MALFORMED);
    }

    private void assertRefused(String token, Refusal reason) {
        assertThatThrownBy(() -> JwsTokenDecoder.verify(token, keys))
                .isInstanceOfSatisfying(TokenRejectedException.class, e -> assertThat(e.refusal())
                        .isEqualTo(reason));
    }
}
