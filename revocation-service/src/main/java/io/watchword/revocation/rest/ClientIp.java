package io.watchword.revocation.rest;

import io.vertx.core.http.HttpServerRequest;
import io.watchword.core.net.ClientAddressResolver;
import io.watchword.revocation.config.RevocationConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;

/**
 * The caller's IP for audit records and the RFC 7009 rate-limit bucket: the core {@link
 * ClientAddressResolver} over {@code watchword.revocation.trusted-proxies} (decision 0075). A hop of
 * {@code X-Forwarded-For} that is not an address is never believed, so a caller can neither pick
 * its bucket nor write text into an audit record. A bad entry in the setting stops the start.
 */
@ApplicationScoped
public class ClientIp {

    private final ClientAddressResolver resolver;

    @Inject
    public ClientIp(RevocationConfig config) {
        this.resolver = ClientAddressResolver.trusting(config.trustedProxies().orElse(List.of()));
    }

    public String of(HttpServerRequest request) {
        String peer =
                request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
        if (!resolver.trustsAnyProxy()) {
            return resolver.resolve(peer, List.of());
        }
        return resolver.resolve(peer, request.headers().getAll("X-Forwarded-For"));
    }
}
