package io.watchword.issuer.service;

import java.util.List;
import java.util.Map;

/**
 * Body of {@code POST /v1/keys}. Durations and instants are strings so a malformed one gets a
 * precise error.
 */
public record CreateKeyRequest(
        String name,
        String environment,
        List<String> scopes,
        String expiresAt,
        String ttl,
        List<String> allowedCidrs,
        Map<String, String> metadata) {}
