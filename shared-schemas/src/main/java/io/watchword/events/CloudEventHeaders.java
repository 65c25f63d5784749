package io.watchword.events;

import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CloudEvents 1.0 attributes for the Kafka protocol binding in binary content mode: the record
 * value is the event's JSON and the attributes travel as {@code ce_}-prefixed headers.
 */
public final class CloudEventHeaders {

    public static final String SPEC_VERSION = "ce_specversion";
    public static final String ID = "ce_id";
    public static final String SOURCE = "ce_source";
    public static final String TYPE = "ce_type";
    public static final String TIME = "ce_time";
    public static final String SUBJECT = "ce_subject";
    public static final String DATA_SCHEMA = "ce_dataschema";
    /** Extension attribute: the tenant, so consumers can route without parsing the body. */
    public static final String TENANT = "ce_tenant";

    public static final String CONTENT_TYPE = "content-type";
    public static final String JSON = "application/json";

    private CloudEventHeaders() {}

    /**
     * The headers for one event, in a stable order.
     *
     * @param source the CloudEvents {@code source}, e.g. {@code /watchword/issuer-service}
     */
    public static Map<String, byte[]> of(WatchwordEvent event, String source) {
        EventType type = EventType.of(event);
        Map<String, byte[]> headers = new LinkedHashMap<>();
        headers.put(SPEC_VERSION, bytes("1.0"));
        headers.put(ID, bytes(event.eventId().toString()));
        headers.put(SOURCE, bytes(source));
        headers.put(TYPE, bytes(type.cloudEventType()));
        headers.put(TIME, bytes(DateTimeFormatter.ISO_INSTANT.format(event.occurredAt())));
        // subject and the tenant extension are optional in CloudEvents: an audit record of a caller
        // that could not be authenticated has neither, and must still be publishable.
        if (event.subject() != null) {
            headers.put(SUBJECT, bytes(event.subject()));
        }
        headers.put(DATA_SCHEMA, bytes(type.dataSchema()));
        if (event.tenantId() != null) {
            headers.put(TENANT, bytes(event.tenantId()));
        }
        headers.put(CONTENT_TYPE, bytes(JSON));
        return headers;
    }

    public static String text(byte[] headerValue) {
        return headerValue == null ? null : new String(headerValue, StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
