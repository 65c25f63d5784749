package io.watchword.issuer.limit;

import com.fasterxml.jackson.databind.JsonNode;
import io.watchword.core.problem.FieldError;
import io.watchword.core.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Reads and checks the {@code limits} and {@code throttle} objects of the key API against the
 * configured maximums, every wrong field named in one RFC 9457 answer (never echoing the value).
 *
 * <pre>{@code
 * "limits":   {"rateLimit": 100, "per": "minute", "burst": 20, "quotaPerDay": 10000, "quotaPerMonth": 200000}
 * "throttle": {"rateLimit": 5, "ttl": "PT1H", "reason": "investigating"} or {…, "alertId": "<uuid>"}
 * }</pre>
 */
@ApplicationScoped
public class KeyLimitPolicy {

    private static final Set<String> LIMIT_FIELDS = Set.of("rateLimit", "per", "burst", "quotaPerDay", "quotaPerMonth");
    private static final Set<String> THROTTLE_FIELDS = Set.of("rateLimit", "ttl", "until", "reason", "alertId");

    private final KeyLimitsConfig config;

    public KeyLimitPolicy(KeyLimitsConfig config) {
        this.config = config;
    }

    /** The limits of a new key: what it names, else the configured defaults. */
    public KeyLimits forNewKey(JsonNode limits) {
        KeyLimits named = limits == null || limits.isNull() ? KeyLimits.NONE : parse(limits);
        Integer rate = named.rateLimit();
        Integer window = named.windowSeconds();
        Integer burst = named.burst();
        if (rate == null && config.defaultRatePerMinute().isPresent()) {
            rate = config.defaultRatePerMinute().getAsInt();
            window = 60;
            burst = null;
        }
        Long day = named.quotaPerDay() != null
                ? named.quotaPerDay()
                : config.defaultQuotaPerDay().isPresent()
                        ? config.defaultQuotaPerDay().getAsLong()
                        : null;
        Long month = named.quotaPerMonth() != null
                ? named.quotaPerMonth()
                : config.defaultQuotaPerMonth().isPresent()
                        ? config.defaultQuotaPerMonth().getAsLong()
                        : null;
        return new KeyLimits(rate, window, burst, day, month, null, null, null);
    }

    /** A {@code limits} object (replacing the key's limits whole); {@code null} JSON removes them. */
    public KeyLimits parse(JsonNode node) {
        if (node == null || node.isNull()) {
            return KeyLimits.NONE;
        }
        List<FieldError> errors = new ArrayList<>();
        if (!node.isObject()) {
            throw ProblemException.invalid(
                    "'limits' must be an object", List.of(new FieldError("limits", "must be an object")));
        }
        unknown(node, LIMIT_FIELDS, "limits", errors);
        Long rate = number(node, "rateLimit", "limits.rateLimit", 1, Integer.MAX_VALUE, errors);
        Integer window = null;
        JsonNode per = node.get("per");
        if (per != null && !per.isNull()) {
            if (per.isTextual() && per.asText().equals("second")) {
                window = 1;
            } else if (per.isTextual() && per.asText().equals("minute")) {
                window = 60;
            } else {
                errors.add(new FieldError("limits.per", "must be 'second' or 'minute'"));
            }
        }
        Long burst = number(node, "burst", "limits.burst", 1, config.maxBurst(), errors);
        Long day = number(node, "quotaPerDay", "limits.quotaPerDay", 1, config.maxQuotaPerDay(), errors);
        Long month = number(node, "quotaPerMonth", "limits.quotaPerMonth", 1, config.maxQuotaPerMonth(), errors);
        if (rate != null && window == null && per == null) {
            window = 60;
        }
        if (rate == null && (window != null || burst != null)) {
            errors.add(new FieldError("limits.rateLimit", "is required with 'per' or 'burst'"));
        }
        if (rate != null && window != null && rate / (double) window > config.maxRatePerSecond()) {
            errors.add(new FieldError(
                    "limits.rateLimit",
                    "exceeds the maximum of " + config.maxRatePerSecond() + " requests per second"));
        }
        if (day != null && month != null && day > month) {
            errors.add(new FieldError("limits.quotaPerDay", "must not exceed quotaPerMonth"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid("the key's limits are invalid", errors);
        }
        return new KeyLimits(
                rate == null ? null : rate.intValue(),
                window,
                burst == null ? null : burst.intValue(),
                day,
                month,
                null,
                null,
                null);
    }

    /** A {@code throttle} object: a reduced rate limit until {@code until} (or for {@code ttl}). */
    public KeyLimits throttle(KeyLimits current, JsonNode node, Instant now) {
        if (node == null || node.isNull()) {
            return current.withoutThrottle();
        }
        List<FieldError> errors = new ArrayList<>();
        if (!node.isObject()) {
            throw ProblemException.invalid(
                    "'throttle' must be an object or null",
                    List.of(new FieldError("throttle", "must be an object or null")));
        }
        unknown(node, THROTTLE_FIELDS, "throttle", errors);
        Long rate = number(node, "rateLimit", "throttle.rateLimit", 1, Integer.MAX_VALUE, errors);
        if (rate == null && !node.has("rateLimit")) {
            errors.add(new FieldError("throttle.rateLimit", "is required"));
        }
        Instant until = null;
        JsonNode ttl = node.get("ttl");
        JsonNode at = node.get("until");
        if ((ttl == null) == (at == null)) {
            errors.add(new FieldError("throttle.ttl", "give exactly one of 'ttl' (ISO-8601 duration) or 'until'"));
        } else if (ttl != null) {
            try {
                Duration d = ttl.isTextual() ? Duration.parse(ttl.asText()) : null;
                if (d == null || d.isNegative() || d.isZero() || d.compareTo(config.maxThrottle()) > 0) {
                    errors.add(new FieldError(
                            "throttle.ttl", "must be a positive ISO-8601 duration up to " + config.maxThrottle()));
                } else {
                    until = now.plus(d);
                }
            } catch (DateTimeParseException e) {
                errors.add(new FieldError("throttle.ttl", "must be an ISO-8601 duration such as PT1H"));
            }
        } else {
            try {
                Instant u = at.isTextual() ? Instant.parse(at.asText()) : null;
                if (u == null || !u.isAfter(now) || u.isAfter(now.plus(config.maxThrottle()))) {
                    errors.add(
                            new FieldError("throttle.until", "must be an instant in the next " + config.maxThrottle()));
                } else {
                    until = u;
                }
            } catch (DateTimeParseException e) {
                errors.add(new FieldError("throttle.until", "must be an ISO-8601 instant"));
            }
        }
        JsonNode reason = node.get("reason");
        String why = "admin";
        if (reason != null && !reason.isNull()) {
            if (!reason.isTextual()
                    || reason.asText().isBlank()
                    || reason.asText().length() > 200
                    || reason.asText().chars().anyMatch(Character::isISOControl)) {
                errors.add(new FieldError("throttle.reason", "must be 1–200 printable characters"));
            } else {
                why = "admin:" + reason.asText();
            }
        }
        // A response policy's throttle names the alert that caused it (reason alert:<id>, 0176), so
        // a false positive can be traced to it; only a UUID is taken, never free text.
        JsonNode alert = node.get("alertId");
        if (alert != null && !alert.isNull()) {
            if (reason != null && !reason.isNull()) {
                errors.add(new FieldError("throttle.alertId", "give 'reason' or 'alertId', not both"));
            } else {
                try {
                    why = "alert:" + java.util.UUID.fromString(alert.isTextual() ? alert.asText() : "-");
                } catch (IllegalArgumentException e) {
                    errors.add(new FieldError("throttle.alertId", "must be a UUID"));
                }
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid("the throttle is invalid", errors);
        }
        return current.withThrottle(rate.intValue(), until, why);
    }

    private static void unknown(JsonNode node, Set<String> allowed, String prefix, List<FieldError> errors) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!allowed.contains(field)) {
                // The name only if it is a plain identifier: never echo arbitrary input (0110).
                errors.add(new FieldError(
                        field.matches("[A-Za-z]{1,40}") ? prefix + "." + field : prefix, "unknown field"));
            }
        }
    }

    private static Long number(JsonNode node, String field, String path, long min, long max, List<FieldError> errors) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            errors.add(new FieldError(path, "must be a whole number"));
            return null;
        }
        long n = value.asLong();
        if (n < min || n > max) {
            errors.add(new FieldError(path, "must be between " + min + " and " + max));
            return null;
        }
        return n;
    }
}
