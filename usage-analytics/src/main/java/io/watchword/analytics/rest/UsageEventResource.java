package io.watchword.analytics.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.watchword.analytics.config.AnalyticsConfig;
import io.watchword.analytics.ingest.UsagePublisher;
import io.watchword.analytics.rollup.UsageEventRules;
import io.watchword.core.problem.FieldError;
import io.watchword.core.problem.ProblemException;
import io.watchword.events.EventSchemas;
import io.watchword.events.EventSerde;
import io.watchword.events.v1.ApiUsageRecorded;
import io.watchword.kit.auth.AdminAuthenticator;
import io.watchword.kit.auth.AdminPrincipal;
import io.watchword.kit.auth.AdminScope;
import io.watchword.kit.problem.JsonErrors;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code POST /v1/usage-events}: usage from services that do not speak Kafka, as a JSON array of
 * {@code ApiUsageRecorded} (the topic's schema). The caller is an admin credential of the tenant
 * holding {@code usage:write}, authenticated by the kit before the body is read (decision 0149).
 * Each event is checked on its own: an invalid one, or one naming another tenant or another
 * tenant's key, is refused with its reasons under {@code [index].field}; the valid rest is
 * published in one Kafka transaction and the answer is 202 only once Kafka committed it. If Kafka
 * does not, the answer is 503 with {@code Retry-After} and nothing of the batch is counted.
 */
@Path("/v1/usage-events")
public class UsageEventResource {

    /** The 202 body: how many were accepted; the refused ones with their reasons. */
    public record IngestResult(int accepted, int refused, List<FieldError> errors) {}

    @Inject
    UsagePublisher publisher;

    @Inject
    AdminAuthenticator auth;

    @Inject
    AnalyticsConfig config;

    @Inject
    Pool pool;

    @Inject
    ObjectMapper json;

    @Context
    HttpHeaders headers;

    Clock clock = Clock.systemUTC();

    private static final List<String> REQUIRED =
            EventSchemas.requiredProperties(io.watchword.events.EventType.API_USAGE_RECORDED);

    private static final Set<String> KNOWN_FIELDS = java.util.Arrays.stream(
                    ApiUsageRecorded.class.getRecordComponents())
            .map(java.lang.reflect.RecordComponent::getName)
            .collect(java.util.stream.Collectors.toUnmodifiableSet());

    @AdminScope("usage:write")
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response ingest(byte[] body) {
        AdminPrincipal caller = auth.require(headers, "usage:write");
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JsonProcessingException e) {
            throw JsonErrors.toProblem(e);
        } catch (IOException e) {
            throw ProblemException.badRequest("the body is not JSON");
        }
        if (root == null || !root.isArray() || root.isEmpty()) {
            throw ProblemException.badRequest("the body must be a non-empty JSON array of usage events");
        }
        int max = config.ingest().maxBatch();
        if (root.size() > max) {
            throw ProblemException.invalid(
                    "too many events in one request",
                    List.of(new FieldError("events", "at most " + max + " per request")));
        }
        List<FieldError> errors = new ArrayList<>();
        Set<Integer> refused = new LinkedHashSet<>();
        Map<Integer, ApiUsageRecorded> valid = new HashMap<>();
        Instant now = clock.instant();
        for (int i = 0; i < root.size(); i++) {
            String at = "[" + i + "]";
            List<FieldError> problems = new ArrayList<>();
            ApiUsageRecorded event = parse(root.get(i), at, problems);
            if (event != null) {
                problems.addAll(UsageEventRules.problems(event, at + "."));
                problems.addAll(tenantProblems(caller, event, at + "."));
                problems.addAll(timeProblems(event, now, at + "."));
            }
            if (problems.isEmpty()) {
                valid.put(i, event);
            } else {
                refused.add(i);
                errors.addAll(problems);
            }
        }
        // A key id this service knows under another tenant is refused: usage is only ever
        // recorded for the caller's own keys (unknown ids are keyed under the caller's tenant).
        Map<String, String> owners = owners(valid.values());
        valid.entrySet().removeIf(e -> {
            String credential = e.getValue().credentialId();
            String owner = credential == null ? null : owners.get(credential);
            if (owner != null && !owner.equals(e.getValue().tenantId())) {
                refused.add(e.getKey());
                errors.add(new FieldError("[" + e.getKey() + "].credentialId", "is not a key of your tenant"));
                return true;
            }
            return false;
        });
        if (valid.isEmpty()) {
            throw ProblemException.invalid("no event of the batch is valid: nothing was accepted", errors);
        }
        List<ApiUsageRecorded> accepted =
                valid.keySet().stream().sorted().map(valid::get).toList();
        try {
            publisher.publish(accepted);
        } catch (UsagePublisher.UnavailableException e) {
            throw new ProblemException(
                    io.watchword.core.problem.ProblemType.SERVICE_UNAVAILABLE,
                    "Kafka did not acknowledge the batch: none of it was accepted; send it again later",
                    List.of(),
                    Map.of(
                            "Retry-After",
                            Long.toString(config.ingest().retryAfter().toSeconds())));
        }
        return Response.accepted(new IngestResult(accepted.size(), refused.size(), errors))
                .build();
    }

    private static ApiUsageRecorded parse(JsonNode node, String at, List<FieldError> problems) {
        if (node == null || !node.isObject()) {
            problems.add(new FieldError(at, "must be a usage event object"));
            return null;
        }
        // Every missing required field is named at once, before the mapper stops at the first.
        List<String> absent = REQUIRED.stream()
                .filter(f -> node.get(f) == null || node.get(f).isNull())
                .toList();
        if (!absent.isEmpty()) {
            absent.forEach(field -> problems.add(new FieldError(at + "." + field, "is required")));
            return null;
        }
        ApiUsageRecorded event;
        try {
            event = EventSerde.mapper().treeToValue(node, ApiUsageRecorded.class);
        } catch (JsonProcessingException e) {
            ProblemException problem = JsonErrors.toProblem(e);
            if (problem.errors().isEmpty()) {
                problems.add(new FieldError(at, "is not a valid usage event"));
            }
            // Only our own field names are named back: an unknown one is the caller's text.
            problem.errors()
                    .forEach(f -> problems.add(
                            KNOWN_FIELDS.contains(f.field())
                                    ? new FieldError(at + "." + f.field(), f.reason())
                                    : new FieldError(at, f.reason())));
            return null;
        } catch (IllegalArgumentException e) {
            problems.add(new FieldError(at, "is not a valid usage event"));
            return null;
        }
        List<String> missing = EventSchemas.missingRequired(event);
        missing.forEach(field -> problems.add(new FieldError(at + "." + field, "is required")));
        return missing.isEmpty() ? event : null;
    }

    private static List<FieldError> tenantProblems(AdminPrincipal caller, ApiUsageRecorded event, String at) {
        if (event.tenantId() == null) {
            return List.of(new FieldError(at + "tenantId", "is required"));
        }
        if (!caller.mayAccessTenant(event.tenantId())) {
            return List.of(new FieldError(at + "tenantId", "must be your own tenant"));
        }
        return List.of();
    }

    private List<FieldError> timeProblems(ApiUsageRecorded event, Instant now, String at) {
        Duration skew = config.ingest().maxClockSkew();
        if (event.occurredAt().isAfter(now.plus(skew))) {
            return List.of(new FieldError(at + "occurredAt", "is in the future"));
        }
        if (event.occurredAt().isBefore(now.minus(config.ingest().maxAge()))) {
            return List.of(new FieldError(
                    at + "occurredAt",
                    "is older than " + config.ingest().maxAge().toDays() + " days"));
        }
        return List.of();
    }

    private Map<String, String> owners(java.util.Collection<ApiUsageRecorded> events) {
        String[] ids = events.stream()
                .map(ApiUsageRecorded::credentialId)
                .filter(id -> id != null)
                .distinct()
                .toArray(String[]::new);
        Map<String, String> owners = new HashMap<>();
        if (ids.length == 0) {
            return owners;
        }
        for (Row row : pool.preparedQuery(
                        "SELECT credential_id, tenant_id FROM credentials WHERE credential_id = ANY($1)")
                .execute(Tuple.of(ids))
                .await()
                .atMost(Duration.ofSeconds(10))) {
            owners.put(row.getString("credential_id"), row.getString("tenant_id"));
        }
        return owners;
    }
}
