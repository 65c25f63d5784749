package io.watchword.issuer.rest.problem;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.watchword.issuer.audit.AuditUnavailableException;
import io.watchword.issuer.credential.DataAccessException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Every error as RFC 9457 problem+json: our own refusals, malformed JSON and unknown fields,
 * JAX-RS errors (404, 405, 406, 415) and anything unexpected (500, no stack trace to the caller).
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);
    private static final java.util.regex.Pattern UNRECOGNIZED =
            java.util.regex.Pattern.compile("Unrecognized field \\\"([^\\\"]+)\\\"");

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        return Problems.response(e, uri.getPath());
    }

    @ServerExceptionMapper
    public Response unknownField(UnrecognizedPropertyException e, UriInfo uri) {
        String field = e.getPropertyName();
        List<String> known = e.getKnownPropertyIds() == null
                ? List.of()
                : e.getKnownPropertyIds().stream().map(String::valueOf).sorted().toList();
        return Problems.response(
                new ProblemException(
                        400,
                        "unknown-field",
                        "Unknown field",
                        "field '" + field + "' is not part of this request; known fields: " + String.join(", ", known),
                        List.of(new ProblemException.FieldError(field, null, "unknown field"))),
                uri.getPath());
    }

    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e, UriInfo uri) {
        String path = path(e);
        String detail = e instanceof InvalidFormatException f
                ? "'" + path + "' has the wrong format: " + f.getValue() + " is not a "
                        + f.getTargetType().getSimpleName()
                : "'" + path + "' has the wrong type: expected "
                        + (e.getTargetType() == null
                                ? "another type"
                                : e.getTargetType().getSimpleName());
        return Problems.response(
                new ProblemException(
                        400,
                        "malformed-json",
                        "Malformed JSON",
                        detail,
                        List.of(new ProblemException.FieldError(path, null, "wrong type or format"))),
                uri.getPath());
    }

    @ServerExceptionMapper
    public Response malformed(JsonProcessingException e, UriInfo uri) {
        // The most specific mapper is not always chosen for Jackson's exceptions: dispatch here too.
        UnrecognizedPropertyException upe = causeOf(e, UnrecognizedPropertyException.class);
        if (upe != null) {
            return unknownField(upe, uri);
        }
        String original = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        java.util.regex.Matcher unknown = UNRECOGNIZED.matcher(original);
        if (unknown.find()) {
            // Jackson wraps the error for records: the field name is only in the message then.
            String field = unknown.group(1);
            return Problems.response(
                    new ProblemException(
                            400,
                            "unknown-field",
                            "Unknown field",
                            "field '" + field + "' is not part of this request; remove it or check its spelling",
                            List.of(new ProblemException.FieldError(field, null, "unknown field"))),
                    uri.getPath());
        }
        MismatchedInputException mie = causeOf(e, MismatchedInputException.class);
        if (mie != null) {
            return mismatched(mie, uri);
        }
        String where = e.getLocation() == null
                ? ""
                : " at line " + e.getLocation().getLineNr() + ", column "
                        + e.getLocation().getColumnNr();
        String what = e instanceof JsonParseException ? "the body is not valid JSON" : "the body could not be read";
        return Problems.response(
                new ProblemException(
                        400, "malformed-json", "Malformed JSON", what + where + ": " + e.getOriginalMessage()),
                uri.getPath());
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        String detail;
        String slug;
        if (e instanceof NotSupportedException) {
            slug = "unsupported-media-type";
            detail = "send the body as application/json with a Content-Type: application/json header";
        } else if (e instanceof NotAllowedException) {
            slug = "method-not-allowed";
            detail = "this method is not allowed here; allowed: "
                    + e.getResponse().getAllowedMethods();
        } else if (status == 404) {
            slug = "not-found";
            detail = "no such resource: " + uri.getPath() + "; see /q/openapi for the API";
        } else if (status == 406) {
            slug = "not-acceptable";
            detail = "this endpoint answers application/json (errors application/problem+json)";
        } else if (status == 413) {
            slug = "payload-too-large";
            detail = "the request body is too large";
        } else if (e.getCause() instanceof UnrecognizedPropertyException upe) {
            return unknownField(upe, uri);
        } else if (e.getCause() instanceof MismatchedInputException mie) {
            return mismatched(mie, uri);
        } else if (e.getCause() instanceof JsonProcessingException jpe) {
            return malformed(jpe, uri);
        } else {
            slug = "http-" + status;
            detail = e.getMessage() == null
                    ? Response.Status.fromStatusCode(status).getReasonPhrase()
                    : e.getMessage();
        }
        Response.StatusType st = Response.Status.fromStatusCode(status);
        Response.ResponseBuilder r = Response.status(status)
                .type(Problems.MEDIA_TYPE)
                .entity(Problems.body(
                        ProblemException.TYPE_BASE + slug,
                        st == null ? "HTTP " + status : st.getReasonPhrase(),
                        status,
                        detail,
                        uri.getPath(),
                        List.of()));
        if (e instanceof NotAllowedException) {
            r.allow(e.getResponse().getAllowedMethods());
        }
        return r.build();
    }

    @ServerExceptionMapper
    public Response unavailable(DataAccessException e, UriInfo uri) {
        LOG.warnf("database error on %s: %s", uri.getPath(), rootMessage(e));
        return Problems.response(
                new ProblemException(
                        503,
                        "database-unavailable",
                        "Service unavailable",
                        "the database did not answer; retry shortly"),
                uri.getPath());
    }

    @ServerExceptionMapper
    public Response auditUnavailable(AuditUnavailableException e, UriInfo uri) {
        LOG.warnf("audit unavailable on %s: %s", uri.getPath(), rootMessage(e));
        return Problems.response(
                new ProblemException(
                        503,
                        "audit-unavailable",
                        "Service unavailable",
                        "the audit trail could not be written, so the action was refused; retry shortly"),
                uri.getPath());
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e, UriInfo uri) {
        LOG.errorf(e, "unexpected error on %s", uri.getPath());
        return Problems.response(
                new ProblemException(
                        500,
                        "internal-error",
                        "Internal error",
                        "an unexpected error occurred; it was logged. Retry, and report it if it persists"),
                uri.getPath());
    }

    private static String path(JsonMappingException e) {
        String p = e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."));
        return p.isEmpty() ? "body" : p;
    }

    private static <T extends Throwable> T causeOf(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }
}
