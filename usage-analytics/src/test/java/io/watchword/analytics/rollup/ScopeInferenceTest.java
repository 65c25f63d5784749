package io.watchword.analytics.rollup;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ScopeInferenceTest {

    @Test
    void methodAndRouteGiveTheConventionalScope() {
        assertThat(ScopeInference.scopeOf("GET", "/orders/{id}")).isEqualTo("orders:read");
        assertThat(ScopeInference.scopeOf("POST", "/v1/orders")).isEqualTo("orders:write");
        assertThat(ScopeInference.scopeOf("PATCH", "/api/v2/invoices/{id}")).isEqualTo("invoices:write");
        assertThat(ScopeInference.scopeOf("DELETE", "/orders/{id}")).isEqualTo("orders:delete");
    }

    @Test
    void aRouteWithoutAResourceGivesNoScope() {
        assertThat(ScopeInference.scopeOf("GET", "/")).isNull();
        assertThat(ScopeInference.scopeOf("GET", "/{id}")).isNull();
        assertThat(ScopeInference.scopeOf("GET", "/9lives")).isNull();
        assertThat(ScopeInference.scopeOf(null, "/orders")).isNull();
    }
}
