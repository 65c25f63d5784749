package io.watchword.detector.bench;

import io.watchword.detector.io.UsageJson;
import io.watchword.detector.model.Usage;
import io.watchword.detector.model.UsageSerializer;
import io.watchword.events.EventSerde;
import io.watchword.events.v1.ApiUsageRecorded;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.api.java.typeutils.TypeExtractor;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/**
 * CPU per event of the usage hot path, old way against new, on one thread (thread CPU time, so it
 * holds on a loaded machine): parsing (the serde into the record, then Usage.of, against
 * UsageJson) and the shuffle serializer (Flink's POJO serializer against UsageSerializer).
 *
 * <pre>
 * mvn -o -pl anomaly-detector test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
 * cd anomaly-detector && java -cp target/test-classes:target/classes:$(cat target/cp.txt) \
 *     io.watchword.detector.bench.HotPathBenchmark target/bench/usage-1000000-100000.jsonl.gz 200000
 * </pre>
 */
public final class HotPathBenchmark {
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    public static void main(String[] args) throws Exception {
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
        List<byte[]> lines = new ArrayList<>(n);
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(Path.of(args[0]))), StandardCharsets.UTF_8))) {
            String line;
            while (lines.size() < n && (line = r.readLine()) != null) {
                lines.add(line.getBytes(StandardCharsets.UTF_8));
            }
        }
        TypeSerializer<Usage> pojo = pojoInfo().createSerializer(new ExecutionConfig().getSerializerConfig());
        List<Usage> usages = new ArrayList<>(lines.size());
        for (byte[] l : lines) {
            usages.add(UsageJson.parse(l, 0, l.length));
        }
        for (int round = 0; round < 3; round++) {
            long t0 = cpu();
            long sink = 0;
            for (byte[] l : lines) {
                sink += Usage.of(EventSerde.deserialize(l, ApiUsageRecorded.class)).ts;
            }
            long t1 = cpu();
            for (byte[] l : lines) {
                sink += UsageJson.parse(l, 0, l.length).ts;
            }
            long t2 = cpu();
            sink += roundTrip(pojo, usages);
            long t3 = cpu();
            sink += roundTrip(UsageSerializer.INSTANCE, usages);
            long t4 = cpu();
            System.out.printf(
                    "round %d, %d events, CPU ns/event: parse serde %.0f, parse UsageJson %.0f; serializer POJO %.0f,"
                            + " UsageSerializer %.0f (%d)%n",
                    round,
                    lines.size(),
                    (t1 - t0) / (double) lines.size(),
                    (t2 - t1) / (double) lines.size(),
                    (t3 - t2) / (double) lines.size(),
                    (t4 - t3) / (double) lines.size(),
                    sink % 7);
        }
    }

    /** Flink's POJO type information for Usage, as it would be without its @TypeInfo. */
    private static PojoTypeInfo<Usage> pojoInfo() throws Exception {
        List<org.apache.flink.api.java.typeutils.PojoField> fields = new ArrayList<>();
        for (java.lang.reflect.Field f : Usage.class.getFields()) {
            fields.add(new org.apache.flink.api.java.typeutils.PojoField(f, TypeExtractor.createTypeInfo(f.getType())));
        }
        return new PojoTypeInfo<>(Usage.class, fields);
    }

    private static long roundTrip(TypeSerializer<Usage> s, List<Usage> usages) throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(1024);
        DataInputDeserializer in = new DataInputDeserializer();
        long sink = 0;
        for (Usage u : usages) {
            out.clear();
            s.serialize(u, out);
            in.setBuffer(out.getSharedBuffer(), 0, out.length());
            sink += s.deserialize(in).ts;
        }
        return sink;
    }

    private static long cpu() {
        return CPU.getCurrentThreadCpuTime();
    }
}
