package io.watchword.issuer.rest.problem;

import java.util.List;

/**
 * A refusal rendered as RFC 9457 {@code application/problem+json}. Thrown before anything
 * changes (or inside a transaction that it rolls back).
 */
public class ProblemException extends RuntimeException {

    public static final String TYPE_BASE = "https://watchword.io/problems/";

    private final int status;
    private final String type;
    private final String title;
    private final List<FieldError> errors;

    public ProblemException(int status, String slug, String title, String detail) {
        this(status, slug, title, detail, List.of());
    }

    public ProblemException(int status, String slug, String title, String detail, List<FieldError> errors) {
        super(detail, null, false, false);
        this.status = status;
        this.type = TYPE_BASE + slug;
        this.title = title;
        this.errors = List.copyOf(errors);
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String title() {
        return title;
    }

    public String detail() {
        return getMessage();
    }

    public List<FieldError> errors() {
        return errors;
    }

    /** One invalid field or value and why. */
    public record FieldError(String field, String value, String reason) {}

    public static ProblemException badRequest(String detail) {
        return new ProblemException(400, "invalid-request", "Invalid request", detail);
    }

    public static ProblemException invalid(String detail, List<FieldError> errors) {
        return new ProblemException(400, "invalid-request", "Invalid request", detail, errors);
    }

    public static ProblemException unauthorized(String detail) {
        return new ProblemException(401, "unauthorized", "Authentication required", detail);
    }

    public static ProblemException forbidden(String detail) {
        return new ProblemException(403, "insufficient-scope", "Insufficient scope", detail);
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(404, "not-found", "Not found", detail);
    }

    public static ProblemException conflict(String slug, String title, String detail) {
        return new ProblemException(409, slug, title, detail);
    }
}
