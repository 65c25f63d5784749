package io.watchword.issuer.token.port;

import io.vertx.core.http.HttpServerRequest;

/** The caller's IP as the keys module's {@code ClientIp} decides it (trusted proxies honoured). */
public interface ClientAddressGateway {

    String clientIp(HttpServerRequest request);
}
