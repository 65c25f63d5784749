package io.watchword.client.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Publishes a test issuer's JWK Set over real HTTP, where the issuer publishes its own, and answers
 * RFC 7662 introspection ({@code POST /v1/introspect}) for the API keys a test registers with
 * {@link #acceptApiKey}, as the issuer does for keys it knows.
 */
public final class JwksServer implements AutoCloseable {

    private final HttpServer server;
    private final Map<String, String> activeKeys = new ConcurrentHashMap<>();
    private final AtomicInteger introspections = new AtomicInteger();
    private volatile String everyKeyTenant;
    private volatile String everyKeyScope;

    /**
     * A server whose introspection answers every well-formed API key as active for {@code tenant}
     * with {@code scope} for an hour, under the id {@link #idOf(String)}, except keys whose random
     * part starts with {@code Unknown} ({@link #unknownApiKey()}): for a service's tests, where
     * the test and the server share no state.
     */
    public static JwksServer acceptingEveryApiKey(TestIssuer issuer, String tenant, String scope) {
        JwksServer server = new JwksServer(issuer);
        server.everyKeyTenant = tenant;
        server.everyKeyScope = scope;
        return server;
    }

    /** The credential id {@link #acceptingEveryApiKey} gives a key. */
    public static String idOf(String apiKey) {
        return "key_" + apiKey.substring(8, 30);
    }

    /** A well-formed key that {@link #acceptingEveryApiKey} answers as inactive. */
    public static String unknownApiKey() {
        String key = TestFeeds.newApiKey();
        return io.watchword.core.credential.ApiKeyFormat.withChecksum("ww_live_Unknown" + key.substring(15, 40));
    }

    public JwksServer(TestIssuer issuer) {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] body = issuer.jwks().getBytes(StandardCharsets.UTF_8);
        server.createContext("/.well-known/jwks.json", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.createContext("/v1/introspect", exchange -> {
            introspections.incrementAndGet();
            String form = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String token = null;
            for (String pair : form.split("&")) {
                if (pair.startsWith("token=")) {
                    token = URLDecoder.decode(pair.substring(6), StandardCharsets.UTF_8);
                }
            }
            String answer = token == null ? null : activeKeys.get(token);
            if (answer == null
                    && token != null
                    && everyKeyTenant != null
                    && token.startsWith("ww_live_")
                    && token.length() >= 30
                    && !token.startsWith("ww_live_Unknown")) {
                answer = "{\"active\":true,\"sub\":\"" + idOf(token) + "\",\"tenant\":\"" + everyKeyTenant
                        + "\",\"scope\":\"" + everyKeyScope + "\",\"token_type\":\"api_key\",\"exp\":"
                        + Instant.now().plusSeconds(3600).getEpochSecond() + "}";
            }
            byte[] json = (answer == null ? "{\"active\":false}" : answer).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, json.length);
            exchange.getResponseBody().write(json);
            exchange.close();
        });
        server.start();
    }

    /** Introspection answers this key as active, with this id, tenant, scopes and expiry. */
    public void acceptApiKey(String apiKey, String credentialId, String tenant, String scope, Instant expiresAt) {
        activeKeys.put(
                apiKey,
                "{\"active\":true,\"sub\":\"" + credentialId + "\",\"tenant\":\"" + tenant + "\",\"scope\":\"" + scope
                        + "\",\"token_type\":\"api_key\",\"exp\":" + expiresAt.getEpochSecond() + "}");
    }

    /** Introspection answers this key as inactive from now on (the issuer's view of a dead key). */
    public void forgetApiKey(String apiKey) {
        activeKeys.remove(apiKey);
    }

    /** Introspection requests answered so far. */
    public int introspections() {
        return introspections.get();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
