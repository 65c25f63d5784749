package io.watchword.events;

import java.util.Map;

/**
 * A topic of the suite with the settings it is created with.
 *
 * @param name versioned topic name, e.g. {@code watchword.revocations.v1}
 * @param key what the record key holds; records with one key stay in order on one partition
 * @param partitions partition count on a fresh cluster
 * @param configs topic-level settings (cleanup policy, retention, ...) as Kafka names them
 */
public record TopicSpec(String name, String key, int partitions, Map<String, String> configs) {

    public TopicSpec {
        configs = Map.copyOf(configs);
    }

    public boolean compacted() {
        return configs.getOrDefault("cleanup.policy", "delete").contains("compact");
    }
}
