package io.watchword.revocation.policy;

import io.watchword.events.v1.ResponseAction;

/**
 * What a policy says about one alert, which rule said it, and why, in words; for {@code THROTTLE}
 * the rule's throttle (null: the service's defaults).
 */
public record PolicyDecision(ResponseAction action, String rule, String reason, ThrottleSpec throttle) {

    public PolicyDecision(ResponseAction action, String rule, String reason) {
        this(action, rule, reason, null);
    }
}
