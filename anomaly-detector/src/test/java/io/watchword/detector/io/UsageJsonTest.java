package io.watchword.detector.io;

import static org.assertj.core.api.Assertions.assertThat;

import io.watchword.detector.TestEvents;
import io.watchword.detector.model.Usage;
import io.watchword.events.EventSerde;
import io.watchword.events.v1.ApiUsageRecorded;
import io.watchword.events.v1.RefusalReason;
import io.watchword.events.v1.UsageOutcome;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The streaming usage parser against the shared serde: on every valid event in the producers'
 * shape it gives the same {@code Usage}, and on seeded variants (other spellings, wrong types,
 * missing or repeated properties, invalid dates) it either gives the same {@code Usage} or steps
 * aside — never accepting what the serde refuses.
 */
class UsageJsonTest {
    static final Instant AT = Instant.parse("2026-12-01T08:15:30.123Z");

    static List<String> validEvents() {
        List<String> valid = new ArrayList<>();
        valid.add(TestEvents.json(TestEvents.owner("key_a", AT, 1)));
        valid.add(TestEvents.json(TestEvents.thief("key_a", AT.plusNanos(987_654_321), 2)));
        valid.add(TestEvents.json(new ApiUsageRecorded(
                UUID.randomUUID(),
                AT,
                null,
                null,
                "svc",
                "POST",
                "/v1/x",
                401,
                12,
                null,
                null,
                0,
                0,
                UsageOutcome.REFUSED,
                RefusalReason.REVOKED,
                "ww_live_ab12")));
        valid.add(TestEvents.json(new ApiUsageRecorded(
                UUID.randomUUID(),
                Instant.parse("2026-02-28T23:59:59Z"),
                "ten",
                "key_b",
                "svc",
                "GET",
                "/",
                200,
                1,
                "2001:db8::1",
                "Mozilla/5.0 Firefox/120.0",
                1,
                Long.MAX_VALUE)));
        return valid;
    }

    @Test
    void everyValidEventInTheProducersShapeParsesToTheSameUsageAsTheSerde() {
        for (String json : validEvents()) {
            Usage fast = fast(json);
            assertThat(fast).as(json).isNotNull();
            assertThat(fast).usingRecursiveComparison().isEqualTo(full(json));
        }
    }

    @Test
    void seededVariantsAreReadAsTheSerdeReadsThemOrLeftToIt() {
        String[] values = {
            "1",
            "\"1\"",
            "null",
            "{}",
            "[]",
            "true",
            "\"\"",
            "1.5",
            "1e3",
            "2147483648",
            "99999999999999999999",
            "\"2026-12-01T08:15:30Z\"",
            "\"2026-12-01T08:15:30.1Z\"",
            "\"2026-12-01T08:15:30.123456789Z\"",
            "\"2026-12-01T08:15:30.1234567891Z\"",
            "\"2026-12-01T08:15:30+00:00\"",
            "\"2026-02-30T00:00:00Z\"",
            "\"2026-12-01T24:00:00Z\"",
            "\"2026-12-01T23:59:60Z\"",
            "\"1700000000000\"",
            "\"2026-12-01t08:15:30z\"",
            "\"1969-12-31T23:59:59Z\"",
            "\"2026-12-01T08:15:30.Z\"",
            "\"0000-01-01T00:00:00Z\"",
            "\"00000000-0000-0000-0000-00000000000A\"",
            "\"00000000-0000-0000-0000-00000000000a\"",
            "\"0-0-0-0-0\"",
            "\"AAAAAAAAAAAAAAAAAAAAAA==\"",
            "\"ACCEPTED\"",
            "\"REFUSED\"",
            "\"refused\"",
            "\"REVOKED\"",
            "\"NOPE\"",
            "\"\\u0000\"",
            "\"é\"",
            "0",
            "-1"
        };
        String[] fields = {
            "eventId",
            "occurredAt",
            "tenantId",
            "credentialId",
            "service",
            "method",
            "route",
            "status",
            "latencyMicros",
            "clientIp",
            "userAgent",
            "requestBytes",
            "responseBytes",
            "outcome",
            "refusalReason",
            "displayPrefix",
            "extra"
        };
        List<String> valid = validEvents();
        Random rnd = new Random(20261202L);
        int fastAccepted = 0;
        int fullAccepted = 0;
        for (int i = 0; i < 800; i++) {
            String base = valid.get(rnd.nextInt(2));
            String field = fields[rnd.nextInt(fields.length)];
            String json =
                    switch (rnd.nextInt(4)) {
                        case 0 -> set(base, field, values[rnd.nextInt(values.length)]);
                        case 1 -> base.replaceFirst("\"" + field + "\":(\"[^\"]*\"|[^,}]*),?", "");
                        case 2 ->
                            base.replaceFirst("\\{", "{\"" + field + "\":" + values[rnd.nextInt(values.length)] + ",");
                        default ->
                            set(
                                    set(base, field, values[rnd.nextInt(values.length)]),
                                    fields[rnd.nextInt(fields.length)],
                                    values[rnd.nextInt(values.length)]);
                    };
            Usage fast = fast(json);
            Usage full = full(json);
            if (fast != null) {
                fastAccepted++;
                assertThat(full)
                        .as("the serde refuses what the fast path took: %s", json)
                        .isNotNull();
                assertThat(fields(fast)).as(json).isEqualTo(fields(full));
            }
            if (full != null) {
                fullAccepted++;
            }
        }
        // Most variants the serde accepts take the fast path; the rest fall back to it.
        assertThat(fastAccepted).isGreaterThan(fullAccepted / 2);
    }

    @Test
    void aLineInsideALargerBufferIsReadFromItsOffset() {
        String json = validEvents().get(0);
        byte[] inner = json.getBytes(StandardCharsets.UTF_8);
        byte[] buf = new byte[inner.length + 20];
        System.arraycopy(inner, 0, buf, 10, inner.length);
        assertThat(UsageJson.parse(buf, 10, inner.length))
                .usingRecursiveComparison()
                .isEqualTo(full(json));
    }

    /** Replaces (or adds) the top-level property {@code field} with the raw JSON {@code value}. */
    static String set(String json, String field, String value) {
        String replaced = json.replaceFirst(
                "\"" + field + "\":(\"[^\"]*\"|[^,}]*)", "\"" + field + "\":" + value.replace("\\", "\\\\"));
        return replaced.equals(json)
                ? json.replaceFirst("\\{", "{\"" + field + "\":" + value.replace("\\", "\\\\") + ",")
                : replaced;
    }

    /** Every public field of a Usage (AssertJ's recursive comparison is too slow for thousands). */
    static List<Object> fields(Usage u) {
        List<Object> values = new ArrayList<>();
        for (java.lang.reflect.Field f : Usage.class.getFields()) {
            try {
                values.add(f.getName() + "=" + f.get(u));
            } catch (IllegalAccessException e) {
                throw new AssertionError(e);
            }
        }
        return values;
    }

    static Usage fast(String json) {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        return UsageJson.parse(b, 0, b.length);
    }

    static Usage full(String json) {
        try {
            return Usage.of(EventSerde.deserialize(json.getBytes(StandardCharsets.UTF_8), ApiUsageRecorded.class));
        } catch (RuntimeException e) {
            return null;
        }
    }
}
