package io.watchword.deploy.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.watchword.deploy.LocalStack;
import io.watchword.deploy.WatchwordApi;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Watchword and Keycloak side by side in one run, on the same machine, with the same load
 * generator: token issuance with the {@code client_credentials} grant on both sides and RFC 7662
 * introspection of an access token (Keycloak with its default RS256 keys), at each of {@code
 * --peer-connections} (4 and 16), the two servers taking turns step by step so both see the same
 * background load. Each step reports throughput, p50/p99 and the CPU time per request of each
 * server's process tree (from {@code /proc}), and the ratios Watchword/Keycloak.
 *
 * <p>Watchword issues through its OAuth token endpoint when the issuer advertises one in its RFC
 * 8414 metadata ({@code client_secret_basic}, client id = key id, secret = the API key), otherwise
 * through {@code POST /v1/tokens} with the key as bearer; the output says which.
 */
final class PeerBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Tokens introspected at random on each side: enough that no single entry stays hot. */
    private static final int TOKEN_POOL = 64;

    private final BenchmarkOptions options;
    private final PrintStream out;

    PeerBenchmark(BenchmarkOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    /** One step measured on both servers. */
    record Pair(String scenario, int connections, HttpLoad.Result watchword, HttpLoad.Result keycloak) {

        double throughputRatio() {
            return watchword.throughput() / keycloak.throughput();
        }

        /** How many times less CPU per request Watchword's issuer used than Keycloak's JVM. */
        double cpuEfficiency(String watchwordMeter) {
            return keycloak.cpuMicrosPerRequest(KEYCLOAK) / watchword.cpuMicrosPerRequest(watchwordMeter);
        }
    }

    static final String ISSUER = "issuer";
    static final String ISSUER_AND_DB = "issuer+postgres";
    /** Everything Watchword runs for the request: the issuer, its PostgreSQL and the Kafka broker. */
    static final String ISSUER_DB_AND_BROKER = "issuer+postgres+kafka";

    static final String KEYCLOAK = "keycloak";

    List<Pair> run() throws Exception {
        if (!"keycloak".equals(options.peer())) {
            throw new IllegalStateException(
                    "the peer suite needs -Dwatchword.bench.peer=keycloak (Maven then unpacks Keycloak)");
        }
        List<Pair> pairs = new ArrayList<>();
        out.println("Starting the Watchword stack...");
        try (LocalStack stack = LocalStack.start(options.home(), BenchSettings.ISSUER, LocalStack.Service.ISSUER)) {
            out.println("Starting Keycloak " + options.keycloakDistribution().getFileName() + " (start-dev, "
                    + options.keycloakHeap() + ", JDK " + KeycloakPeer.javaHome() + ")...");
            long started = System.nanoTime();
            try (KeycloakPeer keycloak = KeycloakPeer.start(
                    options.keycloakDistribution(),
                    KeycloakPeer.javaHome(),
                    options.keycloakHeap(),
                    options.keycloakDistribution().resolveSibling("logs"))) {
                out.printf("  Keycloak ready and configured in %.1f s%n", (System.nanoTime() - started) / 1e9);
                pairs.addAll(measure(stack, keycloak));
            }
        }
        printTable(pairs);
        return pairs;
    }

    private List<Pair> measure(LocalStack stack, KeycloakPeer keycloak) throws Exception {
        WatchwordApi api = stack.api();
        URI issuer = stack.issuerUrl();
        String tenantAdmin = stack.createTenant("peer", List.of("orders"));
        JsonNode key = api.postJson(
                        issuer,
                        "/v1/keys",
                        tenantAdmin,
                        Map.of("name", "bench-client", "scopes", List.of("orders:read"), "ttl", "P1D"))
                .expect(201)
                .body();
        String keyId = key.path("id").asText();
        String secret = key.path("key").asText();
        String introspector = api.postJson(
                        issuer,
                        "/v1/admin-keys",
                        tenantAdmin,
                        Map.of("name", "peer introspection", "scopes", List.of("introspection:read"), "ttl", "P1D"))
                .expect(201)
                .text("key");

        Supplier<HttpLoad.Request> watchwordIssue = watchwordIssuance(api, issuer, keyId, secret);
        Supplier<HttpLoad.Request> keycloakIssue = () -> new HttpLoad.Request(
                HttpMethod.POST,
                keycloak.tokenPath(),
                Map.of(
                        "Authorization",
                        keycloak.basicAuthorization(),
                        "Content-Type",
                        "application/x-www-form-urlencoded"),
                Buffer.buffer("grant_type=client_credentials"));

        List<String> watchwordTokens = new ArrayList<>();
        List<String> keycloakTokens = new ArrayList<>();
        for (int i = 0; i < TOKEN_POOL; i++) {
            watchwordTokens.add(api.postJson(issuer, "/v1/tokens", secret, Map.of("scopes", List.of("orders:read")))
                    .expect(200)
                    .text("access_token"));
            keycloakTokens.add(keycloak.accessToken());
        }
        // Both sides must answer active:true, or the comparison would measure a refusal.
        checkActive(
                "Watchword",
                api.postForm(
                                issuer,
                                "/v1/introspect",
                                introspector,
                                Map.of("token", watchwordTokens.get(0), "token_type_hint", "access_token"))
                        .expect(200)
                        .body());
        checkActive("Keycloak", keycloak.introspect(keycloakTokens.get(0)));
        Supplier<HttpLoad.Request> watchwordIntrospect = () -> new HttpLoad.Request(
                HttpMethod.POST,
                "/v1/introspect",
                Map.of("Authorization", "Bearer " + introspector, "Content-Type", "application/x-www-form-urlencoded"),
                Buffer.buffer("token_type_hint=access_token&token=" + pick(watchwordTokens)));
        Supplier<HttpLoad.Request> keycloakIntrospect = () -> new HttpLoad.Request(
                HttpMethod.POST,
                keycloak.introspectionPath(),
                Map.of(
                        "Authorization",
                        keycloak.basicAuthorization(),
                        "Content-Type",
                        "application/x-www-form-urlencoded"),
                Buffer.buffer("token_type_hint=access_token&token=" + pick(keycloakTokens)));

        Map<String, LongSupplier> watchwordCpu = new LinkedHashMap<>();
        watchwordCpu.put(ISSUER, ProcessCpu.of(stack.issuerPid()));
        long postmaster = ProcessCpu.postmasterListeningOn(stack.postgresPort());
        long broker = ProcessCpu.kafkaBrokerOf(ProcessHandle.current().pid());
        if (postmaster > 0) {
            watchwordCpu.put(ISSUER_AND_DB, ProcessCpu.of(stack.issuerPid(), postmaster));
            if (broker > 0) {
                watchwordCpu.put(ISSUER_DB_AND_BROKER, ProcessCpu.of(stack.issuerPid(), postmaster, broker));
            }
        } else {
            out.println("  (PostgreSQL's postmaster not found: its CPU is not reported)");
        }
        if (broker <= 0) {
            out.println("  (the embedded Kafka broker was not found: its CPU is not reported)");
        }
        Map<String, LongSupplier> keycloakCpu = Map.of(KEYCLOAK, ProcessCpu.of(keycloak.pid()));

        List<Pair> pairs = new ArrayList<>();
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(options.loadThreads()));
        try {
            HttpLoad watchword = new HttpLoad(vertx, issuer);
            HttpLoad peer = new HttpLoad(vertx, keycloak.baseUrl());
            // Both JVMs just started: without this the first steps compare interpreters and C1
            // code, not what either server does once its JIT has compiled the hot paths.
            if (!options.peerPrewarm().isZero()) {
                out.println("  pre-warming both servers for "
                        + options.peerPrewarm().toSeconds() + " s per scenario...");
                int connections =
                        options.peerConnections().get(options.peerConnections().size() - 1);
                for (Supplier<HttpLoad.Request> requests : List.of(watchwordIssue, watchwordIntrospect)) {
                    watchword.run("pre-warm", connections, Duration.ZERO, options.peerPrewarm(), requests, s -> true);
                }
                for (Supplier<HttpLoad.Request> requests : List.of(keycloakIssue, keycloakIntrospect)) {
                    peer.run("pre-warm", connections, Duration.ZERO, options.peerPrewarm(), requests, s -> true);
                }
            }
            for (int connections : options.peerConnections()) {
                pairs.add(step(
                        "token issuance",
                        connections,
                        watchword,
                        watchwordIssue,
                        watchwordCpu,
                        peer,
                        keycloakIssue,
                        keycloakCpu));
            }
            for (int connections : options.peerConnections()) {
                pairs.add(step(
                        "introspection",
                        connections,
                        watchword,
                        watchwordIntrospect,
                        watchwordCpu,
                        peer,
                        keycloakIntrospect,
                        keycloakCpu));
            }
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
        return pairs;
    }

    /**
     * Watchword's side of the client_credentials grant: the OAuth token endpoint its RFC 8414
     * metadata names, so both servers are measured on the same grant. No metadata is a broken stack
     * (the local stack sets {@code watchword.issuer.oauth.public-url}), not a reason to measure
     * another endpoint.
     */
    private Supplier<HttpLoad.Request> watchwordIssuance(WatchwordApi api, URI issuer, String keyId, String secret) {
        WatchwordApi.Answer metadata = api.get(issuer, "/.well-known/oauth-authorization-server", null);
        String endpoint = metadata.status() == 200 ? metadata.text("token_endpoint") : null;
        if (endpoint == null) {
            throw new IllegalStateException("the issuer serves no RFC 8414 metadata with a token_endpoint (HTTP "
                    + metadata.status() + "): is watchword.issuer.oauth.public-url set?");
        }
        String path = URI.create(endpoint).getRawPath();
        String basic = "Basic "
                + Base64.getEncoder()
                        .encodeToString((URLEncoder.encode(keyId, StandardCharsets.UTF_8) + ":"
                                        + URLEncoder.encode(secret, StandardCharsets.UTF_8))
                                .getBytes(StandardCharsets.UTF_8));
        Map<String, String> headers =
                Map.of("Authorization", basic, "Content-Type", "application/x-www-form-urlencoded");
        Buffer body = Buffer.buffer("grant_type=client_credentials");
        out.println("  Watchword issues through its OAuth token endpoint " + path
                + " (client_credentials, client_secret_basic)");
        return () -> new HttpLoad.Request(HttpMethod.POST, path, headers, body);
    }

    private Pair step(
            String scenario,
            int connections,
            HttpLoad watchword,
            Supplier<HttpLoad.Request> watchwordRequests,
            Map<String, LongSupplier> watchwordCpu,
            HttpLoad keycloak,
            Supplier<HttpLoad.Request> keycloakRequests,
            Map<String, LongSupplier> keycloakCpu)
            throws InterruptedException {
        HttpLoad.Result ours = watchword.run(
                "watchword " + scenario,
                connections,
                options.warmup(),
                options.duration(),
                watchwordRequests,
                status -> status == 200,
                watchwordCpu);
        out.println(ours.summary());
        HttpLoad.Result theirs = keycloak.run(
                "keycloak " + scenario,
                connections,
                options.warmup(),
                options.duration(),
                keycloakRequests,
                status -> status == 200,
                keycloakCpu);
        out.println(theirs.summary());
        Pair pair = new Pair(scenario, connections, ours, theirs);
        out.printf(
                "  ratio Watchword/Keycloak: throughput %.2f×, CPU per request %.2f× less (issuer JVM)%n",
                pair.throughputRatio(), pair.cpuEfficiency(ISSUER));
        return pair;
    }

    /** The results as the Markdown table docs/benchmarks.md carries. */
    void printTable(List<Pair> pairs) {
        out.println();
        out.println("| step | conn | Watchword req/s | Keycloak req/s | throughput × | Watchword p50 / p99 ms"
                + " | Keycloak p50 / p99 ms | Watchword CPU µs/req (issuer / +PostgreSQL / +Kafka) | Keycloak CPU µs/req"
                + " | CPU efficiency × (issuer / +PostgreSQL / +Kafka) | load avg |");
        out.println("|---|---|---|---|---|---|---|---|---|---|---|");
        for (Pair pair : pairs) {
            HttpLoad.Result ours = pair.watchword();
            HttpLoad.Result theirs = pair.keycloak();
            out.printf(
                    "| %s | %d | %,.0f | %,.0f | %.2f | %.2f / %.2f | %.2f / %.2f | %.0f / %.0f / %.0f | %.0f | %.2f / %.2f / %.2f | %s |%n",
                    pair.scenario(),
                    pair.connections(),
                    ours.throughput(),
                    theirs.throughput(),
                    pair.throughputRatio(),
                    ours.percentileMillis(50),
                    ours.percentileMillis(99),
                    theirs.percentileMillis(50),
                    theirs.percentileMillis(99),
                    ours.cpuMicrosPerRequest(ISSUER),
                    ours.cpuMicrosPerRequest(ISSUER_AND_DB),
                    ours.cpuMicrosPerRequest(ISSUER_DB_AND_BROKER),
                    theirs.cpuMicrosPerRequest(KEYCLOAK),
                    pair.cpuEfficiency(ISSUER),
                    pair.cpuEfficiency(ISSUER_AND_DB),
                    pair.cpuEfficiency(ISSUER_DB_AND_BROKER),
                    ours.loadAverage());
        }
    }

    private static void checkActive(String server, JsonNode answer) {
        if (!answer.path("active").asBoolean(false)) {
            throw new IllegalStateException(server + " did not answer active:true to introspection of its own fresh"
                    + " token; fields: " + fieldNames(answer));
        }
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static String pick(List<String> tokens) {
        return tokens.get(ThreadLocalRandom.current().nextInt(tokens.size()));
    }

    static Path defaultDistribution(Path home) {
        return home.resolve("deploy/target/keycloak/keycloak-" + BenchmarkOptions.KEYCLOAK_VERSION);
    }
}
