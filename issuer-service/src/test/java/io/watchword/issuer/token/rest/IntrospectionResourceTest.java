package io.watchword.issuer.token.rest;

import static io.restassured.RestAssured.given;
import static io.watchword.issuer.token.support.IssuerTestClient.exchange;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.TokenIntrospectionRequest;
import com.nimbusds.oauth2.sdk.TokenIntrospectionResponse;
import com.nimbusds.oauth2.sdk.TokenIntrospectionSuccessResponse;
import com.nimbusds.oauth2.sdk.id.Audience;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.oauth2.sdk.token.TypelessAccessToken;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.watchword.issuer.token.support.IssuerTestClient;
import io.watchword.issuer.token.support.IssuerTestClient.Key;
import io.watchword.issuer.token.support.IssuerTestClient.Tenant;
import io.watchword.testsupport.quarkus.WatchwordTestResource;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 7662 requests built and responses parsed by the Nimbus OAuth 2.0 SDK. */
@QuarkusTest
@QuarkusTestResource(value = WatchwordTestResource.class, initArgs = @ResourceArg(name = "database", value = "issuer"))
class IntrospectionResourceTest {

    @TestHTTPResource("/v1/introspect")
    URI endpoint;

    @Test
    void anActiveTokenIsAnsweredWithItsClaims() throws Exception {
        Tenant tenant = IssuerTestClient.newTenant("orders");
        Key key = tenant.newKey(List.of("orders:write"));
        String token = exchange(key.secret(), "{\"scopes\":[\"orders:read\"],\"audience\":\"orders-api\"}")
                .then()
                .statusCode(200)
                .extract()
                .path("access_token");

        TokenIntrospectionSuccessResponse answer = introspect(tenant.adminKey(), token);

        assertThat(answer.isActive()).isTrue();
        assertThat(answer.getScope().toString()).isEqualTo("orders:read");
        assertThat(answer.getClientID().getValue()).isEqualTo(key.id());
        assertThat(answer.getSubject().getValue()).isEqualTo(key.id());
        assertThat(answer.getStringParameter("tenant")).isEqualTo(tenant.id());
        assertThat(answer.getStringParameter("token_type")).isEqualTo("access_token");
        assertThat(answer.getAudience()).containsExactly(new Audience("orders-api"));
        assertThat(answer.getIssuer().getValue()).isEqualTo("urn:watchword:issuer");
        assertThat(answer.getJWTID().getValue()).startsWith("tok_");
        assertThat(answer.getExpirationTime()).isAfter(answer.getIssueTime());
        assertThat(answer.getNotBeforeTime()).isNotNull();
    }

    @Test
    void anApiKeyAndAnAdminCredentialIntrospectWhateverTheHint() throws Exception {
        Tenant tenant = IssuerTestClient.newTenant("orders");
        Key key = tenant.newKey(List.of("orders:read"));

        TokenIntrospectionSuccessResponse apiKey = introspect(tenant.adminKey(), key.secret());
        TokenIntrospectionSuccessResponse admin = introspect(tenant.adminKey(), tenant.adminKey());

        assertThat(apiKey.isActive()).isTrue();
        assertThat(apiKey.getStringParameter("token_type")).isEqualTo("api_key");
        assertThat(apiKey.getClientID().getValue()).isEqualTo(key.id());
        assertThat(apiKey.getScope().toString()).isEqualTo("orders:read");
        assertThat(admin.isActive()).isTrue();
        assertThat(admin.getStringParameter("token_type")).isEqualTo("admin_key");
    }

    @Test
    void anotherTenantsCredentialsAreInactiveExceptForThePlatform() throws Exception {
        Key key = IssuerTestClient.newTenant("orders").newKey(List.of("orders:read"));
        String token =
                exchange(key.secret(), "{}").then().statusCode(200).extract().path("access_token");
        Tenant stranger = IssuerTestClient.newTenant("orders");

        assertThat(introspect(stranger.adminKey(), token).toJSONObject()).containsOnlyKeys("active");
        assertThat(introspect(stranger.adminKey(), key.secret()).isActive()).isFalse();
        assertThat(introspect(IssuerTestClient.platformAdminKey(), token).isActive())
                .isTrue();
        assertThat(introspect(IssuerTestClient.platformAdminKey(), key.secret()).isActive())
                .isTrue();
    }

    @Test
    void garbageIsInactiveAndCallersMustAuthenticate() throws Exception {
        Tenant tenant = IssuerTestClient.newTenant("orders");

        assertThat(introspect(tenant.adminKey(), "eyJhbGciOiJub25lIn0.e30.").isActive())
                .isFalse();
        assertThat(introspect(tenant.adminKey(), "ww_live_nonsense").isActive()).isFalse();
        given().formParam("token", "x").post("/v1/introspect").then().statusCode(401);
        given().header("Authorization", "Bearer " + tenant.adminKey())
                .formParam("token_type_hint", "access_token")
                .post("/v1/introspect")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void aFormBodyThatIsNotAValidFormNeverMatchesAKeyNorFailsNorEchoes() throws Exception {
        // The kit decodes form bodies once, strictly (decision 0280); one that is not a valid form
        // is left to RESTEasy Reactive's own reading, as before: never a server error, never the
        // key with bytes appended taken for the key, nothing echoed.
        Tenant tenant = IssuerTestClient.newTenant("orders");
        Key key = tenant.newKey(List.of("orders:read"));
        for (byte[] body : List.of(
                ("token=" + key.secret() + "%zz").getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                ("token_type_hint=api_key&token=" + key.secret() + "%")
                        .getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                concat(
                        ("token=" + key.secret()).getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                        new byte[] {(byte) 0xC3}))) {
            java.net.http.HttpResponse<String> answer = java.net.http.HttpClient.newBuilder()
                    .version(java.net.http.HttpClient.Version.HTTP_1_1)
                    .build()
                    .send(
                            java.net.http.HttpRequest.newBuilder(endpoint)
                                    .header("Authorization", "Bearer " + tenant.adminKey())
                                    .header("Content-Type", "application/x-www-form-urlencoded")
                                    .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body))
                                    .build(),
                            java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).isIn(200, 400);
            if (answer.statusCode() == 200) {
                assertThat(answer.body()).isEqualTo("{\"active\":false}");
            } else {
                assertThat(answer.headers().firstValue("Content-Type"))
                        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
            }
            assertThat(answer.body()).doesNotContain(key.secret());
        }
        // The same key, well formed (an escaped character included), is introspected.
        assertThat(given().header("Authorization", "Bearer " + tenant.adminKey())
                        .contentType("application/x-www-form-urlencoded")
                        .body("token_type_hint=api%5Fkey&token=" + key.secret())
                        .post("/v1/introspect")
                        .then()
                        .statusCode(200)
                        .extract()
                        .<Boolean>path("active"))
                .isTrue();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    private TokenIntrospectionSuccessResponse introspect(String caller, String token) throws Exception {
        TokenIntrospectionResponse response = TokenIntrospectionResponse.parse(
                new TokenIntrospectionRequest(endpoint, new BearerAccessToken(caller), new TypelessAccessToken(token))
                        .toHTTPRequest()
                        .send());
        assertThat(response.indicatesSuccess()).isTrue();
        return response.toSuccessResponse();
    }
}
