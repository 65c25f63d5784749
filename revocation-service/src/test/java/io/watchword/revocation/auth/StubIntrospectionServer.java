package io.watchword.revocation.auth;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for the issuer's RFC 7662 endpoint, for unit tests only: answers the JSON registered
 * for a token, {@code {"active":false}} otherwise, and counts calls.
 */
final class StubIntrospectionServer implements AutoCloseable {

    final AtomicInteger calls = new AtomicInteger();
    final Map<String, String> answers = new ConcurrentHashMap<>();
    volatile String expectedCaller;
    private final HttpServer server;

    StubIntrospectionServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/introspect", exchange -> {
            calls.incrementAndGet();
            String form = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String token = "";
            for (String pair : form.split("&")) {
                if (pair.startsWith("token=")) {
                    token = URLDecoder.decode(pair.substring(6), StandardCharsets.UTF_8);
                }
            }
            boolean callerOk = ("Bearer " + expectedCaller)
                    .equals(exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] body = answers.getOrDefault(token, "{\"active\":false}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(callerOk ? 200 : 401, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
