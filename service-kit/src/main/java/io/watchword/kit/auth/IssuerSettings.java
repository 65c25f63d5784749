package io.watchword.kit.auth;

import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * Where a service other than the issuer asks who an admin credential is (RFC 7662), as a config
 * group: each service's own {@code @ConfigMapping} extends it under its own prefix (e.g. {@code
 * watchword.revocation.issuer.*}, {@code watchword.analytics.issuer.*}), so the names its users
 * set stay the service's while the meaning and defaults live here once.
 */
public interface IssuerSettings {

    /** Base URL of the issuer, e.g. {@code https://issuer.internal:8443}. Required in prod. */
    Optional<URI> url();

    /** This service's own platform admin credential (needs at least {@code introspection:read}). */
    Optional<String> credential();

    @WithDefault("PT2S")
    Duration connectTimeout();

    @WithDefault("PT5S")
    Duration requestTimeout();
}
