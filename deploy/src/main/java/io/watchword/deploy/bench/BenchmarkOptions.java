package io.watchword.deploy.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The harness's command-line options, with the defaults docs/benchmarks.md was measured with. */
record BenchmarkOptions(
        Path home,
        Set<String> suites,
        int connections,
        int loadThreads,
        Duration warmup,
        Duration duration,
        int storedKeys,
        int revocations,
        int preloadedRevocations,
        int liveCredentials,
        int verifiers,
        int bootstrapRevocations,
        String peer,
        List<Integer> peerConnections,
        Path keycloakDistribution,
        String keycloakHeap,
        Duration peerPrewarm,
        int thieves,
        int usageEvents,
        int usageKeys,
        int ingestBatch,
        int lastUseSamples,
        Path jfrDirectory,
        int creationPrewarm) {

    /** The Keycloak release the peer mode runs (the deploy pom's {@code keycloak.version}). */
    static final String KEYCLOAK_VERSION = "26.7.3";

    /**
     * The peer to compare with, from {@code -Dwatchword.bench.peer} (the Maven property the
     * {@code keycloak-peer} profile is activated by) or {@code --peer}; empty for none.
     */
    static final String PEER_PROPERTY = "watchword.bench.peer";

    static BenchmarkOptions parse(Path home, String[] args) {
        Set<String> suites =
                new LinkedHashSet<>(List.of("issuer", "verifier", "lockout", "receipts", "leak", "analytics"));
        int connections = 16;
        int loadThreads = 1;
        long warmup = 10;
        long duration = 20;
        int storedKeys = 100_000;
        int revocations = 1_000;
        int preloaded = 50_000;
        int live = 100_000;
        int verifiers = 4;
        int bootstrap = 1_000_000;
        String peer = System.getProperty(PEER_PROPERTY, "").trim();
        List<Integer> peerConnections = List.of(4, 16);
        Path keycloak = PeerBenchmark.defaultDistribution(home);
        // Keycloak's own default outside a container is -Xms64m -Xmx512m; a larger heap is fairer.
        String keycloakHeap = "-Xms1g -Xmx1g";
        boolean suitesGiven = false;
        long peerPrewarm = 30;
        int thieves = 30;
        int usageEvents = 1_000_000;
        int usageKeys = 100_000;
        int ingestBatch = 500;
        int lastUseSamples = 200;
        Path jfrDirectory = null;
        // Key creations before the measured key-creation run (decisions 0270, 0279): the JIT needs
        // tens of thousands of calls to finish compiling this deep path; fewer measured its warm-up.
        int creationPrewarm = 60_000;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : "";
            switch (args[i]) {
                case "--suites" -> {
                    suites = new LinkedHashSet<>(Arrays.asList(value.split(",")));
                    suitesGiven = true;
                }
                case "--peer" -> peer = value.trim();
                case "--peer-connections" ->
                    peerConnections = Arrays.stream(value.split(","))
                            .map(String::trim)
                            .map(Integer::valueOf)
                            .toList();
                case "--keycloak-dist" -> keycloak = Path.of(value);
                case "--keycloak-heap" -> keycloakHeap = value;
                case "--peer-prewarm" -> peerPrewarm = Long.parseLong(value);
                case "--connections" -> connections = Integer.parseInt(value);
                case "--load-threads" -> loadThreads = Integer.parseInt(value);
                case "--warmup" -> warmup = Long.parseLong(value);
                case "--seconds" -> duration = Long.parseLong(value);
                case "--stored-keys" -> storedKeys = Integer.parseInt(value);
                case "--revocations" -> revocations = Integer.parseInt(value);
                case "--preloaded-revocations" -> preloaded = Integer.parseInt(value);
                case "--live-credentials" -> live = Integer.parseInt(value);
                case "--verifiers" -> verifiers = Integer.parseInt(value);
                case "--bootstrap-revocations" -> bootstrap = Integer.parseInt(value);
                case "--thieves" -> thieves = Integer.parseInt(value);
                case "--usage-events" -> usageEvents = Integer.parseInt(value);
                case "--usage-keys" -> usageKeys = Integer.parseInt(value);
                case "--ingest-batch" -> ingestBatch = Integer.parseInt(value);
                case "--last-use-samples" -> lastUseSamples = Integer.parseInt(value);
                case "--jfr" -> jfrDirectory = Path.of(value);
                case "--creation-prewarm" -> creationPrewarm = Integer.parseInt(value);
                default ->
                    throw new IllegalArgumentException(
                            "unknown option " + args[i]
                                    + " (options: --suites issuer,verifier,lockout,receipts,leak,analytics,limits,peer --connections N --load-threads N"
                                    + " --warmup S --seconds S --stored-keys N --revocations N --preloaded-revocations N"
                                    + " --live-credentials N --verifiers N --bootstrap-revocations N --thieves N"
                                    + " --usage-events N --usage-keys N --ingest-batch N --last-use-samples N --jfr DIR --creation-prewarm N"
                                    + " --peer keycloak --peer-connections 4,16 --keycloak-dist DIR --keycloak-heap OPTS --peer-prewarm S)");
            }
            i++;
        }
        if (!peer.isEmpty() && !suitesGiven) {
            suites.add("peer");
        }
        return new BenchmarkOptions(
                home,
                suites,
                connections,
                loadThreads,
                Duration.ofSeconds(warmup),
                Duration.ofSeconds(duration),
                storedKeys,
                revocations,
                preloaded,
                live,
                verifiers,
                bootstrap,
                peer,
                peerConnections,
                keycloak,
                keycloakHeap,
                Duration.ofSeconds(peerPrewarm),
                thieves,
                usageEvents,
                usageKeys,
                ingestBatch,
                lastUseSamples,
                jfrDirectory,
                creationPrewarm);
    }
}
