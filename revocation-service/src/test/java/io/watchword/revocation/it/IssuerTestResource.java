package io.watchword.revocation.it;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.watchword.core.credential.ApiKeyFormat;
import io.watchword.testsupport.Infrastructure;
import io.watchword.testsupport.process.JavaProcess;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * Runs the real issuer ({@code issuer-service/target/quarkus-app/quarkus-run.jar}, built first by
 * the reactor) as a child JVM on the shared infrastructure, once per test JVM, with a platform
 * admin credential generated here and adopted by the issuer's bootstrap. The revocation service
 * authenticates admins and introspects presented keys through it, as in production.
 */
public class IssuerTestResource implements QuarkusTestResourceLifecycleManager {

    /**
     * The platform credential (system tenant) both the tests and the revocation service use. Kept
     * in a system property: a test class with its own resources restarts Quarkus in a new class
     * loader, which must find the same issuer and key rather than start a second issuer on its
     * database.
     */
    public static final String PLATFORM_KEY = (String) System.getProperties()
            .computeIfAbsent("watchword.test.shared.platform-key", k -> ApiKeyFormat.generate("admin"));

    private static final String SHARED_URL = "watchword.test.shared.issuer-url";

    private static JavaProcess issuer;
    private static String url;

    @Override
    public synchronized Map<String, String> start() {
        String shared = System.getProperty(SHARED_URL);
        if (shared != null && readyNow(shared)) {
            url = shared;
        } else if (issuer == null || !issuer.isAlive()) {
            url = launch();
            System.setProperty(SHARED_URL, url);
        }
        return Map.of(
                "watchword.revocation.issuer.url", url,
                "watchword.revocation.issuer.credential", PLATFORM_KEY,
                "watchword.test.issuer.url", url,
                "watchword.test.platform-key", PLATFORM_KEY);
    }

    @Override
    public void stop() {
        // One issuer per JVM, shared by every test class; it dies with this JVM.
    }

    private static String launch() {
        Path jar = Path.of(System.getProperty(
                        "watchword.test.issuer-jar", "../issuer-service/target/quarkus-app/quarkus-run.jar"))
                .toAbsolutePath()
                .normalize();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("The issuer is not built: " + jar
                    + " is missing. Build it first: mvn -o -pl issuer-service package -DskipTests");
        }
        Infrastructure infra = Infrastructure.shared();
        int port = freePort();
        Path work = Path.of("target", "issuer-for-tests").toAbsolutePath();
        Map<String, String> config = new HashMap<>(infra.serviceConfig("issuer_for_revocation"));
        config.put("quarkus.http.host", "127.0.0.1");
        config.put("quarkus.http.port", Integer.toString(port));
        config.put("watchword.issuer.key-pepper", randomBase64());
        config.put("watchword.issuer.bootstrap.admin-key", PLATFORM_KEY);
        config.put(
                "watchword.issuer.bootstrap.admin-key-file",
                work.resolve("bootstrap-admin.key").toString());
        issuer = JavaProcess.builder("issuer-for-revocation-tests")
                .jar(jar)
                .jvmArgs("-Xmx384m")
                // An environment variable, not -D: an issuer build without the token module would
                // refuse an unknown system property but ignores an unused variable.
                .env("WATCHWORD_ISSUER_MASTER_KEY", randomBase64())
                .systemProperties(config)
                .logFile(work.resolve("issuer.log"))
                .workingDirectory(work)
                .start();
        String base = "http://127.0.0.1:" + port;
        awaitReady(base);
        return base;
    }

    /** 90 s unless {@code -Dwatchword.test.issuer-start-timeout=PT3M} (a machine shared by many builds). */
    private static final Duration START_TIMEOUT =
            Duration.parse(System.getProperty("watchword.test.issuer-start-timeout", "PT90S"));

    private static void awaitReady(String base) {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!issuer.isAlive()) {
                throw new IllegalStateException("the issuer exited while starting:\n" + issuer.logTail(40));
            }
            try {
                HttpResponse<Void> ready = http.send(
                        HttpRequest.newBuilder(URI.create(base + "/q/health/ready"))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                if (ready.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(250);
        }
        throw new IllegalStateException(
                "the issuer did not become ready in " + START_TIMEOUT.toSeconds() + " s:\n" + issuer.logTail(40));
    }

    private static boolean readyNow(String base) {
        try {
            return HttpClient.newHttpClient()
                            .send(
                                    HttpRequest.newBuilder(URI.create(base + "/q/health/ready"))
                                            .timeout(Duration.ofSeconds(5))
                                            .build(),
                                    HttpResponse.BodyHandlers.discarding())
                            .statusCode()
                    == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String randomBase64() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
