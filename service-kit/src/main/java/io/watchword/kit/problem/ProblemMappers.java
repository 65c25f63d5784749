package io.watchword.kit.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.watchword.core.problem.Problem;
import io.watchword.core.problem.ProblemDetails;
import io.watchword.core.problem.ProblemException;
import io.watchword.core.problem.ProblemType;
import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.sql.SQLException;
import java.util.Set;
import java.util.TreeSet;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Every error the REST layer of a Watchword service can raise, as an RFC 9457 problem of the core
 * vocabulary: our own refusals, Jackson's errors (in our words: its messages quote the input),
 * JAX-RS' 404/405/406/413/415, dependency outages (503 everywhere) and anything unexpected (500,
 * logged with its stack, answered without it). A Quarkus service gets these by depending on the
 * kit: the mappers are found through the kit's Jandex index.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        return ProblemResponses.of(e, instance(uri));
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException e, UriInfo uri) {
        return ProblemResponses.of(JsonErrors.toProblem(e), instance(uri));
    }

    // Quarkus ships its own mappers for some Jackson subtypes (an empty 400): the most specific
    // mapper wins, so each subtype is claimed here explicitly.
    @ServerExceptionMapper
    public Response mismatched(com.fasterxml.jackson.databind.exc.MismatchedInputException e, UriInfo uri) {
        return json(e, uri);
    }

    @ServerExceptionMapper
    public Response invalidFormat(com.fasterxml.jackson.databind.exc.InvalidFormatException e, UriInfo uri) {
        return json(e, uri);
    }

    @ServerExceptionMapper
    public Response unknownProperty(com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException e, UriInfo uri) {
        return json(e, uri);
    }

    @ServerExceptionMapper
    public Response mapping(com.fasterxml.jackson.databind.JsonMappingException e, UriInfo uri) {
        return json(e, uri);
    }

    @ServerExceptionMapper
    public Response parse(com.fasterxml.jackson.core.JsonParseException e, UriInfo uri) {
        return json(e, uri);
    }

    @ServerExceptionMapper
    public Response streamRead(com.fasterxml.jackson.core.exc.StreamReadException e, UriInfo uri) {
        return json(e, uri);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        JsonProcessingException json = causeOf(e, JsonProcessingException.class);
        if (json != null) {
            return json(json, uri);
        }
        ProblemException problem = causeOf(e, ProblemException.class);
        if (problem != null) {
            return problem(problem, uri);
        }
        int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
        String instance = instance(uri);
        if (e instanceof NotFoundException || status == 404) {
            return ProblemResponses.of(ProblemType.NOT_FOUND, "No resource at this path.", instance);
        }
        if (e instanceof NotAllowedException || status == 405) {
            Set<String> allowed = new TreeSet<>(e.getResponse().getAllowedMethods());
            return Response.fromResponse(ProblemResponses.of(
                            ProblemType.METHOD_NOT_ALLOWED,
                            "This method is not allowed here; allowed: " + String.join(", ", allowed) + ".",
                            instance))
                    .header("Allow", String.join(", ", allowed))
                    .build();
        }
        if (e instanceof NotAcceptableException || status == 406) {
            return ProblemResponses.of(
                    ProblemType.NOT_ACCEPTABLE,
                    "This endpoint answers application/json (errors as application/problem+json).",
                    instance);
        }
        if (e instanceof NotSupportedException || status == 415) {
            return ProblemResponses.of(
                    ProblemType.UNSUPPORTED_MEDIA_TYPE,
                    "This endpoint does not read that Content-Type; see the API description at /q/openapi.",
                    instance);
        }
        if (status == 413) {
            return ProblemResponses.of(ProblemType.PAYLOAD_TOO_LARGE, "The request body is too large.", instance);
        }
        if (status >= 500) {
            LOG.errorf(e, "server error %d on %s", status, instance);
            ProblemType type = status == 503 ? ProblemType.SERVICE_UNAVAILABLE : ProblemType.INTERNAL_ERROR;
            return ProblemResponses.of(
                    type,
                    type == ProblemType.SERVICE_UNAVAILABLE
                            ? "A dependency did not answer; retry shortly."
                            : ProblemDetails.INTERNAL_ERROR,
                    instance);
        }
        if (status == 401) {
            return ProblemResponses.of(ProblemException.invalidCredential(), instance);
        }
        // Any other 4xx a framework raised (e.g. a malformed form or parameter): its message may quote input.
        ProblemType type = ProblemType.forStatus(status);
        return Response.fromResponse(ProblemResponses.of(
                        type,
                        type == ProblemType.INVALID_REQUEST ? "The request could not be read." : type.title() + ".",
                        instance))
                .status(status)
                .build();
    }

    /** Arguments the framework could not convert (a malformed form body, a bad percent-encoding). */
    @ServerExceptionMapper
    public Response illegalArgument(IllegalArgumentException e, UriInfo uri) {
        if (isFrameworkDecoding(e)) {
            return ProblemResponses.of(
                    ProblemType.INVALID_REQUEST,
                    "The request could not be decoded (malformed form or percent-encoding).",
                    instance(uri));
        }
        return unexpected(e, uri);
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e, UriInfo uri) {
        String instance = instance(uri);
        if (isRefusedData(e)) {
            // PostgreSQL's class 22 (data exception): the value itself cannot be stored, e.g. NUL in
            // text — the caller's input, not an outage. Never the database's message (it quotes it).
            return ProblemResponses.of(
                    ProblemType.INVALID_REQUEST,
                    "A value in the request cannot be stored; check its characters and size.",
                    instance);
        }
        if (isOutage(e)) {
            LOG.warnf("dependency unavailable on %s: %s", instance, rootMessage(e));
            return ProblemResponses.of(
                    ProblemException.unavailable("A dependency did not answer; retry shortly."), instance);
        }
        LOG.errorf(e, "unexpected error on %s", instance);
        return ProblemResponses.of(ProblemType.INTERNAL_ERROR, ProblemDetails.INTERNAL_ERROR, instance);
    }

    static boolean isRefusedData(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql
                    && sql.getSQLState() != null
                    && sql.getSQLState().startsWith("22")) {
                return true;
            }
        }
        return false;
    }

    /** A database or broker that did not answer: 503 in every service (never 500). */
    static boolean isOutage(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException || t instanceof java.net.ConnectException) {
                return true;
            }
            String name = t.getClass().getName();
            if (name.startsWith("org.apache.kafka.common.errors.")
                    || name.equals("org.apache.kafka.common.KafkaException")
                    || name.startsWith("io.vertx.pgclient.")
                    || name.startsWith("io.agroal.")
                    || name.endsWith(".DataAccessException")
                    || name.endsWith("UnavailableException")) {
                return true;
            }
        }
        return false;
    }

    private static boolean isFrameworkDecoding(IllegalArgumentException e) {
        for (StackTraceElement frame : e.getStackTrace()) {
            String c = frame.getClassName();
            if (c.startsWith("io.watchword.")) {
                return false;
            }
            if (c.startsWith("java.net.URLDecoder")
                    || c.startsWith("io.netty.handler.codec.http")
                    || c.startsWith("io.vertx.core.http")
                    || c.startsWith("org.jboss.resteasy.reactive")
                    || c.startsWith("io.quarkus.vertx.http")) {
                return true;
            }
        }
        return false;
    }

    static String instance(UriInfo uri) {
        // An occurrence id, never the path: a path can carry the caller's input (decision 0110).
        return Problem.occurrence();
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
        return t.getClass().getSimpleName();
    }
}
