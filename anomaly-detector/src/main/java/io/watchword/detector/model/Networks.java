package io.watchword.detector.model;

import io.watchword.core.net.IpAddress;
import java.util.Optional;

/** Source networks, not single addresses: a NAT rotating inside its /24 (/48 for IPv6) is one source. */
public final class Networks {
    private Networks() {}

    /** "10.1.2.0/24", "2001:db8:1::/48", or "unknown" when the address is missing or not an address. */
    public static String of(String clientIp) {
        if (clientIp == null || clientIp.isEmpty()) {
            return "unknown";
        }
        Optional<byte[]> parsed = IpAddress.parse(clientIp);
        if (parsed.isEmpty()) {
            return "unknown";
        }
        byte[] b = parsed.get();
        if (b.length == 4) {
            return (b[0] & 0xff) + "." + (b[1] & 0xff) + "." + (b[2] & 0xff) + ".0/24";
        }
        return String.format(
                        "%x:%x:%x",
                        ((b[0] & 0xff) << 8) | (b[1] & 0xff),
                        ((b[2] & 0xff) << 8) | (b[3] & 0xff),
                        ((b[4] & 0xff) << 8) | (b[5] & 0xff))
                + "::/48";
    }
}
