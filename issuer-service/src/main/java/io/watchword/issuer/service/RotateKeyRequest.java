package io.watchword.issuer.service;

import java.util.List;

/**
 * Body of {@code POST /v1/keys/{id}/rotate}; the body and both fields are optional. {@code scopes}
 * narrows the replacement to a subset of the old key's scopes (usage-analytics' scope advice,
 * decision 0150); a rotation never widens a key.
 */
public record RotateKeyRequest(String gracePeriod, List<String> scopes) {}
