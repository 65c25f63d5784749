package io.watchword.kit.problem;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.watchword.core.problem.FieldError;
import io.watchword.core.problem.ProblemException;
import io.watchword.core.problem.ProblemType;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Turns a Jackson error into a problem of our own words. Jackson's messages quote the offending
 * token ({@code Unrecognized token 'ww_live_…'}), so none of its text is ever passed on: the
 * answer names only the field path, line and column.
 */
public final class JsonErrors {

    private JsonErrors() {}

    public static ProblemException toProblem(JsonProcessingException e) {
        UnrecognizedPropertyException unknown = causeOf(e, UnrecognizedPropertyException.class);
        if (unknown != null) {
            String field = path(unknown);
            String known = unknown.getKnownPropertyIds() == null
                    ? ""
                    : unknown.getKnownPropertyIds().stream()
                            .map(String::valueOf)
                            .sorted()
                            .collect(Collectors.joining(", "));
            return ProblemException.invalid(
                    "The body has a field this endpoint does not know"
                            + (known.isEmpty() ? "." : "; known fields: " + known + "."),
                    List.of(new FieldError(field, "unknown field")));
        }
        String original = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        if (original.startsWith("Unrecognized field \"")) {
            // Records report an unknown field wrapped, without a property id: only the message has the name.
            int end = original.indexOf('"', 20);
            String field = SafeText.name(end > 20 ? original.substring(20, end) : null);
            return ProblemException.invalid(
                    "The body has a field this endpoint does not know: '" + field + "'.",
                    List.of(new FieldError(field, "unknown field")));
        }
        MismatchedInputException mismatched = causeOf(e, MismatchedInputException.class);
        if (mismatched != null) {
            if (original.startsWith("No content to map") || mismatched.getPath().isEmpty() && isEndOfInput(original)) {
                return malformed("The body is empty; send a JSON object.", e);
            }
            String field = path(mismatched);
            Class<?> target = mismatched.getTargetType();
            String expected = target == null ? "another type" : describe(target);
            String reason = mismatched instanceof InvalidFormatException
                    ? "invalid value; expected " + expected
                    : "wrong type; expected " + expected;
            if (mismatched.getPath().isEmpty()) {
                return malformed("The body must be " + article(expected) + ".", e);
            }
            return ProblemException.invalid(
                    "Field '" + field + "' is invalid; see errors.", List.of(new FieldError(field, reason)));
        }
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String field = path(mapping);
            return ProblemException.invalid(
                    "Field '" + field + "' could not be read; see errors.",
                    List.of(new FieldError(field, "invalid value")));
        }
        if (original.startsWith("Duplicate field")) {
            return malformed("The body repeats a field" + where(e) + "; each field may appear once.", e);
        }
        if (e instanceof StreamReadException || original.contains("Unexpected")) {
            return malformed("The body is not valid JSON" + where(e) + ".", e);
        }
        return malformed("The body could not be read as JSON" + where(e) + ".", e);
    }

    private static ProblemException malformed(String detail, JsonProcessingException e) {
        return new ProblemException(ProblemType.MALFORMED_JSON, detail, List.of(), Map.of());
    }

    private static boolean isEndOfInput(String message) {
        return message.contains("end-of-input");
    }

    private static String where(JsonProcessingException e) {
        JsonLocation l = e.getLocation();
        if (l == null || l.getLineNr() < 0) {
            return "";
        }
        return " (line " + l.getLineNr() + ", column " + l.getColumnNr() + ")";
    }

    private static String describe(Class<?> target) {
        if (target.isEnum()) {
            return "one of " + java.util.Arrays.toString(target.getEnumConstants());
        }
        if (target == String.class || CharSequence.class.isAssignableFrom(target)) {
            return "a string";
        }
        if (Number.class.isAssignableFrom(target) || target.isPrimitive() && target != boolean.class) {
            return "a number";
        }
        if (target == Boolean.class || target == boolean.class) {
            return "true or false";
        }
        if (java.util.Collection.class.isAssignableFrom(target) || target.isArray()) {
            return "an array";
        }
        if (target.getName().startsWith("java.time.")) {
            return "an ISO-8601 " + target.getSimpleName();
        }
        return "a JSON object";
    }

    private static String article(String expected) {
        return expected.startsWith("a ") || expected.startsWith("an ") || expected.startsWith("one ")
                ? expected
                : "a " + expected;
    }

    static String path(JsonMappingException e) {
        if (e.getPath().isEmpty()) {
            return "body";
        }
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (out.length() > 0) {
                    out.append('.');
                }
                out.append(SafeText.name(ref.getFieldName()));
            } else if (ref.getIndex() >= 0) {
                out.append('[').append(ref.getIndex()).append(']');
            }
        }
        return out.length() == 0 ? "body" : out.toString();
    }

    private static <T extends Throwable> T causeOf(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
