package io.watchword.kit.auth;

import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * How long a service remembers introspected admin credentials, as a config group each service's
 * own {@code @ConfigMapping} extends under its own prefix ({@code watchword.<service>.admin.*}).
 */
public interface AdminCacheSettings {

    /** How long an introspected admin credential (or a refusal) is remembered. */
    @WithDefault("PT10S")
    Duration cacheTtl();

    @WithDefault("10000")
    int cacheMaxEntries();

    /**
     * How long an admin credential this service revoked or suspended is refused here whatever the
     * issuer still answers: longer than the issuer takes to read the revocations topic.
     */
    @WithDefault("PT15M")
    Duration denyWindow();
}
