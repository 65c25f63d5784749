package io.watchword.analytics.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Every read of the usage store, always under one tenant: each statement takes the tenant id as
 * its first parameter, so no answer can mix two tenants' rows.
 */
@ApplicationScoped
public class UsageQueries {

    public record RollupRow(
            Instant bucket,
            long requests,
            long status2xx,
            long status3xx,
            long status4xx,
            long status5xx,
            long refused,
            long requestBytes,
            long responseBytes,
            String sources) {}

    public record LastUse(
            Instant usedAt, String clientIp, String service, String method, String route, String scope, int status) {}

    public record KeyRow(
            String credentialId,
            String name,
            String displayPrefix,
            String type,
            List<String> scopes,
            String status,
            String revocationStatus,
            Instant expiresAt,
            Instant knownSince,
            LastUse lastUse) {}

    public record TopKey(String credentialId, String name, long requests, long errors, long bytes) {}

    public record Breakdown(String name, long requests, long errors, long keys) {}

    private static final String KEY_COLUMNS = "c.credential_id, c.name, c.display_prefix, c.credential_type,"
            + " c.scopes, c.status, c.revocation_status, c.expires_at, c.first_seen_at, l.used_at, l.client_ip,"
            + " l.service, l.method, l.route, l.scope, l.status AS used_status";
    private static final String KEY_FROM = " FROM credentials c LEFT JOIN last_use l"
            + " ON l.tenant_id = c.tenant_id AND l.credential_id = c.credential_id";

    private final Pool pool;

    @Inject
    public UsageQueries(Pool pool) {
        this.pool = pool;
    }

    /** Whether the tenant has this key, or any usage recorded for it. */
    public Uni<Boolean> knows(String tenant, String credentialId) {
        return pool.preparedQuery(
                        "SELECT EXISTS (SELECT 1 FROM credentials WHERE tenant_id = $1 AND credential_id = $2)"
                                + " OR EXISTS (SELECT 1 FROM last_use WHERE tenant_id = $1 AND credential_id = $2)"
                                + " OR EXISTS (SELECT 1 FROM usage_rollup WHERE tenant_id = $1 AND credential_id = $2)")
                .execute(Tuple.of(tenant, credentialId))
                .map(rows -> rows.iterator().next().getBoolean(0));
    }

    public Uni<List<RollupRow>> rollups(
            String tenant, String credentialId, char granularity, Instant from, Instant to) {
        return pool.preparedQuery("SELECT bucket, requests, status_2xx, status_3xx, status_4xx, status_5xx, refused,"
                        + " request_bytes, response_bytes, sources::text AS sources FROM usage_rollup"
                        + " WHERE tenant_id = $1 AND credential_id = $2 AND granularity = $3 AND bucket >= $4"
                        + " AND bucket < $5 ORDER BY bucket")
                .execute(Tuple.of(tenant, credentialId, String.valueOf(granularity), utc(from), utc(to)))
                .map(rows -> {
                    List<RollupRow> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new RollupRow(
                                r.getOffsetDateTime("bucket").toInstant(),
                                r.getLong("requests"),
                                r.getLong("status_2xx"),
                                r.getLong("status_3xx"),
                                r.getLong("status_4xx"),
                                r.getLong("status_5xx"),
                                r.getLong("refused"),
                                r.getLong("request_bytes"),
                                r.getLong("response_bytes"),
                                r.getString("sources")));
                    }
                    return out;
                });
    }

    public Uni<Optional<LastUse>> lastUse(String tenant, String credentialId) {
        return pool.preparedQuery("SELECT used_at, client_ip, service, method, route, scope, status AS used_status"
                        + " FROM last_use WHERE tenant_id = $1 AND credential_id = $2")
                .execute(Tuple.of(tenant, credentialId))
                .map(rows -> rows.size() == 0
                        ? Optional.empty()
                        : Optional.of(lastUse(rows.iterator().next())));
    }

    public Uni<List<TopKey>> topKeys(String tenant, char granularity, Instant from, Instant to, int limit) {
        return pool.preparedQuery("SELECT r.credential_id, max(c.name) AS name, sum(r.requests) AS requests,"
                        + " sum(r.status_4xx + r.status_5xx) AS errors, sum(r.request_bytes + r.response_bytes) AS bytes"
                        + " FROM usage_rollup r LEFT JOIN credentials c ON c.tenant_id = r.tenant_id"
                        + " AND c.credential_id = r.credential_id WHERE r.tenant_id = $1 AND r.granularity = $2"
                        + " AND r.bucket >= $3 AND r.bucket < $4 GROUP BY r.credential_id"
                        + " ORDER BY requests DESC, r.credential_id LIMIT $5")
                .execute(Tuple.of(tenant, String.valueOf(granularity), utc(from), utc(to), limit))
                .map(rows -> {
                    List<TopKey> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new TopKey(
                                r.getString("credential_id"),
                                r.getString("name"),
                                r.getLong("requests"),
                                r.getLong("errors"),
                                r.getLong("bytes")));
                    }
                    return out;
                });
    }

    /** Requests per route (hour or day rollups), for one key or the whole tenant. */
    public Uni<List<Breakdown>> routes(String tenant, String credentialId, char granularity, Instant from, Instant to) {
        return pool.preparedQuery("SELECT route AS name, sum(requests) AS requests, sum(errors) AS errors,"
                        + " count(DISTINCT credential_id) AS keys FROM usage_route_rollup WHERE tenant_id = $1"
                        + " AND ($2::text IS NULL OR credential_id = $2) AND granularity = $3 AND bucket >= $4"
                        + " AND bucket < $5 GROUP BY route ORDER BY requests DESC, route LIMIT 200")
                .execute(Tuple.of(tenant, credentialId, String.valueOf(granularity), utc(from), utc(to)))
                .map(UsageQueries::breakdown);
    }

    /** Requests per scope exercised (day rollups), for one key or the whole tenant. */
    public Uni<List<Breakdown>> scopes(String tenant, String credentialId, LocalDate from, LocalDate toExclusive) {
        return pool.preparedQuery("SELECT scope AS name, sum(requests) AS requests, 0::int8 AS errors,"
                        + " count(DISTINCT credential_id) AS keys FROM usage_scope_rollup WHERE tenant_id = $1"
                        + " AND ($2::text IS NULL OR credential_id = $2) AND bucket >= $3 AND bucket < $4"
                        + " GROUP BY scope ORDER BY requests DESC, scope")
                .execute(Tuple.of(tenant, credentialId, from, toExclusive))
                .map(UsageQueries::breakdown);
    }

    /** The tenant's keys in id order after {@code cursor}, each with its last use. */
    public Uni<List<KeyRow>> keys(String tenant, String cursor, int limit) {
        return pool.preparedQuery("SELECT " + KEY_COLUMNS + KEY_FROM + " WHERE c.tenant_id = $1 AND NOT c.gone"
                        + " AND c.credential_id > $2 ORDER BY c.credential_id LIMIT $3")
                .execute(Tuple.of(tenant, cursor == null ? "" : cursor, limit))
                .map(UsageQueries::keyRows);
    }

    public Uni<Optional<KeyRow>> key(String tenant, String credentialId) {
        return pool.preparedQuery(
                        "SELECT " + KEY_COLUMNS + KEY_FROM + " WHERE c.tenant_id = $1 AND c.credential_id = $2")
                .execute(Tuple.of(tenant, credentialId))
                .map(rows -> keyRows(rows).stream().findFirst());
    }

    /**
     * API keys still usable that were not used since {@code cutoff} (never, or last before it) and
     * were known before it.
     */
    public Uni<List<KeyRow>> stale(String tenant, Instant cutoff, int limit) {
        return pool.preparedQuery("SELECT " + KEY_COLUMNS + KEY_FROM + " WHERE c.tenant_id = $1 AND NOT c.gone"
                        + " AND c.credential_type = 'API_KEY' AND c.status = 'ACTIVE'"
                        + " AND (c.revocation_status IS NULL OR c.revocation_status = 'REINSTATED')"
                        + " AND (c.expires_at IS NULL OR c.expires_at > now())"
                        + " AND c.first_seen_at < $2 AND (l.used_at IS NULL OR l.used_at < $2)"
                        + " ORDER BY l.used_at NULLS FIRST, c.credential_id LIMIT $3")
                .execute(Tuple.of(tenant, utc(cutoff), limit))
                .map(UsageQueries::keyRows);
    }

    /** When the tenant's usage data begins, if any was recorded. */
    public Uni<Optional<Instant>> coverageSince(String tenant) {
        return pool.preparedQuery("SELECT since FROM usage_coverage WHERE tenant_id = $1")
                .execute(Tuple.of(tenant))
                .map(rows -> rows.size() == 0
                        ? Optional.empty()
                        : Optional.of(rows.iterator()
                                .next()
                                .getOffsetDateTime("since")
                                .toInstant()));
    }

    private static List<Breakdown> breakdown(RowSet<Row> rows) {
        List<Breakdown> out = new ArrayList<>();
        for (Row r : rows) {
            out.add(new Breakdown(r.getString("name"), r.getLong("requests"), r.getLong("errors"), r.getLong("keys")));
        }
        return out;
    }

    private static List<KeyRow> keyRows(RowSet<Row> rows) {
        List<KeyRow> out = new ArrayList<>();
        for (Row r : rows) {
            String[] scopes = r.getArrayOfStrings("scopes");
            OffsetDateTime expires = r.getOffsetDateTime("expires_at");
            out.add(new KeyRow(
                    r.getString("credential_id"),
                    r.getString("name"),
                    r.getString("display_prefix"),
                    r.getString("credential_type"),
                    scopes == null ? List.of() : Arrays.asList(scopes),
                    r.getString("status"),
                    r.getString("revocation_status"),
                    expires == null ? null : expires.toInstant(),
                    r.getOffsetDateTime("first_seen_at").toInstant(),
                    r.getOffsetDateTime("used_at") == null ? null : lastUse(r)));
        }
        return out;
    }

    private static LastUse lastUse(Row r) {
        return new LastUse(
                r.getOffsetDateTime("used_at").toInstant(),
                r.getString("client_ip"),
                r.getString("service"),
                r.getString("method"),
                r.getString("route"),
                r.getString("scope"),
                r.getInteger("used_status"));
    }

    static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    /** OR of sketches in PostgreSQL's text form (for totals over buckets). */
    public static String or(String a, String b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        char[] out = a.toCharArray();
        for (int i = 0; i < out.length && i < b.length(); i++) {
            if (b.charAt(i) == '1') {
                out[i] = '1';
            }
        }
        return new String(out);
    }
}
