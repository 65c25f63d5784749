package io.watchword.analytics.rollup;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import io.watchword.events.v1.ApiUsageRecorded;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes a consumed batch of usage into PostgreSQL in one transaction through the Vert.x reactive
 * client: five multi-row upserts ({@code INSERT … SELECT FROM unnest(arrays) ON CONFLICT DO
 * UPDATE}) whatever the batch size, plus the next offset of every partition the batch came from.
 *
 * <p>Redelivery never double-counts (decision 0145): the offsets are locked first ({@code FOR
 * UPDATE}, so two instances briefly owning one partition after a rebalance serialize), every record
 * below a partition's stored next offset is skipped as already applied, and the new next offsets
 * commit with the rollups they produced. Kafka's own committed offset may lag; PostgreSQL's is the
 * one that counts.
 */
@ApplicationScoped
public class RollupWriter {

    /** One consumed record's position, and its event (null for a record dead-lettered or not usage). */
    public record Positioned(int partition, long offset, ApiUsageRecorded event) {}

    /** What a write did. */
    public record Outcome(int applied, int alreadyApplied, int unattributed) {}

    static final String LOCK_OFFSETS = "SELECT partition_no, next_offset FROM consumed_offsets"
            + " WHERE topic = $1 AND partition_no = ANY($2::int[]) ORDER BY partition_no FOR UPDATE";
    static final String CREATE_OFFSETS = "INSERT INTO consumed_offsets (topic, partition_no, next_offset)"
            + " SELECT $1, p, 0 FROM unnest($2::int[]) AS p ON CONFLICT DO NOTHING";
    static final String SAVE_OFFSETS = "UPDATE consumed_offsets o SET next_offset = GREATEST(o.next_offset, u.n)"
            + " FROM unnest($2::int[], $3::int8[]) AS u(p, n) WHERE o.topic = $1 AND o.partition_no = u.p";
    static final String UPSERT_ROLLUP = "INSERT INTO usage_rollup (tenant_id, credential_id, granularity, bucket,"
            + " requests, status_2xx, status_3xx, status_4xx, status_5xx, refused, request_bytes, response_bytes,"
            + " sources)"
            + " SELECT t, c, g, b, r, s2, s3, s4, s5, rf, rq, rs, ('x' || src)::bit(1024) FROM unnest($1::text[], $2::text[],"
            + " $3::text[], $4::timestamptz[], $5::int8[], $6::int8[], $7::int8[], $8::int8[], $9::int8[], $10::int8[],"
            + " $11::int8[], $12::int8[], $13::text[]) AS u(t, c, g, b, r, s2, s3, s4, s5, rf, rq, rs, src)"
            + " ON CONFLICT (tenant_id, credential_id, granularity, bucket) DO UPDATE SET"
            + " requests = usage_rollup.requests + EXCLUDED.requests,"
            + " status_2xx = usage_rollup.status_2xx + EXCLUDED.status_2xx,"
            + " status_3xx = usage_rollup.status_3xx + EXCLUDED.status_3xx,"
            + " status_4xx = usage_rollup.status_4xx + EXCLUDED.status_4xx,"
            + " status_5xx = usage_rollup.status_5xx + EXCLUDED.status_5xx,"
            + " refused = usage_rollup.refused + EXCLUDED.refused,"
            + " request_bytes = usage_rollup.request_bytes + EXCLUDED.request_bytes,"
            + " response_bytes = usage_rollup.response_bytes + EXCLUDED.response_bytes,"
            + " sources = usage_rollup.sources | EXCLUDED.sources";
    static final String UPSERT_ROUTES = "INSERT INTO usage_route_rollup (tenant_id, credential_id, granularity,"
            + " bucket, route, requests, errors)"
            + " SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::text[], $6::int8[],"
            + " $7::int8[])"
            + " ON CONFLICT (tenant_id, credential_id, granularity, bucket, route) DO UPDATE SET"
            + " requests = usage_route_rollup.requests + EXCLUDED.requests,"
            + " errors = usage_route_rollup.errors + EXCLUDED.errors";
    static final String UPSERT_SCOPES = "INSERT INTO usage_scope_rollup (tenant_id, credential_id, bucket, scope,"
            + " requests)"
            + " SELECT * FROM unnest($1::text[], $2::text[], $3::date[], $4::text[], $5::int8[])"
            + " ON CONFLICT (tenant_id, credential_id, bucket, scope) DO UPDATE SET"
            + " requests = usage_scope_rollup.requests + EXCLUDED.requests";
    // Newest wins, so an older event arriving late never moves last-used back.
    static final String UPSERT_LAST_USE = "INSERT INTO last_use (tenant_id, credential_id, used_at, client_ip,"
            + " service, method, route, scope, status)"
            + " SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::text[], $5::text[], $6::text[],"
            + " $7::text[], $8::text[], $9::int4[])"
            + " ON CONFLICT (tenant_id, credential_id) DO UPDATE SET used_at = EXCLUDED.used_at,"
            + " client_ip = EXCLUDED.client_ip, service = EXCLUDED.service, method = EXCLUDED.method,"
            + " route = EXCLUDED.route, scope = EXCLUDED.scope, status = EXCLUDED.status"
            + " WHERE EXCLUDED.used_at > last_use.used_at";
    static final String UPSERT_COVERAGE = "INSERT INTO usage_coverage (tenant_id, since)"
            + " SELECT * FROM unnest($1::text[], $2::timestamptz[])"
            + " ON CONFLICT (tenant_id) DO UPDATE SET since = LEAST(usage_coverage.since, EXCLUDED.since)";

    private final Pool pool;

    @Inject
    public RollupWriter(Pool pool) {
        this.pool = pool;
    }

    /**
     * Applies the records of {@code topic} not applied before, in one transaction.
     *
     * @param records every record of the batch (also those without an event: their offsets count)
     */
    public Uni<Outcome> write(String topic, List<Positioned> records) {
        if (records.isEmpty()) {
            return Uni.createFrom().item(new Outcome(0, 0, 0));
        }
        Map<Integer, Long> next = new TreeMap<>();
        for (Positioned p : records) {
            next.merge(p.partition(), p.offset() + 1, Math::max);
        }
        Integer[] partitions = next.keySet().toArray(Integer[]::new);
        return pool.withTransaction(conn -> conn.preparedQuery(CREATE_OFFSETS)
                .execute(Tuple.of(topic, partitions))
                .chain(() -> conn.preparedQuery(LOCK_OFFSETS).execute(Tuple.of(topic, partitions)))
                .chain(rows -> {
                    Map<Integer, Long> stored = new HashMap<>();
                    for (Row row : rows) {
                        stored.put(row.getInteger("partition_no"), row.getLong("next_offset"));
                    }
                    UsageBatch batch = new UsageBatch();
                    int skipped = 0;
                    for (Positioned p : records) {
                        if (p.offset() < stored.getOrDefault(p.partition(), 0L)) {
                            skipped++;
                        } else if (p.event() != null) {
                            batch.add(p.event());
                        }
                    }
                    int alreadyApplied = skipped;
                    Long[] offsets = next.values().toArray(Long[]::new);
                    return upsert(conn, batch)
                            .chain(() -> conn.preparedQuery(SAVE_OFFSETS).execute(Tuple.of(topic, partitions, offsets)))
                            .map(ignored -> new Outcome(batch.events(), alreadyApplied, batch.unattributed()));
                }));
    }

    /** The upserts of one batch, outside any offset bookkeeping (also used by the benchmark). */
    Uni<Void> upsert(SqlConnection conn, UsageBatch batch) {
        if (batch.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return conn.preparedQuery(UPSERT_ROLLUP)
                .execute(rollupTuple(batch))
                .chain(() -> batch.routes().isEmpty()
                        ? Uni.createFrom().voidItem()
                        : conn.preparedQuery(UPSERT_ROUTES)
                                .execute(routeTuple(batch))
                                .replaceWithVoid())
                .chain(() -> batch.scopes().isEmpty()
                        ? Uni.createFrom().voidItem()
                        : conn.preparedQuery(UPSERT_SCOPES)
                                .execute(scopeTuple(batch))
                                .replaceWithVoid())
                .chain(() -> batch.lastUses().isEmpty()
                        ? Uni.createFrom().voidItem()
                        : conn.preparedQuery(UPSERT_LAST_USE)
                                .execute(lastUseTuple(batch))
                                .replaceWithVoid())
                .chain(() -> conn.preparedQuery(UPSERT_COVERAGE)
                        .execute(coverageTuple(batch))
                        .replaceWithVoid());
    }

    private static Tuple rollupTuple(UsageBatch batch) {
        int n = batch.rollups().size();
        String[] t = new String[n], c = new String[n], g = new String[n], src = new String[n];
        OffsetDateTime[] b = new OffsetDateTime[n];
        Long[] r = new Long[n], s2 = new Long[n], s3 = new Long[n], s4 = new Long[n], s5 = new Long[n];
        Long[] rf = new Long[n], rq = new Long[n], rs = new Long[n];
        int i = 0;
        for (var e : batch.rollups().entrySet()) {
            UsageBatch.RollupKey k = e.getKey();
            UsageBatch.Counters v = e.getValue();
            t[i] = k.tenantId();
            c[i] = k.credentialId();
            g[i] = String.valueOf(k.granularity());
            b[i] = utc(k.bucket());
            r[i] = v.requests;
            s2[i] = v.status2xx;
            s3[i] = v.status3xx;
            s4[i] = v.status4xx;
            s5[i] = v.status5xx;
            rf[i] = v.refused;
            rq[i] = v.requestBytes;
            rs[i] = v.responseBytes;
            src[i] = v.sources.toHexString();
            i++;
        }
        return Tuple.tuple(List.of(t, c, g, b, r, s2, s3, s4, s5, rf, rq, rs, src));
    }

    private static Tuple routeTuple(UsageBatch batch) {
        int n = batch.routes().size();
        String[] t = new String[n], c = new String[n], g = new String[n], route = new String[n];
        OffsetDateTime[] b = new OffsetDateTime[n];
        Long[] r = new Long[n], err = new Long[n];
        int i = 0;
        for (var e : batch.routes().entrySet()) {
            t[i] = e.getKey().tenantId();
            c[i] = e.getKey().credentialId();
            g[i] = String.valueOf(e.getKey().granularity());
            b[i] = utc(e.getKey().bucket());
            route[i] = e.getKey().route();
            r[i] = e.getValue().requests;
            err[i] = e.getValue().errors;
            i++;
        }
        return Tuple.tuple(List.of(t, c, g, b, route, r, err));
    }

    private static Tuple scopeTuple(UsageBatch batch) {
        int n = batch.scopes().size();
        String[] t = new String[n], c = new String[n], s = new String[n];
        LocalDate[] d = new LocalDate[n];
        Long[] r = new Long[n];
        int i = 0;
        for (var e : batch.scopes().entrySet()) {
            t[i] = e.getKey().tenantId();
            c[i] = e.getKey().credentialId();
            d[i] = e.getKey().day();
            s[i] = e.getKey().scope();
            r[i] = e.getValue()[0];
            i++;
        }
        return Tuple.tuple(List.of(t, c, d, s, r));
    }

    private static Tuple lastUseTuple(UsageBatch batch) {
        int n = batch.lastUses().size();
        String[] t = new String[n], c = new String[n], ip = new String[n], svc = new String[n];
        String[] m = new String[n], route = new String[n], scope = new String[n];
        OffsetDateTime[] at = new OffsetDateTime[n];
        Integer[] status = new Integer[n];
        int i = 0;
        for (var e : batch.lastUses().entrySet()) {
            UsageBatch.LastUse u = e.getValue();
            t[i] = e.getKey().tenantId();
            c[i] = e.getKey().credentialId();
            at[i] = utc(u.usedAt());
            ip[i] = u.clientIp();
            svc[i] = u.service();
            m[i] = u.method();
            route[i] = u.route();
            scope[i] = u.scope();
            status[i] = u.status();
            i++;
        }
        return Tuple.tuple(List.of(t, c, at, ip, svc, m, route, scope, status));
    }

    private static Tuple coverageTuple(UsageBatch batch) {
        // Sorted: concurrent batches (consumer concurrency) then lock shared tenant rows in one
        // order and cannot deadlock; their credentials' rows never overlap (keyed by credential).
        List<String> tenants =
                new ArrayList<>(new java.util.TreeSet<>(batch.coverage().keySet()));
        OffsetDateTime[] since = new OffsetDateTime[tenants.size()];
        for (int i = 0; i < since.length; i++) {
            since[i] = utc(batch.coverage().get(tenants.get(i)));
        }
        return Tuple.of(tenants.toArray(String[]::new), since);
    }

    static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
