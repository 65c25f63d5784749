package io.watchword.revocation.policy;

import io.watchword.core.credential.CredentialIds;
import io.watchword.core.problem.FieldError;
import io.watchword.events.v1.ResponseAction;
import java.time.Duration;
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

    /**
     * The bounds of a rule's throttle: the issuer's own bounds on {@code PATCH /v1/keys/{id}}
     * (rate 1..2^31-1, a throttle of at most its {@code max-throttle}, 7 days by default), so a
     * policy the service accepts is one the issuer will apply.
     */
    static final long MAX_THROTTLE_RATE = Integer.MAX_VALUE;

    static final Duration MAX_THROTTLE_TTL = Duration.ofDays(7);

    private static void validateThrottle(ThrottleSpec throttle, String at, List<FieldError> errors) {
        if (throttle.rateLimit() != null && (throttle.rateLimit() < 1 || throttle.rateLimit() > MAX_THROTTLE_RATE)) {
            errors.add(new FieldError(at + ".rateLimit", "a whole number of requests from 1 to " + MAX_THROTTLE_RATE));
        }
        if (throttle.ttl() != null) {
            Duration ttl = parseTtl(throttle.ttl());
            if (ttl == null || ttl.isNegative() || ttl.isZero() || ttl.compareTo(MAX_THROTTLE_TTL) > 0) {
                errors.add(new FieldError(at + ".ttl", "an ISO-8601 duration from PT1S to P7D, e.g. PT1H"));
            }
        }
    }

    /** The duration, or null when it is not one (never an exception: the input is hostile). */
    public static Duration parseTtl(String text) {
        if (text == null || text.length() > 40) {
            return null;
        }
        try {
            return Duration.parse(text);
        } catch (java.time.format.DateTimeParseException | ArithmeticException e) {
            return null;
        }
    }

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
                errors.add(new FieldError(at + ".action", "required: one of NONE, NOTIFY, THROTTLE, SUSPEND, REVOKE"));
            }
            if (rule.throttle() != null) {
                if (rule.action() != null && rule.action() != ResponseAction.THROTTLE) {
                    errors.add(new FieldError(at + ".throttle", "only a THROTTLE rule has a throttle"));
                }
                validateThrottle(rule.throttle(), at + ".throttle", errors);
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
