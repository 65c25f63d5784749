package io.watchword.revocation.it;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;

/** Calls to the real issuer: tenants, admin credentials and API keys for a test to work with. */
public final class IssuerAdmin {

    private IssuerAdmin() {}

    /** A new tenant with a resource catalogue, and the admin credential of its own. */
    public record TestTenant(String id, String adminKey) {}

    /** An API key: its id and the secret (shown once). */
    public record TestKey(String id, String key) {}

    public static String url() {
        return ConfigProvider.getConfig().getValue("watchword.test.issuer.url", String.class);
    }

    public static TestTenant newTenant() {
        return newTenant("t"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT));
    }

    /** A tenant with a chosen id (one that events already name). */
    public static TestTenant newTenant(String id) {
        JsonPath created = given().baseUri(url())
                .auth()
                .oauth2(IssuerTestResource.PLATFORM_KEY)
                .contentType(ContentType.JSON)
                .body(Map.of("id", id, "name", "Tenant " + id, "resources", List.of("orders")))
                .post("/v1/tenants")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
        return new TestTenant(id, created.getString("adminKey.key"));
    }

    public static TestKey newApiKey(TestTenant tenant) {
        JsonPath created = given().baseUri(url())
                .auth()
                .oauth2(tenant.adminKey())
                .contentType(ContentType.JSON)
                .body(Map.of("name", "test key", "scopes", List.of("orders:read"), "ttl", "PT1H"))
                .post("/v1/keys")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
        return new TestKey(created.getString("id"), created.getString("key"));
    }

    /** A further admin credential of {@code tenant} holding only {@code scopes}. */
    public static String newAdminKey(TestTenant tenant, List<String> scopes) {
        return given().baseUri(url())
                .auth()
                .oauth2(tenant.adminKey())
                .contentType(ContentType.JSON)
                .body(Map.of("name", "limited admin", "scopes", scopes))
                .post("/v1/admin-keys")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getString("key");
    }

    /** A further admin key of {@code tenant} (keys:read only): its {@code adm_} id and secret. */
    public static TestKey newAdminKeyWithId(TestTenant tenant) {
        JsonPath created = given().baseUri(url())
                .auth()
                .oauth2(tenant.adminKey())
                .contentType(ContentType.JSON)
                .body(Map.of("name", "ci admin", "scopes", List.of("keys:read"), "ttl", "PT1H"))
                .post("/v1/admin-keys")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
        return new TestKey(created.getString("id"), created.getString("key"));
    }

    /** The issuer's RFC 7662 answer for {@code token}: is it usable right now? */
    public static boolean active(String token) {
        return given().baseUri(url())
                .auth()
                .oauth2(IssuerTestResource.PLATFORM_KEY)
                .formParam("token", token)
                .post("/v1/introspect")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getBoolean("active");
    }
}
