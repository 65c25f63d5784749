package io.watchword.issuer.client;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import io.watchword.issuer.auth.CidrMatcher;
import io.watchword.issuer.config.IssuerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * The caller's IP. {@code X-Forwarded-For} is honoured only when the TCP peer is a trusted proxy,
 * and then the right-most address that is not itself a trusted proxy wins: left-most entries are
 * whatever the client chose to send.
 */
@ApplicationScoped
public class ClientIp {

    private final List<String> trustedProxies;

    public ClientIp(IssuerConfig config) {
        this.trustedProxies = config.trustedProxies().orElse(List.of());
    }

    public String of(HttpServerRequest request) {
        SocketAddress remote = request.remoteAddress();
        String peer = remote == null ? "unknown" : remote.hostAddress();
        if (trustedProxies.isEmpty() || !CidrMatcher.allows(trustedProxies, peer)) {
            return peer;
        }
        String forwarded = request.getHeader("X-Forwarded-For");
        if (forwarded == null || forwarded.isBlank()) {
            return peer;
        }
        String[] hops = forwarded.split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].trim();
            if (hop.isEmpty()) {
                continue;
            }
            if (CidrMatcher.validate(hop) != null) {
                return peer;
            }
            if (!CidrMatcher.allows(trustedProxies, hop)) {
                return hop;
            }
        }
        return peer;
    }
}
