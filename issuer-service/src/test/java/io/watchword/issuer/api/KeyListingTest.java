package io.watchword.issuer.api;

import static io.restassured.RestAssured.given;
import static io.watchword.issuer.api.IssuerTestSupport.newKey;
import static io.watchword.issuer.api.IssuerTestSupport.newTenant;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.watchword.testsupport.quarkus.WatchwordTestResource;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = WatchwordTestResource.class, initArgs = @ResourceArg(name = "database", value = "issuer"))
class KeyListingTest {

    @Test
    void pagesThroughEveryKeyOnceWithTheCursor() {
        var tenant = newTenant("orders");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add((String) newKey(tenant.adminKey(), Map.of("name", "k" + i, "scopes", List.of("orders:read")))
                    .get("id"));
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            var spec = given().auth().oauth2(tenant.adminKey()).queryParam("limit", 2);
            if (cursor != null) {
                spec.queryParam("cursor", cursor);
            }
            var page = spec.get("/v1/keys").then().statusCode(200).extract().jsonPath();
            seen.addAll(page.getList("items.id"));
            assertThat(page.getList("items.key")).containsOnlyNulls();
            cursor = page.getString("nextCursor");
            pages++;
        } while (cursor != null);
        assertThat(seen).containsExactlyElementsOf(ids);
        assertThat(pages).isEqualTo(3);
    }

    @Test
    void filtersByEnvironmentExpiryAndStatus() {
        var tenant = newTenant("orders");
        String live =
                (String) newKey(tenant.adminKey(), Map.of("name", "a", "scopes", List.of("orders:read"), "ttl", "P30D"))
                        .get("id");
        String test = (String) newKey(
                        tenant.adminKey(),
                        Map.of("name", "b", "environment", "test", "scopes", List.of("orders:read"), "ttl", "P2D"))
                .get("id");

        assertThat(ids(tenant.adminKey(), Map.of("environment", "test"))).containsExactly(test);
        assertThat(ids(
                        tenant.adminKey(),
                        Map.of(
                                "expiringBefore",
                                Instant.now().plus(10, ChronoUnit.DAYS).toString())))
                .containsExactly(test);
        assertThat(ids(tenant.adminKey(), Map.of("status", "ACTIVE"))).containsExactly(live, test);
        assertThat(ids(tenant.adminKey(), Map.of("status", "EXPIRED"))).isEmpty();
    }

    @Test
    void badFiltersAreRefused() {
        var tenant = newTenant("orders");
        given().auth()
                .oauth2(tenant.adminKey())
                .queryParam("limit", 0)
                .get("/v1/keys")
                .then()
                .statusCode(400);
        given().auth()
                .oauth2(tenant.adminKey())
                .queryParam("cursor", "nonsense")
                .get("/v1/keys")
                .then()
                .statusCode(400);
        given().auth()
                .oauth2(tenant.adminKey())
                .queryParam("status", "GONE")
                .get("/v1/keys")
                .then()
                .statusCode(400);
    }

    private static List<String> ids(String adminKey, Map<String, String> query) {
        return given().auth()
                .oauth2(adminKey)
                .queryParams(query)
                .get("/v1/keys")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("items.id");
    }
}
