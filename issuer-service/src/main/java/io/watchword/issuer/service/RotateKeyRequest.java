package io.watchword.issuer.service;

/** Body of {@code POST /v1/keys/{id}/rotate}; the body and the field are optional. */
public record RotateKeyRequest(String gracePeriod) {}
