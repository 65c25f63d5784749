package io.watchword.core.problem;

import java.util.List;
import java.util.Map;

/**
 * A refusal that ends the request as an RFC 9457 problem. Thrown before anything changes (or
 * inside a transaction it rolls back). No stack trace is captured: it is a normal answer, not a
 * failure, and it is never logged with one.
 */
public class ProblemException extends RuntimeException {

    private final ProblemType kind;
    private final String type;
    private final String title;
    private final int status;
    private final List<FieldError> errors;
    private final Map<String, String> headers;

    public ProblemException(ProblemType kind, String detail) {
        this(kind, detail, List.of(), Map.of());
    }

    public ProblemException(ProblemType kind, String detail, List<FieldError> errors, Map<String, String> headers) {
        this(kind, kind.slug(), kind.title(), detail, errors, headers);
    }

    /**
     * A refinement of {@code kind} with its own slug and title, e.g. {@code conflict} as {@code
     * already-rotated}; the status stays the kind's. Prefer the plain kind: add a slug only when a
     * caller must act differently on it.
     */
    public ProblemException(
            ProblemType kind,
            String slug,
            String title,
            String detail,
            List<FieldError> errors,
            Map<String, String> headers) {
        super(detail, null, false, false);
        this.kind = kind;
        this.type = ProblemType.BASE + slug;
        this.title = title;
        this.status = kind.status();
        this.errors = List.copyOf(errors);
        this.headers = Map.copyOf(headers);
    }

    public static ProblemException badRequest(String detail) {
        return new ProblemException(ProblemType.INVALID_REQUEST, detail);
    }

    public static ProblemException badRequest(String detail, List<FieldError> errors) {
        return invalid(detail, errors);
    }

    public static ProblemException invalid(String detail, List<FieldError> errors) {
        return new ProblemException(ProblemType.INVALID_REQUEST, detail, errors, Map.of());
    }

    /** The one 401: same title and detail whatever was wrong with the credential. */
    public static ProblemException invalidCredential() {
        return new ProblemException(
                ProblemType.INVALID_CREDENTIAL,
                ProblemDetails.INVALID_CREDENTIAL,
                List.of(),
                Map.of("WWW-Authenticate", "Bearer realm=\"watchword\""));
    }

    public static ProblemException insufficientScope(String detail) {
        return new ProblemException(ProblemType.INSUFFICIENT_SCOPE, detail);
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(ProblemType.NOT_FOUND, detail);
    }

    public static ProblemException conflict(String detail) {
        return new ProblemException(ProblemType.CONFLICT, detail);
    }

    /** A 409 refined with its own slug (see the three-argument constructor's note). */
    public static ProblemException conflict(String slug, String title, String detail) {
        return new ProblemException(ProblemType.CONFLICT, slug, title, detail, List.of(), Map.of());
    }

    public static ProblemException unavailable(String detail) {
        return new ProblemException(ProblemType.SERVICE_UNAVAILABLE, detail, List.of(), Map.of("Retry-After", "5"));
    }

    public ProblemType kind() {
        return kind;
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

    public Map<String, String> headers() {
        return headers;
    }

    public Problem toProblem(String instance) {
        return new Problem(type, title, status, detail(), instance, errors);
    }
}
