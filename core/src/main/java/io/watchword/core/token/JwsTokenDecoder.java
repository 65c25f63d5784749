package io.watchword.core.token;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.function.Function;

/**
 * Verifies a JWS compact serialization (RFC 7515) signed with EdDSA/Ed25519 (RFC 8037) and returns
 * its claims. Only {@code alg=EdDSA} is accepted, so {@code alg=none} and algorithm confusion are
 * impossible; a {@code crit} header is refused because we implement no extensions. Time, issuer
 * and audience are checked by {@link TokenClaimsCheck}; revocation is the caller's policy.
 * Thread-safe.
 */
public final class JwsTokenDecoder {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Decoder BASE64URL = Base64.getUrlDecoder();
    /** Bigger than any token the issuer writes; refuses abuse before decoding anything. */
    public static final int MAX_TOKEN_LENGTH = 8192;

    private JwsTokenDecoder() {}

    /** The {@code kid} of a token's header, checking that the header is a well-formed EdDSA one. */
    public static String keyId(String token) throws TokenRejectedException {
        int firstDot = token.indexOf('.');
        if (firstDot <= 0) {
            throw new TokenRejectedException(TokenFailure.MALFORMED, "not a compact JWS");
        }
        JsonNode header = json(token, 0, firstDot, "header");
        if (!"EdDSA".equals(text(header, "alg"))) {
            throw new TokenRejectedException(TokenFailure.BAD_SIGNATURE, "alg must be EdDSA");
        }
        if (header.has("crit")) {
            throw new TokenRejectedException(TokenFailure.MALFORMED, "crit header parameters are not supported");
        }
        String kid = text(header, "kid");
        if (kid == null) {
            throw new TokenRejectedException(TokenFailure.MALFORMED, "header lacks kid");
        }
        return kid;
    }

    /**
     * Checks structure and signature, then parses the claims.
     *
     * @param keys the issuer's key for a {@code kid}, or null when it does not publish one
     */
    public static TokenClaims verify(String token, Function<String, SigningKey> keys) throws TokenRejectedException {
        if (token.length() > MAX_TOKEN_LENGTH) {
            throw new TokenRejectedException(TokenFailure.MALFORMED, "token too long");
        }
        int firstDot = token.indexOf('.');
        int secondDot = firstDot < 0 ? -1 : token.indexOf('.', firstDot + 1);
        if (secondDot < 0 || token.indexOf('.', secondDot + 1) >= 0) {
            throw new TokenRejectedException(TokenFailure.MALFORMED, "a compact JWS has exactly three parts");
        }
        String kid = keyId(token);
        SigningKey key = keys.apply(kid);
        if (key == null) {
            throw new TokenRejectedException(TokenFailure.UNKNOWN_KEY, "unknown signing key");
        }
        byte[] signature;
        try {
            signature = BASE64URL.decode(token.substring(secondDot + 1));
        } catch (IllegalArgumentException e) {
            throw new TokenRejectedException(TokenFailure.MALFORMED, "signature is not base64url");
        }
        byte[] signingInput = token.substring(0, secondDot).getBytes(StandardCharsets.US_ASCII);
        if (!key.verify(signature, signingInput, signingInput.length)) {
            throw new TokenRejectedException(TokenFailure.BAD_SIGNATURE, "signature does not verify");
        }
        JsonNode claims = json(token, firstDot + 1, secondDot, "payload");
        long exp = seconds(claims, "exp");
        if (exp == Long.MIN_VALUE) {
            throw new TokenRejectedException(TokenFailure.MALFORMED, "token lacks exp");
        }
        return new TokenClaims(
                text(claims, "iss"),
                text(claims, "sub"),
                text(claims, "tenant"),
                text(claims, "scope"),
                audience(claims.get("aud")),
                seconds(claims, "iat"),
                seconds(claims, "nbf"),
                exp,
                text(claims, "jti"));
    }

    private static JsonNode json(String token, int from, int to, String what) throws TokenRejectedException {
        try {
            JsonNode node = JSON.readTree(BASE64URL.decode(token.substring(from, to)));
            if (node == null || !node.isObject()) {
                throw new TokenRejectedException(TokenFailure.MALFORMED, what + " is not a JSON object");
            }
            return node;
        } catch (IllegalArgumentException | IOException e) {
            throw new TokenRejectedException(TokenFailure.MALFORMED, what + " is not base64url JSON");
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() ? value.asText() : null;
    }

    /** A single audience; an array of one is accepted, several are not issued by Watchword. */
    private static String audience(JsonNode aud) {
        if (aud != null && aud.isArray() && aud.size() == 1) {
            aud = aud.get(0);
        }
        return aud != null && aud.isTextual() ? aud.asText() : null;
    }

    private static long seconds(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.canConvertToLong() ? value.asLong() : Long.MIN_VALUE;
    }
}
