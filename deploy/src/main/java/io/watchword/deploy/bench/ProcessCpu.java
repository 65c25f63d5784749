package io.watchword.deploy.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * CPU time a server spent, read from {@code /proc/<pid>/stat} ({@code utime + stime}, every thread
 * of the process) summed over a process and all its descendants — a JVM, or a PostgreSQL
 * postmaster and its backends. Measured this way the load generator, sharing the machine, is not
 * counted against the server, and the figure does not depend on how busy the other cores were.
 *
 * <p>Resolution is one clock tick (10 ms on Linux), negligible over a measured period of seconds.
 * A descendant that exited during the period is missed (its time moves to its parent's {@code
 * cutime}, which is not read, because that would also count children that exited before the
 * period started); the servers measured keep their processes.
 */
final class ProcessCpu implements LongSupplier {

    /** {@code sysconf(_SC_CLK_TCK)}: 100 on every Linux this runs on (x86-64 and arm64 kernels). */
    private static final long NANOS_PER_TICK = 10_000_000L;

    private final List<Long> roots;

    private ProcessCpu(List<Long> roots) {
        this.roots = roots;
    }

    /** The CPU time of these process trees. */
    static ProcessCpu of(long... roots) {
        List<Long> list = new ArrayList<>();
        for (long root : roots) {
            list.add(root);
        }
        return new ProcessCpu(List.copyOf(list));
    }

    /** Whether {@code /proc} can be read here (Linux); elsewhere CPU figures are reported as absent. */
    static boolean available() {
        return Files.isReadable(Path.of("/proc/self/stat"));
    }

    /** CPU nanoseconds used so far by the trees (user + system), or -1 if {@code /proc} is absent. */
    @Override
    public long getAsLong() {
        if (!available()) {
            return -1;
        }
        Set<Long> pids = new LinkedHashSet<>();
        for (long root : roots) {
            pids.add(root);
            ProcessHandle.of(root).ifPresent(handle -> handle.descendants().forEach(child -> pids.add(child.pid())));
        }
        long ticks = 0;
        for (long pid : pids) {
            ticks += ticks(pid);
        }
        return ticks * NANOS_PER_TICK;
    }

    /** {@code utime + stime} of one process in clock ticks; 0 if it is gone. */
    static long ticks(long pid) {
        String stat;
        try {
            stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            return 0;
        }
        return parseTicks(stat);
    }

    /**
     * Fields 14 and 15 of a {@code stat} line. The command name (field 2) is in parentheses and may
     * itself hold spaces and parentheses, so counting starts after its last closing parenthesis.
     */
    static long parseTicks(String stat) {
        int end = stat.lastIndexOf(')');
        if (end < 0) {
            throw new IllegalArgumentException("not a /proc/<pid>/stat line");
        }
        String[] fields = stat.substring(end + 2).trim().split(" ");
        // fields[0] is field 3 (state): utime is field 14, stime field 15.
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    /** The load average over the last minute, from {@code /proc/loadavg} ("?" where absent). */
    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException e) {
            return "?";
        }
    }

    /**
     * The postmaster serving {@code port}, found by its command line ({@code postgres ... -p
     * <port>}), so its backends can be measured with it; -1 if none is found.
     */
    static long postmasterListeningOn(int port) {
        try (var procs = Files.list(Path.of("/proc"))) {
            for (Path proc : (Iterable<Path>) procs::iterator) {
                String name = proc.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                String command;
                try {
                    command = new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8)
                            .replace('\0', ' ');
                } catch (IOException e) {
                    continue;
                }
                if (command.contains("postgres") && (" " + command + " ").contains(" -p " + port + " ")) {
                    long pid = Long.parseLong(name);
                    // The postmaster is the one whose parent is not itself a postgres process.
                    long parent = ProcessHandle.of(pid)
                            .flatMap(ProcessHandle::parent)
                            .map(ProcessHandle::pid)
                            .orElse(-1L);
                    if (!commandOf(parent).contains("postgres")) {
                        return pid;
                    }
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return -1;
    }

    /**
     * The embedded Kafka broker started by {@code parent} (test-support's child JVM, recognised by
     * its {@code -Dwatchword.broker.cluster-id} option); -1 if there is none.
     */
    static long kafkaBrokerOf(long parent) {
        return ProcessHandle.of(parent).stream()
                .flatMap(ProcessHandle::descendants)
                .map(ProcessHandle::pid)
                .filter(pid -> commandOf(pid).contains("-Dwatchword.broker.cluster-id="))
                .findFirst()
                .orElse(-1L);
    }

    private static String commandOf(long pid) {
        try {
            return new String(
                    Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
