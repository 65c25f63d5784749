package io.watchword.detector.job;

import static io.watchword.detector.model.UsageSerializer.readString;
import static io.watchword.detector.model.UsageSerializer.writeString;

import io.watchword.detector.baseline.KeyProfile;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.TreeSet;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.api.java.typeutils.runtime.PojoSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * The per-key state's serializer ({@code key-profile}, decision 0241). The POJO serializer wrote
 * every slot of every fixed-size array (a key with one network, one client and two routes still
 * wrote 32 + 8 + 64 longs for them, ≈ 1.6 KB a key) and read and wrote each field by reflection:
 * on RocksDB every event reads and writes the whole profile, so that cost was paid twice per event.
 * Here each primitive array is written as its length, then only up to its last non-zero element
 * (the rest reads back as the zeros it was: the round trip is exact, whatever the counts say),
 * strings that fit Latin-1 as their bytes. On heap state it only runs for checkpoints and
 * savepoints.
 *
 * <p>Savepoints written with the POJO serializer are migrated on restore (the snapshot answers
 * "compatible after migration" to a POJO snapshot of {@link KeyProfile}: Flink reads them with the
 * old serializer and writes them with this one). Every field of {@code KeyProfile} (and of its
 * {@code Finding} and {@code Sample}) must be written here: a field added there and forgotten here
 * fails at class initialization (and {@code KeyProfileSerializerTest}), not silently.
 */
public final class KeyProfileSerializer extends TypeSerializerSingleton<KeyProfile> {
    private static final long serialVersionUID = 1L;
    public static final KeyProfileSerializer INSTANCE = new KeyProfileSerializer();
    private static final int VERSION = 1;

    static final List<String> PROFILE_FIELDS = List.of(
            "tenantId",
            "firstSeen",
            "lastSeen",
            "events",
            "slotRate",
            "slotMinutes",
            "overallRate",
            "minutesObserved",
            "curMinute",
            "curCount",
            "curBytes",
            "curErrors",
            "bytesPerMinute",
            "errorRatio",
            "bytesMean",
            "activeHours",
            "nets",
            "netCount",
            "netExamples",
            "newNetRate",
            "ips",
            "ipCount",
            "blocks",
            "blockNets",
            "blockCount",
            "knownSince",
            "lastKnownNetTs",
            "lastNewNetTs",
            "knownBeforeNewTs",
            "lastNewNet",
            "uaFamilies",
            "uaCount",
            "uaExamples",
            "routes",
            "routeCount",
            "routeExamples",
            "writes",
            "newRouteRate",
            "recentNets",
            "recentNetsTs",
            "sensitiveWindowStart",
            "sensitiveNew",
            "sensitiveCount",
            "status",
            "statusSince",
            "expiresAt",
            "graceEndsAt",
            "allowedCidrs",
            "pending",
            "samples",
            "lastAlertTs",
            "lastAlertSeverity",
            "lastAlertDetectors",
            "alerted",
            "alertedTs",
            "alertedSeverity");
    static final List<String> FINDING_FIELDS =
            List.of("detector", "score", "description", "observed", "expected", "subject", "ts", "hard");
    static final List<String> SAMPLE_FIELDS =
            List.of("ts", "service", "method", "route", "status", "clientIp", "userAgent", "refused", "refusalReason");

    static {
        check(KeyProfile.class, PROFILE_FIELDS);
        check(KeyProfile.Finding.class, FINDING_FIELDS);
        check(KeyProfile.Sample.class, SAMPLE_FIELDS);
    }

    static void check(Class<?> type, List<String> written) {
        TreeSet<String> actual = new TreeSet<>();
        for (Field f : type.getFields()) {
            if (!Modifier.isStatic(f.getModifiers())) {
                actual.add(f.getName());
            }
        }
        if (!actual.equals(new TreeSet<>(written))) {
            throw new IllegalStateException(type.getName() + " has the fields " + actual + ", KeyProfileSerializer"
                    + " writes " + written + ": add the new field to its serialize, deserialize and copy");
        }
    }

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public KeyProfile createInstance() {
        return new KeyProfile();
    }

    @Override
    public KeyProfile copy(KeyProfile from) {
        return copy(from, new KeyProfile());
    }

    @Override
    public KeyProfile copy(KeyProfile f, KeyProfile t) {
        t.tenantId = f.tenantId;
        t.firstSeen = f.firstSeen;
        t.lastSeen = f.lastSeen;
        t.events = f.events;
        t.slotRate = f.slotRate == null ? null : f.slotRate.clone();
        t.slotMinutes = f.slotMinutes == null ? null : f.slotMinutes.clone();
        t.overallRate = f.overallRate;
        t.minutesObserved = f.minutesObserved;
        t.curMinute = f.curMinute;
        t.curCount = f.curCount;
        t.curBytes = f.curBytes;
        t.curErrors = f.curErrors;
        t.bytesPerMinute = f.bytesPerMinute;
        t.errorRatio = f.errorRatio;
        t.bytesMean = f.bytesMean;
        t.activeHours = f.activeHours;
        t.nets = clone(f.nets);
        t.netCount = f.netCount;
        t.netExamples = f.netExamples == null ? null : f.netExamples.clone();
        t.newNetRate = f.newNetRate;
        t.ips = clone(f.ips);
        t.ipCount = f.ipCount;
        t.blocks = clone(f.blocks);
        t.blockNets = f.blockNets == null ? null : f.blockNets.clone();
        t.blockCount = f.blockCount;
        t.knownSince = f.knownSince;
        t.lastKnownNetTs = f.lastKnownNetTs;
        t.lastNewNetTs = f.lastNewNetTs;
        t.knownBeforeNewTs = f.knownBeforeNewTs;
        t.lastNewNet = f.lastNewNet;
        t.uaFamilies = clone(f.uaFamilies);
        t.uaCount = f.uaCount;
        t.uaExamples = f.uaExamples == null ? null : f.uaExamples.clone();
        t.routes = clone(f.routes);
        t.routeCount = f.routeCount;
        t.routeExamples = f.routeExamples == null ? null : f.routeExamples.clone();
        t.writes = f.writes;
        t.newRouteRate = f.newRouteRate;
        t.recentNets = clone(f.recentNets);
        t.recentNetsTs = clone(f.recentNetsTs);
        t.sensitiveWindowStart = f.sensitiveWindowStart;
        t.sensitiveNew = clone(f.sensitiveNew);
        t.sensitiveCount = f.sensitiveCount;
        t.status = f.status;
        t.statusSince = f.statusSince;
        t.expiresAt = f.expiresAt;
        t.graceEndsAt = f.graceEndsAt;
        t.allowedCidrs = f.allowedCidrs == null ? null : f.allowedCidrs.clone();
        if (f.pending == null) {
            t.pending = null;
        } else {
            t.pending = new KeyProfile.Finding[f.pending.length];
            for (int i = 0; i < f.pending.length; i++) {
                t.pending[i] = copy(f.pending[i]);
            }
        }
        if (f.samples == null) {
            t.samples = null;
        } else {
            t.samples = new KeyProfile.Sample[f.samples.length];
            for (int i = 0; i < f.samples.length; i++) {
                t.samples[i] = copy(f.samples[i]);
            }
        }
        t.lastAlertTs = f.lastAlertTs;
        t.lastAlertSeverity = f.lastAlertSeverity;
        t.lastAlertDetectors = f.lastAlertDetectors;
        t.alerted = clone(f.alerted);
        t.alertedTs = clone(f.alertedTs);
        t.alertedSeverity = f.alertedSeverity == null ? null : f.alertedSeverity.clone();
        return t;
    }

    private static long[] clone(long[] a) {
        return a == null ? null : a.clone();
    }

    private static KeyProfile.Finding copy(KeyProfile.Finding f) {
        if (f == null) {
            return null;
        }
        KeyProfile.Finding t = new KeyProfile.Finding();
        t.detector = f.detector;
        t.score = f.score;
        t.description = f.description;
        t.observed = f.observed;
        t.expected = f.expected;
        t.subject = f.subject;
        t.ts = f.ts;
        t.hard = f.hard;
        return t;
    }

    private static KeyProfile.Sample copy(KeyProfile.Sample f) {
        if (f == null) {
            return null;
        }
        KeyProfile.Sample t = new KeyProfile.Sample();
        t.ts = f.ts;
        t.service = f.service;
        t.method = f.method;
        t.route = f.route;
        t.status = f.status;
        t.clientIp = f.clientIp;
        t.userAgent = f.userAgent;
        t.refused = f.refused;
        t.refusalReason = f.refusalReason;
        return t;
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(KeyProfile p, DataOutputView out) throws IOException {
        out.writeByte(VERSION);
        writeString(p.tenantId, out);
        out.writeLong(p.firstSeen);
        out.writeLong(p.lastSeen);
        out.writeLong(p.events);
        writeFloats(p.slotRate, out);
        writeShorts(p.slotMinutes, out);
        out.writeFloat(p.overallRate);
        out.writeInt(p.minutesObserved);
        out.writeLong(p.curMinute);
        out.writeInt(p.curCount);
        out.writeLong(p.curBytes);
        out.writeInt(p.curErrors);
        out.writeFloat(p.bytesPerMinute);
        out.writeFloat(p.errorRatio);
        out.writeFloat(p.bytesMean);
        out.writeInt(p.activeHours);
        writeLongs(p.nets, out);
        out.writeInt(p.netCount);
        writeStrings(p.netExamples, out);
        out.writeFloat(p.newNetRate);
        writeLongs(p.ips, out);
        out.writeInt(p.ipCount);
        writeLongs(p.blocks, out);
        writeShorts(p.blockNets, out);
        out.writeInt(p.blockCount);
        out.writeLong(p.knownSince);
        out.writeLong(p.lastKnownNetTs);
        out.writeLong(p.lastNewNetTs);
        out.writeLong(p.knownBeforeNewTs);
        writeString(p.lastNewNet, out);
        writeLongs(p.uaFamilies, out);
        out.writeInt(p.uaCount);
        writeStrings(p.uaExamples, out);
        writeLongs(p.routes, out);
        out.writeInt(p.routeCount);
        writeStrings(p.routeExamples, out);
        out.writeBoolean(p.writes);
        out.writeFloat(p.newRouteRate);
        writeLongs(p.recentNets, out);
        writeLongs(p.recentNetsTs, out);
        out.writeLong(p.sensitiveWindowStart);
        writeLongs(p.sensitiveNew, out);
        out.writeInt(p.sensitiveCount);
        writeString(p.status, out);
        out.writeLong(p.statusSince);
        out.writeLong(p.expiresAt);
        out.writeLong(p.graceEndsAt);
        writeStrings(p.allowedCidrs, out);
        if (p.pending == null) {
            out.writeInt(-1);
        } else {
            out.writeInt(p.pending.length);
            for (KeyProfile.Finding f : p.pending) {
                out.writeBoolean(f != null);
                if (f != null) {
                    writeString(f.detector, out);
                    out.writeDouble(f.score);
                    writeString(f.description, out);
                    writeString(f.observed, out);
                    writeString(f.expected, out);
                    writeString(f.subject, out);
                    out.writeLong(f.ts);
                    out.writeBoolean(f.hard);
                }
            }
        }
        if (p.samples == null) {
            out.writeInt(-1);
        } else {
            out.writeInt(p.samples.length);
            for (KeyProfile.Sample s : p.samples) {
                out.writeBoolean(s != null);
                if (s != null) {
                    out.writeLong(s.ts);
                    writeString(s.service, out);
                    writeString(s.method, out);
                    writeString(s.route, out);
                    out.writeInt(s.status);
                    writeString(s.clientIp, out);
                    writeString(s.userAgent, out);
                    out.writeBoolean(s.refused);
                    writeString(s.refusalReason, out);
                }
            }
        }
        out.writeLong(p.lastAlertTs);
        out.writeInt(p.lastAlertSeverity);
        writeString(p.lastAlertDetectors, out);
        writeLongs(p.alerted, out);
        writeLongs(p.alertedTs, out);
        writeBytes(p.alertedSeverity, out);
    }

    @Override
    public KeyProfile deserialize(DataInputView in) throws IOException {
        return deserialize(new KeyProfile(), in);
    }

    @Override
    public KeyProfile deserialize(KeyProfile p, DataInputView in) throws IOException {
        int version = in.readByte();
        if (version != VERSION) {
            throw new IOException("key profile of an unknown format version " + version);
        }
        p.tenantId = readString(in);
        p.firstSeen = in.readLong();
        p.lastSeen = in.readLong();
        p.events = in.readLong();
        p.slotRate = readFloats(in);
        p.slotMinutes = readShorts(in);
        p.overallRate = in.readFloat();
        p.minutesObserved = in.readInt();
        p.curMinute = in.readLong();
        p.curCount = in.readInt();
        p.curBytes = in.readLong();
        p.curErrors = in.readInt();
        p.bytesPerMinute = in.readFloat();
        p.errorRatio = in.readFloat();
        p.bytesMean = in.readFloat();
        p.activeHours = in.readInt();
        p.nets = readLongs(in);
        p.netCount = in.readInt();
        p.netExamples = readStrings(in);
        p.newNetRate = in.readFloat();
        p.ips = readLongs(in);
        p.ipCount = in.readInt();
        p.blocks = readLongs(in);
        p.blockNets = readShorts(in);
        p.blockCount = in.readInt();
        p.knownSince = in.readLong();
        p.lastKnownNetTs = in.readLong();
        p.lastNewNetTs = in.readLong();
        p.knownBeforeNewTs = in.readLong();
        p.lastNewNet = readString(in);
        p.uaFamilies = readLongs(in);
        p.uaCount = in.readInt();
        p.uaExamples = readStrings(in);
        p.routes = readLongs(in);
        p.routeCount = in.readInt();
        p.routeExamples = readStrings(in);
        p.writes = in.readBoolean();
        p.newRouteRate = in.readFloat();
        p.recentNets = readLongs(in);
        p.recentNetsTs = readLongs(in);
        p.sensitiveWindowStart = in.readLong();
        p.sensitiveNew = readLongs(in);
        p.sensitiveCount = in.readInt();
        p.status = readString(in);
        p.statusSince = in.readLong();
        p.expiresAt = in.readLong();
        p.graceEndsAt = in.readLong();
        p.allowedCidrs = readStrings(in);
        int n = in.readInt();
        if (n < 0) {
            p.pending = null;
        } else {
            p.pending = new KeyProfile.Finding[n];
            for (int i = 0; i < n; i++) {
                if (in.readBoolean()) {
                    KeyProfile.Finding f = new KeyProfile.Finding();
                    f.detector = readString(in);
                    f.score = in.readDouble();
                    f.description = readString(in);
                    f.observed = readString(in);
                    f.expected = readString(in);
                    f.subject = readString(in);
                    f.ts = in.readLong();
                    f.hard = in.readBoolean();
                    p.pending[i] = f;
                }
            }
        }
        n = in.readInt();
        if (n < 0) {
            p.samples = null;
        } else {
            p.samples = new KeyProfile.Sample[n];
            for (int i = 0; i < n; i++) {
                if (in.readBoolean()) {
                    KeyProfile.Sample s = new KeyProfile.Sample();
                    s.ts = in.readLong();
                    s.service = readString(in);
                    s.method = readString(in);
                    s.route = readString(in);
                    s.status = in.readInt();
                    s.clientIp = readString(in);
                    s.userAgent = readString(in);
                    s.refused = in.readBoolean();
                    s.refusalReason = readString(in);
                    p.samples[i] = s;
                }
            }
        }
        p.lastAlertTs = in.readLong();
        p.lastAlertSeverity = in.readInt();
        p.lastAlertDetectors = readString(in);
        p.alerted = readLongs(in);
        p.alertedTs = readLongs(in);
        p.alertedSeverity = readBytes(in);
        return p;
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        serialize(deserialize(source), target);
    }

    // Arrays: -1 for null, else the length, the number of elements up to the last non-zero, those.

    static void writeLongs(long[] a, DataOutputView out) throws IOException {
        if (a == null) {
            out.writeInt(-1);
            return;
        }
        int used = a.length;
        while (used > 0 && a[used - 1] == 0) {
            used--;
        }
        out.writeInt(a.length);
        out.writeInt(used);
        for (int i = 0; i < used; i++) {
            out.writeLong(a[i]);
        }
    }

    static long[] readLongs(DataInputView in) throws IOException {
        return readLongs(null, in);
    }

    /** Reads a long array into {@code into} when it has the length (zeroing the rest), else a new one. */
    static long[] readLongs(long[] into, DataInputView in) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            return null;
        }
        long[] a = into != null && into.length == length ? into : new long[length];
        int used = in.readInt();
        for (int i = 0; i < used; i++) {
            a[i] = in.readLong();
        }
        java.util.Arrays.fill(a, used, length, 0L);
        return a;
    }

    private static void writeFloats(float[] a, DataOutputView out) throws IOException {
        if (a == null) {
            out.writeInt(-1);
            return;
        }
        int used = a.length;
        // Compared by bits: -0.0f is not zero and is kept.
        while (used > 0 && Float.floatToRawIntBits(a[used - 1]) == 0) {
            used--;
        }
        out.writeInt(a.length);
        out.writeInt(used);
        for (int i = 0; i < used; i++) {
            out.writeFloat(a[i]);
        }
    }

    private static float[] readFloats(DataInputView in) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            return null;
        }
        float[] a = new float[length];
        int used = in.readInt();
        for (int i = 0; i < used; i++) {
            a[i] = in.readFloat();
        }
        return a;
    }

    private static void writeShorts(short[] a, DataOutputView out) throws IOException {
        if (a == null) {
            out.writeInt(-1);
            return;
        }
        int used = a.length;
        while (used > 0 && a[used - 1] == 0) {
            used--;
        }
        out.writeInt(a.length);
        out.writeInt(used);
        for (int i = 0; i < used; i++) {
            out.writeShort(a[i]);
        }
    }

    private static short[] readShorts(DataInputView in) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            return null;
        }
        short[] a = new short[length];
        int used = in.readInt();
        for (int i = 0; i < used; i++) {
            a[i] = in.readShort();
        }
        return a;
    }

    private static void writeBytes(byte[] a, DataOutputView out) throws IOException {
        if (a == null) {
            out.writeInt(-1);
            return;
        }
        int used = a.length;
        while (used > 0 && a[used - 1] == 0) {
            used--;
        }
        out.writeInt(a.length);
        out.writeInt(used);
        out.write(a, 0, used);
    }

    private static byte[] readBytes(DataInputView in) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            return null;
        }
        byte[] a = new byte[length];
        in.readFully(a, 0, in.readInt());
        return a;
    }

    private static void writeStrings(String[] a, DataOutputView out) throws IOException {
        if (a == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(a.length);
        for (String s : a) {
            writeString(s, out);
        }
    }

    private static String[] readStrings(DataInputView in) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            return null;
        }
        String[] a = new String[length];
        for (int i = 0; i < length; i++) {
            a[i] = readString(in);
        }
        return a;
    }

    @Override
    public TypeSerializerSnapshot<KeyProfile> snapshotConfiguration() {
        return new Snapshot();
    }

    /**
     * Names the serializer (no configuration); a POJO snapshot of {@link KeyProfile} (savepoints
     * before decision 0241) is compatible after migration.
     */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<KeyProfile> {
        public Snapshot() {
            super(() -> INSTANCE);
        }

        @Override
        public TypeSerializerSchemaCompatibility<KeyProfile> resolveSchemaCompatibility(
                TypeSerializerSnapshot<KeyProfile> old) {
            if (old instanceof PojoSerializerSnapshot) {
                return TypeSerializerSchemaCompatibility.compatibleAfterMigration();
            }
            return super.resolveSchemaCompatibility(old);
        }
    }
}
