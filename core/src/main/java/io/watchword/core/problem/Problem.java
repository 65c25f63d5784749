package io.watchword.core.problem;

import java.util.List;

/**
 * An RFC 9457 problem details document, free of any serializer so the client library, the
 * services and code running before any JSON mapper (a Vert.x handler) render it alike.
 *
 * @param instance a URI naming this occurrence ({@link #occurrence()}), or null. Never the request
 *     path: a path carries whatever the caller typed (a pasted key, a marker), and an error must not
 *     echo input. The service logs the path with the same id.
 * @param errors field errors (only for {@link ProblemType#INVALID_REQUEST} and {@link
 *     ProblemType#MALFORMED_JSON}); empty otherwise
 */
public record Problem(String type, String title, int status, String detail, String instance, List<FieldError> errors) {

    public Problem {
        errors = errors == null ? List.of() : List.copyOf(errors);
    }

    /** A fresh {@code urn:uuid:} naming one occurrence of a problem (RFC 9457 {@code instance}). */
    public static String occurrence() {
        return "urn:uuid:" + java.util.UUID.randomUUID();
    }

    public static Problem of(ProblemType type, String detail, String instance) {
        return new Problem(type.uri(), type.title(), type.status(), detail, instance, List.of());
    }

    public static Problem of(ProblemType type, String detail, String instance, List<FieldError> errors) {
        return new Problem(type.uri(), type.title(), type.status(), detail, instance, errors);
    }

    /** Compact JSON with the members in RFC 9457 order; {@code instance}/{@code errors} only when set. */
    public String toJson() {
        StringBuilder out = new StringBuilder(160);
        out.append("{\"type\":");
        quote(out, type);
        out.append(",\"title\":");
        quote(out, title);
        out.append(",\"status\":").append(status);
        out.append(",\"detail\":");
        quote(out, detail);
        if (instance != null) {
            out.append(",\"instance\":");
            quote(out, instance);
        }
        if (!errors.isEmpty()) {
            out.append(",\"errors\":[");
            for (int i = 0; i < errors.size(); i++) {
                FieldError e = errors.get(i);
                out.append(i == 0 ? "{\"field\":" : ",{\"field\":");
                quote(out, e.field());
                out.append(",\"reason\":");
                quote(out, e.reason());
                out.append('}');
            }
            out.append(']');
        }
        return out.append('}').toString();
    }

    private static void quote(StringBuilder out, String text) {
        if (text == null) {
            out.append("null");
            return;
        }
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    // Control characters and lone surrogates are escaped so the document stays valid JSON.
                    if (c < 0x20 || Character.isSurrogate(c) && !validPair(text, i)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private static boolean validPair(String text, int i) {
        char c = text.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(text.charAt(i - 1));
    }
}
