package io.watchword.detector.io;

import io.watchword.detector.DetectorConfig;
import io.watchword.detector.model.AlertOut;
import io.watchword.detector.model.ControlRule;
import io.watchword.detector.model.DeadLetter;
import io.watchword.detector.model.Parsed;
import io.watchword.events.Topics;
import io.watchword.events.kafka.EventRecords;
import java.util.List;
import java.util.Properties;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/** The live job's FLIP-27 Kafka sources (raw bytes, parsed by the shared serde) and its sinks. */
public final class KafkaIo {
    public static final String SOURCE = "/watchword/anomaly-detector";

    private KafkaIo() {}

    public static KafkaSource<Parsed> usageSource(DetectorConfig c) {
        return source(c, List.of(Topics.USAGE.name()), true, "usage");
    }

    public static KafkaSource<Parsed> credentialSource(DetectorConfig c) {
        return source(c, List.of(Topics.CREDENTIAL_STATE.name(), Topics.REVOCATIONS.name()), false, "credentials");
    }

    public static KafkaSource<ControlRule> controlSource(DetectorConfig c) {
        return KafkaSource.<ControlRule>builder()
                .setBootstrapServers(c.string("kafka.bootstrap-servers"))
                .setGroupId(c.string("kafka.group-id") + "-control")
                .setTopics(ControlRules.TOPIC)
                // Control rules are state: always read them all, whatever the other offsets.
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setDeserializer(new KafkaRecordDeserializationSchema<ControlRule>() {
                    @Override
                    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<ControlRule> out) {
                        ControlRule rule = ControlRules.fromKafka(record);
                        if (rule != null) {
                            out.collect(rule);
                        }
                    }

                    @Override
                    public TypeInformation<ControlRule> getProducedType() {
                        return TypeInformation.of(ControlRule.class);
                    }
                })
                .setProperties(consumerProps())
                .build();
    }

    private static KafkaSource<Parsed> source(DetectorConfig c, List<String> topics, boolean usageTopic, String name) {
        return KafkaSource.<Parsed>builder()
                .setBootstrapServers(c.string("kafka.bootstrap-servers"))
                .setGroupId(c.string("kafka.group-id") + "-" + name)
                .setTopics(topics)
                .setStartingOffsets(
                        "latest".equals(c.string("kafka.starting-offsets"))
                                ? OffsetsInitializer.latest()
                                : OffsetsInitializer.earliest())
                .setDeserializer(new KafkaRecordDeserializationSchema<Parsed>() {
                    @Override
                    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<Parsed> out) {
                        Parsed p = RecordParser.fromKafka(record, usageTopic);
                        if (p != null) {
                            out.collect(p);
                        }
                    }

                    @Override
                    public TypeInformation<Parsed> getProducedType() {
                        return TypeInformation.of(Parsed.class);
                    }
                })
                .setProperties(consumerProps())
                .build();
    }

    private static Properties consumerProps() {
        Properties p = new Properties();
        // New partitions (and the topics themselves, created later by the stack) are picked up.
        p.setProperty("partition.discovery.interval.ms", "10000");
        p.setProperty("client.id.prefix", "watchword-anomaly-detector");
        return p;
    }

    private static Properties producerProps() {
        Properties p = new Properties();
        // Alerts leave at once: no batching delay on the path from thief to lockout.
        p.setProperty("linger.ms", "0");
        p.setProperty("acks", "all");
        return p;
    }

    /** At-least-once: alerts are sent as produced, never held until a checkpoint (ids dedupe). */
    public static KafkaSink<AlertOut> alertSink(DetectorConfig c) {
        return KafkaSink.<AlertOut>builder()
                .setBootstrapServers(c.string("kafka.bootstrap-servers"))
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .setKafkaProducerConfig(producerProps())
                .setRecordSerializer((KafkaRecordSerializationSchema<AlertOut>)
                        (alert, ctx, ts) -> EventRecords.toBinaryProducerRecord(alert.event(), SOURCE))
                .build();
    }

    public static KafkaSink<DeadLetter> deadLetterSink(DetectorConfig c) {
        return KafkaSink.<DeadLetter>builder()
                .setBootstrapServers(c.string("kafka.bootstrap-servers"))
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .setKafkaProducerConfig(producerProps())
                .setRecordSerializer((KafkaRecordSerializationSchema<DeadLetter>) (dead, ctx, ts) -> {
                    ProducerRecord<byte[], byte[]> r = dead.toProducerRecord();
                    return r;
                })
                .build();
    }
}
