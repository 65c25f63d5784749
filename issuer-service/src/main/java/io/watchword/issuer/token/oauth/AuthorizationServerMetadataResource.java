package io.watchword.issuer.token.oauth;

import io.smallrye.common.annotation.NonBlocking;
import io.watchword.core.problem.ProblemException;
import io.watchword.issuer.token.config.TokenConfig;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * RFC 8414 authorization-server metadata, so OAuth clients configure themselves from one URL.
 * Every URL in it is built from {@code watchword.issuer.oauth.public-url}, never from the request:
 * a {@code Host} or {@code X-Forwarded-Host} header would let anyone who can get a response cached
 * point clients at their own token endpoint (decision 0111).
 */
@Path("/.well-known/oauth-authorization-server")
public class AuthorizationServerMetadataResource {

    /**
     * The introspection endpoint's client authentication: an admin credential holding {@code
     * introspection:read} as a Bearer token. RFC 8414 lets an extension name its own method; no
     * registered name means this.
     */
    public static final String ADMIN_BEARER_AUTH = "urn:watchword:params:oauth:client-auth:admin-bearer";

    private final Map<String, Object> metadata;
    private final String cacheControl;

    public AuthorizationServerMetadataResource(OAuthConfig oauth, TokenConfig tokens) {
        this.metadata = oauth.publicUrl()
                .map(base -> metadata(base, oauth.revocationEndpoint().orElse(null), tokens))
                .orElse(null);
        this.cacheControl = "public, max-age=" + tokens.signing().jwksMaxAge().toSeconds();
    }

    @GET
    @NonBlocking
    public Response metadata() {
        if (metadata == null) {
            throw ProblemException.notFound(
                    "Authorization server metadata is not configured: set watchword.issuer.oauth.public-url.");
        }
        return Response.ok(metadata, MediaType.APPLICATION_JSON_TYPE)
                .header("Cache-Control", cacheControl)
                .build();
    }

    static Map<String, Object> metadata(URI publicUrl, URI revocationEndpoint, TokenConfig tokens) {
        String base = publicUrl.toString().replaceAll("/+$", "");
        Map<String, Object> m = new LinkedHashMap<>();
        // The iss claim of every token, so a client comparing the two finds them equal (RFC 8414 §3.3).
        m.put("issuer", tokens.tokens().issuer());
        m.put("token_endpoint", base + OAuthTokenResource.PATH);
        m.put("token_endpoint_auth_methods_supported", List.of("client_secret_basic", "client_secret_post"));
        m.put("jwks_uri", base + "/.well-known/jwks.json");
        m.put(
                "grant_types_supported",
                List.of(OAuthTokenResource.CLIENT_CREDENTIALS, OAuthTokenResource.TOKEN_EXCHANGE));
        // No authorization endpoint: no response type (RFC 8414 requires the member).
        m.put("response_types_supported", List.of());
        m.put("introspection_endpoint", base + "/v1/introspect");
        m.put("introspection_endpoint_auth_methods_supported", List.of(ADMIN_BEARER_AUTH));
        if (revocationEndpoint != null) {
            m.put("revocation_endpoint", revocationEndpoint.toString());
            // Possession of the credential is the authorization (decision 0053).
            m.put("revocation_endpoint_auth_methods_supported", List.of("none"));
        }
        // Scopes come from each tenant's resource catalogue: there is no server-wide list to publish.
        return Collections.unmodifiableMap(m);
    }
}
