package io.watchword.core.scope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ScopeTest {

    /** The grammar as the three former copies wrote it, as an independent oracle. */
    private static final Pattern GRAMMAR =
            Pattern.compile("[a-z][a-z0-9_-]{0,62}(\\.[a-z][a-z0-9_-]{0,62})*:(read|write|delete|admin)");

    @Test
    void parsesResourceAndAction() {
        Scope s = Scope.parse("orders.items:write");
        assertThat(s.resource()).isEqualTo("orders.items");
        assertThat(s.action()).isEqualTo(ScopeAction.WRITE);
        assertThat(s).hasToString("orders.items:write").isEqualTo(Scope.of("orders.items", ScopeAction.WRITE));
    }

    @Test
    void higherActionImpliesLowerOnTheSameResourceOnly() {
        assertThat(Scope.parse("orders:admin").implies(Scope.parse("orders:delete")))
                .isTrue();
        assertThat(Scope.parse("orders:delete").implies(Scope.parse("orders:write")))
                .isTrue();
        assertThat(Scope.parse("orders:write").implies(Scope.parse("orders:read")))
                .isTrue();
        assertThat(Scope.parse("orders:read").implies(Scope.parse("orders:read")))
                .isTrue();
        assertThat(Scope.parse("orders:read").implies(Scope.parse("orders:write")))
                .isFalse();
        assertThat(Scope.parse("orders:admin").implies(Scope.parse("invoices:read")))
                .isFalse();
        assertThat(Scope.parse("orders.eu:admin").implies(Scope.parse("orders:read")))
                .isFalse();
        assertThat(Scope.parse("revocation:write").implies(Scope.parse("revocations:write")))
                .isFalse();
        assertThat(Scope.parse("orders:admin").implies(null)).isFalse();
    }

    @Test
    void malformedScopesAreRefusedWithAReasonThatDoesNotQuoteThem() {
        assertThatThrownBy(() -> Scope.parse("orders")).hasMessageContaining("exactly one ':'");
        assertThatThrownBy(() -> Scope.parse("orders:*")).hasMessageContaining("wildcards");
        assertThatThrownBy(() -> Scope.parse("Orders:read"))
                .isInstanceOf(InvalidScopeException.class)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lower case")
                .hasMessageNotContaining("Orders");
        assertThatThrownBy(() -> Scope.parse("orders:execute"))
                .hasMessageContaining("read, write, delete, admin")
                .hasMessageNotContaining("execute");
        assertThatThrownBy(() -> Scope.parse("")).hasMessageContaining("empty");
        assertThatThrownBy(() -> Scope.parse(null)).hasMessageContaining("empty");
        assertThatThrownBy(() -> Scope.parse("a".repeat(200) + ":read")).hasMessageContaining("at most 128");
        assertThatThrownBy(() -> Scope.of("Orders", ScopeAction.READ)).isInstanceOf(InvalidScopeException.class);
        assertThatThrownBy(() -> Scope.of("orders", null)).isInstanceOf(InvalidScopeException.class);
    }

    @Test
    void generatedTextIsAcceptedExactlyWhenTheGrammarSaysSoAndNothingElseThrows() {
        Random random = new Random(1206L);
        String pieces = "abcxyz09_-.:*A \u0000\u00e9";
        int accepted = 0;
        for (int n = 0; n < 20_000; n++) {
            String text = n % 2 == 0 ? generated(random, pieces) : mutated(random, validScope(random));
            boolean expected =
                    text.length() <= Scope.MAX_LENGTH && GRAMMAR.matcher(text).matches();
            assertThat(Scope.isValid(text)).as(text).isEqualTo(expected);
            Scope scope = Scope.tryParse(text);
            assertThat(scope != null).isEqualTo(expected);
            if (expected) {
                accepted++;
                assertThat(scope).hasToString(text);
                assertThat(Scope.parse(text)).isEqualTo(scope);
            } else {
                assertThatThrownBy(() -> Scope.parse(text)).isInstanceOf(InvalidScopeException.class);
            }
        }
        assertThat(accepted).isGreaterThan(1_000);
    }

    @Test
    void grantedScopesSkipWhatTheyDoNotUnderstand() {
        GrantedScopes granted = GrantedScopes.parse("orders:write  future:thing:x billing:read");
        assertThat(granted.asList()).containsExactly(Scope.parse("orders:write"), Scope.parse("billing:read"));
        assertThat(granted.allows(Scope.parse("orders:read"))).isTrue();
        assertThat(granted.allows("billing:read")).isTrue();
        assertThat(granted.allows(Scope.parse("billing:write"))).isFalse();
        assertThat(granted.allows("not a scope")).isFalse();
        assertThat(granted.allowsAll(List.of(Scope.parse("orders:read"), Scope.parse("billing:read"))))
                .isTrue();
        assertThat(granted.allowsAll(List.of())).isTrue();
        assertThat(granted).hasToString("orders:write billing:read");
        assertThat(GrantedScopes.parse(null).asList()).isEmpty();
        assertThat(GrantedScopes.parse("   ").allows("orders:read")).isFalse();
        assertThat(GrantedScopes.parseAll(List.of("keys:admin", "policies:read", "x"))
                        .allows("policies:read"))
                .isTrue();
        assertThat(GrantedScopes.parseAll(null).allows("policies:read")).isFalse();
    }

    @Test
    void grantedScopesFromArbitraryClaimsNeverThrow() {
        Random random = new Random(99L);
        for (int n = 0; n < 2_000; n++) {
            StringBuilder claim = new StringBuilder();
            for (int i = 0; i < random.nextInt(6); i++) {
                claim.append(random.nextBoolean() ? validScope(random) : generated(random, "ab:*. \u0000"))
                        .append(' ');
            }
            GrantedScopes granted = GrantedScopes.parse(claim.toString());
            for (Scope scope : granted.asList()) {
                assertThat(granted.allows(scope)).isTrue();
            }
        }
    }

    private static String validScope(Random random) {
        StringBuilder s = new StringBuilder();
        int parts = 1 + random.nextInt(3);
        for (int p = 0; p < parts; p++) {
            s.append(p == 0 ? "" : ".").append((char) ('a' + random.nextInt(26)));
            for (int i = 0; i < random.nextInt(8); i++) {
                s.append("abz09_-".charAt(random.nextInt(7)));
            }
        }
        return s + ":" + ScopeAction.values()[random.nextInt(4)].label();
    }

    private static String generated(Random random, String alphabet) {
        StringBuilder s = new StringBuilder();
        int length = random.nextInt(20) == 0 ? 130 + random.nextInt(10) : random.nextInt(16);
        for (int i = 0; i < length; i++) {
            s.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        if (random.nextBoolean()) {
            s.append(':')
                    .append(List.of("read", "write", "delete", "admin", "READ", "")
                            .get(random.nextInt(6)));
        }
        return s.toString();
    }

    private static String mutated(Random random, String scope) {
        StringBuilder s = new StringBuilder(scope);
        int at = random.nextInt(s.length());
        switch (random.nextInt(3)) {
            case 0 -> s.setCharAt(at, "A.:_-0*\u0000 ".charAt(random.nextInt(9)));
            case 1 -> s.deleteCharAt(at);
            default -> s.insert(at, "a.:_-0".charAt(random.nextInt(6)));
        }
        return s.toString();
    }
}
