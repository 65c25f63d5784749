package io.watchword.issuer.credential;

import io.quarkus.runtime.Startup;
import io.watchword.issuer.config.IssuerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keyed hash of a presented key: HMAC-SHA-256 with a server-side pepper. A leaked database alone
 * cannot be brute-forced offline without the pepper. Keys carry 190 random bits, so a slow
 * password hash buys nothing and would make a lookup cost milliseconds.
 */
@Startup
@ApplicationScoped
public class KeyHasher {

    private static final String ALGORITHM = "HmacSHA256";
    private final SecretKeySpec pepper;
    private final ThreadLocal<Mac> macs;

    @Inject
    public KeyHasher(IssuerConfig config) {
        this(decode(config.keyPepper().orElse(null)));
    }

    KeyHasher(byte[] pepperBytes) {
        this.pepper = new SecretKeySpec(pepperBytes, ALGORITHM);
        this.macs = ThreadLocal.withInitial(this::newMac);
    }

    public static KeyHasher withPepper(byte[] pepperBytes) {
        return new KeyHasher(pepperBytes);
    }

    public byte[] hash(String presentedKey) {
        Mac mac = macs.get();
        return mac.doFinal(presentedKey.getBytes(StandardCharsets.UTF_8));
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(pepper);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA-256 unavailable", e);
        }
    }

    static byte[] decode(String base64) {
        if (base64 == null || base64.isBlank()) {
            throw new IllegalStateException("watchword.issuer.key-pepper is not set: API keys cannot be hashed. Set the"
                    + " environment variable WATCHWORD_ISSUER_KEY_PEPPER to at least 32 random bytes in"
                    + " base64 (openssl rand -base64 32) and keep it secret and stable: changing it"
                    + " invalidates every stored key.");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("watchword.issuer.key-pepper is not valid base64", e);
        }
        if (bytes.length < 32) {
            throw new IllegalStateException("watchword.issuer.key-pepper decodes to " + bytes.length
                    + " bytes; at least 32 are required (openssl rand -base64 32)");
        }
        return bytes;
    }
}
