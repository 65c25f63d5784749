package io.watchword.client.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.watchword.core.scope.GrantedScopes;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Asks the issuer about an API key with RFC 7662 introspection ({@code POST {issuer}/v1/introspect},
 * {@code token_type_hint=api_key}), authenticated with the service's own introspection credential.
 */
public final class ApiKeyIntrospector implements KeyIntrospection {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final URI introspectUri;
    private final String credential;
    private final Duration timeout;

    public ApiKeyIntrospector(HttpClient http, URI issuerUrl, String introspectionCredential, Duration timeout) {
        this.http = http;
        this.introspectUri = issuerUrl.resolve("/v1/introspect");
        this.credential = introspectionCredential;
        this.timeout = timeout;
    }

    public boolean configured() {
        return credential != null && !credential.isBlank();
    }

    @Override
    public Answer introspect(String apiKey) throws IntrospectionFailedException {
        String form = "token=" + URLEncoder.encode(apiKey, StandardCharsets.UTF_8) + "&token_type_hint=api_key";
        HttpResponse<byte[]> response;
        try {
            response = http.send(
                    HttpRequest.newBuilder(introspectUri)
                            .timeout(timeout)
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .header("Accept", "application/json")
                            .header("Authorization", "Bearer " + credential)
                            .POST(HttpRequest.BodyPublishers.ofString(form))
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new IntrospectionFailedException("introspection request failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IntrospectionFailedException("interrupted");
        }
        if (response.statusCode() == 401 || response.statusCode() == 403) {
            throw new IntrospectionFailedException("the issuer refused the introspection credential (HTTP "
                    + response.statusCode() + "): check watchword.client.introspection-credential; it needs"
                    + " the introspection:read scope");
        }
        if (response.statusCode() != 200) {
            throw new IntrospectionFailedException("introspection answered HTTP " + response.statusCode());
        }
        try {
            return parse(response.body());
        } catch (IOException e) {
            throw new IntrospectionFailedException("introspection answer is not JSON");
        }
    }

    static Answer parse(byte[] body) throws IOException {
        JsonNode json = JSON.readTree(body);
        if (json == null || !json.path("active").asBoolean(false)) {
            return Answer.INACTIVE;
        }
        String id = json.path("sub").asText(json.path("client_id").asText(null));
        long exp = json.path("exp").canConvertToLong() ? json.path("exp").asLong() : Long.MAX_VALUE;
        if (id == null) {
            return Answer.INACTIVE;
        }
        return new Answer(
                true,
                id,
                json.path("tenant").asText(null),
                GrantedScopes.parse(json.path("scope").asText("")),
                exp);
    }
}
