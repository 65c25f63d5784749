package io.watchword.revocation.service;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.watchword.core.credential.CredentialIds;
import io.watchword.core.credential.TenantIds;
import io.watchword.events.CloudEventHeaders;
import io.watchword.events.EventSerde;
import io.watchword.events.EventType;
import io.watchword.events.InvalidEventException;
import io.watchword.events.v1.AnomalyDetected;
import io.watchword.events.v1.AuditOutcome;
import io.watchword.events.v1.AuditRecorded;
import io.watchword.events.v1.ResponseAction;
import io.watchword.events.v1.ResponseDecided;
import io.watchword.events.v1.RevocationReason;
import io.watchword.events.v1.RevocationStatus;
import io.watchword.kit.auth.IssuerUnavailableException;
import io.watchword.kit.outbox.OutboxWriter;
import io.watchword.revocation.credential.KnownCredential;
import io.watchword.revocation.kafka.RejectedRecordException;
import io.watchword.revocation.policy.PolicyDecision;
import io.watchword.revocation.policy.PolicyEvaluator;
import io.watchword.revocation.policy.ResponsePolicy;
import io.watchword.revocation.repository.CredentialRepository;
import io.watchword.revocation.repository.HeldAlertRepository;
import io.watchword.revocation.repository.PolicyRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Applies each tenant's response policy to {@code AnomalyDetected} alerts. The alert id is
 * recorded in {@code processed_alerts} in the same transaction as the action and its events, so
 * an alert delivered twice acts once (docs/decisions/0054).
 */
@ApplicationScoped
public class AlertResponseService {

    private final CredentialRepository credentials;
    private final HeldAlertRepository held;
    private final PolicyRepository policies;
    private final RevocationService revocations;
    private final OutboxWriter outbox;
    private final AgroalDataSource dataSource;
    private final MeterRegistry metrics;
    private final ThrottleResponder throttles;
    private final Clock clock = Clock.systemUTC();

    @Inject
    public AlertResponseService(
            CredentialRepository credentials,
            HeldAlertRepository held,
            PolicyRepository policies,
            RevocationService revocations,
            OutboxWriter outbox,
            AgroalDataSource dataSource,
            MeterRegistry metrics,
            ThrottleResponder throttles) {
        this.credentials = credentials;
        this.held = held;
        this.policies = policies;
        this.revocations = revocations;
        this.outbox = outbox;
        this.dataSource = dataSource;
        this.metrics = metrics;
        this.throttles = throttles;
    }

    @Transactional
    public void handle(ConsumerRecord<String, byte[]> record) {
        AnomalyDetected alert = parse(record);
        Instant now = clock.instant();
        // A credential that served traffic is known: it and its tenant's policy in one round trip.
        Optional<PolicyRepository.CredentialAndPolicy> known = policies.findCredentialWithPolicy(alert.credentialId());
        if (known.isPresent()) {
            respond(
                    alert,
                    requireTenant(alert, known.get().credential()),
                    known.get().policy(),
                    now);
            return;
        }
        Optional<KnownCredential> credential;
        String holdReason;
        try {
            credential = revocations.lookup(alert.credentialId());
            holdReason = "unknown-credential";
        } catch (IssuerUnavailableException e) {
            credential = credentials.find(alert.credentialId());
            holdReason = "issuer-unavailable";
        }
        if (credential.isEmpty()) {
            // Its events may not have arrived yet: held and retried, not dead-lettered (issue 7).
            if (held.hold(alert.eventId(), alert.tenantId(), alert.credentialId(), record, holdReason, now)) {
                metrics.counter("watchword.alerts.held", "reason", holdReason).increment();
            }
            return;
        }
        respond(alert, requireTenant(alert, credential.get()), now);
    }

    /** An alert's credential must be of the alert's tenant: else the alert is wrong, for good. */
    static KnownCredential requireTenant(AnomalyDetected alert, KnownCredential credential) {
        if (!credential.tenantId().equals(alert.tenantId())) {
            throw new RejectedRecordException(
                    "unknown credential '" + alert.credentialId() + "' in tenant '" + alert.tenantId() + "'");
        }
        return credential;
    }

    /**
     * Applies the tenant's policy to an alert whose credential is known, in the caller's
     * transaction: the consumer's, or the held-alert retry's.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void respond(AnomalyDetected alert, KnownCredential credential, Instant now) {
        respond(alert, credential, policies.find(alert.tenantId()), now);
    }

    /**
     * As {@link #respond(AnomalyDetected, KnownCredential, Instant)} with the tenant's policy read
     * already (with the credential, in the same transaction). Every outbox record of the response
     * (the suspension or revocation and its audit, the decision and its audit) goes in one
     * statement (decision 0251).
     */
    private void respond(
            AnomalyDetected alert,
            KnownCredential credential,
            Optional<PolicyRepository.StoredPolicy> stored,
            Instant now) {
        outbox.appendTogether(() -> {
            decideAndAct(alert, credential, stored, now);
            return null;
        });
    }

    private void decideAndAct(
            AnomalyDetected alert,
            KnownCredential credential,
            Optional<PolicyRepository.StoredPolicy> stored,
            Instant now) {
        ResponsePolicy policy =
                stored.map(PolicyRepository.StoredPolicy::policy).orElse(ResponsePolicy.DEFAULT);
        PolicyDecision decision =
                PolicyEvaluator.decide(policy, alert.credentialId(), alert.severity(), alert.detector());
        ResponseAction action = decision.action();
        String reason = decision.reason();
        if (!firstTime(alert, action, policy.isDryRun(), decision.rule(), now)) {
            return;
        }
        boolean cutsOff = action == ResponseAction.SUSPEND || action == ResponseAction.REVOKE;
        if (cutsOff && !policy.isDryRun()) {
            if (!credential.usableAt(now)) {
                reason = reason + "; credential already expired, nothing to " + action;
            } else {
                RevocationOutcome outcome = revocations.apply(new RevocationCommand(
                        alert.tenantId(),
                        alert.credentialId(),
                        credential.type(),
                        null,
                        action == ResponseAction.REVOKE ? RevocationStatus.REVOKED : RevocationStatus.SUSPENDED,
                        RevocationReason.ANOMALY,
                        alert.description(),
                        "policy:" + decision.rule(),
                        alert.eventId(),
                        credential.expiresAt(),
                        null));
                if (!outcome.changed()) {
                    reason = reason + "; credential was already "
                            + outcome.revocation().status();
                }
            }
        } else if (cutsOff) {
            reason = "dry run: would " + action + " (" + reason + ")";
        } else if (action == ResponseAction.THROTTLE) {
            // A reduced limit for a while, applied by the issuer on the key's state (0176, 0212).
            reason = throttles.apply(alert, credential, decision, policy.isDryRun(), now);
        }
        outbox.append(new ResponseDecided(
                UUID.randomUUID(),
                now,
                alert.tenantId(),
                alert.credentialId(),
                alert.eventId(),
                action,
                policy.isDryRun(),
                decision.rule(),
                reason));
        outbox.append(new AuditRecorded(
                UUID.randomUUID(),
                now,
                alert.tenantId(),
                "revocation-service",
                "policy:" + decision.rule(),
                "alert.response",
                credential.type().name(),
                alert.credentialId(),
                AuditOutcome.SUCCESS,
                null,
                null,
                Map.of(
                        "alertId", alert.eventId().toString(),
                        "action", action.name(),
                        "dryRun", Boolean.toString(policy.isDryRun()),
                        "severity", alert.severity().name(),
                        "detector", alert.detector())));
        metrics.counter(
                        "watchword.response.decisions",
                        "action",
                        action.name(),
                        "dry_run",
                        Boolean.toString(policy.isDryRun()))
                .increment();
    }

    /** Claims the alert; false when it was handled before (a redelivery or a duplicate). */
    private boolean firstTime(AnomalyDetected alert, ResponseAction action, boolean dryRun, String rule, Instant now) {
        String sql = "INSERT INTO processed_alerts (alert_id, tenant_id, credential_id, action, dry_run, policy_rule,"
                + " decided_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (alert_id) DO NOTHING";
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(sql)) {
            s.setObject(1, alert.eventId());
            s.setString(2, alert.tenantId());
            s.setString(3, alert.credentialId());
            s.setString(4, action.name());
            s.setBoolean(5, dryRun);
            s.setString(6, rule);
            s.setTimestamp(7, Timestamp.from(now));
            return s.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot record a processed alert: " + e.getMessage(), e);
        }
    }

    public static AnomalyDetected parse(ConsumerRecord<String, byte[]> record) {
        Header type = record.headers().lastHeader(CloudEventHeaders.TYPE);
        if (type == null) {
            throw new RejectedRecordException("missing header " + CloudEventHeaders.TYPE);
        }
        if (!EventType.ANOMALY_DETECTED.cloudEventType().equals(CloudEventHeaders.text(type.value()))) {
            throw new RejectedRecordException(
                    "unexpected event type '" + CloudEventHeaders.text(type.value()) + "' on the alerts topic");
        }
        AnomalyDetected alert;
        try {
            alert = EventSerde.deserialize(record.value(), AnomalyDetected.class);
        } catch (InvalidEventException e) {
            throw new RejectedRecordException(e.getMessage());
        }
        if (alert.tenantId() == null || alert.credentialId() == null) {
            throw new RejectedRecordException("AnomalyDetected lacks tenantId or credentialId");
        }
        // Nothing that names no possible tenant or credential is held or stored (a held alert waits
        // for its credential; a 300 KB id would wait ten minutes for one that can never exist).
        if (!TenantIds.isTenantId(alert.tenantId())) {
            throw new RejectedRecordException("AnomalyDetected.tenantId is not a tenant id");
        }
        if (!CredentialIds.isCredentialId(alert.credentialId()) && !CredentialIds.isJti(alert.credentialId())) {
            throw new RejectedRecordException("AnomalyDetected.credentialId is not a credential id");
        }
        if (alert.severity() == null || alert.detector() == null) {
            throw new RejectedRecordException("AnomalyDetected lacks severity or detector");
        }
        return alert;
    }
}
