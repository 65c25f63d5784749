package io.watchword.testsupport.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Optional;

/**
 * Work directories under {@code java.io.tmpdir}, each marked with the pid of the JVM that owns it.
 *
 * <p>Close and the shutdown hook delete them; a JVM killed with {@code -9} cannot, so the next
 * start removes directories whose owner is gone, after stopping a PostgreSQL left running in them.
 */
public final class WorkDirectories {

    public static final String PREFIX = "watchword-infra-";
    private static final String OWNER_FILE = "owner.pid";
    private static final System.Logger LOG = System.getLogger(WorkDirectories.class.getName());

    private WorkDirectories() {}

    /** The temp directory, created if missing (Surefire points it into target/tmp). */
    public static Path tmpdir() {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath();
        try {
            return Files.createDirectories(tmp);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create java.io.tmpdir " + tmp, e);
        }
    }

    /** A new, empty work directory owned by this JVM. Stale ones are cleaned first. */
    public static Path create() {
        removeStale();
        try {
            Path dir = Files.createTempDirectory(tmpdir(), PREFIX);
            Files.writeString(
                    dir.resolve(OWNER_FILE),
                    Long.toString(ProcessHandle.current().pid()),
                    StandardCharsets.UTF_8);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a work directory under " + tmpdir(), e);
        }
    }

    /** Removes work directories whose owning JVM no longer runs. */
    public static void removeStale() {
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(tmpdir(), PREFIX + "*")) {
            for (Path dir : dirs) {
                Optional<Long> owner = readPid(dir.resolve(OWNER_FILE));
                if (owner.isPresent() && ProcessHandle.of(owner.get()).isEmpty()) {
                    stopOrphanPostgres(dir);
                    LOG.log(System.Logger.Level.INFO, "removing {0}, left by a JVM that no longer runs", dir);
                    deleteRecursively(dir);
                }
            }
        } catch (IOException | UncheckedIOException e) {
            LOG.log(System.Logger.Level.WARNING, "could not clean stale work directories: {0}", e.toString());
        }
    }

    /** Deletes a directory tree; missing files are fine. */
    public static void deleteRecursively(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                    if (e instanceof NoSuchFileException) {
                        return FileVisitResult.CONTINUE;
                    }
                    throw e;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + root, e);
        }
    }

    private static void stopOrphanPostgres(Path workDir) {
        Path pidFile = workDir.resolve("postgres").resolve("postmaster.pid");
        readPid(pidFile)
                .flatMap(ProcessHandle::of)
                // Pids are reused: only stop it if it still is a postgres.
                .filter(p -> p.info().command().map(c -> c.endsWith("postgres")).orElse(false))
                .ifPresent(p -> {
                    LOG.log(System.Logger.Level.INFO, "stopping orphaned PostgreSQL (pid {0})", p.pid());
                    p.destroy();
                    try {
                        p.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
                    } catch (Exception e) {
                        p.destroyForcibly();
                    }
                });
    }

    private static Optional<Long> readPid(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return lines.isEmpty()
                    ? Optional.empty()
                    : Optional.of(Long.parseLong(lines.get(0).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
