package io.watchword.client.apikey;

import java.util.zip.CRC32;

/**
 * Checks the shape and checksum of an API key, {@code ww_<env>_<32 base62><6 base62 CRC32 of what
 * precedes>}, so a mistyped or made-up key is refused without any network call. The checksum is
 * not a secret: passing it proves nothing about the key, only that it is worth a lookup.
 */
public final class ApiKeyFormat {

    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final int RANDOM_CHARS = 32;
    private static final int CHECKSUM_CHARS = 6;
    private static final int DISPLAY_CHARS = 8;

    private ApiKeyFormat() {}

    /** Whether the text starts like a Watchword API key, i.e. should be treated as one. */
    public static boolean looksLikeApiKey(String presented) {
        return presented != null && presented.startsWith("ww_");
    }

    /** Environment {@code live}, {@code test} or {@code admin}, right length, base62, checksum right. */
    public static boolean hasValidChecksum(String presented) {
        if (!looksLikeApiKey(presented)) {
            return false;
        }
        int envEnd = presented.indexOf('_', 3);
        if (envEnd < 0) {
            return false;
        }
        String env = presented.substring(3, envEnd);
        if (!env.equals("live") && !env.equals("test") && !env.equals("admin")) {
            return false;
        }
        if (presented.length() != envEnd + 1 + RANDOM_CHARS + CHECKSUM_CHARS) {
            return false;
        }
        for (int i = envEnd + 1; i < presented.length(); i++) {
            if (ALPHABET.indexOf(presented.charAt(i)) < 0) {
                return false;
            }
        }
        int bodyEnd = presented.length() - CHECKSUM_CHARS;
        CRC32 crc = new CRC32();
        for (int i = 0; i < bodyEnd; i++) {
            crc.update(presented.charAt(i));
        }
        return presented.regionMatches(bodyEnd, encode(crc.getValue()), 0, CHECKSUM_CHARS);
    }

    /**
     * What may be shown and logged of a well-formed key, {@code ww_live_AbCd1234}: the same prefix
     * the issuer stores, so usage of an unknown key can be matched to what a person sees.
     */
    public static String displayPrefix(String key) {
        int start = key.indexOf('_', 3) + 1;
        return key.substring(0, Math.min(key.length(), start + DISPLAY_CHARS));
    }

    /** Appends the checksum to a body {@code ww_<env>_<32 base62>}; for tests and tooling. */
    public static String withChecksum(String body) {
        CRC32 crc = new CRC32();
        for (int i = 0; i < body.length(); i++) {
            crc.update(body.charAt(i));
        }
        return body + encode(crc.getValue());
    }

    private static String encode(long value) {
        char[] chars = new char[CHECKSUM_CHARS];
        for (int i = CHECKSUM_CHARS - 1; i >= 0; i--) {
            chars[i] = ALPHABET.charAt((int) (value % 62));
            value /= 62;
        }
        return new String(chars);
    }
}
