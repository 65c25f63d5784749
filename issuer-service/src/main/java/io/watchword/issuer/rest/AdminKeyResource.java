package io.watchword.issuer.rest;

import io.vertx.core.http.HttpServerRequest;
import io.watchword.issuer.service.AdminKeyService;
import io.watchword.issuer.service.CreateAdminKeyRequest;
import io.watchword.issuer.service.IssuedCredential;
import io.watchword.kit.auth.AdminAuthenticator;
import io.watchword.kit.auth.AdminPrincipal;
import io.watchword.kit.auth.AdminRequestContext;
import io.watchword.kit.auth.AdminScope;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;

/** Further admin credentials in the caller's tenant. */
@Path("/v1/admin-keys")
@Produces(MediaType.APPLICATION_JSON)
public class AdminKeyResource {

    private final AdminKeyService adminKeys;
    private final AdminAuthenticator auth;
    private final AdminRequestContext requestContext;
    private final RequestInfos requestInfos;
    private final Clock clock;

    @Context
    HttpHeaders headers;

    @Context
    HttpServerRequest request;

    public AdminKeyResource(
            AdminKeyService adminKeys,
            AdminAuthenticator auth,
            AdminRequestContext requestContext,
            RequestInfos requestInfos,
            Clock clock) {
        this.adminKeys = adminKeys;
        this.auth = auth;
        this.requestContext = requestContext;
        this.requestInfos = requestInfos;
        this.clock = clock;
    }

    @AdminScope("keys:admin")
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(CreateAdminKeyRequest body) {
        AdminPrincipal caller = auth.require(headers, "keys:admin");
        IssuedCredential issued = adminKeys.create(caller, body, requestInfos.of(request));
        requestContext.resourceId(issued.credential().id());
        requestContext.markAudited();
        return Response.status(201)
                .entity(KeyView.of(issued.credential(), clock.instant(), issued.key()))
                .header("Cache-Control", "no-store")
                .build();
    }

    /**
     * One admin key, tenant-bound like {@code GET /v1/keys/{id}}: the revocation service asks here
     * about an admin key it has not seen yet (decision 0109). Never the secret or its hash.
     */
    @AdminScope("keys:read")
    @GET
    @Path("{id}")
    public KeyView get(@PathParam("id") String id) {
        AdminPrincipal caller = auth.require(headers, "keys:read");
        requestContext.resourceId(id);
        return KeyView.of(adminKeys.get(caller, id), clock.instant());
    }
}
