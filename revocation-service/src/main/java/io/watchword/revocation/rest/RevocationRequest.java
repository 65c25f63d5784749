package io.watchword.revocation.rest;

import io.watchword.events.v1.RevocationReason;

/**
 * Body of {@code POST /v1/revocations}: exactly one of {@code credentialId} (an API key or admin
 * credential id) or {@code jti} (a token id, optionally with the key it was issued for).
 */
public record RevocationRequest(
        String credentialId, String jti, String parentCredentialId, RevocationReason reason, String comment) {}
