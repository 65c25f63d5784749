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

/** Whichever way the JVM that owns the infrastructure ends, nothing of it is left. */
class OrphanCleanupTest {

    @TempDir
    Path dir;

    @Test
    void postgresAndFilesOfAKilledJvmAreRemovedByItsWatchdog() throws Exception {
        Path report = dir.resolve("work-dir.txt");
        JavaProcess owner = startOwner(report, "killed-owner.log");
        Path workDir = awaitWorkDir(report, owner);
        long postmasterPid = Long.parseLong(
                Files.readAllLines(workDir.resolve("postgres/postmaster.pid")).get(0));
        ProcessHandle postmaster = ProcessHandle.of(postmasterPid).orElseThrow();

        owner.handle().destroyForcibly();

        postmaster.onExit().get(30, TimeUnit.SECONDS);
        assertThat(postmaster.isAlive()).isFalse();
        awaitDeleted(workDir);
    }

    @Test
    void terminatedJvmStopsEverythingThroughItsShutdownHook() throws Exception {
        Path report = dir.resolve("work-dir.txt");
        JavaProcess owner = startOwner(report, "terminated-owner.log");
        Path workDir = awaitWorkDir(report, owner);
        ProcessHandle postmaster = ProcessHandle.of(
                        Long.parseLong(Files.readAllLines(workDir.resolve("postgres/postmaster.pid"))
                                .get(0)))
                .orElseThrow();
        java.util.List<ProcessHandle> children = owner.handle().children().toList();

        owner.handle().destroy(); // SIGTERM, like Ctrl-C: the shutdown hooks run

        assertThat(owner.waitFor(Duration.ofSeconds(60))).isTrue();
        postmaster.onExit().get(30, TimeUnit.SECONDS);
        assertThat(children).isNotEmpty().noneMatch(ProcessHandle::isAlive);
        assertThat(workDir).doesNotExist();
    }

    private JavaProcess startOwner(Path report, String log) {
        return JavaProcess.builder("infrastructure-owner")
                .classpath(Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                        .map(Path::of)
                        .toList())
                .systemProperty("java.io.tmpdir", WorkDirectories.tmpdir().toString())
                .mainClass(OwnerMain.class.getName())
                .args(report.toString())
                .logFile(dir.resolve(log))
                .start();
    }

    private static void awaitDeleted(Path workDir) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (Files.exists(workDir) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
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
