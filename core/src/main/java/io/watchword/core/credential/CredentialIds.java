package io.watchword.core.credential;

/**
 * Ids of credentials and other records: a short lower-case prefix, {@code _} and 22 random base62
 * characters (131 bits): {@code key_…} (API key), {@code adm_…} (admin key), {@code tok_…} (token
 * jti), and service-local ones such as {@code rev_…}. An id is not a secret, but it is unguessable.
 *
 * <p>Every check is total: any input (null, huge, NUL, non-ASCII) is simply not a valid id.
 */
public final class CredentialIds {

    public static final String API_KEY_PREFIX = "key";
    public static final String ADMIN_KEY_PREFIX = "adm";
    public static final String TOKEN_PREFIX = "tok";
    public static final int RANDOM_CHARS = 22;

    private static final int MAX_PREFIX = 8;

    private CredentialIds() {}

    /** A new {@code key_…}. */
    public static String newApiKeyId() {
        return newId(API_KEY_PREFIX);
    }

    /** A new {@code adm_…}. */
    public static String newAdminKeyId() {
        return newId(ADMIN_KEY_PREFIX);
    }

    /** A new token id (jti) {@code tok_…}. */
    public static String newTokenId() {
        return newId(TOKEN_PREFIX);
    }

    /**
     * A new id {@code <prefix>_<22 base62>}.
     *
     * @throws IllegalArgumentException unless {@code prefix} is 1 to 8 lower-case ASCII letters
     */
    public static String newId(String prefix) {
        if (!isPrefix(prefix)) {
            throw new IllegalArgumentException("an id prefix is 1 to 8 lower-case letters");
        }
        return prefix + "_" + Base62.random(RANDOM_CHARS);
    }

    /** {@code key_} and 22 base62 characters. */
    public static boolean isApiKeyId(String id) {
        return hasShape(id, API_KEY_PREFIX);
    }

    /** {@code adm_} and 22 base62 characters. */
    public static boolean isAdminKeyId(String id) {
        return hasShape(id, ADMIN_KEY_PREFIX);
    }

    /** An API key's or an admin key's id: what a stored credential is known by. */
    public static boolean isCredentialId(String id) {
        return isApiKeyId(id) || isAdminKeyId(id);
    }

    /** A token id (jti): {@code tok_} and 22 base62 characters. */
    public static boolean isJti(String id) {
        return hasShape(id, TOKEN_PREFIX);
    }

    /** {@code <prefix>_} and 22 base62 characters. */
    public static boolean hasShape(String id, String prefix) {
        return id != null
                && prefix != null
                && id.length() == prefix.length() + 1 + RANDOM_CHARS
                && id.startsWith(prefix)
                && id.charAt(prefix.length()) == '_'
                && Base62.isBase62(id, prefix.length() + 1, id.length());
    }

    private static boolean isPrefix(String prefix) {
        if (prefix == null || prefix.isEmpty() || prefix.length() > MAX_PREFIX) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            char c = prefix.charAt(i);
            if (c < 'a' || c > 'z') {
                return false;
            }
        }
        return true;
    }
}
