package io.watchword.revocation.repository;

import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

final class Jdbc {

    private Jdbc() {}

    static Timestamp ts(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    static IllegalStateException failure(String what, SQLException e) {
        return new IllegalStateException("database error while " + what + ": " + e.getMessage(), e);
    }
}
