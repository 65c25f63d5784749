package io.watchword.events.v1;

import java.util.Map;

/**
 * One detector that fired in an alert: what it saw against what the key's baseline (or its
 * tenant's prior) led it to expect, and its score (0 = normal; 1 = the detector's alert threshold).
 */
public record DetectorFinding(
        String detector,
        double score,
        String description,
        String observed,
        String expected,
        Map<String, String> evidence) {

    public DetectorFinding {
        evidence = evidence == null ? Map.of() : Map.copyOf(evidence);
    }
}
