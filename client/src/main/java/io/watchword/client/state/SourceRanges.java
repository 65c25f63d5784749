package io.watchword.client.state;

import io.watchword.core.net.Cidr;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code allowedCidrs} of a credential, parsed once when its state arrives, with the core's
 * {@link Cidr} (the same rule the issuer enforces at token exchange). Empty allows any address. The
 * entries come from the issuer, which validated them; an entry that does not parse here allows
 * nothing (never everything).
 */
public final class SourceRanges {

    private static final SourceRanges ANY = new SourceRanges(List.of(), false);

    private final List<Cidr> ranges;
    private final boolean restricted;

    private SourceRanges(List<Cidr> ranges, boolean restricted) {
        this.ranges = ranges;
        this.restricted = restricted;
    }

    public static SourceRanges of(List<String> cidrs) {
        if (cidrs == null || cidrs.isEmpty()) {
            return ANY;
        }
        List<Cidr> parsed = new ArrayList<>(cidrs.size());
        for (String cidr : cidrs) {
            if (cidr != null) {
                Cidr.tryParse(cidr.trim()).ifPresent(parsed::add);
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
        for (Cidr range : ranges) {
            if (range.contains(client)) {
                return true;
            }
        }
        return false;
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
