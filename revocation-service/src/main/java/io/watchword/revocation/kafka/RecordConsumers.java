package io.watchword.revocation.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.watchword.events.kafka.DeadLetters;
import io.watchword.revocation.config.RevocationConfig;
import io.watchword.revocation.service.AlertResponseService;
import io.watchword.revocation.service.CredentialEventHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * The two consumed streams: credential state (to know every credential, from the compacted topic,
 * decision 0103) and alerts (to respond). Each record is
 * handled in its own transaction on a worker thread, one at a time per channel. A record that can
 * never be processed ({@link RejectedRecordException}: malformed, wrong type, missing fields) is
 * nacked at once; any other failure (PostgreSQL refused or did not answer) is retried
 * {@code consumer.max-retries} times with exponential backoff and then nacked. A nacked record
 * goes, through the connector's {@code dead-letter-queue} strategy, to {@code
 * watchword.dead-letters.v1} with the reason, and the partition moves on (decision 0080).
 */
@ApplicationScoped
public class RecordConsumers {

    private static final Logger LOG = Logger.getLogger(RecordConsumers.class);

    static final String CREDENTIAL_STATE = "credential-state";
    static final String ALERTS = "alerts";

    private final CredentialEventHandler credentialHandler;
    private final AlertResponseService alertHandler;
    private final RevocationConfig config;
    private final MeterRegistry metrics;

    @Inject
    public RecordConsumers(
            CredentialEventHandler credentialHandler,
            AlertResponseService alertHandler,
            RevocationConfig config,
            MeterRegistry metrics) {
        this.credentialHandler = credentialHandler;
        this.alertHandler = alertHandler;
        this.config = config;
        this.metrics = metrics;
    }

    @Incoming(CREDENTIAL_STATE)
    public Uni<Void> credentialState(Message<byte[]> message) {
        return process(CREDENTIAL_STATE, message, credentialHandler::handle);
    }

    @Incoming(ALERTS)
    public Uni<Void> alerts(Message<byte[]> message) {
        return process(ALERTS, message, alertHandler::handle);
    }

    @SuppressWarnings("unchecked")
    private Uni<Void> process(
            String channel, Message<byte[]> message, Consumer<ConsumerRecord<String, byte[]>> handler) {
        ConsumerRecord<String, byte[]> record = message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(m -> (ConsumerRecord<String, byte[]>) m.getRecord())
                .orElseThrow(() -> new IllegalStateException("channel " + channel + " is not a Kafka channel"));
        RevocationConfig.Consumer settings = config.consumer();
        return Uni.createFrom()
                .<Void>item(() -> {
                    handler.accept(record);
                    return null;
                })
                // JDBC and JTA block: never on the connector's event loop.
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .onFailure(RecordConsumers::transient_)
                .invoke(failure -> {
                    metrics.counter("watchword.consumer.retries", "channel", channel)
                            .increment();
                    LOG.debugf(
                            "%s will retry %s-%d@%d: %s",
                            channel, record.topic(), record.partition(), record.offset(), failure.toString());
                })
                .onFailure(RecordConsumers::transient_)
                .retry()
                .withBackOff(settings.retryBackoff(), settings.maxRetryBackoff())
                .atMost(settings.maxRetries())
                .onItemOrFailure()
                .transformToUni((ignored, failure) -> failure == null
                        ? Uni.createFrom().completionStage(message.ack())
                        : Uni.createFrom().completionStage(deadLetter(channel, message, record, failure)));
    }

    /** Everything but a rejection may succeed later (PostgreSQL restarting, a lock timeout). */
    private static boolean transient_(Throwable failure) {
        return !(failure instanceof RejectedRecordException);
    }

    private java.util.concurrent.CompletionStage<Void> deadLetter(
            String channel, Message<byte[]> message, ConsumerRecord<String, byte[]> record, Throwable failure) {
        Throwable reason = failure instanceof RejectedRecordException
                ? failure
                : new RetriesExhaustedException(config.consumer().maxRetries() + 1, rootOf(failure));
        LOG.warnf(
                "%s dead-letters %s-%d@%d: %s",
                channel, record.topic(), record.partition(), record.offset(), reason.getMessage());
        metrics.counter(
                        "watchword.dead.letters",
                        "channel",
                        channel,
                        "cause",
                        failure instanceof RejectedRecordException ? "rejected" : "retries-exhausted")
                .increment();
        // The connector writes dead-letter-reason/-cause/-topic/-partition/-offset itself and then
        // copies the record's headers (its metadata's copy of them); the consumer's name is the one
        // header of the convention it cannot know (decision 0023). Metadata given to nack() does
        // not reach the strategy through the message handed to this method, so the header goes on
        // that copy. A replayed dead letter keeps only the newest dead-letter-* headers.
        String consumer = config.consumer().groupId() + "-" + channel;
        org.apache.kafka.common.header.Headers headers = message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(IncomingKafkaRecordMetadata::getHeaders)
                .orElse(record.headers());
        java.util.Set<String> stale = new java.util.HashSet<>();
        headers.forEach(h -> {
            if (h.key().startsWith(DeadLetters.PREFIX)) {
                stale.add(h.key());
            }
        });
        stale.forEach(headers::remove);
        headers.add(new RecordHeader(DeadLetters.CONSUMER, consumer.getBytes(StandardCharsets.UTF_8)));
        return message.nack(reason);
    }

    /** Mutiny reports exhausted retries as "Retries exhausted: n/n" caused by the last failure. */
    private static Throwable rootOf(Throwable failure) {
        boolean wrapped = failure instanceof IllegalStateException
                && failure.getMessage() != null
                && failure.getMessage().startsWith("Retries exhausted")
                && failure.getCause() != null;
        return wrapped ? failure.getCause() : failure;
    }
}
