package io.watchword.issuer.api;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/** Small helpers over the HTTP API: a fresh tenant per test, keys created through the API. */
public final class IssuerTestSupport {

    /** The platform admin credential %test adopts at bootstrap (application.properties). */
    public static final String PLATFORM_KEY = "ww_admin_l0HRHDFX8bXX8cPTLhwU0O76u25wtPvu49hQ0w";

    private IssuerTestSupport() {}

    /** A tenant created by the platform admin; its id and first admin credential. */
    public record TestTenant(String id, String adminKey) {}

    public static TestTenant newTenant(String... resources) {
        String id = "t-" + UUID.randomUUID().toString().substring(0, 8).toLowerCase(Locale.ROOT);
        String adminKey = given().auth()
                .oauth2(PLATFORM_KEY)
                .contentType(ContentType.JSON)
                .body(Map.of("id", id, "name", "Tenant " + id, "resources", List.of(resources)))
                .post("/v1/tenants")
                .then()
                .statusCode(201)
                .extract()
                .path("adminKey.key");
        return new TestTenant(id, adminKey);
    }

    public static ValidatableResponse createKey(String adminKey, Map<String, Object> body) {
        return given().auth()
                .oauth2(adminKey)
                .contentType(ContentType.JSON)
                .body(body)
                .post("/v1/keys")
                .then();
    }

    /** Creates a key and returns the create answer's JSON as a map (id, key, ...). */
    public static Map<String, Object> newKey(String adminKey, Map<String, Object> body) {
        return createKey(adminKey, body).statusCode(201).extract().jsonPath().getMap("");
    }
}
