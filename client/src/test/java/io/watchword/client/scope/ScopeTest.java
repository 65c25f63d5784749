package io.watchword.client.scope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ScopeTest {

    @Test
    void actionsAreOrderedReadWriteDeleteAdmin() {
        assertThat(Scope.parse("orders:admin").implies(Scope.parse("orders:delete")))
                .isTrue();
        assertThat(Scope.parse("orders:delete").implies(Scope.parse("orders:write")))
                .isTrue();
        assertThat(Scope.parse("orders:write").implies(Scope.parse("orders:read")))
                .isTrue();
        assertThat(Scope.parse("orders:read").implies(Scope.parse("orders:write")))
                .isFalse();
    }

    @Test
    void aScopeNeverImpliesAnotherResource() {
        assertThat(Scope.parse("orders:admin").implies(Scope.parse("billing:read")))
                .isFalse();
        assertThat(Scope.parse("orders.eu:admin").implies(Scope.parse("orders:read")))
                .isFalse();
    }

    @Test
    void grantedScopesSkipWhatTheyDoNotUnderstand() {
        GrantedScopes granted = GrantedScopes.parse("orders:write  future:thing:x billing:read");

        assertThat(granted.allows(Scope.parse("orders:read"))).isTrue();
        assertThat(granted.allows(Scope.parse("billing:read"))).isTrue();
        assertThat(granted.asList()).hasSize(2);
    }

    @Test
    void refusesMalformedScopesWithAReason() {
        assertThatThrownBy(() -> Scope.parse("orders")).hasMessageContaining("resource:action");
        assertThatThrownBy(() -> Scope.parse("Orders:read")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Scope.parse("orders:*")).isInstanceOf(IllegalArgumentException.class);
    }
}
