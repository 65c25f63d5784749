package io.watchword.issuer.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItems;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.watchword.testsupport.quarkus.WatchwordTestResource;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = WatchwordTestResource.class, initArgs = @ResourceArg(name = "database", value = "issuer"))
class OperationsTest {

    @Test
    void healthIncludesDatabaseAndOutboxRelay() {
        given().get("/q/health/ready").then().statusCode(200).body("checks.name", hasItems("outbox-relay"));
    }

    @Test
    void metricsExposeKeysLookupsCacheAndOutbox() {
        IssuerTestSupport.newTenant("orders");
        given().get("/q/metrics")
                .then()
                .statusCode(200)
                .body(containsString("watchword_keys_created_total"))
                .body(containsString("watchword_credential_lookups_total"))
                .body(containsString("watchword_outbox_backlog"))
                .body(containsString("cache_gets_total"));
    }

    @Test
    void openApiDescribesTheKeyApi() {
        given().get("/q/openapi").then().statusCode(200).body(containsString("/v1/keys/{id}/rotate"));
    }
}
