package io.watchword.revocation.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.http.HttpServerRequest;
import io.watchword.kit.auth.AdminAuthenticator;
import io.watchword.kit.auth.AdminPrincipal;
import io.watchword.kit.auth.AdminScope;
import io.watchword.revocation.service.ThrottleLift;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

/**
 * Lifting a throttle a response policy (or an operator) put on a key: {@code POST
 * /v1/throttles/{credentialId}/lift}, scope {@code revocations:write}, like reinstating a
 * suspension (decision 0212).
 */
@Path("/v1/throttles")
@Produces(MediaType.APPLICATION_JSON)
public class ThrottleResource {

    private final ThrottleLift throttles;
    private final AdminAuthenticator auth;
    private final ClientIp clientIp;
    private final ObjectMapper mapper;

    @Inject
    public ThrottleResource(ThrottleLift throttles, AdminAuthenticator auth, ClientIp clientIp, ObjectMapper mapper) {
        this.throttles = throttles;
        this.auth = auth;
        this.clientIp = clientIp;
        this.mapper = mapper;
    }

    /** The body is optional ({@code {"comment": "…"}}), so a bare POST with no content type works. */
    @AdminScope("revocations:write")
    @POST
    @Path("{credentialId}/lift")
    @Consumes(MediaType.WILDCARD)
    public ThrottleLift.Lifted lift(
            @PathParam("credentialId") String credentialId,
            String rawBody,
            @Context HttpHeaders headers,
            @Context HttpServerRequest http) {
        AdminPrincipal admin = auth.require(headers, "revocations:write");
        String comment = ReinstatementRequest.commentOf(mapper, rawBody);
        return throttles.lift(admin.tenantId(), credentialId, comment, admin.credentialId(), clientIp.of(http));
    }
}
