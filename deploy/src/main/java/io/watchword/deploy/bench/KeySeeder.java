package io.watchword.deploy.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;

/** Creates API keys over the issuer's API — the only honest way to hold their secrets. */
final class KeySeeder {

    private static final int IN_FLIGHT = 16;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Ids and secrets, in the same order. */
    record Seeded(List<String> ids, List<String> keys) {}

    private KeySeeder() {}

    static Seeded seed(URI issuer, String tenantAdmin, int count) throws Exception {
        List<String[]> created = Collections.synchronizedList(new ArrayList<>(count));
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        try {
            HttpClient client = vertx.createHttpClient(
                    new HttpClientOptions().setDefaultHost(issuer.getHost()).setDefaultPort(issuer.getPort()),
                    new PoolOptions().setHttp1MaxSize(IN_FLIGHT));
            Buffer body = Buffer.buffer(
                    JSON.writeValueAsBytes(Map.of("name", "seeded", "scopes", List.of("orders:write"), "ttl", "P30D")));
            Semaphore inFlight = new Semaphore(IN_FLIGHT);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            for (int i = 0; i < count && failure.get() == null; i++) {
                inFlight.acquire();
                client.request(HttpMethod.POST, "/v1/keys")
                        .compose(request -> request.putHeader("Authorization", "Bearer " + tenantAdmin)
                                .putHeader("Content-Type", "application/json")
                                .send(body))
                        .compose(response -> response.body().map(answer -> {
                            if (response.statusCode() != 201) {
                                throw new IllegalStateException(
                                        "key creation failed: HTTP " + response.statusCode() + " " + answer);
                            }
                            return answer.toJsonObject();
                        }))
                        .onComplete(done -> {
                            if (done.succeeded()) {
                                JsonObject key = done.result();
                                created.add(new String[] {key.getString("id"), key.getString("key")});
                            } else {
                                failure.compareAndSet(null, done.cause());
                            }
                            inFlight.release();
                        });
            }
            inFlight.acquire(IN_FLIGHT);
            if (failure.get() != null) {
                throw new IllegalStateException("seeding keys failed", failure.get());
            }
            client.close().toCompletionStage().toCompletableFuture().join();
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
        List<String> ids = new ArrayList<>(created.size());
        List<String> keys = new ArrayList<>(created.size());
        for (String[] pair : created) {
            ids.add(pair[0]);
            keys.add(pair[1]);
        }
        return new Seeded(ids, keys);
    }
}
