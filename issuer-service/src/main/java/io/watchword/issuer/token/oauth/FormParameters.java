package io.watchword.issuer.token.oauth;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The parameters of an {@code application/x-www-form-urlencoded} body, decoded strictly: a broken
 * percent escape or bytes that are not UTF-8 refuse the request instead of being guessed at.
 * Parameters sent without a value are treated as omitted (RFC 6749 §3.1), and a parameter sent
 * twice is refused (§3.1, §3.2) unless it may repeat ({@code audience}, {@code resource}: RFC
 * 8693 §2.1, RFC 8707 §2).
 */
final class FormParameters {

    /** More than any legitimate token request sends; bounds the work a hostile body causes. */
    static final int MAX_PARAMETERS = 32;

    private static final Set<String> REPEATABLE = Set.of("audience", "resource");

    private final Map<String, List<String>> values;

    private FormParameters(Map<String, List<String>> values) {
        this.values = values;
    }

    static FormParameters parse(byte[] body) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        if (body == null || body.length == 0) {
            return new FormParameters(values);
        }
        int pairs = 0;
        int start = 0;
        for (int i = 0; i <= body.length; i++) {
            if (i < body.length && body[i] != '&') {
                continue;
            }
            if (i > start) {
                if (++pairs > MAX_PARAMETERS) {
                    throw invalid("The request has too many parameters.");
                }
                int eq = indexOf(body, (byte) '=', start, i);
                String name = decode(body, start, eq < 0 ? i : eq);
                String value = eq < 0 ? "" : decode(body, eq + 1, i);
                if (!value.isEmpty()) {
                    List<String> list = values.computeIfAbsent(name, n -> new ArrayList<>(1));
                    if (!list.isEmpty() && !REPEATABLE.contains(name)) {
                        // The name is only echoed when it is one of ours (no input in errors).
                        throw invalid(
                                known(name)
                                        ? "The parameter " + name + " is included more than once."
                                        : "A parameter is included more than once.");
                    }
                    list.add(value);
                }
            }
            start = i + 1;
        }
        return new FormParameters(values);
    }

    /** The single value of a parameter, or null when it was not sent (or sent empty). */
    String get(String name) {
        List<String> list = values.get(name);
        return list == null ? null : list.get(0);
    }

    List<String> all(String name) {
        return values.getOrDefault(name, List.of());
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    private static boolean known(String name) {
        return Set.of(
                        "grant_type",
                        "client_id",
                        "client_secret",
                        "scope",
                        "subject_token",
                        "subject_token_type",
                        "actor_token",
                        "actor_token_type",
                        "requested_token_type")
                .contains(name);
    }

    private static int indexOf(byte[] body, byte b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (body[i] == b) {
                return i;
            }
        }
        return -1;
    }

    /** One form-url-encoded component, e.g. a client id or secret inside HTTP Basic (RFC 6749 §2.3.1). */
    static String decode(String component) {
        byte[] bytes = component.getBytes(StandardCharsets.UTF_8);
        return decode(bytes, 0, bytes.length);
    }

    private static String decode(byte[] body, int from, int to) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(to - from);
        for (int i = from; i < to; i++) {
            byte b = body[i];
            if (b == '+') {
                out.write(' ');
            } else if (b == '%') {
                if (i + 2 >= to) {
                    throw invalid("The form body has a broken percent escape.");
                }
                int hi = Character.digit(body[i + 1], 16);
                int lo = Character.digit(body[i + 2], 16);
                if (hi < 0 || lo < 0) {
                    throw invalid("The form body has a broken percent escape.");
                }
                out.write(hi << 4 | lo);
                i += 2;
            } else {
                out.write(b);
            }
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(out.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw invalid("The form body is not UTF-8.");
        }
    }

    private static OAuthError invalid(String description) {
        return new OAuthError(OAuthError.INVALID_REQUEST, description);
    }
}
