package io.watchword.detector;

import io.watchword.events.EventSerde;
import io.watchword.events.v1.ApiUsageRecorded;
import io.watchword.events.v1.CredentialState;
import io.watchword.events.v1.CredentialStateChanged;
import io.watchword.events.v1.CredentialType;
import io.watchword.events.v1.RefusalReason;
import io.watchword.events.v1.UsageOutcome;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Usage of one key: its owner's steady traffic, then a thief's. */
public final class TestEvents {
    public static final String TENANT = "acme";
    public static final String OWNER_UA = "acme-billing/3.2.1";
    public static final String THIEF_UA = "python-requests/2.31.0";

    private TestEvents() {}

    public static ApiUsageRecorded owner(String key, Instant at, int i) {
        return usage(
                key,
                at,
                "10.0.0." + (1 + i % 5),
                OWNER_UA,
                "GET",
                i % 2 == 0 ? "/v1/orders" : "/v1/orders/{id}",
                200,
                null);
    }

    public static ApiUsageRecorded thief(String key, Instant at, int i) {
        return usage(key, at, "203.0.113." + (7 + i % 3), THIEF_UA, "GET", "/v1/admin/export", 200, null);
    }

    public static ApiUsageRecorded usage(
            String key,
            Instant at,
            String ip,
            String ua,
            String method,
            String route,
            int status,
            RefusalReason refusal) {
        return new ApiUsageRecorded(
                UUID.nameUUIDFromBytes((key + at + ip + route).getBytes(StandardCharsets.UTF_8)),
                at,
                TENANT,
                key,
                "example-service",
                method,
                route,
                status,
                800,
                ip,
                ua,
                120,
                2400,
                refusal == null ? UsageOutcome.ACCEPTED : UsageOutcome.REFUSED,
                refusal,
                null);
    }

    public static CredentialStateChanged state(String key, Instant at, CredentialState status) {
        return new CredentialStateChanged(
                UUID.randomUUID(),
                at,
                TENANT,
                key,
                CredentialType.API_KEY,
                "live",
                "ww_live_abc",
                "billing",
                List.of("orders:read"),
                List.of(),
                at.plusSeconds(90 * 86400),
                status,
                null,
                null,
                null);
    }

    /** 60 owner requests, one every 2 s, then 5 thief requests. */
    public static List<ApiUsageRecorded> ownerThenThief(String key, Instant start) {
        List<ApiUsageRecorded> events = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            events.add(owner(key, start.plusSeconds(2L * i), i));
        }
        for (int i = 0; i < 5; i++) {
            events.add(thief(key, start.plusSeconds(120 + i), i));
        }
        return events;
    }

    public static String json(Object event) {
        return new String(EventSerde.serialize((io.watchword.events.WatchwordEvent) event), StandardCharsets.UTF_8);
    }
}
