package io.watchword.analytics.hygiene;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.watchword.analytics.config.AnalyticsConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Revokes a stale key through the revocation-service's {@code POST /v1/revocations?tenant=} with
 * this service's own platform credential ({@code watchword.analytics.revocation.credential}, {@code
 * revocations:write}), reason {@code UNUSED}: the revocation-service stores, audits and publishes it
 * as for any revocation (decision 0219). Revoking twice is harmless: it answers 200 with the
 * existing revocation.
 */
@ApplicationScoped
public class StaleKeyRevoker {

    private static final Logger LOG = Logger.getLogger(StaleKeyRevoker.class);

    /** The outcome: revoked (with the revocation id), gone (nothing left to revoke), or not now. */
    public record Result(Outcome outcome, String revocationId) {}

    public enum Outcome {
        REVOKED,
        /** 404 or 409: the key is not in the tenant any more or already expired. */
        GONE,
        /** Not configured, unreachable, refused or failed: the notice stays pending, the next run retries. */
        RETRY
    }

    private final AnalyticsConfig config;
    private final ObjectMapper json;
    private final HttpClient http;

    public StaleKeyRevoker(AnalyticsConfig config, ObjectMapper json) {
        this.config = config;
        this.json = json;
        this.http = HttpClient.newBuilder()
                .connectTimeout(config.revocation().connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    public boolean configured() {
        return config.revocation().url().isPresent()
                && config.revocation().credential().isPresent();
    }

    public Result revoke(String tenantId, String credentialId, String comment) {
        Optional<URI> base = config.revocation().url();
        Optional<String> credential = config.revocation().credential();
        if (base.isEmpty() || credential.isEmpty()) {
            LOG.warn("a stale key is due for revocation but watchword.analytics.revocation.url/credential"
                    + " are not set: it stays pending");
            return new Result(Outcome.RETRY, null);
        }
        try {
            HttpResponse<String> answer = http.send(
                    HttpRequest.newBuilder(base.get()
                                    .resolve("/v1/revocations?tenant="
                                            + URLEncoder.encode(tenantId, StandardCharsets.UTF_8)))
                            .timeout(config.revocation().requestTimeout())
                            .header("Authorization", "Bearer " + credential.get())
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(
                                    Map.of("credentialId", credentialId, "reason", "UNUSED", "comment", comment))))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            int status = answer.statusCode();
            if (status == 200 || status == 201 || status == 202) {
                JsonNode body = json.readTree(answer.body());
                return new Result(Outcome.REVOKED, body.path("id").asText(null));
            }
            if (status == 404 || status == 409) {
                return new Result(Outcome.GONE, null);
            }
            LOG.warnf("the revocation-service answered %d to a stale-key revocation; the next run retries", status);
            return new Result(Outcome.RETRY, null);
        } catch (IOException e) {
            LOG.warnf("cannot reach the revocation-service (%s); the next run retries", e.toString());
            return new Result(Outcome.RETRY, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(Outcome.RETRY, null);
        }
    }
}
