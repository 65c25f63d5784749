package io.watchword.analytics.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/** Settings of the SOC console's API and feed ({@code watchword.console.*}); see the module README. */
@ConfigMapping(prefix = "watchword.console")
public interface ConsoleConfig {

    /** The alert and decision consumers. */
    Consumer consumer();

    /** Where a false positive lifts a suspension. */
    Revocation revocation();

    /** The live feed (Server-Sent Events). */
    Feed feed();

    /** Alert lists and exports. */
    Alerts alerts();

    interface Consumer {
        /** Prefix of the consumer groups ({@code -console-alerts}, {@code -console-decisions}) and dead-letter names. */
        @WithDefault("watchword-usage-analytics")
        String groupId();
    }

    interface Revocation {
        /** Base URL of the revocation-service; without it a false positive cannot lift a suspension (503). */
        Optional<URI> url();

        @WithDefault("PT2S")
        Duration connectTimeout();

        @WithDefault("PT5S")
        Duration requestTimeout();
    }

    interface Feed {
        /** A comment line this often keeps proxies and the browser from closing an idle stream. */
        @WithDefault("PT15S")
        Duration heartbeat();
    }

    interface Alerts {
        /** Largest page of GET /v1/alerts. */
        @WithDefault("200")
        int maxPageSize();

        /** Largest OCSF export in one answer (page through with the cursor for more). */
        @WithDefault("1000")
        int maxExport();
    }
}
