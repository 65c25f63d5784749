package io.watchword.testsupport;

import io.watchword.testsupport.internal.FreePorts;
import io.watchword.testsupport.internal.TlsStores;
import io.watchword.testsupport.process.JavaProcess;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Uuid;

/**
 * A real Kafka broker (KRaft, combined broker and controller, one node) in a child JVM started from
 * the jars of the {@code kafka-broker} module. Listeners bind 127.0.0.1 only, on free ports that are
 * kept across {@link #stop()} and {@link #start()}, as is the data.
 *
 * <p>Extra broker settings: system properties {@code watchword.kafka.broker.<setting>}, e.g. {@code
 * -Dwatchword.kafka.broker.auto.create.topics.enable=true}. JVM options of the broker: {@code
 * watchword.kafka.jvm-options} (default {@code -Xms64m -Xmx512m -XX:+UseSerialGC -XX:TieredStopAtLevel=1}).
 *
 * <p>A TLS listener is optional ({@link #enableTls()}, or {@code -Dwatchword.kafka.tls=true} before
 * the first start): a second listener, {@code SSL}, with a certificate for 127.0.0.1 signed by a CA
 * made at that moment (PKCS12 stores in {@code <workDir>/tls}). Off by default because making the
 * stores costs a few {@code keytool} runs that most tests do not need. With it comes a third
 * listener, {@code SASL_SSL} with mechanism {@code PLAIN}, user {@value #SASL_USER} and a random
 * password ({@link #saslPassword()}), for proving SASL settings.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    static final String RUNTIME_CLASSPATH = "io/watchword/kafkabroker/runtime.classpath";
    static final String MAIN_CLASS = "io.watchword.kafkabroker.BrokerMain";
    static final String BROKER_SETTING_PREFIX = "watchword.kafka.broker.";
    // C1 only: start-up matters more than the peak throughput of a test broker (measured 2–3x faster
    // to ready on a loaded 2-core machine). Benchmarks of broker throughput override it.
    private static final String DEFAULT_JVM_OPTIONS = "-Xms64m -Xmx512m -XX:+UseSerialGC -XX:TieredStopAtLevel=1";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);
    private static final Duration STOP_GRACE = Duration.ofSeconds(20);
    private static final int START_ATTEMPTS = 3;

    private final Path workDir;
    private final String clusterId = Uuid.randomUuid().toString();
    private int port;
    private int controllerPort;
    private int tlsPort;
    private int saslPort;
    /** The one SASL user of the {@code SASL_SSL} listener. */
    public static final String SASL_USER = "watchword";

    private TlsStores tls;
    private boolean tlsWanted = Boolean.getBoolean("watchword.kafka.tls");
    private boolean everStarted;
    private JavaProcess process;

    /** A broker whose data, configuration and log live in {@code workDir}; not yet started. */
    public EmbeddedKafkaBroker(Path workDir) {
        this.workDir = workDir.toAbsolutePath();
    }

    /** Starts the broker and returns once it answers; a restart reuses the ports and the data. */
    public synchronized void start() {
        if (process != null && process.isAlive()) {
            return;
        }
        RuntimeException last = null;
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            if (!everStarted) {
                port = FreePorts.loopback();
                controllerPort = FreePorts.loopback();
            }
            if (tlsWanted && tls == null) {
                tls = TlsStores.create(workDir.resolve("tls"));
                tlsPort = FreePorts.loopback();
                saslPort = FreePorts.loopback();
            }
            try {
                startOnce();
                everStarted = true;
                return;
            } catch (RuntimeException e) {
                last = e;
                boolean portTaken = process != null && process.logTail(200).contains("Address already in use");
                stopProcess();
                if (!portTaken) {
                    throw e;
                }
                if (everStarted) {
                    // A restart keeps its address, which clients know: wait for the port to free up.
                    sleep(1_000);
                } else {
                    // Taken between choosing and binding: new ports (chosen above), fresh storage.
                    io.watchword.testsupport.internal.WorkDirectories.deleteRecursively(workDir.resolve("data"));
                }
            }
        }
        throw last;
    }

    /**
     * Adds the TLS listener. A running broker is restarted for it (same ports and data, so plaintext
     * clients reconnect as after an outage); a broker not started yet gets it at its start.
     */
    public synchronized void enableTls() {
        if (tls != null) {
            return;
        }
        tlsWanted = true;
        if (isRunning()) {
            // Called through the shared-infrastructure MBean from a Quarkus test's class loader: the
            // Kafka admin client loads its plugins from the context class loader, so use ours.
            Thread thread = Thread.currentThread();
            ClassLoader caller = thread.getContextClassLoader();
            thread.setContextClassLoader(EmbeddedKafkaBroker.class.getClassLoader());
            try {
                stopProcess();
                start();
            } finally {
                thread.setContextClassLoader(caller);
            }
        }
    }

    /** {@code 127.0.0.1:<port>} of the TLS listener ({@code security.protocol=SSL}). */
    public synchronized String tlsBootstrapServers() {
        if (tls == null || !everStarted) {
            throw new IllegalStateException("the broker has no TLS listener: call enableTls() and start()");
        }
        return "127.0.0.1:" + tlsPort;
    }

    /** {@code 127.0.0.1:<port>} of the {@code SASL_SSL} listener (mechanism {@code PLAIN}). */
    public synchronized String saslBootstrapServers() {
        tlsStores();
        return "127.0.0.1:" + saslPort;
    }

    /** The password of {@value #SASL_USER} on the SASL listener (the TLS stores' random password). */
    public synchronized String saslPassword() {
        return tlsStores().password();
    }

    /** The stores of the TLS listener: clients trust {@link TlsStores#truststore()}. */
    public synchronized TlsStores tlsStores() {
        if (tls == null) {
            throw new IllegalStateException("the broker has no TLS listener: call enableTls() and start()");
        }
        return tls;
    }

    /** Stops the broker: SIGTERM (controlled shutdown), then SIGKILL after a grace period. */
    public synchronized void stop() {
        stopProcess();
    }

    @Override
    public void close() {
        stop();
    }

    /** {@code 127.0.0.1:<port>}, the same before and after a restart. */
    public String bootstrapServers() {
        if (!everStarted) {
            throw new IllegalStateException("the broker has not been started");
        }
        return "127.0.0.1:" + port;
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** The running broker's process, for tests that check it ends. */
    public ProcessHandle processHandle() {
        if (process == null) {
            throw new IllegalStateException("the broker has not been started");
        }
        return process.handle();
    }

    public Path workDir() {
        return workDir;
    }

    /** The running broker's child JVM. */
    JavaProcess process() {
        return process;
    }

    public Path logFile() {
        return workDir.resolve("broker.log");
    }

    private void startOnce() {
        try {
            Files.createDirectories(workDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + workDir, e);
        }
        Path properties = writeServerProperties();
        process = JavaProcess.builder("kafka-broker")
                .classpath(runtimeClasspath())
                .jvmArgs(jvmOptions())
                .systemProperty("watchword.broker.cluster-id", clusterId)
                .mainClass(MAIN_CLASS)
                // BrokerMain watches its standard input itself.
                .dieWithParent(false)
                .args(properties.toString())
                .workingDirectory(workDir)
                .logFile(logFile())
                .start();
        awaitReady();
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        Map<String, Object> config = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers0(),
                AdminClientConfig.CLIENT_ID_CONFIG, "watchword-broker-readiness",
                // The probe knows one address only: "rebootstrapping" to it while the broker is not
                // listening yet logged an INFO line every few milliseconds (~25,000 per CI run).
                AdminClientConfig.METADATA_RECOVERY_STRATEGY_CONFIG, "none",
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3_000,
                AdminClientConfig.RECONNECT_BACKOFF_MS_CONFIG, 50,
                AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 200);
        try (Admin admin = Admin.create(config)) {
            while (true) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the Kafka broker exited with status "
                            + process.exitValue().orElse(-1)
                            + " while starting; its log is "
                            + logFile()
                            + ":\n"
                            + process.logTail(40));
                }
                try {
                    admin.describeCluster(new DescribeClusterOptions().timeoutMs(2_000))
                            .nodes()
                            .get(3, TimeUnit.SECONDS);
                    return;
                } catch (ExecutionException | TimeoutException e) {
                    // Not listening yet.
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for the Kafka broker", e);
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the Kafka broker did not answer on "
                            + bootstrapServers0()
                            + " within "
                            + START_TIMEOUT.toSeconds()
                            + "s; its log is "
                            + logFile()
                            + ":\n"
                            + process.logTail(40));
                }
                sleep(100);
            }
        }
    }

    private String bootstrapServers0() {
        return "127.0.0.1:" + port;
    }

    private void stopProcess() {
        if (process != null) {
            process.stop(STOP_GRACE);
        }
    }

    private Path writeServerProperties() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("process.roles", "broker,controller");
        settings.put("node.id", "1");
        settings.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        String tlsListener = tls == null ? "" : ",SSL://127.0.0.1:" + tlsPort + ",SASL_SSL://127.0.0.1:" + saslPort;
        settings.put(
                "listeners",
                "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort + tlsListener);
        settings.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port + tlsListener);
        settings.put(
                "listener.security.protocol.map",
                "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT" + (tls == null ? "" : ",SSL:SSL,SASL_SSL:SASL_SSL"));
        if (tls != null) {
            settings.put("ssl.keystore.type", TlsStores.TYPE);
            settings.put("ssl.keystore.location", tls.keystore().toString());
            settings.put("ssl.keystore.password", tls.password());
            settings.put("ssl.key.password", tls.password());
            settings.put("sasl.enabled.mechanisms", "PLAIN");
            settings.put(
                    "listener.name.sasl_ssl.plain.sasl.jaas.config",
                    "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
                            + SASL_USER + "\" password=\"" + tls.password() + "\" user_" + SASL_USER + "=\""
                            + tls.password() + "\";");
        }
        settings.put("controller.listener.names", "CONTROLLER");
        settings.put("inter.broker.listener.name", "PLAINTEXT");
        settings.put("log.dirs", workDir.resolve("data").toString());
        // One node: every internal topic has one replica.
        settings.put("offsets.topic.replication.factor", "1");
        settings.put("offsets.topic.num.partitions", "10");
        settings.put("transaction.state.log.replication.factor", "1");
        settings.put("transaction.state.log.min.isr", "1");
        settings.put("transaction.state.log.num.partitions", "10");
        settings.put("share.coordinator.state.topic.replication.factor", "1");
        settings.put("share.coordinator.state.topic.min.isr", "1");
        settings.put("group.initial.rebalance.delay.ms", "0");
        // Flink's exactly-once Kafka sink asks for 1 h transactions; the broker's default allows 15 min.
        settings.put(
                "transaction.max.timeout.ms", Long.toString(Duration.ofHours(1).toMillis()));
        // Every topic is created with its real settings; a misspelt topic name must fail, not appear.
        settings.put("auto.create.topics.enable", "false");
        settings.put("num.partitions", "1");
        settings.put("num.network.threads", "2");
        settings.put("num.io.threads", "4");
        settings.put("log.cleaner.dedupe.buffer.size", Integer.toString(16 * 1024 * 1024));
        System.getProperties().stringPropertyNames().stream()
                .filter(k -> k.startsWith(BROKER_SETTING_PREFIX))
                .forEach(k -> settings.put(k.substring(BROKER_SETTING_PREFIX.length()), System.getProperty(k)));
        Properties properties = new Properties();
        properties.putAll(settings);
        Path file = workDir.resolve("server.properties");
        try (var out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            properties.store(out, "Watchword embedded Kafka broker");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return file;
    }

    private static List<String> jvmOptions() {
        String options = System.getProperty("watchword.kafka.jvm-options", DEFAULT_JVM_OPTIONS);
        List<String> result = new ArrayList<>(List.of(options.trim().split("\\s+")));
        result.removeIf(String::isBlank);
        return result;
    }

    /**
     * The broker module's own jar (or classes folder) followed by the jars its build recorded in
     * {@value #RUNTIME_CLASSPATH}.
     */
    static List<Path> runtimeClasspath() {
        URL resource = EmbeddedKafkaBroker.class.getClassLoader().getResource(RUNTIME_CLASSPATH);
        if (resource == null) {
            throw new IllegalStateException(RUNTIME_CLASSPATH
                    + " is not on the classpath: add the io.watchword:kafka-broker dependency (see"
                    + " test-support/README.md) and build it with 'mvn install -pl deploy/kafka-broker'");
        }
        List<Path> classpath = new ArrayList<>();
        classpath.add(codeSource(resource));
        String recorded;
        try (InputStream in = resource.openStream()) {
            recorded = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
        for (String entry : recorded.split(":")) {
            if (entry.isBlank()) {
                continue;
            }
            Path jar = Path.of(entry);
            if (!Files.exists(jar)) {
                throw new IllegalStateException("the Kafka broker's jar "
                        + jar
                        + " is missing from the local Maven repository; rebuild the broker module with"
                        + " 'mvn install -pl deploy/kafka-broker' on this machine");
            }
            classpath.add(jar);
        }
        return classpath;
    }

    private static Path codeSource(URL resource) {
        try {
            String url = resource.toString();
            if (url.startsWith("jar:")) {
                String jar = url.substring("jar:".length(), url.indexOf("!/"));
                return Path.of(new java.net.URI(jar));
            }
            Path file = Path.of(resource.toURI());
            // .../classes/io/watchword/kafkabroker/runtime.classpath -> .../classes
            return file.getParent().getParent().getParent().getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the kafka-broker module from " + resource, e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the Kafka broker", e);
        }
    }

    @Override
    public String toString() {
        return "Kafka broker at " + (everStarted ? bootstrapServers() : "(not started)") + " in " + workDir;
    }
}
