package io.watchword.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.watchword.events.Topics;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The detection loop of the quick start: a key serves its owner's normal traffic at the example
 * service; then a thief uses it from another loopback address (127.0.0.2), with another client and
 * another route; the anomaly detector raises an alert, the revocation service applies the tenant's
 * policy (suspend), and the example service refuses the key. Prints the timeline.
 */
final class DetectionLoop {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OWNER_UA = "inventory-sync/2.4.1";
    private static final String THIEF_UA = "curl/8.5.0";

    /** What the loop measured (wall clock of this JVM; record timestamps of the services' producers). */
    record Result(
            String keyId,
            Instant firstThiefRequest,
            Instant alertPublished,
            String severity,
            List<String> detectors,
            Instant decisionPublished,
            String action,
            Instant firstRefusal,
            int refusalStatus) {

        Duration leakToLockout() {
            return Duration.between(firstThiefRequest, firstRefusal);
        }
    }

    private final LocalStack stack;
    private final String tenantAdmin;
    private final Consumer<String> say;

    DetectionLoop(LocalStack stack, String tenantAdmin, Consumer<String> say) {
        this.stack = stack;
        this.tenantAdmin = tenantAdmin;
        this.say = say;
    }

    Result run() throws Exception {
        WatchwordApi api = stack.api();
        api.putJson(
                        stack.revocationUrl(),
                        "/v1/policy",
                        tenantAdmin,
                        Map.of(
                                "defaultAction",
                                "NOTIFY",
                                "rules",
                                List.of(Map.of("name", "suspect-key", "minSeverity", "LOW", "action", "SUSPEND"))))
                .expect(200);
        say.accept("Response policy of 'acme': any alert suspends the key (rule 'suspect-key')");

        WatchwordApi.Answer key = api.postJson(
                        stack.issuerUrl(),
                        "/v1/keys",
                        tenantAdmin,
                        Map.of(
                                "name",
                                "inventory-sync",
                                "environment",
                                "live",
                                "scopes",
                                List.of("orders:read", "orders:write"),
                                "ttl",
                                "P30D"))
                .expect(201);
        String keyId = key.text("id");
        String token = api.postJson(
                        stack.issuerUrl(),
                        "/v1/tokens",
                        key.text("key"),
                        Map.of("audience", LocalStack.EXAMPLE_AUDIENCE))
                .expect(200)
                .text("access_token");
        URI example = stack.exampleUrl();
        int ok = 0;
        for (int i = 0; i < 30; i++) {
            if (LoopbackClient.call(example, "127.0.0.1", OWNER_UA, "GET", token) == 200) {
                ok++;
            }
            Thread.sleep(30);
        }
        say.accept("Key " + keyId + " serves its owner: " + ok + " × GET /orders from 127.0.0.1 as " + OWNER_UA
                + " (the detector learns this as the key's normal behaviour)");
        Thread.sleep(1500); // let the usage reach the detector before the thief's, as in real life

        Instant firstThief = Instant.now();
        int status = 0;
        int thiefCalls = 0;
        Instant refusedAt = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            status = LoopbackClient.call(example, "127.0.0.2", THIEF_UA, "POST", token);
            thiefCalls++;
            if (status == 401 || status == 403) {
                refusedAt = Instant.now();
                break;
            }
            Thread.sleep(50);
        }
        if (refusedAt == null) {
            throw new IllegalStateException("the thief was still served after 30 s (last HTTP " + status + ")");
        }
        JsonNode alert = await(Topics.ALERTS.name(), keyId, null);
        JsonNode decision = await(
                Topics.DECISIONS.name(),
                keyId,
                alert.path("value").path("eventId").asText());
        List<String> detectors = new ArrayList<>();
        alert.path("value")
                .path("findings")
                .forEach(f -> detectors.add(f.path("detector").asText()));
        Result result = new Result(
                keyId,
                firstThief,
                Instant.ofEpochMilli(alert.path("timestamp").asLong()),
                alert.path("value").path("severity").asText(),
                detectors,
                Instant.ofEpochMilli(decision.path("timestamp").asLong()),
                decision.path("value").path("action").asText(),
                refusedAt,
                status);
        say.accept("A thief uses the same key from 127.0.0.2 as " + THIEF_UA + ", POST /orders: " + thiefCalls
                + " request(s) until the example service answered HTTP " + status);
        say.accept("Timeline (from the thief's first request):\n"
                + "      +" + ms(firstThief, firstThief) + " ms  thief's first request at the example service\n"
                + "      +" + ms(firstThief, result.alertPublished()) + " ms  alert on " + Topics.ALERTS.name() + ": "
                + result.severity() + " " + detectors + "\n"
                + "      +" + ms(firstThief, result.decisionPublished()) + " ms  revocation service decided "
                + result.action() + " (policy rule 'suspect-key')\n"
                + "      +" + ms(firstThief, refusedAt) + " ms  the example service refuses the key (HTTP " + status
                + ")");
        say.accept("Watch alerts as a SOC analyst: kcat -b "
                + stack.infrastructure().kafkaBootstrapServers() + " -t " + Topics.ALERTS.name()
                + " -C -e (docs/alerts.md)");
        return result;
    }

    private static long ms(Instant from, Instant to) {
        return Duration.between(from, to).toMillis();
    }

    /** The first record of topic about keyId (and, if given, naming alertId), as {timestamp, value}. */
    private JsonNode await(String topic, String keyId, String alertId) throws IOException {
        Properties p = new Properties();
        p.put("bootstrap.servers", stack.infrastructure().kafkaBootstrapServers());
        p.put("key.deserializer", StringDeserializer.class.getName());
        p.put("value.deserializer", ByteArrayDeserializer.class.getName());
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(i -> new TopicPartition(topic, i.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (!keyId.equals(r.key()) || r.value() == null) {
                        continue;
                    }
                    JsonNode value = JSON.readTree(r.value());
                    if (alertId == null || alertId.equals(value.path("alertId").asText())) {
                        return JSON.createObjectNode()
                                .put("timestamp", r.timestamp())
                                .set("value", value);
                    }
                }
            }
        }
        throw new IllegalStateException("nothing about " + keyId + " on " + topic + " within 30 s");
    }
}
