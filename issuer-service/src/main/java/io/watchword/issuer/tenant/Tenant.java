package io.watchword.issuer.tenant;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** A tenant and its key policy: default and maximum key lifetime, and its resource catalogue. */
public record Tenant(
        String id, String name, Duration defaultKeyTtl, Duration maxKeyTtl, List<String> resources, Instant createdAt) {

    public Tenant {
        resources = List.copyOf(resources);
    }
}
