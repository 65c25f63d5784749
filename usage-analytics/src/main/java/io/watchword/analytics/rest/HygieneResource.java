package io.watchword.analytics.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.watchword.analytics.config.AnalyticsConfig;
import io.watchword.analytics.hygiene.ScopeAdvisor;
import io.watchword.analytics.repository.UsageQueries;
import io.watchword.core.problem.ProblemException;
import io.watchword.kit.auth.AdminAuthenticator;
import io.watchword.kit.auth.AdminPrincipal;
import io.watchword.kit.auth.AdminScope;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Credential hygiene: keys unused for a while, and least-privilege advice from the scopes a key
 * really exercised, with one call that applies it by rotating the key to the narrower scopes
 * through the issuer (decision 0150).
 */
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
public class HygieneResource {

    public record StaleKey(
            String credentialId,
            String name,
            String displayPrefix,
            List<String> scopes,
            Instant expiresAt,
            Instant knownSince,
            boolean neverUsed,
            UsageQueries.LastUse lastUse) {}

    public record StaleKeys(String unusedFor, Instant cutoff, List<StaleKey> keys) {}

    public record ScopeAdvice(
            String credentialId,
            String window,
            Instant from,
            Instant to,
            Instant dataSince,
            List<String> held,
            Map<String, Long> used,
            List<String> proposed,
            List<String> removable,
            boolean changesAnything) {}

    @Inject
    UsageQueries queries;

    @Inject
    AdminAuthenticator auth;

    @Inject
    AnalyticsConfig config;

    @Inject
    ObjectMapper json;

    @Context
    HttpHeaders headers;

    Clock clock = Clock.systemUTC();

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @AdminScope("usage:read")
    @GET
    @Path("keys/stale")
    public Uni<StaleKeys> stale(
            @QueryParam("unusedFor") String unusedFor,
            @QueryParam("limit") Integer limit,
            @QueryParam("tenant") String tenantParam) {
        AdminPrincipal caller = auth.require(headers, "usage:read");
        String tenant = QueryParams.tenant(caller, tenantParam);
        String period = unusedFor == null ? "P30D" : unusedFor;
        int days = QueryParams.days("unusedFor", period, 1, 365);
        int n = QueryParams.limit(limit, 100, 1000);
        Instant cutoff = clock.instant().minus(Duration.ofDays(days));
        return queries.stale(tenant, cutoff, n)
                .map(rows -> new StaleKeys(
                        "P" + days + "D",
                        cutoff,
                        rows.stream()
                                .map(r -> new StaleKey(
                                        r.credentialId(),
                                        r.name(),
                                        r.displayPrefix(),
                                        r.scopes(),
                                        r.expiresAt(),
                                        r.knownSince(),
                                        r.lastUse() == null,
                                        r.lastUse()))
                                .toList()));
    }

    @AdminScope("usage:read")
    @GET
    @Path("keys/{id}/scope-advice")
    public Uni<ScopeAdvice> scopeAdvice(
            @PathParam("id") String id, @QueryParam("window") String window, @QueryParam("tenant") String tenantParam) {
        AdminPrincipal caller = auth.require(headers, "usage:read");
        return advise(QueryParams.tenant(caller, tenantParam), QueryParams.keyId(id), window);
    }

    /**
     * Rotates the key to the proposed scopes through the issuer's API, as the caller (its own
     * credential is forwarded, so the issuer authorizes and audits the rotation under it). The
     * answer is the issuer's: the replacement key, shown once.
     */
    @AdminScope("keys:write")
    @POST
    @Path("keys/{id}/scope-advice/apply")
    public Response apply(@PathParam("id") String id, @QueryParam("window") String window) {
        AdminPrincipal caller = auth.require(headers, "keys:write");
        String key = QueryParams.keyId(id);
        ScopeAdvice advice = advise(caller.tenantId(), key, window).await().atMost(Duration.ofSeconds(10));
        if (advice.proposed().isEmpty()) {
            throw ProblemException.conflict(
                    "unused-key",
                    "Key unused",
                    "the key exercised no scope in the window: revoke it rather than narrow it");
        }
        if (!advice.changesAnything()) {
            throw ProblemException.conflict(
                    "already-minimal", "Already minimal", "the key holds only the scopes it used");
        }
        URI issuer =
                config.issuer().url().orElseThrow(() -> ProblemException.unavailable("the issuer is not configured"));
        try {
            HttpResponse<String> answer = http.send(
                    HttpRequest.newBuilder(issuer.resolve("/v1/keys/" + key + "/rotate"))
                            .timeout(config.issuer().requestTimeout())
                            .header("Authorization", headers.getHeaderString(HttpHeaders.AUTHORIZATION))
                            .header("Content-Type", MediaType.APPLICATION_JSON)
                            .POST(HttpRequest.BodyPublishers.ofString(
                                    json.writeValueAsString(Map.of("scopes", advice.proposed()))))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() >= 500) {
                throw ProblemException.unavailable("the issuer could not rotate the key; try again later");
            }
            return Response.status(answer.statusCode())
                    .type(answer.headers().firstValue("Content-Type").orElse(MediaType.APPLICATION_JSON))
                    .header("Cache-Control", "no-store")
                    .entity(answer.body())
                    .build();
        } catch (IOException e) {
            throw ProblemException.unavailable("the issuer did not answer; try again later");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ProblemException.unavailable("interrupted");
        }
    }

    private Uni<ScopeAdvice> advise(String tenant, String key, String window) {
        String period = window == null ? "P30D" : window;
        int days = QueryParams.days("window", period, 1, 365);
        Instant to = clock.instant();
        LocalDate firstDay = LocalDate.ofInstant(to, ZoneOffset.UTC).minusDays(days - 1L);
        Instant from = firstDay.atStartOfDay().toInstant(ZoneOffset.UTC);
        return queries.key(tenant, key)
                .map(row -> row.orElseThrow(() -> ProblemException.notFound("no such key in your tenant")))
                .chain(row -> queries.coverageSince(tenant).chain(since -> {
                    if (since.isEmpty() || since.get().isAfter(from)) {
                        throw ProblemException.conflict(
                                "window-not-covered",
                                "Window not covered",
                                since.map(s -> "usage of this tenant is recorded since " + s
                                                + ": choose a window within it")
                                        .orElse("no usage of this tenant is recorded yet"));
                    }
                    return queries.scopes(
                                    tenant,
                                    key,
                                    firstDay,
                                    LocalDate.ofInstant(to, ZoneOffset.UTC).plusDays(1))
                            .map(items -> {
                                Map<String, Long> used = new LinkedHashMap<>();
                                items.forEach(i -> used.put(i.name(), i.requests()));
                                ScopeAdvisor.Advice advice = ScopeAdvisor.advise(row.scopes(), used);
                                return new ScopeAdvice(
                                        key,
                                        "P" + days + "D",
                                        from,
                                        to,
                                        since.get(),
                                        advice.held(),
                                        advice.used(),
                                        advice.proposed(),
                                        advice.removable(),
                                        advice.changesAnything());
                            });
                }));
    }
}
