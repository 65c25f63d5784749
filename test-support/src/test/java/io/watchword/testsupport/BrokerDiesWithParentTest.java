package io.watchword.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import io.watchword.testsupport.process.JavaProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The broker must not outlive the JVM that started it, even one killed with SIGKILL. */
class BrokerDiesWithParentTest {

    @Test
    void brokerExitsWhenItsParentIsKilled() throws Exception {
        Path dir = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "parent-");
        Path pidFile = dir.resolve("broker.pid");
        JavaProcess parent = JavaProcess.builder("broker-parent")
                .classpath(classpath())
                .systemProperty("java.io.tmpdir", dir.toString())
                .mainClass(BrokerParentMain.class.getName())
                .args(pidFile.toString())
                .logFile(dir.resolve("parent.log"))
                .start();
        try {
            long brokerPid = awaitPid(pidFile, parent);
            ProcessHandle broker = ProcessHandle.of(brokerPid).orElseThrow();

            parent.handle().destroyForcibly(); // SIGKILL: no shutdown hook runs

            broker.onExit().get(30, TimeUnit.SECONDS);
            assertThat(broker.isAlive()).isFalse();
        } finally {
            parent.close();
            io.watchword.testsupport.internal.WorkDirectories.deleteRecursively(dir);
        }
    }

    @Test
    void brokerHaltsWhenItsStandardInputCloses() throws Exception {
        Path dir = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "stdin-");
        try (EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(dir)) {
            broker.start();

            broker.process().closeStandardInput();

            assertThat(broker.process().waitFor(Duration.ofSeconds(30))).isTrue();
            assertThat(broker.process().exitValue()).hasValue(86);
            assertThat(broker.process().logTail(5)).contains("the parent process is gone");
        } finally {
            io.watchword.testsupport.internal.WorkDirectories.deleteRecursively(dir);
        }
    }

    private static long awaitPid(Path pidFile, JavaProcess parent) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(pidFile) && !Files.readString(pidFile).isBlank()) {
                return Long.parseLong(Files.readString(pidFile).trim());
            }
            assertThat(parent.isAlive())
                    .as("parent alive; its log:%n%s", parent.logTail(30))
                    .isTrue();
            Thread.sleep(100);
        }
        throw new AssertionError("the parent did not start a broker:\n" + parent.logTail(30));
    }

    private static List<Path> classpath() {
        return java.util.Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .map(Path::of)
                .toList();
    }

    /** Starts a broker, writes its pid, then waits to be killed. */
    public static final class BrokerParentMain {
        public static void main(String[] args) throws Exception {
            EmbeddedKafkaBroker broker =
                    new EmbeddedKafkaBroker(Path.of(System.getProperty("java.io.tmpdir"), "kafka"));
            broker.start();
            Path tmp = Path.of(args[0] + ".tmp");
            Files.writeString(tmp, Long.toString(broker.processHandle().pid()));
            Files.move(tmp, Path.of(args[0]));
            Thread.sleep(Long.MAX_VALUE);
        }
    }
}
