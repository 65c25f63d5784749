package io.watchword.analytics.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.watchword.analytics.config.AnalyticsConfig;
import io.watchword.analytics.rollup.RollupWriter;
import io.watchword.analytics.rollup.UsageEventRules;
import io.watchword.core.problem.FieldError;
import io.watchword.events.InvalidEventException;
import io.watchword.events.WatchwordEvent;
import io.watchword.events.kafka.EventRecords;
import io.watchword.events.v1.ApiUsageRecorded;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Consumes the usage topic in batches (up to {@code max.poll.records}) and turns each batch into
 * one PostgreSQL transaction of upserts ({@link RollupWriter}). A record that is not a valid usage
 * event is dead-lettered on its own with the reason and the rest of the batch is counted; a batch
 * PostgreSQL keeps refusing is retried with backoff and then dead-lettered record by record, so a
 * partition never blocks (decision 0146). Everything is non-blocking: the connector's thread is
 * never held by JDBC.
 */
@ApplicationScoped
public class UsageConsumer {

    private static final Logger LOG = Logger.getLogger(UsageConsumer.class);
    static final String CHANNEL = "usage";

    private final RollupWriter writer;
    private final DeadLetterEmitter deadLetters;
    private final AnalyticsConfig config;
    private final MeterRegistry metrics;

    @Inject
    public UsageConsumer(
            RollupWriter writer, DeadLetterEmitter deadLetters, AnalyticsConfig config, MeterRegistry metrics) {
        this.writer = writer;
        this.deadLetters = deadLetters;
        this.config = config;
        this.metrics = metrics;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(ConsumerRecords<String, byte[]> batch) {
        List<RollupWriter.Positioned> positioned = new ArrayList<>(batch.count());
        List<Rejected> rejected = new ArrayList<>();
        String topic = null;
        for (ConsumerRecord<String, byte[]> record : batch) {
            topic = record.topic();
            ApiUsageRecorded event = null;
            try {
                event = decode(record);
            } catch (InvalidEventException e) {
                rejected.add(new Rejected(record, e.getMessage()));
            }
            positioned.add(new RollupWriter.Positioned(record.partition(), record.offset(), event));
        }
        if (topic == null) {
            return Uni.createFrom().voidItem();
        }
        String consumedTopic = topic;
        AnalyticsConfig.Consumer settings = config.consumer();
        // Retried on its own: a retry must not send the batch's dead letters again.
        Uni<RollupWriter.Outcome> write = writer.write(consumedTopic, positioned)
                .onFailure()
                .invoke(failure -> {
                    metrics.counter("watchword.consumer.retries", "channel", CHANNEL)
                            .increment();
                    LOG.debugf("usage batch of %d will retry: %s", positioned.size(), failure.toString());
                })
                .onFailure()
                .retry()
                .withBackOff(settings.retryBackoff(), settings.maxRetryBackoff())
                .atMost(settings.maxRetries());
        return deadLetter(rejected)
                .chain(() -> write)
                .invoke(outcome -> {
                    metrics.counter("watchword.usage.events", "result", "applied")
                            .increment(outcome.applied());
                    metrics.counter("watchword.usage.events", "result", "redelivered")
                            .increment(outcome.alreadyApplied());
                    metrics.counter("watchword.usage.events", "result", "unattributed")
                            .increment(outcome.unattributed());
                })
                .replaceWithVoid()
                .onFailure()
                .recoverWithUni(failure -> {
                    // PostgreSQL refused the batch every time: its records go to the dead-letter
                    // topic with the reason, so they can be replayed, and the partition moves on.
                    LOG.warnf("usage batch of %d dead-lettered after retries: %s", positioned.size(), failure);
                    List<Rejected> all = new ArrayList<>();
                    for (ConsumerRecord<String, byte[]> record : batch) {
                        all.add(new Rejected(
                                record,
                                "retries exhausted writing rollups: "
                                        + failure.getClass().getSimpleName()));
                    }
                    return deadLetter(all);
                });
    }

    private Uni<Void> deadLetter(List<Rejected> rejected) {
        if (rejected.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        String consumer = config.consumer().groupId() + "-" + CHANNEL;
        return Multi.createFrom()
                .iterable(rejected)
                .onItem()
                .transformToUniAndConcatenate(r -> deadLetters.send(r.record(), consumer, r.reason()))
                .collect()
                .last()
                .replaceWithVoid();
    }

    /** The usage event in {@code record}; never null. */
    static ApiUsageRecorded decode(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            throw new InvalidEventException("a tombstone on the usage topic");
        }
        WatchwordEvent event = EventRecords.read(record);
        if (!(event instanceof ApiUsageRecorded usage)) {
            throw new InvalidEventException("not an ApiUsageRecorded: "
                    + (event == null ? "null" : event.getClass().getSimpleName()));
        }
        List<FieldError> problems = UsageEventRules.problems(usage, "");
        if (!problems.isEmpty()) {
            throw new InvalidEventException(UsageEventRules.reason(problems));
        }
        return usage;
    }

    private record Rejected(ConsumerRecord<String, byte[]> record, String reason) {}
}
