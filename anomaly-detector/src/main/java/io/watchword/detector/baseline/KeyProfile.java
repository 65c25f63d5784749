package io.watchword.detector.baseline;

/**
 * One key's learned behaviour and its recent suspicion, a Flink POJO of primitives and primitive
 * arrays (≈ 1.6 KB a key: 100,000 keys ≈ 160 MB of heap state).
 */
public class KeyProfile {
    public static final int NETS = 32;
    public static final int UAS = 8;
    public static final int ROUTES = 64;
    public static final int RECENT = 16;
    public static final int SLOTS = 48;
    public static final int BLOCKS = 16;
    public static final int ALERTED = 16;

    public String tenantId;
    public long firstSeen;
    public long lastSeen;
    public long events;

    // Rhythm: EWMA of requests per active minute, per hour of day × (weekday, weekend), UTC.
    public float[] slotRate = new float[SLOTS];
    public short[] slotMinutes = new short[SLOTS];
    public float overallRate;
    public int minutesObserved;
    public long curMinute = Long.MIN_VALUE;
    public int curCount;
    public long curBytes;
    public int curErrors;
    public float bytesPerMinute;

    public float errorRatio;
    public float bytesMean;
    /** Bit h set: the key was active in UTC hour h. */
    public int activeHours;

    public long[] nets = new long[NETS];
    public int netCount;
    public String[] netExamples = new String[3];
    /** EWMA of "this event came from a network not in the profile" (high for mobile fleets). */
    public float newNetRate;

    /** Exact addresses, while the key uses few (a fixed server): a new one inside a known network is a weak signal. */
    public long[] ips = new long[8];

    public int ipCount;

    /**
     * Address blocks (/16, /32 for IPv6) the key's learned networks lie in, with how many distinct
     * networks each holds: a new /24 in a block where the key already uses several is its normal
     * spread (a CI provider's pool, a carrier), a new block is a new place.
     */
    public long[] blocks = new long[BLOCKS];

    public short[] blockNets = new short[BLOCKS];
    public int blockCount;

    /** When the job first learned the credential exists (its earliest credential-state record), 0 if never. */
    public long knownSince;

    // Two simultaneous sources: the last event from a learned network, the last from a suspicious
    // new one, and the learned-network event that came before the current run of new ones.
    public long lastKnownNetTs = Long.MIN_VALUE;
    public long lastNewNetTs = Long.MIN_VALUE;
    public long knownBeforeNewTs = Long.MIN_VALUE;
    public String lastNewNet;

    public long[] uaFamilies = new long[UAS];
    public int uaCount;
    public String[] uaExamples = new String[3];

    public long[] routes = new long[ROUTES];
    public int routeCount;
    public String[] routeExamples = new String[3];
    public boolean writes;
    public float newRouteRate;

    public long[] recentNets = new long[RECENT];
    public long[] recentNetsTs = new long[RECENT];

    public long sensitiveWindowStart;
    public long[] sensitiveNew = new long[8];
    public int sensitiveCount;

    // Credential state, as of its last update.
    public String status;
    public long statusSince;
    public long expiresAt = Long.MAX_VALUE;
    public long graceEndsAt;
    public String[] allowedCidrs;

    // Suspicion within the correlation window, and the last alert.
    public Finding[] pending = new Finding[0];
    public Sample[] samples = new Sample[0];
    public long lastAlertTs = Long.MIN_VALUE;
    public int lastAlertSeverity = -1;
    public String lastAlertDetectors = "";

    /**
     * What past alerts already said (hash of detector and subject, with the alert's severity and
     * time): a continuing condition alerts again only when its evidence changes materially.
     */
    public long[] alerted = new long[ALERTED];

    public long[] alertedTs = new long[ALERTED];
    public byte[] alertedSeverity = new byte[ALERTED];

    public KeyProfile() {}

    /** A finding kept in state until the correlation window passes. */
    public static class Finding {
        public String detector;
        public double score;
        public String description;
        public String observed;
        public String expected;
        /** What the finding is about (a network, a client family, a route; "" for rates): repeats are told by it. */
        public String subject = "";

        public long ts;
        /** Hard rule: a use that must never happen (revoked key, outside allowed CIDRs). */
        public boolean hard;

        public Finding() {}

        public Finding(String detector, double score, String description, String observed, String expected) {
            this.detector = detector;
            this.score = score;
            this.description = description;
            this.observed = observed;
            this.expected = expected;
        }

        Finding about(String subject) {
            this.subject = subject == null ? "" : subject;
            return this;
        }
    }

    /** A suspicious request quoted in the alert. */
    public static class Sample {
        public long ts;
        public String service;
        public String method;
        public String route;
        public int status;
        public String clientIp;
        public String userAgent;
        public boolean refused;
        public String refusalReason;

        public Sample() {}
    }
}
