package io.watchword.detector.io;

import io.watchword.detector.baseline.Thresholds;
import io.watchword.detector.model.ControlRule;
import io.watchword.detector.model.DeadLetter;
import io.watchword.events.EventSerde;
import io.watchword.events.InvalidEventException;
import io.watchword.events.Topics;
import io.watchword.events.WatchwordEvent;
import io.watchword.events.kafka.EventRecords;
import io.watchword.events.v1.DetectorControlChanged;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Reads the control topic ({@code watchword.detector-control.v1}, {@link DetectorControlChanged}):
 * a record becomes a rule, a tombstone withdraws the rule of its key, anything else is a dead
 * letter with the reason (the job goes on).
 */
public final class ControlRules {
    public static final String TOPIC = Topics.DETECTOR_CONTROL.name();

    private ControlRules() {}

    public static ControlRule fromKafka(ConsumerRecord<byte[], byte[]> record) {
        try {
            if (record.value() == null) {
                String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
                if (key == null || key.isEmpty()) {
                    throw new InvalidEventException("a control tombstone needs the key of the rule it withdraws");
                }
                ControlRule r = new ControlRule();
                r.ruleId = key;
                r.withdrawn = true;
                return r;
            }
            WatchwordEvent event = EventRecords.read(record);
            if (!(event instanceof DetectorControlChanged control)) {
                throw new InvalidEventException(event.getClass().getSimpleName() + " is not a control record");
            }
            return of(control);
        } catch (RuntimeException e) {
            ControlRule r = new ControlRule();
            r.dead = DeadLetter.of(record, e);
            return r;
        }
    }

    /** A control line of a backtest (the record's JSON); throws if it is not a valid rule. */
    public static ControlRule parse(String json) {
        return of(EventSerde.deserialize(json.getBytes(StandardCharsets.UTF_8), DetectorControlChanged.class));
    }

    static ControlRule of(DetectorControlChanged c) {
        ControlRule r = new ControlRule();
        r.ruleId = DetectorControlChanged.key(c.tenantId(), c.ruleId());
        r.tenantId = c.tenantId();
        r.credentialId = c.credentialId();
        r.fromMs = c.changeFrom() == null ? Long.MIN_VALUE : c.changeFrom().toEpochMilli();
        r.untilMs = c.changeUntil() == null ? Long.MAX_VALUE : c.changeUntil().toEpochMilli();
        if (c.overrides() != null) {
            c.overrides().forEach((name, value) -> {
                if (!Thresholds.overridable(name)) {
                    throw new InvalidEventException("setting '" + name + "' cannot be overridden per tenant");
                }
                double v;
                try {
                    v = Double.parseDouble(value);
                } catch (NumberFormatException e) {
                    throw new InvalidEventException("override '" + name + "' is not a number");
                }
                if (!Double.isFinite(v) || v < 0) {
                    throw new InvalidEventException("override '" + name + "' must be a finite number ≥ 0");
                }
                r.overrides.put(name, value);
            });
        }
        if (r.overrides.isEmpty() && (c.changeFrom() == null || c.changeUntil() == null)) {
            throw new InvalidEventException("an announced change needs changeFrom and changeUntil");
        }
        if (r.fromMs >= r.untilMs) {
            throw new InvalidEventException("changeFrom must be before changeUntil");
        }
        return r;
    }
}
