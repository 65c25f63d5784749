package io.watchword.detector.model;

import java.io.IOException;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Flink's serializer of {@link Usage} between operators (two network shuffles per event: by tenant,
 * then by key). Hand-written instead of the POJO serializer, which profiled at ~20 % of the job's
 * CPU: it reads and writes fields by reflection and its strings go through {@code StringValue},
 * whose per-call thread-local buffer lookup alone cost ~5 %. Here strings that fit in Latin-1 (all
 * but exotic user agents) travel as their bytes. Usage is never kept in state, so its format may
 * change between versions freely.
 *
 * <p>Every field of {@code Usage} must be written here: a field added there and forgotten here
 * fails at class initialization (and {@code UsageSerializerTest}), not silently.
 */
public final class UsageSerializer extends TypeSerializerSingleton<Usage> {
    private static final long serialVersionUID = 1L;
    public static final UsageSerializer INSTANCE = new UsageSerializer();
    /** The number of fields written below. */
    static final int FIELDS = 28;
    /**
     * Written in place of the credential id's length when it equals the key (decision 0261). As a
     * writeString length it would mean a UTF-16 string of 2^31 - 2 chars, which cannot occur.
     */
    static final int SAME_AS_KEY = Integer.MIN_VALUE;

    static {
        if (Usage.class.getFields().length != FIELDS) {
            throw new IllegalStateException("Usage has " + Usage.class.getFields().length + " fields, UsageSerializer"
                    + " writes " + FIELDS + ": add the new field to its serialize, deserialize and copy");
        }
    }

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public Usage createInstance() {
        return new Usage();
    }

    @Override
    public Usage copy(Usage f) {
        return copy(f, new Usage());
    }

    @Override
    public Usage copy(Usage f, Usage t) {
        t.key = f.key;
        t.eventId = f.eventId;
        t.ts = f.ts;
        t.tenantId = f.tenantId;
        t.credentialId = f.credentialId;
        t.service = f.service;
        t.method = f.method;
        t.route = f.route;
        t.status = f.status;
        t.clientIp = f.clientIp;
        t.userAgent = f.userAgent;
        t.requestBytes = f.requestBytes;
        t.responseBytes = f.responseBytes;
        t.refused = f.refused;
        t.refusalReason = f.refusalReason;
        t.network = f.network;
        t.uaFamily = f.uaFamily;
        t.uaVersion = f.uaVersion;
        t.tenantKnowsNetwork = f.tenantKnowsNetwork;
        t.tenantKnowsBlock = f.tenantKnowsBlock;
        t.tenantKnowsUaFamily = f.tenantKnowsUaFamily;
        t.tenantKnowsRoute = f.tenantKnowsRoute;
        t.uaAdoptingKeys = f.uaAdoptingKeys;
        t.tenantKeyRate = f.tenantKeyRate;
        t.tenantEvents = f.tenantEvents;
        t.tenantObservedMs = f.tenantObservedMs;
        t.announced = f.announced;
        t.overrides = f.overrides;
        return t;
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(Usage u, DataOutputView out) throws IOException {
        writeString(u.key, out);
        writeString(u.eventId, out);
        out.writeLong(u.ts);
        writeString(u.tenantId, out);
        if (u.credentialId != null && u.credentialId.equals(u.key)) {
            // The usual case (the key is the credential id): not the same string twice per shuffle.
            out.writeInt(SAME_AS_KEY);
        } else {
            writeString(u.credentialId, out);
        }
        writeString(u.service, out);
        writeString(u.method, out);
        writeString(u.route, out);
        out.writeInt(u.status);
        writeString(u.clientIp, out);
        writeString(u.userAgent, out);
        out.writeLong(u.requestBytes);
        out.writeLong(u.responseBytes);
        writeString(u.refusalReason, out);
        writeString(u.network, out);
        writeString(u.uaFamily, out);
        writeString(u.uaVersion, out);
        out.writeByte((u.refused ? 1 : 0)
                | (u.tenantKnowsNetwork ? 2 : 0)
                | (u.tenantKnowsUaFamily ? 4 : 0)
                | (u.tenantKnowsRoute ? 8 : 0)
                | (u.announced ? 16 : 0)
                | (u.tenantKnowsBlock ? 32 : 0));
        out.writeInt(u.uaAdoptingKeys);
        out.writeDouble(u.tenantKeyRate);
        out.writeLong(u.tenantEvents);
        out.writeLong(u.tenantObservedMs);
        writeString(u.overrides, out);
    }

    @Override
    public Usage deserialize(DataInputView in) throws IOException {
        return deserialize(new Usage(), in);
    }

    @Override
    public Usage deserialize(Usage u, DataInputView in) throws IOException {
        u.key = readString(in);
        u.eventId = readString(in);
        u.ts = in.readLong();
        u.tenantId = readString(in);
        int credentialIdLength = in.readInt();
        u.credentialId = credentialIdLength == SAME_AS_KEY ? u.key : readString(credentialIdLength, in);
        u.service = readString(in);
        u.method = readString(in);
        u.route = readString(in);
        u.status = in.readInt();
        u.clientIp = readString(in);
        u.userAgent = readString(in);
        u.requestBytes = in.readLong();
        u.responseBytes = in.readLong();
        u.refusalReason = readString(in);
        u.network = readString(in);
        u.uaFamily = readString(in);
        u.uaVersion = readString(in);
        int flags = in.readByte();
        u.refused = (flags & 1) != 0;
        u.tenantKnowsNetwork = (flags & 2) != 0;
        u.tenantKnowsUaFamily = (flags & 4) != 0;
        u.tenantKnowsRoute = (flags & 8) != 0;
        u.announced = (flags & 16) != 0;
        u.tenantKnowsBlock = (flags & 32) != 0;
        u.uaAdoptingKeys = in.readInt();
        u.tenantKeyRate = in.readDouble();
        u.tenantEvents = in.readLong();
        u.tenantObservedMs = in.readLong();
        u.overrides = readString(in);
        return u;
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        serialize(deserialize(source), target);
    }

    /** -1: null; n ≥ 0: n Latin-1 bytes; otherwise -2 - n, then n UTF-16 chars (also the key profile state's strings). */
    public static void writeString(String s, DataOutputView out) throws IOException {
        if (s == null) {
            out.writeInt(-1);
            return;
        }
        int n = s.length();
        for (int i = 0; i < n; i++) {
            if (s.charAt(i) > 0xFF) {
                out.writeInt(-2 - n);
                for (int j = 0; j < n; j++) {
                    out.writeChar(s.charAt(j));
                }
                return;
            }
        }
        out.writeInt(n);
        out.write(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    public static String readString(DataInputView in) throws IOException {
        return readString(in.readInt(), in);
    }

    private static String readString(int n, DataInputView in) throws IOException {
        if (n == -1) {
            return null;
        }
        if (n >= 0) {
            byte[] b = new byte[n];
            in.readFully(b);
            return new String(b, StandardCharsets.ISO_8859_1);
        }
        char[] c = new char[-2 - n];
        for (int i = 0; i < c.length; i++) {
            c[i] = in.readChar();
        }
        return new String(c);
    }

    @Override
    public TypeSerializerSnapshot<Usage> snapshotConfiguration() {
        return new Snapshot();
    }

    /** The serializer has no configuration: its snapshot only names it. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<Usage> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }

    /** The type information Flink finds through {@code @TypeInfo} on {@link Usage}. */
    public static final class Info extends TypeInformation<Usage> {
        private static final long serialVersionUID = 1L;

        @Override
        public boolean isBasicType() {
            return false;
        }

        @Override
        public boolean isTupleType() {
            return false;
        }

        @Override
        public int getArity() {
            return 1;
        }

        @Override
        public int getTotalFields() {
            return 1;
        }

        @Override
        public Class<Usage> getTypeClass() {
            return Usage.class;
        }

        @Override
        public boolean isKeyType() {
            return false;
        }

        @Override
        public TypeSerializer<Usage> createSerializer(SerializerConfig config) {
            return INSTANCE;
        }

        @Override
        public String toString() {
            return "Usage (UsageSerializer)";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Info;
        }

        @Override
        public int hashCode() {
            return Info.class.hashCode();
        }

        @Override
        public boolean canEqual(Object o) {
            return o instanceof Info;
        }
    }

    /** Named by {@code @TypeInfo} on {@link Usage}. */
    public static final class Factory extends TypeInfoFactory<Usage> {
        @Override
        public TypeInformation<Usage> createTypeInfo(Type t, Map<String, TypeInformation<?>> genericParameters) {
            return new Info();
        }
    }
}
