package io.watchword.client.revocation;

import java.util.concurrent.locks.StampedLock;

/**
 * The credentials currently revoked or suspended, as a compact open-addressing hash table of
 * 128-bit fingerprints of their ids (17 bytes a slot instead of ~150 for a {@code HashMap} of
 * strings), so a million revocations fit in ~40 MB and load in well under a second.
 *
 * <p>One writer (the feed) and many readers: readers use an optimistic {@link StampedLock} read and
 * take no lock unless a write raced them. A fingerprint collision would refuse an innocent
 * credential, never accept a revoked one; with 10^6 entries its probability is ~10^-27.
 */
public final class RevocationSet {

    /** Status codes as stored; {@link #NONE} means the id is not in the set. */
    public static final byte NONE = 0;

    public static final byte REVOKED = 1;
    public static final byte SUSPENDED = 2;

    private static final int MIN_CAPACITY = 1024;

    private final StampedLock lock = new StampedLock();
    private long[] his;
    private long[] los;
    private byte[] states;
    private int size;

    public RevocationSet() {
        allocate(MIN_CAPACITY);
    }

    /** REVOKED, SUSPENDED or NONE for a credential id (an API key id or a token's jti). */
    public byte statusOf(String credentialId) {
        if (credentialId == null) {
            return NONE;
        }
        long hi = hashHi(credentialId);
        long lo = hashLo(credentialId, hi);
        long stamp = lock.tryOptimisticRead();
        byte status = find(hi, lo);
        if (!lock.validate(stamp)) {
            stamp = lock.readLock();
            try {
                status = find(hi, lo);
            } finally {
                lock.unlockRead(stamp);
            }
        }
        return status;
    }

    /** Records the newest state of a credential; {@code NONE} removes it (reinstated, tombstone). */
    public void put(String credentialId, byte status) {
        long hi = hashHi(credentialId);
        long lo = hashLo(credentialId, hi);
        long stamp = lock.writeLock();
        try {
            if (status == NONE) {
                remove(hi, lo);
            } else {
                insert(hi, lo, status);
            }
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    public int size() {
        long stamp = lock.readLock();
        try {
            return size;
        } finally {
            lock.unlockRead(stamp);
        }
    }

    private byte find(long hi, long lo) {
        long[] h = his;
        long[] l = los;
        byte[] s = states;
        if (h.length != s.length || l.length != s.length) {
            return NONE; // a resize is in flight: the caller's validate() fails and it retries locked
        }
        int mask = s.length - 1;
        // Bounded so that an optimistic read racing a resize can never spin.
        for (int probe = 0, i = (int) hi & mask; probe <= mask; probe++, i = (i + 1) & mask) {
            byte state = s[i];
            if (state == NONE) {
                return NONE;
            }
            if (h[i] == hi && l[i] == lo) {
                return state;
            }
        }
        return NONE;
    }

    private void insert(long hi, long lo, byte status) {
        if ((size + 1) * 10L > states.length * 6L) {
            resize(states.length * 2);
        }
        int mask = states.length - 1;
        int i = (int) hi & mask;
        while (states[i] != NONE) {
            if (his[i] == hi && los[i] == lo) {
                states[i] = status;
                return;
            }
            i = (i + 1) & mask;
        }
        his[i] = hi;
        los[i] = lo;
        states[i] = status;
        size++;
    }

    /** Linear probing's backward-shift deletion: no tombstones, so lookups stay short. */
    private void remove(long hi, long lo) {
        int mask = states.length - 1;
        int i = (int) hi & mask;
        while (states[i] != NONE) {
            if (his[i] == hi && los[i] == lo) {
                break;
            }
            i = (i + 1) & mask;
        }
        if (states[i] == NONE) {
            return;
        }
        int hole = i;
        int j = i;
        while (true) {
            j = (j + 1) & mask;
            if (states[j] == NONE) {
                break;
            }
            int home = (int) his[j] & mask;
            // Move j into the hole unless its home lies cyclically in (hole, j].
            boolean homeBetween = hole <= j ? (hole < home && home <= j) : (hole < home || home <= j);
            if (!homeBetween) {
                his[hole] = his[j];
                los[hole] = los[j];
                states[hole] = states[j];
                hole = j;
            }
        }
        states[hole] = NONE;
        his[hole] = 0;
        los[hole] = 0;
        size--;
    }

    private void resize(int capacity) {
        long[] oldHi = his;
        long[] oldLo = los;
        byte[] oldStates = states;
        allocate(capacity);
        size = 0;
        for (int i = 0; i < oldStates.length; i++) {
            if (oldStates[i] != NONE) {
                insert(oldHi[i], oldLo[i], oldStates[i]);
            }
        }
    }

    private void allocate(int capacity) {
        his = new long[capacity];
        los = new long[capacity];
        states = new byte[capacity];
    }

    // Two 64-bit FNV-1a style hashes over the UTF-16 code units, each finished with a strong mixer;
    // ids are issued by the issuer, not chosen by callers, so no keyed hash is needed.
    static long hashHi(String id) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < id.length(); i++) {
            h = (h ^ id.charAt(i)) * 0x100000001b3L;
        }
        return mix(h ^ id.length());
    }

    static long hashLo(String id, long hi) {
        long h = 0x84222325cbf29ce4L;
        for (int i = id.length() - 1; i >= 0; i--) {
            h = (h ^ id.charAt(i)) * 0x9E3779B97F4A7C15L;
        }
        return mix(h + hi);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
