package io.watchword.deploy.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.watchword.deploy.LocalStack;
import io.watchword.deploy.LoopbackClient;
import io.watchword.deploy.WatchwordApi;
import io.watchword.events.Topics;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Leak to lockout (issue 9 §4), over many thieves: the quick start's detection loop, measured as a
 * distribution. Every key first serves its owner's normal traffic at the example service (GET
 * /orders from 127.0.0.1 as an inventory client); then, one key at a time, a thief uses it from
 * another loopback network, with curl and another route (POST /orders), as fast as it can, until
 * the example service refuses it. The anomaly detector (Flink job), the revocation service's
 * response policy ("any alert suspends") and the example service's verifier do the rest.
 *
 * <p>Per thief, from the thief's first request: <b>evidence time</b> (until the request whose
 * usage event made the detector alert: the alert's {@code lastEventAt}, stamped by the example
 * service) and <b>machinery time</b> (from that request to the first refusal). The machinery is
 * split into hops (one machine, one clock): usage → alert on its topic (seen by a consumer tailing
 * it); → taken up by the revocation service (the decision's {@code occurredAt}); → the decision
 * and the suspension on their topics (out of the outbox); → the first refusal the thief sees.
 */
final class LeakToLockoutBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OWNER_UA = "inventory-sync/2.4.1";
    private static final String THIEF_UA = "curl/8.5.0";
    private static final int OWNER_REQUESTS = 30;

    private final BenchmarkOptions options;
    private final PrintStream out;

    LeakToLockoutBenchmark(BenchmarkOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    /** What one thief met: instants in epoch microseconds (this JVM's clock). */
    private record Thief(String keyId, long firstRequest, long refusedAt, int requests) {}

    void run() throws Exception {
        try (LocalStack stack = LocalStack.start(
                options.home(),
                LocalStack.Service.ISSUER,
                LocalStack.Service.REVOCATION,
                LocalStack.Service.EXAMPLE,
                LocalStack.Service.DETECTOR)) {
            WatchwordApi api = stack.api();
            URI issuer = stack.issuerUrl();
            String admin = stack.createTenant("leak", List.of("orders"));
            api.putJson(
                            stack.revocationUrl(),
                            "/v1/policy",
                            admin,
                            Map.of(
                                    "defaultAction",
                                    "NOTIFY",
                                    "rules",
                                    List.of(Map.of("name", "suspect-key", "minSeverity", "LOW", "action", "SUSPEND"))))
                    .expect(200);
            // One more key than thieves: the first thief warms every JVM's paths and is reported apart.
            int n = options.thieves() + 1;
            List<String> ids = new ArrayList<>();
            List<String> tokens = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                WatchwordApi.Answer key = api.postJson(
                                issuer,
                                "/v1/keys",
                                admin,
                                Map.of(
                                        "name",
                                        "inventory-sync-" + i,
                                        "environment",
                                        "live",
                                        "scopes",
                                        List.of("orders:read", "orders:write"),
                                        "ttl",
                                        "P30D"))
                        .expect(201);
                ids.add(key.text("id"));
                tokens.add(api.postJson(
                                issuer,
                                "/v1/tokens",
                                key.text("key"),
                                Map.of("audience", LocalStack.EXAMPLE_AUDIENCE, "ttl", "PT15M"))
                        .expect(200)
                        .text("access_token"));
            }
            URI example = stack.exampleUrl();
            // Every key's owner, interleaved: each key gets its 30 requests ~30 ms apart, as in the demo.
            for (int round = 0; round < OWNER_REQUESTS; round++) {
                for (int i = 0; i < n; i++) {
                    int status = LoopbackClient.call(example, "127.0.0.1", OWNER_UA, "GET", tokens.get(i));
                    if (status != 200) {
                        throw new IllegalStateException("the owner of key " + i + " got HTTP " + status);
                    }
                }
                Thread.sleep(30);
            }
            Thread.sleep(2_000); // the owners' usage reaches the detector before any thief's
            out.println(n + " keys served their owners (" + OWNER_REQUESTS + " × GET /orders each); one warm-up"
                    + " thief, then " + (n - 1) + " thieves, one after the other...");
            List<Thief> thieves = new ArrayList<>();
            try (Tail tail = new Tail(
                    stack.infrastructure().kafkaBootstrapServers(),
                    List.of(Topics.ALERTS.name(), Topics.DECISIONS.name(), Topics.REVOCATIONS.name()))) {
                for (int i = 0; i < n; i++) {
                    // Another network per thief (127.0.<2+i>.7): a new source network for the key.
                    String source = "127.0." + (2 + i % 250) + ".7";
                    thieves.add(steal(example, source, ids.get(i), tokens.get(i)));
                    Thread.sleep(300); // the pipeline goes idle: each thief meets it as the first one would
                }
                Thread.sleep(1_000); // the last records reach the tail
                report(tail, thieves.subList(0, 1), "warm-up thief (cold JVMs, not in the percentiles)");
                report(tail, thieves.subList(1, n), "leak to lockout");
            }
        }
    }

    private Thief steal(URI example, String source, String keyId, String token) throws Exception {
        long first = LockoutBenchmark.nowMicros();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        int requests = 0;
        while (System.nanoTime() < deadline) {
            int status = LoopbackClient.call(example, source, THIEF_UA, "POST", token);
            requests++;
            if (status == 401 || status == 403) {
                return new Thief(keyId, first, LockoutBenchmark.nowMicros(), requests);
            }
            Thread.sleep(2);
        }
        throw new IllegalStateException("a thief of " + keyId + " was still served after 30 s (" + requests
                + " requests); logs in the stack's work directory");
    }

    private void report(Tail tail, List<Thief> thieves, String title) {
        Histogram evidence = histogram();
        Histogram machinery = histogram();
        Histogram total = histogram();
        Histogram detect = histogram();
        Histogram pickUp = histogram();
        Histogram decide = histogram();
        Histogram suspensionSent = histogram();
        Histogram propagate = histogram();
        int incomplete = 0;
        long requests = 0;
        List<String> slowest = new ArrayList<>();
        List<Long> slowestMachinery = new ArrayList<>();
        for (Thief t : thieves) {
            requests += t.requests();
            Seen alert = tail.first(Topics.ALERTS.name(), t.keyId());
            Seen decision = tail.first(Topics.DECISIONS.name(), t.keyId());
            Seen revocation = tail.first(Topics.REVOCATIONS.name(), t.keyId());
            if (alert == null || decision == null || revocation == null) {
                incomplete++;
                continue;
            }
            long evidenceAt =
                    micros(Instant.parse(alert.value().path("lastEventAt").asText()));
            long decidedAt =
                    micros(Instant.parse(decision.value().path("occurredAt").asText()));
            record(evidence, evidenceAt - t.firstRequest());
            record(machinery, t.refusedAt() - evidenceAt);
            record(total, t.refusedAt() - t.firstRequest());
            record(detect, alert.arrivedMicros() - evidenceAt);
            record(pickUp, decidedAt - alert.arrivedMicros());
            record(decide, decision.arrivedMicros() - decidedAt);
            record(suspensionSent, revocation.arrivedMicros() - decidedAt);
            record(propagate, t.refusedAt() - revocation.arrivedMicros());
            slowestMachinery.add(t.refusedAt() - evidenceAt);
            slowest.add(String.format(
                    "machinery %7.1f ms: detect %6.1f, pick-up %6.1f, suspension sent %6.1f, refused %6.1f"
                            + " (alert %s-%d@%d on the topic at %s)",
                    (t.refusedAt() - evidenceAt) / 1000.0,
                    (alert.arrivedMicros() - evidenceAt) / 1000.0,
                    (decidedAt - alert.arrivedMicros()) / 1000.0,
                    (revocation.arrivedMicros() - decidedAt) / 1000.0,
                    (t.refusedAt() - revocation.arrivedMicros()) / 1000.0,
                    Topics.ALERTS.name(),
                    alert.partition(),
                    alert.offset(),
                    Instant.EPOCH.plus(alert.arrivedMicros(), java.time.temporal.ChronoUnit.MICROS)));
        }
        out.printf(
                "%s over %d thieves (%d thief requests; %d without a complete alert/decision/suspension"
                        + " trail); load average %s%n",
                title, thieves.size(), requests, incomplete, ProcessCpu.loadAverage());
        print("total: first malicious request -> first refusal", total);
        print("evidence: first malicious request -> the request the alert needed", evidence);
        print("machinery: that request -> first refusal (target p99 <= 500 ms)", machinery);
        out.println("  machinery by hop (\"on the topic\": received by a consumer tailing it):");
        print("  usage event -> alert on the topic (usage publisher, detector job)", detect);
        print("  alert on the topic -> taken up by the revocation service's policy", pickUp);
        print("  taken up -> decision on the topic (transaction, outbox relay)", decide);
        print("  taken up -> suspension on the topic (transaction, outbox relay)", suspensionSent);
        print("  suspension on the topic -> refusal seen by the thief (verifier follower)", propagate);
        // The slowest thieves by hop, with the alert's partition, offset and arrival: to line an
        // outlier up with the services' logs (-Dwatchword.stack.keep-logs=DIR).
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < slowest.size(); i++) {
            order.add(i);
        }
        order.sort((a, b) -> Long.compare(slowestMachinery.get(b), slowestMachinery.get(a)));
        out.println("  slowest thieves:");
        order.stream().limit(3).forEach(i -> out.println("    " + slowest.get(i)));
    }

    private void print(String what, Histogram h) {
        if (h.getTotalCount() == 0) {
            out.printf("  %-76s no samples%n", what);
            return;
        }
        out.printf(
                "  %-76s p50 %8.1f ms  p99 %8.1f ms  max %8.1f ms  (n=%d)%n",
                what,
                h.getValueAtPercentile(50) / 1000.0,
                h.getValueAtPercentile(99) / 1000.0,
                h.getMaxValue() / 1000.0,
                h.getTotalCount());
    }

    private static Histogram histogram() {
        return new Histogram(TimeUnit.MINUTES.toMicros(2), 3);
    }

    /** Clocks read in different JVMs can make a sub-millisecond hop negative: counted as 0. */
    private static void record(Histogram h, long micros) {
        h.recordValue(Math.max(0, Math.min(micros, h.getHighestTrackableValue())));
    }

    private static long micros(Instant at) {
        return TimeUnit.SECONDS.toMicros(at.getEpochSecond()) + at.getNano() / 1_000;
    }

    /** A record's value and when the tailing consumer received it. */
    private record Seen(JsonNode value, long arrivedMicros, int partition, long offset) {}

    /**
     * Tails the alert, decision and revocation topics from their current end while the thieves
     * run, and remembers when the first record about each credential arrived: the moment it was
     * visible to a consumer. Record timestamps would not do: the Flink sink stamps an alert with
     * its event time, the triggering request's time, not the time it was sent.
     */
    private static final class Tail implements AutoCloseable {
        private final Map<String, Seen> first = new ConcurrentHashMap<>();
        private final KafkaConsumer<String, byte[]> consumer;
        private final Thread thread;
        private volatile boolean running = true;

        Tail(String bootstrap, List<String> topics) {
            Properties p = new Properties();
            p.put("bootstrap.servers", bootstrap);
            p.put("key.deserializer", StringDeserializer.class.getName());
            p.put("value.deserializer", ByteArrayDeserializer.class.getName());
            p.put("isolation.level", "read_committed");
            consumer = new KafkaConsumer<>(p);
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                consumer.partitionsFor(topic).forEach(i -> partitions.add(new TopicPartition(topic, i.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position); // resolve the ends now, not at the first poll
            thread = new Thread(this::run, "leak-bench-tail");
            thread.setDaemon(true);
            thread.start();
        }

        private void run() {
            try {
                while (running) {
                    for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                        long now = LockoutBenchmark.nowMicros();
                        if (r.value() == null) {
                            continue;
                        }
                        JsonNode value = JSON.readTree(r.value());
                        first.putIfAbsent(
                                r.topic() + " " + value.path("credentialId").asText(),
                                new Seen(value, now, r.partition(), r.offset()));
                    }
                }
            } catch (WakeupException e) {
                // closing
            } catch (Exception e) {
                System.err.println("the topic tail stopped: " + e);
            } finally {
                consumer.close();
            }
        }

        Seen first(String topic, String credentialId) {
            return first.get(topic + " " + credentialId);
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            consumer.wakeup();
            thread.join(5_000);
        }
    }
}
