package io.watchword.analytics.rest;

import io.vertx.core.http.HttpServerRequest;
import io.watchword.analytics.hygiene.HygienePolicy;
import io.watchword.analytics.hygiene.HygienePolicyService;
import io.watchword.analytics.hygiene.HygieneRunner;
import io.watchword.analytics.hygiene.HygieneStore;
import io.watchword.core.problem.FieldError;
import io.watchword.core.problem.ProblemException;
import io.watchword.kit.auth.AdminAuthenticator;
import io.watchword.kit.auth.AdminPrincipal;
import io.watchword.kit.auth.AdminScope;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * A tenant's credential-hygiene policy (stale keys: notify, then revoke after a grace period; expiry
 * announcements), its pending and past notices, and a preview of what it would do now (decisions
 * 0218-0221). Reading takes {@code policies:read}, changing {@code policies:write} (the console's
 * operator, 0158); the notices {@code usage:read}, like the stale-key list.
 */
@Path("/v1/hygiene")
@Produces(MediaType.APPLICATION_JSON)
public class HygienePolicyResource {

    static final int MAX_EXPIRY_NOTICES = 5;

    /** Body of {@code PUT /v1/hygiene/policy}; absent fields take the current policy's values. */
    public record PolicyRequest(String mode, String unusedFor, String gracePeriod, List<String> expiryNotices) {}

    public record PolicyView(
            String tenantId,
            String mode,
            String unusedFor,
            String gracePeriod,
            List<String> expiryNotices,
            boolean isDefault,
            Instant updatedAt,
            String updatedBy) {

        static PolicyView of(HygienePolicy p) {
            return new PolicyView(
                    p.tenantId(),
                    p.mode().name(),
                    "P" + p.unusedForDays() + "D",
                    "P" + p.graceDays() + "D",
                    p.expiryNoticeDays().stream().map(d -> "P" + d + "D").toList(),
                    p.isDefault(),
                    p.updatedAt(),
                    p.updatedBy());
        }
    }

    public record NoticeView(
            String credentialId,
            String name,
            String displayPrefix,
            String state,
            Instant notifiedAt,
            Instant revokeAt,
            Instant resolvedAt,
            String revocationId,
            Instant lastUsedAt) {

        static NoticeView of(HygieneStore.Notice n) {
            return new NoticeView(
                    n.credentialId(),
                    n.name(),
                    n.displayPrefix(),
                    n.state(),
                    n.notifiedAt(),
                    n.revokeAt(),
                    n.resolvedAt(),
                    n.revocationId(),
                    n.lastUsedNow());
        }
    }

    public record Notices(List<NoticeView> items) {}

    public record KeyView(String credentialId, String name, String displayPrefix, Instant lastUsedAt) {}

    /** What the policy would do now: nothing is changed by asking. */
    public record Preview(
            PolicyView policy,
            List<KeyView> warn,
            List<NoticeView> revoke,
            List<NoticeView> cancel,
            List<NoticeView> rewarn) {}

    @Inject
    AdminAuthenticator auth;

    @Inject
    HygienePolicyService policies;

    @Context
    HttpHeaders headers;

    @Context
    HttpServerRequest http;

    @AdminScope("policies:read")
    @GET
    @Path("policy")
    public PolicyView policy(@QueryParam("tenant") String tenantParam) {
        AdminPrincipal caller = auth.require(headers, "policies:read");
        return PolicyView.of(policies.get(QueryParams.tenant(caller, tenantParam)));
    }

    @AdminScope("policies:write")
    @PUT
    @Path("policy")
    @Consumes(MediaType.APPLICATION_JSON)
    public PolicyView setPolicy(PolicyRequest body, @QueryParam("tenant") String tenantParam) {
        AdminPrincipal caller = auth.require(headers, "policies:write");
        String tenant = QueryParams.tenant(caller, tenantParam);
        if (body == null) {
            throw ProblemException.invalid(
                    "a policy is required", List.of(new FieldError("mode", "must be OFF, NOTIFY or REVOKE")));
        }
        HygienePolicy next = merge(policies.get(tenant), body, caller.credentialId(), Instant.now());
        String ua = headers.getHeaderString(HttpHeaders.USER_AGENT);
        return PolicyView.of(policies.put(
                next,
                http.remoteAddress() == null ? null : http.remoteAddress().hostAddress(),
                ua == null ? null : ua.substring(0, Math.min(ua.length(), 256))));
    }

    @AdminScope("usage:read")
    @GET
    @Path("notices")
    public Notices notices(
            @QueryParam("state") String state,
            @QueryParam("limit") Integer limit,
            @QueryParam("tenant") String tenantParam) {
        AdminPrincipal caller = auth.require(headers, "usage:read");
        String tenant = QueryParams.tenant(caller, tenantParam);
        String s = state == null ? null : state.toUpperCase(Locale.ROOT);
        if (s != null && !List.of("PENDING", "CANCELLED", "REVOKED", "CLOSED").contains(s)) {
            throw ProblemException.invalid(
                    "unknown state",
                    List.of(new FieldError("state", "must be one of PENDING, CANCELLED, REVOKED, CLOSED")));
        }
        int n = QueryParams.limit(limit, 100, 1000);
        return new Notices(
                policies.notices(tenant, s, n).stream().map(NoticeView::of).toList());
    }

    /**
     * The dry run: what the stored policy — or the one these parameters describe, to try before
     * setting it — would do now.
     */
    @AdminScope("policies:read")
    @GET
    @Path("preview")
    public Preview preview(
            @QueryParam("mode") String mode,
            @QueryParam("unusedFor") String unusedFor,
            @QueryParam("gracePeriod") String gracePeriod,
            @QueryParam("tenant") String tenantParam) {
        AdminPrincipal caller = auth.require(headers, "policies:read");
        String tenant = QueryParams.tenant(caller, tenantParam);
        HygienePolicy current = policies.get(tenant);
        HygienePolicy candidate = merge(
                current,
                new PolicyRequest(mode, unusedFor, gracePeriod, null),
                current.updatedBy(),
                current.updatedAt());
        HygieneRunner.Plan plan = policies.preview(candidate);
        return new Preview(
                PolicyView.of(candidate),
                plan.warn().stream()
                        .map(k -> new KeyView(k.credentialId(), k.name(), k.displayPrefix(), k.lastUsedAt()))
                        .toList(),
                plan.revoke().stream().map(NoticeView::of).toList(),
                plan.cancel().stream().map(NoticeView::of).toList(),
                plan.rewarn().stream().map(NoticeView::of).toList());
    }

    /** The current policy with the request's fields applied, validated; errors never echo the input. */
    static HygienePolicy merge(HygienePolicy current, PolicyRequest body, String actor, Instant at) {
        HygienePolicy.Mode mode = current.mode();
        if (body.mode() != null) {
            try {
                mode = HygienePolicy.Mode.valueOf(body.mode().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw ProblemException.invalid(
                        "unknown mode", List.of(new FieldError("mode", "must be OFF, NOTIFY or REVOKE")));
            }
        }
        int unused = body.unusedFor() == null
                ? current.unusedForDays()
                : QueryParams.days("unusedFor", body.unusedFor(), 1, 365);
        int grace = body.gracePeriod() == null
                ? current.graceDays()
                : QueryParams.days("gracePeriod", body.gracePeriod(), 1, 90);
        List<Integer> notices = current.expiryNoticeDays();
        if (body.expiryNotices() != null) {
            if (body.expiryNotices().size() > MAX_EXPIRY_NOTICES) {
                throw ProblemException.invalid(
                        "too many expiry notices",
                        List.of(new FieldError("expiryNotices", "at most " + MAX_EXPIRY_NOTICES + " periods")));
            }
            List<Integer> days = new ArrayList<>();
            for (String p : body.expiryNotices()) {
                if (p == null) {
                    throw ProblemException.invalid(
                            "an expiry notice is empty",
                            List.of(new FieldError("expiryNotices", "must be ISO-8601 periods of days, e.g. P7D")));
                }
                int d = QueryParams.days("expiryNotices", p, 1, 90);
                if (!days.contains(d)) {
                    days.add(d);
                }
            }
            days.sort(Comparator.reverseOrder());
            notices = List.copyOf(days);
        }
        return new HygienePolicy(current.tenantId(), mode, unused, grace, notices, at, actor);
    }
}
