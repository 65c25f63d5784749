package io.watchword.issuer.service;

import java.util.List;

/** Body of {@code POST /v1/tenants}: policy durations are ISO-8601 strings. */
public record CreateTenantRequest(
        String id, String name, String defaultKeyTtl, String maxKeyTtl, List<String> resources) {}
