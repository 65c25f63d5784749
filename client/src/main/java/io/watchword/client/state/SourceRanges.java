package io.watchword.client.state;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code allowedCidrs} of a credential, parsed once when its state arrives. Empty allows any
 * address. The entries come from the issuer, which validated them; an entry that does not parse
 * here allows nothing (never everything).
 */
public final class SourceRanges {

    private static final SourceRanges ANY = new SourceRanges(List.of());

    private record Range(byte[] network, int bits) {}

    private final List<Range> ranges;
    private final boolean restricted;

    private SourceRanges(List<Range> ranges) {
        this.ranges = ranges;
        this.restricted = !ranges.isEmpty();
    }

    private SourceRanges(List<Range> ranges, boolean restricted) {
        this.ranges = ranges;
        this.restricted = restricted;
    }

    public static SourceRanges of(List<String> cidrs) {
        if (cidrs == null || cidrs.isEmpty()) {
            return ANY;
        }
        List<Range> parsed = new ArrayList<>(cidrs.size());
        for (String cidr : cidrs) {
            Range range = parse(cidr);
            if (range != null) {
                parsed.add(range);
            }
        }
        return new SourceRanges(List.copyOf(parsed), true);
    }

    /** Whether a restriction applies at all. */
    public boolean restricted() {
        return restricted;
    }

    /** Whether the address may use the credential; an unknown address is allowed only without restriction. */
    public boolean allows(InetAddress address) {
        if (!restricted) {
            return true;
        }
        if (address == null) {
            return false;
        }
        byte[] client = normalize(address.getAddress());
        for (Range range : ranges) {
            if (contains(range, client)) {
                return true;
            }
        }
        return false;
    }

    private static boolean contains(Range range, byte[] client) {
        byte[] network = range.network();
        if (network.length != client.length) {
            return false;
        }
        int full = range.bits() / 8;
        for (int i = 0; i < full; i++) {
            if (network[i] != client[i]) {
                return false;
            }
        }
        int rest = range.bits() % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xFF << (8 - rest)) & 0xFF;
        return (network[full] & mask) == (client[full] & mask);
    }

    private static Range parse(String cidr) {
        if (cidr == null || cidr.isBlank()) {
            return null;
        }
        int slash = cidr.indexOf('/');
        String literal = slash < 0 ? cidr.trim() : cidr.substring(0, slash).trim();
        // Literals only: InetAddress would resolve a host name, which a rule must never cause.
        if (!literal.matches("[0-9a-fA-F:.]+")) {
            return null;
        }
        byte[] network;
        try {
            InetAddress address = InetAddress.getByName(literal);
            if (!(address instanceof Inet4Address) && !(address instanceof Inet6Address)) {
                return null;
            }
            network = normalize(address.getAddress());
        } catch (Exception e) {
            return null;
        }
        int bits = network.length * 8;
        if (slash >= 0) {
            try {
                bits = Integer.parseInt(cidr.substring(slash + 1).trim());
            } catch (NumberFormatException e) {
                return null;
            }
            if (bits < 0 || bits > network.length * 8) {
                return null;
            }
        }
        return new Range(network, bits);
    }

    /** IPv4-mapped IPv6 ({@code ::ffff:a.b.c.d}) compares as IPv4. */
    private static byte[] normalize(byte[] bytes) {
        if (bytes.length == 16) {
            boolean mapped = bytes[10] == (byte) 0xFF && bytes[11] == (byte) 0xFF;
            for (int i = 0; i < 10 && mapped; i++) {
                mapped = bytes[i] == 0;
            }
            if (mapped) {
                return new byte[] {bytes[12], bytes[13], bytes[14], bytes[15]};
            }
        }
        return bytes;
    }
}
