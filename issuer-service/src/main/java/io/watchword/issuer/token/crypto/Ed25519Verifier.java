package io.watchword.issuer.token.crypto;

import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * Verifies Ed25519 signatures for one public key. The key is decoded and validated once (a point
 * decompression is a good part of a verification's cost) and reused for every call. Thread-safe.
 */
public final class Ed25519Verifier {

    private final byte[] publicKey;
    private final Ed25519.PublicPoint point;

    private Ed25519Verifier(byte[] publicKey, Ed25519.PublicPoint point) {
        this.publicKey = publicKey;
        this.point = point;
    }

    /**
     * @throws IllegalArgumentException if the bytes are not a valid Ed25519 public key
     */
    public static Ed25519Verifier of(byte[] publicKey) {
        if (publicKey == null || publicKey.length != Ed25519.PUBLIC_KEY_SIZE) {
            throw new IllegalArgumentException("an Ed25519 public key has " + Ed25519.PUBLIC_KEY_SIZE + " bytes");
        }
        Ed25519.PublicPoint point = Ed25519.validatePublicKeyFullExport(publicKey, 0);
        if (point == null) {
            throw new IllegalArgumentException("not a valid Ed25519 public key");
        }
        return new Ed25519Verifier(publicKey.clone(), point);
    }

    public boolean verify(byte[] signature, byte[] message, int offset, int length) {
        if (signature == null || signature.length != Ed25519.SIGNATURE_SIZE) {
            return false;
        }
        return Ed25519.verify(signature, 0, point, message, offset, length);
    }

    public boolean verify(byte[] signature, byte[] message) {
        return verify(signature, message, 0, message.length);
    }

    public byte[] publicKey() {
        return publicKey.clone();
    }
}
