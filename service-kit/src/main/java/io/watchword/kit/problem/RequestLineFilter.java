package io.watchword.kit.problem;

import io.watchword.core.problem.ProblemType;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses a path or query parameter holding a NUL or another control character (raw or
 * percent-encoded), or a malformed percent-encoding, with a 400 before any resource runs — so it
 * never reaches PostgreSQL (which rejects NUL in text and would otherwise surface as a 503).
 */
public class RequestLineFilter {

    @ServerRequestFilter(preMatching = true, priority = 100)
    public Response refuseControlCharacters(ContainerRequestContext request) {
        String where;
        try {
            where = firstControl(request);
        } catch (RuntimeException malformed) {
            where = "the request URI";
        }
        if (where == null) {
            return null;
        }
        return ProblemResponses.of(
                ProblemType.INVALID_REQUEST,
                "The request URI holds a control character or a malformed percent-encoding.",
                null,
                List.of(new io.watchword.core.problem.FieldError(where, "no control characters or malformed escapes")));
    }

    private static String firstControl(ContainerRequestContext request) {
        String raw = request.getUriInfo().getRequestUri().getRawPath();
        String path = java.net.URLDecoder.decode(raw.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
        if (SafeText.hasControl(path)) {
            return "path";
        }
        MultivaluedMap<String, String> query = request.getUriInfo().getQueryParameters(true);
        for (Map.Entry<String, List<String>> e : query.entrySet()) {
            if (SafeText.hasControl(e.getKey())) {
                return "query";
            }
            for (String v : e.getValue()) {
                if (v != null && SafeText.hasControl(v)) {
                    return SafeText.name(e.getKey());
                }
            }
        }
        String rawQuery = request.getUriInfo().getRequestUri().getRawQuery();
        if (rawQuery != null) {
            // Throws on a malformed escape such as %zz, which the caller hears as a 400.
            java.net.URLDecoder.decode(rawQuery, java.nio.charset.StandardCharsets.UTF_8);
        }
        return null;
    }
}
