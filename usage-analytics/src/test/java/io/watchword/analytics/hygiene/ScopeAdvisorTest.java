package io.watchword.analytics.hygiene;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScopeAdvisorTest {

    @Test
    void proposesTheUsedScopesAndDropsTheRest() {
        ScopeAdvisor.Advice advice = ScopeAdvisor.advise(
                List.of("orders:read", "orders:write", "invoices:read"), Map.of("orders:read", 10L));
        assertThat(advice.proposed()).containsExactly("orders:read");
        assertThat(advice.removable()).containsExactly("invoices:read", "orders:write");
        assertThat(advice.changesAnything()).isTrue();
    }

    @Test
    void aHigherActionUsedCoversTheLowerOne() {
        ScopeAdvisor.Advice advice = ScopeAdvisor.advise(
                List.of("orders:read", "orders:write"), Map.of("orders:read", 1L, "orders:write", 1L));
        assertThat(advice.proposed()).containsExactly("orders:write");
    }

    @Test
    void aScopeUsedButNotHeldNeverWidensTheKey() {
        ScopeAdvisor.Advice advice =
                ScopeAdvisor.advise(List.of("orders:admin"), Map.of("orders:read", 3L, "invoices:read", 2L));
        assertThat(advice.proposed()).containsExactly("orders:read");
    }

    @Test
    void aKeyUsingAllItHoldsIsAlreadyMinimal() {
        ScopeAdvisor.Advice advice = ScopeAdvisor.advise(List.of("orders:read"), Map.of("orders:read", 3L));
        assertThat(advice.changesAnything()).isFalse();
    }
}
