package io.watchword.core.credential;

import java.security.SecureRandom;

/** The base62 alphabet ({@code 0-9A-Za-z}) of API keys, their checksums and credential ids. */
public final class Base62 {

    public static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final char[] CHARS = ALPHABET.toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private Base62() {}

    /** {@code length} characters drawn uniformly from the alphabet (5.95 bits each). */
    public static String random(int length) {
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = CHARS[RANDOM.nextInt(62)];
        }
        return new String(chars);
    }

    /**
     * A non-negative number as exactly {@code width} characters, left-padded with zeros (higher
     * digits that do not fit are dropped: a CRC32 needs 6).
     *
     * @throws IllegalArgumentException if {@code value} is negative
     */
    public static String encode(long value, int width) {
        if (value < 0) {
            throw new IllegalArgumentException("base62 encodes non-negative numbers only");
        }
        char[] chars = new char[width];
        for (int i = width - 1; i >= 0; i--) {
            chars[i] = CHARS[(int) (value % 62)];
            value /= 62;
        }
        return new String(chars);
    }

    public static boolean isBase62(char c) {
        return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }

    /** Every character is in the alphabet (true for the empty string); false for null. */
    public static boolean isBase62(CharSequence s) {
        return s != null && isBase62(s, 0, s.length());
    }

    /** Characters {@code [from, to)} of {@code s} are all in the alphabet. */
    static boolean isBase62(CharSequence s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!isBase62(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
