package io.watchword.detector.job;

import io.watchword.detector.baseline.TenantProfile;
import java.io.IOException;
import java.util.List;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.api.java.typeutils.runtime.PojoSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * The tenant prior's state serializer ({@code tenant-profile}, decision 0241 as for the key
 * profile): on RocksDB every usage event read and wrote its tenant's whole profile through the POJO
 * serializer — 512 + 512 + 64 + 64 longs (≈ 9 KB) whatever the tenant uses, and a fresh set of
 * arrays allocated by the constructor only to be replaced (16.5 % of a RocksDB run's CPU). Arrays
 * are written up to their last non-zero element and read into the arrays the constructor made.
 * POJO snapshots migrate; a new field of {@code TenantProfile} fails at class initialization.
 */
public final class TenantProfileSerializer extends TypeSerializerSingleton<TenantProfile> {
    private static final long serialVersionUID = 1L;
    public static final TenantProfileSerializer INSTANCE = new TenantProfileSerializer();
    private static final int VERSION = 1;

    static final List<String> FIELDS = List.of(
            "events",
            "firstSeen",
            "nets",
            "netCount",
            "blocks",
            "blockCount",
            "uaFamilies",
            "uaKeyBits",
            "uaCount",
            "routes",
            "routeCount",
            "curMinute",
            "curCount",
            "curKeyBits",
            "keyRate");

    static {
        KeyProfileSerializer.check(TenantProfile.class, FIELDS);
    }

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public TenantProfile createInstance() {
        return new TenantProfile();
    }

    @Override
    public TenantProfile copy(TenantProfile from) {
        return copy(from, new TenantProfile());
    }

    @Override
    public TenantProfile copy(TenantProfile f, TenantProfile t) {
        t.events = f.events;
        t.firstSeen = f.firstSeen;
        t.nets = f.nets == null ? null : f.nets.clone();
        t.netCount = f.netCount;
        t.blocks = f.blocks == null ? null : f.blocks.clone();
        t.blockCount = f.blockCount;
        t.uaFamilies = f.uaFamilies == null ? null : f.uaFamilies.clone();
        t.uaKeyBits = f.uaKeyBits == null ? null : f.uaKeyBits.clone();
        t.uaCount = f.uaCount;
        t.routes = f.routes == null ? null : f.routes.clone();
        t.routeCount = f.routeCount;
        t.curMinute = f.curMinute;
        t.curCount = f.curCount;
        t.curKeyBits = f.curKeyBits;
        t.keyRate = f.keyRate;
        return t;
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(TenantProfile p, DataOutputView out) throws IOException {
        out.writeByte(VERSION);
        out.writeLong(p.events);
        out.writeLong(p.firstSeen);
        KeyProfileSerializer.writeLongs(p.nets, out);
        out.writeInt(p.netCount);
        KeyProfileSerializer.writeLongs(p.blocks, out);
        out.writeInt(p.blockCount);
        KeyProfileSerializer.writeLongs(p.uaFamilies, out);
        KeyProfileSerializer.writeLongs(p.uaKeyBits, out);
        out.writeInt(p.uaCount);
        KeyProfileSerializer.writeLongs(p.routes, out);
        out.writeInt(p.routeCount);
        out.writeLong(p.curMinute);
        out.writeInt(p.curCount);
        out.writeLong(p.curKeyBits);
        out.writeFloat(p.keyRate);
    }

    @Override
    public TenantProfile deserialize(DataInputView in) throws IOException {
        return deserialize(new TenantProfile(), in);
    }

    @Override
    public TenantProfile deserialize(TenantProfile p, DataInputView in) throws IOException {
        int version = in.readByte();
        if (version != VERSION) {
            throw new IOException("tenant profile of an unknown format version " + version);
        }
        p.events = in.readLong();
        p.firstSeen = in.readLong();
        p.nets = KeyProfileSerializer.readLongs(p.nets, in);
        p.netCount = in.readInt();
        p.blocks = KeyProfileSerializer.readLongs(p.blocks, in);
        p.blockCount = in.readInt();
        p.uaFamilies = KeyProfileSerializer.readLongs(p.uaFamilies, in);
        p.uaKeyBits = KeyProfileSerializer.readLongs(p.uaKeyBits, in);
        p.uaCount = in.readInt();
        p.routes = KeyProfileSerializer.readLongs(p.routes, in);
        p.routeCount = in.readInt();
        p.curMinute = in.readLong();
        p.curCount = in.readInt();
        p.curKeyBits = in.readLong();
        p.keyRate = in.readFloat();
        return p;
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        serialize(deserialize(source), target);
    }

    @Override
    public TypeSerializerSnapshot<TenantProfile> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Names the serializer; a POJO snapshot of {@link TenantProfile} is compatible after migration. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<TenantProfile> {
        public Snapshot() {
            super(() -> INSTANCE);
        }

        @Override
        public TypeSerializerSchemaCompatibility<TenantProfile> resolveSchemaCompatibility(
                TypeSerializerSnapshot<TenantProfile> old) {
            if (old instanceof PojoSerializerSnapshot) {
                return TypeSerializerSchemaCompatibility.compatibleAfterMigration();
            }
            return super.resolveSchemaCompatibility(old);
        }
    }
}
