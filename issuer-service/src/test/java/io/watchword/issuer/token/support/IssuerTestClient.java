package io.watchword.issuer.token.support;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.watchword.issuer.api.IssuerTestSupport;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Creates tenants and keys through the issuer's own HTTP API, as an operator would. */
public final class IssuerTestClient {

    private IssuerTestClient() {}

    /** The platform (system tenant) admin credential %test adopts at bootstrap. */
    public static String platformAdminKey() {
        return IssuerTestSupport.PLATFORM_KEY;
    }

    /** A fresh tenant owning the resources; returns its first admin credential. */
    public static Tenant newTenant(String... resources) {
        String id = "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        Map<String, Object> body = Map.of("id", id, "name", "Tenant " + id, "resources", List.of(resources));
        String adminKey = given().header("Authorization", "Bearer " + platformAdminKey())
                .contentType(ContentType.JSON)
                .body(body)
                .post("/v1/tenants")
                .then()
                .statusCode(201)
                .extract()
                .path("adminKey.key");
        return new Tenant(id, adminKey);
    }

    public record Tenant(String id, String adminKey) {

        public Key newKey(List<String> scopes) {
            return newKey(scopes, Map.of());
        }

        /** An API key with the scopes and any further fields of POST /v1/keys. */
        public Key newKey(List<String> scopes, Map<String, Object> more) {
            Map<String, Object> body = new HashMap<>(more);
            body.put("name", "test key");
            body.put("environment", "live");
            body.put("scopes", scopes);
            Response response = given().header("Authorization", "Bearer " + adminKey)
                    .contentType(ContentType.JSON)
                    .body(body)
                    .post("/v1/keys");
            response.then().statusCode(201);
            return new Key(response.path("id"), response.path("key"), id);
        }
    }

    public record Key(String id, String secret, String tenantId) {}

    /** POST /v1/tokens with the key and a JSON body. */
    public static Response exchange(String key, String jsonBody) {
        return given().header("Authorization", "Bearer " + key)
                .contentType(ContentType.JSON)
                .body(jsonBody)
                .post("/v1/tokens");
    }
}
