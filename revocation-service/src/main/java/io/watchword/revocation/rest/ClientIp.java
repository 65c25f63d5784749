package io.watchword.revocation.rest;

import io.vertx.core.http.HttpServerRequest;
import io.watchword.revocation.config.RevocationConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;

/**
 * The caller's IP: the peer address, or the last {@code X-Forwarded-For} hop when the peer is a
 * configured trusted proxy (never a header a caller could set to pick another rate-limit bucket).
 */
@ApplicationScoped
public class ClientIp {

    private final List<String> trustedProxies;

    @Inject
    public ClientIp(RevocationConfig config) {
        this.trustedProxies = config.trustedProxies().orElse(List.of());
    }

    public String of(HttpServerRequest request) {
        String peer = request.remoteAddress() == null
                ? "unknown"
                : request.remoteAddress().hostAddress();
        String forwarded = request.getHeader("X-Forwarded-For");
        if (forwarded == null || !trustedProxies.contains(peer)) {
            return peer;
        }
        String[] hops = forwarded.split(",");
        return hops[hops.length - 1].trim();
    }
}
