package io.watchword.detector.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.watchword.detector.baseline.KeyProfile;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/**
 * The key state's own serializer (decision 0241): every field of the profile, its findings and
 * samples survives a round trip exactly (a new field too, or class initialization fails), a typical
 * key is a fraction of the POJO serializer's bytes, and POJO savepoints migrate.
 */
class KeyProfileSerializerTest {

    @Test
    void everyFieldSurvivesARoundTripAndACopy() throws Exception {
        KeyProfile full = new KeyProfile();
        fill(full, 1);
        KeyProfile.Finding f = new KeyProfile.Finding();
        fill(f, 100);
        KeyProfile.Sample s = new KeyProfile.Sample();
        fill(s, 200);
        full.pending = new KeyProfile.Finding[] {f, null};
        full.samples = new KeyProfile.Sample[] {null, s};
        // Zeros inside and at the end of arrays, a -0.0f at the end: all must come back as they were.
        full.nets[3] = 0;
        full.routes[KeyProfile.ROUTES - 1] = 0;
        full.slotRate[KeyProfile.SLOTS - 1] = -0.0f;
        assertRoundTrip(full);

        KeyProfile fresh = new KeyProfile();
        assertRoundTrip(fresh);
        KeyProfile nulls = new KeyProfile();
        for (Field field : KeyProfile.class.getFields()) {
            if (!Modifier.isStatic(field.getModifiers()) && !field.getType().isPrimitive()) {
                field.set(nulls, null);
            }
        }
        assertRoundTrip(nulls);
    }

    @Test
    void aTypicalKeyIsAFractionOfThePojoSerializersBytes() throws Exception {
        KeyProfile p = new KeyProfile();
        p.tenantId = "ten_7";
        p.nets[0] = 42;
        p.netCount = 1;
        p.uaFamilies[0] = 7;
        p.uaCount = 1;
        p.routes[0] = 1;
        p.routes[1] = 2;
        p.routeCount = 2;
        p.slotRate[10] = 1.5f;
        p.netExamples[0] = "10.1.2.0/24";
        DataOutputSerializer own = new DataOutputSerializer(256);
        KeyProfileSerializer.INSTANCE.serialize(p, own);
        @SuppressWarnings("unchecked")
        TypeSerializer<KeyProfile> pojo =
                TypeInformation.of(KeyProfile.class).createSerializer(new SerializerConfigImpl());
        DataOutputSerializer old = new DataOutputSerializer(256);
        pojo.serialize(p, old);
        assertThat(own.length()).isLessThan(old.length() / 3);
    }

    @Test
    void aPojoSnapshotOfTheProfileIsCompatibleAfterMigration() {
        TypeSerializer<KeyProfile> pojo =
                TypeInformation.of(KeyProfile.class).createSerializer(new SerializerConfigImpl());
        assertThat(KeyProfileSerializer.INSTANCE
                        .snapshotConfiguration()
                        .resolveSchemaCompatibility(pojo.snapshotConfiguration())
                        .isCompatibleAfterMigration())
                .isTrue();
        assertThat(KeyProfileSerializer.INSTANCE
                        .snapshotConfiguration()
                        .resolveSchemaCompatibility(KeyProfileSerializer.INSTANCE.snapshotConfiguration())
                        .isCompatibleAsIs())
                .isTrue();
    }

    @Test
    void theTenantProfileToo() throws Exception {
        io.watchword.detector.baseline.TenantProfile t = new io.watchword.detector.baseline.TenantProfile();
        fill(t, 300);
        t.routes[io.watchword.detector.baseline.TenantProfile.ROUTES - 1] = 0;
        for (io.watchword.detector.baseline.TenantProfile p :
                List.of(t, new io.watchword.detector.baseline.TenantProfile())) {
            DataOutputSerializer out = new DataOutputSerializer(256);
            TenantProfileSerializer.INSTANCE.serialize(p, out);
            assertSame(
                    p,
                    TenantProfileSerializer.INSTANCE.deserialize(new DataInputDeserializer(out.getCopyOfBuffer())),
                    "deserialized");
            // Into a reused instance whose arrays hold other values: nothing of them may remain.
            io.watchword.detector.baseline.TenantProfile reuse = new io.watchword.detector.baseline.TenantProfile();
            fill(reuse, 900);
            assertSame(
                    p,
                    TenantProfileSerializer.INSTANCE.deserialize(
                            reuse, new DataInputDeserializer(out.getCopyOfBuffer())),
                    "deserialized into a reused instance");
            assertSame(p, TenantProfileSerializer.INSTANCE.copy(p), "copy");
        }
        TypeSerializer<io.watchword.detector.baseline.TenantProfile> pojo = TypeInformation.of(
                        io.watchword.detector.baseline.TenantProfile.class)
                .createSerializer(new SerializerConfigImpl());
        assertThat(TenantProfileSerializer.INSTANCE
                        .snapshotConfiguration()
                        .resolveSchemaCompatibility(pojo.snapshotConfiguration())
                        .isCompatibleAfterMigration())
                .isTrue();
    }

    private static void assertRoundTrip(KeyProfile p) throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(256);
        KeyProfileSerializer.INSTANCE.serialize(p, out);
        KeyProfile back = KeyProfileSerializer.INSTANCE.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
        assertSame(p, back, "deserialized");
        assertSame(p, KeyProfileSerializer.INSTANCE.copy(p), "copy");
    }

    private static void assertSame(Object a, Object b, String what) throws Exception {
        for (Field f : a.getClass().getFields()) {
            if (Modifier.isStatic(f.getModifiers())) {
                continue;
            }
            Object x = f.get(a);
            Object y = f.get(b);
            if (x != null
                    && x.getClass().isArray()
                    && !x.getClass().getComponentType().isPrimitive()
                    && x.getClass().getComponentType() != String.class) {
                assertThat(Array.getLength(y)).as(what + " " + f.getName()).isEqualTo(Array.getLength(x));
                for (int i = 0; i < Array.getLength(x); i++) {
                    Object xi = Array.get(x, i);
                    Object yi = Array.get(y, i);
                    assertThat(yi == null)
                            .as(what + " " + f.getName() + "[" + i + "]")
                            .isEqualTo(xi == null);
                    if (xi != null) {
                        assertSame(xi, yi, what + " " + f.getName() + "[" + i + "]");
                    }
                }
            } else if (x instanceof float[] fx) {
                // By bits: -0.0f and 0.0f differ.
                float[] fy = (float[]) y;
                assertThat(fy.length).isEqualTo(fx.length);
                for (int i = 0; i < fx.length; i++) {
                    assertThat(Float.floatToRawIntBits(fy[i]))
                            .as(what + " " + f.getName() + "[" + i + "]")
                            .isEqualTo(Float.floatToRawIntBits(fx[i]));
                }
            } else {
                assertThat(y).as(what + " " + f.getName()).isEqualTo(x);
            }
        }
    }

    /** Every field non-default (arrays: every element), distinct per field. */
    private static void fill(Object o, int seed) throws Exception {
        int i = seed;
        for (Field f : o.getClass().getFields()) {
            if (Modifier.isStatic(f.getModifiers())) {
                continue;
            }
            Class<?> t = f.getType();
            i++;
            if (t == String.class) {
                f.set(o, f.getName() + (i % 2 == 0 ? "-é" : "-Ω☃"));
            } else if (t == long.class) {
                f.setLong(o, Long.MAX_VALUE - i);
            } else if (t == int.class) {
                f.setInt(o, -i);
            } else if (t == double.class) {
                f.setDouble(o, i + 0.25);
            } else if (t == float.class) {
                f.setFloat(o, i + 0.5f);
            } else if (t == short.class) {
                f.setShort(o, (short) -i);
            } else if (t == byte.class) {
                f.setByte(o, (byte) i);
            } else if (t == boolean.class) {
                f.setBoolean(o, true);
            } else if (t.isArray() && (t.getComponentType().isPrimitive() || t.getComponentType() == String.class)) {
                Object a = f.get(o);
                int n = a == null ? 5 : Array.getLength(a);
                Object filled = Array.newInstance(t.getComponentType(), n);
                for (int j = 0; j < n; j++) {
                    Class<?> c = t.getComponentType();
                    if (c == long.class) {
                        Array.setLong(filled, j, i * 1000L + j + 1);
                    } else if (c == float.class) {
                        Array.setFloat(filled, j, i + j + 0.5f);
                    } else if (c == short.class) {
                        Array.setShort(filled, j, (short) (i + j + 1));
                    } else if (c == byte.class) {
                        Array.setByte(filled, j, (byte) (i + j + 1));
                    } else if (c == int.class) {
                        Array.setInt(filled, j, i + j + 1);
                    } else if (c == String.class) {
                        Array.set(filled, j, f.getName() + j);
                    } else {
                        throw new AssertionError("KeyProfileSerializerTest does not know " + f);
                    }
                }
                f.set(o, filled);
            } else if (t.isArray()) {
                continue; // Finding[] and Sample[]: set by the test
            } else {
                throw new AssertionError("KeyProfileSerializerTest does not know the type of " + f);
            }
        }
    }
}
