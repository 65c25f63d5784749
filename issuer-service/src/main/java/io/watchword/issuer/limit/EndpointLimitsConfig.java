package io.watchword.issuer.limit;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Optional;

/**
 * Limits of the issuer's own credential-checking endpoints (decision 0177), so they cannot be used
 * to guess keys: per client address and per presented credential. Listed in the README.
 */
@ConfigMapping(prefix = "watchword.issuer.endpoint-limits")
public interface EndpointLimitsConfig {

    @WithDefault("true")
    boolean enabled();

    /** Path prefixes limited (the token exchange, introspection, the OAuth token endpoint). */
    @WithDefault("/v1/tokens,/v1/introspect,/v1/oauth/token,/oauth2/token,/oauth/token")
    List<String> paths();

    /** Requests per second one client address may make to those endpoints. */
    @WithDefault("1000")
    double perAddressPerSecond();

    @WithDefault("2000")
    int perAddressBurst();

    /** Requests per second one presented credential (Authorization header) may make. */
    @WithDefault("1000")
    double perCredentialPerSecond();

    @WithDefault("2000")
    int perCredentialBurst();

    /**
     * Client addresses never limited (exact literals), e.g. a load balancer's health checker or a
     * benchmark's load generator. Empty by default.
     */
    Optional<List<String>> exemptAddresses();

    /** Most addresses and credentials tracked at once (memory bound; beyond, they share a bucket). */
    @WithDefault("100000")
    int maxTracked();
}
