package io.watchword.detector.model;

import io.watchword.events.EventSerde;
import io.watchword.events.v1.AnomalyDetected;
import java.nio.charset.StandardCharsets;

/**
 * An alert on its way to a sink, as its JSON: AnomalyDetected holds immutable collections that
 * Flink's generic serializer cannot copy, and the sink needs the JSON anyway.
 */
public class AlertOut {
    public String credentialId;
    public long ts;
    public String json;

    public AlertOut() {}

    public static AlertOut of(AnomalyDetected alert) {
        AlertOut a = new AlertOut();
        a.credentialId = alert.credentialId();
        a.ts = alert.occurredAt().toEpochMilli();
        a.json = new String(EventSerde.serialize(alert), StandardCharsets.UTF_8);
        return a;
    }

    public AnomalyDetected event() {
        return EventSerde.deserialize(json.getBytes(StandardCharsets.UTF_8), AnomalyDetected.class);
    }
}
