package io.watchword.analytics.rest;

import io.smallrye.mutiny.Uni;
import io.watchword.analytics.repository.UsageQueries;
import io.watchword.analytics.rollup.SourceSketch;
import io.watchword.analytics.rollup.UsageBatch;
import io.watchword.core.problem.ProblemException;
import io.watchword.kit.auth.AdminAuthenticator;
import io.watchword.kit.auth.AdminPrincipal;
import io.watchword.kit.auth.AdminScope;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Usage of the caller's tenant: one key over time, the top keys, usage per route and per scope,
 * and the key listing with each key's last use. {@code usage:read}; another tenant's key is a 404
 * exactly like a key that does not exist.
 */
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
public class UsageResource {

    public record Bucket(
            Instant start,
            long requests,
            long status2xx,
            long status3xx,
            long status4xx,
            long status5xx,
            long errors,
            long refused,
            long requestBytes,
            long responseBytes,
            long distinctSources,
            boolean distinctSourcesAtLeast) {}

    public record KeyUsage(
            String credentialId,
            String granularity,
            Instant from,
            Instant to,
            Bucket totals,
            List<Bucket> buckets,
            UsageQueries.LastUse lastUse) {}

    public record TopKeys(Instant from, Instant to, List<UsageQueries.TopKey> keys) {}

    public record Breakdowns(String credentialId, Instant from, Instant to, List<UsageQueries.Breakdown> items) {}

    public record KeyPage(List<UsageQueries.KeyRow> keys, String nextCursor) {}

    @Inject
    UsageQueries queries;

    @Inject
    AdminAuthenticator auth;

    @Context
    HttpHeaders headers;

    Clock clock = Clock.systemUTC();

    @AdminScope("usage:read")
    @GET
    @Path("keys/{id}/usage")
    public Uni<KeyUsage> keyUsage(
            @PathParam("id") String id,
            @QueryParam("from") String from,
            @QueryParam("to") String to,
            @QueryParam("granularity") String granularity,
            @QueryParam("tenant") String tenantParam) {
        String tenant = tenant(tenantParam);
        String key = QueryParams.keyId(id);
        QueryParams.Range range = QueryParams.range(from, to, granularity, "hour", clock.instant());
        Instant start = UsageBatch.bucket(range.from(), range.granularity());
        return known(tenant, key)
                .chain(() -> queries.rollups(tenant, key, range.granularity(), start, range.to()))
                .chain(rows -> queries.lastUse(tenant, key).map(last -> {
                    List<Bucket> buckets = new ArrayList<>();
                    long[] sum = new long[8];
                    String sources = null;
                    for (UsageQueries.RollupRow r : rows) {
                        buckets.add(bucket(r.bucket(), r, r.sources()));
                        sum[0] += r.requests();
                        sum[1] += r.status2xx();
                        sum[2] += r.status3xx();
                        sum[3] += r.status4xx();
                        sum[4] += r.status5xx();
                        sum[5] += r.refused();
                        sum[6] += r.requestBytes();
                        sum[7] += r.responseBytes();
                        sources = UsageQueries.or(sources, r.sources());
                    }
                    UsageQueries.RollupRow total = new UsageQueries.RollupRow(
                            start, sum[0], sum[1], sum[2], sum[3], sum[4], sum[5], sum[6], sum[7], sources);
                    return new KeyUsage(
                            key,
                            name(range.granularity()),
                            start,
                            range.to(),
                            bucket(start, total, sources),
                            buckets,
                            last.orElse(null));
                }));
    }

    @AdminScope("usage:read")
    @GET
    @Path("usage/top-keys")
    public Uni<TopKeys> topKeys(
            @QueryParam("from") String from,
            @QueryParam("to") String to,
            @QueryParam("limit") Integer limit,
            @QueryParam("tenant") String tenantParam) {
        String tenant = tenant(tenantParam);
        QueryParams.Range range = QueryParams.range(from, to, "day", "day", clock.instant());
        int n = QueryParams.limit(limit, 10, 100);
        char g = breakdownGranularity(range);
        Instant start = UsageBatch.bucket(range.from(), g);
        return queries.topKeys(tenant, g, start, range.to(), n).map(keys -> new TopKeys(start, range.to(), keys));
    }

    @AdminScope("usage:read")
    @GET
    @Path("usage/routes")
    public Uni<Breakdowns> routes(
            @QueryParam("keyId") String keyId,
            @QueryParam("from") String from,
            @QueryParam("to") String to,
            @QueryParam("tenant") String tenantParam) {
        String tenant = tenant(tenantParam);
        String key = keyId == null ? null : QueryParams.keyId(keyId);
        QueryParams.Range range = QueryParams.range(from, to, "day", "day", clock.instant());
        char g = breakdownGranularity(range);
        Instant start = UsageBatch.bucket(range.from(), g);
        return (key == null ? Uni.createFrom().voidItem() : known(tenant, key))
                .chain(() -> queries.routes(tenant, key, g, start, range.to()))
                .map(items -> new Breakdowns(key, start, range.to(), items));
    }

    @AdminScope("usage:read")
    @GET
    @Path("usage/scopes")
    public Uni<Breakdowns> scopes(
            @QueryParam("keyId") String keyId,
            @QueryParam("from") String from,
            @QueryParam("to") String to,
            @QueryParam("tenant") String tenantParam) {
        String tenant = tenant(tenantParam);
        String key = keyId == null ? null : QueryParams.keyId(keyId);
        QueryParams.Range range = QueryParams.range(from, to, "day", "day", clock.instant());
        LocalDate first = LocalDate.ofInstant(range.from(), ZoneOffset.UTC);
        LocalDate end = LocalDate.ofInstant(range.to(), ZoneOffset.UTC).plusDays(1);
        return (key == null ? Uni.createFrom().voidItem() : known(tenant, key))
                .chain(() -> queries.scopes(tenant, key, first, end))
                .map(items -> new Breakdowns(key, first.atStartOfDay().toInstant(ZoneOffset.UTC), range.to(), items));
    }

    /** The tenant's keys as this service knows them, each with its last use (time, source, route, scope). */
    @AdminScope("usage:read")
    @GET
    @Path("keys")
    public Uni<KeyPage> keys(
            @QueryParam("limit") Integer limit,
            @QueryParam("cursor") String cursor,
            @QueryParam("tenant") String tenantParam) {
        String tenant = tenant(tenantParam);
        int n = QueryParams.limit(limit, 100, 1000);
        if (cursor != null && !io.watchword.core.credential.CredentialIds.isCredentialId(cursor)) {
            throw ProblemException.invalid(
                    "'cursor' is not a cursor this service gave",
                    List.of(new io.watchword.core.problem.FieldError(
                            "cursor", "use nextCursor from the previous page")));
        }
        return queries.keys(tenant, cursor, n)
                .map(rows -> new KeyPage(
                        rows, rows.size() == n ? rows.get(rows.size() - 1).credentialId() : null));
    }

    @AdminScope("usage:read")
    @GET
    @Path("keys/{id}")
    public Uni<UsageQueries.KeyRow> key(@PathParam("id") String id, @QueryParam("tenant") String tenantParam) {
        String tenant = tenant(tenantParam);
        String key = QueryParams.keyId(id);
        return queries.key(tenant, key)
                .map(row -> row.orElseThrow(() -> ProblemException.notFound("no such key in your tenant")));
    }

    private Uni<Void> known(String tenant, String key) {
        return queries.knows(tenant, key).map(known -> {
            if (!known) {
                throw ProblemException.notFound("no such key in your tenant");
            }
            return null;
        });
    }

    private String tenant(String tenantParam) {
        AdminPrincipal caller = auth.require(headers, "usage:read");
        return QueryParams.tenant(caller, tenantParam);
    }

    private static Bucket bucket(Instant start, UsageQueries.RollupRow r, String sources) {
        SourceSketch.Estimate distinct = SourceSketch.estimate(sources);
        return new Bucket(
                start,
                r.requests(),
                r.status2xx(),
                r.status3xx(),
                r.status4xx(),
                r.status5xx(),
                r.status4xx() + r.status5xx(),
                r.refused(),
                r.requestBytes(),
                r.responseBytes(),
                distinct.value(),
                distinct.atLeast());
    }

    private static String name(char granularity) {
        return switch (granularity) {
            case 'm' -> "minute";
            case 'h' -> "hour";
            default -> "day";
        };
    }

    /** Hour rollups for what they cover exactly (the last 90 days); day rollups beyond that. */
    private static char breakdownGranularity(QueryParams.Range range) {
        return range.to().minus(java.time.Duration.ofDays(90)).isBefore(range.from()) ? 'h' : 'd';
    }
}
