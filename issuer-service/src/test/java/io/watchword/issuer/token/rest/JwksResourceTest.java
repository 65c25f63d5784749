package io.watchword.issuer.token.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.watchword.issuer.token.signing.SigningKeyService;
import io.watchword.testsupport.quarkus.WatchwordTestResource;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = WatchwordTestResource.class, initArgs = @ResourceArg(name = "database", value = "issuer"))
class JwksResourceTest {

    @Inject
    SigningKeyService signingKeys;

    @Test
    void publishesTheCurrentAndNextKeysAsCacheableOkpJwks() {
        Response response = given().get("/.well-known/jwks.json")
                .then()
                .statusCode(200)
                .extract()
                .response();

        List<Map<String, String>> keys = response.jsonPath().getList("keys");
        assertThat(response.header("Cache-Control")).isEqualTo("public, max-age=300");
        assertThat(keys).hasSizeGreaterThanOrEqualTo(2).allSatisfy(key -> assertThat(key)
                .containsEntry("kty", "OKP")
                .containsEntry("crv", "Ed25519")
                .containsEntry("use", "sig")
                .containsEntry("alg", "EdDSA")
                .containsKeys("kid", "x")
                .doesNotContainKey("d"));
        assertThat(keys)
                .extracting(key -> key.get("kid"))
                .contains(signingKeys.ring().current().kid());
    }
}
