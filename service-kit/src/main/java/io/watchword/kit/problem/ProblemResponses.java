package io.watchword.kit.problem;

import io.watchword.core.problem.FieldError;
import io.watchword.core.problem.Problem;
import io.watchword.core.problem.ProblemException;
import io.watchword.core.problem.ProblemType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** Builds JAX-RS responses carrying an RFC 9457 document of the core vocabulary. */
public final class ProblemResponses {

    private ProblemResponses() {}

    public static Response of(ProblemException e, String instance) {
        Response.ResponseBuilder r = Response.status(e.status())
                .type(ProblemType.MEDIA_TYPE)
                .entity(e.toProblem(instance).toJson());
        e.headers().forEach(r::header);
        if (e.status() == 401 && !e.headers().containsKey("WWW-Authenticate")) {
            r.header("WWW-Authenticate", "Bearer realm=\"watchword\"");
        }
        return r.build();
    }

    public static Response of(ProblemType type, String detail, String instance) {
        return of(type, detail, instance, List.of());
    }

    public static Response of(ProblemType type, String detail, String instance, List<FieldError> errors) {
        return of(new ProblemException(type, detail, errors, java.util.Map.of()), instance);
    }

    /** The document alone, for code that writes the response itself (Vert.x handlers). */
    public static String json(ProblemType type, String detail, String instance) {
        return Problem.of(type, detail, instance).toJson();
    }
}
