package io.watchword.revocation.policy;

import io.watchword.events.v1.ResponseAction;
import java.util.List;

/**
 * A tenant's response to alerts: ordered rules (first match wins), the action when none matches,
 * keys that are never suspended or revoked automatically, and a dry-run switch (decide and
 * publish the decision, but act on nothing).
 */
public record ResponsePolicy(
        Boolean dryRun, ResponseAction defaultAction, List<PolicyRule> rules, List<String> allowlist) {

    /** With no policy a tenant only gets notified: nothing is cut off by surprise (docs/decisions/0054). */
    public static final ResponsePolicy DEFAULT = new ResponsePolicy(false, ResponseAction.NOTIFY, List.of(), List.of());

    public ResponsePolicy {
        rules = rules == null ? List.of() : rules;
        allowlist = allowlist == null ? List.of() : allowlist;
    }

    public boolean isDryRun() {
        return Boolean.TRUE.equals(dryRun);
    }

    /** Fills omitted optional fields with their defaults (call after validation). */
    public ResponsePolicy normalized() {
        return new ResponsePolicy(
                isDryRun(),
                defaultAction == null ? ResponseAction.NOTIFY : defaultAction,
                List.copyOf(rules),
                List.copyOf(allowlist));
    }
}
