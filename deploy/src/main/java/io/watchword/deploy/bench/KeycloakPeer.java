package io.watchword.deploy.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.watchword.testsupport.internal.FreePorts;
import io.watchword.testsupport.internal.WorkDirectories;
import io.watchword.testsupport.process.WatchdogAgentJar;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Keycloak as a benchmark peer: its Maven distribution ({@code
 * org.keycloak:keycloak-quarkus-dist:zip}, unpacked by the {@code keycloak-peer} profile) started
 * with {@code bin/kc.sh start-dev} on a free loopback port with a fresh data folder (dev-file H2,
 * in the same JVM), then a realm and a confidential client for the {@code client_credentials} grant
 * configured through its admin REST API. Closing it stops the JVM; if the harness dies first, the
 * JVM halts by itself (the same stdin watchdog agent the local stack's services carry, decision
 * 0010). CPU time is measured over the script and its JVM child together.
 */
final class KeycloakPeer implements AutoCloseable {

    static final String REALM = "bench";
    static final String CLIENT_ID = "bench-client";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Its first start re-augments (~30 s idle); on two cores shared with builds it took minutes. */
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(8);

    private final Process process;
    private final Path distribution;
    private final Path log;
    private final URI base;
    private final String clientSecret;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private KeycloakPeer(Process process, Path distribution, Path log, URI base, String clientSecret) {
        this.process = process;
        this.distribution = distribution;
        this.log = log;
        this.base = base;
        this.clientSecret = clientSecret;
    }

    /**
     * Starts Keycloak from {@code distribution} (the unpacked {@code keycloak-<version>} folder) and
     * configures the realm and client.
     *
     * @param javaHome the JDK to run it with (Keycloak 26 needs 21 or later)
     * @param heap its heap options ({@code JAVA_OPTS_KC_HEAP})
     */
    static KeycloakPeer start(Path distribution, Path javaHome, String heap, Path logDirectory) throws Exception {
        // The log stays after the run (next to the distribution), to read when something failed.
        Path kc = distribution.resolve("bin/kc.sh");
        if (!Files.isRegularFile(kc)) {
            throw new IllegalStateException(kc + " is missing: run with -Dwatchword.bench.peer=keycloak so Maven"
                    + " unpacks org.keycloak:keycloak-quarkus-dist into deploy/target/keycloak");
        }
        // A fresh data folder per run: no realm, user or session left over from an earlier run.
        WorkDirectories.deleteRecursively(distribution.resolve("data"));
        int port = FreePorts.loopback();
        int managementPort = FreePorts.loopback();
        String adminPassword = randomSecret();
        Files.createDirectories(logDirectory);
        Path log = logDirectory.resolve("keycloak.log");
        Files.deleteIfExists(log);
        ProcessBuilder builder = new ProcessBuilder(
                        "/bin/sh",
                        kc.toString(),
                        "start-dev",
                        "--http-host=127.0.0.1",
                        "--http-port=" + port,
                        "--http-management-port=" + managementPort)
                .directory(distribution.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Map<String, String> env = builder.environment();
        env.put("JAVA_HOME", javaHome.toString());
        env.put("KC_BOOTSTRAP_ADMIN_USERNAME", "admin");
        env.put("KC_BOOTSTRAP_ADMIN_PASSWORD", adminPassword);
        env.put("JAVA_OPTS_KC_HEAP", heap);
        // kc.sh's JVM inherits this stdin pipe: the agent halts it when we die.
        env.put("JAVA_OPTS_APPEND", "-javaagent:" + WatchdogAgentJar.path());
        Process process = builder.start();
        KeycloakPeer peer =
                new KeycloakPeer(process, distribution, log, URI.create("http://127.0.0.1:" + port), randomSecret());
        try {
            peer.awaitReady();
            peer.configure(adminPassword);
            return peer;
        } catch (Exception | Error e) {
            peer.close();
            throw e;
        }
    }

    /**
     * A JDK to run Keycloak with: {@code watchword.bench.keycloak.java-home} if set, else the
     * newest JDK 21+ under {@code /usr/lib/jvm}, else the harness's own.
     */
    static Path javaHome() {
        String configured = System.getProperty("watchword.bench.keycloak.java-home", "");
        if (!configured.isBlank()) {
            return Path.of(configured);
        }
        Path jvms = Path.of("/usr/lib/jvm");
        if (Files.isDirectory(jvms)) {
            try (Stream<Path> candidates = Files.list(jvms)) {
                List<Path> found = new ArrayList<>(candidates
                        .filter(p -> Files.isExecutable(p.resolve("bin/java")))
                        .filter(p -> featureVersion(p) >= 21)
                        .toList());
                found.sort(Comparator.comparingInt(KeycloakPeer::featureVersion));
                if (!found.isEmpty()) {
                    return found.get(found.size() - 1);
                }
            } catch (IOException e) {
                // fall through to the harness's JDK
            }
        }
        return Path.of(System.getProperty("java.home"));
    }

    private static int featureVersion(Path jdk) {
        try {
            for (String line : Files.readAllLines(jdk.resolve("release"))) {
                if (line.startsWith("JAVA_VERSION=")) {
                    String version = line.substring("JAVA_VERSION=".length()).replace("\"", "");
                    return Integer.parseInt(version.split("[.+-]")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }

    private void awaitReady() throws InterruptedException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Keycloak exited with " + process.exitValue() + "; see " + log);
            }
            try {
                if (send(HttpRequest.newBuilder(base.resolve("/realms/master"))
                                        .GET()
                                        .build())
                                .statusCode()
                        == 200) {
                    return;
                }
            } catch (UncheckedIOException e) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("Keycloak was not ready within " + READY_TIMEOUT + "; see " + log);
    }

    /** A realm with long-lived access tokens (a run outlasts the default 5 minutes) and the client. */
    private void configure(String adminPassword) {
        String adminToken = json(form(
                        "/realms/master/protocol/openid-connect/token",
                        null,
                        Map.of(
                                "grant_type", "password",
                                "client_id", "admin-cli",
                                "username", "admin",
                                "password", adminPassword)))
                .path("access_token")
                .asText();
        expect(
                adminJson(
                        adminToken,
                        "/admin/realms",
                        Map.of("realm", REALM, "enabled", true, "accessTokenLifespan", 3600)),
                201);
        expect(
                adminJson(
                        adminToken,
                        "/admin/realms/" + REALM + "/clients",
                        Map.of(
                                "clientId",
                                CLIENT_ID,
                                "enabled",
                                true,
                                "protocol",
                                "openid-connect",
                                "publicClient",
                                false,
                                "clientAuthenticatorType",
                                "client-secret",
                                "secret",
                                clientSecret,
                                "serviceAccountsEnabled",
                                true,
                                "standardFlowEnabled",
                                false,
                                "directAccessGrantsEnabled",
                                false,
                                // Keycloak 26 introspects only for a client in the token's audience.
                                "protocolMappers",
                                List.of(Map.of(
                                        "name",
                                        "audience",
                                        "protocol",
                                        "openid-connect",
                                        "protocolMapper",
                                        "oidc-audience-mapper",
                                        "config",
                                        Map.of(
                                                "included.client.audience", CLIENT_ID,
                                                "access.token.claim", "true",
                                                "id.token.claim", "false"))))),
                201);
    }

    URI baseUrl() {
        return base;
    }

    long pid() {
        return process.pid();
    }

    String tokenPath() {
        return "/realms/" + REALM + "/protocol/openid-connect/token";
    }

    String introspectionPath() {
        return tokenPath() + "/introspect";
    }

    /** {@code client_secret_basic} (RFC 6749 §2.3.1) for the benchmark client. */
    String basicAuthorization() {
        return "Basic "
                + Base64.getEncoder().encodeToString((CLIENT_ID + ":" + clientSecret).getBytes(StandardCharsets.UTF_8));
    }

    /** One access token from the client_credentials grant (RS256, Keycloak's default). */
    String accessToken() {
        HttpResponse<String> answer =
                form(tokenPath(), basicAuthorization(), Map.of("grant_type", "client_credentials"));
        return expect(answer, 200).path("access_token").asText();
    }

    /** Introspects once, to check the set-up before measuring. */
    JsonNode introspect(String token) {
        return expect(form(introspectionPath(), basicAuthorization(), Map.of("token", token)), 200);
    }

    private HttpResponse<String> form(String path, String authorization, Map<String, String> form) {
        StringBuilder body = new StringBuilder();
        form.forEach((name, value) -> body.append(body.length() == 0 ? "" : "&")
                .append(URLEncoder.encode(name, StandardCharsets.UTF_8))
                .append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return send(request.build());
    }

    private HttpResponse<String> adminJson(String adminToken, String path, Object body) {
        try {
            return send(HttpRequest.newBuilder(base.resolve(path))
                    .header("Authorization", "Bearer " + adminToken)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                    .build());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(
                    HttpRequest.newBuilder(request, (name, value) -> true)
                            // Creating a realm took over 30 s on two cores at load ~50.
                            .timeout(Duration.ofMinutes(3))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private JsonNode expect(HttpResponse<String> answer, int status) {
        if (answer.statusCode() != status) {
            // Keycloak's error bodies carry no secret; the request is not echoed.
            throw new IllegalStateException("Keycloak answered " + answer.statusCode() + " to "
                    + answer.request().uri() + " (expected " + status + "): " + answer.body());
        }
        return json(answer);
    }

    private static JsonNode json(HttpResponse<String> answer) {
        try {
            String body = answer.body();
            return body == null || body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Stops Keycloak and deletes its data folder. {@code kc.sh} 26.7 runs the JVM as its child
     * (not with {@code exec}), so the JVM gets SIGTERM first, then the script; whatever is left
     * after 20 s gets SIGKILL.
     */
    @Override
    public void close() {
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.forEach(ProcessHandle::destroy);
        process.destroy();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        for (ProcessHandle handle : tree) {
            try {
                handle.onExit().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (Exception stillRunning) {
                handle.destroyForcibly();
            }
        }
        try {
            if (!process.waitFor(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            tree.forEach(ProcessHandle::destroyForcibly);
        }
        WorkDirectories.deleteRecursively(distribution.resolve("data"));
    }

    private static String randomSecret() {
        byte[] secret = new byte[24];
        new SecureRandom().nextBytes(secret);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }
}
