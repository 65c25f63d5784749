package io.watchword.issuer.rest;

import io.vertx.core.http.HttpServerRequest;
import io.watchword.issuer.service.CreateTenantRequest;
import io.watchword.issuer.service.TenantCreated;
import io.watchword.issuer.service.TenantService;
import io.watchword.issuer.tenant.Tenant;
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
import jakarta.ws.rs.core.UriInfo;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/** Tenants: created by platform admins with their key policy and first admin credential. */
@Path("/v1/tenants")
@Produces(MediaType.APPLICATION_JSON)
public class TenantResource {

    private final TenantService tenants;
    private final AdminAuthenticator auth;
    private final AdminRequestContext requestContext;
    private final RequestInfos requestInfos;
    private final Clock clock;

    @Context
    HttpHeaders headers;

    @Context
    UriInfo uriInfo;

    @Context
    HttpServerRequest request;

    public TenantResource(
            TenantService tenants,
            AdminAuthenticator auth,
            AdminRequestContext requestContext,
            RequestInfos requestInfos,
            Clock clock) {
        this.tenants = tenants;
        this.auth = auth;
        this.requestContext = requestContext;
        this.requestInfos = requestInfos;
        this.clock = clock;
    }

    public record TenantView(
            String id, String name, String defaultKeyTtl, String maxKeyTtl, List<String> resources, Instant createdAt) {
        static TenantView of(Tenant t) {
            return new TenantView(
                    t.id(),
                    t.name(),
                    t.defaultKeyTtl().toString(),
                    t.maxKeyTtl().toString(),
                    t.resources(),
                    t.createdAt());
        }
    }

    /** The tenant and its first admin credential; {@code adminKey.key} is shown only here. */
    public record TenantCreatedView(TenantView tenant, KeyView adminKey) {}

    @AdminScope("tenants:admin")
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(CreateTenantRequest body) {
        AdminPrincipal caller = auth.require(headers, "tenants:admin");
        TenantCreated created = tenants.create(caller, body, requestInfos.of(request));
        requestContext.resourceId(created.tenant().id());
        requestContext.markAudited();
        return Response.created(uriInfo.getBaseUriBuilder()
                        .path("v1/tenants")
                        .path(created.tenant().id())
                        .build())
                .entity(new TenantCreatedView(
                        TenantView.of(created.tenant()),
                        KeyView.of(
                                created.adminKey().credential(),
                                clock.instant(),
                                created.adminKey().key())))
                .header("Cache-Control", "no-store")
                .build();
    }

    @AdminScope("tenants:read")
    @GET
    @Path("{id}")
    public TenantView get(@PathParam("id") String id) {
        AdminPrincipal caller = auth.require(headers, "tenants:read");
        requestContext.resourceId(id);
        return TenantView.of(tenants.get(caller, id));
    }
}
