package io.watchword.detector.io;

import com.fasterxml.jackson.databind.JsonNode;
import io.watchword.detector.baseline.Thresholds;
import io.watchword.detector.model.ControlRule;
import io.watchword.events.EventSerde;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control topic {@value #TOPIC}: one JSON object per record, e.g.
 *
 * <pre>
 * {"ruleId":"chg-42","tenantId":"acme","credentialId":"key_…","from":"2026-12-02T09:00:00Z",
 *  "until":"2026-12-02T12:00:00Z","overrides":{"alert.threshold":"1.5"},"withdrawn":false}
 * </pre>
 *
 * Without overrides a rule announces a change window (softens behavioural findings); with them it
 * overrides the tenant's thresholds within the window (no window = from now on). A rule that does
 * not parse is skipped with a warning, never fails the job.
 */
public final class ControlRules {
    public static final String TOPIC = "watchword.detector-control.v1";
    private static final Logger LOG = LoggerFactory.getLogger(ControlRules.class);

    private ControlRules() {}

    public static ControlRule fromKafka(ConsumerRecord<byte[], byte[]> record) {
        if (record.value() == null) {
            return null;
        }
        try {
            return parse(new String(record.value(), StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            LOG.warn(
                    "control record {}-{}@{} skipped: {}",
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    e.getMessage());
            return null;
        }
    }

    public static ControlRule parse(String json) {
        JsonNode n;
        try {
            n = EventSerde.mapper().readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException("not JSON");
        }
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        ControlRule r = new ControlRule();
        r.ruleId = text(n, "ruleId", true);
        r.tenantId = text(n, "tenantId", true);
        r.credentialId = text(n, "credentialId", false);
        String from = text(n, "from", false);
        String until = text(n, "until", false);
        r.fromMs = from == null ? Long.MIN_VALUE : Instant.parse(from).toEpochMilli();
        r.untilMs = until == null ? Long.MAX_VALUE : Instant.parse(until).toEpochMilli();
        r.withdrawn = n.path("withdrawn").asBoolean(false);
        JsonNode o = n.path("overrides");
        if (o.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!Thresholds.overridable(e.getKey())) {
                    throw new IllegalArgumentException("'" + e.getKey() + "' cannot be overridden");
                }
                r.overrides.put(e.getKey(), e.getValue().asText());
            }
        }
        if (r.overrides.isEmpty() && (from == null || until == null) && !r.withdrawn) {
            throw new IllegalArgumentException("an announced change needs 'from' and 'until'");
        }
        return r;
    }

    private static String text(JsonNode n, String field, boolean required) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw new IllegalArgumentException("'" + field + "' is required");
            }
            return null;
        }
        if (!v.isTextual() || v.asText().isEmpty() || v.asText().length() > 200) {
            throw new IllegalArgumentException("'" + field + "' must be a short string");
        }
        return v.asText();
    }
}
