package io.watchword.issuer.token.rest;

import io.watchword.issuer.token.port.AdminCaller;
import io.watchword.issuer.token.port.AdminGateway;
import io.watchword.issuer.token.service.IntrospectionService;
import io.watchword.kit.auth.AdminScope;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/**
 * {@code POST /v1/introspect} (RFC 7662). The caller authenticates with an admin credential that
 * holds {@code introspection:read}; a caller of the {@code system} tenant may introspect every
 * tenant's credentials, others only their own.
 */
@Path("/v1/introspect")
public class IntrospectionResource {

    public static final String REQUIRED_SCOPE = "introspection:read";

    private final IntrospectionService introspection;
    private final AdminGateway admins;

    public IntrospectionResource(IntrospectionService introspection, AdminGateway admins) {
        this.introspection = introspection;
        this.admins = admins;
    }

    @AdminScope(REQUIRED_SCOPE)
    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    public Response introspect(
            @FormParam("token") String token, @FormParam("token_type_hint") String hint, @Context HttpHeaders headers) {
        AdminCaller caller = admins.require(headers, REQUIRED_SCOPE);
        if (token == null || token.isBlank()) {
            throw io.watchword.issuer.token.service.TokenProblem.badRequest(
                    "the form parameter 'token' is required (RFC 7662 §2.1)");
        }
        Map<String, Object> answer = introspection.introspect(caller, token.trim(), hint);
        return Response.ok(answer).header("Cache-Control", "no-store").build();
    }
}
