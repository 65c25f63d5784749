package io.watchword.issuer.client;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import io.watchword.core.net.ClientAddressResolver;
import io.watchword.issuer.config.IssuerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * The caller's IP for audit records and CIDR checks: the core {@link ClientAddressResolver} over
 * {@code watchword.issuer.trusted-proxies} (decision 0075). A bad entry there stops the start.
 */
@ApplicationScoped
public class ClientIp {

    private final ClientAddressResolver resolver;

    public ClientIp(IssuerConfig config) {
        this.resolver = ClientAddressResolver.trusting(config.trustedProxies().orElse(List.of()));
    }

    public String of(HttpServerRequest request) {
        SocketAddress remote = request.remoteAddress();
        String peer = remote == null ? null : remote.hostAddress();
        if (!resolver.trustsAnyProxy()) {
            return resolver.resolve(peer, List.of());
        }
        return resolver.resolve(peer, request.headers().getAll("X-Forwarded-For"));
    }
}
