package io.watchword.revocation.rest;

/** Body of {@code POST /v1/suspensions}: a reversible stop of one credential. */
public record SuspensionRequest(String credentialId, String reason, String comment) {}
