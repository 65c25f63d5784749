package io.watchword.analytics.alert;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** What the tenant's response policy did about an alert ({@code ResponseDecided}), by event id. */
@Entity
@Table(name = "alert_decision")
public class AlertDecision extends PanacheEntityBase {

    @Id
    @Column(name = "event_id")
    public UUID eventId;

    @Column(name = "alert_id", nullable = false)
    public UUID alertId;

    @Column(name = "tenant_id", nullable = false)
    public String tenantId;

    @Column(name = "credential_id", nullable = false)
    public String credentialId;

    @Column(nullable = false)
    public String action;

    @Column(name = "dry_run", nullable = false)
    public boolean dryRun;

    @Column(name = "policy_rule")
    public String policyRule;

    public String reason;

    @Column(name = "decided_at", nullable = false)
    public Instant decidedAt;
}
