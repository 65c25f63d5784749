package io.watchword.detector.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/** Usage's own serializer: Flink picks it, and every field survives a round trip (a new field too). */
class UsageSerializerTest {

    @Test
    void flinkUsesTheUsageSerializerNotThePojoOrKryoOne() {
        assertThat(TypeInformation.of(Usage.class)).isInstanceOf(UsageSerializer.Info.class);
    }

    @Test
    void everyFieldSurvivesARoundTripWithNullsAndTextBeyondLatin1() throws Exception {
        Usage full = new Usage();
        int i = 1;
        for (Field f : Usage.class.getFields()) {
            Class<?> t = f.getType();
            if (t == String.class) {
                f.set(full, f.getName() + (i % 2 == 0 ? "-é" : "-Ω☃"));
            } else if (t == long.class) {
                f.setLong(full, Long.MAX_VALUE - i);
            } else if (t == int.class) {
                f.setInt(full, -i);
            } else if (t == double.class) {
                f.setDouble(full, i + 0.25);
            } else if (t == boolean.class) {
                f.setBoolean(full, true);
            } else {
                throw new AssertionError("UsageSerializerTest does not know the type of " + f);
            }
            i++;
        }
        assertRoundTrip(full);
        assertRoundTrip(new Usage()); // null strings, zeros, false
    }

    @Test
    void aCredentialIdEqualToTheKeyIsWrittenOnceAndReadBack() throws Exception {
        Usage u = new Usage();
        u.key = "key_é1";
        u.credentialId = "key_é1";
        assertRoundTrip(u);
        DataOutputSerializer out = new DataOutputSerializer(64);
        UsageSerializer.INSTANCE.serialize(u, out);
        u.credentialId = "key_é2"; // differs from the key: written in full
        DataOutputSerializer full = new DataOutputSerializer(64);
        UsageSerializer.INSTANCE.serialize(u, full);
        assertThat(out.length()).isEqualTo(full.length() - "key_é2".length());
        assertRoundTrip(u);
    }

    private static void assertRoundTrip(Usage u) throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(64);
        UsageSerializer.INSTANCE.serialize(u, out);
        Usage back = UsageSerializer.INSTANCE.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
        for (Field f : Usage.class.getFields()) {
            assertThat(f.get(back)).as(f.getName()).isEqualTo(f.get(u));
            assertThat(f.get(UsageSerializer.INSTANCE.copy(u)))
                    .as("copy of " + f.getName())
                    .isEqualTo(f.get(u));
        }
    }
}
