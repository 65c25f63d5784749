package io.watchword.analytics.console;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.watchword.testsupport.Infrastructure;
import io.watchword.testsupport.internal.FreePorts;
import io.watchword.testsupport.process.JavaProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The real revocation-service ({@code revocation-service/target/quarkus-app}) for the false-positive
 * test, on a port reserved when Quarkus starts (so the console's {@code
 * watchword.console.revocation.url} points at it) but launched only by the one test that needs it:
 * the module's other tests do not pay for its start. The hygiene policy's test starts it too.
 */
public class RevocationServiceForConsole implements QuarkusTestResourceLifecycleManager {

    private static final String PORT = "watchword.test.console.revocation-port";
    private static JavaProcess process;

    @Override
    public Map<String, String> start() {
        String port = System.getProperties()
                .computeIfAbsent(PORT, k -> Integer.toString(FreePorts.loopback()))
                .toString();
        // The stale-key policy revokes through the same service, with the tests' platform credential.
        return Map.of(
                "watchword.console.revocation.url",
                "http://127.0.0.1:" + port,
                "watchword.analytics.revocation.url",
                "http://127.0.0.1:" + port,
                "watchword.analytics.revocation.credential",
                io.watchword.analytics.it.AnalyticsTestResource.PLATFORM_KEY);
    }

    @Override
    public void stop() {
        // Dies with the test JVM.
    }

    /** Starts it (once per JVM) against the tests' issuer and returns its base URL. */
    public static synchronized String ensureRunning(String issuerUrl, String platformKey) throws Exception {
        String port = System.getProperty(PORT);
        String base = "http://127.0.0.1:" + port;
        if (process != null && process.isAlive()) {
            return base;
        }
        Path app = Path.of(System.getProperty(
                        "watchword.test.revocation-app", "../revocation-service/target/quarkus-app/quarkus-run.jar"))
                .toAbsolutePath()
                .normalize();
        if (!Files.isRegularFile(app)) {
            throw new IllegalStateException("The revocation-service is not built: " + app
                    + " is missing. Build it first: mvn -o -pl revocation-service -am install -DskipTests");
        }
        Path work = Path.of("target", "revocation-for-tests").toAbsolutePath();
        Files.createDirectories(work);
        Map<String, String> config = new HashMap<>(Infrastructure.shared().serviceConfig("revocation_for_console"));
        config.put("quarkus.http.host", "127.0.0.1");
        config.put("quarkus.http.port", port);
        config.put("watchword.revocation.issuer.url", issuerUrl);
        config.put("watchword.revocation.issuer.credential", platformKey);
        process = JavaProcess.builder("revocation-for-console-tests")
                .jar(app)
                .jvmArgs("-Xmx256m")
                .systemProperties(config)
                .logFile(work.resolve("revocation.log"))
                .workingDirectory(work)
                .start();
        HttpClient http = HttpClient.newHttpClient();
        // Generous: on a loaded shared machine a Quarkus service may take minutes to start.
        long deadline = System.nanoTime() + Duration.ofSeconds(240).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the revocation-service exited:\n" + process.logTail(40));
            }
            try {
                HttpResponse<Void> ready = http.send(
                        HttpRequest.newBuilder(URI.create(base + "/q/health/ready"))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                if (ready.statusCode() == 200) {
                    return base;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the revocation-service was not ready in 240 s:\n" + process.logTail(40));
    }
}
