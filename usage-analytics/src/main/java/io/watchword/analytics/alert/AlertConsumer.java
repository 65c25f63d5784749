package io.watchword.analytics.alert;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.watchword.analytics.config.ConsoleConfig;
import io.watchword.core.credential.CredentialIds;
import io.watchword.core.credential.TenantIds;
import io.watchword.events.InvalidEventException;
import io.watchword.events.WatchwordEvent;
import io.watchword.events.kafka.DeadLetters;
import io.watchword.events.kafka.EventRecords;
import io.watchword.events.v1.AnomalyDetected;
import io.watchword.events.v1.ResponseDecided;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Stores alerts ({@code watchword.alerts.v1}) and the response policy's decisions ({@code
 * watchword.decisions.v1}) for the console, with Hibernate Reactive on the connector's event loop.
 * Idempotent by event id: a redelivered or replayed record changes nothing. A record that can never
 * be stored is dead-lettered at once with the reason; a database failure is retried with backoff and
 * then dead-lettered, so no record blocks its partition (decisions 0080, 0156).
 */
@ApplicationScoped
public class AlertConsumer {

    private static final Logger LOG = Logger.getLogger(AlertConsumer.class);

    static final String ALERTS = "console-alerts";
    static final String DECISIONS = "console-decisions";
    private static final int MAX_TEXT = 4096;

    private final AlertFeed feed;
    private final Clock clock;
    private final String groupId;

    @Inject
    public AlertConsumer(AlertFeed feed, ConsoleConfig config) {
        this.feed = feed;
        this.clock = Clock.systemUTC();
        this.groupId = config.consumer().groupId();
    }

    @Incoming(ALERTS)
    public Uni<Void> alerts(Message<byte[]> message) {
        return process(ALERTS, message, record -> storeAlert(as(record, AnomalyDetected.class)));
    }

    @Incoming(DECISIONS)
    public Uni<Void> decisions(Message<byte[]> message) {
        return process(DECISIONS, message, record -> storeDecision(as(record, ResponseDecided.class)));
    }

    Uni<Void> storeAlert(AnomalyDetected event) {
        check(event);
        return Panache.withTransaction(
                        () -> Alert.<Alert>findById(event.eventId()).flatMap(existing -> {
                            if (existing != null) {
                                return Uni.createFrom().<Alert>nullItem();
                            }
                            Alert alert = toEntity(event);
                            return alert.<Alert>persist().replaceWith(alert);
                        }))
                .invoke(stored -> {
                    if (stored != null) {
                        feed.published(stored);
                    }
                })
                .replaceWithVoid();
    }

    Uni<Void> storeDecision(ResponseDecided event) {
        if (event.eventId() == null
                || event.alertId() == null
                || event.action() == null
                || event.occurredAt() == null) {
            throw new RejectedAlertRecordException("a decision needs eventId, alertId, action and occurredAt");
        }
        checkOwner(event.tenantId(), event.credentialId());
        checkText("policyRule", event.policyRule());
        checkText("reason", event.reason());
        return Panache.withTransaction(() -> AlertDecision.<AlertDecision>findById(event.eventId())
                        .flatMap(existing -> {
                            if (existing != null) {
                                return Uni.createFrom().<Alert>nullItem();
                            }
                            AlertDecision d = new AlertDecision();
                            d.eventId = event.eventId();
                            d.alertId = event.alertId();
                            d.tenantId = event.tenantId();
                            d.credentialId = event.credentialId();
                            d.action = event.action().name();
                            d.dryRun = event.dryRun();
                            d.policyRule = event.policyRule();
                            d.reason = event.reason();
                            d.decidedAt = event.occurredAt();
                            return d.persist().chain(() -> Alert.<Alert>find(
                                            "id = ?1 and tenantId = ?2", event.alertId(), event.tenantId())
                                    .firstResult());
                        }))
                .invoke(alert -> {
                    if (alert != null) {
                        feed.changed(alert);
                    }
                })
                .replaceWithVoid();
    }

    private Alert toEntity(AnomalyDetected event) {
        Alert a = new Alert();
        a.id = event.eventId();
        a.tenantId = event.tenantId();
        a.credentialId = event.credentialId();
        a.detector = event.detector();
        a.severity = event.severity().name();
        a.severityRank = (short) event.severity().ordinal();
        a.score = event.score();
        a.description = event.description();
        a.occurredAt = event.occurredAt();
        a.recommendedAction = event.recommendedAction() == null
                ? null
                : event.recommendedAction().name();
        a.status = AlertStatus.OPEN;
        a.payload = new String(io.watchword.events.EventSerde.serialize(event), StandardCharsets.UTF_8);
        a.receivedAt = clock.instant();
        a.updatedAt = a.receivedAt;
        return a;
    }

    /** What the store and the console rely on; the schema already checked types and required fields. */
    private static void check(AnomalyDetected e) {
        if (e.eventId() == null || e.occurredAt() == null || e.severity() == null || e.detector() == null) {
            throw new RejectedAlertRecordException("an alert needs eventId, occurredAt, severity and detector");
        }
        checkOwner(e.tenantId(), e.credentialId());
        if (!Double.isFinite(e.score())) {
            throw new RejectedAlertRecordException("score is not a finite number");
        }
        checkText("detector", e.detector());
        checkText("description", e.description());
        // The payload is kept as JSON text: any NUL inside is escaped there, but the columns above
        // hold the raw strings and PostgreSQL refuses NUL in text.
    }

    private static void checkOwner(String tenantId, String credentialId) {
        if (!TenantIds.isTenantId(tenantId)) {
            throw new RejectedAlertRecordException("tenantId is not a tenant id");
        }
        if (!CredentialIds.isCredentialId(credentialId)) {
            throw new RejectedAlertRecordException("credentialId is not a credential id");
        }
    }

    private static void checkText(String field, String value) {
        if (value == null) {
            return;
        }
        if (value.length() > MAX_TEXT) {
            throw new RejectedAlertRecordException(field + " is longer than " + MAX_TEXT + " characters");
        }
        if (value.indexOf('\0') >= 0) {
            throw new RejectedAlertRecordException(field + " contains a NUL character");
        }
    }

    private static <T extends WatchwordEvent> T as(ConsumerRecord<String, byte[]> record, Class<T> type) {
        WatchwordEvent event;
        try {
            event = EventRecords.read(record);
        } catch (InvalidEventException e) {
            throw new RejectedAlertRecordException("not a valid event: " + e.getMessage());
        }
        if (event == null) {
            throw new RejectedAlertRecordException("a tombstone on a topic that has none");
        }
        if (!type.isInstance(event)) {
            throw new RejectedAlertRecordException("expected " + type.getSimpleName() + " but got "
                    + event.getClass().getSimpleName());
        }
        return type.cast(event);
    }

    @SuppressWarnings("unchecked")
    private Uni<Void> process(
            String channel, Message<byte[]> message, Function<ConsumerRecord<String, byte[]>, Uni<Void>> handler) {
        ConsumerRecord<String, byte[]> record = message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(m -> (ConsumerRecord<String, byte[]>) m.getRecord())
                .orElseThrow(() -> new IllegalStateException("channel " + channel + " is not a Kafka channel"));
        return Uni.createFrom()
                .deferred(() -> handler.apply(record))
                .onFailure(f -> !(f instanceof RejectedAlertRecordException))
                .retry()
                .withBackOff(Duration.ofMillis(100), Duration.ofSeconds(2))
                .atMost(3)
                .onItemOrFailure()
                .transformToUni((ignored, failure) -> failure == null
                        ? Uni.createFrom().completionStage(message.ack())
                        : Uni.createFrom().completionStage(deadLetter(channel, message, record, failure)));
    }

    private CompletionStage<Void> deadLetter(
            String channel, Message<byte[]> message, ConsumerRecord<String, byte[]> record, Throwable failure) {
        LOG.warnf(
                "%s dead-letters %s-%d@%d: %s",
                channel, record.topic(), record.partition(), record.offset(), failure.getMessage());
        // As the revocation-service does (decision 0080): the connector writes the reason, topic,
        // partition and offset; the consumer's name is the one header it cannot know.
        Headers headers = message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(IncomingKafkaRecordMetadata::getHeaders)
                .orElse(record.headers());
        Set<String> stale = new HashSet<>();
        headers.forEach(h -> {
            if (h.key().startsWith(DeadLetters.PREFIX)) {
                stale.add(h.key());
            }
        });
        stale.forEach(headers::remove);
        headers.add(new RecordHeader(DeadLetters.CONSUMER, (groupId + "-" + channel).getBytes(StandardCharsets.UTF_8)));
        return message.nack(failure);
    }
}
