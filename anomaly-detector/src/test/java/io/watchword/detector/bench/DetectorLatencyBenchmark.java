package io.watchword.detector.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.watchword.detector.DetectorConfig;
import io.watchword.detector.DetectorMain;
import io.watchword.events.CloudEventHeaders;
import io.watchword.events.Topics;
import io.watchword.events.kafka.EventRecords;
import io.watchword.events.v1.ApiUsageRecorded;
import io.watchword.events.v1.UsageOutcome;
import io.watchword.testsupport.Infrastructure;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
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
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
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
 *     [-Dbench.rate=125000] [-Dbench.keys=100000] [-Dbench.seconds=60] [-Dbench.warmup-seconds=30] \
 *     [-Dbench.thieves-per-second=10] [-Dbench.history-days=2] [-Dbench.history-per-key=3] [-Dbench.thief-keys=1000] \
 *     [-Dbench.drain-seconds=120] [-Dbench.job.<setting>=<value> ...]
 * </pre>
 *
 * The job runs in a MiniCluster, parallelism 2, heap state, reading the usage topic (2 partitions).
 * Two phases, so that what is measured is the alert of an established key, not a key without history
 * (decision 0260):
 *
 * <ol>
 *   <li><b>History</b>: {@code bench.history-per-key} events of every key, and {@code
 *       bench.learn-per-thief-key} (default 25, above {@code baseline.learn-events}) of each of the
 *       {@code bench.thief-keys} keys that thieves will use, backdated over {@code bench.history-days}
 *       of event time in event-time order, sent as fast as the producer goes. The tenant priors then
 *       have watched their tenants for more than {@code prior.min-age}, and the thief keys have their
 *       own baseline. The phase ends when a probe anomaly on every probe key (backdated too) has
 *       alerted: the job has read the whole history.
 *   <li><b>Live</b>: owner traffic at a fixed {@code bench.rate} (events/s, event time = now) over the
 *       other keys; after {@code bench.warmup-seconds}, {@code bench.thieves-per-second} anomalous
 *       events (new network, client and sensitive route), each on a thief key of its own, noted when
 *       handed to the producer. A consumer on the alert topic notes when each thief key's alert
 *       arrives; the latency is the difference (send → alert received: broker, job, broker again).
 *       After the last send it waits up to {@code bench.drain-seconds} for the alerts of a job that
 *       fell behind: a rate it does not sustain shows as a growing latency, not as missing alerts.
 * </ol>
 *
 * Prints p50/p99/max, alerts of owner keys (false alerts of the synthetic traffic), the achieved
 * send rate, the JVM's CPU per event and the load average, and writes them to {@code
 * target/bench/latency.txt}. The producer and the consumer run in the job's JVM, on the same 2 cores.
 */
class DetectorLatencyBenchmark {
    static final int RATE = Integer.getInteger("bench.rate", 125_000);
    static final int KEYS = Integer.getInteger("bench.keys", 100_000);
    static final int SECONDS = Integer.getInteger("bench.seconds", 60);
    static final int WARMUP = Integer.getInteger("bench.warmup-seconds", 30);
    static final int THIEVES = Integer.getInteger("bench.thieves-per-second", 10);
    static final int HISTORY_DAYS = Integer.getInteger("bench.history-days", 2);
    static final int HISTORY_PER_KEY = Integer.getInteger("bench.history-per-key", 3);
    static final int THIEF_KEYS = Integer.getInteger("bench.thief-keys", 1_000);
    static final int LEARN_PER_THIEF_KEY = Integer.getInteger("bench.learn-per-thief-key", 25);
    static final int DRAIN_SECONDS = Integer.getInteger("bench.drain-seconds", 120);
    static final int PROBES = 16;
    static final long DAY = 86_400_000L;
    static final String[] CLIENTS = {"acme-billing/3.2.1", "okhttp/4.12.0", "python-requests/2.31.0"};

    @Test
    void eventToAlertLatencyAtAFixedRate() throws Exception {
        String bootstrap = Infrastructure.shared().kafkaBootstrapServers();
        usageTopicWithTwoPartitions(bootstrap);
        String run = UUID.randomUUID().toString().substring(0, 8);
        DetectorConfig settings = DetectorConfig.defaults();
        // -Dbench.job.<setting>=<value> sets a job setting for the run (e.g. checkpoint.interval).
        for (String name : System.getProperties().stringPropertyNames()) {
            if (name.startsWith("bench.job.")) {
                settings = settings.with(name.substring("bench.job.".length()), System.getProperty(name));
            }
        }
        JobClient job = DetectorMain.startLive(settings.with("kafka.bootstrap-servers", bootstrap)
                .with("kafka.group-id", "latency-bench-" + run)
                .with("kafka.starting-offsets", "latest")
                // As deployed: 100,000 keys are more state (~6 MB) than JobManager-memory checkpoints take.
                .with(
                        "checkpoint.dir",
                        Path.of("target", "bench", "checkpoints-" + run).toUri().toString())
                .with("parallelism", "2"));
        Map<String, Long> injected = new ConcurrentHashMap<>();
        Map<String, Long> alerted = new ConcurrentHashMap<>();
        AtomicLong ownerAlerts = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        Thread consumer =
                new Thread(() -> consumeAlerts(bootstrap, run, injected, alerted, ownerAlerts, stop), "alert-consumer");
        consumer.start();
        // Thief keys: every (KEYS / THIEF_KEYS)-th key; the first PROBES of them end the history phase.
        int stride = Math.max(1, KEYS / (THIEF_KEYS + PROBES));
        long sent = 0;
        long start;
        long measuredFrom;
        String load0;
        String historyReport;
        long cpu0;
        try (KafkaProducer<byte[], byte[]> producer = producer(bootstrap)) {
            Thread.sleep(5_000); // the job's sources assign their partitions (offsets: latest)

            // Phase 1: history, backdated, in event-time order, as fast as the producer goes.
            String loadH = loadAverage();
            long historyStarted = System.nanoTime();
            long historyEnd = System.currentTimeMillis() - 60_000;
            long historyFrom = historyEnd - HISTORY_DAYS * DAY;
            int rounds = Math.max(HISTORY_PER_KEY, LEARN_PER_THIEF_KEY);
            long historyEvents = 0;
            SplittableRandom random = new SplittableRandom(7);
            for (int round = 0; round < rounds; round++) {
                for (int k = 0; k < KEYS; k++) {
                    boolean thiefKey = k % stride == 0;
                    if (round >= (thiefKey ? LEARN_PER_THIEF_KEY : HISTORY_PER_KEY)) {
                        continue;
                    }
                    long ts = historyFrom + (round * (long) KEYS + k) * (HISTORY_DAYS * DAY) / ((long) rounds * KEYS);
                    producer.send(record(owner(run, k, ts, random)));
                    historyEvents++;
                }
            }
            for (int probe = 0; probe < PROBES; probe++) {
                int k = probe * stride;
                injected.put(key(run, k), System.currentTimeMillis());
                producer.send(record(thief(run, k, historyEnd, "198.51.100.")));
            }
            producer.flush();
            double historySent = (System.nanoTime() - historyStarted) / 1e9;
            long deadline = System.nanoTime() + 600_000_000_000L;
            while (alerted.size() < PROBES && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            double historyRead = (System.nanoTime() - historyStarted) / 1e9;
            historyReport = String.format(
                    "history: %,d events over %d days of event time (%d a key, %d on %,d thief keys) sent in %.1f s,"
                            + " read by the job (%d/%d probes alerted) after %.1f s = %,.0f events/s; load before %s%n",
                    historyEvents,
                    HISTORY_DAYS,
                    HISTORY_PER_KEY,
                    LEARN_PER_THIEF_KEY,
                    THIEF_KEYS + PROBES,
                    historySent,
                    alerted.size(),
                    PROBES,
                    historyRead,
                    historyEvents / historyRead,
                    loadH);
            System.out.print(historyReport);
            assertThat(alerted).as("the probes of the history phase alerted").hasSize(PROBES);
            injected.clear();
            alerted.clear();
            ownerAlerts.set(0);

            // Phase 2: live, event time = now, owner traffic on the other keys, thieves after the warm-up.
            OwnerTemplates owners = new OwnerTemplates(run, random);
            load0 = loadAverage();
            cpu0 = processCpuNanos();
            start = System.nanoTime();
            measuredFrom = start + WARMUP * 1_000_000_000L;
            long end = measuredFrom + SECONDS * 1_000_000_000L;
            long thievesSent = 0;
            int thiefKey = PROBES * stride;
            while (true) {
                long now = System.nanoTime();
                if (now >= end) {
                    break;
                }
                long due = (now - start) * RATE / 1_000_000_000L;
                if (sent >= due) {
                    // Sleep, do not spin: a spinning sender holds one of the machine's two cores that
                    // the job and the broker need, and the offered rate is paced in 0.5 ms steps anyway.
                    LockSupport.parkNanos(500_000);
                    continue;
                }
                long wallNow = System.currentTimeMillis();
                while (sent < due) {
                    int k = random.nextInt(KEYS);
                    if (k % stride == 0) {
                        k = (k + 1) % KEYS; // thief keys carry only their thief's event
                    }
                    producer.send(owners.record(k, random.nextInt(OwnerTemplates.VARIANTS), wallNow));
                    sent++;
                }
                long thievesDue = now < measuredFrom ? 0 : (now - measuredFrom) * THIEVES / 1_000_000_000L;
                while (thievesSent < thievesDue && thiefKey < KEYS) {
                    String key = key(run, thiefKey);
                    ProducerRecord<byte[], byte[]> r = record(thief(run, thiefKey, wallNow, "203.0.113."));
                    injected.put(key, System.currentTimeMillis());
                    producer.send(r);
                    thiefKey += stride;
                    thievesSent++;
                }
            }
            producer.flush();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpuPerEvent = (processCpuNanos() - cpu0) / 1e3 / Math.max(1, sent);
        String load1 = loadAverage();
        // Late alerts: a job that fell behind the offered rate still works through its backlog; wait
        // for it (bounded), and report how long the drain took.
        long drainStarted = System.nanoTime();
        long drainDeadline = drainStarted + DRAIN_SECONDS * 1_000_000_000L;
        do {
            Thread.sleep(1_000);
        } while (alerted.size() < injected.size() && System.nanoTime() < drainDeadline);
        double drained = (System.nanoTime() - drainStarted) / 1e9;
        stop.set(true);
        consumer.join();
        job.cancel().get();

        long[] latencies = injected.entrySet().stream()
                .filter(e -> alerted.containsKey(e.getKey()))
                .mapToLong(e -> alerted.get(e.getKey()) - e.getValue())
                .sorted()
                .toArray();
        String report = historyReport
                + String.format(
                        "event-to-alert latency, live job (MiniCluster, parallelism 2, heap state), real broker%n"
                                + "offered rate %,d events/s over %,d keys; sent %,d in %.1f s = %,.0f events/s"
                                + " (warm-up %d s); JVM CPU (job, broker client, producer) %.1f µs per event%n"
                                + "anomalous events injected %d, alerted %d (waited %.1f s after the last send);"
                                + " alerts on owner keys %d%n"
                                + "latency send -> alert received: p50 %d ms, p99 %d ms, max %d ms%n"
                                + "load average before %s, at the end of sending %s, after %s%n",
                        RATE,
                        KEYS,
                        sent,
                        seconds,
                        sent / seconds,
                        WARMUP,
                        cpuPerEvent,
                        injected.size(),
                        latencies.length,
                        drained,
                        ownerAlerts.get(),
                        percentile(latencies, 0.50),
                        percentile(latencies, 0.99),
                        latencies.length == 0 ? -1 : latencies[latencies.length - 1],
                        load0,
                        load1,
                        loadAverage());
        System.out.println(report);
        Path out = Path.of("target", "bench", "latency.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report);
        assertThat(latencies).as("no injected anomaly raised an alert").isNotEmpty();
    }

    /** CPU time of this JVM (job, broker clients, producer; the broker runs in its own JVM). */
    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
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
        return owner(run, k, now, random, new UUID(random.nextLong(), random.nextLong()));
    }

    static ApiUsageRecorded owner(String run, int k, long now, SplittableRandom random, UUID eventId) {
        return new ApiUsageRecorded(
                eventId,
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

    static ApiUsageRecorded thief(String run, int k, long now, String network) {
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
                network + (1 + k % 250),
                "curl/8.5.0",
                100,
                50_000,
                UsageOutcome.ACCEPTED,
                null,
                null);
    }

    /**
     * Owner events of the live phase, serialised once per key and variant by the real serialiser and
     * then only patched per send (a fresh event id and the event time, in the body and in the
     * CloudEvents headers). Serialising every event with Jackson cost the sender ~10 µs of the two
     * cores the job and the broker need, and capped the offered rate at ~85,000 events/s.
     */
    static final class OwnerTemplates {

        static final int VARIANTS = 4;
        private static final UUID SENTINEL_ID = new UUID(0x5e5e5e5e5e5e5e5eL, 0x5e5e5e5e5e5e5e5eL);
        // ISO_INSTANT with non-zero milliseconds: always 24 characters, as every patched time is.
        private static final Instant SENTINEL_TIME = Instant.parse("2000-01-01T00:00:00.111Z");

        private record Template(String topic, byte[] key, byte[] value, int idAt, int timeAt, Header[] headers) {}

        private final Template[] templates;

        OwnerTemplates(String run, SplittableRandom random) {
            templates = new Template[KEYS * VARIANTS];
            byte[] id = bytes(SENTINEL_ID.toString());
            byte[] time = bytes(DateTimeFormatter.ISO_INSTANT.format(SENTINEL_TIME));
            for (int k = 0; k < KEYS; k++) {
                for (int v = 0; v < VARIANTS; v++) {
                    ApiUsageRecorded e = owner(run, k, SENTINEL_TIME.toEpochMilli(), random, SENTINEL_ID);
                    ProducerRecord<byte[], byte[]> r = DetectorLatencyBenchmark.record(e);
                    templates[k * VARIANTS + v] = new Template(
                            r.topic(),
                            r.key(),
                            r.value(),
                            onlyOccurrence(r.value(), id),
                            onlyOccurrence(r.value(), time),
                            r.headers().toArray());
                }
            }
        }

        ProducerRecord<byte[], byte[]> record(int k, int variant, long nowMillis) {
            Template t = templates[k * VARIANTS + variant];
            // A whole second would print without its fraction, and so be 4 characters shorter.
            long millis = nowMillis % 1000 == 0 ? nowMillis + 1 : nowMillis;
            byte[] id = bytes(new UUID(
                            ThreadLocalRandom.current().nextLong(),
                            ThreadLocalRandom.current().nextLong())
                    .toString());
            byte[] time = bytes(DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochMilli(millis)));
            byte[] value = t.value().clone();
            System.arraycopy(id, 0, value, t.idAt(), id.length);
            System.arraycopy(time, 0, value, t.timeAt(), time.length);
            Header[] headers = t.headers().clone();
            for (int i = 0; i < headers.length; i++) {
                if (headers[i].key().equals(CloudEventHeaders.ID)) {
                    headers[i] = new RecordHeader(CloudEventHeaders.ID, id);
                } else if (headers[i].key().equals(CloudEventHeaders.TIME)) {
                    headers[i] = new RecordHeader(CloudEventHeaders.TIME, time);
                }
            }
            return new ProducerRecord<>(t.topic(), null, t.key(), value, List.of(headers));
        }

        private static int onlyOccurrence(byte[] haystack, byte[] needle) {
            int found = -1;
            for (int i = 0; i + needle.length <= haystack.length; i++) {
                if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                    assertThat(found)
                            .as("one occurrence of %s", new String(needle, StandardCharsets.UTF_8))
                            .isEqualTo(-1);
                    found = i;
                }
            }
            assertThat(found)
                    .as("an occurrence of %s", new String(needle, StandardCharsets.UTF_8))
                    .isNotEqualTo(-1);
            return found;
        }

        private static byte[] bytes(String text) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
    }

    static ProducerRecord<byte[], byte[]> record(ApiUsageRecorded e) {
        ProducerRecord<String, byte[]> r = EventRecords.toProducerRecord(e, "/bench");
        return new ProducerRecord<>(r.topic(), null, r.key().getBytes(StandardCharsets.UTF_8), r.value(), r.headers());
    }

    static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        // lz4, although the client library's UsagePublisher sends uncompressed: on two cores shared
        // with the broker, uncompressed batches (5x the bytes) made the broker the bottleneck
        // (80,852 events/s offered of 125,000, p99 1.9 s; lz4: 101,426 events/s, p99 277 ms).
        p.put(ProducerConfig.LINGER_MS_CONFIG, "2");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, "65536");
        p.put(ProducerConfig.ACKS_CONFIG, "1");
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    static void consumeAlerts(
            String bootstrap,
            String run,
            Map<String, Long> injected,
            Map<String, Long> alerted,
            AtomicLong ownerAlerts,
            AtomicBoolean stop) {
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
                    } else if (r.key() != null && r.key().startsWith("key_lat" + run + "_")) {
                        ownerAlerts.incrementAndGet();
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
