package io.watchword.revocation.it;

import static org.awaitility.Awaitility.await;

import io.agroal.api.AgroalDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

/** Waits until the service knows a credential (its state consumed, or confirmed with the issuer). */
public final class KnownCredentials {

    private KnownCredentials() {}

    public static void awaitKnown(AgroalDataSource dataSource, String credentialId) {
        await().atMost(Duration.ofSeconds(30)).until(() -> known(dataSource, credentialId));
    }

    private static boolean known(AgroalDataSource dataSource, String credentialId) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT 1 FROM credentials WHERE id = ?")) {
            s.setString(1, credentialId);
            try (ResultSet r = s.executeQuery()) {
                return r.next();
            }
        }
    }
}
