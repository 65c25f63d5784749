package io.watchword.issuer.rest.problem;

import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Renders RFC 9457 {@code application/problem+json}. */
public final class Problems {

    public static final String MEDIA_TYPE = "application/problem+json";

    private Problems() {}

    public static Map<String, Object> body(
            String type,
            String title,
            int status,
            String detail,
            String instance,
            List<ProblemException.FieldError> errors) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type);
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        if (instance != null) {
            body.put("instance", instance);
        }
        if (errors != null && !errors.isEmpty()) {
            body.put("errors", errors);
        }
        return body;
    }

    public static Response response(ProblemException p, String instance) {
        Response.ResponseBuilder r = Response.status(p.status())
                .type(MEDIA_TYPE)
                .entity(body(p.type(), p.title(), p.status(), p.detail(), instance, p.errors()));
        if (p.status() == 401) {
            r.header("WWW-Authenticate", "Bearer realm=\"watchword\"");
        }
        return r.build();
    }
}
