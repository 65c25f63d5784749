package io.watchword.issuer.token.port;

import io.vertx.core.http.HttpServerRequest;
import io.watchword.issuer.client.ClientIp;
import jakarta.enterprise.context.ApplicationScoped;

/** {@link ClientAddressGateway} over the keys module's {@link ClientIp} (trusted proxies). */
@ApplicationScoped
public class KeysModuleClientAddressGateway implements ClientAddressGateway {

    private final ClientIp clientIp;

    public KeysModuleClientAddressGateway(ClientIp clientIp) {
        this.clientIp = clientIp;
    }

    @Override
    public String clientIp(HttpServerRequest request) {
        return clientIp.of(request);
    }
}
