package io.watchword.client.verify;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/** Mints Watchword-shaped tokens with a fresh Ed25519 key, as the issuer would. */
final class TestIssuer {

    static final String ISSUER = "urn:watchword:issuer";
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    final String kid;
    final byte[] privateKey = new byte[Ed25519.SECRET_KEY_SIZE];
    final byte[] publicKey = new byte[Ed25519.PUBLIC_KEY_SIZE];

    TestIssuer(String kid) {
        this.kid = kid;
        Ed25519.generatePrivateKey(new SecureRandom(), privateKey);
        Ed25519.generatePublicKey(privateKey, 0, publicKey, 0);
    }

    SigningKey signingKey() {
        return SigningKey.of(kid, publicKey);
    }

    String token(String sub, String jti, String scope, String aud, Instant nbf, Instant exp) {
        String claims = "{\"iss\":\"" + ISSUER + "\",\"sub\":\"" + sub + "\",\"tenant\":\"ten_acme\",\"scope\":\""
                + scope + "\",\"aud\":\"" + aud + "\",\"iat\":" + nbf.getEpochSecond() + ",\"nbf\":"
                + nbf.getEpochSecond() + ",\"exp\":" + exp.getEpochSecond() + ",\"jti\":\"" + jti + "\"}";
        return sign("{\"alg\":\"EdDSA\",\"kid\":\"" + kid + "\",\"typ\":\"at+jwt\"}", claims);
    }

    String sign(String headerJson, String claimsJson) {
        String input = b64(headerJson) + "." + b64(claimsJson);
        byte[] message = input.getBytes(StandardCharsets.US_ASCII);
        byte[] signature = new byte[Ed25519.SIGNATURE_SIZE];
        Ed25519.sign(privateKey, 0, message, 0, message.length, signature, 0);
        return input + "." + B64.encodeToString(signature);
    }

    String jwks() {
        return "{\"keys\":[{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"" + B64.encodeToString(publicKey)
                + "\",\"kid\":\"" + kid + "\",\"use\":\"sig\",\"alg\":\"EdDSA\"}]}";
    }

    static String b64(String text) {
        return B64.encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
