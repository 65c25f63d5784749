package io.watchword.detector.baseline;

/**
 * Bounded sets of 64-bit string hashes in plain {@code long[]}: compact (8 bytes a member, no
 * objects), serialized by Flink as a primitive array. Once full a set stops growing and says so
 * ("saturated"): a key that uses more networks than the cap is by nature one where a new network
 * means little.
 */
public final class HashSet64 {
    private HashSet64() {}

    public static long hash(String s) {
        if (s == null) {
            return 0x9E3779B97F4A7C15L;
        }
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x100000001b3L;
        }
        return h == 0 ? 1 : h;
    }

    public static boolean contains(long[] set, int size, long h) {
        if (set == null) {
            return false;
        }
        for (int i = 0; i < size; i++) {
            if (set[i] == h) {
                return true;
            }
        }
        return false;
    }

    /** Adds h if absent and there is room; returns the new size. */
    public static int add(long[] set, int size, long h) {
        if (set == null || size >= set.length || contains(set, size, h)) {
            return size;
        }
        set[size] = h;
        return size + 1;
    }
}
