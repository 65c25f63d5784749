package io.watchword.testsupport;

import io.watchword.testsupport.internal.Databases;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * PostgreSQL 17 from zonky's embedded binaries, its data in a directory this class is given. It
 * listens on 127.0.0.1 on a free port; durability settings are off because the data is thrown away.
 */
final class EmbeddedPostgresServer implements AutoCloseable {

    static final String USERNAME = "postgres";
    // Trust authentication: any password is accepted; services still get one to pass along.
    static final String PASSWORD = "postgres";

    private final EmbeddedPostgres postgres;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    static EmbeddedPostgresServer start(Path dataDirectory, Path logFile) {
        try {
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(true)
                    // Our own shutdown hook stops it; zonky's would race with it.
                    .setRegisterShutdownHook(false)
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .setServerConfig("full_page_writes", "off")
                    .setPGStartupWait(Duration.ofSeconds(120))
                    .setOutputRedirector(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .setErrorRedirector(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
            return new EmbeddedPostgresServer(postgres);
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL did not start; its log is " + logFile, e);
        }
    }

    /** The postmaster's pid, from its pid file. */
    long postmasterPid(Path dataDirectory) {
        try {
            return Long.parseLong(java.nio.file.Files.readAllLines(dataDirectory.resolve("postmaster.pid"))
                    .get(0)
                    .trim());
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot read PostgreSQL's pid in " + dataDirectory, e);
        }
    }

    int port() {
        return postgres.getPort();
    }

    String jdbcUrl(String database) {
        Databases.ensureExists(url("postgres"), USERNAME, PASSWORD, database);
        return url(database);
    }

    private String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + database;
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL did not stop cleanly", e);
        }
    }
}
