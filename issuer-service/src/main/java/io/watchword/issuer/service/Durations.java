package io.watchword.issuer.service;

import io.watchword.core.problem.FieldError;
import io.watchword.core.problem.ProblemException;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.List;

/** Parses ISO-8601 durations and instants from requests with errors a person can act on. */
final class Durations {

    private Durations() {}

    static Duration parseDuration(String field, String text) {
        try {
            return Duration.parse(text);
        } catch (DateTimeParseException e) {
            try {
                Period p = Period.parse(text);
                if (p.getYears() != 0 || p.getMonths() != 0) {
                    throw invalid(field, text, "use days rather than months or years, e.g. P30D");
                }
                return Duration.ofDays(p.getDays());
            } catch (DateTimeParseException e2) {
                throw invalid(field, text, "not an ISO-8601 duration; examples: PT24H, P30D");
            }
        }
    }

    static Instant parseInstant(String field, String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw invalid(field, text, "not an ISO-8601 instant; example: 2027-01-31T00:00:00Z");
        }
    }

    static ProblemException invalid(String field, String value, String reason) {
        return ProblemException.invalid(
                "'" + field + "' is invalid: " + reason, List.of(new FieldError(field, reason)));
    }
}
