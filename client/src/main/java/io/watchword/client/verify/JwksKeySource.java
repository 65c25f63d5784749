package io.watchword.client.verify;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The issuer's public keys from {@code GET {issuer}/.well-known/jwks.json}: the client's name for
 * {@link io.watchword.core.token.JwksKeySource}, where the implementation lives (an unknown {@code
 * kid} refetches at most once per {@code minRefetchInterval}).
 */
public final class JwksKeySource {

    private final io.watchword.core.token.JwksKeySource core;

    public JwksKeySource(
            HttpClient http, URI issuerUrl, Duration minRefetchInterval, Duration requestTimeout, Clock clock) {
        this.core =
                new io.watchword.core.token.JwksKeySource(http, issuerUrl, minRefetchInterval, requestTimeout, clock);
    }

    /** The key for a {@code kid}, fetching the set again when allowed; null if still unknown. */
    public SigningKey find(String keyId) {
        return SigningKey.of(core.find(keyId));
    }

    /** The core key for a {@code kid}: what the verifier hands the decoder, with no wrapping. */
    io.watchword.core.token.SigningKey findCore(String keyId) {
        return core.find(keyId);
    }

    public void refresh(String wantedKeyId) {
        core.refresh(wantedKeyId);
    }

    public long lastSuccessMillis() {
        return core.lastSuccessMillis();
    }

    public int size() {
        return core.size();
    }

    static Map<String, SigningKey> parse(byte[] json) throws IOException {
        Map<String, SigningKey> keys = new HashMap<>();
        io.watchword.core.token.JwksKeySource.parse(json).forEach((kid, key) -> keys.put(kid, SigningKey.of(key)));
        return Map.copyOf(keys);
    }
}
