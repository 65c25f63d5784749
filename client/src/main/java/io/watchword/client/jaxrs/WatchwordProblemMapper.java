package io.watchword.client.jaxrs;

import io.watchword.core.problem.Problem;
import io.watchword.core.problem.ProblemDetails;
import io.watchword.core.problem.ProblemType;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Optional: answers every error of a protected service (404, 405, 406, 415, a body the framework
 * could not read, anything unexpected) as RFC 9457 problem+json in the Watchword vocabulary, like
 * the filter's own refusals. Not a {@code @Provider} on purpose: the library must not take over an
 * application's error handling unasked. Opt in with {@code @Provider public class Problems extends
 * WatchwordProblemMapper {}} (see the example service and docs/decisions/0074).
 */
public class WatchwordProblemMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = Logger.getLogger(WatchwordProblemMapper.class.getName());

    @Context
    UriInfo uri;

    @Override
    public Response toResponse(Throwable e) {
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
        Response.ResponseBuilder r = Response.status(status)
                .type(ProblemType.MEDIA_TYPE)
                .entity(Problem.of(type, detail, path()).toJson());
        if (status == 405 && e instanceof WebApplicationException w) {
            r.allow(w.getResponse().getAllowedMethods());
        }
        return r.build();
    }

    private String path() {
        try {
            String p = uri == null ? null : uri.getPath();
            return p == null || p.length() > 256 || p.chars().anyMatch(c -> c < 0x20) ? null : p;
        } catch (RuntimeException e) {
            return null;
        }
    }
}
