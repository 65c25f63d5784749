package io.watchword.kit.problem;

import io.quarkus.arc.Unremovable;
import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.http.HttpServerOptions;
import jakarta.inject.Singleton;

/**
 * Turns HTTP/2 over cleartext (h2c) off on the plain HTTP listener of every service: an HTTP/1.1
 * request carrying {@code Upgrade: h2c} is then answered as the HTTP/1.1 request it is (a server
 * may ignore an upgrade, RFC 9110 §7.8), instead of being switched to HTTP/2 stream 1 inside
 * Vert.x, where a POST with an empty body fails with "Request has already been read" — a 500
 * before any route or problem mapper runs. The JDK's {@code HttpClient} sends that upgrade by
 * default on every {@code http://} request. HTTP/2 over TLS (ALPN, {@code
 * customizeHttpsServer}) is untouched; prior-knowledge h2c goes with it, which no Watchword client
 * uses. Decision 0202.
 */
@Singleton
@Unremovable
public class NoCleartextHttp2 implements HttpServerOptionsCustomizer {

    @Override
    public void customizeHttpServer(HttpServerOptions options) {
        options.setHttp2ClearTextEnabled(false);
    }
}
