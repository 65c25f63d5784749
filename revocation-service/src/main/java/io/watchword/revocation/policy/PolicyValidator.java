package io.watchword.revocation.policy;

import io.watchword.core.credential.CredentialIds;
import io.watchword.core.problem.FieldError;
import io.watchword.events.v1.ResponseAction;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Lists everything wrong with a submitted policy at once, so it can be fixed in one go. */
public final class PolicyValidator {

    static final int MAX_RULES = 100;
    static final int MAX_ALLOWLIST = 1000;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

    private PolicyValidator() {}

    public static List<FieldError> validate(ResponsePolicy policy) {
        List<FieldError> errors = new ArrayList<>();
        if (policy == null) {
            errors.add(new FieldError("", "a policy document is required"));
            return errors;
        }
        if (policy.rules().size() > MAX_RULES) {
            errors.add(new FieldError("rules", "at most " + MAX_RULES + " rules"));
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < policy.rules().size(); i++) {
            PolicyRule rule = policy.rules().get(i);
            String at = "rules[" + i + "]";
            if (rule == null) {
                errors.add(new FieldError(at, "a rule cannot be null"));
                continue;
            }
            if (rule.name() == null || !NAME.matcher(rule.name()).matches()) {
                errors.add(new FieldError(at + ".name", "required: 1-64 of letters, digits, '_', '.', '-'"));
            } else if (!names.add(rule.name())) {
                errors.add(new FieldError(at + ".name", "duplicate rule name"));
            } else if (rule.name().equals(PolicyEvaluator.DEFAULT_RULE)
                    || rule.name().equals(PolicyEvaluator.ALLOWLIST_RULE)) {
                errors.add(new FieldError(at + ".name", "this name is reserved"));
            }
            if (rule.action() == null) {
                errors.add(new FieldError(at + ".action", "required: one of NONE, NOTIFY, SUSPEND, REVOKE"));
            } else if (rule.action() == ResponseAction.THROTTLE) {
                // Refused rather than silently treated as NOTIFY until this service applies it (0176).
                errors.add(
                        new FieldError(
                                at + ".action",
                                "THROTTLE is not applied by response policies yet; throttle a key with the issuer's PATCH /v1/keys/{id}"));
            }
            for (int d = 0; d < rule.detectors().size(); d++) {
                String detector = rule.detectors().get(d);
                if (detector == null || detector.isBlank() || detector.length() > 64) {
                    errors.add(new FieldError(at + ".detectors[" + d + "]", "a detector name of 1-64 characters"));
                }
            }
        }
        if (policy.allowlist().size() > MAX_ALLOWLIST) {
            errors.add(new FieldError("allowlist", "at most " + MAX_ALLOWLIST + " credential ids"));
        }
        for (int i = 0; i < policy.allowlist().size(); i++) {
            String id = policy.allowlist().get(i);
            if (!CredentialIds.isCredentialId(id)) {
                errors.add(
                        new FieldError("allowlist[" + i + "]", "not a credential id (key_ followed by 22 characters)"));
            }
        }
        return errors;
    }
}
