package io.watchword.testsupport.internal;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Pattern;

/** Creates PostgreSQL databases on demand. */
public final class Databases {

    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private Databases() {}

    /** Fails with a clear message for a name that would need quoting. */
    public static String checkName(String database) {
        if (database == null || !NAME.matcher(database).matches()) {
            throw new IllegalArgumentException("database name '" + database
                    + "' is not allowed: use lower-case letters, digits and '_' (at most 63, not starting"
                    + " with a digit)");
        }
        return database;
    }

    /** Creates {@code database} unless it exists, connecting to {@code adminJdbcUrl}. */
    public static synchronized void ensureExists(String adminJdbcUrl, String user, String password, String database) {
        checkName(database);
        try (Connection connection = DriverManager.getConnection(adminJdbcUrl, user, password)) {
            try (PreparedStatement exists =
                    connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
                exists.setString(1, database);
                try (ResultSet rows = exists.executeQuery()) {
                    if (rows.next()) {
                        return;
                    }
                }
            }
            try (Statement create = connection.createStatement()) {
                create.execute("CREATE DATABASE " + database);
            } catch (SQLException e) {
                // 42P04: created meanwhile by another JVM sharing this server.
                if (!"42P04".equals(e.getSQLState())) {
                    throw e;
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "cannot create database " + database + " via " + adminJdbcUrl + ": " + e.getMessage(), e);
        }
    }
}
