package io.watchword.revocation.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.watchword.revocation.config.RevocationConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Asks the issuer's RFC 7662 endpoint ({@code POST {issuer}/v1/introspect}) about a credential,
 * authenticated with this service's own platform credential. Only the issuer holds the hashes
 * and the pepper, so it is the one place that can say who a presented secret belongs to.
 */
@ApplicationScoped
public class IssuerIntrospectionClient {

    private final RevocationConfig config;
    private final ObjectMapper mapper;
    private final HttpClient http;

    @Inject
    public IssuerIntrospectionClient(RevocationConfig config, ObjectMapper mapper) {
        this.config = config;
        this.mapper = mapper;
        this.http = HttpClient.newBuilder()
                .connectTimeout(config.issuer().connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /**
     * The active introspection answer, or empty when the issuer says {@code active: false}.
     *
     * @throws IssuerUnavailableException when the issuer cannot answer
     */
    public Optional<JsonNode> introspect(String token, String hint) {
        URI base = config.issuer()
                .url()
                .orElseThrow(() -> new IssuerUnavailableException(
                        "watchword.revocation.issuer.url is not set: credentials cannot be checked"));
        String credential = config.issuer()
                .credential()
                .orElseThrow(() -> new IssuerUnavailableException(
                        "watchword.revocation.issuer.credential is not set: credentials cannot be checked"));
        String form = "token=" + URLEncoder.encode(token, StandardCharsets.UTF_8)
                + (hint == null ? "" : "&token_type_hint=" + URLEncoder.encode(hint, StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/v1/introspect"))
                .timeout(config.issuer().requestTimeout())
                .header("Authorization", "Bearer " + credential)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new IssuerUnavailableException("issuer introspection unreachable: " + e.getMessage(), e);
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
