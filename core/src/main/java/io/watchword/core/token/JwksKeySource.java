package io.watchword.core.token;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * The issuer's public keys from {@code GET {issuer}/.well-known/jwks.json}, held in memory.
 *
 * <p>The issuer publishes a key before it signs with it, so an unknown {@code kid} normally means a
 * rotation we have not seen: the set is fetched again, but at most once per {@code
 * minRefetchInterval}, so a flood of tokens with made-up key ids costs the issuer one request per
 * interval and us one map lookup per token. Thread-safe.
 */
public final class JwksKeySource {

    private static final System.Logger LOG = System.getLogger(JwksKeySource.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final URI jwksUri;
    private final Duration minRefetchInterval;
    private final Duration requestTimeout;
    private final Clock clock;

    private volatile Map<String, SigningKey> keys = Map.of();
    private volatile long lastAttemptMillis = Long.MIN_VALUE / 2;
    private volatile long lastSuccessMillis = 0;

    public JwksKeySource(
            HttpClient http, URI issuerUrl, Duration minRefetchInterval, Duration requestTimeout, Clock clock) {
        this.http = http;
        this.jwksUri = issuerUrl.resolve("/.well-known/jwks.json");
        this.minRefetchInterval = minRefetchInterval;
        this.requestTimeout = requestTimeout;
        this.clock = clock;
    }

    /** The key for a {@code kid}, fetching the set again when allowed; null if still unknown. */
    public SigningKey find(String keyId) {
        SigningKey key = keys.get(keyId);
        if (key != null) {
            return key;
        }
        refresh(keyId);
        return keys.get(keyId);
    }

    /** Fetches the set now unless one was fetched within the minimum interval. */
    public synchronized void refresh(String wantedKeyId) {
        if (wantedKeyId != null && keys.containsKey(wantedKeyId)) {
            return; // another thread fetched it while we waited
        }
        long now = clock.millis();
        if (now - lastAttemptMillis < minRefetchInterval.toMillis()) {
            return;
        }
        lastAttemptMillis = now;
        try {
            HttpResponse<byte[]> response = http.send(
                    HttpRequest.newBuilder(jwksUri)
                            .timeout(requestTimeout)
                            .header("Accept", "application/json")
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                LOG.log(
                        System.Logger.Level.WARNING,
                        "JWKS fetch from {0} answered HTTP {1}",
                        jwksUri,
                        response.statusCode());
                return;
            }
            keys = parse(response.body());
            lastSuccessMillis = clock.millis();
            LOG.log(System.Logger.Level.DEBUG, "JWKS from {0} holds {1} keys", jwksUri, keys.size());
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "JWKS fetch from {0} failed: {1}", jwksUri, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Epoch millis of the last successful fetch; 0 if none yet. */
    public long lastSuccessMillis() {
        return lastSuccessMillis;
    }

    public int size() {
        return keys.size();
    }

    /** The Ed25519 signing keys of a JWK Set (RFC 7517, OKP keys per RFC 8037); others are skipped. */
    public static Map<String, SigningKey> parse(byte[] json) throws IOException {
        JsonNode root = JSON.readTree(json);
        Map<String, SigningKey> parsed = new HashMap<>();
        for (JsonNode jwk : root.path("keys")) {
            String kid = jwk.path("kid").asText(null);
            boolean ed25519 = "OKP".equals(jwk.path("kty").asText())
                    && "Ed25519".equals(jwk.path("crv").asText());
            boolean forSigning = !jwk.has("use") || "sig".equals(jwk.path("use").asText());
            if (kid == null || !ed25519 || !forSigning || !jwk.path("x").isTextual()) {
                continue;
            }
            try {
                parsed.put(
                        kid,
                        SigningKey.of(
                                kid, Base64.getUrlDecoder().decode(jwk.path("x").asText())));
            } catch (IllegalArgumentException e) {
                LOG.log(System.Logger.Level.WARNING, "skipping JWK {0}: {1}", kid, e.getMessage());
            }
        }
        return Map.copyOf(parsed);
    }
}
