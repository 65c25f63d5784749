package io.watchword.revocation.rest.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every error leaves as {@code application/problem+json}; no stack trace ever does. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        Response.ResponseBuilder response = build(e.status(), e.type(), e.title(), e.getMessage(), uri, e.errors());
        e.headers().forEach(response::header);
        return response.build();
    }

    @ServerExceptionMapper
    public Response unknownProperty(UnrecognizedPropertyException e, UriInfo uri) {
        String field = path(e);
        return build(
                        400,
                        "invalid-request",
                        "Invalid request",
                        "Unknown field '" + field + "'. Known fields: "
                                + e.getKnownPropertyIds().stream()
                                        .map(Object::toString)
                                        .sorted()
                                        .collect(Collectors.joining(", ")),
                        uri,
                        List.of(new FieldError(field, "unknown field")))
                .build();
    }

    @ServerExceptionMapper
    public Response invalidFormat(InvalidFormatException e, UriInfo uri) {
        String field = path(e);
        String hint = e.getTargetType() != null && e.getTargetType().isEnum()
                ? " Allowed: " + java.util.Arrays.toString(e.getTargetType().getEnumConstants())
                : "";
        return build(
                        400,
                        "invalid-request",
                        "Invalid request",
                        "Field '" + field + "' has an invalid value '" + e.getValue() + "' for "
                                + e.getTargetType().getSimpleName() + "." + hint,
                        uri,
                        List.of(new FieldError(field, "invalid value" + hint)))
                .build();
    }

    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e, UriInfo uri) {
        String field = path(e);
        return build(
                        400,
                        "invalid-request",
                        "Invalid request",
                        "Field '" + field + "' has the wrong type: " + e.getOriginalMessage(),
                        uri,
                        List.of(new FieldError(field, "wrong type")))
                .build();
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonProcessingException e, UriInfo uri) {
        if (e instanceof UnrecognizedPropertyException unknown) {
            return unknownProperty(unknown, uri);
        }
        if (e instanceof InvalidFormatException invalid) {
            return invalidFormat(invalid, uri);
        }
        if (e instanceof MismatchedInputException mismatched) {
            return mismatched(mismatched, uri);
        }
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            // Jackson reports some binding problems (e.g. an unknown field of a record) this way.
            String field = path(mapping);
            return build(
                            400,
                            "invalid-request",
                            "Invalid request",
                            "Field '" + field + "': " + e.getOriginalMessage(),
                            uri,
                            List.of(new FieldError(field, e.getOriginalMessage())))
                    .build();
        }
        java.util.regex.Matcher unknownField = java.util.regex.Pattern.compile("Unrecognized field \"([^\"]+)\"")
                .matcher(e.getOriginalMessage());
        if (unknownField.find()) {
            // Records report an unknown field without a path; the message still names it.
            return build(
                            400,
                            "invalid-request",
                            "Invalid request",
                            "Unknown field '" + unknownField.group(1) + "'.",
                            uri,
                            List.of(new FieldError(unknownField.group(1), "unknown field")))
                    .build();
        }
        return build(
                        400,
                        "malformed-json",
                        "Malformed JSON",
                        "The request body is not valid JSON: " + e.getOriginalMessage(),
                        uri,
                        List.of())
                .build();
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e, UriInfo uri) {
        return build(404, "not-found", "Not found", "No resource at " + uri.getPath() + ".", uri, List.of())
                .build();
    }

    @ServerExceptionMapper
    public Response notAllowed(NotAllowedException e, UriInfo uri) {
        return build(
                        405,
                        "method-not-allowed",
                        "Method not allowed",
                        "Allowed methods: " + e.getResponse().getAllowedMethods(),
                        uri,
                        List.of())
                .header("Allow", String.join(", ", e.getResponse().getAllowedMethods()))
                .build();
    }

    @ServerExceptionMapper
    public Response unsupported(NotSupportedException e, UriInfo uri) {
        return build(
                        415,
                        "unsupported-media-type",
                        "Unsupported media type",
                        "Send the body as application/json (POST /v1/revoke takes application/x-www-form-urlencoded).",
                        uri,
                        List.of())
                .build();
    }

    @ServerExceptionMapper
    public Response notAcceptable(NotAcceptableException e, UriInfo uri) {
        return build(406, "not-acceptable", "Not acceptable", "This API answers application/json.", uri, List.of())
                .build();
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return malformedJson(json, uri);
        }
        int status = e.getResponse().getStatus();
        String title = Response.Status.fromStatusCode(status) == null
                ? "Error"
                : Response.Status.fromStatusCode(status).getReasonPhrase();
        String detail = status == 413 ? "The request body is too large." : title + ".";
        return build(status, "http-" + status, title, detail, uri, List.of()).build();
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e, UriInfo uri) {
        LOG.errorf(e, "unexpected error on %s", uri.getPath());
        return build(
                        500,
                        "internal-error",
                        "Internal error",
                        "An unexpected error occurred; it has been logged. Retry, and report it if it persists.",
                        uri,
                        List.of())
                .build();
    }

    static Response.ResponseBuilder build(
            int status, String type, String title, String detail, UriInfo uri, List<FieldError> errors) {
        Problem problem = new Problem(Problem.TYPE_BASE + type, title, status, detail, uri.getPath(), errors);
        return Response.status(status).type(Problem.MEDIA_TYPE).entity(problem);
    }

    private static String path(JsonMappingException e) {
        if (e.getPath().isEmpty()) {
            return "(unknown field)";
        }
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."))
                .replace(".[", "[");
    }
}
