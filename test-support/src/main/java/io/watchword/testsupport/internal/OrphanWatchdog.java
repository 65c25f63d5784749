package io.watchword.testsupport.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Cleans up after this JVM if it is killed with {@code -9}, when no shutdown hook runs: a tiny
 * {@code sh} whose standard input is a pipe from this JVM. At end of file (this JVM is gone) it
 * stops PostgreSQL (fast shutdown, then SIGKILL after 10 s) and deletes the work directory; the
 * Kafka broker halts by itself at the same moment. PostgreSQL needs this because {@code pg_ctl}
 * detaches it from the JVM. A normal close stops the watchdog first and cleans up in order.
 */
public final class OrphanWatchdog implements AutoCloseable {

    // $0 = postmaster pid, $1 = work directory. 'read' is a builtin: SIGTERM ends the shell at once.
    private static final String SCRIPT = String.join(
            "\n",
            "while read -r _; do :; done",
            "kill -INT \"$0\" 2>/dev/null",
            "i=0",
            "while kill -0 \"$0\" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i+1)); done",
            "kill -KILL \"$0\" 2>/dev/null",
            "sleep 1",
            "rm -rf \"$1\"");

    private final Process process;

    private OrphanWatchdog(Process process) {
        this.process = process;
    }

    public static OrphanWatchdog start(long postmasterPid, Path workDir) {
        try {
            Process process = new ProcessBuilder(List.of(
                            "sh",
                            "-c",
                            SCRIPT,
                            Long.toString(postmasterPid),
                            workDir.toAbsolutePath().toString()))
                    .redirectInput(ProcessBuilder.Redirect.PIPE)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return new OrphanWatchdog(process);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the clean-up watchdog (sh)", e);
        }
    }

    public ProcessHandle handle() {
        return process.toHandle();
    }

    /** Stops the watchdog without letting it clean up: the caller does that in order. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // Already gone.
        }
    }
}
