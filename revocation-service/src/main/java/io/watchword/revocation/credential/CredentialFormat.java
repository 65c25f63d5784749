package io.watchword.revocation.credential;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * The credential formats of the architecture decision, checked locally so that a mistyped or
 * made-up credential costs no call to the issuer.
 */
public final class CredentialFormat {

    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int RANDOM_CHARS = 32;
    private static final int CHECKSUM_CHARS = 6;
    private static final Pattern KEY = Pattern.compile("ww_(live|test|admin)_[0-9A-Za-z]{38}");
    private static final Pattern API_KEY_ID = Pattern.compile("key_[0-9A-Za-z]{22}");
    private static final Pattern ADMIN_ID = Pattern.compile("adm_[0-9A-Za-z]{22}");
    private static final Pattern JTI = Pattern.compile("tok_[0-9A-Za-z]{22}");
    private static final Pattern JWS = Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");

    private CredentialFormat() {}

    /** Right shape and CRC32 checksum ({@code ww_<env>_<32 random><6 checksum>}). */
    public static boolean isWellFormedKey(String presented) {
        if (presented == null || !KEY.matcher(presented).matches()) {
            return false;
        }
        String body = presented.substring(0, presented.length() - CHECKSUM_CHARS);
        return presented.endsWith(checksum(body));
    }

    /** {@code live}, {@code test} or {@code admin}, for a well-formed key. */
    public static Optional<String> environmentOf(String presented) {
        if (!isWellFormedKey(presented)) {
            return Optional.empty();
        }
        return Optional.of(presented.substring(3, presented.indexOf('_', 3)));
    }

    public static boolean isAdminKey(String presented) {
        return isWellFormedKey(presented) && presented.startsWith("ww_admin_");
    }

    public static boolean looksLikeJws(String presented) {
        return presented != null
                && presented.length() <= 8192
                && JWS.matcher(presented).matches();
    }

    public static boolean isCredentialId(String id) {
        return id != null
                && (API_KEY_ID.matcher(id).matches() || ADMIN_ID.matcher(id).matches());
    }

    public static boolean isJti(String id) {
        return id != null && JTI.matcher(id).matches();
    }

    /** A new id such as {@code rev_…}: a prefix and 22 random base62 characters (131 bits). */
    public static String newId(String prefix) {
        StringBuilder id = new StringBuilder(prefix).append('_');
        for (int i = 0; i < 22; i++) {
            id.append(ALPHABET.charAt(RANDOM.nextInt(62)));
        }
        return id.toString();
    }

    /** A fresh key of {@code environment}; tests use it to hand the issuer a bootstrap credential. */
    public static String generateKey(String environment) {
        StringBuilder body = new StringBuilder("ww_").append(environment).append('_');
        for (int i = 0; i < RANDOM_CHARS; i++) {
            body.append(ALPHABET.charAt(RANDOM.nextInt(62)));
        }
        return body + checksum(body.toString());
    }

    static String checksum(String body) {
        CRC32 crc = new CRC32();
        crc.update(body.getBytes(StandardCharsets.US_ASCII));
        long value = crc.getValue();
        char[] chars = new char[CHECKSUM_CHARS];
        for (int i = CHECKSUM_CHARS - 1; i >= 0; i--) {
            chars[i] = ALPHABET.charAt((int) (value % 62));
            value /= 62;
        }
        return new String(chars);
    }
}
