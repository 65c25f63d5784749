package io.watchword.testsupport.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuarkusAppTest {

    @TempDir
    static Path appDir;

    /** A quarkus-app folder whose quarkus-run.jar runs {@link FakeQuarkusMain} from test-classes. */
    @BeforeAll
    static void packageFakeApp() throws Exception {
        Path classes = Path.of(FakeQuarkusMain.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, FakeQuarkusMain.class.getName());
        manifest.getMainAttributes()
                .put(Attributes.Name.CLASS_PATH, classes.toUri().toString());
        try (JarOutputStream jar =
                new JarOutputStream(Files.newOutputStream(appDir.resolve("quarkus-run.jar")), manifest)) {
            // The manifest is the whole jar.
        }
    }

    @Test
    void appIsReadyOnALoopbackPortWithItsConfig() throws Exception {
        try (QuarkusApp app = QuarkusApp.builder("fake-service", appDir)
                .config("fake.greeting", "hello")
                .logFile(appDir.resolve("ready.log"))
                .start()) {
            HttpResponse<String> ready = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(app.uri("/q/health/ready")).build(),
                            HttpResponse.BodyHandlers.ofString());

            assertThat(app.baseUrl()).startsWith("http://127.0.0.1:");
            assertThat(ready.body()).contains("\"greeting\":\"hello\"");
        }
    }

    @Test
    void appThatDiesBeforeReadyFailsWithTheEndOfItsLog() {
        assertThatThrownBy(() -> QuarkusApp.builder("failing-service", appDir)
                        .config("fake.fail", "true")
                        .logFile(appDir.resolve("failing.log"))
                        .start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("failing-service exited with status 1 before it was ready")
                .hasMessageContaining("the datasource is unreachable");
    }

    @Test
    void missingPackageIsExplained() {
        assertThatThrownBy(() -> QuarkusApp.builder("issuer-service", appDir.resolve("nowhere"))
                        .start())
                .hasMessageContaining("package issuer-service first");
    }
}
