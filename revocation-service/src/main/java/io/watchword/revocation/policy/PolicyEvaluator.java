package io.watchword.revocation.policy;

import io.watchword.events.v1.ResponseAction;
import io.watchword.events.v1.Severity;

/** Applies a response policy to an alert. Pure: no I/O, so it is unit-tested exhaustively. */
public final class PolicyEvaluator {

    public static final String DEFAULT_RULE = "default";
    public static final String ALLOWLIST_RULE = "allowlist";

    private PolicyEvaluator() {}

    public static PolicyDecision decide(
            ResponsePolicy policy, String credentialId, Severity severity, String detector) {
        ResponsePolicy p = policy.normalized();
        ResponseAction action = p.defaultAction();
        String rule = DEFAULT_RULE;
        String reason = "no rule matched " + severity + " from '" + detector + "'; default action";
        ThrottleSpec throttle = null;
        for (PolicyRule candidate : p.rules()) {
            if (candidate.matches(severity, detector)) {
                action = candidate.action();
                throttle = candidate.throttle();
                rule = candidate.name();
                reason = "rule '" + candidate.name() + "' matched " + severity + " from '" + detector + "'";
                break;
            }
        }
        // An allowlisted key is trusted not to be slowed down automatically either (decision 0212).
        boolean acts = action == ResponseAction.SUSPEND
                || action == ResponseAction.REVOKE
                || action == ResponseAction.THROTTLE;
        if (acts && p.allowlist().contains(credentialId)) {
            return new PolicyDecision(
                    ResponseAction.NOTIFY,
                    ALLOWLIST_RULE,
                    "credential is allowlisted: " + action + " by " + rule + " downgraded to NOTIFY");
        }
        return new PolicyDecision(action, rule, reason, action == ResponseAction.THROTTLE ? throttle : null);
    }
}
