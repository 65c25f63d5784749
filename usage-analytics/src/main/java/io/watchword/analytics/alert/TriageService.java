package io.watchword.analytics.alert;

import io.agroal.api.AgroalDataSource;
import io.watchword.core.problem.ProblemException;
import io.watchword.events.v1.AuditOutcome;
import io.watchword.events.v1.AuditRecorded;
import io.watchword.kit.auth.AdminPrincipal;
import io.watchword.kit.outbox.OutboxWriter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Triage: acknowledge, false positive (lifting the suspension the alert caused), note. The change,
 * its triage row and its {@code AuditRecorded} event commit in one JDBC transaction through the
 * kit's outbox, so the audit trail has exactly the actions that happened (decisions 0090, 0156). The
 * alert row is locked for the action, so two analysts acting at once are serialized.
 */
@ApplicationScoped
public class TriageService {

    static final String SERVICE = "usage-analytics";

    /** The caller of a triage action, for the audit. */
    public record Actor(AdminPrincipal principal, String authorization, String sourceIp, String userAgent) {}

    /** What the action did: the alert after it, and the recorded triage (null if nothing changed). */
    public record Result(AlertSummary alert, AlertDetail.Triage triage) {}

    private final AgroalDataSource dataSource;
    private final OutboxWriter outbox;
    private final ReinstatementClient reinstatements;
    private final AlertFeed feed;
    private final Clock clock = Clock.systemUTC();

    public TriageService(
            AgroalDataSource dataSource, OutboxWriter outbox, ReinstatementClient reinstatements, AlertFeed feed) {
        this.dataSource = dataSource;
        this.outbox = outbox;
        this.reinstatements = reinstatements;
        this.feed = feed;
    }

    public Result apply(UUID alertId, TriageAction action, String note, Actor actor) {
        Result result = applyInTransaction(alertId, action, note, actor);
        if (result.triage() != null) {
            feed.changed(result.alert());
        }
        return result;
    }

    @Transactional
    Result applyInTransaction(UUID alertId, TriageAction action, String note, Actor actor) {
        AdminPrincipal caller = actor.principal();
        try (Connection c = dataSource.getConnection()) {
            AlertSummary alert = lock(c, alertId);
            if (alert == null || !caller.mayAccessTenant(alert.tenantId())) {
                throw ProblemException.notFound("No such alert in your tenant.");
            }
            AlertStatus next = alert.status();
            String reinstatement = null;
            switch (action) {
                case ACKNOWLEDGE -> {
                    if (alert.status() == AlertStatus.FALSE_POSITIVE) {
                        throw ProblemException.conflict("This alert is already marked a false positive.");
                    }
                    if (alert.status() == AlertStatus.ACKNOWLEDGED && note == null) {
                        return new Result(alert, null); // idempotent: a second click changes nothing
                    }
                    next = AlertStatus.ACKNOWLEDGED;
                }
                case FALSE_POSITIVE -> {
                    if (alert.status() == AlertStatus.FALSE_POSITIVE && note == null) {
                        return new Result(alert, null);
                    }
                    next = AlertStatus.FALSE_POSITIVE;
                    if (alert.status() != AlertStatus.FALSE_POSITIVE && suspendedByPolicy(c, alert)) {
                        if (!caller.tenantId().equals(alert.tenantId())) {
                            // The revocation-service lifts suspensions in the caller's own tenant only.
                            throw ProblemException.conflict(
                                    "Lifting this suspension needs an admin credential of the alert's tenant.");
                        }
                        reinstatement = reinstatements
                                .reinstate(
                                        actor.authorization(),
                                        alert.credentialId(),
                                        "false positive (alert " + alert.id() + ")")
                                .name();
                    } else if (alert.status() != AlertStatus.FALSE_POSITIVE && throttledByPolicy(c, alert)) {
                        if (!caller.tenantId().equals(alert.tenantId())) {
                            throw ProblemException.conflict(
                                    "Lifting this throttle needs an admin credential of the alert's tenant.");
                        }
                        // The policy's throttle is lifted as its suspension would be (0159, 0212).
                        reinstatement = reinstatements
                                .liftThrottle(
                                        actor.authorization(),
                                        alert.credentialId(),
                                        "false positive (alert " + alert.id() + ")")
                                .name();
                    }
                }
                case NOTE -> {
                    // a note never changes the status
                }
            }
            Instant now = clock.instant();
            UUID triageId = UUID.randomUUID();
            insertTriage(c, triageId, alert, action, caller.credentialId(), note, reinstatement, now);
            AlertSummary after = next == alert.status() ? alert : updateStatus(c, alert.id(), next, now);
            outbox.append(audit(alert, action, next, reinstatement, triageId, actor, now));
            return new Result(
                    after, new AlertDetail.Triage(action.name(), caller.credentialId(), note, reinstatement, now));
        } catch (SQLException e) {
            throw new IllegalStateException("triage failed", e);
        }
    }

    private static AuditRecorded audit(
            AlertSummary alert,
            TriageAction action,
            AlertStatus status,
            String reinstatement,
            UUID triageId,
            Actor actor,
            Instant now) {
        // The note itself stays in the console's store: free text may hold what an audit must not.
        Map<String, String> details = new LinkedHashMap<>();
        details.put("triageId", triageId.toString());
        details.put("credentialId", alert.credentialId());
        details.put("status", status.name());
        if (reinstatement != null) {
            details.put("reinstatement", reinstatement);
        }
        return new AuditRecorded(
                UUID.randomUUID(),
                now,
                alert.tenantId(),
                SERVICE,
                actor.principal().credentialId(),
                switch (action) {
                    case ACKNOWLEDGE -> "alert.acknowledge";
                    case FALSE_POSITIVE -> "alert.false-positive";
                    case NOTE -> "alert.note";
                },
                "alert",
                alert.id().toString(),
                AuditOutcome.SUCCESS,
                actor.sourceIp(),
                actor.userAgent(),
                details);
    }

    private static final String COLUMNS = "id, tenant_id, credential_id, detector, severity, score, description,"
            + " occurred_at, status, recommended_action, received_at, updated_at";

    private static AlertSummary lock(Connection c, UUID id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM alert WHERE id = ? FOR UPDATE")) {
            s.setObject(1, id);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? summary(r) : null;
            }
        }
    }

    private static AlertSummary updateStatus(Connection c, UUID id, AlertStatus status, Instant now)
            throws SQLException {
        try (PreparedStatement s =
                c.prepareStatement("UPDATE alert SET status = ?, updated_at = ? WHERE id = ? RETURNING " + COLUMNS)) {
            s.setString(1, status.name());
            s.setTimestamp(2, Timestamp.from(now));
            s.setObject(3, id);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return summary(r);
            }
        }
    }

    /** The policy suspended the key for this alert (not in dry run), so a false positive lifts it. */
    private static boolean suspendedByPolicy(Connection c, AlertSummary alert) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM alert_decision WHERE alert_id = ?"
                + " AND tenant_id = ? AND action = 'SUSPEND' AND NOT dry_run LIMIT 1")) {
            s.setObject(1, alert.id());
            s.setString(2, alert.tenantId());
            try (ResultSet r = s.executeQuery()) {
                return r.next();
            }
        }
    }

    /** The policy throttled the key for this alert (not in dry run), so a false positive lifts it. */
    private static boolean throttledByPolicy(Connection c, AlertSummary alert) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM alert_decision WHERE alert_id = ?"
                + " AND tenant_id = ? AND action = 'THROTTLE' AND NOT dry_run LIMIT 1")) {
            s.setObject(1, alert.id());
            s.setString(2, alert.tenantId());
            try (ResultSet r = s.executeQuery()) {
                return r.next();
            }
        }
    }

    private static void insertTriage(
            Connection c,
            UUID id,
            AlertSummary alert,
            TriageAction action,
            String actor,
            String note,
            String reinstatement,
            Instant now)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO alert_triage"
                + " (id, alert_id, tenant_id, action, actor, note, reinstatement, created_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            s.setObject(1, id);
            s.setObject(2, alert.id());
            s.setString(3, alert.tenantId());
            s.setString(4, action.name());
            s.setString(5, actor);
            s.setString(6, note);
            s.setString(7, reinstatement);
            s.setTimestamp(8, Timestamp.from(now));
            s.executeUpdate();
        }
    }

    private static AlertSummary summary(ResultSet r) throws SQLException {
        return new AlertSummary(
                r.getObject("id", UUID.class),
                r.getString("tenant_id"),
                r.getString("credential_id"),
                r.getString("detector"),
                r.getString("severity"),
                r.getDouble("score"),
                r.getString("description"),
                r.getTimestamp("occurred_at").toInstant(),
                AlertStatus.valueOf(r.getString("status")),
                r.getString("recommended_action"),
                r.getTimestamp("received_at").toInstant(),
                r.getTimestamp("updated_at").toInstant());
    }
}
