package io.watchword.testsupport.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JavaProcessTest {

    @TempDir
    Path dir;

    @Test
    void childGetsItsSettingsAndWritesToItsLog() throws Exception {
        Path log = dir.resolve("echo.log");
        try (JavaProcess child = JavaProcess.builder("echo")
                .classpath(testClasspath())
                .mainClass(EchoMain.class.getName())
                .systemProperty("echo.property", "from-property")
                .env("ECHO_ENV", "from-env")
                .args("from-arg")
                .logFile(log)
                .start()) {
            assertThat(child.waitFor(Duration.ofSeconds(30))).isTrue();
            assertThat(child.exitValue()).hasValue(0);
        }
        assertThat(Files.readString(log)).contains("from-property from-env from-arg");
    }

    @Test
    void closeStopsARunningChild() {
        JavaProcess child = JavaProcess.builder("sleeper")
                .classpath(testClasspath())
                .mainClass(EchoMain.class.getName())
                .args("sleep")
                .logFile(dir.resolve("sleeper.log"))
                .start();
        assertThat(child.isAlive()).isTrue();

        child.close();

        assertThat(child.handle().isAlive()).isFalse();
    }

    @Test
    void childHaltsWhenItsParentsPipeCloses() {
        try (JavaProcess child = JavaProcess.builder("orphan")
                .classpath(testClasspath())
                .mainClass(EchoMain.class.getName())
                .args("sleep")
                .logFile(dir.resolve("orphan.log"))
                .start()) {

            child.closeStandardInput();

            assertThat(child.waitFor(Duration.ofSeconds(30))).isTrue();
            assertThat(child.exitValue()).hasValue(ParentWatchdogAgent.PARENT_GONE_STATUS);
        }
    }

    private static List<Path> testClasspath() {
        return Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .map(Path::of)
                .toList();
    }

    /** Prints what it was given, or sleeps with "sleep". */
    public static final class EchoMain {
        public static void main(String[] args) throws Exception {
            if (args.length > 0 && args[0].equals("sleep")) {
                Thread.sleep(Long.MAX_VALUE);
            }
            System.out.println(System.getProperty("echo.property") + " " + System.getenv("ECHO_ENV") + " " + args[0]);
        }
    }
}
