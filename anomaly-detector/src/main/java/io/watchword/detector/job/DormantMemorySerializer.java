package io.watchword.detector.job;

import io.watchword.detector.baseline.DormantMemory;
import java.io.IOException;
import java.util.List;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * The serializer of a forgotten key's {@code dormant-memory} state (decision 0277), in the manner of
 * the compact serializers (decision 0241): a format version, then the fields, only as many block
 * hashes as the memory holds. At most 1 + 8 + 8 + 1 + 1 + 4 × 8 = 51 bytes. A new field of {@link
 * DormantMemory} fails at class initialization.
 */
public final class DormantMemorySerializer extends TypeSerializerSingleton<DormantMemory> {
    private static final long serialVersionUID = 1L;
    public static final DormantMemorySerializer INSTANCE = new DormantMemorySerializer();
    private static final int VERSION = 1;
    /** The largest serialized memory, in bytes. */
    public static final int MAX_BYTES = 1 + 8 + 8 + 1 + 1 + DormantMemory.BLOCKS * 8;

    static final List<String> FIELDS = List.of("lastSeen", "eventsLog2", "expiresAt", "blocks", "blockCount");

    static {
        KeyProfileSerializer.check(DormantMemory.class, FIELDS);
    }

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public DormantMemory createInstance() {
        return new DormantMemory();
    }

    @Override
    public DormantMemory copy(DormantMemory from) {
        return copy(from, new DormantMemory());
    }

    @Override
    public DormantMemory copy(DormantMemory f, DormantMemory t) {
        t.lastSeen = f.lastSeen;
        t.eventsLog2 = f.eventsLog2;
        t.expiresAt = f.expiresAt;
        t.blocks = f.blocks.clone();
        t.blockCount = f.blockCount;
        return t;
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(DormantMemory m, DataOutputView out) throws IOException {
        int n = Math.min(Math.min(m.blockCount, m.blocks.length), DormantMemory.BLOCKS);
        out.writeByte(VERSION);
        out.writeLong(m.lastSeen);
        out.writeLong(m.expiresAt);
        out.writeByte(m.eventsLog2);
        out.writeByte(n);
        for (int i = 0; i < n; i++) {
            out.writeLong(m.blocks[i]);
        }
    }

    @Override
    public DormantMemory deserialize(DataInputView in) throws IOException {
        return deserialize(new DormantMemory(), in);
    }

    @Override
    public DormantMemory deserialize(DormantMemory m, DataInputView in) throws IOException {
        int version = in.readByte();
        if (version != VERSION) {
            throw new IOException("dormant memory of an unknown format version " + version);
        }
        m.lastSeen = in.readLong();
        m.expiresAt = in.readLong();
        m.eventsLog2 = in.readByte();
        int n = in.readByte();
        if (n < 0 || n > DormantMemory.BLOCKS) {
            throw new IOException("dormant memory with " + n + " blocks");
        }
        m.blocks = new long[DormantMemory.BLOCKS];
        for (int i = 0; i < n; i++) {
            m.blocks[i] = in.readLong();
        }
        m.blockCount = n;
        return m;
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        serialize(deserialize(source), target);
    }

    @Override
    public TypeSerializerSnapshot<DormantMemory> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Names the serializer (there was no earlier format). */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<DormantMemory> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
