package io.watchword.core.net;

import java.util.List;

/**
 * The {@code allowedCidrs} rule of a credential: an empty list allows any address, otherwise the
 * caller's address must be inside one of the networks. Literals only: never resolves a host name.
 */
public final class CidrMatcher {

    private CidrMatcher() {}

    /**
     * The client address is inside one of {@code cidrs}; an empty (or null) list allows any address.
     * An entry that is not a CIDR matches nothing, and a client address that is not an address
     * literal ({@code unknown}, a host name) is inside no network.
     */
    public static boolean allows(List<String> cidrs, String clientIp) {
        if (cidrs == null || cidrs.isEmpty()) {
            return true;
        }
        byte[] client = IpAddress.bytes(clientIp);
        if (client == null) {
            return false;
        }
        for (String text : cidrs) {
            Cidr cidr = Cidr.tryParse(text).orElse(null);
            if (cidr != null && cidr.contains(client)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Why a CIDR ({@code 10.0.0.0/8}, {@code 2001:db8::/32}, a bare address) is invalid, or null if
     * it is valid. The reason never quotes the input.
     */
    public static String validate(String cidr) {
        return Cidr.problem(cidr);
    }
}
