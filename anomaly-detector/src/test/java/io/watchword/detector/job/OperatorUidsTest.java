package io.watchword.detector.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.watchword.detector.DetectorConfig;
import io.watchword.detector.DetectorMain;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.junit.jupiter.api.Test;

/**
 * A savepoint maps state to operators by uid: renaming or dropping a uid orphans that state on the
 * next restore (the job then refuses to start). This pins the live graph's uids and names; a change
 * here is a deliberate, documented break of savepoint compatibility (anomaly-detector README,
 * "Operations"; decisions 0125 and 0200).
 */
class OperatorUidsTest {

    /** Every stateful or source/sink operator of the live job, uid → name. */
    static final Map<String, String> LIVE = Map.of(
            "source-usage", "usage topic",
            "source-credentials", "credential-state and revocations topics",
            "source-control", "control topic",
            "split-usage", "parse usage (bad records → dead letters)",
            "split-credentials", "parse credential state and revocations (bad records → dead letters)",
            "split-control", "control rules (bad records → dead letters)",
            "tenant-prior", "tenant prior and control rules",
            "key-behaviour", "per-key baseline and detectors",
            "sink-alerts", "alert topic",
            "sink-dead-letters", "dead-letter topic");

    @Test
    void everyOperatorOfTheLiveJobHasItsStableUidAndAName() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        DetectorMain.buildLive(env, DetectorConfig.defaults());
        StreamGraph graph = env.getStreamGraph();

        Map<String, String> uids = new TreeMap<>();
        for (StreamNode node : graph.getStreamNodes()) {
            assertThat(node.getOperatorName())
                    .as("node %s has a name", node.getId())
                    .isNotBlank();
            assertThat(node.getTransformationUID())
                    .as("operator '%s' has a uid", node.getOperatorName())
                    .isNotBlank();
            uids.put(node.getTransformationUID(), node.getOperatorName());
        }
        // A sink's writer keeps its uid; Flink may add nodes of its own around it (e.g. a committer)
        // whose uids it derives from the sink's ("Sink Committer: sink-alerts").
        for (Map.Entry<String, String> expected : LIVE.entrySet()) {
            assertThat(uids).as("uid %s", expected.getKey()).containsKey(expected.getKey());
            assertThat(uids.get(expected.getKey())).contains(expected.getValue());
        }
        assertThat(uids.keySet())
                .allSatisfy(uid -> assertThat(LIVE.keySet().stream().anyMatch(uid::contains))
                        .as("uid %s belongs to a known operator", uid)
                        .isTrue());
    }
}
