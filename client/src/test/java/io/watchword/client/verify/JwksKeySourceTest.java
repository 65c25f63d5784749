package io.watchword.client.verify;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.watchword.client.testing.TestIssuer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against a real HTTP server publishing a JWK Set, as the issuer does. */
class JwksKeySourceTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T08:00:00Z"));
    private final AtomicInteger fetches = new AtomicInteger();
    private final AtomicReference<String> published = new AtomicReference<>();
    private HttpServer server;
    private JwksKeySource keys;

    @BeforeEach
    void serve() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/.well-known/jwks.json", exchange -> {
            fetches.incrementAndGet();
            byte[] body = published.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        keys = new JwksKeySource(
                HttpClient.newHttpClient(),
                URI.create("http://127.0.0.1:" + server.getAddress().getPort()),
                Duration.ofSeconds(10),
                Duration.ofSeconds(2),
                clock);
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void findsAPublishedKeyAndVerifiesWithIt() throws Exception {
        TestIssuer issuer = new TestIssuer("k1");
        published.set(issuer.jwks());
        Instant now = clock.instant();

        TokenClaims claims = JwsTokenDecoder.verify(
                issuer.token("key_1", "tok_1", "orders:read", "orders", now, now.plusSeconds(60)), keys::find);

        assertThat(claims.subject()).isEqualTo("key_1");
        assertThat(fetches).hasValue(1);
    }

    @Test
    void aFloodOfUnknownKeyIdsFetchesAtMostOncePerInterval() {
        published.set(new TestIssuer("k1").jwks());
        keys.refresh(null);

        for (int i = 0; i < 1000; i++) {
            assertThat(keys.find("bogus-" + i)).isNull();
        }

        assertThat(fetches).hasValue(1);
        clock.advance(Duration.ofSeconds(11));
        assertThat(keys.find("bogus")).isNull();
        assertThat(fetches).hasValue(2);
    }

    @Test
    void anUnknownKidAfterTheIntervalPicksUpARotatedKey() {
        published.set(new TestIssuer("k1").jwks());
        keys.refresh(null);
        TestIssuer next = new TestIssuer("k2");
        published.set(next.jwks());
        clock.advance(Duration.ofSeconds(11));

        assertThat(keys.find("k2")).isNotNull();
    }

    @Test
    void skipsKeysThatAreNotEd25519SigningKeys() throws Exception {
        String jwks = "{\"keys\":[{\"kty\":\"RSA\",\"kid\":\"r\",\"n\":\"x\",\"e\":\"AQAB\"},"
                + "{\"kty\":\"OKP\",\"crv\":\"X25519\",\"kid\":\"x\",\"x\":\"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo\"},"
                + "{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"kid\":\"e\",\"use\":\"enc\","
                + "\"x\":\"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo\"},"
                + "{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"kid\":\"ok\",\"x\":\"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo\"}]}";

        assertThat(JwksKeySource.parse(jwks.getBytes(StandardCharsets.UTF_8))).containsOnlyKeys("ok");
    }
}
