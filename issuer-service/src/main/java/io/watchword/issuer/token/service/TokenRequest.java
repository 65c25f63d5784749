package io.watchword.issuer.token.service;

import java.util.List;

/**
 * Body of {@code POST /v1/tokens}; every field is optional.
 *
 * @param scopes scopes to narrow the token to (default: all of the key's scopes)
 * @param audience the {@code aud} claim (default: {@code watchword.issuer.tokens.default-audience})
 * @param ttl ISO-8601 duration such as {@code PT5M} (default: {@code default-ttl}, at most
 *     {@code max-ttl})
 */
public record TokenRequest(List<String> scopes, String audience, String ttl) {

    public static final TokenRequest EMPTY = new TokenRequest(null, null, null);
}
