package io.watchword.analytics.rollup;

import java.nio.charset.StandardCharsets;

/**
 * Distinct client addresses, approximately: a 1024-bit linear-counting sketch (Whang et al.,
 * 1990). Each address sets one bit chosen by a 64-bit hash; the estimate is {@code -m ln(z/m)} with
 * {@code z} bits still zero. Sketches merge with a bitwise OR, which PostgreSQL does on {@code
 * BIT(1024)} in the upsert itself, so a rollup row stays 128 bytes however many sources it saw and
 * merging the same address twice changes nothing (redelivery-safe). Standard error is about 2 %
 * up to ~1,000 distinct addresses and grows after; above ~5,000 the sketch saturates and the
 * answer is reported as a lower bound (decision 0147).
 */
public final class SourceSketch {

    public static final int BITS = 1024;
    private static final int WORDS = BITS / 64;

    private final long[] words = new long[WORDS];

    public void add(String address) {
        if (address == null || address.isEmpty()) {
            return;
        }
        int bit = (int) (hash(address) >>> 54); // top 10 bits: 0..1023
        words[bit >>> 6] |= 1L << (bit & 63);
    }

    public boolean isEmpty() {
        for (long w : words) {
            if (w != 0) {
                return false;
            }
        }
        return true;
    }

    /** PostgreSQL's text form of a {@code BIT(1024)}: bit 0 first. */
    public String toBitString() {
        StringBuilder out = new StringBuilder(BITS);
        for (int i = 0; i < BITS; i++) {
            out.append((words[i >>> 6] >>> (i & 63) & 1L) == 1L ? '1' : '0');
        }
        return out.toString();
    }

    /**
     * The same sketch as {@link #toBitString} in PostgreSQL's hexadecimal bit-string form without
     * its {@code x} (bit 0 is the high bit of the first digit): 256 characters instead of 1,024,
     * which the rollup upsert casts with {@code ('x' || text)::bit(1024)}. Every rollup row of a
     * batch carries one, so this is most of the bytes the consumer sends PostgreSQL.
     */
    public String toHexString() {
        // A digit's first bit is its high bit, while the words keep bit i at position i & 63:
        // each 4-bit group is mirrored (a table), never walked bit by bit (a JFR profile of the
        // consumer found the bitwise loop at ~9 % of its CPU).
        char[] out = new char[BITS / 4];
        for (int d = 0; d < out.length; d++) {
            int i = d * 4;
            out[d] = HEX_MIRRORED[(int) (words[i >>> 6] >>> (i & 63)) & 0xF];
        }
        return new String(out);
    }

    /** The hex digit of a 4-bit group read lowest bit first. */
    private static final char[] HEX_MIRRORED = "084c2a6e195d3b7f".toCharArray();

    /** The estimate for a sketch in PostgreSQL's text form (as {@code bit_or(sources)::text} answers). */
    public static Estimate estimate(String bits) {
        if (bits == null) {
            return new Estimate(0, false);
        }
        int zeros = 0;
        for (int i = 0; i < bits.length(); i++) {
            if (bits.charAt(i) == '0') {
                zeros++;
            }
        }
        if (zeros == 0) {
            // Saturated: m ln m is the most the sketch can tell.
            return new Estimate(Math.round(BITS * Math.log(BITS)), true);
        }
        return new Estimate(Math.round(-BITS * Math.log((double) zeros / BITS)), false);
    }

    /**
     * @param atLeast the sketch saturated: the true count is at least {@code value}
     */
    public record Estimate(long value, boolean atLeast) {}

    // FNV-1a then a murmur3 finalizer: cheap, and spreads short similar strings (10.0.0.1, .2, …).
    static long hash(String text) {
        long h = 0xcbf29ce484222325L;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            h ^= b;
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb93fe53a4e53L;
        h ^= h >>> 33;
        return h;
    }
}
