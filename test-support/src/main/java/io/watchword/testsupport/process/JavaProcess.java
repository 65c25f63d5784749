package io.watchword.testsupport.process;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A child JVM: started with the {@code java} of the running JDK, its output in a log file, stopped
 * by {@link #close()} (SIGTERM, a grace period, then SIGKILL).
 *
 * <p>Its standard input is a pipe this object holds open and never writes to, so a child that
 * watches its standard input (the Kafka broker's launcher does) dies with this JVM even when this
 * JVM is killed with {@code -9}. Every child still running when this JVM exits normally or on
 * Ctrl-C is stopped by a shutdown hook.
 */
public final class JavaProcess implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(JavaProcess.class.getName());
    private static final Duration DEFAULT_GRACE = Duration.ofSeconds(20);
    private static final Set<JavaProcess> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> List.copyOf(RUNNING).forEach(p -> p.stop(Duration.ofSeconds(10))),
                        "watchword-child-jvm-reaper"));
    }

    private final String name;
    private final Process process;
    private final Path logFile;
    // Held on purpose: if this stream were collected and closed, a watching child would exit.
    private final OutputStream stdin;

    private JavaProcess(String name, Process process, Path logFile) {
        this.name = name;
        this.process = process;
        this.logFile = logFile;
        this.stdin = process.getOutputStream();
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public ProcessHandle handle() {
        return process.toHandle();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path logFile() {
        return logFile;
    }

    /** The exit status, or empty while it runs. */
    public java.util.OptionalInt exitValue() {
        return process.isAlive() ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(process.exitValue());
    }

    /** The last {@code lines} lines of the log, for error messages. */
    public String logTail(int lines) {
        return tail(logFile, lines);
    }

    /**
     * Closes the child's standard input, as this JVM's death would: a child that dies with its parent
     * exits now. For tests of that behaviour.
     */
    public void closeStandardInput() {
        closeQuietly(stdin);
    }

    /** Waits up to {@code timeout} for the process to end by itself; true if it did. */
    public boolean waitFor(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Asks the process to stop (SIGTERM, so its shutdown hooks run), waits up to {@code grace}, then
     * kills it. Returns once it is gone.
     */
    public void stop(Duration grace) {
        try {
            if (process.isAlive()) {
                process.destroy();
                if (!waitFor(grace)) {
                    LOG.log(
                            System.Logger.Level.WARNING,
                            "{0} (pid {1}) did not stop within {2}s; killing it",
                            name,
                            pid(),
                            grace.toSeconds());
                    process.destroyForcibly();
                    waitFor(Duration.ofSeconds(30));
                }
            }
        } finally {
            RUNNING.remove(this);
            closeQuietly(stdin);
        }
    }

    @Override
    public void close() {
        stop(DEFAULT_GRACE);
    }

    @Override
    public String toString() {
        return name + " (pid " + pid() + ", log " + logFile + ")";
    }

    static String tail(Path file, int lines) {
        try {
            if (!Files.exists(file)) {
                return "(no log at " + file + ")";
            }
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return all.subList(Math.max(0, all.size() - lines), all.size()).stream()
                    .collect(Collectors.joining(System.lineSeparator()));
        } catch (IOException | UncheckedIOException e) {
            return "(could not read " + file + ": " + e.getMessage() + ")";
        }
    }

    private static void closeQuietly(OutputStream stream) {
        try {
            stream.close();
        } catch (IOException ignored) {
            // Already closed because the child has gone.
        }
    }

    /** How to start a child JVM. */
    public static final class Builder {
        private final String name;
        private final List<Path> classpath = new ArrayList<>();
        private String mainClass;
        private Path jar;
        private final List<String> jvmArgs = new ArrayList<>();
        private final Map<String, String> systemProperties = new LinkedHashMap<>();
        private final Map<String, String> environment = new LinkedHashMap<>();
        private final List<String> args = new ArrayList<>();
        private Path logFile;
        private Path workingDirectory;
        private boolean dieWithParent = true;

        private Builder(String name) {
            this.name = Objects.requireNonNull(name);
        }

        public Builder classpath(List<Path> entries) {
            classpath.addAll(entries);
            return this;
        }

        public Builder mainClass(String mainClass) {
            this.mainClass = mainClass;
            return this;
        }

        /** Runs {@code java -jar jar} instead of a main class. */
        public Builder jar(Path jar) {
            this.jar = jar;
            return this;
        }

        public Builder jvmArgs(String... values) {
            Collections.addAll(jvmArgs, values);
            return this;
        }

        public Builder jvmArgs(List<String> values) {
            jvmArgs.addAll(values);
            return this;
        }

        public Builder systemProperty(String key, String value) {
            systemProperties.put(key, value);
            return this;
        }

        public Builder systemProperties(Map<String, String> values) {
            systemProperties.putAll(values);
            return this;
        }

        public Builder env(String key, String value) {
            environment.put(key, value);
            return this;
        }

        public Builder args(String... values) {
            Collections.addAll(args, values);
            return this;
        }

        /** Where standard output and error go; required. */
        public Builder logFile(Path file) {
            this.logFile = file;
            return this;
        }

        public Builder workingDirectory(Path directory) {
            this.workingDirectory = directory;
            return this;
        }

        /**
         * Whether the child halts when this JVM dies ({@code true} by default), through a small agent
         * that watches its standard input. Turn it off for a child that reads standard input itself
         * or already watches it (the Kafka broker's launcher does).
         */
        public Builder dieWithParent(boolean value) {
            this.dieWithParent = value;
            return this;
        }

        List<String> command() {
            if ((mainClass == null) == (jar == null)) {
                throw new IllegalStateException(name + ": give exactly one of a main class and a jar");
            }
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            if (dieWithParent) {
                command.add("-javaagent:" + WatchdogAgentJar.path());
            }
            command.addAll(jvmArgs);
            systemProperties.forEach((k, v) -> command.add("-D" + k + "=" + v));
            if (jar != null) {
                command.add("-jar");
                command.add(jar.toString());
            } else {
                if (!classpath.isEmpty()) {
                    command.add("-cp");
                    command.add(classpath.stream().map(Path::toString).collect(Collectors.joining(":")));
                }
                command.add(mainClass);
            }
            command.addAll(args);
            return command;
        }

        public JavaProcess start() {
            Objects.requireNonNull(logFile, "logFile");
            List<String> command = command();
            try {
                Files.createDirectories(logFile.toAbsolutePath().getParent());
                ProcessBuilder builder = new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                        .redirectInput(ProcessBuilder.Redirect.PIPE);
                if (workingDirectory != null) {
                    builder.directory(workingDirectory.toFile());
                }
                builder.environment().putAll(environment);
                JavaProcess started = new JavaProcess(name, builder.start(), logFile);
                RUNNING.add(started);
                LOG.log(System.Logger.Level.DEBUG, "started {0}", started);
                return started;
            } catch (IOException e) {
                throw new UncheckedIOException("could not start " + name + " with " + command, e);
            }
        }
    }
}
