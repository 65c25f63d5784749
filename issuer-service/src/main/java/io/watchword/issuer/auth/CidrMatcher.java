package io.watchword.issuer.auth;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.regex.Pattern;

/** IPv4 and IPv6 CIDR checks. Parses literals only: never resolves a host name. */
public final class CidrMatcher {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]+");

    private CidrMatcher() {}

    /** The client IP is inside one of the CIDRs; an empty list allows any address. */
    public static boolean allows(List<String> cidrs, String clientIp) {
        if (cidrs == null || cidrs.isEmpty()) {
            return true;
        }
        byte[] client = parseAddress(clientIp);
        if (client == null) {
            return false;
        }
        for (String cidr : cidrs) {
            if (contains(cidr, client)) {
                return true;
            }
        }
        return false;
    }

    /** Why a CIDR is invalid, or null if it is valid ({@code 10.0.0.0/8}, {@code 2001:db8::/32}, a bare address). */
    public static String validate(String cidr) {
        if (cidr == null || cidr.isBlank()) {
            return "a CIDR must not be empty";
        }
        int slash = cidr.indexOf('/');
        String address = slash < 0 ? cidr : cidr.substring(0, slash);
        byte[] bytes = parseAddress(address);
        if (bytes == null) {
            return "'" + address + "' is not an IPv4 or IPv6 address";
        }
        if (slash >= 0) {
            int bits;
            try {
                bits = Integer.parseInt(cidr.substring(slash + 1));
            } catch (NumberFormatException e) {
                return "prefix length '" + cidr.substring(slash + 1) + "' is not a number";
            }
            if (bits < 0 || bits > bytes.length * 8) {
                return "prefix length " + bits + " is outside 0.." + bytes.length * 8;
            }
        }
        return null;
    }

    static boolean contains(String cidr, byte[] client) {
        int slash = cidr.indexOf('/');
        byte[] network = parseAddress(slash < 0 ? cidr : cidr.substring(0, slash));
        if (network == null || network.length != client.length) {
            return false;
        }
        int bits = slash < 0 ? network.length * 8 : Integer.parseInt(cidr.substring(slash + 1));
        int fullBytes = bits / 8;
        for (int i = 0; i < fullBytes; i++) {
            if (network[i] != client[i]) {
                return false;
            }
        }
        int rest = bits % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xFF << (8 - rest)) & 0xFF;
        return (network[fullBytes] & mask) == (client[fullBytes] & mask);
    }

    /** 4 or 16 bytes (IPv4-mapped IPv6 becomes 4), or null if not an address literal. */
    static byte[] parseAddress(String text) {
        if (text == null) {
            return null;
        }
        String s = text.trim();
        if (s.startsWith("[") && s.endsWith("]")) {
            s = s.substring(1, s.length() - 1);
        }
        int zone = s.indexOf('%');
        if (zone >= 0) {
            s = s.substring(0, zone);
        }
        if (IPV4.matcher(s).matches()) {
            for (String part : s.split("\\.")) {
                if (Integer.parseInt(part) > 255) {
                    return null;
                }
            }
        } else if (!(s.contains(":") && IPV6.matcher(s).matches())) {
            return null;
        }
        try {
            return InetAddress.getByName(s).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
