package io.watchword.detector.model;

/**
 * A user agent reduced to its family and major version ("curl", "8"): a client upgrade changes the
 * version, a different client changes the family. Cheap string scanning, no regular expressions:
 * it runs on every event.
 */
public final class UserAgents {
    private static final String[] BROWSERS = {"Edg/", "OPR/", "Firefox/", "Chrome/", "Safari/"};

    private UserAgents() {}

    public static String[] familyAndMajor(String ua) {
        if (ua == null || ua.isBlank()) {
            return new String[] {"none", ""};
        }
        String s = ua.trim();
        if (s.startsWith("Mozilla/")) {
            for (String b : BROWSERS) {
                int i = s.indexOf(b);
                if (i >= 0) {
                    return new String[] {b.substring(0, b.length() - 1), major(s, i + b.length())};
                }
            }
            return new String[] {"Mozilla", major(s, 8)};
        }
        int end = 0;
        while (end < s.length() && s.charAt(end) != '/' && s.charAt(end) != ' ' && s.charAt(end) != '(') {
            end++;
        }
        String family = s.substring(0, Math.min(end, 40)).toLowerCase(java.util.Locale.ROOT);
        if (family.isEmpty()) {
            family = "other";
        }
        String version = end < s.length() && s.charAt(end) == '/' ? major(s, end + 1) : "";
        return new String[] {family, version};
    }

    private static String major(String s, int from) {
        int end = from;
        while (end < s.length() && end - from < 6 && Character.isDigit(s.charAt(end))) {
            end++;
        }
        return s.substring(from, end);
    }
}
