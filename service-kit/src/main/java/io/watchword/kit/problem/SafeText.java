package io.watchword.kit.problem;

import java.util.regex.Pattern;

/**
 * What of a caller's input may appear in an error: a field or parameter name that looks like an
 * identifier. Values never do; a name that could be a pasted secret ({@code ww_…}) or is not a
 * plain identifier is replaced, so no error body repeats what the caller sent.
 */
public final class SafeText {

    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,63}");

    private SafeText() {}

    /** {@code name} when it is a plain identifier and not credential-shaped, else {@code "(field)"}. */
    public static String name(String name) {
        if (name == null
                || !NAME.matcher(name).matches()
                || name.toLowerCase(java.util.Locale.ROOT).contains("ww_")) {
            return "(field)";
        }
        return name;
    }

    /** True when the text holds a NUL or another control character (tab excepted). */
    public static boolean hasControl(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                return true;
            }
        }
        return false;
    }
}
