package io.watchword.analytics.console;

import static io.watchword.analytics.console.ConsoleRole.ANALYST;
import static io.watchword.analytics.console.ConsoleRole.AUDITOR;
import static io.watchword.analytics.console.ConsoleRole.OPERATOR;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import io.watchword.analytics.alert.AlertDetail;
import io.watchword.analytics.alert.AlertFeed;
import io.watchword.analytics.alert.AlertPage;
import io.watchword.analytics.alert.AlertQuery;
import io.watchword.analytics.alert.AlertStatus;
import io.watchword.analytics.alert.AlertStore;
import io.watchword.analytics.alert.OcsfDetectionFindings;
import io.watchword.analytics.alert.TriageAction;
import io.watchword.analytics.alert.TriageService;
import io.watchword.analytics.config.ConsoleConfig;
import io.watchword.core.credential.CredentialIds;
import io.watchword.core.credential.TenantIds;
import io.watchword.core.problem.FieldError;
import io.watchword.core.problem.ProblemException;
import io.watchword.events.v1.Severity;
import io.watchword.kit.auth.AdminPrincipal;
import io.watchword.kit.auth.AdminRequestContext;
import io.watchword.kit.problem.JsonErrors;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The SOC analysts' API: alert history with filters and a cursor, one alert in full, triage, the
 * live feed (Server-Sent Events) and the OCSF export. Every answer is bound to the caller's tenant;
 * only a platform admin reads across tenants (decision 0158).
 */
@Path("/v1/alerts")
@Produces(MediaType.APPLICATION_JSON)
public class AlertResource {

    static final int MAX_NOTE = 2000;

    @Inject
    AlertStore store;

    @Inject
    TriageService triage;

    @Inject
    AlertFeed feed;

    @Inject
    AdminRequestContext caller;

    @Inject
    ConsoleConfig config;

    @Inject
    ObjectMapper json;

    /** Request body of a triage action: an optional note (required for {@code /notes}). */
    public record TriageRequest(String note) {}

    @GET
    @ConsoleAccess({ANALYST, OPERATOR, AUDITOR})
    public Uni<AlertPage> list(
            @QueryParam("severity") List<String> severity,
            @QueryParam("status") String status,
            @QueryParam("tenant") String tenant,
            @QueryParam("credentialId") String credentialId,
            @QueryParam("from") String from,
            @QueryParam("to") String to,
            @QueryParam("cursor") String cursor,
            @QueryParam("limit") String limit) {
        return store.page(query(
                severity,
                status,
                tenant,
                credentialId,
                from,
                to,
                cursor,
                limit,
                config.alerts().maxPageSize()));
    }

    /** The same filters as the list; {@code next} in the answer's Link-free body pages on. */
    @GET
    @Path("export/ocsf")
    @ConsoleAccess({ANALYST, OPERATOR, AUDITOR})
    public Uni<Map<String, Object>> exportOcsf(
            @QueryParam("severity") List<String> severity,
            @QueryParam("status") String status,
            @QueryParam("tenant") String tenant,
            @QueryParam("credentialId") String credentialId,
            @QueryParam("from") String from,
            @QueryParam("to") String to,
            @QueryParam("cursor") String cursor,
            @QueryParam("limit") String limit) {
        AlertQuery q = query(
                severity,
                status,
                tenant,
                credentialId,
                from,
                to,
                cursor,
                limit,
                config.alerts().maxExport());
        return store.details(q).map(page -> {
            Map<String, Object> body = new java.util.LinkedHashMap<>();
            body.put(
                    "findings",
                    page.items().stream().map(OcsfDetectionFindings::of).toList());
            body.put("next", page.next());
            return body;
        });
    }

    @GET
    @Path("{id}")
    @ConsoleAccess({ANALYST, OPERATOR, AUDITOR})
    public Uni<AlertDetail> get(@PathParam("id") String id) {
        UUID alertId = alertId(id);
        AdminPrincipal who = caller.principal();
        return store.detail(alertId, who.platform() ? null : who.tenantId())
                .map(found -> found.orElseThrow(AlertResource::noSuchAlert));
    }

    /**
     * The live feed: {@code ready} once subscribed, then {@code alert} (new) and {@code update}
     * (triaged, decided) events of the caller's tenant, and a {@code heartbeat} now and then. The
     * console reads it with fetch(), so the admin key travels in the Authorization header and never
     * in a URL (decision 0160).
     */
    @GET
    @Path("stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @ConsoleAccess({ANALYST, OPERATOR, AUDITOR})
    public Multi<OutboundSseEvent> stream(@Context Sse sse) {
        AdminPrincipal who = caller.principal();
        Multi<OutboundSseEvent> ready =
                Multi.createFrom().item(event(sse, "ready", Map.of("tenantId", who.tenantId())));
        Multi<OutboundSseEvent> items = feed.items()
                .filter(item -> who.mayAccessTenant(item.alert().tenantId()))
                .map(item -> event(sse, item.type(), item.alert()));
        Multi<OutboundSseEvent> heartbeats = Multi.createFrom()
                .ticks()
                .every(config.feed().heartbeat())
                .map(tick -> event(sse, "heartbeat", Map.of("at", Instant.now().toString())));
        // Merging subscribes in order: to the feed first, so nothing stored after 'ready' is missed.
        return Multi.createBy().merging().streams(items, ready, heartbeats);
    }

    @POST
    @Path("{id}/acknowledge")
    @Consumes(MediaType.WILDCARD)
    @ConsoleAccess(ANALYST)
    public TriageService.Result acknowledge(
            @PathParam("id") String id, String body, @Context HttpHeaders headers, @Context HttpServerRequest http) {
        return apply(id, TriageAction.ACKNOWLEDGE, note(body, false), headers, http);
    }

    @POST
    @Path("{id}/false-positive")
    @Consumes(MediaType.WILDCARD)
    @ConsoleAccess(ANALYST)
    public TriageService.Result falsePositive(
            @PathParam("id") String id, String body, @Context HttpHeaders headers, @Context HttpServerRequest http) {
        return apply(id, TriageAction.FALSE_POSITIVE, note(body, false), headers, http);
    }

    @POST
    @Path("{id}/notes")
    @Consumes(MediaType.WILDCARD)
    @ConsoleAccess(ANALYST)
    public TriageService.Result addNote(
            @PathParam("id") String id, String body, @Context HttpHeaders headers, @Context HttpServerRequest http) {
        return apply(id, TriageAction.NOTE, note(body, true), headers, http);
    }

    private TriageService.Result apply(
            String id, TriageAction action, String note, HttpHeaders headers, HttpServerRequest http) {
        UUID alertId = alertId(id);
        String userAgent = headers.getHeaderString(HttpHeaders.USER_AGENT);
        return triage.apply(
                alertId,
                action,
                note,
                new TriageService.Actor(
                        caller.principal(),
                        headers.getHeaderString(HttpHeaders.AUTHORIZATION),
                        http.remoteAddress() == null
                                ? null
                                : http.remoteAddress().hostAddress(),
                        userAgent == null ? null : userAgent.substring(0, Math.min(userAgent.length(), 256))));
    }

    private OutboundSseEvent event(Sse sse, String name, Object data) {
        try {
            return sse.newEventBuilder()
                    .name(name)
                    .mediaType(MediaType.APPLICATION_JSON_TYPE)
                    .data(String.class, json.writeValueAsString(data))
                    .build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a feed event", e);
        }
    }

    private String note(String body, boolean required) {
        String note = null;
        if (body != null && !body.isBlank()) {
            try {
                TriageRequest parsed = json.readValue(body, TriageRequest.class);
                note = parsed == null ? null : parsed.note();
            } catch (JsonProcessingException e) {
                throw JsonErrors.toProblem(e); // in the kit's words: Jackson's would quote the body
            }
        }
        if (note == null) {
            if (required) {
                throw ProblemException.badRequest(
                        "A note needs text.",
                        List.of(new FieldError("note", "required: 1 to " + MAX_NOTE + " characters")));
            }
            return null;
        }
        if (note.isBlank() || note.length() > MAX_NOTE) {
            throw ProblemException.badRequest(
                    "The note is empty or too long.",
                    List.of(new FieldError("note", "1 to " + MAX_NOTE + " characters")));
        }
        for (int i = 0; i < note.length(); i++) {
            char ch = note.charAt(i);
            if (Character.isISOControl(ch) && ch != '\n' && ch != '\t' && ch != '\r') {
                throw ProblemException.badRequest(
                        "The note holds control characters.",
                        List.of(new FieldError("note", "printable text, line breaks and tabs only")));
            }
        }
        return note;
    }

    private AlertQuery query(
            List<String> severity,
            String status,
            String tenant,
            String credentialId,
            String from,
            String to,
            String cursor,
            String limit,
            int maxLimit) {
        AdminPrincipal who = caller.principal();
        List<FieldError> errors = new ArrayList<>();
        String tenantId;
        if (tenant == null || tenant.isEmpty()) {
            tenantId = who.platform() ? null : who.tenantId();
        } else if (!TenantIds.isTenantId(tenant)) {
            errors.add(new FieldError("tenant", "a tenant id"));
            tenantId = null;
        } else if (!who.mayAccessTenant(tenant)) {
            throw ProblemException.insufficientScope("An admin credential reads the alerts of its own tenant only.");
        } else {
            tenantId = tenant;
        }
        Set<String> severities = new LinkedHashSet<>();
        if (severity != null) {
            for (String s : severity) {
                Severity parsed = enumOf(Severity.class, s);
                if (parsed == null) {
                    errors.add(new FieldError("severity", "one of LOW, MEDIUM, HIGH, CRITICAL"));
                    break;
                }
                severities.add(parsed.name());
            }
        }
        AlertStatus st = null;
        if (status != null && !status.isEmpty()) {
            st = enumOf(AlertStatus.class, status);
            if (st == null) {
                errors.add(new FieldError("status", "one of OPEN, ACKNOWLEDGED, FALSE_POSITIVE"));
            }
        }
        if (credentialId != null && !credentialId.isEmpty() && !CredentialIds.isCredentialId(credentialId)) {
            errors.add(new FieldError("credentialId", "a credential id"));
        }
        Instant fromAt = instant("from", from, errors);
        Instant toAt = instant("to", to, errors);
        AlertQuery.Cursor before = null;
        if (cursor != null && !cursor.isEmpty()) {
            before = AlertStore.parseCursor(cursor);
            if (before == null) {
                errors.add(new FieldError("cursor", "the 'next' value of a previous page"));
            }
        }
        int size = Math.min(50, maxLimit);
        if (limit != null && !limit.isEmpty()) {
            try {
                size = Integer.parseInt(limit);
            } catch (NumberFormatException e) {
                size = -1;
            }
            if (size < 1 || size > maxLimit) {
                errors.add(new FieldError("limit", "1 to " + maxLimit));
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.badRequest("The alert query is invalid; see errors.", errors);
        }
        return new AlertQuery(
                tenantId,
                severities,
                st,
                credentialId == null || credentialId.isEmpty() ? null : credentialId,
                fromAt,
                toAt,
                before,
                size);
    }

    private static Instant instant(String field, String text, List<FieldError> errors) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(field, "an ISO-8601 instant, e.g. 2026-12-01T00:00:00Z"));
            return null;
        }
    }

    private static <E extends Enum<E>> E enumOf(Class<E> type, String text) {
        if (text == null || text.length() > 32) {
            return null;
        }
        try {
            return Enum.valueOf(type, text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static UUID alertId(String id) {
        try {
            if (id != null && id.length() == 36) {
                return UUID.fromString(id);
            }
        } catch (IllegalArgumentException e) {
            // falls through: not an alert id is the same answer as no such alert
        }
        throw noSuchAlert();
    }

    private static ProblemException noSuchAlert() {
        return ProblemException.notFound("No such alert in your tenant.");
    }
}
