package io.watchword.analytics.alert;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One triage action on an alert (append-only). */
@Entity
@Table(name = "alert_triage")
public class AlertTriage extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "alert_id", nullable = false)
    public UUID alertId;

    @Column(name = "tenant_id", nullable = false)
    public String tenantId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public TriageAction action;

    /** The admin credential id that acted (never a secret). */
    @Column(nullable = false)
    public String actor;

    public String note;

    /** For a false positive: what the revocation-service answered to lifting the suspension. */
    public String reinstatement;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
