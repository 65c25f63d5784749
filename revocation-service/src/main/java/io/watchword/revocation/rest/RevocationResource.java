package io.watchword.revocation.rest;

import io.vertx.core.http.HttpServerRequest;
import io.watchword.core.credential.CredentialIds;
import io.watchword.core.credential.TenantIds;
import io.watchword.core.problem.FieldError;
import io.watchword.core.problem.ProblemException;
import io.watchword.events.v1.RevocationReason;
import io.watchword.events.v1.RevocationStatus;
import io.watchword.kit.auth.AdminAuthenticator;
import io.watchword.kit.auth.AdminPrincipal;
import io.watchword.kit.auth.AdminScope;
import io.watchword.revocation.config.RevocationConfig;
import io.watchword.revocation.fleet.Preferences;
import io.watchword.revocation.fleet.Receipt;
import io.watchword.revocation.fleet.ReceiptRepository;
import io.watchword.revocation.fleet.ReceiptTracker;
import io.watchword.revocation.fleet.RevocationView;
import io.watchword.revocation.repository.RevocationRepository;
import io.watchword.revocation.service.Revocation;
import io.watchword.revocation.service.RevocationOutcome;
import io.watchword.revocation.service.RevocationService;
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
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/** Revocations by administrators: {@code revocations:write} to revoke, {@code revocations:read} to look. */
@Path("/v1/revocations")
@Produces(MediaType.APPLICATION_JSON)
public class RevocationResource {

    static final int MAX_COMMENT = 1000;

    private final RevocationService revocations;
    private final AdminAuthenticator auth;
    private final ClientIp clientIp;

    @Inject
    ReceiptTracker receipts;

    @Inject
    ReceiptRepository receiptRows;

    @Inject
    RevocationConfig config;

    @Inject
    public RevocationResource(RevocationService revocations, AdminAuthenticator auth, ClientIp clientIp) {
        this.revocations = revocations;
        this.auth = auth;
        this.clientIp = clientIp;
    }

    @AdminScope("revocations:write")
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response revoke(
            RevocationRequest body,
            @QueryParam("tenant") String tenantParam,
            @Context HttpHeaders headers,
            @Context HttpServerRequest http) {
        AdminPrincipal admin = auth.require(headers, "revocations:write");
        String tenant = actingTenant(admin, tenantParam);
        RevocationReason reason = validate(body);
        String ip = clientIp.of(http);
        RevocationOutcome outcome = body.credentialId() != null
                ? revocations.changeCredential(
                        tenant,
                        body.credentialId(),
                        RevocationStatus.REVOKED,
                        reason,
                        body.comment(),
                        admin.credentialId(),
                        ip)
                : revocations.revokeToken(
                        tenant,
                        body.jti(),
                        body.parentCredentialId(),
                        reason,
                        body.comment(),
                        admin.credentialId(),
                        ip,
                        null,
                        true);
        Revocation r = outcome.revocation();
        Response.Status done = outcome.changed() ? Response.Status.CREATED : Response.Status.OK;
        int wait = Preferences.waitSeconds(headers.getRequestHeader("Prefer"));
        if (wait < 0) {
            return answer(done, r, receiptOf(tenant, r)).build();
        }
        // RFC 7240 wait: return once every live verifier applied it, or say who has not (0166).
        long honoured = Math.min(wait, config.fleet().maxWait().toSeconds());
        Receipt receipt;
        try {
            receipt = receipts.await(tenant, r.id(), r.updatedAt(), Duration.ofSeconds(honoured));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            receipt = receiptOf(tenant, r);
        }
        return answer(receipt.settled() ? done : Response.Status.ACCEPTED, r, receipt)
                .header("Preference-Applied", "wait=" + honoured)
                .build();
    }

    /**
     * The tenant a revocation acts in: the caller's own, or for a platform admin the one named by
     * {@code ?tenant=} (usage-analytics' stale-key policy revokes so with its platform credential,
     * decision 0219). Another tenant named by a tenant's admin answers the same 404 as an unknown key.
     */
    private static String actingTenant(AdminPrincipal admin, String tenant) {
        if (tenant == null || tenant.equals(admin.tenantId())) {
            return admin.tenantId();
        }
        if (!TenantIds.isTenantId(tenant)) {
            throw ProblemException.invalid(
                    "'tenant' is not a tenant id", List.of(new FieldError("tenant", "is not a tenant id")));
        }
        if (!admin.mayAccessTenant(tenant)) {
            throw ProblemException.notFound("No such credential in your tenant.");
        }
        return tenant;
    }

    private Response.ResponseBuilder answer(Response.Status status, Revocation r, Receipt receipt) {
        Response.ResponseBuilder builder = Response.status(status).entity(new RevocationView(r, receipt));
        if (status != Response.Status.OK) {
            builder.location(URI.create("/v1/revocations/" + r.id()));
        }
        return builder;
    }

    private Receipt receiptOf(String tenantId, Revocation r) {
        return receipts.receipt(receiptRows.find(tenantId, r.id()).orElse(null), r.updatedAt());
    }

    @AdminScope("revocations:read")
    @GET
    @Path("{id}")
    public RevocationView get(@PathParam("id") String id, @Context HttpHeaders headers) {
        AdminPrincipal admin = auth.require(headers, "revocations:read");
        Revocation r = revocations
                .find(admin.tenantId(), id)
                .orElseThrow(() -> ProblemException.notFound("No such revocation in your tenant."));
        return new RevocationView(r, receiptOf(admin.tenantId(), r));
    }

    @AdminScope("revocations:read")
    @GET
    public RevocationPage list(
            @QueryParam("limit") Integer limit,
            @QueryParam("cursor") String cursor,
            @QueryParam("status") String status,
            @Context HttpHeaders headers) {
        AdminPrincipal admin = auth.require(headers, "revocations:read");
        List<FieldError> errors = new ArrayList<>();
        int size = limit == null ? 50 : limit;
        if (size < 1 || size > 500) {
            errors.add(new FieldError("limit", "between 1 and 500"));
        }
        Long before = null;
        if (cursor != null) {
            try {
                before = Long.parseLong(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII));
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError("cursor", "not a cursor from a previous page's nextCursor"));
            }
        }
        RevocationStatus filter = null;
        if (status != null) {
            try {
                filter = RevocationStatus.valueOf(status);
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError("status", "one of REVOKED, SUSPENDED, REINSTATED"));
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.badRequest("Invalid query parameters.", errors);
        }
        RevocationRepository.Page page = revocations.list(admin.tenantId(), before, filter, size);
        String next = page.items().size() == size && page.lastSeq() != null
                ? Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString(Long.toString(page.lastSeq()).getBytes(StandardCharsets.US_ASCII))
                : null;
        return new RevocationPage(page.items(), next);
    }

    /** The reason, or null with an error added when it is missing or unknown. */
    static RevocationReason reason(String value, boolean required, List<FieldError> errors) {
        if (value == null) {
            if (required) {
                errors.add(new FieldError("reason", "required: one of " + Arrays.toString(RevocationReason.values())));
            }
            return null;
        }
        try {
            return RevocationReason.valueOf(value);
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError("reason", "not a reason: one of " + Arrays.toString(RevocationReason.values())));
            return null;
        }
    }

    private static RevocationReason validate(RevocationRequest body) {
        if (body == null) {
            throw ProblemException.badRequest(
                    "Send a JSON body with 'credentialId' or 'jti', and 'reason'.", List.of());
        }
        List<FieldError> errors = new ArrayList<>();
        if ((body.credentialId() == null) == (body.jti() == null)) {
            errors.add(new FieldError("credentialId", "give exactly one of credentialId (key_…) or jti (tok_…)"));
        } else if (body.credentialId() != null && !CredentialIds.isCredentialId(body.credentialId())) {
            errors.add(new FieldError("credentialId", "not a credential id (key_… or adm_… with 22 characters)"));
        } else if (body.jti() != null && !CredentialIds.isJti(body.jti())) {
            errors.add(new FieldError("jti", "not a token id (tok_ followed by 22 characters)"));
        }
        if (body.parentCredentialId() != null) {
            if (body.jti() == null) {
                errors.add(new FieldError("parentCredentialId", "only with jti"));
            } else if (!CredentialIds.isCredentialId(body.parentCredentialId())) {
                errors.add(new FieldError("parentCredentialId", "not a credential id (key_…)"));
            }
        }
        RevocationReason reason = reason(body.reason(), true, errors);
        if (body.comment() != null && body.comment().length() > MAX_COMMENT) {
            errors.add(new FieldError("comment", "at most " + MAX_COMMENT + " characters"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.badRequest("The revocation request is invalid; see errors.", errors);
        }
        return reason;
    }
}
