package io.watchword.deploy.hostile;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * Generates malformed records for one consumed topic from a seed: garbage bytes, truncated JSON,
 * missing, unknown or wrong {@code ce_type}, another topic's event, missing required fields, wrong
 * enum values and types, huge values, null keys, empty and null values. Each names a credential
 * that does not exist, so a consumer that wrongly applies one harms nothing. Events are written as
 * JSON by hand (not with the shared-schemas records) so the suite keeps compiling when a contract
 * gains fields.
 */
public final class MalformedRecordGenerator {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ALPHANUMERIC = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    /** A consumed topic: its name, partitions, event type, and which fields must be present. */
    public record ConsumedTopic(
            String name, int partitions, String ceType, boolean compacted, List<String> required, String enumField) {}

    public static final ConsumedTopic CREDENTIALS = new ConsumedTopic(
            "watchword.credentials.v1",
            6,
            "io.watchword.credential.issued.v1",
            false,
            List.of("eventId", "occurredAt", "tenantId", "credentialId", "credentialType", "expiresAt", "scopes"),
            "credentialType");
    public static final ConsumedTopic REVOCATIONS = new ConsumedTopic(
            "watchword.revocations.v1",
            6,
            "io.watchword.credential.revocation-changed.v1",
            true,
            List.of("eventId", "occurredAt", "tenantId", "credentialId", "status"),
            "status");
    public static final ConsumedTopic ALERTS = new ConsumedTopic(
            "watchword.alerts.v1",
            6,
            "io.watchword.anomaly.detected.v1",
            false,
            List.of("eventId", "occurredAt", "tenantId", "credentialId", "severity", "detector"),
            "severity");
    /** The contract of issue 6 (BRIEF contract 1); used only when the topic exists. */
    public static final ConsumedTopic CREDENTIAL_STATE = new ConsumedTopic(
            "watchword.credential-state.v1",
            6,
            "io.watchword.credential.state-changed.v1",
            true,
            List.of("eventId", "occurredAt", "tenantId", "credentialId", "status"),
            "status");

    private final long seed;

    public MalformedRecordGenerator(long seed) {
        this.seed = seed;
    }

    /** {@code count} malformed records for {@code topic}, spread over its partitions. */
    public List<MalformedRecord> malformed(ConsumedTopic topic, int count) {
        Random rnd = new Random(seed ^ topic.name().hashCode());
        List<MalformedRecord> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            records.add(one(topic, i, new Random(rnd.nextLong())));
        }
        return records;
    }

    private MalformedRecord one(ConsumedTopic topic, int i, Random rnd) {
        String id = topic.name() + "#" + i;
        int partition = i % topic.partitions();
        String credentialId = "key_" + random(rnd, 22);
        ObjectNode event = event(topic, "hostile-ghost", credentialId);
        Map<String, byte[]> headers = ceHeaders(topic.ceType(), event);
        byte[] key = utf8(topic.compacted() ? "hostile-ghost/" + credentialId : credentialId);
        byte[] value;
        String kind;
        int kinds = topic.compacted() ? 17 : 18;
        int pick = rnd.nextInt(kinds);
        switch (pick) {
            case 0 -> {
                value = new byte[1 + rnd.nextInt(512)];
                rnd.nextBytes(value);
                kind = "garbage-bytes";
            }
            case 1 -> {
                String json = event.toString();
                value = utf8(json.substring(0, 1 + rnd.nextInt(json.length() - 2)));
                kind = "truncated-json";
            }
            case 2 -> {
                headers.remove("ce_type");
                value = utf8(event.toString());
                kind = "missing-ce-type";
            }
            case 3 -> {
                headers.put("ce_type", utf8("io.watchword.nothing-like-this.v1"));
                value = utf8(event.toString());
                kind = "unknown-ce-type";
            }
            case 4 -> {
                ConsumedTopic other = topic == ALERTS ? CREDENTIALS : ALERTS;
                ObjectNode foreign = event(other, "hostile-ghost", credentialId);
                headers = ceHeaders(other.ceType(), foreign);
                value = utf8(foreign.toString());
                kind = "event-of-another-topic";
            }
            case 5 -> {
                ConsumedTopic other = topic == ALERTS ? CREDENTIALS : ALERTS;
                value = utf8(event(other, "hostile-ghost", credentialId).toString());
                kind = "this-ce-type-other-body";
            }
            case 6 -> {
                String field = topic.required().get(rnd.nextInt(topic.required().size()));
                event.remove(field);
                value = utf8(event.toString());
                kind = "missing-" + field;
            }
            case 7 -> {
                event.put(topic.enumField(), "BOGUS_" + random(rnd, 4));
                value = utf8(event.toString());
                kind = "wrong-enum-" + topic.enumField();
            }
            case 8 -> {
                if (rnd.nextBoolean()) {
                    event.put("eventId", 42);
                } else {
                    event.put("occurredAt", "yesterday");
                }
                value = utf8(event.toString());
                kind = "wrong-type";
            }
            case 9 -> {
                event.put("tenantId", "t".repeat(200_000 + rnd.nextInt(100_000)));
                value = utf8(event.toString());
                kind = "huge-value";
            }
            case 10 -> {
                // A compacted topic refuses a null key at the broker: the empty key is the nearest
                // a consumer can ever see there.
                key = topic.compacted() ? new byte[0] : null;
                value = new byte[64];
                rnd.nextBytes(value);
                kind = topic.compacted() ? "empty-key-garbage" : "null-key-garbage";
            }
            case 11 -> {
                value = new byte[0];
                kind = "empty-value";
            }
            case 12 -> {
                value = utf8("null");
                kind = "json-null";
            }
            case 13 -> {
                value = utf8("[" + event + "]");
                kind = "top-level-array";
            }
            case 14 -> {
                int depth = 5_000 + rnd.nextInt(20_000);
                value = utf8("[".repeat(depth) + "]".repeat(depth));
                kind = "deeply-nested";
            }
            case 15 -> {
                byte[] json = utf8(event.toString().replace("hostile-ghost", "ghost\u0001"));
                value = new byte[json.length + 2];
                System.arraycopy(json, 0, value, 0, json.length);
                value[json.length] = (byte) 0xC3;
                value[json.length + 1] = (byte) 0x28;
                kind = "invalid-utf8";
            }
            case 16 -> {
                headers.put("ce_type", new byte[] {(byte) 0xFF, 0, (byte) 0xFE});
                value = utf8(event.toString());
                kind = "binary-ce-type";
            }
            default -> {
                // A null value on a topic that is not compacted: not a tombstone, just nothing.
                value = null;
                kind = "null-value";
            }
        }
        headers.put(MalformedRecord.ID_HEADER, utf8(id));
        return new MalformedRecord(id, topic.name(), partition, key, value, headers, kind, true);
    }

    /** A well-formed event of {@code topic} for {@code credentialId} of {@code tenantId}. */
    public static ObjectNode event(ConsumedTopic topic, String tenantId, String credentialId) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        ObjectNode e = JSON.createObjectNode();
        e.put("eventId", UUID.randomUUID().toString());
        e.put("occurredAt", now.toString());
        e.put("tenantId", tenantId);
        e.put("credentialId", credentialId);
        if (topic == CREDENTIALS) {
            e.put("credentialType", "API_KEY");
            e.put("name", "hostile");
            e.put("environment", "test");
            e.put("displayPrefix", "ww_test_host");
            e.putArray("scopes").add("orders:read");
            e.putArray("allowedCidrs");
            e.putObject("metadata");
            e.put("expiresAt", now.plus(7, ChronoUnit.DAYS).toString());
            e.put("actor", "adm_" + "0".repeat(22));
        } else if (topic == REVOCATIONS) {
            e.put("credentialType", "API_KEY");
            e.put("status", "REVOKED");
            e.put("reason", "COMPROMISED");
            e.put("requestedBy", "hostile-suite");
            e.put("expiresAt", now.plus(7, ChronoUnit.DAYS).toString());
        } else if (topic == ALERTS) {
            e.put("detector", "hostile-suite");
            e.put("severity", "LOW");
            e.put("score", 0.5);
            e.put("description", "generated by the bad-input suite");
            e.put("windowStart", now.minus(5, ChronoUnit.MINUTES).toString());
            e.put("windowEnd", now.toString());
            e.putObject("evidence");
        } else {
            e.put("credentialType", "API_KEY");
            e.put("environment", "test");
            e.put("displayPrefix", "ww_test_host");
            e.put("name", "hostile");
            e.putArray("scopes").add("orders:read");
            e.putArray("allowedCidrs");
            e.put("expiresAt", now.plus(7, ChronoUnit.DAYS).toString());
            e.put("status", "REVOKED");
        }
        return e;
    }

    /** CloudEvents binary-mode headers for {@code event}, as the producers write them. */
    public static Map<String, byte[]> ceHeaders(String ceType, ObjectNode event) {
        Map<String, byte[]> headers = new LinkedHashMap<>();
        headers.put("ce_specversion", utf8("1.0"));
        headers.put("ce_id", utf8(event.path("eventId").asText()));
        headers.put("ce_source", utf8("watchword/hostile-suite"));
        headers.put("ce_type", utf8(ceType));
        headers.put("ce_time", utf8(event.path("occurredAt").asText()));
        headers.put("content-type", utf8("application/json"));
        return headers;
    }

    private static String random(Random rnd, int length) {
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            s.append(ALPHANUMERIC.charAt(rnd.nextInt(ALPHANUMERIC.length())));
        }
        return s.toString();
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
