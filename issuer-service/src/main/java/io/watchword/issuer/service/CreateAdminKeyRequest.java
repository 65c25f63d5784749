package io.watchword.issuer.service;

import java.util.List;

/** Body of {@code POST /v1/admin-keys}. */
public record CreateAdminKeyRequest(String name, List<String> scopes, String ttl, String expiresAt) {}
