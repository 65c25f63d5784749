package io.watchword.analytics.rollup;

import io.watchword.events.v1.ApiUsageRecorded;
import io.watchword.events.v1.UsageOutcome;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Usage events folded into the rows one PostgreSQL transaction upserts: per key and minute, hour
 * and day; per key, route and hour/day; per key, scope and day; each key's newest use; each tenant's
 * first recorded use. Plain Java, so the arithmetic is unit-tested without a database.
 */
public final class UsageBatch {

    /** Longest route kept; longer templates are cut (a route template is never that long). */
    public static final int MAX_ROUTE = 256;

    public record RollupKey(String tenantId, String credentialId, char granularity, Instant bucket) {}

    public static final class Counters {
        public long requests;
        public long status2xx;
        public long status3xx;
        public long status4xx;
        public long status5xx;
        public long refused;
        public long requestBytes;
        public long responseBytes;
        public final SourceSketch sources = new SourceSketch();
    }

    public record RouteKey(String tenantId, String credentialId, char granularity, Instant bucket, String route) {}

    public static final class RouteCounters {
        public long requests;
        public long errors;
    }

    public record ScopeKey(String tenantId, String credentialId, LocalDate day, String scope) {}

    public record TenantCredential(String tenantId, String credentialId) {}

    /** A key's newest use in this batch. */
    public record LastUse(
            Instant usedAt, String clientIp, String service, String method, String route, String scope, int status) {}

    private final Map<RollupKey, Counters> rollups = new LinkedHashMap<>();
    private final Map<RouteKey, RouteCounters> routes = new LinkedHashMap<>();
    private final Map<ScopeKey, long[]> scopes = new LinkedHashMap<>();
    private final Map<TenantCredential, LastUse> lastUses = new HashMap<>();
    private final Map<String, Instant> coverage = new HashMap<>();
    private int events;
    private int unattributed;

    /** Adds one event; an event naming no tenant or no credential is only counted as unattributed. */
    public void add(ApiUsageRecorded event) {
        if (isBlank(event.tenantId()) || isBlank(event.credentialId())) {
            unattributed++;
            return;
        }
        events++;
        String tenant = event.tenantId();
        String credential = event.credentialId();
        Instant at = event.occurredAt();
        boolean accepted = event.effectiveOutcome() == UsageOutcome.ACCEPTED;
        int status = event.status();
        for (char granularity : new char[] {'m', 'h', 'd'}) {
            Counters c = rollups.computeIfAbsent(
                    new RollupKey(tenant, credential, granularity, bucket(at, granularity)), k -> new Counters());
            c.requests++;
            switch (status / 100) {
                case 2 -> c.status2xx++;
                case 3 -> c.status3xx++;
                case 4 -> c.status4xx++;
                case 5 -> c.status5xx++;
                default -> {
                    // 1xx: counted as a request only
                }
            }
            if (!accepted) {
                c.refused++;
            }
            c.requestBytes += Math.max(0, event.requestBytes());
            c.responseBytes += Math.max(0, event.responseBytes());
            c.sources.add(event.clientIp());
        }
        String route = routeOf(event);
        if (route != null) {
            for (char granularity : new char[] {'h', 'd'}) {
                RouteCounters r = routes.computeIfAbsent(
                        new RouteKey(tenant, credential, granularity, bucket(at, granularity), route),
                        k -> new RouteCounters());
                r.requests++;
                if (status >= 400) {
                    r.errors++;
                }
            }
        }
        // Only a request the key was allowed to make shows the scope is needed (decision 0148).
        List<String> exercised = accepted ? ScopeInference.scopesOf(event) : List.of();
        for (String s : exercised) {
            scopes.computeIfAbsent(
                            new ScopeKey(tenant, credential, LocalDate.ofInstant(at, ZoneOffset.UTC), s),
                            k -> new long[1])[0]++;
        }
        String scope = exercised.isEmpty() ? null : cut(String.join(" ", exercised));
        if (accepted) {
            TenantCredential key = new TenantCredential(tenant, credential);
            LastUse previous = lastUses.get(key);
            if (previous == null || at.isAfter(previous.usedAt())) {
                lastUses.put(
                        key,
                        new LastUse(
                                at,
                                event.clientIp(),
                                event.service(),
                                event.method(),
                                event.route() == null ? null : cut(event.route()),
                                scope,
                                status));
            }
        }
        coverage.merge(tenant, at, (a, b) -> a.isBefore(b) ? a : b);
    }

    public static Instant bucket(Instant at, char granularity) {
        return switch (granularity) {
            case 'm' -> at.truncatedTo(ChronoUnit.MINUTES);
            case 'h' -> at.truncatedTo(ChronoUnit.HOURS);
            case 'd' -> at.truncatedTo(ChronoUnit.DAYS);
            default -> throw new IllegalArgumentException("granularity " + granularity);
        };
    }

    private static String routeOf(ApiUsageRecorded event) {
        if (event.route() == null || event.method() == null) {
            return null;
        }
        return cut(event.method() + " " + event.route());
    }

    private static String cut(String text) {
        return text.length() <= MAX_ROUTE ? text : text.substring(0, MAX_ROUTE);
    }

    private static boolean isBlank(String s) {
        return s == null || s.isEmpty();
    }

    public Map<RollupKey, Counters> rollups() {
        return rollups;
    }

    public Map<RouteKey, RouteCounters> routes() {
        return routes;
    }

    public Map<ScopeKey, long[]> scopes() {
        return scopes;
    }

    public Map<TenantCredential, LastUse> lastUses() {
        return lastUses;
    }

    public Map<String, Instant> coverage() {
        return coverage;
    }

    /** Attributed events folded in. */
    public int events() {
        return events;
    }

    public int unattributed() {
        return unattributed;
    }

    public boolean isEmpty() {
        return events == 0;
    }
}
