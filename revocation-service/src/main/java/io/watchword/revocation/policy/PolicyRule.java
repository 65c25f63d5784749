package io.watchword.revocation.policy;

import io.watchword.events.v1.ResponseAction;
import io.watchword.events.v1.Severity;
import java.util.List;

/**
 * One rule of a response policy: alerts of at least {@code minSeverity} from one of
 * {@code detectors} (any detector when empty) lead to {@code action}.
 */
public record PolicyRule(String name, Severity minSeverity, List<String> detectors, ResponseAction action) {

    public PolicyRule {
        detectors = detectors == null ? List.of() : List.copyOf(detectors);
    }

    boolean matches(Severity severity, String detector) {
        return (minSeverity == null || severity.compareTo(minSeverity) >= 0)
                && (detectors.isEmpty() || detectors.contains(detector));
    }
}
