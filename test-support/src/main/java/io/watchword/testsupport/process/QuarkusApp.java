package io.watchword.testsupport.process;

import io.watchword.testsupport.internal.FreePorts;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A packaged Quarkus application ({@code target/quarkus-app/quarkus-run.jar}) running in a child
 * JVM on a free loopback port, ready once {@code GET /q/health/ready} answers 200.
 *
 * <pre>{@code
 * try (QuarkusApp issuer = QuarkusApp.builder("issuer-service", Path.of("issuer-service/target/quarkus-app"))
 *         .config(infrastructure.serviceConfig("issuer"))
 *         .start()) {
 *     HttpRequest.newBuilder(issuer.uri("/v1/tenants")) ...
 * }
 * }</pre>
 */
public final class QuarkusApp implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(200);

    private final String name;
    private final int port;
    private final JavaProcess process;

    private QuarkusApp(String name, int port, JavaProcess process) {
        this.name = name;
        this.port = port;
        this.process = process;
    }

    /**
     * @param appDirectory the {@code quarkus-app} folder of a packaged service, or its {@code
     *     quarkus-run.jar}
     */
    public static Builder builder(String name, Path appDirectory) {
        return new Builder(name, appDirectory);
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    /** {@code http://127.0.0.1:<port>} */
    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** The URI of {@code path} (starting with '/') on this application. */
    public URI uri(String path) {
        return URI.create(baseUrl() + path);
    }

    public JavaProcess process() {
        return process;
    }

    public Path logFile() {
        return process.logFile();
    }

    /** Stops it with SIGTERM (Quarkus shuts down gracefully), killing it after a grace period. */
    @Override
    public void close() {
        process.stop(Duration.ofSeconds(15));
    }

    @Override
    public String toString() {
        return name + " at " + baseUrl() + " (log " + logFile() + ")";
    }

    /** How to run a packaged Quarkus application. */
    public static final class Builder {
        private final String name;
        private final Path jar;
        private final Map<String, String> config = new LinkedHashMap<>();
        private final Map<String, String> environment = new LinkedHashMap<>();
        private final List<String> jvmArgs = new ArrayList<>(List.of("-Xmx256m"));
        private Duration readyTimeout = Duration.ofSeconds(60);
        private Path logFile;
        private String readinessPath = "/q/health/ready";

        private Builder(String name, Path app) {
            this.name = Objects.requireNonNull(name);
            this.jar = Files.isDirectory(app) ? app.resolve("quarkus-run.jar") : app;
        }

        /** Configuration passed as {@code -D} system properties (they override the packaged file). */
        public Builder config(Map<String, String> values) {
            config.putAll(values);
            return this;
        }

        public Builder config(String key, String value) {
            config.put(key, value);
            return this;
        }

        public Builder env(String key, String value) {
            environment.put(key, value);
            return this;
        }

        /** Replaces the default JVM options ({@code -Xmx256m}). */
        public Builder jvmArgs(String... values) {
            jvmArgs.clear();
            jvmArgs.addAll(List.of(values));
            return this;
        }

        public Builder readyTimeout(Duration timeout) {
            this.readyTimeout = timeout;
            return this;
        }

        /** Where the application's output goes; default {@code java.io.tmpdir/<name>-<port>.log}. */
        public Builder logFile(Path file) {
            this.logFile = file;
            return this;
        }

        /** For an application whose readiness is elsewhere (e.g. a management port). */
        public Builder readinessPath(String path) {
            this.readinessPath = path;
            return this;
        }

        /** Starts the application and returns once it is ready; fails with its log tail otherwise. */
        public QuarkusApp start() {
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException(
                        jar + " does not exist: package " + name + " first ('mvn -o -pl " + name + " package')");
            }
            int port = FreePorts.loopback();
            Path log = logFile != null
                    ? logFile
                    : Path.of(System.getProperty("java.io.tmpdir"), name + "-" + port + ".log");
            JavaProcess.Builder builder = JavaProcess.builder(name)
                    .jar(jar)
                    .jvmArgs(jvmArgs)
                    .systemProperties(config)
                    .systemProperty("quarkus.http.host", "127.0.0.1")
                    .systemProperty("quarkus.http.port", Integer.toString(port))
                    .workingDirectory(jar.toAbsolutePath().getParent())
                    .logFile(log);
            environment.forEach(builder::env);
            QuarkusApp app = new QuarkusApp(name, port, builder.start());
            try {
                app.awaitReady(readinessPath, readyTimeout);
                return app;
            } catch (RuntimeException e) {
                app.close();
                throw e;
            }
        }
    }

    private void awaitReady(String path, Duration timeout) {
        HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest request = HttpRequest.newBuilder(uri(path))
                .timeout(Duration.ofSeconds(5))
                .GET()
                .build();
        long deadline = System.nanoTime() + timeout.toNanos();
        String lastAnswer = "no answer";
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with status "
                        + process.exitValue().orElse(-1) + " before it was ready; the end of its log " + logFile()
                        + ":\n" + process.logTail(40));
            }
            try {
                HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
                lastAnswer = "HTTP " + response.statusCode() + " " + response.body();
            } catch (ConnectException e) {
                lastAnswer = "not listening yet";
            } catch (IOException e) {
                lastAnswer = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + name, e);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(name + " was not ready within " + timeout.toSeconds() + "s (GET "
                        + path + ": " + lastAnswer + "); the end of its log " + logFile() + ":\n"
                        + process.logTail(40));
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + name, e);
            }
        }
    }
}
