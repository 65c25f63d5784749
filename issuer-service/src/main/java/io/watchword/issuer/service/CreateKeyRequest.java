package io.watchword.issuer.service;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * Body of {@code POST /v1/keys}. Durations and instants are strings so a malformed one gets a
 * precise error; {@code limits} is read by {@link io.watchword.issuer.limit.KeyLimitPolicy} for the
 * same reason.
 */
public record CreateKeyRequest(
        String name,
        String environment,
        List<String> scopes,
        String expiresAt,
        String ttl,
        List<String> allowedCidrs,
        Map<String, String> metadata,
        JsonNode limits) {}
