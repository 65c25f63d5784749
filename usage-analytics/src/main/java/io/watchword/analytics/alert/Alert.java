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

/**
 * An alert as the console keeps it: the columns analysts filter on, and the published event itself
 * ({@link #payload}) for its findings, samples and evidence, so a field the detector adds later is
 * shown without a migration.
 */
@Entity
@Table(name = "alert")
public class Alert extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "tenant_id", nullable = false)
    public String tenantId;

    @Column(name = "credential_id", nullable = false)
    public String credentialId;

    @Column(nullable = false)
    public String detector;

    @Column(nullable = false)
    public String severity;

    @Column(name = "severity_rank", nullable = false)
    public short severityRank;

    @Column(nullable = false)
    public double score;

    public String description;

    @Column(name = "occurred_at", nullable = false)
    public Instant occurredAt;

    @Column(name = "recommended_action")
    public String recommendedAction;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public AlertStatus status;

    @Column(nullable = false)
    public String payload;

    @Column(name = "received_at", nullable = false)
    public Instant receivedAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
