package io.watchword.issuer.token.rest;

import io.watchword.issuer.token.service.TokenProblem;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.LinkedHashMap;
import java.util.Map;

/** Renders {@link TokenProblem} as RFC 9457 {@code application/problem+json}. */
@Provider
public class TokenProblemMapper implements ExceptionMapper<TokenProblem> {

    @Context
    UriInfo uriInfo;

    @Override
    public Response toResponse(TokenProblem problem) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", problem.type());
        body.put("title", problem.title());
        body.put("status", problem.status());
        body.put("detail", problem.getMessage());
        if (uriInfo != null) {
            body.put("instance", uriInfo.getPath());
        }
        Response.ResponseBuilder response = Response.status(problem.status())
                .type("application/problem+json")
                .entity(body);
        if (problem.status() == 401) {
            response.header("WWW-Authenticate", "Bearer realm=\"watchword\"");
        }
        return response.build();
    }
}
