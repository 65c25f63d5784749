package io.watchword.revocation.rest;

/**
 * Body of {@code POST /v1/revocations}: exactly one of {@code credentialId} (an API key or admin
 * credential id) or {@code jti} (a token id, optionally with the key it was issued for).
 */
public record RevocationRequest(
        String credentialId, String jti, String parentCredentialId, String reason, String comment) {}
