package io.watchword.core.net;

import java.util.ArrayList;
import java.util.List;

/**
 * Who is calling: the TCP peer, unless the peer is a configured trusted proxy. Then {@code
 * X-Forwarded-For} is walked from the right (the hop the trusted peer itself appended) to the
 * left, passing hops that are trusted proxies too; the first hop that is not a trusted proxy is
 * the caller. Everything left of it was written by the caller and is ignored.
 *
 * <p>A hop that is not an address literal is never believed and never returned: the walk stops
 * there and the answer is the nearest address already established (the last trusted proxy passed,
 * the peer at the latest). So a malformed or hostile header can never put its text into an audit
 * record or pick a rate-limit bucket. Addresses taken from the header are returned in canonical
 * form ({@code 2001:db8:0:0:0:0:0:1}), so one caller cannot spread over many buckets by spelling
 * its address differently. See decision 0075.
 */
public final class ClientAddressResolver {

    /** What a request without a peer address (e.g. a test harness) is attributed to. */
    public static final String UNKNOWN = "unknown";

    /** More hops than any real proxy chain has: the walk stops there, at the last trusted hop. */
    static final int MAX_HOPS = 32;

    private static final ClientAddressResolver NO_PROXIES = new ClientAddressResolver(List.of());

    private final List<Cidr> trustedProxies;

    private ClientAddressResolver(List<Cidr> trustedProxies) {
        this.trustedProxies = trustedProxies;
    }

    /**
     * A resolver that believes {@code X-Forwarded-For} only from {@code trustedProxies} (CIDRs or
     * bare addresses; null or empty: from nobody, the peer is always the caller).
     *
     * @throws IllegalArgumentException if an entry is not a CIDR (a configuration error, reported at
     *     start-up, without the entry's text)
     */
    public static ClientAddressResolver trusting(List<String> trustedProxies) {
        if (trustedProxies == null || trustedProxies.isEmpty()) {
            return NO_PROXIES;
        }
        List<Cidr> parsed = new ArrayList<>(trustedProxies.size());
        for (int i = 0; i < trustedProxies.size(); i++) {
            String entry =
                    trustedProxies.get(i) == null ? null : trustedProxies.get(i).trim();
            String reason = Cidr.problem(entry);
            if (reason != null) {
                throw new IllegalArgumentException("trusted proxy entry " + (i + 1) + ": " + reason);
            }
            parsed.add(Cidr.parse(entry));
        }
        return new ClientAddressResolver(List.copyOf(parsed));
    }

    /** A resolver that never believes {@code X-Forwarded-For}. */
    public static ClientAddressResolver noTrustedProxies() {
        return NO_PROXIES;
    }

    /** Whether any proxy is trusted (otherwise the header is never read). */
    public boolean trustsAnyProxy() {
        return !trustedProxies.isEmpty();
    }

    /** {@link #resolve(String, List)} for a single (or absent) header. */
    public String resolve(String peer, String forwardedFor) {
        return resolve(peer, forwardedFor == null ? List.of() : List.of(forwardedFor));
    }

    /**
     * The caller's address.
     *
     * @param peer the socket peer's address as the server reports it (null: {@link #UNKNOWN})
     * @param forwardedForHeaders every {@code X-Forwarded-For} header line in order (several lines
     *     are one comma-separated list, RFC 9110 section 5.3)
     */
    public String resolve(String peer, List<String> forwardedForHeaders) {
        if (peer == null || peer.isEmpty()) {
            return UNKNOWN;
        }
        if (trustedProxies.isEmpty() || forwardedForHeaders == null || forwardedForHeaders.isEmpty()) {
            return peer;
        }
        byte[] peerBytes = IpAddress.bytes(stripZone(peer));
        if (peerBytes == null || !trusted(peerBytes)) {
            return peer;
        }
        String answer = peer;
        int hops = 0;
        for (int h = forwardedForHeaders.size() - 1; h >= 0; h--) {
            String header = forwardedForHeaders.get(h);
            if (header == null) {
                continue;
            }
            int end = header.length();
            while (end >= 0) {
                int comma = header.lastIndexOf(',', end - 1);
                String hop = trimWhitespace(header, comma + 1, Math.max(comma + 1, end));
                end = comma;
                if (hop.isEmpty()) {
                    continue; // an empty list element (",,") carries nothing
                }
                if (++hops > MAX_HOPS) {
                    return answer;
                }
                byte[] address = hopAddress(hop);
                if (address == null) {
                    return answer; // never believed: the nearest established address stands
                }
                String canonical = IpAddress.text(address);
                if (!trusted(address)) {
                    return canonical;
                }
                answer = canonical;
                if (comma < 0) {
                    break;
                }
            }
        }
        return answer;
    }

    private boolean trusted(byte[] address) {
        for (Cidr cidr : trustedProxies) {
            if (cidr.contains(address)) {
                return true;
            }
        }
        return false;
    }

    /**
     * A hop's address: a literal, a bracketed IPv6 literal, or either with a port ({@code
     * 203.0.113.7:4711}, {@code [2001:db8::7]:4711}) as some proxies write. Null otherwise.
     */
    static byte[] hopAddress(String hop) {
        if (hop.length() > 64) {
            return null;
        }
        if (hop.charAt(0) == '[') {
            int close = hop.indexOf(']');
            if (close < 0) {
                return null;
            }
            if (close != hop.length() - 1 && !isPort(hop, close + 1)) {
                return null;
            }
            return IpAddress.bytes(hop.substring(0, close + 1));
        }
        int colon = hop.indexOf(':');
        if (colon > 0 && colon == hop.lastIndexOf(':') && hop.indexOf('.') >= 0) {
            // IPv4 with a port: IPv6 always has at least two ':'
            return isPort(hop, colon) ? IpAddress.ipv4(hop, 0, colon) : null;
        }
        return IpAddress.bytes(hop);
    }

    /** {@code :<1-65535>} starting at {@code from}, running to the end. */
    private static boolean isPort(String s, int from) {
        int digits = s.length() - from - 1;
        if (s.charAt(from) != ':' || digits < 1 || digits > 5) {
            return false;
        }
        int port = 0;
        for (int i = from + 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
            port = port * 10 + (c - '0');
        }
        return port >= 1 && port <= 65535;
    }

    /** Without the optional white space (space, tab) of an HTTP list; other characters stay and fail. */
    private static String trimWhitespace(String s, int from, int to) {
        while (from < to && (s.charAt(from) == ' ' || s.charAt(from) == '\t')) {
            from++;
        }
        while (to > from && (s.charAt(to - 1) == ' ' || s.charAt(to - 1) == '\t')) {
            to--;
        }
        return s.substring(from, to);
    }

    /** A server may report a link-local peer with its zone ({@code fe80::1%eth0}). */
    private static String stripZone(String peer) {
        int zone = peer.indexOf('%');
        return zone < 0 ? peer : peer.substring(0, zone);
    }
}
