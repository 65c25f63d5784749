package io.watchword.deploy;

import io.watchword.testsupport.Infrastructure;
import io.watchword.testsupport.internal.FreePorts;
import io.watchword.testsupport.internal.WorkDirectories;
import io.watchword.testsupport.process.JavaProcess;
import io.watchword.testsupport.process.QuarkusApp;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The whole suite on one machine: a Kafka broker and PostgreSQL (the same code the tests use), the
 * issuer, the revocation service and the example protected service, each in its own JVM on a free
 * loopback port. Closing it — or Ctrl-C — stops everything it started and deletes its files.
 *
 * <p>{@code mvn -Pdemo package} runs {@link #main}: the stack, then the {@link QuickStartDemo}, then
 * it keeps running until Ctrl-C ({@code -Dwatchword.demo.exit=true} stops after the demo).
 */
public final class LocalStack implements AutoCloseable {

    /** Which services to start; the infrastructure always starts. */
    public enum Service {
        ISSUER,
        REVOCATION,
        EXAMPLE,
        /** The anomaly-detector Flink job, in a MiniCluster in its own JVM (decision 0126). */
        DETECTOR,
        ANALYTICS
    }

    /** The audience the example service expects in tokens. */
    public static final String EXAMPLE_AUDIENCE = "orders-api";

    private final Path home;
    private final Infrastructure infrastructure;
    private final Path workDirectory;
    private final List<AutoCloseable> started = Collections.synchronizedList(new ArrayList<>());
    private final WatchwordApi api = new WatchwordApi();
    private QuarkusApp issuer;
    private QuarkusApp revocation;
    private QuarkusApp example;
    private JavaProcess detector;
    private int detectorRestPort;
    private QuarkusApp analytics;
    private String bootstrapAdminKey;
    private String issuerKeyPepper;
    private String serviceCredential;
    private String revocationCredential;
    private String analyticsRevocationCredential;

    private final Map<String, String> issuerOverrides;

    private LocalStack(
            Path home, Infrastructure infrastructure, Path workDirectory, Map<String, String> issuerOverrides) {
        this.home = home;
        this.infrastructure = infrastructure;
        this.workDirectory = workDirectory;
        this.issuerOverrides = Map.copyOf(issuerOverrides);
    }

    /**
     * Starts the infrastructure and the given services.
     *
     * @param home the repository root, where each service's {@code target/quarkus-app} is
     */
    public static LocalStack start(Path home, Service... services) throws Exception {
        return start(home, Map.of(), services);
    }

    /**
     * As {@link #start(Path, Service...)}, with settings of the issuer replaced (e.g. the benchmark
     * harness raising the issuer's endpoint limits, which the product's defaults set against abuse).
     */
    public static LocalStack start(Path home, Map<String, String> issuerOverrides, Service... services)
            throws Exception {
        Path work = Files.createTempDirectory(WorkDirectories.tmpdir(), "watchword-stack-");
        LocalStack stack = new LocalStack(home, Infrastructure.start(), work, issuerOverrides);
        try {
            List<Service> wanted = List.of(services);
            if (!wanted.isEmpty()) {
                stack.startIssuer();
            }
            if (wanted.contains(Service.REVOCATION)) {
                stack.startRevocation();
            }
            if (wanted.contains(Service.EXAMPLE)) {
                stack.startExample();
            }
            if (wanted.contains(Service.DETECTOR)) {
                stack.startDetector();
            }
            if (wanted.contains(Service.ANALYTICS)) {
                stack.startAnalytics();
            }
            return stack;
        } catch (Exception | Error e) {
            stack.close();
            throw e;
        }
    }

    private void startIssuer() throws Exception {
        // Fresh secrets per stack: passed through the environment, never printed or written.
        Map<String, String> env = new LinkedHashMap<>();
        issuerKeyPepper = randomSecret();
        env.put("WATCHWORD_ISSUER_KEY_PEPPER", issuerKeyPepper);
        env.put("WATCHWORD_ISSUER_MASTER_KEY", randomSecret());
        Path bootstrapFile = workDirectory.resolve("bootstrap-admin.key");
        Map<String, String> config = new LinkedHashMap<>(infrastructure.serviceConfig("issuer"));
        config.put("watchword.issuer.bootstrap.admin-key-file", bootstrapFile.toString());
        // RFC 8414 metadata names the endpoints at the address the issuer actually listens on: the
        // port is chosen when it starts, so the URL is an expression over the same settings.
        config.put("watchword.issuer.oauth.public-url", "http://${quarkus.http.host}:${quarkus.http.port}");
        config.putAll(issuerOverrides);
        issuer = launch("issuer-service", config, env);
        bootstrapAdminKey = Files.readString(bootstrapFile).trim();
        // The other services ask the issuer who a credential is (RFC 7662) with their own key.
        serviceCredential = api.postJson(
                        uri(issuer),
                        "/v1/admin-keys",
                        bootstrapAdminKey,
                        Map.of(
                                "name", "local-stack services",
                                "scopes", List.of("introspection:read"),
                                "ttl", "P30D"))
                .expect(201)
                .text("key");
        // The revocation service also looks up keys it has not seen on the credentials topic yet
        // (issue 7, keys:read) and throttles keys through the issuer's key API when a tenant's
        // policy says THROTTLE (decision 0212, keys:write); the example's stays minimal.
        revocationCredential = api.postJson(
                        uri(issuer),
                        "/v1/admin-keys",
                        bootstrapAdminKey,
                        Map.of(
                                "name", "local-stack revocation service",
                                "scopes", List.of("introspection:read", "keys:read", "keys:write"),
                                "ttl", "P30D"))
                .expect(201)
                .text("key");
        // usage-analytics revokes stale keys through the revocation service when a tenant's
        // hygiene policy says REVOKE (decision 0219): a platform credential with revocations:write.
        analyticsRevocationCredential = api.postJson(
                        uri(issuer),
                        "/v1/admin-keys",
                        bootstrapAdminKey,
                        Map.of(
                                "name", "local-stack usage-analytics hygiene",
                                "scopes", List.of("revocations:write"),
                                "ttl", "P30D"))
                .expect(201)
                .text("key");
    }

    private void startRevocation() throws Exception {
        Map<String, String> config = new LinkedHashMap<>(infrastructure.serviceConfig("revocation"));
        config.put("watchword.revocation.issuer.url", uri(issuer).toString());
        revocation = launch(
                "revocation-service", config, Map.of("WATCHWORD_REVOCATION_ISSUER_CREDENTIAL", revocationCredential));
    }

    private void startExample() throws Exception {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("watchword.client.issuer-url", uri(issuer).toString());
        config.put("watchword.client.kafka.bootstrap-servers", infrastructure.kafkaBootstrapServers());
        config.put("watchword.client.audience", EXAMPLE_AUDIENCE);
        example = launch(
                "deploy/example-service",
                config,
                Map.of("WATCHWORD_CLIENT_INTROSPECTION_CREDENTIAL", serviceCredential));
    }

    private void startDetector() throws Exception {
        Path jar = home.resolve("anomaly-detector/target/anomaly-detector.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build first with 'mvn package -DskipTests'");
        }
        detectorRestPort = FreePorts.loopback();
        Path tmp = Files.createDirectories(workDirectory.resolve("anomaly-detector-tmp"));
        detector = JavaProcess.builder("anomaly-detector")
                .jar(jar)
                .jvmArgs("-Xmx768m", "-Djava.io.tmpdir=" + tmp)
                .args(
                        "run",
                        "--kafka.bootstrap-servers",
                        infrastructure.kafkaBootstrapServers(),
                        "--rest.port",
                        Integer.toString(detectorRestPort),
                        "--parallelism",
                        "1",
                        "--checkpoint.dir",
                        workDirectory
                                .resolve("anomaly-detector-checkpoints")
                                .toUri()
                                .toString())
                .logFile(workDirectory.resolve("anomaly-detector.log"))
                .start();
        started.add(detector);
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (!Files.readString(detector.logFile()).contains("anomaly-detector: job ")) {
            if (!detector.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("the anomaly detector did not start:\n" + detector.logTail(30));
            }
            Thread.sleep(200);
        }
    }

    private void startAnalytics() throws Exception {
        Map<String, String> config = new LinkedHashMap<>(infrastructure.serviceConfig("analytics"));
        // The rollups go through the Vert.x reactive client, which takes the URL without "jdbc:".
        config.put(
                "quarkus.datasource.reactive.url",
                infrastructure.jdbcUrl("analytics").substring("jdbc:".length()));
        config.put("watchword.analytics.issuer.url", uri(issuer).toString());
        Map<String, String> env = new LinkedHashMap<>();
        env.put("WATCHWORD_ANALYTICS_ISSUER_CREDENTIAL", serviceCredential);
        if (revocation != null) {
            // The console's "false positive" lifts a suspension at the revocation service (with the
            // analyst's own credential); the hygiene policy revokes stale keys with this one.
            config.put("watchword.analytics.revocation.url", uri(revocation).toString());
            env.put("WATCHWORD_ANALYTICS_REVOCATION_CREDENTIAL", analyticsRevocationCredential);
        }
        analytics = launch("usage-analytics", config, env);
    }

    /**
     * Starts usage-analytics on a stack started without it: the analytics benchmark fills the usage
     * topic first, then times the service consuming it from the beginning.
     */
    public void startAnalyticsLater() throws Exception {
        if (analytics == null) {
            startAnalytics();
        }
    }

    private QuarkusApp launch(String module, Map<String, String> config, Map<String, String> env) {
        Path app = home.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(app)) {
            throw new IllegalStateException(app + " is missing: build first with 'mvn package -DskipTests'");
        }
        String name = Path.of(module).getFileName().toString();
        List<String> jvmArgs = new ArrayList<>(List.of("-Xmx384m"));
        // e.g. -Dwatchword.stack.jvm-args.issuer-service=-XX:StartFlightRecording=filename=/tmp/i.jfr
        // to profile a service under a benchmark's load (docs/benchmarks.md).
        String extra =
                System.getProperty("watchword.stack.jvm-args." + name, "").trim();
        if (!extra.isEmpty()) {
            jvmArgs.addAll(List.of(extra.split("\\s+")));
        }
        QuarkusApp.Builder builder = QuarkusApp.builder(name, app)
                .config(config)
                .jvmArgs(jvmArgs.toArray(String[]::new))
                // A service started in 56 s on two cores shared with other builds (load ~35).
                .readyTimeout(java.time.Duration.ofMinutes(3))
                .logFile(workDirectory.resolve(name + ".log"));
        env.forEach(builder::env);
        QuarkusApp service = builder.start();
        started.add(service);
        return service;
    }

    private static URI uri(QuarkusApp app) {
        return URI.create(app.baseUrl());
    }

    public Infrastructure infrastructure() {
        return infrastructure;
    }

    public URI issuerUrl() {
        return uri(issuer);
    }

    /** The issuer JVM's pid, for the benchmarks' CPU figures. */
    public long issuerPid() {
        return issuer.process().pid();
    }

    /** usage-analytics' pid, for the benchmarks' CPU figures. */
    public long analyticsPid() {
        return analytics.process().pid();
    }

    /** The port PostgreSQL listens on (loopback). */
    public int postgresPort() {
        return URI.create(infrastructure.jdbcUrl("postgres").substring("jdbc:".length()))
                .getPort();
    }

    public URI revocationUrl() {
        return uri(revocation);
    }

    /** The detector job's Flink REST endpoint (MiniCluster), or null when it was not started. */
    public URI detectorUrl() {
        return detector == null ? null : URI.create("http://127.0.0.1:" + detectorRestPort);
    }

    /** usage-analytics, or null when the stack was started without it. */
    public URI analyticsUrl() {
        return analytics == null ? null : uri(analytics);
    }

    public URI exampleUrl() {
        return uri(example);
    }

    /**
     * The pepper this stack gave the issuer (base64), for the benchmark harness's bulk seeding only
     * (keys inserted straight into the issuer's database must be hashed as the issuer hashes them).
     * A real deployment's pepper never leaves its secret store.
     */
    public String issuerKeyPepper() {
        return issuerKeyPepper;
    }

    /** The platform admin credential the issuer created on its first start. */
    public String bootstrapAdminKey() {
        return bootstrapAdminKey;
    }

    /** The platform credential (introspection:read) the services use to ask the issuer. */
    public String serviceCredential() {
        return serviceCredential;
    }

    /** Creates a tenant owning {@code resources} and returns its first admin credential. */
    public String createTenant(String id, List<String> resources) {
        return api.postJson(
                        uri(issuer),
                        "/v1/tenants",
                        bootstrapAdminKey,
                        Map.of(
                                "id", id,
                                "name", id,
                                "defaultKeyTtl", "P30D",
                                "maxKeyTtl", "P90D",
                                "resources", resources))
                .expect(201)
                .body()
                .path("adminKey")
                .path("key")
                .asText();
    }

    public WatchwordApi api() {
        return api;
    }

    public Path workDirectory() {
        return workDirectory;
    }

    @Override
    public void close() {
        List<AutoCloseable> services = new ArrayList<>(started);
        Collections.reverse(services);
        for (AutoCloseable service : services) {
            try {
                service.close();
            } catch (Exception e) {
                System.err.println("could not stop " + service + ": " + e.getMessage());
            }
        }
        infrastructure.close();
        keepLogs();
        WorkDirectories.deleteRecursively(workDirectory);
    }

    /**
     * {@code -Dwatchword.stack.keep-logs=DIR} copies every service's log there before the work
     * directory goes (e.g. to line a benchmark's outliers up with what a service logged).
     */
    private void keepLogs() {
        String target = System.getProperty("watchword.stack.keep-logs", "").trim();
        if (target.isEmpty()) {
            return;
        }
        try (var logs = Files.list(workDirectory)) {
            Path dir = Files.createDirectories(Path.of(target));
            for (Path log : logs.filter(f -> f.getFileName().toString().endsWith(".log"))
                    .toList()) {
                Files.copy(log, dir.resolve(log.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (java.io.IOException e) {
            System.err.println("could not keep the service logs in " + target + ": " + e.getMessage());
        }
    }

    private static String randomSecret() {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        return Base64.getEncoder().encodeToString(secret);
    }

    public static Path home() {
        return Path.of(System.getProperty("watchword.home", "."))
                .toAbsolutePath()
                .normalize();
    }

    public static void main(String[] args) throws Exception {
        boolean exitAfterDemo = Boolean.getBoolean("watchword.demo.exit");
        System.out.println(
                "Starting Kafka, PostgreSQL, the Watchword services and the anomaly detector (about 45 s)...");
        LocalStack stack =
                start(home(), Service.ISSUER, Service.REVOCATION, Service.EXAMPLE, Service.ANALYTICS, Service.DETECTOR);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            System.out.println("\nStopping the stack...");
                            stack.close();
                            stopped.countDown();
                        },
                        "watchword-stack-stop"));
        try {
            new QuickStartDemo(stack, System.out).run();
        } catch (Exception e) {
            System.err.println("The demo failed: " + e.getMessage());
            System.err.println("Service logs are in " + stack.workDirectory());
            System.exit(1);
        }
        if (exitAfterDemo) {
            System.exit(0);
        }
        stack.printEndpoints(System.out);
        stopped.await();
    }

    void printEndpoints(java.io.PrintStream out) {
        out.println();
        out.println("The stack is running. Press Ctrl-C to stop it and delete its data.");
        out.println("  issuer-service      " + issuerUrl() + "   (OpenAPI: "
                + issuerUrl().resolve("/q/openapi") + ")");
        out.println("  revocation-service  " + revocationUrl());
        out.println("  example-service     " + exampleUrl() + "   (GET /orders)");
        if (detector != null) {
            out.println("  anomaly-detector    " + detectorUrl() + "   (Flink REST: /jobs/overview; alerts: kcat -b "
                    + infrastructure.kafkaBootstrapServers() + " -t watchword.alerts.v1 -C)");
        }
        if (analyticsUrl() != null) {
            out.println("  usage-analytics     " + analyticsUrl()
                    + "   (GET /v1/keys with a usage:read admin key: last use)");
            out.println(
                    "  SOC console         " + analyticsUrl().resolve("/console/") + "   (sign in with an admin key)");
        }
        out.println("  Kafka               " + infrastructure.kafkaBootstrapServers() + "   (e.g. kcat -b "
                + infrastructure.kafkaBootstrapServers() + " -t watchword.revocations.v1 -C)");
        out.println("  logs                " + workDirectory);
        out.println("  platform admin key  " + workDirectory.resolve("bootstrap-admin.key"));
    }
}
