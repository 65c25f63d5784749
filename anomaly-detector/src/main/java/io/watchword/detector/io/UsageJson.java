package io.watchword.detector.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.watchword.detector.model.Usage;
import io.watchword.events.EventSerde;
import io.watchword.events.v1.RefusalReason;
import io.watchword.events.v1.UsageOutcome;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.LocalDate;

/**
 * The usage event's hot path: streams the JSON of an {@code ApiUsageRecorded} straight into a
 * {@link Usage}, without the record, the reflective required-property check or the date-time
 * formatter of the full serde (together ~25 % of the job's CPU when profiled).
 *
 * <p>It accepts only the plain shape every producer writes (string and integer tokens, a
 * canonical lower-case UUID, an instant {@code yyyy-MM-ddTHH:mm:ss[.fffffffff]Z}, exact enum
 * names, every required property present, no property twice) and returns {@code null} for
 * anything else — also for JSON the full serde would accept in another spelling. The caller then
 * reads the bytes with {@link EventSerde}, so acceptance and the dead-letter reasons stay exactly
 * those of the shared contract: this parser can only be faster, never more lenient.
 */
public final class UsageJson {
    private static final JsonFactory JSON = EventSerde.mapper().getFactory();

    private static final int EVENT_ID = 1;
    private static final int OCCURRED_AT = 1 << 1;
    private static final int SERVICE = 1 << 2;
    private static final int METHOD = 1 << 3;
    private static final int ROUTE = 1 << 4;
    private static final int TENANT = 1 << 5;
    private static final int CREDENTIAL = 1 << 6;
    private static final int STATUS = 1 << 7;
    private static final int LATENCY = 1 << 8;
    private static final int CLIENT_IP = 1 << 9;
    private static final int USER_AGENT = 1 << 10;
    private static final int REQUEST_BYTES = 1 << 11;
    private static final int RESPONSE_BYTES = 1 << 12;
    private static final int OUTCOME = 1 << 13;
    private static final int REFUSAL = 1 << 14;
    private static final int PREFIX = 1 << 15;
    /** The schema's required properties; the serde also refuses a missing number (no null primitives). */
    private static final int REQUIRED =
            EVENT_ID | OCCURRED_AT | SERVICE | METHOD | ROUTE | STATUS | LATENCY | REQUEST_BYTES | RESPONSE_BYTES;

    private UsageJson() {}

    /** The usage event in {@code json[offset, offset+length)}, or null if it is not in the plain shape. */
    public static Usage parse(byte[] json, int offset, int length) {
        if (json == null) {
            return null;
        }
        try (JsonParser p = JSON.createParser(json, offset, length)) {
            return read(p);
        } catch (IOException | RuntimeException e) {
            return null; // the full serde says what is wrong
        }
    }

    private static Usage read(JsonParser p) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            return null;
        }
        String eventId = null;
        long ts = 0;
        String tenantId = null;
        String credentialId = null;
        String service = null;
        String method = null;
        String route = null;
        int status = 0;
        String clientIp = null;
        String userAgent = null;
        long requestBytes = 0;
        long responseBytes = 0;
        boolean refused = false;
        String refusalReason = null;
        String displayPrefix = null;
        int seen = 0;
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            int bit = bit(name);
            if (bit == 0) {
                p.skipChildren(); // a property added later: ignored, as the serde does
                continue;
            }
            if ((seen & bit) != 0) {
                return null;
            }
            seen |= bit;
            switch (bit) {
                case EVENT_ID -> {
                    eventId = canonicalUuid(v, p);
                    if (eventId == null) {
                        return null;
                    }
                }
                case OCCURRED_AT -> {
                    if (v != JsonToken.VALUE_STRING) {
                        return null;
                    }
                    ts = epochMillis(p.getText());
                    if (ts < 0) {
                        return null;
                    }
                }
                case TENANT -> tenantId = text(v, p);
                case CREDENTIAL -> credentialId = text(v, p);
                case SERVICE -> service = text(v, p);
                case METHOD -> method = text(v, p);
                case ROUTE -> route = text(v, p);
                case CLIENT_IP -> clientIp = text(v, p);
                case USER_AGENT -> userAgent = text(v, p);
                case PREFIX -> displayPrefix = text(v, p);
                case STATUS -> {
                    if (v != JsonToken.VALUE_NUMBER_INT || p.getNumberType() != JsonParser.NumberType.INT) {
                        return null;
                    }
                    status = p.getIntValue();
                }
                case LATENCY, REQUEST_BYTES, RESPONSE_BYTES -> {
                    if (v != JsonToken.VALUE_NUMBER_INT || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                        return null;
                    }
                    long n = p.getLongValue();
                    if (bit == REQUEST_BYTES) {
                        requestBytes = n;
                    } else if (bit == RESPONSE_BYTES) {
                        responseBytes = n;
                    }
                }
                case OUTCOME -> {
                    if (v == JsonToken.VALUE_NULL) {
                        refused = false;
                    } else if (v == JsonToken.VALUE_STRING && p.getText().equals("ACCEPTED")) {
                        refused = false;
                    } else if (v == JsonToken.VALUE_STRING && p.getText().equals("REFUSED")) {
                        refused = true;
                    } else {
                        return null;
                    }
                }
                case REFUSAL -> {
                    if (v == JsonToken.VALUE_NULL) {
                        refusalReason = null;
                    } else if (v == JsonToken.VALUE_STRING && isRefusalReason(p.getText())) {
                        refusalReason = p.getText();
                    } else {
                        return null;
                    }
                }
                default -> {
                    return null;
                }
            }
            if (((bit & (TENANT | CREDENTIAL | SERVICE | METHOD | ROUTE | CLIENT_IP | USER_AGENT | PREFIX)) != 0)
                    && v != JsonToken.VALUE_STRING
                    && v != JsonToken.VALUE_NULL) {
                return null; // the serde would coerce a number to text, or refuse an object
            }
        }
        if (t != JsonToken.END_OBJECT || (seen & REQUIRED) != REQUIRED) {
            return null;
        }
        if (service == null || method == null || route == null) {
            return null; // required, present but null: the serde names it
        }
        return Usage.of(
                eventId,
                ts,
                tenantId,
                credentialId,
                service,
                method,
                route,
                status,
                clientIp,
                userAgent,
                requestBytes,
                responseBytes,
                refused,
                refusalReason,
                displayPrefix);
    }

    private static int bit(String name) {
        return switch (name) {
            case "eventId" -> EVENT_ID;
            case "occurredAt" -> OCCURRED_AT;
            case "tenantId" -> TENANT;
            case "credentialId" -> CREDENTIAL;
            case "service" -> SERVICE;
            case "method" -> METHOD;
            case "route" -> ROUTE;
            case "status" -> STATUS;
            case "latencyMicros" -> LATENCY;
            case "clientIp" -> CLIENT_IP;
            case "userAgent" -> USER_AGENT;
            case "requestBytes" -> REQUEST_BYTES;
            case "responseBytes" -> RESPONSE_BYTES;
            case "outcome" -> OUTCOME;
            case "refusalReason" -> REFUSAL;
            case "displayPrefix" -> PREFIX;
            default -> 0;
        };
    }

    private static String text(JsonToken v, JsonParser p) throws IOException {
        return v == JsonToken.VALUE_STRING ? p.getText() : null;
    }

    private static boolean isRefusalReason(String s) {
        for (RefusalReason r : REASONS) {
            if (r.name().equals(s)) {
                return true;
            }
        }
        return false;
    }

    private static final RefusalReason[] REASONS = RefusalReason.values();

    static {
        // The outcome names this parser matches by hand: a new constant must be added above.
        if (UsageOutcome.values().length != 2) {
            throw new IllegalStateException("UsageJson knows ACCEPTED and REFUSED only: " + UsageOutcome.class);
        }
    }

    /** A lower-case 8-4-4-4-12 hex UUID as is (what UUID.toString gives), else null. */
    private static String canonicalUuid(JsonToken v, JsonParser p) throws IOException {
        if (v != JsonToken.VALUE_STRING) {
            return null;
        }
        String s = p.getText();
        if (s.length() != 36) {
            return null;
        }
        for (int i = 0; i < 36; i++) {
            char c = s.charAt(i);
            boolean ok = i == 8 || i == 13 || i == 18 || i == 23
                    ? c == '-'
                    : (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
            if (!ok) {
                return null;
            }
        }
        return s;
    }

    /**
     * Epoch millis of {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z} from 1970 on (the instant truncated to
     * the millisecond, as {@code Instant.toEpochMilli}); -1 for any other spelling or an invalid date.
     */
    static long epochMillis(String s) {
        int n = s.length();
        if (n < 20
                || s.charAt(4) != '-'
                || s.charAt(7) != '-'
                || s.charAt(10) != 'T'
                || s.charAt(13) != ':'
                || s.charAt(16) != ':'
                || s.charAt(n - 1) != 'Z') {
            return -1;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        if (year < 1970
                || month < 0
                || day < 0
                || hour < 0
                || hour > 23
                || minute < 0
                || minute > 59
                || second < 0
                || second > 59) {
            return -1;
        }
        int millis = 0;
        if (n > 20) {
            int fraction = n - 21; // digits between '.' and 'Z'
            if (s.charAt(19) != '.' || fraction < 1 || fraction > 9 || digits(s, 20, fraction) < 0) {
                return -1;
            }
            for (int i = 0; i < 3; i++) {
                millis = millis * 10 + (i < fraction ? s.charAt(20 + i) - '0' : 0);
            }
        }
        long epochDay;
        try {
            epochDay = LocalDate.of(year, month, day).toEpochDay();
        } catch (DateTimeException e) {
            return -1;
        }
        return ((epochDay * 24 + hour) * 60 + minute) * 60_000L + second * 1000L + millis;
    }

    private static int digits(String s, int from, int count) {
        int v = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
