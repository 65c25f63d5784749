package io.watchword.events;

import io.watchword.events.v1.AnomalyDetected;
import io.watchword.events.v1.ApiUsageRecorded;
import io.watchword.events.v1.AuditRecorded;
import io.watchword.events.v1.CredentialExpired;
import io.watchword.events.v1.CredentialHygieneNotice;
import io.watchword.events.v1.CredentialIssued;
import io.watchword.events.v1.CredentialRevocationChanged;
import io.watchword.events.v1.CredentialRotated;
import io.watchword.events.v1.CredentialStateChanged;
import io.watchword.events.v1.CredentialUpdated;
import io.watchword.events.v1.DetectorControlChanged;
import io.watchword.events.v1.RateUsageReported;
import io.watchword.events.v1.ResponseDecided;
import io.watchword.events.v1.VerifierStatusReported;
import java.util.Arrays;
import java.util.Optional;

/**
 * Every event type: its CloudEvents {@code type}, Java record, topic and JSON Schema (under
 * {@code /schemas/v1/} on the classpath).
 */
public enum EventType {
    CREDENTIAL_ISSUED("io.watchword.credential.issued.v1", CredentialIssued.class, Topics.CREDENTIALS),
    CREDENTIAL_UPDATED("io.watchword.credential.updated.v1", CredentialUpdated.class, Topics.CREDENTIALS),
    CREDENTIAL_ROTATED("io.watchword.credential.rotated.v1", CredentialRotated.class, Topics.CREDENTIALS),
    CREDENTIAL_EXPIRED("io.watchword.credential.expired.v1", CredentialExpired.class, Topics.CREDENTIALS),
    CREDENTIAL_REVOCATION_CHANGED(
            "io.watchword.credential.revocation-changed.v1", CredentialRevocationChanged.class, Topics.REVOCATIONS),
    CREDENTIAL_STATE_CHANGED(
            "io.watchword.credential.state-changed.v1", CredentialStateChanged.class, Topics.CREDENTIAL_STATE),
    API_USAGE_RECORDED("io.watchword.usage.recorded.v1", ApiUsageRecorded.class, Topics.USAGE),
    ANOMALY_DETECTED("io.watchword.anomaly.detected.v1", AnomalyDetected.class, Topics.ALERTS),
    RESPONSE_DECIDED("io.watchword.response.decided.v1", ResponseDecided.class, Topics.DECISIONS),
    AUDIT_RECORDED("io.watchword.audit.recorded.v1", AuditRecorded.class, Topics.AUDIT),
    RATE_USAGE_REPORTED("io.watchword.rate.usage-reported.v1", RateUsageReported.class, Topics.RATE_USAGE),
    VERIFIER_STATUS_REPORTED(
            "io.watchword.verifier.status-reported.v1", VerifierStatusReported.class, Topics.VERIFIER_FLEET),
    DETECTOR_CONTROL_CHANGED(
            "io.watchword.detector.control-changed.v1", DetectorControlChanged.class, Topics.DETECTOR_CONTROL),
    CREDENTIAL_HYGIENE_NOTICE("io.watchword.hygiene.notice.v1", CredentialHygieneNotice.class, Topics.HYGIENE);

    private final String cloudEventType;
    private final Class<? extends WatchwordEvent> recordClass;
    private final TopicSpec topic;

    EventType(String cloudEventType, Class<? extends WatchwordEvent> recordClass, TopicSpec topic) {
        this.cloudEventType = cloudEventType;
        this.recordClass = recordClass;
        this.topic = topic;
    }

    public String cloudEventType() {
        return cloudEventType;
    }

    public Class<? extends WatchwordEvent> recordClass() {
        return recordClass;
    }

    public TopicSpec topic() {
        return topic;
    }

    /** Classpath location of this type's JSON Schema. */
    public String schemaResource() {
        return "/schemas/v1/" + recordClass.getSimpleName() + ".schema.json";
    }

    /** The CloudEvents {@code dataschema} attribute: a stable URN, not a fetchable address. */
    public String dataSchema() {
        return "urn:watchword:schema:" + cloudEventType;
    }

    public static Optional<EventType> fromCloudEventType(String type) {
        return Arrays.stream(values())
                .filter(t -> t.cloudEventType.equals(type))
                .findFirst();
    }

    public static EventType of(WatchwordEvent event) {
        return of(event.getClass());
    }

    public static EventType of(Class<?> recordClass) {
        for (EventType type : values()) {
            if (type.recordClass == recordClass) {
                return type;
            }
        }
        throw new IllegalArgumentException("not a Watchword event: " + recordClass.getName());
    }
}
