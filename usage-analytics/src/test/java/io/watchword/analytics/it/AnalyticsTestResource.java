package io.watchword.analytics.it;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.watchword.core.credential.ApiKeyFormat;
import io.watchword.testsupport.Infrastructure;
import io.watchword.testsupport.process.QuarkusApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * The shared embedded broker and PostgreSQL (test-support), and the real issuer
 * ({@code issuer-service/target/quarkus-app}, built first by the reactor) in a child JVM with a
 * platform admin credential generated here: usage-analytics authenticates admins through it (RFC
 * 7662) and rotates keys with it, as in production. Every test class uses this one resource and
 * no test profile, so the module starts Quarkus once.
 */
public class AnalyticsTestResource implements QuarkusTestResourceLifecycleManager {

    /** The platform credential (system tenant) both the tests and the service use. */
    public static final String PLATFORM_KEY = ApiKeyFormat.generate("admin");

    public static final String DATABASE = "analytics";

    private static QuarkusApp issuer;

    @Override
    public synchronized Map<String, String> start() {
        Infrastructure infra = Infrastructure.shared();
        if (issuer == null) {
            issuer = launchIssuer(infra);
        }
        Map<String, String> config = new HashMap<>(infra.serviceConfig(DATABASE));
        // The Vert.x client speaks the same database through its own URL form.
        config.put("quarkus.datasource.reactive.url", infra.jdbcUrl(DATABASE).substring("jdbc:".length()));
        config.put("watchword.analytics.issuer.url", issuer.baseUrl());
        config.put("watchword.analytics.issuer.credential", PLATFORM_KEY);
        config.put("watchword.test.issuer.url", issuer.baseUrl());
        config.put("watchword.test.platform-key", PLATFORM_KEY);
        return config;
    }

    @Override
    public void stop() {
        // One issuer per test JVM; QuarkusApp's process dies with this JVM.
    }

    private static QuarkusApp launchIssuer(Infrastructure infra) {
        Path app = Path.of(System.getProperty("watchword.test.issuer-app", "../issuer-service/target/quarkus-app"))
                .toAbsolutePath()
                .normalize();
        if (!Files.isRegularFile(app.resolve("quarkus-run.jar"))) {
            throw new IllegalStateException("The issuer is not built: " + app
                    + " has no quarkus-run.jar. Build it first: mvn -o -pl issuer-service -am install -DskipTests");
        }
        Path work = Path.of("target", "issuer-for-tests").toAbsolutePath();
        Map<String, String> config = new HashMap<>(infra.serviceConfig("issuer_for_analytics"));
        config.put("watchword.issuer.key-pepper", randomBase64());
        config.put("watchword.issuer.bootstrap.admin-key", PLATFORM_KEY);
        config.put(
                "watchword.issuer.bootstrap.admin-key-file",
                work.resolve("bootstrap-admin.key").toString());
        return QuarkusApp.builder("issuer-for-analytics-tests", app)
                .config(config)
                // An environment variable, not -D: an unused variable is ignored (see revocation-service).
                .env("WATCHWORD_ISSUER_MASTER_KEY", randomBase64())
                .jvmArgs("-Xmx384m")
                .logFile(work.resolve("issuer.log"))
                .readyTimeout(Duration.ofSeconds(90))
                .start();
    }

    private static String randomBase64() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }
}
