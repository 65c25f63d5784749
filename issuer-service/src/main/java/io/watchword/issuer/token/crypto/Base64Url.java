package io.watchword.issuer.token.crypto;

import java.util.Base64;

/** Unpadded base64url (RFC 7515 §2), the only encoding JWS and JWK use. */
public final class Base64Url {

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private Base64Url() {}

    public static String encode(byte[] bytes) {
        return ENCODER.encodeToString(bytes);
    }

    /**
     * Decodes unpadded base64url.
     *
     * @throws IllegalArgumentException if the text is not base64url or carries padding
     */
    public static byte[] decode(String text) {
        if (text.indexOf('=') >= 0) {
            throw new IllegalArgumentException("padding is not allowed in base64url");
        }
        return DECODER.decode(text);
    }
}
