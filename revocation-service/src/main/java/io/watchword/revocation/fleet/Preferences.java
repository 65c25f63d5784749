package io.watchword.revocation.fleet;

import java.util.List;
import java.util.Locale;

/** RFC 7240 {@code Prefer} header: the {@code wait} preference, anything else ignored (as the RFC asks). */
public final class Preferences {

    private Preferences() {}

    /**
     * Seconds asked for by {@code wait=N} in any of the headers, or -1 when none is given or it is
     * not a number of seconds (an unusable preference is ignored, never an error). Values beyond
     * what fits in an int are cut to {@link Integer#MAX_VALUE}; the caller caps them further.
     */
    public static int waitSeconds(List<String> headers) {
        if (headers == null) {
            return -1;
        }
        for (String header : headers) {
            if (header == null || header.length() > 4_096) {
                continue;
            }
            for (String preference : header.split(",")) {
                String token = preference.split(";", 2)[0].trim();
                int eq = token.indexOf('=');
                if (eq <= 0
                        || !token.substring(0, eq)
                                .trim()
                                .toLowerCase(Locale.ROOT)
                                .equals("wait")) {
                    continue;
                }
                String value = token.substring(eq + 1).trim();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                if (value.isEmpty() || value.length() > 32 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
                    continue;
                }
                return value.length() > 9 ? Integer.MAX_VALUE : Integer.parseInt(value);
            }
        }
        return -1;
    }
}
