package io.watchword.revocation.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ScopeRulesTest {

    @Test
    void higherActionImpliesLowerOnTheSameResource() {
        assertThat(ScopeRules.implies("revocations:write", "revocations:read")).isTrue();
        assertThat(ScopeRules.implies("revocations:admin", "revocations:write")).isTrue();
        assertThat(ScopeRules.implies("revocations:read", "revocations:write")).isFalse();
    }

    @Test
    void otherResourcesImplyNothing() {
        assertThat(ScopeRules.implies("policies:admin", "revocations:read")).isFalse();
        assertThat(ScopeRules.implies("revocation:write", "revocations:write")).isFalse();
        assertThat(ScopeRules.anyImplies(List.of("keys:admin", "policies:read"), "policies:read"))
                .isTrue();
    }
}
