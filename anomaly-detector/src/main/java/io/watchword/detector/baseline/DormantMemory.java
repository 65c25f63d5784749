package io.watchword.detector.baseline;

/**
 * What the job still knows of a used key after it forgot the key's profile for {@code state.ttl}
 * of idleness (decision 0277): when it was last used, roughly how much, the /16 blocks it worked
 * from and when its credential ends. Enough to judge its reuse as a dormant key's — silent since
 * {@link #lastSeen}, from one of its home blocks or not — at ≤ 50 bytes instead of the profile's
 * ≈ 1.6 KB.
 */
public class DormantMemory {
    /** Home blocks kept: the key's busiest ones (most distinct networks). */
    public static final int BLOCKS = 4;

    public long lastSeen;
    /** floor(log2(events)) of the forgotten profile: its size of history, not an exact count. */
    public byte eventsLog2;
    /** The credential's end, {@link Long#MAX_VALUE} if unknown. */
    public long expiresAt = Long.MAX_VALUE;

    public long[] blocks = new long[BLOCKS];
    public int blockCount;

    public DormantMemory() {}

    /** The memory of a used profile (its {@code events > 0}). */
    public static DormantMemory of(KeyProfile p) {
        DormantMemory m = new DormantMemory();
        m.lastSeen = p.lastSeen;
        m.eventsLog2 = (byte) (63 - Long.numberOfLeadingZeros(Math.max(1, p.events)));
        m.expiresAt = p.expiresAt;
        boolean[] taken = new boolean[p.blockCount];
        while (m.blockCount < BLOCKS) {
            int best = -1;
            for (int i = 0; i < p.blockCount; i++) {
                if (!taken[i] && (best < 0 || p.blockNets[i] > p.blockNets[best])) {
                    best = i;
                }
            }
            if (best < 0) {
                break;
            }
            taken[best] = true;
            m.blocks[m.blockCount++] = p.blocks[best];
        }
        return m;
    }

    /** Whether the network lies in one of the key's remembered home blocks. */
    public boolean isHome(String network) {
        long b = HashSet64.hash(Detectors.block(network));
        for (int i = 0; i < blockCount; i++) {
            if (blocks[i] == b) {
                return true;
            }
        }
        return false;
    }

    /** About how many requests the key made before its silence (a power of two). */
    public long eventsAbout() {
        return 1L << eventsLog2;
    }
}
