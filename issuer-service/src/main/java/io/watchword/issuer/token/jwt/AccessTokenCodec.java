package io.watchword.issuer.token.jwt;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.watchword.issuer.token.crypto.Base64Url;
import io.watchword.issuer.token.crypto.Ed25519Signer;
import io.watchword.issuer.token.crypto.Ed25519Verifier;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.function.Function;

/**
 * Encodes and verifies access tokens as JWS compact serialization (RFC 7515) by hand.
 *
 * <p>Claims are written with Jackson's streaming generator in a fixed order and read with its tree
 * model: no reflection, no JOSE library on the hot path, and nothing but EdDSA is ever accepted
 * (the header's {@code alg} is checked against the one algorithm we sign with, closing the
 * classic {@code alg=none}/algorithm-confusion holes). Thread-safe.
 */
public final class AccessTokenCodec {

    private static final JsonFactory JSON = new JsonFactory();
    private static final ObjectMapper READER = new ObjectMapper(JSON);

    private AccessTokenCodec() {}

    /** The base64url protected header for a key id; constant per key, so callers may cache it. */
    public static String encodedHeader(String keyId) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("alg", JwtHeader.ALG_EDDSA);
            json.writeStringField("kid", keyId);
            json.writeStringField("typ", JwtHeader.TYPE_ACCESS_TOKEN);
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Base64Url.encode(out.toByteArray());
    }

    public static String encode(String encodedHeader, AccessTokenClaims claims, Ed25519Signer signer) {
        String signingInput = encodedHeader + '.' + Base64Url.encode(claimsJson(claims));
        byte[] signature = signer.sign(signingInput.getBytes(StandardCharsets.US_ASCII));
        return signingInput + '.' + Base64Url.encode(signature);
    }

    static byte[] claimsJson(AccessTokenClaims claims) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("iss", claims.issuer());
            json.writeStringField("sub", claims.subject());
            json.writeStringField("tenant", claims.tenant());
            json.writeStringField("scope", claims.scope());
            json.writeStringField("aud", claims.audience());
            json.writeNumberField("iat", claims.issuedAt().getEpochSecond());
            json.writeNumberField("nbf", claims.notBefore().getEpochSecond());
            json.writeNumberField("exp", claims.expiresAt().getEpochSecond());
            json.writeStringField("jti", claims.jwtId());
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * Reads the header without verifying anything, to find the key id.
     *
     * @throws InvalidTokenException if the text is not a compact JWS with an EdDSA header
     */
    public static JwtHeader header(String token) {
        int firstDot = token.indexOf('.');
        if (firstDot <= 0) {
            throw new InvalidTokenException("not a compact JWS");
        }
        JsonNode header = json(token.substring(0, firstDot), "header");
        String alg = text(header, "alg");
        if (!JwtHeader.ALG_EDDSA.equals(alg)) {
            throw new InvalidTokenException("alg must be EdDSA");
        }
        if (header.has("crit")) {
            throw new InvalidTokenException("crit header parameters are not supported");
        }
        // RFC 9068 §4: an access token is recognised by its type, so no other JWT can pass as one.
        String typ = text(header, "typ");
        if (typ == null || !(JwtHeader.TYPE_ACCESS_TOKEN.equals(typ) || "application/at+jwt".equals(typ))) {
            throw new InvalidTokenException("typ must be at+jwt");
        }
        String kid = text(header, "kid");
        if (kid == null) {
            throw new InvalidTokenException("header lacks kid");
        }
        return new JwtHeader(alg, kid, text(header, "typ"));
    }

    /**
     * Verifies the signature with the key the header names and returns the claims. Does not check
     * time, issuer or audience: that is the caller's policy.
     *
     * @param verifiers the public key for a key id, or null if unknown
     * @throws InvalidTokenException if the token is malformed, its key unknown or its signature bad
     */
    public static AccessTokenClaims verify(String token, Function<String, Ed25519Verifier> verifiers) {
        JwtHeader header = header(token);
        int firstDot = token.indexOf('.');
        int secondDot = token.indexOf('.', firstDot + 1);
        if (secondDot < 0 || token.indexOf('.', secondDot + 1) >= 0) {
            throw new InvalidTokenException("a compact JWS has exactly three parts");
        }
        Ed25519Verifier verifier = verifiers.apply(header.keyId());
        if (verifier == null) {
            throw new InvalidTokenException("unknown signing key");
        }
        byte[] signature;
        try {
            signature = Base64Url.decode(token.substring(secondDot + 1));
        } catch (IllegalArgumentException e) {
            throw new InvalidTokenException("signature is not base64url");
        }
        byte[] signingInput = token.substring(0, secondDot).getBytes(StandardCharsets.US_ASCII);
        if (!verifier.verify(signature, signingInput)) {
            throw new InvalidTokenException("signature does not verify");
        }
        JsonNode claims = json(token.substring(firstDot + 1, secondDot), "payload");
        return new AccessTokenClaims(
                text(claims, "iss"),
                text(claims, "sub"),
                text(claims, "tenant"),
                text(claims, "scope"),
                audience(claims.get("aud")),
                instant(claims, "iat"),
                instant(claims, "nbf"),
                instant(claims, "exp"),
                text(claims, "jti"));
    }

    private static JsonNode json(String part, String what) {
        try {
            JsonNode node = READER.readTree(Base64Url.decode(part));
            if (node == null || !node.isObject()) {
                throw new InvalidTokenException(what + " is not a JSON object");
            }
            return node;
        } catch (IllegalArgumentException | IOException e) {
            throw new InvalidTokenException(what + " is not base64url JSON");
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() ? value.asText() : null;
    }

    private static String audience(JsonNode aud) {
        if (aud == null) {
            return null;
        }
        if (aud.isArray()) {
            return aud.size() == 1 && aud.get(0).isTextual() ? aud.get(0).asText() : null;
        }
        return aud.isTextual() ? aud.asText() : null;
    }

    private static Instant instant(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isNumber() ? Instant.ofEpochSecond(value.asLong()) : null;
    }
}
