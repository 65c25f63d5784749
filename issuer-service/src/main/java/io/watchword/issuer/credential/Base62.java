package io.watchword.issuer.credential;

import java.security.SecureRandom;

/** Base62 alphabet helpers for keys and ids. */
public final class Base62 {

    static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Base62() {}

    /** {@code length} characters drawn uniformly from the alphabet (5.95 bits each). */
    public static String random(int length) {
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = ALPHABET.charAt(RANDOM.nextInt(62));
        }
        return new String(chars);
    }

    /** A non-negative number as exactly {@code width} characters, left-padded with zeros. */
    public static String encode(long value, int width) {
        char[] chars = new char[width];
        for (int i = width - 1; i >= 0; i--) {
            chars[i] = ALPHABET.charAt((int) (value % 62));
            value /= 62;
        }
        return new String(chars);
    }

    public static boolean isBase62(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) {
                return false;
            }
        }
        return true;
    }

    /** {@code key_…}, {@code adm_…}: a prefix and 22 random characters (131 bits). */
    public static String newId(String prefix) {
        return prefix + "_" + random(22);
    }
}
