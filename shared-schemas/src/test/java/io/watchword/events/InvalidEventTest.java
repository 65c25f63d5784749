package io.watchword.events;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.watchword.events.v1.AnomalyDetected;
import io.watchword.events.v1.CredentialIssued;
import io.watchword.events.v1.CredentialRevocationChanged;
import io.watchword.events.v1.CredentialType;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class InvalidEventTest {

    @Test
    void malformedJsonSaysItIsMalformed() {
        byte[] json = "{\"eventId\": \"0b7f5a8e-".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> EventSerde.deserialize(json, AnomalyDetected.class))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("not a valid AnomalyDetected")
                .hasMessageContaining("malformed JSON");
    }

    @Test
    void missingEventIdIsNamed() {
        ObjectNode json = sample(EventType.CREDENTIAL_ISSUED);
        json.remove("eventId");

        assertThatThrownBy(() -> EventSerde.deserialize(bytes(json), CredentialIssued.class))
                .isInstanceOf(InvalidEventException.class)
                .hasMessage("CredentialIssued lacks required property eventId");
    }

    @Test
    void everyMissingRequiredPropertyIsNamed() {
        ObjectNode json = sample(EventType.ANOMALY_DETECTED);
        json.remove("severity");
        json.remove("windowEnd");

        assertThatThrownBy(() -> EventSerde.deserialize(bytes(json), AnomalyDetected.class))
                .isInstanceOf(InvalidEventException.class)
                .hasMessage("AnomalyDetected lacks required properties severity, windowEnd");
    }

    @Test
    void missingScopesListIsNamedRatherThanANullPointer() {
        ObjectNode json = sample(EventType.CREDENTIAL_ISSUED);
        json.remove("scopes");

        assertThatThrownBy(() -> EventSerde.deserialize(bytes(json), CredentialIssued.class))
                .isInstanceOf(InvalidEventException.class)
                .hasMessage("CredentialIssued lacks required property scopes");
    }

    @Test
    void unknownCloudEventTypeListsTheKnownOnes() {
        byte[] json = EventSerde.serialize(SampleEvents.full(EventType.ANOMALY_DETECTED));

        assertThatThrownBy(() -> EventSerde.deserialize(json, "io.watchword.anomaly.detected.v9"))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("unknown event type 'io.watchword.anomaly.detected.v9'");
    }

    @Test
    void wrongEnumValueNamesTheFieldAndTheAcceptedValues() {
        ObjectNode json = sample(EventType.CREDENTIAL_REVOCATION_CHANGED);
        json.put("status", "DELETED");

        assertThatThrownBy(() -> EventSerde.deserialize(bytes(json), CredentialRevocationChanged.class))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("not a valid CredentialRevocationChanged at 'status'")
                .hasMessageEndingWith("'DELETED' is not one of REVOKED, SUSPENDED, REINSTATED");
    }

    @Test
    void malformedUuidNamesTheField() {
        ObjectNode json = sample(EventType.RESPONSE_DECIDED);
        json.put("alertId", "alert-42");

        assertThatThrownBy(() -> EventSerde.deserialize(bytes(json), EventType.RESPONSE_DECIDED.recordClass()))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("at 'alertId'");
    }

    @Test
    void jsonNullValueIsRefused() {
        assertThatThrownBy(
                        () -> EventSerde.deserialize("null".getBytes(StandardCharsets.UTF_8), CredentialIssued.class))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("JSON null");
    }

    @Test
    void producerCannotWriteAnEventItsConsumersWouldRefuse() {
        CredentialRevocationChanged incomplete = new CredentialRevocationChanged(
                SampleEvents.full(EventType.ANOMALY_DETECTED).eventId(),
                SampleEvents.AT,
                SampleEvents.TENANT,
                SampleEvents.KEY_ID,
                CredentialType.API_KEY,
                null,
                null,
                null,
                null,
                null,
                null);

        assertThatThrownBy(() -> EventSerde.serialize(incomplete))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("CredentialRevocationChanged lacks required property status"
                        + " (see /schemas/v1/CredentialRevocationChanged.schema.json)");
    }

    private static ObjectNode sample(EventType type) {
        return (ObjectNode) EventSerde.mapper().valueToTree(SampleEvents.full(type));
    }

    private static byte[] bytes(ObjectNode json) {
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }
}
