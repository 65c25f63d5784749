package io.watchword.revocation.kafka;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * One consumer thread: each record is handled in its own transaction; a rejected record goes to
 * the dead-letter topic and the partition moves on; a transient failure (database down) rewinds
 * the partition and retries after a pause, so nothing is lost and nothing is skipped.
 */
public final class RecordLoop implements Runnable {

    private static final Logger LOG = Logger.getLogger(RecordLoop.class);

    private final String name;
    private final KafkaConsumer<String, byte[]> consumer;
    private final String topic;
    private final Consumer<ConsumerRecord<String, byte[]>> handler;
    private final DeadLetterPublisher deadLetters;
    private final Duration retryBackoff;
    private volatile boolean running = true;
    private volatile Instant lastPoll = Instant.now();
    private volatile String lastError;
    private Thread thread;

    public RecordLoop(
            String name,
            KafkaConsumer<String, byte[]> consumer,
            String topic,
            Consumer<ConsumerRecord<String, byte[]>> handler,
            DeadLetterPublisher deadLetters,
            Duration retryBackoff) {
        this.name = name;
        this.consumer = consumer;
        this.topic = topic;
        this.handler = handler;
        this.deadLetters = deadLetters;
        this.retryBackoff = retryBackoff;
    }

    public void start() {
        thread = new Thread(this, name);
        thread.setDaemon(true);
        thread.start();
    }

    public void stop() {
        running = false;
        consumer.wakeup();
        if (thread != null) {
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    public boolean isAlive() {
        return thread != null && thread.isAlive();
    }

    public Instant lastPoll() {
        return lastPoll;
    }

    public String lastError() {
        return lastError;
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(List.of(topic));
            while (running) {
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(500));
                lastPoll = Instant.now();
                if (!records.isEmpty()) {
                    processBatch(records);
                }
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } catch (RuntimeException e) {
            lastError = e.toString();
            LOG.errorf(e, "%s stopped", name);
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private void processBatch(ConsumerRecords<String, byte[]> records) {
        Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
        for (TopicPartition partition : records.partitions()) {
            for (ConsumerRecord<String, byte[]> record : records.records(partition)) {
                if (!processOne(record)) {
                    consumer.seek(partition, record.offset());
                    break;
                }
                done.put(partition, new OffsetAndMetadata(record.offset() + 1));
            }
        }
        if (!done.isEmpty()) {
            try {
                consumer.commitSync(done);
            } catch (RuntimeException e) {
                // Redelivery is harmless: every handler is idempotent by event id.
                LOG.warnf("%s could not commit offsets: %s", name, e.getMessage());
            }
        }
    }

    private boolean processOne(ConsumerRecord<String, byte[]> record) {
        try {
            handler.accept(record);
            lastError = null;
            return true;
        } catch (RejectedRecordException e) {
            try {
                deadLetters.publish(record, e.getMessage());
                LOG.warnf(
                        "%s dead-lettered %s-%d@%d: %s",
                        name, record.topic(), record.partition(), record.offset(), e.getMessage());
                return true;
            } catch (RuntimeException deadLetterFailure) {
                return retryLater(record, deadLetterFailure);
            }
        } catch (RuntimeException e) {
            return retryLater(record, e);
        }
    }

    private boolean retryLater(ConsumerRecord<String, byte[]> record, RuntimeException e) {
        lastError = e.toString();
        LOG.warnf(
                "%s will retry %s-%d@%d after a transient failure: %s",
                name, record.topic(), record.partition(), record.offset(), e.toString());
        try {
            Thread.sleep(retryBackoff.toMillis());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
        return false;
    }
}
