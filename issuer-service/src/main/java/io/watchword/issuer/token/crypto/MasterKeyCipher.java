package io.watchword.issuer.token.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts private signing keys at rest with AES-256-GCM under a master key.
 *
 * <p>Layout of a sealed value: {@code version(1) | nonce(12) | ciphertext | tag(16)}. The nonce is
 * random per encryption and the key id is the associated data, so a ciphertext copied onto another
 * key's row fails to decrypt. Decryption tries the current master key first and then the previous
 * ones, which lets an operator rotate the master key: add the old one to
 * {@code watchword.issuer.previous-master-keys}, set the new one, and rows are re-encrypted under
 * the new key as they are read. Thread-safe.
 */
public final class MasterKeyCipher {

    private static final byte VERSION = 1;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final int KEY_BYTES = 32;

    private final SecureRandom random = new SecureRandom();
    private final MasterKey current;
    private final List<MasterKey> previous;

    public MasterKeyCipher(byte[] currentKey, List<byte[]> previousKeys) {
        this.current = new MasterKey(currentKey);
        List<MasterKey> olds = new ArrayList<>();
        for (byte[] key : previousKeys) {
            olds.add(new MasterKey(key));
        }
        this.previous = List.copyOf(olds);
    }

    /** The id of the current master key: a short fingerprint, safe to store and log. */
    public String currentKeyId() {
        return current.id;
    }

    public byte[] encrypt(byte[] plaintext, String associatedData) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, current.key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext);
            return ByteBuffer.allocate(1 + NONCE_BYTES + sealed.length)
                    .put(VERSION)
                    .put(nonce)
                    .put(sealed)
                    .array();
        } catch (GeneralSecurityException e) {
            throw new KeyEncryptionException("AES-256-GCM encryption failed", e);
        }
    }

    /**
     * @return the plaintext and whether it was sealed under a previous master key (and so should
     *     be re-encrypted)
     * @throws KeyEncryptionException if no configured master key opens it
     */
    public Decrypted decrypt(byte[] sealed, String associatedData) {
        if (sealed == null || sealed.length < 1 + NONCE_BYTES + TAG_BITS / 8 || sealed[0] != VERSION) {
            throw new KeyEncryptionException("sealed key of " + associatedData + " has an unknown layout");
        }
        byte[] plain = tryDecrypt(current, sealed, associatedData);
        if (plain != null) {
            return new Decrypted(plain, false);
        }
        for (MasterKey old : previous) {
            plain = tryDecrypt(old, sealed, associatedData);
            if (plain != null) {
                return new Decrypted(plain, true);
            }
        }
        throw new KeyEncryptionException("the private key of " + associatedData
                + " does not decrypt with the configured master key nor any of "
                + "watchword.issuer.previous-master-keys (was the master key changed without "
                + "listing the old one?)");
    }

    private static byte[] tryDecrypt(MasterKey masterKey, byte[] sealed, String associatedData) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, masterKey.key, new GCMParameterSpec(TAG_BITS, sealed, 1, NONCE_BYTES));
            cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(sealed, 1 + NONCE_BYTES, sealed.length - 1 - NONCE_BYTES);
        } catch (javax.crypto.AEADBadTagException e) {
            return null;
        } catch (GeneralSecurityException e) {
            throw new KeyEncryptionException("AES-256-GCM decryption failed", e);
        }
    }

    /** A decrypted private key; wipe {@link #plaintext()} after use. */
    public record Decrypted(byte[] plaintext, boolean underPreviousMasterKey) {
        public void wipe() {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    private static final class MasterKey {
        private final SecretKeySpec key;
        private final String id;

        MasterKey(byte[] bytes) {
            if (bytes == null || bytes.length != KEY_BYTES) {
                throw new IllegalArgumentException(
                        "a master key is " + KEY_BYTES + " bytes (base64 of 32 random bytes)");
            }
            this.key = new SecretKeySpec(bytes, "AES");
            this.id = fingerprint(bytes);
        }

        private static String fingerprint(byte[] bytes) {
            try {
                byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
                return "mk_" + HexFormat.of().formatHex(digest, 0, 6);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
