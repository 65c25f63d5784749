package io.watchword.revocation.rest;

import io.watchword.events.v1.RevocationReason;

/** Body of {@code POST /v1/suspensions}: a reversible stop of one credential. */
public record SuspensionRequest(String credentialId, RevocationReason reason, String comment) {}
