package io.watchword.core.credential;

import java.util.Optional;
import java.util.Set;
import java.util.zip.CRC32;

/**
 * The API-key format: {@code ww_<env>_<32 random base62><6 base62 CRC32 of what precedes>}, where
 * {@code env} is {@code live}, {@code test} or {@code admin}. The checksum lets anything (the issuer,
 * a verifier, a secret scanner) refuse a mistyped or made-up key without a lookup. It is not a
 * secret: a right checksum proves nothing about the key, only that it is worth a lookup.
 *
 * <p>Every check is total: null, empty, huge, NUL-bearing or non-ASCII input gives {@code false}
 * or empty, never an exception, and costs at most the length of a real key.
 */
public final class ApiKeyFormat {

    public static final String PREFIX = "ww_";
    public static final String LIVE = "live";
    public static final String TEST = "test";
    public static final String ADMIN = "admin";
    public static final Set<String> ENVIRONMENTS = Set.of(LIVE, TEST, ADMIN);
    public static final int RANDOM_CHARS = 32;
    public static final int CHECKSUM_CHARS = 6;
    /** Random characters shown in a display prefix: 8 of 32, enough to tell keys apart. */
    public static final int DISPLAY_CHARS = 8;
    /** Longest well-formed key ({@code admin}): anything longer is refused before any work. */
    public static final int MAX_LENGTH = PREFIX.length() + ADMIN.length() + 1 + RANDOM_CHARS + CHECKSUM_CHARS;

    private ApiKeyFormat() {}

    /**
     * A new key for {@code live}, {@code test} or {@code admin}.
     *
     * @throws IllegalArgumentException for any other environment
     */
    public static String generate(String environment) {
        if (environment == null || !ENVIRONMENTS.contains(environment)) {
            throw new IllegalArgumentException("the environment of a key is live, test or admin");
        }
        String body = PREFIX + environment + "_" + Base62.random(RANDOM_CHARS);
        return body + checksum(body);
    }

    /**
     * Appends the checksum to a body {@code ww_<env>_<32 base62>}; for tests and tooling that build
     * keys from known characters.
     *
     * @throws IllegalArgumentException if {@code body} is not such a body
     */
    public static String withChecksum(String body) {
        int envEnd = environmentEnd(body);
        if (envEnd < 0
                || body.length() != envEnd + 1 + RANDOM_CHARS
                || !Base62.isBase62(body, envEnd + 1, body.length())) {
            throw new IllegalArgumentException("a key body is ww_<live|test|admin>_ and 32 base62 characters");
        }
        return body + checksum(body);
    }

    /** Whether the text starts like a Watchword API key, i.e. should be treated as one (not a token). */
    public static boolean looksLikeApiKey(String presented) {
        return presented != null && presented.startsWith(PREFIX);
    }

    /**
     * Known environment, right length, base62 and the checksum right. Constant work for a given
     * length; no lookup.
     */
    public static boolean hasValidChecksum(String presented) {
        if (presented == null || presented.length() > MAX_LENGTH) {
            return false;
        }
        int envEnd = environmentEnd(presented);
        if (envEnd < 0 || presented.length() != envEnd + 1 + RANDOM_CHARS + CHECKSUM_CHARS) {
            return false;
        }
        if (!Base62.isBase62(presented, envEnd + 1, presented.length())) {
            return false;
        }
        int bodyEnd = presented.length() - CHECKSUM_CHARS;
        return presented.regionMatches(bodyEnd, checksum(presented.substring(0, bodyEnd)), 0, CHECKSUM_CHARS);
    }

    /** A well-formed key (checksum right) of the {@code admin} environment. */
    public static boolean isAdminKey(String presented) {
        return hasValidChecksum(presented) && presented.startsWith(PREFIX + ADMIN + "_");
    }

    /**
     * {@code live}, {@code test} or {@code admin} from the prefix, if it has one; the rest of the
     * text is not checked (use {@link #hasValidChecksum} for that).
     */
    public static Optional<String> environmentOf(String presented) {
        int envEnd = environmentEnd(presented);
        return envEnd < 0 ? Optional.empty() : Optional.of(presented.substring(PREFIX.length(), envEnd));
    }

    /**
     * What may be shown and logged of a well-formed key: {@code ww_live_AbCd1234}.
     *
     * @throws IllegalArgumentException if {@code key} is not a well-formed key (its text is not
     *     quoted: it may be a secret of another kind)
     */
    public static String displayPrefix(String key) {
        return displayPrefixOf(key)
                .orElseThrow(() -> new IllegalArgumentException("not a valid API key: no display prefix"));
    }

    /**
     * The display prefix of presented text when it is a well-formed key, else empty: anything else
     * could be a secret pasted in the wrong place and is never shown.
     */
    public static Optional<String> displayPrefixOf(String presented) {
        if (!hasValidChecksum(presented)) {
            return Optional.empty();
        }
        return Optional.of(presented.substring(0, presented.indexOf('_', PREFIX.length()) + 1 + DISPLAY_CHARS));
    }

    /** Index of the '_' that ends a known environment, or -1. Looks at no more than 10 characters. */
    private static int environmentEnd(String presented) {
        if (presented == null || !presented.startsWith(PREFIX)) {
            return -1;
        }
        for (String env : ENVIRONMENTS) {
            int end = PREFIX.length() + env.length();
            if (presented.length() > end
                    && presented.charAt(end) == '_'
                    && presented.startsWith(env, PREFIX.length())) {
                return end;
            }
        }
        return -1;
    }

    /** CRC32 of the ASCII body as 6 base62 digits. Callers pass base62/ASCII text only. */
    static String checksum(String body) {
        CRC32 crc = new CRC32();
        for (int i = 0; i < body.length(); i++) {
            crc.update(body.charAt(i));
        }
        return Base62.encode(crc.getValue(), CHECKSUM_CHARS);
    }
}
