package io.watchword.issuer.token.rest;

import io.smallrye.common.annotation.NonBlocking;
import io.vertx.core.http.HttpServerRequest;
import io.watchword.issuer.token.port.ClientAddressGateway;
import io.watchword.issuer.token.service.TokenExchangeService;
import io.watchword.issuer.token.service.TokenExchangeService.Caller;
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
import java.util.concurrent.CompletionStage;

/** {@code POST /v1/tokens}: an API key in, a short-lived access token out. */
@Path("/v1/tokens")
public class TokenResource {

    private static final String BEARER = "bearer ";

    private final TokenExchangeService exchange;
    private final ClientAddressGateway clientAddress;
    private final InMemoryFirst inMemoryFirst;

    public TokenResource(
            TokenExchangeService exchange, ClientAddressGateway clientAddress, InMemoryFirst inMemoryFirst) {
        this.exchange = exchange;
        this.clientAddress = clientAddress;
        this.inMemoryFirst = inMemoryFirst;
    }

    @POST
    @NonBlocking
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public CompletionStage<Response> issue(
            TokenRequest body, @Context HttpHeaders headers, @Context HttpServerRequest request) {
        String presented = bearer(headers.getHeaderString(HttpHeaders.AUTHORIZATION));
        String ip = clientAddress.clientIp(request);
        String userAgent = headers.getHeaderString(HttpHeaders.USER_AGENT);
        TokenRequest asked = body == null ? TokenRequest.EMPTY : body;
        return inMemoryFirst.answer(attempt -> {
            TokenResponse token = exchange.exchange(new Caller(presented, ip, userAgent, attempt), asked);
            // RFC 6749 §5.1: token responses must not be cached.
            return Response.ok(token)
                    .header("Cache-Control", "no-store")
                    .header("Pragma", "no-cache")
                    .build();
        });
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
