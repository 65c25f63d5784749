package io.watchword.revocation.policy;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.watchword.events.v1.ResponseAction;
import io.watchword.events.v1.Severity;
import java.util.List;

/**
 * One rule of a response policy: alerts of at least {@code minSeverity} from one of
 * {@code detectors} (any detector when empty) lead to {@code action}; a {@code THROTTLE} rule may
 * say how far and how long ({@code throttle}, else the service's defaults).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PolicyRule(
        String name, Severity minSeverity, List<String> detectors, ResponseAction action, ThrottleSpec throttle) {

    @JsonCreator
    public PolicyRule {
        detectors = detectors == null ? List.of() : List.copyOf(detectors);
    }

    public PolicyRule(String name, Severity minSeverity, List<String> detectors, ResponseAction action) {
        this(name, minSeverity, detectors, action, null);
    }

    boolean matches(Severity severity, String detector) {
        return (minSeverity == null || severity.compareTo(minSeverity) >= 0)
                && (detectors.isEmpty() || detectors.contains(detector));
    }
}
