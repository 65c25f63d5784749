package io.watchword.issuer.token.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.Audience;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import com.nimbusds.oauth2.sdk.token.TokenTypeURI;
import com.nimbusds.oauth2.sdk.token.TypelessToken;
import com.nimbusds.oauth2.sdk.tokenexchange.TokenExchangeGrant;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.watchword.issuer.token.support.IssuerTestClient;
import io.watchword.issuer.token.support.IssuerTestClient.Key;
import io.watchword.issuer.token.support.IssuerTestClient.Tenant;
import io.watchword.testsupport.quarkus.WatchwordTestResource;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.jose4j.jwk.HttpsJwks;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.HttpsJwksVerificationKeyResolver;
import org.junit.jupiter.api.Test;

/**
 * The OAuth 2.0 token endpoint and RFC 8414 metadata as the Nimbus OAuth 2.0 SDK sees them:
 * requests built, answers and errors parsed by Nimbus, tokens verified by jose4j against the JWKS.
 * Runs in the module's one shared Quarkus start (real PostgreSQL and Kafka).
 */
@QuarkusTest
@QuarkusTestResource(value = WatchwordTestResource.class, initArgs = @ResourceArg(name = "database", value = "issuer"))
class OAuthTokenEndpointTest {

    static final TokenTypeURI API_KEY = tokenType(OAuthTokenResource.API_KEY_TOKEN_TYPE);

    @TestHTTPResource("/v1/oauth/token")
    URI endpoint;

    @TestHTTPResource("/.well-known/oauth-authorization-server")
    URI metadataUrl;

    @TestHTTPResource("/.well-known/jwks.json")
    URL jwks;

    /** One tenant per class (keys stay per test): creating tenants dominates these tests' time. */
    private static Tenant tenant;

    private static synchronized Tenant tenant() {
        if (tenant == null) {
            tenant = IssuerTestClient.newTenant("orders");
        }
        return tenant;
    }

    @Test
    void metadataParsesWithNimbusAndComesFromConfigurationNotTheHostHeader() throws Exception {
        HTTPRequest get = new HTTPRequest(HTTPRequest.Method.GET, metadataUrl);
        get.setHeader("X-Forwarded-Host", "attacker.example");
        HTTPResponse response = get.send();

        AuthorizationServerMetadata metadata = AuthorizationServerMetadata.parse(response.getContentAsJSONObject());

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(metadata.getIssuer().getValue()).isEqualTo("urn:watchword:issuer");
        assertThat(metadata.getTokenEndpointURI()).hasToString("https://issuer.watchword.test/v1/oauth/token");
        assertThat(metadata.getJWKSetURI()).hasToString("https://issuer.watchword.test/.well-known/jwks.json");
        assertThat(metadata.getIntrospectionEndpointURI()).hasToString("https://issuer.watchword.test/v1/introspect");
        assertThat(metadata.getRevocationEndpointURI()).hasToString("https://revocation.watchword.test/v1/revoke");
        assertThat(metadata.getGrantTypes()).containsExactly(GrantType.CLIENT_CREDENTIALS, GrantType.TOKEN_EXCHANGE);
        assertThat(metadata.getTokenEndpointAuthMethods())
                .containsExactly(
                        ClientAuthenticationMethod.CLIENT_SECRET_BASIC, ClientAuthenticationMethod.CLIENT_SECRET_POST);
        assertThat(metadata.getRevocationEndpointAuthMethods()).containsExactly(ClientAuthenticationMethod.NONE);
        assertThat(metadata.getResponseTypes()).isEmpty();
        assertThat(response.getBody()).doesNotContain("attacker");
    }

    @Test
    void clientCredentialsWithClientSecretBasicGivesATokenTheJwksVerifies() throws Exception {
        Key key = tenant().newKey(List.of("orders:write"));

        HTTPResponse http = new TokenRequest.Builder(endpoint, basic(key), new ClientCredentialsGrant())
                .scope(new Scope("orders:read"))
                .build()
                .toHTTPRequest()
                .send();
        AccessTokenResponse answer = success(http);

        AccessToken token = answer.getTokens().getAccessToken();
        assertThat(token.getType().getValue()).isEqualTo("Bearer");
        assertThat(token.getScope()).isEqualTo(new Scope("orders:read"));
        assertThat(token.getLifetime()).isEqualTo(300);
        assertThat(http.getCacheControl()).isEqualTo("no-store");
        JwtClaims claims = verify(token.getValue(), "watchword");
        assertThat(claims.getSubject()).isEqualTo(key.id());
        assertThat(claims.getStringClaimValue("scope")).isEqualTo("orders:read");
    }

    @Test
    void clientCredentialsWithClientSecretPostAndAResourceNarrowsTheAudience() throws Exception {
        Key key = tenant().newKey(List.of("orders:read"));
        ClientAuthentication post = new ClientSecretPost(new ClientID(key.id()), new Secret(key.secret()));

        AccessTokenResponse answer = success(new TokenRequest.Builder(endpoint, post, new ClientCredentialsGrant())
                .resource(URI.create("https://orders.example/api"))
                .build()
                .toHTTPRequest()
                .send());

        AccessToken token = answer.getTokens().getAccessToken();
        assertThat(token.getScope()).isEqualTo(new Scope("orders:read"));
        assertThat(verify(token.getValue(), "https://orders.example/api").getSubject())
                .isEqualTo(key.id());
    }

    @Test
    void basicCredentialsAreFormUrlDecodedAsRfc6749Requires() throws Exception {
        Key key = tenant().newKey(List.of("orders:read"));
        // Every character percent-encoded, as a client following RFC 6749 §2.3.1 literally may send.
        String id = percentEncodeAll(key.id());
        String header = "Basic "
                + Base64.getEncoder().encodeToString((id + ":" + key.secret()).getBytes(StandardCharsets.UTF_8));

        HTTPResponse http = form("grant_type=client_credentials", header);

        assertThat(http.getStatusCode()).isEqualTo(200);
        assertThat(http.getContentAsJSONObject()).containsKey("access_token");
    }

    @Test
    void tokenExchangeWithTheApiKeyAsSubjectTokenGivesAnAccessToken() throws Exception {
        Key key = tenant().newKey(List.of("orders:write"));
        TokenExchangeGrant grant = new TokenExchangeGrant(
                new TypelessToken(key.secret()),
                API_KEY,
                null,
                null,
                TokenTypeURI.ACCESS_TOKEN,
                List.of(new Audience("orders-api")));

        AccessTokenResponse answer = success(new TokenRequest.Builder(endpoint, grant)
                .scope(new Scope("orders:read"))
                .build()
                .toHTTPRequest()
                .send());

        AccessToken token = answer.getTokens().getAccessToken();
        assertThat(token.getIssuedTokenType()).isEqualTo(TokenTypeURI.ACCESS_TOKEN);
        assertThat(token.getScope()).isEqualTo(new Scope("orders:read"));
        JwtClaims claims = verify(token.getValue(), "orders-api");
        assertThat(claims.getSubject()).isEqualTo(key.id());
        assertThat(claims.getStringClaimValue("tenant")).isEqualTo(key.tenantId());
    }

    @Test
    void tokenExchangeByAnAuthenticatedClientMustPresentItsOwnKey() throws Exception {
        Tenant tenant = tenant();
        Key key = tenant.newKey(List.of("orders:read"));
        Key other = tenant.newKey(List.of("orders:read"));

        TokenResponse own = TokenResponse.parse(new TokenRequest.Builder(
                        endpoint, basic(key), new TokenExchangeGrant(new TypelessToken(key.secret()), API_KEY))
                .build()
                .toHTTPRequest()
                .send());
        ErrorObject foreign = error(new TokenRequest.Builder(
                        endpoint, basic(key), new TokenExchangeGrant(new TypelessToken(other.secret()), API_KEY))
                .build()
                .toHTTPRequest()
                .send());

        assertThat(own.indicatesSuccess()).isTrue();
        assertThat(foreign.getCode()).isEqualTo("invalid_request");
    }

    @Test
    void aWrongSecretIsInvalidClientWithA401AndABasicChallengeWhicheverMethod() throws Exception {
        Key key = tenant().newKey(List.of("orders:read"));
        Key other = tenant().newKey(List.of("orders:read"));
        ClientID id = new ClientID(key.id());

        HTTPResponse byBasic = new TokenRequest.Builder(
                        endpoint, new ClientSecretBasic(id, new Secret(other.secret())), new ClientCredentialsGrant())
                .build()
                .toHTTPRequest()
                .send();
        HTTPResponse byPost = new TokenRequest.Builder(
                        endpoint, new ClientSecretPost(id, new Secret("ww_live_notakey")), new ClientCredentialsGrant())
                .build()
                .toHTTPRequest()
                .send();
        HTTPResponse none = form("grant_type=client_credentials&client_id=" + key.id(), null);
        HTTPResponse bearer = form("grant_type=client_credentials", "Bearer " + key.secret());

        for (HTTPResponse response : List.of(byBasic, byPost, none, bearer)) {
            ErrorObject error = error(response);
            assertThat(error.getCode()).isEqualTo("invalid_client");
            assertThat(error.getHTTPStatusCode()).isEqualTo(401);
            assertThat(response.getHeaderValue("WWW-Authenticate")).startsWith("Basic realm=\"watchword\"");
            assertThat(response.getBody()).doesNotContain(key.secret(), other.secret(), "notakey");
        }
    }

    @Test
    void malformedRequestsAreInvalidRequestAsBothAnOAuthErrorAndAProblem() throws Exception {
        Key key = tenant().newKey(List.of("orders:read"));
        String post = "client_id=" + key.id() + "&client_secret=" + key.secret();

        Map<String, HTTPResponse> cases = Map.of(
                "missing grant_type", form(post, null),
                "duplicate grant_type",
                        form("grant_type=client_credentials&grant_type=client_credentials&" + post, null),
                "both methods", form("grant_type=client_credentials&" + post, basicHeader(key)),
                "JSON body", send("application/json", "{\"grant_type\":\"client_credentials\"}", basicHeader(key)),
                "broken escape", form("grant_type=client_credentials&scope=%zz", basicHeader(key)),
                "no subject_token", form("grant_type=" + OAuthTokenResource.TOKEN_EXCHANGE, null),
                "wrong subject_token_type",
                        form(
                                "grant_type=" + OAuthTokenResource.TOKEN_EXCHANGE + "&subject_token=" + key.secret()
                                        + "&subject_token_type=urn:ietf:params:oauth:token-type:jwt",
                                null));

        cases.forEach((name, response) -> {
            ErrorObject error = error(response);
            assertThat(error.getCode()).as(name).isEqualTo("invalid_request");
            assertThat(error.getHTTPStatusCode()).as(name).isEqualTo(400);
            assertThat(response.getHeaderValue("Content-Type")).as(name).startsWith("application/problem+json");
            try {
                Map<String, Object> body = response.getContentAsJSONObject();
                assertThat(body).as(name).containsEntry("status", 400L).containsKeys("type", "title", "detail");
            } catch (Exception e) {
                throw new AssertionError(name, e);
            }
            assertThat(response.getBody()).as(name).doesNotContain(key.secret());
        });
    }

    @Test
    void anUnknownGrantIsUnsupportedGrantType() throws Exception {
        Key key = tenant().newKey(List.of("orders:read"));

        ErrorObject error = error(form("grant_type=password&username=a&password=b", basicHeader(key)));

        assertThat(error.getCode()).isEqualTo("unsupported_grant_type");
        assertThat(error.getHTTPStatusCode()).isEqualTo(400);
    }

    @Test
    void aScopeBeyondTheKeysIsInvalidScopeForBothGrants() throws Exception {
        Key key = tenant().newKey(List.of("orders:read"));

        ErrorObject wider = error(new TokenRequest.Builder(endpoint, basic(key), new ClientCredentialsGrant())
                .scope(new Scope("orders:write"))
                .build()
                .toHTTPRequest()
                .send());
        ErrorObject exchanged = error(
                new TokenRequest.Builder(endpoint, new TokenExchangeGrant(new TypelessToken(key.secret()), API_KEY))
                        .scope(new Scope("orders:admin"))
                        .build()
                        .toHTTPRequest()
                        .send());
        ErrorObject malformed = error(form("grant_type=client_credentials&scope=not-a-scope", basicHeader(key)));

        assertThat(List.of(wider, exchanged, malformed))
                .extracting(ErrorObject::getCode)
                .containsOnly("invalid_scope");
        assertThat(wider.getHTTPStatusCode()).isEqualTo(400);
    }

    @Test
    void aBadSubjectTokenIsInvalidRequestAsRfc8693Requires() throws Exception {
        Tenant tenant = tenant();

        for (String subject : List.of("ww_live_notakey", tenant.adminKey(), "garbage")) {
            HTTPResponse response = new TokenRequest.Builder(
                            endpoint, new TokenExchangeGrant(new TypelessToken(subject), API_KEY))
                    .build()
                    .toHTTPRequest()
                    .send();
            ErrorObject error = error(response);
            assertThat(error.getCode()).isEqualTo("invalid_request");
            assertThat(error.getHTTPStatusCode()).isEqualTo(400);
            assertThat(response.getBody()).doesNotContain(tenant.adminKey());
        }
    }

    @Test
    void severalAudiencesOrABadResourceAreInvalidTarget() throws Exception {
        Key key = tenant().newKey(List.of("orders:read"));

        ErrorObject two = error(new TokenRequest.Builder(
                        endpoint,
                        new TokenExchangeGrant(
                                new TypelessToken(key.secret()),
                                API_KEY,
                                null,
                                null,
                                null,
                                List.of(new Audience("orders-api"), new Audience("billing-api"))))
                .build()
                .toHTTPRequest()
                .send());
        ErrorObject fragment = error(form(
                "grant_type=client_credentials&resource=https%3A%2F%2Forders.example%2F%23frag", basicHeader(key)));
        ErrorObject relative = error(form("grant_type=client_credentials&resource=orders", basicHeader(key)));

        assertThat(List.of(two, fragment, relative))
                .extracting(ErrorObject::getCode)
                .containsOnly("invalid_target");
    }

    private static ClientSecretBasic basic(Key key) {
        return new ClientSecretBasic(new ClientID(key.id()), new Secret(key.secret()));
    }

    private static String basicHeader(Key key) {
        return basic(key).toHTTPAuthorizationHeader();
    }

    private HTTPResponse form(String body, String authorization) throws Exception {
        return send("application/x-www-form-urlencoded", body, authorization);
    }

    private HTTPResponse send(String contentType, String body, String authorization) throws Exception {
        HTTPRequest request = new HTTPRequest(HTTPRequest.Method.POST, endpoint);
        request.setHeader("Content-Type", contentType);
        if (authorization != null) {
            request.setAuthorization(authorization);
        }
        request.setBody(body);
        return request.send();
    }

    private static AccessTokenResponse success(HTTPResponse http) throws Exception {
        TokenResponse response = TokenResponse.parse(http);
        assertThat(response.indicatesSuccess())
                .as(() -> "expected a token, got " + http.getStatusCode() + " " + http.getBody())
                .isTrue();
        return response.toSuccessResponse();
    }

    private static ErrorObject error(HTTPResponse http) {
        try {
            TokenResponse response = TokenResponse.parse(http);
            assertThat(response.indicatesSuccess()).as(http::getBody).isFalse();
            ErrorObject error = ((TokenErrorResponse) response).getErrorObject();
            assertThat(error.getDescription()).as(http::getBody).isNotBlank();
            return error;
        } catch (com.nimbusds.oauth2.sdk.ParseException e) {
            throw new AssertionError(http.getBody(), e);
        }
    }

    private JwtClaims verify(String token, String audience) throws Exception {
        return new JwtConsumerBuilder()
                .setVerificationKeyResolver(new HttpsJwksVerificationKeyResolver(new HttpsJwks(jwks.toString())))
                .setExpectedIssuer("urn:watchword:issuer")
                .setExpectedAudience(audience)
                .setRequireExpirationTime()
                .setRequireJwtId()
                .build()
                .processToClaims(token);
    }

    private static String percentEncodeAll(String text) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            out.append(String.format("%%%02X", b));
        }
        return out.toString();
    }

    private static TokenTypeURI tokenType(String uri) {
        try {
            return TokenTypeURI.parse(uri);
        } catch (com.nimbusds.oauth2.sdk.ParseException e) {
            throw new IllegalStateException(e);
        }
    }
}
