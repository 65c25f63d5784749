package io.watchword.analytics.rest;

import io.watchword.core.credential.CredentialIds;
import io.watchword.core.credential.TenantIds;
import io.watchword.core.problem.FieldError;
import io.watchword.core.problem.ProblemException;
import io.watchword.kit.auth.AdminPrincipal;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;

/** Parsing of the query parameters every usage endpoint shares; errors never repeat the value sent. */
final class QueryParams {

    private QueryParams() {}

    /** A range of time at one granularity ({@code m}, {@code h} or {@code d}). */
    record Range(Instant from, Instant to, char granularity) {}

    static Range range(String from, String to, String granularity, String defaultGranularity, Instant now) {
        char g = granularity(granularity == null ? defaultGranularity : granularity);
        Instant end = to == null ? now : instant("to", to);
        Instant start = from == null ? end.minus(Duration.ofDays(1)) : instant("from", from);
        if (!start.isBefore(end)) {
            throw ProblemException.invalid(
                    "'from' must be before 'to'", List.of(new FieldError("from", "must be before 'to'")));
        }
        Duration longest =
                switch (g) {
                    case 'm' -> Duration.ofDays(2);
                    case 'h' -> Duration.ofDays(92);
                    default -> Duration.ofDays(400);
                };
        if (Duration.between(start, end).compareTo(longest) > 0) {
            throw ProblemException.invalid(
                    "the range is too long for this granularity",
                    List.of(new FieldError(
                            "to", "at most " + longest.toDays() + " days after 'from' at this granularity")));
        }
        return new Range(start, end, g);
    }

    static char granularity(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "minute" -> 'm';
            case "hour" -> 'h';
            case "day" -> 'd';
            default ->
                throw ProblemException.invalid(
                        "unknown granularity",
                        List.of(new FieldError("granularity", "must be one of minute, hour, day")));
        };
    }

    static Instant instant(String field, String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw ProblemException.invalid(
                    "'" + field + "' is not a time",
                    List.of(new FieldError(field, "must be an RFC 3339 time in UTC, e.g. 2026-12-01T00:00:00Z")));
        }
    }

    /** An ISO-8601 duration of whole days ({@code P30D}) between {@code min} and {@code max} days. */
    static int days(String field, String text, int min, int max) {
        int days;
        try {
            Period period = Period.parse(text);
            if (period.getYears() != 0 || period.getMonths() != 0) {
                throw new DateTimeParseException("days only", text, 0);
            }
            days = period.getDays();
        } catch (DateTimeParseException e) {
            throw ProblemException.invalid(
                    "'" + field + "' is not a number of days",
                    List.of(new FieldError(field, "must be an ISO-8601 period of days, e.g. P30D")));
        }
        if (days < min || days > max) {
            throw ProblemException.invalid(
                    "'" + field + "' is out of range",
                    List.of(new FieldError(field, "must be between P" + min + "D and P" + max + "D")));
        }
        return days;
    }

    static int limit(Integer limit, int defaultLimit, int max) {
        if (limit == null) {
            return defaultLimit;
        }
        if (limit < 1 || limit > max) {
            throw ProblemException.invalid(
                    "'limit' is out of range", List.of(new FieldError("limit", "must be between 1 and " + max)));
        }
        return limit;
    }

    /** A key id, else 404: a malformed id can name no key of the caller's tenant. */
    static String keyId(String id) {
        if (!CredentialIds.isCredentialId(id)) {
            throw ProblemException.notFound("no such key in your tenant");
        }
        return id;
    }

    /**
     * The tenant the caller acts on: its own; a platform admin names one with {@code tenant}.
     */
    static String tenant(AdminPrincipal caller, String tenant) {
        if (tenant == null || tenant.equals(caller.tenantId())) {
            return caller.tenantId();
        }
        if (!TenantIds.isTenantId(tenant)) {
            throw ProblemException.invalid(
                    "'tenant' is not a tenant id", List.of(new FieldError("tenant", "is not a tenant id")));
        }
        if (!caller.mayAccessTenant(tenant)) {
            // The same answer as for a tenant that does not exist: nothing learnt about others.
            throw ProblemException.notFound("no such tenant");
        }
        return tenant;
    }
}
