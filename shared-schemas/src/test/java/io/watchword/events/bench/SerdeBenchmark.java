package io.watchword.events.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import io.watchword.events.EventSchemas;
import io.watchword.events.EventSerde;
import io.watchword.events.EventType;
import io.watchword.events.SampleEvents;
import io.watchword.events.WatchwordEvent;
import io.watchword.events.kafka.EventRecords;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.IntSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.record.TimestampType;

/**
 * A rerunnable harness for the per-event cost of the contract on the hot path (one
 * ApiUsageRecorded per API request): write, read, and full JSON Schema validation for comparison.
 * Not a test; run it as described in shared-schemas/README.md. Plain timed loops after warm-up,
 * median of several rounds: good for orders of magnitude, not for nanosecond claims.
 */
public final class SerdeBenchmark {

    private static final int ROUNDS = 7;

    public static void main(String[] args) throws IOException {
        int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        EventType type = args.length > 1 ? EventType.valueOf(args[1]) : EventType.API_USAGE_RECORDED;
        WatchwordEvent event = SampleEvents.full(type);
        byte[] json = EventSerde.serialize(event);
        ProducerRecord<String, byte[]> produced = EventRecords.toProducerRecord(event, "/watchword/bench");
        ConsumerRecord<String, byte[]> consumed = new ConsumerRecord<>(
                produced.topic(),
                0,
                0L,
                0L,
                TimestampType.CREATE_TIME,
                0,
                json.length,
                produced.key(),
                produced.value(),
                produced.headers(),
                Optional.empty());
        JsonSchema schema = schema(type);
        JsonNode tree = EventSerde.mapper().readTree(json);

        System.out.printf(
                "event %s, %d bytes of JSON, %d iterations x %d rounds, JDK %s%n",
                type, json.length, iterations, ROUNDS, Runtime.version());
        report("EventSerde.serialize", iterations, () -> EventSerde.serialize(event).length);
        report("EventSerde.deserialize", iterations, () -> EventSerde.deserialize(json, type.recordClass())
                .hashCode());
        report(
                "EventRecords.toProducerRecord",
                iterations,
                () -> EventRecords.toProducerRecord(event, "/watchword/bench").value().length);
        report("EventRecords.read", iterations, () -> EventRecords.read(consumed)
                .hashCode());
        report("EventSchemas.missingRequired", iterations, () -> EventSchemas.missingRequired(event)
                .size());
        report("JSON Schema validate (tree)", iterations, () -> schema.validate(tree)
                .size());
    }

    private static void report(String name, int iterations, IntSupplier operation) {
        long sink = 0;
        for (int i = 0; i < iterations; i++) { // warm-up
            sink += operation.getAsInt();
        }
        long[] nanosPerOp = new long[ROUNDS];
        for (int round = 0; round < ROUNDS; round++) {
            long start = System.nanoTime();
            for (int i = 0; i < iterations; i++) {
                sink += operation.getAsInt();
            }
            nanosPerOp[round] = (System.nanoTime() - start) / iterations;
        }
        Arrays.sort(nanosPerOp);
        long median = nanosPerOp[ROUNDS / 2];
        System.out.printf(
                "%-32s median %,7d ns/op  (%,10d ops/s per core; min %,d, max %,d)  [%d]%n",
                name,
                median,
                median == 0 ? 0 : 1_000_000_000L / median,
                nanosPerOp[0],
                nanosPerOp[ROUNDS - 1],
                sink & 1);
    }

    private static JsonSchema schema(EventType type) {
        try (InputStream in = SerdeBenchmark.class.getResourceAsStream(type.schemaResource())) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                    .getSchema(
                            in,
                            SchemaValidatorsConfig.builder()
                                    .formatAssertionsEnabled(true)
                                    .build());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
