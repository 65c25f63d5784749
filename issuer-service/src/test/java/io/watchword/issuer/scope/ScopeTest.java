package io.watchword.issuer.scope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.watchword.core.problem.FieldError;
import io.watchword.core.problem.ProblemException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScopeTest {

    @Test
    void parsesResourceAndAction() {
        Scope s = Scope.parse("orders.items:write");
        assertThat(s.resource()).isEqualTo("orders.items");
        assertThat(s.action()).isEqualTo(ScopeAction.WRITE);
        assertThat(s).hasToString("orders.items:write");
    }

    @Test
    void higherActionImpliesLowerOnTheSameResourceOnly() {
        assertThat(Scope.parse("orders:admin").implies(Scope.parse("orders:delete")))
                .isTrue();
        assertThat(Scope.parse("orders:write").implies(Scope.parse("orders:read")))
                .isTrue();
        assertThat(Scope.parse("orders:read").implies(Scope.parse("orders:write")))
                .isFalse();
        assertThat(Scope.parse("orders:admin").implies(Scope.parse("invoices:read")))
                .isFalse();
    }

    @Test
    void malformedScopesAreRefusedWithAReason() {
        assertThatThrownBy(() -> Scope.parse("orders")).hasMessageContaining("exactly one ':'");
        assertThatThrownBy(() -> Scope.parse("orders:*")).hasMessageContaining("wildcards");
        assertThatThrownBy(() -> Scope.parse("Orders:read")).hasMessageContaining("lower case");
        assertThatThrownBy(() -> Scope.parse("orders:execute")).hasMessageContaining("read, write, delete, admin");
        assertThatThrownBy(() -> Scope.parse("")).hasMessageContaining("empty");
    }

    @Test
    void apiKeyScopesMustComeFromTheCatalogueAndNeverBeManagementScopes() {
        assertThat(ScopePolicy.forApiKey(List.of("orders:read", "orders:read"), List.of("orders")))
                .containsExactly(Scope.parse("orders:read"));
        assertThatThrownBy(() -> ScopePolicy.forApiKey(
                        List.of("orders:read", "billing:read", "keys:read", "x"), List.of("orders")))
                .isInstanceOfSatisfying(ProblemException.class, p -> {
                    assertThat(p.status()).isEqualTo(400);
                    assertThat(p.errors())
                            .extracting(FieldError::field)
                            .containsExactly("scopes[1]", "scopes[2]", "scopes[3]");
                });
    }

    @Test
    void adminKeyCannotExceedItsCreator() {
        Scope held = Scope.parse("keys:write");
        assertThat(ScopePolicy.forAdminKey(List.of("keys:read"), held::implies))
                .containsExactly(Scope.parse("keys:read"));
        assertThatThrownBy(() -> ScopePolicy.forAdminKey(List.of("keys:admin"), held::implies))
                .hasMessageContaining("cannot be granted");
    }
}
