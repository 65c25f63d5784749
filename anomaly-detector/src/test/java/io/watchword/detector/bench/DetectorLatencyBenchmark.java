package io.watchword.detector.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.watchword.detector.DetectorConfig;
import io.watchword.detector.DetectorMain;
import io.watchword.events.Topics;
import io.watchword.events.kafka.EventRecords;
import io.watchword.events.v1.ApiUsageRecorded;
import io.watchword.events.v1.UsageOutcome;
import io.watchword.testsupport.Infrastructure;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/**
 * Event-to-alert latency of the live job on the real broker (issue 9 §4), not part of the build's
 * tests (surefire runs {@code *Test} classes only). One command:
 *
 * <pre>
 * mvn -o -pl anomaly-detector test -Dtest=DetectorLatencyBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
 *     [-Dbench.rate=125000] [-Dbench.keys=100000] [-Dbench.seconds=60] [-Dbench.warmup-seconds=30] [-Dbench.thieves-per-second=10]
 * </pre>
 *
 * A producer sends usage of {@code bench.keys} keys at a fixed {@code bench.rate} (events/s, event
 * time = now) to the usage topic (2 partitions) while the job runs in a MiniCluster, parallelism 2,
 * heap state. After the warm-up (every key has its own baseline) it injects {@code
 * bench.thieves-per-second} anomalous events on keys not used before by a thief (new network, new
 * client, new sensitive route: each alone enough for an alert), noting when each was handed to the
 * producer. A consumer on the alert topic notes when each alert arrives; the latency is the
 * difference (send → alert received, the whole path through broker, job and broker again). Prints
 * p50/p99/max, the achieved send rate and the load average, and writes them to {@code
 * target/bench/latency.txt}.
 */
class DetectorLatencyBenchmark {
    static final int RATE = Integer.getInteger("bench.rate", 125_000);
    static final int KEYS = Integer.getInteger("bench.keys", 100_000);
    static final int SECONDS = Integer.getInteger("bench.seconds", 60);
    static final int WARMUP = Integer.getInteger("bench.warmup-seconds", 30);
    static final int THIEVES = Integer.getInteger("bench.thieves-per-second", 10);
    static final String[] CLIENTS = {"acme-billing/3.2.1", "okhttp/4.12.0", "python-requests/2.31.0"};

    @Test
    void eventToAlertLatencyAtAFixedRate() throws Exception {
        String bootstrap = Infrastructure.shared().kafkaBootstrapServers();
        usageTopicWithTwoPartitions(bootstrap);
        String run = UUID.randomUUID().toString().substring(0, 8);
        JobClient job = DetectorMain.startLive(DetectorConfig.defaults()
                .with("kafka.bootstrap-servers", bootstrap)
                .with("kafka.group-id", "latency-bench-" + run)
                .with("kafka.starting-offsets", "latest")
                .with("parallelism", "2"));
        Map<String, Long> injected = new ConcurrentHashMap<>();
        Map<String, Long> alerted = new ConcurrentHashMap<>();
        AtomicBoolean stop = new AtomicBoolean();
        Thread consumer = new Thread(() -> consumeAlerts(bootstrap, run, injected, alerted, stop), "alert-consumer");
        consumer.start();
        long sent = 0;
        long start;
        long measuredFrom;
        String load0 = loadAverage();
        try (KafkaProducer<byte[], byte[]> producer = producer(bootstrap)) {
            Thread.sleep(5_000); // the job's sources assign their partitions (offsets: latest)
            SplittableRandom random = new SplittableRandom(42);
            start = System.nanoTime();
            measuredFrom = start + WARMUP * 1_000_000_000L;
            long end = measuredFrom + SECONDS * 1_000_000_000L;
            long thievesSent = 0;
            int thiefKey = 0;
            while (true) {
                long now = System.nanoTime();
                if (now >= end) {
                    break;
                }
                long due = (now - start) * RATE / 1_000_000_000L;
                if (sent >= due) {
                    Thread.onSpinWait();
                    continue;
                }
                long wallNow = System.currentTimeMillis();
                while (sent < due) {
                    int k = random.nextInt(KEYS);
                    producer.send(record(owner(run, k, wallNow, random)));
                    sent++;
                }
                long thievesDue = now < measuredFrom ? 0 : (now - measuredFrom) * THIEVES / 1_000_000_000L;
                while (thievesSent < thievesDue && thiefKey < KEYS) {
                    String key = key(run, thiefKey);
                    ProducerRecord<byte[], byte[]> r = record(thief(run, thiefKey, wallNow));
                    injected.put(key, System.currentTimeMillis());
                    producer.send(r);
                    thiefKey += 7;
                    thievesSent++;
                }
            }
            producer.flush();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Thread.sleep(5_000); // late alerts
        stop.set(true);
        consumer.join();
        job.cancel().get();

        long[] latencies = injected.entrySet().stream()
                .filter(e -> alerted.containsKey(e.getKey()))
                .mapToLong(e -> alerted.get(e.getKey()) - e.getValue())
                .sorted()
                .toArray();
        String report = String.format(
                "event-to-alert latency, live job (MiniCluster, parallelism 2, heap state), real broker%n"
                        + "offered rate %,d events/s over %,d keys; sent %,d in %.1f s = %,.0f events/s (warm-up %d s)%n"
                        + "anomalous events injected %d, alerted %d%n"
                        + "latency send -> alert received: p50 %d ms, p99 %d ms, max %d ms%n"
                        + "load average before %s, after %s%n",
                RATE,
                KEYS,
                sent,
                seconds,
                sent / seconds,
                WARMUP,
                injected.size(),
                latencies.length,
                percentile(latencies, 0.50),
                percentile(latencies, 0.99),
                latencies.length == 0 ? -1 : latencies[latencies.length - 1],
                load0,
                loadAverage());
        System.out.println(report);
        Path out = Path.of("target", "bench", "latency.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report);
        assertThat(latencies).as("no injected anomaly raised an alert").isNotEmpty();
    }

    static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return -1;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    static String key(String run, int k) {
        return "key_lat" + run + "_" + k;
    }

    static ApiUsageRecorded owner(String run, int k, long now, SplittableRandom random) {
        return new ApiUsageRecorded(
                new UUID(random.nextLong(), random.nextLong()),
                Instant.ofEpochMilli(now),
                "ten_" + (k % 100),
                key(run, k),
                "svc-" + (k % 5),
                "GET",
                "/v1/r" + (k % 13),
                200,
                800,
                "10." + (k % 200) + "." + (k / 200 % 250) + "." + (1 + random.nextInt(3)),
                CLIENTS[k % CLIENTS.length],
                100,
                1000 + random.nextInt(4000),
                UsageOutcome.ACCEPTED,
                null,
                null);
    }

    static ApiUsageRecorded thief(String run, int k, long now) {
        return new ApiUsageRecorded(
                UUID.randomUUID(),
                Instant.ofEpochMilli(now),
                "ten_" + (k % 100),
                key(run, k),
                "svc-" + (k % 5),
                "GET",
                "/v1/admin/export",
                200,
                800,
                "203.0.113." + (1 + k % 250),
                "curl/8.5.0",
                100,
                50_000,
                UsageOutcome.ACCEPTED,
                null,
                null);
    }

    static ProducerRecord<byte[], byte[]> record(ApiUsageRecorded e) {
        ProducerRecord<String, byte[]> r = EventRecords.toProducerRecord(e, "/bench");
        return new ProducerRecord<>(r.topic(), null, r.key().getBytes(StandardCharsets.UTF_8), r.value(), r.headers());
    }

    static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.LINGER_MS_CONFIG, "2");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, "65536");
        p.put(ProducerConfig.ACKS_CONFIG, "1");
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    static void consumeAlerts(
            String bootstrap, String run, Map<String, Long> injected, Map<String, Long> alerted, AtomicBoolean stop) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "latency-bench-alerts-" + run);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        try (KafkaConsumer<String, byte[]> c =
                new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            c.subscribe(List.of(Topics.ALERTS.name()));
            while (!stop.get()) {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(50))) {
                    long now = System.currentTimeMillis();
                    if (r.key() != null && injected.containsKey(r.key())) {
                        alerted.putIfAbsent(r.key(), now);
                    }
                }
            }
        }
    }

    static void usageTopicWithTwoPartitions(String bootstrap) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            String usage = Topics.USAGE.name();
            Set<String> existing = admin.listTopics().names().get();
            if (!existing.contains(usage)) {
                admin.createTopics(List.of(new NewTopic(usage, 2, (short) 1)))
                        .all()
                        .get();
            } else if (admin.describeTopics(List.of(usage))
                            .allTopicNames()
                            .get()
                            .get(usage)
                            .partitions()
                            .size()
                    < 2) {
                admin.createPartitions(Map.of(usage, NewPartitions.increaseTo(2)))
                        .all()
                        .get();
            }
        }
    }

    static String loadAverage() {
        try {
            return String.join(
                    " ",
                    Arrays.copyOf(Files.readString(Path.of("/proc/loadavg")).split(" "), 3));
        } catch (Exception e) {
            return "unknown";
        }
    }
}
