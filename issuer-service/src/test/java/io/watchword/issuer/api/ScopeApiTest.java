package io.watchword.issuer.api;

import static io.watchword.issuer.api.IssuerTestSupport.createKey;
import static io.watchword.issuer.api.IssuerTestSupport.newTenant;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.watchword.testsupport.quarkus.WatchwordTestResource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = WatchwordTestResource.class, initArgs = @ResourceArg(name = "database", value = "issuer"))
class ScopeApiTest {

    @Test
    void eachBadScopeIsListedWithItsReason() {
        var tenant = newTenant("orders");
        createKey(
                        tenant.adminKey(),
                        Map.of(
                                "name",
                                "n",
                                "scopes",
                                List.of("orders:read", "billing:read", "orders:*", "keys:admin", "orders")))
                .statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("https://watchword.io/problems/invalid-request"))
                .body("errors", hasSize(4))
                .body("errors.field", containsInAnyOrder("scopes[1]", "scopes[2]", "scopes[3]", "scopes[4]"));
    }

    @Test
    void scopesAreRequired() {
        var tenant = newTenant("orders");
        createKey(tenant.adminKey(), Map.of("name", "n")).statusCode(400).body("errors[0].field", equalTo("scopes"));
        createKey(tenant.adminKey(), Map.of("name", "n", "scopes", List.of())).statusCode(400);
    }

    @Test
    void grantedScopesAreExactlyTheRequestedOnes() {
        var tenant = newTenant("orders", "invoices");
        createKey(tenant.adminKey(), Map.of("name", "n", "scopes", List.of("orders:write", "invoices:read")))
                .statusCode(201)
                .body("scopes", containsInAnyOrder("orders:write", "invoices:read"));
    }
}
