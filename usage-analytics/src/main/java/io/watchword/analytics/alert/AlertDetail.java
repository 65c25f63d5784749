package io.watchword.analytics.alert;

import io.watchword.events.v1.AnomalyDetected;
import java.time.Instant;
import java.util.List;

/**
 * One alert with everything an analyst needs: the summary, the published event (every finding, the
 * samples, the evidence), what the response policy did, and the triage so far.
 */
public record AlertDetail(AlertSummary alert, AnomalyDetected event, List<Decision> decisions, List<Triage> triage) {

    public record Decision(String action, boolean dryRun, String policyRule, String reason, Instant decidedAt) {
        static Decision of(AlertDecision d) {
            return new Decision(d.action, d.dryRun, d.policyRule, d.reason, d.decidedAt);
        }
    }

    public record Triage(String action, String actor, String note, String reinstatement, Instant at) {
        static Triage of(AlertTriage t) {
            return new Triage(t.action.name(), t.actor, t.note, t.reinstatement, t.createdAt);
        }
    }
}
