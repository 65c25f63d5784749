package io.watchword.client.jaxrs;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import io.watchword.core.problem.Problem;
import io.watchword.core.problem.ProblemDetails;
import io.watchword.core.problem.ProblemType;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.IOException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Optional: answers every error of a protected service (404, 405, 406, 413, 415, a body that is not
 * JSON or not the expected shape, anything unexpected) as RFC 9457 problem+json in the Watchword
 * vocabulary, like the filter's own refusals. Not a {@code @Provider} on purpose: the library must
 * not take over an application's error handling unasked. Opt in with {@code @Provider public class
 * Problems extends WatchwordProblemMapper {}} (see the example service and docs/decisions/0074,
 * 0107).
 *
 * <p>It is also a {@link ReaderInterceptor}: frameworks ship their own, more specific mappers for
 * some Jackson exceptions (Quarkus answers a {@code MismatchedInputException} with an empty 400), and
 * a mapper of {@code Throwable} never wins against them. The interceptor turns any Jackson error of
 * the body reader into a {@link BadBody} (no framework maps it), which this mapper answers in our
 * own words: Jackson's messages quote the input (a secret, too), so none of them is passed on.
 */
public class WatchwordProblemMapper implements ExceptionMapper<Throwable>, ReaderInterceptor {

    private static final Logger LOG = Logger.getLogger(WatchwordProblemMapper.class.getName());

    @Context
    UriInfo uri;

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        try {
            return context.proceed();
        } catch (JsonProcessingException e) {
            throw new BadBody(e);
        } catch (WebApplicationException e) {
            JsonProcessingException json = jsonCause(e);
            if (json != null) {
                throw new BadBody(json);
            }
            throw e;
        }
    }

    @Override
    public Response toResponse(Throwable e) {
        JsonProcessingException json = e instanceof BadBody bad ? bad.json : jsonCause(e);
        if (json != null) {
            ProblemType type =
                    json instanceof JsonMappingException m && !m.getPath().isEmpty()
                            ? ProblemType.INVALID_REQUEST
                            : ProblemType.MALFORMED_JSON;
            return problem(type, 400, describe(json), null);
        }
        int status = e instanceof WebApplicationException w && w.getResponse() != null
                ? w.getResponse().getStatus()
                : 500;
        ProblemType type = ProblemType.forStatus(status);
        String detail;
        if (status >= 500) {
            LOG.log(Level.SEVERE, "unexpected error", e);
            detail = ProblemDetails.INTERNAL_ERROR;
        } else {
            // Our own words only: a framework's message can quote what the caller sent.
            detail = type.title() + ".";
        }
        return problem(type, status, detail, e);
    }

    private Response problem(ProblemType type, int status, String detail, Throwable e) {
        Response.ResponseBuilder r = Response.status(status)
                .type(ProblemType.MEDIA_TYPE)
                .entity(Problem.of(type, detail, Problem.occurrence()).toJson());
        if (status == 405 && e instanceof WebApplicationException w) {
            r.allow(w.getResponse().getAllowedMethods());
        }
        if (status == 413) {
            // The rest of an oversized body was not read: the connection cannot be reused.
            r.header("Connection", "close");
        }
        return r.build();
    }

    /** Where the body went wrong, never what it said. */
    static String describe(JsonProcessingException e) {
        String original = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        String where = where(e);
        if (original.startsWith("No content to map") || original.contains("end-of-input") && where.isEmpty()) {
            return "The body is empty or cut short; send a JSON object.";
        }
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String field = field(mapping);
            return field == null
                    ? "A field of the body has the wrong type or value" + where + "."
                    : "Field '" + field + "' has the wrong type, an invalid value or is unknown" + where + ".";
        }
        if (e instanceof JsonMappingException) {
            return "The body is not the JSON object this endpoint expects" + where + ".";
        }
        return "The body is not valid JSON" + where + ".";
    }

    private static String where(JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        if (at == null || at.getLineNr() < 1) {
            return "";
        }
        return " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
    }

    /** The field path, only when every name in it is a plain identifier that is no credential. */
    private static String field(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                String name = ref.getFieldName();
                if (!name.matches("[A-Za-z_][A-Za-z0-9_]{0,63}") || name.contains("ww_")) {
                    return null;
                }
                path.append(path.length() == 0 ? "" : ".").append(name);
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.length() == 0 ? null : path.toString();
    }

    private static JsonProcessingException jsonCause(Throwable e) {
        for (Throwable t = e; t != null && t != t.getCause(); t = t.getCause()) {
            if (t instanceof JsonProcessingException json) {
                return json;
            }
        }
        return null;
    }

    /** A body the JSON reader refused; carries the Jackson error so its message is never rendered. */
    public static final class BadBody extends RuntimeException {
        private final transient JsonProcessingException json;

        BadBody(JsonProcessingException json) {
            super("the request body is not the JSON this endpoint reads", null, false, false);
            this.json = json;
        }
    }
}
