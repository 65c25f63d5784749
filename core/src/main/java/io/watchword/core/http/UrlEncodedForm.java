package io.watchword.core.http;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Strict decoding of an {@code application/x-www-form-urlencoded} body (the WHATWG URL
 * standard's form encoding, UTF-8): a broken percent escape or bytes that are not UTF-8 refuse
 * the body instead of being guessed at, and the number of pairs is bounded so a hostile body
 * cannot make unbounded work. What a pair means (repeats, empty values) is the caller's rule.
 * Messages never contain the input.
 */
public final class UrlEncodedForm {

    private UrlEncodedForm() {}

    /** A body that is not a valid form; the message is safe to answer with. */
    public static final class MalformedFormException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        MalformedFormException(String message) {
            super(message);
        }
    }

    /**
     * The name/value pairs in body order; a pair without {@code =} has the empty value, and the
     * empty segments of {@code a=1&&b=2} are skipped.
     *
     * @throws MalformedFormException on a broken escape, non-UTF-8 bytes or more than {@code
     *     maxPairs} pairs
     */
    public static List<Map.Entry<String, String>> pairs(byte[] body, int maxPairs) {
        List<Map.Entry<String, String>> pairs = new ArrayList<>();
        if (body == null || body.length == 0) {
            return pairs;
        }
        int start = 0;
        for (int i = 0; i <= body.length; i++) {
            if (i < body.length && body[i] != '&') {
                continue;
            }
            if (i > start) {
                if (pairs.size() == maxPairs) {
                    throw new MalformedFormException("The request has too many parameters.");
                }
                int eq = indexOf(body, (byte) '=', start, i);
                String name = decode(body, start, eq < 0 ? i : eq);
                String value = eq < 0 ? "" : decode(body, eq + 1, i);
                pairs.add(Map.entry(name, value));
            }
            start = i + 1;
        }
        return pairs;
    }

    /** One form-url-encoded component, e.g. a client id inside HTTP Basic (RFC 6749 §2.3.1). */
    public static String decode(String component) {
        byte[] bytes = component.getBytes(StandardCharsets.UTF_8);
        return decode(bytes, 0, bytes.length);
    }

    private static int indexOf(byte[] body, byte b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (body[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static String decode(byte[] body, int from, int to) {
        boolean plain = true;
        for (int i = from; i < to && plain; i++) {
            plain = body[i] != '%' && body[i] != '+' && body[i] >= 0;
        }
        if (plain) {
            // The common case (ASCII without escapes): no decoder, no copy through a stream.
            return new String(body, from, to - from, StandardCharsets.ISO_8859_1);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(to - from);
        for (int i = from; i < to; i++) {
            byte b = body[i];
            if (b == '+') {
                out.write(' ');
            } else if (b == '%') {
                if (i + 2 >= to) {
                    throw new MalformedFormException("The form body has a broken percent escape.");
                }
                int hi = Character.digit(body[i + 1], 16);
                int lo = Character.digit(body[i + 2], 16);
                if (hi < 0 || lo < 0) {
                    throw new MalformedFormException("The form body has a broken percent escape.");
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
            throw new MalformedFormException("The form body is not UTF-8.");
        }
    }
}
