package io.watchword.detector.baseline;

/**
 * A tenant's prior, learned from all its keys: which networks, client families and routes its keys
 * use, and how busy a key of this tenant typically is. It judges a key that has no history yet.
 */
public class TenantProfile {
    public static final int NETS = 512;
    public static final int UAS = 64;
    public static final int ROUTES = 512;
    public static final int BLOCKS = 256;

    public long events;
    public long firstSeen = Long.MIN_VALUE;
    public long[] nets = new long[NETS];
    public int netCount;
    /** The blocks (/16 of IPv4, /32 of IPv6) its keys' networks lie in: its clouds, offices, home ISPs, carriers. */
    public long[] blocks = new long[BLOCKS];

    public int blockCount;
    public long[] uaFamilies = new long[UAS];
    /** Per client family, a 64-bit bitmap of key hashes: its bit count estimates the keys using it. */
    public long[] uaKeyBits = new long[UAS];

    public int uaCount;
    public long[] routes = new long[ROUTES];
    public int routeCount;

    public long curMinute = Long.MIN_VALUE;
    public int curCount;
    public long curKeyBits;
    public float keyRate;

    public TenantProfile() {}

    /** Annotates u with the tenant's view (what it knew before u), then learns u. */
    public void annotate(io.watchword.detector.model.Usage u) {
        long net = HashSet64.hash(u.network);
        long ua = HashSet64.hash(u.uaFamily);
        long route = HashSet64.hash(u.routeKey());
        u.tenantEvents = events;
        if (firstSeen == Long.MIN_VALUE) {
            firstSeen = u.ts;
        }
        u.tenantObservedMs = Math.max(0, u.ts - firstSeen);
        u.tenantKnowsNetwork = HashSet64.contains(nets, netCount, net);
        long block = HashSet64.hash(Detectors.block(u.network));
        u.tenantKnowsBlock = HashSet64.contains(blocks, blockCount, block);
        u.tenantKnowsRoute = HashSet64.contains(routes, routeCount, route);
        int uaIndex = indexOf(uaFamilies, uaCount, ua);
        u.tenantKnowsUaFamily = uaIndex >= 0;
        long keyBit = 1L << (HashSet64.hash(u.key) & 63);
        u.uaAdoptingKeys = uaIndex >= 0 ? Long.bitCount(uaKeyBits[uaIndex] & ~keyBit) : 0;
        u.tenantKeyRate = keyRate;

        // learn
        // The membership answers above are reused: a second scan of the full 512-slot sets per event
        // was ~2 % of the job's CPU (decision 0261). Same result as HashSet64.add.
        events++;
        if (!u.tenantKnowsNetwork && netCount < nets.length) {
            nets[netCount++] = net;
        }
        if (!u.tenantKnowsBlock && blockCount < blocks.length) {
            blocks[blockCount++] = block;
        }
        if (!u.tenantKnowsRoute && routeCount < routes.length) {
            routes[routeCount++] = route;
        }
        if (uaIndex < 0 && uaCount < UAS) {
            uaFamilies[uaCount] = ua;
            uaIndex = uaCount++;
        }
        if (uaIndex >= 0) {
            uaKeyBits[uaIndex] |= keyBit;
        }
        long minute = Math.floorDiv(u.ts, 60_000L);
        if (minute > curMinute) {
            if (curMinute != Long.MIN_VALUE && curCount > 0) {
                float perKey = curCount / (float) Math.max(1, Long.bitCount(curKeyBits));
                keyRate = keyRate == 0 ? perKey : 0.9f * keyRate + 0.1f * perKey;
            }
            curMinute = minute;
            curCount = 0;
            curKeyBits = 0;
        }
        curCount++;
        curKeyBits |= keyBit;
    }

    private static int indexOf(long[] set, int size, long h) {
        for (int i = 0; i < size; i++) {
            if (set[i] == h) {
                return i;
            }
        }
        return -1;
    }
}
