package io.watchword.client.verify;

/**
 * One of the issuer's public Ed25519 keys: the client's name for {@link
 * io.watchword.core.token.SigningKey}, where the implementation lives (shared with the issuer and
 * the Flink job).
 */
public final class SigningKey {

    private final io.watchword.core.token.SigningKey core;

    private SigningKey(io.watchword.core.token.SigningKey core) {
        this.core = core;
    }

    /**
     * @throws IllegalArgumentException if the bytes are not a valid Ed25519 public key
     */
    public static SigningKey of(String keyId, byte[] publicKey) {
        return new SigningKey(io.watchword.core.token.SigningKey.of(keyId, publicKey));
    }

    static SigningKey of(io.watchword.core.token.SigningKey core) {
        return core == null ? null : new SigningKey(core);
    }

    public String keyId() {
        return core.keyId();
    }

    public boolean verify(byte[] signature, byte[] message, int length) {
        return core.verify(signature, message, length);
    }

    /** The core key this wraps. */
    public io.watchword.core.token.SigningKey core() {
        return core;
    }
}
