package io.watchword.core.net;

import java.util.Arrays;
import java.util.Optional;

/**
 * An IPv4 or IPv6 network: {@code 10.0.0.0/8}, {@code 2001:db8::/32}, or a bare address (a /32 or
 * /128). Host bits set in the network part ({@code 10.1.2.3/8}) are allowed and ignored, as the
 * issuer always accepted them.
 */
public final class Cidr {

    private final byte[] network;
    private final int bits;

    private Cidr(byte[] network, int bits) {
        this.network = network;
        this.bits = bits;
    }

    /**
     * @throws IllegalArgumentException with {@link #problem}'s reason if {@code text} is not a CIDR
     */
    public static Cidr parse(String text) {
        String reason = problem(text);
        if (reason != null) {
            throw new IllegalArgumentException(reason);
        }
        return tryParse(text).orElseThrow();
    }

    /** The CIDR, or empty if {@code text} is not one. */
    public static Optional<Cidr> tryParse(String text) {
        if (problem(text) != null) {
            return Optional.empty();
        }
        int slash = text.indexOf('/');
        byte[] address = IpAddress.bytes(slash < 0 ? text : text.substring(0, slash));
        int bits = slash < 0 ? address.length * 8 : Integer.parseInt(text.substring(slash + 1));
        return Optional.of(new Cidr(address, bits));
    }

    /**
     * Why {@code text} is not a CIDR, or null if it is one. The reason never quotes the text: it
     * may come from a request and end up in an error body.
     */
    public static String problem(String text) {
        if (text == null || text.isBlank()) {
            return "a CIDR must not be empty";
        }
        int slash = text.indexOf('/');
        byte[] address = IpAddress.bytes(slash < 0 ? text : text.substring(0, slash));
        if (address == null) {
            return "not an IPv4 or IPv6 address (use e.g. 10.0.0.0/8 or 2001:db8::/32)";
        }
        if (slash >= 0) {
            String prefix = text.substring(slash + 1);
            if (prefix.isEmpty() || prefix.length() > 3 || !prefix.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return "the prefix length after '/' is not a number";
            }
            int bits = Integer.parseInt(prefix);
            if (bits > address.length * 8) {
                return "prefix length " + bits + " is outside 0.." + address.length * 8;
            }
        }
        return null;
    }

    /** {@code address} (4 or 16 bytes, as {@link IpAddress#parse} gives) is inside this network. */
    public boolean contains(byte[] address) {
        if (address == null || address.length != network.length) {
            return false;
        }
        int fullBytes = bits / 8;
        for (int i = 0; i < fullBytes; i++) {
            if (network[i] != address[i]) {
                return false;
            }
        }
        int rest = bits % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xFF << (8 - rest)) & 0xFF;
        return (network[fullBytes] & mask) == (address[fullBytes] & mask);
    }

    /** {@code address} is an address literal inside this network. */
    public boolean contains(String address) {
        return contains(IpAddress.bytes(address));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cidr other && bits == other.bits && Arrays.equals(network, other.network);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(network) + bits;
    }

    @Override
    public String toString() {
        return IpAddress.text(network) + "/" + bits;
    }
}
