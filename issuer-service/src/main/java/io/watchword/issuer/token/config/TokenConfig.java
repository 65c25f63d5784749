package io.watchword.issuer.token.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Settings of token exchange, signing keys, introspection and the revocation stream. */
@ConfigMapping(prefix = "watchword.issuer")
public interface TokenConfig {

    /**
     * The AES-256 key (base64 of 32 random bytes) that seals private signing keys at rest.
     * Required in production; generate one with {@code openssl rand -base64 32}.
     */
    Optional<String> masterKey();

    /**
     * Former master keys (base64), tried when a sealed key does not open with the current one, so
     * the master key can be rotated: rows are re-sealed under the current key as they are read.
     */
    Optional<List<String>> previousMasterKeys();

    Tokens tokens();

    Signing signing();

    Revocations revocations();

    interface Tokens {
        /** The {@code iss} claim of every token. */
        @WithDefault("urn:watchword:issuer")
        String issuer();

        /** The {@code aud} claim when the request names none. */
        @WithDefault("watchword")
        String defaultAudience();

        /** Lifetime of a token when the request names none. */
        @WithDefault("PT5M")
        Duration defaultTtl();

        /** The longest lifetime a request may ask for. */
        @WithDefault("PT15M")
        Duration maxTtl();

        /** Tolerated clock difference between issuer and verifiers (nbf/exp checks, key overlap). */
        @WithDefault("PT30S")
        Duration clockSkew();
    }

    interface Signing {
        /** How long a signing key signs before the next one takes over. */
        @WithDefault("P1D")
        Duration rotationPeriod();

        /**
         * How often each instance checks whether rotation is due and reloads the keys from the
         * database. Also bounds how long an instance may sign with a key another instance retired.
         */
        @WithDefault("PT30S")
        Duration checkInterval();

        /** {@code Cache-Control: max-age} of the JWKS; must be shorter than the key overlap. */
        @WithDefault("PT5M")
        Duration jwksMaxAge();

        /** Publish the next key in the JWKS a full rotation period before it signs. */
        @WithDefault("true")
        boolean publishNextKey();
    }

    interface Revocations {
        /** Follow the revocations topic and refuse revoked or suspended credentials. */
        @WithDefault("true")
        boolean enabled();

        /** Pause before polling again after the broker could not be reached. */
        @WithDefault("PT1S")
        Duration retryBackoff();
    }
}
