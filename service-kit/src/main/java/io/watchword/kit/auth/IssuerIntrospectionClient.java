package io.watchword.kit.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * Asks the issuer's RFC 7662 endpoint ({@code POST {issuer}/v1/introspect}) about a credential,
 * authenticated with the calling service's own platform credential. Only the issuer holds the
 * hashes and the pepper, so it is the one place that can say who a presented secret belongs to.
 * Not a bean: a service builds it from its own settings.
 */
public class IssuerIntrospectionClient {

    private final Optional<URI> base;
    private final Optional<String> credential;
    private final Duration requestTimeout;
    private final ObjectMapper mapper;
    private final HttpClient http;

    public IssuerIntrospectionClient(
            Optional<URI> base,
            Optional<String> credential,
            Duration connectTimeout,
            Duration requestTimeout,
            ObjectMapper mapper) {
        this.base = base;
        this.credential = credential;
        this.requestTimeout = requestTimeout;
        this.mapper = mapper;
        this.http = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /**
     * The active introspection answer, or empty when the issuer says {@code active: false}.
     *
     * @throws IssuerUnavailableException when the issuer cannot answer
     */
    public Optional<JsonNode> introspect(String token, String hint) {
        URI issuer = base.orElseThrow(
                () -> new IssuerUnavailableException("the issuer's URL is not set: credentials cannot be checked"));
        String own = credential.orElseThrow(() -> new IssuerUnavailableException(
                "this service's issuer credential is not set: credentials cannot be checked"));
        String form = "token=" + URLEncoder.encode(token, StandardCharsets.UTF_8)
                + (hint == null ? "" : "&token_type_hint=" + URLEncoder.encode(hint, StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(issuer.resolve("/v1/introspect"))
                .timeout(requestTimeout)
                .header("Authorization", "Bearer " + own)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new IssuerUnavailableException(
                    "issuer introspection unreachable: " + e.getClass().getSimpleName(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IssuerUnavailableException("interrupted while asking the issuer", e);
        }
        if (response.statusCode() != 200) {
            // 401/403 here means our own platform credential is wrong: an operator problem, not the caller's.
            throw new IssuerUnavailableException("issuer introspection answered HTTP " + response.statusCode());
        }
        try {
            JsonNode body = mapper.readTree(response.body());
            return body.path("active").asBoolean(false) ? Optional.of(body) : Optional.empty();
        } catch (IOException e) {
            throw new IssuerUnavailableException("issuer introspection answer is not JSON", e);
        }
    }
}
