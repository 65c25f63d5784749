package io.watchword.issuer.outbox;

import io.watchword.events.WatchwordEvent;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** The outbox insert for writers outside a JTA transaction (the audit group commit). */
public final class OutboxAccess {

    private OutboxAccess() {}

    public static void insert(Connection conn, List<? extends WatchwordEvent> events) throws SQLException {
        OutboxWriter.insert(conn, events);
    }
}
