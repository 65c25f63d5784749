package io.watchword.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import io.watchword.testsupport.internal.WorkDirectories;
import io.watchword.testsupport.process.JavaProcess;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A JVM killed with SIGKILL runs no shutdown hook; the next start cleans up after it. */
class OrphanCleanupTest {

    @TempDir
    Path dir;

    @Test
    void postgresAndFilesLeftByAKilledJvmAreRemovedOnTheNextStart() throws Exception {
        Path report = dir.resolve("work-dir.txt");
        JavaProcess owner = JavaProcess.builder("infrastructure-owner")
                .classpath(Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                        .map(Path::of)
                        .toList())
                .systemProperty("java.io.tmpdir", WorkDirectories.tmpdir().toString())
                .mainClass(OwnerMain.class.getName())
                .args(report.toString())
                .logFile(dir.resolve("owner.log"))
                .start();
        Path workDir = awaitWorkDir(report, owner);
        long postmasterPid = Long.parseLong(
                Files.readAllLines(workDir.resolve("postgres/postmaster.pid")).get(0));
        ProcessHandle postmaster = ProcessHandle.of(postmasterPid).orElseThrow();

        owner.handle().destroyForcibly();
        owner.waitFor(Duration.ofSeconds(30));
        assertThat(workDir).as("left behind by the killed JVM").isDirectory();

        WorkDirectories.removeStale();

        postmaster.onExit().get(30, TimeUnit.SECONDS);
        assertThat(postmaster.isAlive()).isFalse();
        assertThat(workDir).doesNotExist();
    }

    private static Path awaitWorkDir(Path report, JavaProcess owner) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(report)) {
                return Path.of(Files.readString(report).trim());
            }
            assertThat(owner.isAlive())
                    .as("owner alive; its log:%n%s", owner.logTail(30))
                    .isTrue();
            Thread.sleep(100);
        }
        throw new AssertionError("the owner did not start the infrastructure:\n" + owner.logTail(30));
    }

    /** Starts the infrastructure, reports its work directory, then waits to be killed. */
    public static final class OwnerMain {
        public static void main(String[] args) throws Exception {
            EmbeddedInfrastructure infrastructure = EmbeddedInfrastructure.start();
            Path tmp = Path.of(args[0] + ".tmp");
            Files.writeString(tmp, infrastructure.workDir().toString());
            Files.move(tmp, Path.of(args[0]));
            Thread.sleep(Long.MAX_VALUE);
        }
    }
}
