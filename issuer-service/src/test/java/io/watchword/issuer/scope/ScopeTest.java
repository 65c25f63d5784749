package io.watchword.issuer.scope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.watchword.core.problem.FieldError;
import io.watchword.core.problem.ProblemException;
import io.watchword.core.scope.Scope;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The issuer's policy on which scopes a credential may hold; the grammar is tested in core. */
class ScopeTest {

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
