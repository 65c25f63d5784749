package io.watchword.issuer.token.oauth;

import io.smallrye.config.ConfigMapping;
import java.net.URI;
import java.util.Optional;

/** Settings of the OAuth 2.0 token endpoint and the RFC 8414 authorization-server metadata. */
@ConfigMapping(prefix = "watchword.issuer.oauth")
public interface OAuthConfig {

    /**
     * The URL clients reach this issuer at (scheme, host, optional port and path prefix, e.g.
     * {@code https://issuer.example.com}); the metadata's endpoint URLs are built from it. Taken
     * from configuration only, never from the request's {@code Host} or {@code X-Forwarded-*}
     * headers, which a caller controls. Unset: the metadata endpoint answers 404.
     */
    Optional<URI> publicUrl();

    /**
     * The revocation-service's public RFC 7009 endpoint ({@code https://…/v1/revoke}), published
     * as {@code revocation_endpoint}. Unset: the metadata names no revocation endpoint.
     */
    Optional<URI> revocationEndpoint();
}
