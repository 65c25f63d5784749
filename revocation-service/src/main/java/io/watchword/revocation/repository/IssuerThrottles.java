package io.watchword.revocation.repository;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.watchword.core.credential.CredentialIds;
import io.watchword.kit.auth.IssuerUnavailableException;
import io.watchword.revocation.config.RevocationConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Sets and lifts a key's throttle through the issuer's {@code PATCH /v1/keys/{id}} with this
 * service's own platform credential (which then needs {@code keys:write}). The issuer stores it,
 * audits it and publishes it on the key's credential state, which every verifier applies and ends
 * on its own clock (decisions 0176, 0212). Nothing a caller typed reaches the URL unchecked.
 */
@ApplicationScoped
public class IssuerThrottles {

    /** What the issuer answered. */
    public enum Outcome {
        /** The throttle was set, or lifted. */
        DONE,
        /** The issuer has no such API key (deleted, or never one: an admin key or a token). */
        NO_SUCH_KEY,
        /** The issuer refused the throttle itself (400: e.g. beyond its maximum length). */
        REFUSED
    }

    private final RevocationConfig config;
    private final ObjectMapper mapper;
    private final MeterRegistry metrics;
    private final HttpClient http;

    @Inject
    public IssuerThrottles(RevocationConfig config, ObjectMapper mapper, MeterRegistry metrics) {
        this.config = config;
        this.mapper = mapper;
        this.metrics = metrics;
        this.http = HttpClient.newBuilder()
                .connectTimeout(config.issuer().connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /**
     * Cuts the key's limit to {@code rateLimit} for {@code ttl}, naming the alert (the issuer
     * records the reason {@code alert:<id>}).
     *
     * @throws IssuerUnavailableException when the issuer cannot answer (the caller retries)
     */
    public Outcome throttle(String credentialId, int rateLimit, Duration ttl, UUID alertId) {
        Map<String, Object> throttle = new LinkedHashMap<>();
        throttle.put("rateLimit", rateLimit);
        throttle.put("ttl", ttl.toString());
        throttle.put("alertId", alertId.toString());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("throttle", throttle);
        return patch(credentialId, body, "throttle");
    }

    /**
     * The key's throttle in force as the issuer shows it ({@code GET /v1/keys/{id}}: its {@code
     * throttle} object, absent once lifted or expired); empty when none or no such key.
     */
    public java.util.Optional<com.fasterxml.jackson.databind.JsonNode> current(String credentialId) {
        if (!CredentialIds.isApiKeyId(credentialId)) {
            return java.util.Optional.empty();
        }
        HttpResponse<byte[]> response;
        try {
            HttpRequest request = HttpRequest.newBuilder(base().resolve("/v1/keys/" + credentialId))
                    .timeout(config.issuer().requestTimeout())
                    .header("Authorization", "Bearer " + credential())
                    .header("Accept", "application/json")
                    .GET()
                    .build();
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new IssuerUnavailableException("issuer key lookup unreachable: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IssuerUnavailableException("interrupted while asking the issuer", e);
        }
        if (response.statusCode() == 404) {
            return java.util.Optional.empty();
        }
        if (response.statusCode() != 200) {
            throw new IssuerUnavailableException("issuer key lookup answered HTTP " + response.statusCode());
        }
        try {
            com.fasterxml.jackson.databind.JsonNode throttle =
                    mapper.readTree(response.body()).get("throttle");
            return throttle == null || !throttle.isObject()
                    ? java.util.Optional.empty()
                    : java.util.Optional.of(throttle);
        } catch (IOException e) {
            throw new IssuerUnavailableException("issuer key lookup answer is unreadable", e);
        }
    }

    private URI base() {
        return config.issuer()
                .url()
                .orElseThrow(() -> new IssuerUnavailableException(
                        "watchword.revocation.issuer.url is not set: keys cannot be throttled"));
    }

    private String credential() {
        return config.issuer()
                .credential()
                .orElseThrow(() -> new IssuerUnavailableException(
                        "watchword.revocation.issuer.credential is not set: keys cannot be throttled"));
    }

    /** Lifts the key's throttle (whatever set it). */
    public Outcome lift(String credentialId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("throttle", null);
        return patch(credentialId, body, "lift");
    }

    private Outcome patch(String credentialId, Map<String, Object> body, String what) {
        if (!CredentialIds.isApiKeyId(credentialId)) {
            return Outcome.NO_SUCH_KEY;
        }
        URI base = base();
        String credential = credential();
        HttpResponse<Void> response;
        try {
            HttpRequest request = HttpRequest.newBuilder(base.resolve("/v1/keys/" + credentialId))
                    .timeout(config.issuer().requestTimeout())
                    .header("Authorization", "Bearer " + credential)
                    .header("Content-Type", "application/json")
                    .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(mapper.writeValueAsBytes(body)))
                    .build();
            response = http.send(request, HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            throw new IssuerUnavailableException("issuer throttle unreachable: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IssuerUnavailableException("interrupted while throttling through the issuer", e);
        }
        int status = response.statusCode();
        metrics.counter("watchword.issuer.throttles", "what", what, "status", Integer.toString(status))
                .increment();
        if (status == 200) {
            return Outcome.DONE;
        }
        if (status == 404) {
            return Outcome.NO_SUCH_KEY;
        }
        if (status == 400) {
            return Outcome.REFUSED;
        }
        // 401/403: our own credential is wrong or lacks keys:write (an operator problem, retried
        // until it is fixed or the record is dead-lettered); 429/5xx: the issuer is busy or down.
        throw new IssuerUnavailableException("issuer throttle answered HTTP " + status);
    }
}
