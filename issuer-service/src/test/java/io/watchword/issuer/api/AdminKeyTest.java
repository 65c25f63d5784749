package io.watchword.issuer.api;

import static io.restassured.RestAssured.given;
import static io.watchword.issuer.api.IssuerTestSupport.PLATFORM_KEY;
import static io.watchword.issuer.api.IssuerTestSupport.newKey;
import static io.watchword.issuer.api.IssuerTestSupport.newTenant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.watchword.core.credential.CredentialIds;
import io.watchword.testsupport.quarkus.WatchwordTestResource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = WatchwordTestResource.class, initArgs = @ResourceArg(name = "database", value = "issuer"))
class AdminKeyTest {

    @Test
    void readOnlyAdminKeyCanListButNotCreate() {
        var tenant = newTenant("orders");
        String reader = given().auth()
                .oauth2(tenant.adminKey())
                .contentType(ContentType.JSON)
                .body(Map.of("name", "dashboard", "scopes", List.of("keys:read"), "ttl", "P1D"))
                .post("/v1/admin-keys")
                .then()
                .statusCode(201)
                .body("key", startsWith("ww_admin_"))
                .extract()
                .path("key");
        given().auth().oauth2(reader).get("/v1/keys").then().statusCode(200);
        IssuerTestSupport.createKey(reader, Map.of("name", "n", "scopes", List.of("orders:read")))
                .statusCode(403)
                .body("detail", equalTo("This admin credential lacks the scope 'keys:write'."));
        given().auth()
                .oauth2(reader)
                .contentType(ContentType.JSON)
                .body(Map.of("name", "x", "scopes", List.of("keys:read")))
                .post("/v1/admin-keys")
                .then()
                .statusCode(403);
    }

    @Test
    void adminKeyScopesCannotExceedTheCreators() {
        var tenant = newTenant("orders");
        given().auth()
                .oauth2(tenant.adminKey())
                .contentType(ContentType.JSON)
                .body(Map.of("name", "too-much", "scopes", List.of("tenants:admin")))
                .post("/v1/admin-keys")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("scopes[0]"));
    }

    /** Creates an admin key in {@code tenant} and returns the create answer (id, key, ...). */
    private static Map<String, Object> newAdminKey(IssuerTestSupport.TestTenant tenant, List<String> scopes) {
        return given().auth()
                .oauth2(tenant.adminKey())
                .contentType(ContentType.JSON)
                .body(Map.of("name", "ci-admin", "scopes", scopes, "ttl", "P1D"))
                .post("/v1/admin-keys")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getMap("");
    }

    @Test
    @SuppressWarnings("unchecked")
    void anAdminKeyIsReadableByIdInItsOwnTenantWithoutItsSecret() {
        var tenant = newTenant("orders");
        Map<String, Object> created = newAdminKey(tenant, List.of("keys:read", "tenants:read"));
        String id = (String) created.get("id");
        assertThat(id).startsWith("adm_");

        Map<String, Object> view = given().auth()
                .oauth2(tenant.adminKey())
                .get("/v1/admin-keys/" + id)
                .then()
                .statusCode(200)
                .body("id", equalTo(id))
                .body("tenantId", equalTo(tenant.id()))
                .body("type", equalTo("ADMIN_KEY"))
                .body("name", equalTo("ci-admin"))
                .body("status", equalTo("ACTIVE"))
                .extract()
                .jsonPath()
                .getMap("");
        assertThat(view).containsKeys("scopes", "expiresAt", "createdAt");
        assertThat((List<Object>) view.get("scopes")).containsExactlyInAnyOrder("keys:read", "tenants:read");
        assertThat(view).doesNotContainKeys("key", "keyHash", "hash", "secret");
        String secret = (String) created.get("key");
        assertThat(view.toString()).doesNotContain(secret).doesNotContain(secret.substring(secret.length() - 20));
    }

    @Test
    void anotherTenantsAdminKeyIsTheSameNotFoundAsARandomIdButThePlatformReadsIt() {
        var owner = newTenant("orders");
        var other = newTenant("orders");
        String id = (String) newAdminKey(owner, List.of("keys:read")).get("id");
        String randomId = CredentialIds.newAdminKeyId();
        // An API key's id is no admin key either: the same 404, so the endpoint is no oracle for it.
        String apiKeyId = (String) newKey(owner.adminKey(), Map.of("name", "k", "scopes", List.of("orders:read")))
                .get("id");

        Response theirs = given().auth().oauth2(other.adminKey()).get("/v1/admin-keys/" + id);
        for (String missing : List.of(randomId, apiKeyId)) {
            Response random = given().auth().oauth2(other.adminKey()).get("/v1/admin-keys/" + missing);
            assertThat(theirs.statusCode()).isEqualTo(404).isEqualTo(random.statusCode());
            assertThat(theirs.contentType()).isEqualTo(random.contentType()).startsWith("application/problem+json");
            Map<String, Object> theirsBody = theirs.jsonPath().getMap("");
            Map<String, Object> randomBody = random.jsonPath().getMap("");
            assertThat(theirsBody.keySet()).isEqualTo(randomBody.keySet());
            for (String field : theirsBody.keySet()) {
                if (field.equals("instance")) {
                    continue; // a fresh occurrence id per answer (decision 0110)
                }
                assertThat(String.valueOf(theirsBody.get(field)).replace(id, "ID"))
                        .as(field)
                        .isEqualTo(String.valueOf(randomBody.get(field)).replace(missing, "ID"));
            }
        }

        given().auth()
                .oauth2(PLATFORM_KEY)
                .get("/v1/admin-keys/" + id)
                .then()
                .statusCode(200)
                .body("id", equalTo(id))
                .body("tenantId", equalTo(owner.id()));
    }

    @Test
    void readingAnAdminKeyNeedsKeysRead() {
        var tenant = newTenant("orders");
        String id = (String) newAdminKey(tenant, List.of("keys:read")).get("id");
        String withoutKeys =
                (String) newAdminKey(tenant, List.of("tenants:read")).get("key");

        given().auth()
                .oauth2(withoutKeys)
                .get("/v1/admin-keys/" + id)
                .then()
                .statusCode(403)
                .contentType("application/problem+json")
                .body("detail", equalTo("This admin credential lacks the scope 'keys:read'."));
    }
}
