package io.watchword.core.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * IP address literals, parsed strictly and never resolved: no DNS lookup for any input. IPv4 is
 * dotted-quad decimal without leading zeros (an ambiguous {@code 010.0.0.1} may mean octal to some
 * parsers and is refused); IPv6 is any RFC 4291 text form. An IPv4-mapped IPv6 address becomes its
 * IPv4 address, so {@code ::ffff:10.1.2.3} matches {@code 10.0.0.0/8}.
 */
public final class IpAddress {

    /** Longest IPv6 text (45) plus brackets; anything longer is refused before parsing. */
    private static final int MAX_LITERAL = 47;

    private IpAddress() {}

    /** 4 or 16 bytes, or empty if {@code text} is not an address literal. No zone, no port. */
    public static Optional<byte[]> parse(String text) {
        return Optional.ofNullable(bytes(text));
    }

    /** The canonical text of an address literal ({@code 2001:db8:0:0:0:0:0:1} form for IPv6). */
    public static Optional<String> canonical(String text) {
        byte[] bytes = bytes(text);
        return bytes == null ? Optional.empty() : Optional.of(text(bytes));
    }

    /** Canonical text of 4 or 16 bytes. */
    static String text(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("an address is 4 or 16 bytes", e);
        }
    }

    /** 4 or 16 bytes, or null. Brackets around IPv6 are allowed; zones and ports are not. */
    static byte[] bytes(String text) {
        if (text == null || text.isEmpty() || text.length() > MAX_LITERAL) {
            return null;
        }
        String s = text;
        if (s.charAt(0) == '[') {
            if (s.length() < 3 || s.charAt(s.length() - 1) != ']') {
                return null;
            }
            s = s.substring(1, s.length() - 1);
            if (s.indexOf(':') < 0) {
                return null;
            }
        }
        if (s.indexOf(':') < 0) {
            return ipv4(s, 0, s.length());
        }
        return ipv6(s);
    }

    /** Strict dotted quad in {@code s[from, to)}, or null. */
    static byte[] ipv4(String s, int from, int to) {
        byte[] out = new byte[4];
        int part = 0;
        int i = from;
        while (part < 4) {
            int start = i;
            int value = 0;
            while (i < to && s.charAt(i) >= '0' && s.charAt(i) <= '9' && i - start < 3) {
                value = value * 10 + (s.charAt(i) - '0');
                i++;
            }
            int digits = i - start;
            if (digits == 0 || value > 255 || (digits > 1 && s.charAt(start) == '0')) {
                return null;
            }
            out[part++] = (byte) value;
            if (part < 4) {
                if (i >= to || s.charAt(i) != '.') {
                    return null;
                }
                i++;
            }
        }
        return i == to ? out : null;
    }

    /**
     * IPv6 text with at most one {@code ::} and an optional dotted-quad tail; the JDK only converts
     * after this check, so it never sees text it could take for a host name.
     */
    private static byte[] ipv6(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
            if (!hex && c != ':' && c != '.') {
                return null;
            }
        }
        int lastColon = s.lastIndexOf(':');
        if (s.indexOf('.') >= 0 && ipv4(s, lastColon + 1, s.length()) == null) {
            return null;
        }
        if (s.charAt(0) == '.') {
            return null;
        }
        try {
            // The first character is a hex digit or ':' and the text holds a ':', so the JDK parses
            // it as an IPv6 literal or throws: it does not fall back to a name lookup.
            byte[] bytes = InetAddress.getByName(s).getAddress();
            return bytes.length == 4 || bytes.length == 16 ? bytes : null;
        } catch (UnknownHostException | RuntimeException e) {
            return null;
        }
    }
}
