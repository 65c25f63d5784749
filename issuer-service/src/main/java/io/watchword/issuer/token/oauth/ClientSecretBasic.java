package io.watchword.issuer.token.oauth;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Client id and secret from {@code Authorization: Basic …}. RFC 6749 §2.3.1 has the client
 * form-url-encode both before joining them with {@code :}, so they are decoded again here (a
 * secret holding {@code :} or {@code +} survives). Anything that does not decode is null: the
 * caller is then refused as unauthenticated, never told what was wrong with the header.
 */
record ClientSecretBasic(String clientId, String secret) {

    private static final String BASIC = "basic ";

    /** True when the header uses the Basic scheme (whatever follows). */
    static boolean isBasic(String authorization) {
        return authorization != null && authorization.regionMatches(true, 0, BASIC, 0, BASIC.length());
    }

    /** The credentials, or null when the header is not well-formed Basic. */
    static ClientSecretBasic parse(String authorization) {
        if (!isBasic(authorization)) {
            return null;
        }
        String decoded;
        try {
            byte[] raw = Base64.getDecoder()
                    .decode(authorization.substring(BASIC.length()).trim());
            decoded = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(raw))
                    .toString();
        } catch (IllegalArgumentException | CharacterCodingException e) {
            return null;
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            return null;
        }
        try {
            String id = FormParameters.decode(decoded.substring(0, colon));
            String secret = FormParameters.decode(decoded.substring(colon + 1));
            return id.isEmpty() || secret.isEmpty() ? null : new ClientSecretBasic(id, secret);
        } catch (OAuthError e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return "ClientSecretBasic[clientId=" + clientId + ", secret=<hidden>]";
    }
}
