package io.watchword.core.token;

import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * One of the issuer's public Ed25519 keys, decoded once into BouncyCastle's point form so a
 * verification does not pay for decompressing the key again (decision 0040).
 */
public final class SigningKey {

    private final String keyId;
    private final Ed25519.PublicPoint point;

    private SigningKey(String keyId, Ed25519.PublicPoint point) {
        this.keyId = keyId;
        this.point = point;
    }

    /**
     * @throws IllegalArgumentException if the bytes are not a valid Ed25519 public key
     */
    public static SigningKey of(String keyId, byte[] publicKey) {
        if (publicKey == null || publicKey.length != Ed25519.PUBLIC_KEY_SIZE) {
            throw new IllegalArgumentException("an Ed25519 public key has " + Ed25519.PUBLIC_KEY_SIZE + " bytes");
        }
        Ed25519.PublicPoint point = Ed25519.validatePublicKeyFullExport(publicKey, 0);
        if (point == null) {
            throw new IllegalArgumentException("not a valid Ed25519 public key");
        }
        return new SigningKey(keyId, point);
    }

    public String keyId() {
        return keyId;
    }

    public boolean verify(byte[] signature, byte[] message, int length) {
        return signature.length == Ed25519.SIGNATURE_SIZE && Ed25519.verify(signature, 0, point, message, 0, length);
    }
}
