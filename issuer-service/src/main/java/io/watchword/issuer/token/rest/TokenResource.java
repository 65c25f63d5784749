package io.watchword.issuer.token.rest;

import io.vertx.core.http.HttpServerRequest;
import io.watchword.issuer.token.port.ClientAddressGateway;
import io.watchword.issuer.token.service.TokenExchangeService;
import io.watchword.issuer.token.service.TokenRequest;
import io.watchword.issuer.token.service.TokenResponse;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** {@code POST /v1/tokens}: an API key in, a short-lived access token out. */
@Path("/v1/tokens")
public class TokenResource {

    private static final String BEARER = "bearer ";

    private final TokenExchangeService exchange;
    private final ClientAddressGateway clientAddress;

    public TokenResource(TokenExchangeService exchange, ClientAddressGateway clientAddress) {
        this.exchange = exchange;
        this.clientAddress = clientAddress;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response issue(TokenRequest body, @Context HttpHeaders headers, @Context HttpServerRequest request) {
        TokenExchangeService.Caller caller = new TokenExchangeService.Caller(
                bearer(headers.getHeaderString(HttpHeaders.AUTHORIZATION)),
                clientAddress.clientIp(request),
                headers.getHeaderString(HttpHeaders.USER_AGENT));
        TokenResponse token = exchange.exchange(caller, body == null ? TokenRequest.EMPTY : body);
        // RFC 6749 §5.1: token responses must not be cached.
        return Response.ok(token)
                .header("Cache-Control", "no-store")
                .header("Pragma", "no-cache")
                .build();
    }

    static String bearer(String authorization) {
        if (authorization == null || authorization.length() <= BEARER.length()) {
            return null;
        }
        if (!authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return null;
        }
        return authorization.substring(BEARER.length()).trim();
    }
}
