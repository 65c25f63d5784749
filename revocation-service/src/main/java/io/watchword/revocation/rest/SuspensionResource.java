package io.watchword.revocation.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.http.HttpServerRequest;
import io.watchword.core.credential.CredentialIds;
import io.watchword.core.problem.FieldError;
import io.watchword.core.problem.ProblemException;
import io.watchword.events.v1.RevocationReason;
import io.watchword.events.v1.RevocationStatus;
import io.watchword.kit.auth.AdminAuthenticator;
import io.watchword.kit.auth.AdminPrincipal;
import io.watchword.kit.auth.AdminScope;
import io.watchword.revocation.service.Revocation;
import io.watchword.revocation.service.RevocationOutcome;
import io.watchword.revocation.service.RevocationService;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/** Reversible stops: suspend a credential, and lift a suspension (manual or by policy). */
@Path("/v1/suspensions")
@Produces(MediaType.APPLICATION_JSON)
public class SuspensionResource {

    private final ObjectMapper mapper;
    private final RevocationService revocations;
    private final AdminAuthenticator auth;
    private final ClientIp clientIp;

    @Inject
    public SuspensionResource(
            RevocationService revocations, AdminAuthenticator auth, ClientIp clientIp, ObjectMapper mapper) {
        this.mapper = mapper;
        this.revocations = revocations;
        this.auth = auth;
        this.clientIp = clientIp;
    }

    @AdminScope("revocations:write")
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response suspend(SuspensionRequest body, @Context HttpHeaders headers, @Context HttpServerRequest http) {
        AdminPrincipal admin = auth.require(headers, "revocations:write");
        List<FieldError> errors = new ArrayList<>();
        if (body == null || !CredentialIds.isCredentialId(body.credentialId())) {
            errors.add(new FieldError("credentialId", "required: a credential id (key_…)"));
        }
        if (body != null && body.comment() != null && body.comment().length() > RevocationResource.MAX_COMMENT) {
            errors.add(new FieldError("comment", "at most " + RevocationResource.MAX_COMMENT + " characters"));
        }
        RevocationReason reason = body == null ? null : RevocationResource.reason(body.reason(), false, errors);
        if (!errors.isEmpty()) {
            throw ProblemException.badRequest("The suspension request is invalid; see errors.", errors);
        }
        RevocationOutcome outcome = revocations.changeCredential(
                admin.tenantId(),
                body.credentialId(),
                RevocationStatus.SUSPENDED,
                reason == null ? RevocationReason.MANUAL : reason,
                body.comment(),
                admin.credentialId(),
                clientIp.of(http));
        Revocation r = outcome.revocation();
        return outcome.changed()
                ? Response.created(URI.create("/v1/revocations/" + r.id()))
                        .entity(r)
                        .build()
                : Response.ok(r).build();
    }

    /** The body is optional ({@code {"comment": "…"}}), so a bare POST with no content type works. */
    @AdminScope("revocations:write")
    @POST
    @Path("{credentialId}/reinstate")
    @Consumes(MediaType.WILDCARD)
    public Revocation reinstate(
            @PathParam("credentialId") String credentialId,
            String rawBody,
            @Context HttpHeaders headers,
            @Context HttpServerRequest http) {
        AdminPrincipal admin = auth.require(headers, "revocations:write");
        String comment = ReinstatementRequest.commentOf(mapper, rawBody);
        return revocations.reinstate(admin.tenantId(), credentialId, comment, admin.credentialId(), clientIp.of(http));
    }
}
