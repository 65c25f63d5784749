package io.watchword.core.credential;

/**
 * The outer shape of a token: a JWS in compact serialization ({@code header.payload.signature},
 * base64url parts). Only a shape check, to tell a token from an API key or noise before any work;
 * whether it is a valid token is for the verifier.
 */
public final class TokenFormat {

    /** Longer text is not one of our tokens (they are well under 1 KB); refused before scanning. */
    public static final int MAX_LENGTH = 8192;

    private TokenFormat() {}

    /** Three non-empty base64url parts separated by two dots, at most {@link #MAX_LENGTH} long. */
    public static boolean looksLikeJws(String presented) {
        if (presented == null || presented.length() > MAX_LENGTH) {
            return false;
        }
        int dots = 0;
        int partLength = 0;
        for (int i = 0; i < presented.length(); i++) {
            char c = presented.charAt(i);
            if (c == '.') {
                if (partLength == 0 || ++dots > 2) {
                    return false;
                }
                partLength = 0;
            } else if (Base62.isBase62(c) || c == '-' || c == '_') {
                partLength++;
            } else {
                return false;
            }
        }
        return dots == 2 && partLength > 0;
    }
}
