package io.watchword.client.testing;

import io.watchword.client.verify.SigningKey;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * Mints Watchword-shaped tokens with an Ed25519 key, as the issuer would, for tests of the client
 * and of services that embed it (shipped in the client's test-jar).
 */
public final class TestIssuer {

    public static final String ISSUER = "urn:watchword:issuer";
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final String kid;
    private final byte[] privateKey;
    private final byte[] publicKey = new byte[Ed25519.PUBLIC_KEY_SIZE];

    /** A fresh random key. */
    public TestIssuer(String kid) {
        this(kid, randomKey());
    }

    /** A fixed key, so a test resource and a test class can agree on it without sharing state. */
    public TestIssuer(String kid, byte[] privateKey) {
        this.kid = kid;
        this.privateKey = privateKey.clone();
        Ed25519.generatePublicKey(this.privateKey, 0, publicKey, 0);
    }

    private static byte[] randomKey() {
        byte[] key = new byte[Ed25519.SECRET_KEY_SIZE];
        Ed25519.generatePrivateKey(new SecureRandom(), key);
        return key;
    }

    public String kid() {
        return kid;
    }

    public SigningKey signingKey() {
        return SigningKey.of(kid, publicKey);
    }

    public String token(String sub, String jti, String scope, String aud, Instant nbf, Instant exp) {
        return token("ten_acme", sub, jti, scope, aud, nbf, exp);
    }

    public String token(String tenant, String sub, String jti, String scope, String aud, Instant nbf, Instant exp) {
        String claims = "{\"iss\":\"" + ISSUER + "\",\"sub\":\"" + sub + "\",\"tenant\":\"" + tenant
                + "\",\"scope\":\""
                + scope + "\",\"aud\":\"" + aud + "\",\"iat\":" + nbf.getEpochSecond() + ",\"nbf\":"
                + nbf.getEpochSecond() + ",\"exp\":" + exp.getEpochSecond() + ",\"jti\":\"" + jti + "\"}";
        return sign("{\"alg\":\"EdDSA\",\"kid\":\"" + kid + "\",\"typ\":\"at+jwt\"}", claims);
    }

    public String sign(String headerJson, String claimsJson) {
        String input = b64(headerJson) + "." + b64(claimsJson);
        byte[] message = input.getBytes(StandardCharsets.US_ASCII);
        byte[] signature = new byte[Ed25519.SIGNATURE_SIZE];
        Ed25519.sign(privateKey, 0, message, 0, message.length, signature, 0);
        return input + "." + B64.encodeToString(signature);
    }

    public String jwks() {
        return "{\"keys\":[{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"" + B64.encodeToString(publicKey)
                + "\",\"kid\":\"" + kid + "\",\"use\":\"sig\",\"alg\":\"EdDSA\"}]}";
    }

    public static String b64(String text) {
        return B64.encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
