package io.watchword.revocation.service;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.watchword.events.EventSerde;
import io.watchword.events.v1.AnomalyDetected;
import io.watchword.kit.auth.IssuerUnavailableException;
import io.watchword.revocation.config.RevocationConfig;
import io.watchword.revocation.credential.KnownCredential;
import io.watchword.revocation.kafka.DeadLetterEmitter;
import io.watchword.revocation.kafka.RejectedRecordException;
import io.watchword.revocation.repository.CredentialRepository;
import io.watchword.revocation.repository.HeldAlertRepository;
import io.watchword.revocation.repository.HeldAlertRepository.HeldAlert;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.jboss.logging.Logger;

/**
 * Acts on held alerts (issue 7, decision 0083): as soon as the credential's state has arrived
 * (or the issuer confirms it, asked again every {@code held-alerts.issuer-retry}), the alert gets
 * its response as if it had just been consumed. After {@code held-alerts.max-hold} it is
 * dead-lettered with the reason. One alert per transaction; safe on several instances ({@code
 * FOR UPDATE SKIP LOCKED}).
 */
@ApplicationScoped
public class HeldAlertScheduler {

    private static final Logger LOG = Logger.getLogger(HeldAlertScheduler.class);
    private static final int MAX_PER_PASS = 200;

    private final HeldAlertRepository held;
    private final CredentialRepository credentials;
    private final RevocationService revocations;
    private final AlertResponseService alerts;
    private final DeadLetterEmitter deadLetters;
    private final RevocationConfig config;
    private final MeterRegistry metrics;
    private final Clock clock = Clock.systemUTC();

    @Inject
    public HeldAlertScheduler(
            HeldAlertRepository held,
            CredentialRepository credentials,
            RevocationService revocations,
            AlertResponseService alerts,
            DeadLetterEmitter deadLetters,
            RevocationConfig config,
            MeterRegistry metrics) {
        this.held = held;
        this.credentials = credentials;
        this.revocations = revocations;
        this.alerts = alerts;
        this.deadLetters = deadLetters;
        this.config = config;
        this.metrics = metrics;
        Gauge.builder("watchword.alerts.held.now", held, h -> {
                    try {
                        return h.count();
                    } catch (RuntimeException e) {
                        return Double.NaN;
                    }
                })
                .description("alerts waiting for their credential to be known")
                .register(metrics);
    }

    @Scheduled(
            every = "${watchword.revocation.held-alerts.interval:PT1S}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void retryHeld() {
        for (int i = 0; i < MAX_PER_PASS; i++) {
            UUID[] current = new UUID[1];
            try {
                if (!retryNext(current)) {
                    return;
                }
            } catch (RuntimeException e) {
                LOG.warnf("acting on held alert %s failed, will retry: %s", current[0], e.getMessage());
                if (current[0] == null) {
                    return;
                }
                try {
                    failed(current[0], e.getMessage() == null ? e.toString() : e.getMessage());
                } catch (RuntimeException again) {
                    LOG.warnf("cannot record the failure of held alert %s: %s", current[0], again.getMessage());
                    return;
                }
            }
        }
    }

    /**
     * Handles the next ready held alert (its id in {@code current[0]}); false when none is ready.
     */
    @Transactional
    public boolean retryNext(UUID[] current) {
        Instant now = clock.instant();
        Optional<HeldAlert> next =
                held.lockNextReady(now, now.minus(config.heldAlerts().issuerRetry()));
        if (next.isEmpty()) {
            return false;
        }
        HeldAlert h = next.get();
        current[0] = h.alertId();
        ConsumerRecord<String, byte[]> record = recordOf(h);
        AnomalyDetected alert = EventSerde.deserialize(h.payload(), AnomalyDetected.class);
        boolean askIssuer = !h.nextAttemptAt().isAfter(now);
        Optional<KnownCredential> credential;
        String reason = "unknown-credential";
        try {
            credential = askIssuer ? revocations.lookup(h.credentialId()) : credentials.find(h.credentialId());
        } catch (IssuerUnavailableException e) {
            credential = credentials.find(h.credentialId());
            reason = "issuer-unavailable";
        }
        if (credential.isPresent()) {
            held.release(h.alertId());
            try {
                alerts.respond(alert, AlertResponseService.requireTenant(alert, credential.get()), now);
                metrics.counter("watchword.alerts.released", "outcome", "acted").increment();
            } catch (RejectedRecordException wrongTenant) {
                deadLetter(record, wrongTenant.getMessage());
            }
            return true;
        }
        if (!h.heldAt().plus(config.heldAlerts().maxHold()).isAfter(now)) {
            held.release(h.alertId());
            deadLetter(
                    record,
                    "unknown credential '" + h.credentialId() + "' in tenant '" + h.tenantId() + "': not seen within "
                            + config.heldAlerts().maxHold() + " (" + reason + ")");
            return true;
        }
        held.postpone(h.alertId(), reason, now.plus(config.heldAlerts().issuerRetry()));
        return true;
    }

    /**
     * Acting on a held alert failed (its transaction rolled back): it waits {@code issuer-retry}
     * before the next try, so it never holds up the others, and is dead-lettered with the failure
     * once {@code max-hold} has passed.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void failed(UUID alertId, String error) {
        Instant now = clock.instant();
        Optional<HeldAlert> row = held.lock(alertId);
        if (row.isEmpty()) {
            return;
        }
        if (!row.get().heldAt().plus(config.heldAlerts().maxHold()).isAfter(now)) {
            held.release(alertId);
            deadLetter(recordOf(row.get()), "gave up after " + (row.get().attempts() + 1) + " attempts: " + error);
            return;
        }
        held.markFailed(alertId, error, now);
    }

    private void deadLetter(ConsumerRecord<String, byte[]> record, String reason) {
        LOG.warnf("dead-letters held alert %s-%d@%d: %s", record.topic(), record.partition(), record.offset(), reason);
        deadLetters.send(record, config.consumer().groupId() + "-alerts", reason);
        metrics.counter("watchword.alerts.released", "outcome", "dead-lettered").increment();
    }

    private static ConsumerRecord<String, byte[]> recordOf(HeldAlert h) {
        RecordHeaders headers = new RecordHeaders();
        h.headers()
                .forEach((name, value) -> headers.add(new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8))));
        return new ConsumerRecord<>(
                io.watchword.events.Topics.ALERTS.name(),
                h.partition(),
                h.offset(),
                h.heldAt().toEpochMilli(),
                TimestampType.CREATE_TIME,
                -1,
                -1,
                h.recordKey(),
                h.payload(),
                headers,
                Optional.empty());
    }
}
