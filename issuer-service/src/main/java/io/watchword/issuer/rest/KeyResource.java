package io.watchword.issuer.rest;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.http.HttpServerRequest;
import io.watchword.core.problem.FieldError;
import io.watchword.core.problem.ProblemException;
import io.watchword.issuer.service.CreateKeyRequest;
import io.watchword.issuer.service.IssuedCredential;
import io.watchword.issuer.service.KeyPage;
import io.watchword.issuer.service.KeyService;
import io.watchword.issuer.service.RotateKeyRequest;
import io.watchword.kit.auth.AdminAuthenticator;
import io.watchword.kit.auth.AdminPrincipal;
import io.watchword.kit.auth.AdminRequestContext;
import io.watchword.kit.auth.AdminScope;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** API keys of the caller's tenant. */
@Path("/v1/keys")
@Produces(MediaType.APPLICATION_JSON)
public class KeyResource {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final KeyService keys;
    private final AdminAuthenticator auth;
    private final AdminRequestContext requestContext;
    private final RequestInfos requestInfos;
    private final Clock clock;

    @jakarta.inject.Inject
    ObjectMapper mapper;

    @Context
    HttpHeaders headers;

    @Context
    UriInfo uriInfo;

    @Context
    HttpServerRequest request;

    public KeyResource(
            KeyService keys,
            AdminAuthenticator auth,
            AdminRequestContext requestContext,
            RequestInfos requestInfos,
            Clock clock) {
        this.keys = keys;
        this.auth = auth;
        this.requestContext = requestContext;
        this.requestInfos = requestInfos;
        this.clock = clock;
    }

    /** Page of keys: {@code items} and {@code nextCursor} (absent on the last page). */
    public record KeyList(List<KeyView> items, String nextCursor) {}

    @AdminScope("keys:write")
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(CreateKeyRequest body, @QueryParam("tenant") String tenant) {
        AdminPrincipal caller = auth.require(headers, "keys:write");
        String tenantId = tenant == null ? caller.tenantId() : tenant;
        if (!caller.mayAccessTenant(tenantId)) {
            throw ProblemException.notFound("no such tenant is visible to you");
        }
        KeyService.CreatedKey created = keys.create(caller, tenantId, body, requestInfos.of(request));
        IssuedCredential issued = created.issued();
        requestContext.resourceId(issued.credential().id());
        requestContext.markAudited();
        return Response.created(uriInfo.getBaseUriBuilder()
                        .path("v1/keys")
                        .path(issued.credential().id())
                        .build())
                .entity(KeyView.of(
                        issued.credential(),
                        clock.instant(),
                        issued.key(),
                        // the limits it was just created with: no read after the commit
                        created.limits()))
                .header("Cache-Control", "no-store")
                .build();
    }

    @AdminScope("keys:read")
    @GET
    public KeyList list(
            @QueryParam("status") String status,
            @QueryParam("expiringBefore") String expiringBefore,
            @QueryParam("environment") String environment,
            @QueryParam("limit") Integer limit,
            @QueryParam("cursor") String cursor,
            @QueryParam("tenant") String tenant) {
        AdminPrincipal caller = auth.require(headers, "keys:read");
        KeyPage page = keys.list(caller, tenant, status, expiringBefore, environment, limit, cursor);
        Instant now = clock.instant();
        // One query for the page's limits: a key's view shows its limits and throttle (issue 11).
        Map<String, io.watchword.issuer.limit.KeyLimits> limits =
                keys.limitsOf(page.items().stream().map(c -> c.id()).toList());
        return new KeyList(
                page.items().stream()
                        .map(c -> KeyView.of(c, now, null, limits.get(c.id())))
                        .toList(),
                page.nextCursor());
    }

    @AdminScope("keys:read")
    @GET
    @Path("{id}")
    public KeyView get(@PathParam("id") String id) {
        AdminPrincipal caller = auth.require(headers, "keys:read");
        requestContext.resourceId(id);
        var key = keys.get(caller, id);
        return KeyView.of(key, clock.instant(), null, keys.limitsOf(key.id()));
    }

    /**
     * Only {@code name}, {@code metadata}, {@code limits} (replaced whole; null removes) and {@code
     * throttle} (null lifts it) can change; everything else is immutable.
     */
    @AdminScope("keys:write")
    @PATCH
    @Path("{id}")
    @Consumes({MediaType.APPLICATION_JSON, "application/merge-patch+json"})
    public KeyView update(@PathParam("id") String id, JsonNode body) {
        AdminPrincipal caller = auth.require(headers, "keys:write");
        requestContext.resourceId(id);
        if (!(body instanceof ObjectNode patch) || patch.isEmpty()) {
            throw ProblemException.badRequest("send a JSON object with 'name', 'metadata', 'limits' and/or 'throttle'");
        }
        List<FieldError> immutable = new ArrayList<>();
        for (Iterator<String> it = patch.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!field.equals("name")
                    && !field.equals("metadata")
                    && !field.equals("limits")
                    && !field.equals("throttle")) {
                immutable.add(
                        new FieldError(
                                field,
                                "immutable: only 'name', 'metadata', 'limits' and 'throttle' can change; rotate the key or create a new one to change anything else"));
            }
        }
        if (!immutable.isEmpty()) {
            throw ProblemException.invalid(
                    "fields " + immutable.stream().map(FieldError::field).toList()
                            + " cannot be changed: only 'name', 'metadata', 'limits' and 'throttle' are mutable",
                    immutable);
        }
        String name = null;
        if (patch.has("name")) {
            if (!patch.get("name").isTextual()) {
                throw ProblemException.invalid(
                        "'name' must be a string", List.of(new FieldError("name", "must be a string")));
            }
            name = patch.get("name").asText();
        }
        Map<String, String> metadata = null;
        if (patch.has("metadata")) {
            JsonNode m = patch.get("metadata");
            boolean allStrings = m.isObject();
            for (Iterator<JsonNode> it = m.elements(); allStrings && it.hasNext(); ) {
                allStrings = it.next().isTextual();
            }
            if (!allStrings) {
                throw ProblemException.invalid(
                        "'metadata' must be an object of string values",
                        List.of(new FieldError("metadata", "must be an object of string values")));
            }
            metadata = JSON.convertValue(m, new TypeReference<Map<String, String>>() {});
        }
        var updated = patch.has("name") || patch.has("metadata")
                ? keys.update(
                        caller, id, name, patch.has("name"), metadata, patch.has("metadata"), requestInfos.of(request))
                : null;
        if (patch.has("limits") || patch.has("throttle")) {
            // Limits and throttle reach every verifier through the key's published state (0172).
            updated = keys.updateLimits(
                    caller,
                    id,
                    patch.get("limits"),
                    patch.has("limits"),
                    patch.get("throttle"),
                    patch.has("throttle"),
                    requestInfos.of(request));
        }
        requestContext.markAudited();
        return KeyView.of(updated, clock.instant(), null, keys.limitsOf(updated.id()));
    }

    @AdminScope("keys:write")
    @POST
    @Path("{id}/rotate")
    @Consumes(MediaType.WILDCARD)
    public Response rotate(@PathParam("id") String id, byte[] rawBody) throws java.io.IOException {
        AdminPrincipal caller = auth.require(headers, "keys:write");
        requestContext.resourceId(id);
        // The body is optional (defaults apply), so an empty request without a content type is fine.
        RotateKeyRequest body = null;
        if (rawBody != null && rawBody.length > 0) {
            MediaType type = headers.getMediaType();
            if (type == null || !type.isCompatible(MediaType.APPLICATION_JSON_TYPE)) {
                throw new jakarta.ws.rs.NotSupportedException();
            }
            body = mapper.readValue(rawBody, RotateKeyRequest.class);
        }
        IssuedCredential replacement = keys.rotate(caller, id, body, requestInfos.of(request));
        requestContext.markAudited();
        return Response.created(uriInfo.getBaseUriBuilder()
                        .path("v1/keys")
                        .path(replacement.credential().id())
                        .build())
                .entity(KeyView.of(replacement.credential(), clock.instant(), replacement.key()))
                .header("Cache-Control", "no-store")
                .build();
    }
}
