package io.watchword.issuer.token.crypto;

import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * Ed25519 (RFC 8032) signing with BouncyCastle's low-level implementation.
 *
 * <p>The JDK's provider costs about 1.5 ms per verification on this class of machine; the
 * low-level BouncyCastle code with a precomputed base-point table and a cached public key is an
 * order of magnitude faster and allocates almost nothing. Thread-safe: the key material is never
 * mutated after construction.
 */
public final class Ed25519Signer {

    public static final int SIGNATURE_SIZE = Ed25519.SIGNATURE_SIZE;

    static {
        // Builds the base-point tables once per JVM instead of on the first request.
        Ed25519.precompute();
    }

    private final byte[] privateKey;
    private final byte[] publicKey;

    private Ed25519Signer(byte[] privateKey, byte[] publicKey) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
    }

    /** A signer for a 32-byte RFC 8032 private key (the seed {@code d} of a JWK). */
    public static Ed25519Signer fromPrivateKey(byte[] privateKey) {
        if (privateKey == null || privateKey.length != Ed25519.SECRET_KEY_SIZE) {
            throw new IllegalArgumentException("an Ed25519 private key has " + Ed25519.SECRET_KEY_SIZE + " bytes");
        }
        byte[] sk = privateKey.clone();
        byte[] pk = new byte[Ed25519.PUBLIC_KEY_SIZE];
        Ed25519.generatePublicKey(sk, 0, pk, 0);
        return new Ed25519Signer(sk, pk);
    }

    public static Ed25519Signer generate(SecureRandom random) {
        byte[] sk = new byte[Ed25519.SECRET_KEY_SIZE];
        Ed25519.generatePrivateKey(random, sk);
        try {
            return fromPrivateKey(sk);
        } finally {
            Arrays.fill(sk, (byte) 0);
        }
    }

    public byte[] sign(byte[] message) {
        return sign(message, 0, message.length);
    }

    public byte[] sign(byte[] message, int offset, int length) {
        byte[] signature = new byte[SIGNATURE_SIZE];
        // Passing the public key avoids recomputing it (a scalar multiplication) on every call.
        Ed25519.sign(privateKey, 0, publicKey, 0, message, offset, length, signature, 0);
        return signature;
    }

    public byte[] publicKey() {
        return publicKey.clone();
    }

    /** The private key, for encryption at rest only; callers must wipe the copy. */
    public byte[] privateKey() {
        return privateKey.clone();
    }

    public Ed25519Verifier verifier() {
        return Ed25519Verifier.of(publicKey);
    }
}
