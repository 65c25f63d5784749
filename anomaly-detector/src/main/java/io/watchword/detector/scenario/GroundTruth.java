package io.watchword.detector.scenario;

import java.time.Instant;
import java.util.List;

/**
 * One line of {@code labels.jsonl}: what really happened to one credential id in the scenario.
 *
 * @param credentialId the key (a rotated lineage has one line per id)
 * @param behaviour the owner's benign archetype
 * @param kind benign, compromise or look-alike
 * @param type the {@link CompromiseType} or {@link LookAlikeType} name; absent when benign
 * @param firstMaliciousAt event time of the first malicious usage event (compromises only)
 * @param lastMaliciousAt event time of the last malicious usage event (compromises only)
 * @param changeAt when the look-alike change starts (look-alikes only)
 * @param activeFrom start of the window in which the key exists (key-days are counted from here)
 * @param activeUntil end of that window (the scenario's end, or the end of a rotated key's grace)
 * @param changes background benign changes that touched the key (nat-rotation, client-upgrade,
 *     rotated-out, rotated-in, incident), for breaking false alerts down by cause
 */
public record GroundTruth(
        String credentialId,
        String tenantId,
        Behaviour behaviour,
        LabelKind kind,
        String type,
        Instant firstMaliciousAt,
        Instant lastMaliciousAt,
        Instant changeAt,
        Instant activeFrom,
        Instant activeUntil,
        List<String> changes) {

    public GroundTruth {
        changes = changes == null ? List.of() : List.copyOf(changes);
    }
}
