package io.watchword.issuer.token.rest;

import io.smallrye.common.annotation.NonBlocking;
import io.watchword.issuer.token.config.TokenConfig;
import io.watchword.issuer.token.signing.SigningKeyService;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;

/**
 * The public signing keys as a JWK Set (RFC 7517, OKP keys per RFC 8037). Served from memory on the
 * event loop; cacheable for less than the key overlap, so a verifier always sees a new key before
 * the old one's tokens could reach it.
 */
@Path("/.well-known/jwks.json")
public class JwksResource {

    public static final String JWK_SET_JSON = "application/jwk-set+json";

    private final SigningKeyService signingKeys;
    private final String cacheControl;

    public JwksResource(SigningKeyService signingKeys, TokenConfig config) {
        this.signingKeys = signingKeys;
        this.cacheControl = "public, max-age=" + config.signing().jwksMaxAge().toSeconds();
    }

    @GET
    @NonBlocking
    @Produces({"application/json", JWK_SET_JSON})
    public Response jwks() {
        return Response.ok(signingKeys.ring().jwks(), "application/json")
                .header("Cache-Control", cacheControl)
                .build();
    }
}
