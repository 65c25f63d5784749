package io.watchword.issuer.token.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.watchword.issuer.token.support.IssuerTestClient;
import io.watchword.issuer.token.support.IssuerTestClient.Key;
import io.watchword.issuer.token.support.IssuerTestClient.Tenant;
import io.watchword.testsupport.quarkus.WatchwordTestResource;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.client.endpoint.OAuth2ClientCredentialsGrantRequest;
import org.springframework.security.oauth2.client.endpoint.RestClientClientCredentialsTokenResponseClient;
import org.springframework.security.oauth2.client.endpoint.RestClientTokenExchangeTokenResponseClient;
import org.springframework.security.oauth2.client.endpoint.TokenExchangeGrantRequest;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2AuthorizationException;
import org.springframework.security.oauth2.core.endpoint.OAuth2AccessTokenResponse;
import org.springframework.web.client.HttpClientErrorException;

/**
 * Spring Security's OAuth 2.0 client (the {@code RestClient} token response clients a Spring Boot
 * service uses) gets tokens from the token endpoint and reads its errors.
 */
@QuarkusTest
@QuarkusTestResource(value = WatchwordTestResource.class, initArgs = @ResourceArg(name = "database", value = "issuer"))
class OAuthSpringClientTest {

    @TestHTTPResource("/v1/oauth/token")
    URI endpoint;

    /** One tenant per class (keys stay per test): creating tenants dominates these tests' time. */
    private static Tenant tenant;

    private static synchronized Tenant tenant() {
        if (tenant == null) {
            tenant = IssuerTestClient.newTenant("orders");
        }
        return tenant;
    }

    @Test
    void springsClientCredentialsClientGetsANarrowedTokenByBasicAndByPost() {
        Key key = tenant().newKey(List.of("orders:write"));
        RestClientClientCredentialsTokenResponseClient client = new RestClientClientCredentialsTokenResponseClient();

        for (ClientAuthenticationMethod method : List.of(
                ClientAuthenticationMethod.CLIENT_SECRET_BASIC, ClientAuthenticationMethod.CLIENT_SECRET_POST)) {
            OAuth2AccessTokenResponse answer =
                    client.getTokenResponse(new OAuth2ClientCredentialsGrantRequest(registration(key, method)));

            OAuth2AccessToken token = answer.getAccessToken();
            assertThat(token.getTokenType()).isEqualTo(OAuth2AccessToken.TokenType.BEARER);
            assertThat(token.getScopes()).as(method.getValue()).containsExactly("orders:read");
            assertThat(token.getExpiresAt()).isAfter(Instant.now());
            assertThat(token.getTokenValue()).startsWith("eyJ");
        }
    }

    @Test
    void springsTokenExchangeClientTradesTheApiKeyForAToken() {
        Key key = tenant().newKey(List.of("orders:read"));
        ClientRegistration registration = ClientRegistration.withRegistrationId("watchword")
                .tokenUri(endpoint.toString())
                .clientId(key.id())
                .clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
                .authorizationGrantType(AuthorizationGrantType.TOKEN_EXCHANGE)
                .build();
        OAuth2AccessToken apiKey = new OAuth2AccessToken(
                OAuth2AccessToken.TokenType.BEARER,
                key.secret(),
                Instant.now(),
                Instant.now().plusSeconds(60));
        RestClientTokenExchangeTokenResponseClient client = new RestClientTokenExchangeTokenResponseClient();
        // Spring names the subject token's type from its Java class; ours is an API key.
        client.setParametersCustomizer(
                parameters -> parameters.set("subject_token_type", OAuthTokenResource.API_KEY_TOKEN_TYPE));

        OAuth2AccessTokenResponse answer =
                client.getTokenResponse(new TokenExchangeGrantRequest(registration, apiKey, null));

        assertThat(answer.getAccessToken().getScopes()).containsExactly("orders:read");
        assertThat(answer.getAdditionalParameters())
                .containsEntry("issued_token_type", "urn:ietf:params:oauth:token-type:access_token");
    }

    /**
     * Spring reads an OAuth error body only from a 400 (its {@code OAuth2ErrorResponseErrorHandler});
     * RFC 6749 §5.2 requires 401 for a client that authenticated by Basic, so Spring reports the
     * refusal as {@code invalid_token_response} with the HTTP 401 as its cause, whose body still
     * says {@code invalid_client}.
     */
    @Test
    void springSeesAWrongSecretAsA401CarryingInvalidClient() {
        Key key = tenant().newKey(List.of("orders:read"));
        ClientRegistration wrong = ClientRegistration.withClientRegistration(
                        registration(key, ClientAuthenticationMethod.CLIENT_SECRET_BASIC))
                .clientSecret("ww_live_notakey")
                .build();

        OAuth2AuthorizationException refused = catchThrowableOfType(
                OAuth2AuthorizationException.class, () -> new RestClientClientCredentialsTokenResponseClient()
                        .getTokenResponse(new OAuth2ClientCredentialsGrantRequest(wrong)));

        assertThat(refused.getCause()).isInstanceOf(HttpClientErrorException.Unauthorized.class);
        HttpClientErrorException http = (HttpClientErrorException) refused.getCause();
        assertThat(http.getResponseHeaders().getFirst("WWW-Authenticate")).startsWith("Basic realm=");
        assertThat(http.getResponseBodyAsString())
                .contains("\"error\":\"invalid_client\"")
                .doesNotContain("notakey");
    }

    private ClientRegistration registration(Key key, ClientAuthenticationMethod method) {
        return ClientRegistration.withRegistrationId("watchword")
                .tokenUri(endpoint.toString())
                .clientId(key.id())
                .clientSecret(key.secret())
                .clientAuthenticationMethod(method)
                .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
                .scope("orders:read")
                .build();
    }
}
