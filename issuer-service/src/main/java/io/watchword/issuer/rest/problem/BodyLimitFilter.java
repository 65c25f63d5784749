package io.watchword.issuer.rest.problem;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.json.Json;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses a body whose declared length exceeds {@code quarkus.http.limits.max-body-size} with a
 * 413 problem before it is read (Vert.x itself would answer with an empty 413).
 */
@ApplicationScoped
public class BodyLimitFilter {

    @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K")
    MemorySize maxBodySize;

    void register(@Observes Filters filters) {
        long max = maxBodySize.asLongValue();
        filters.register(
                ctx -> {
                    String length = ctx.request().getHeader("Content-Length");
                    long declared = -1;
                    if (length != null) {
                        try {
                            declared = Long.parseLong(length.trim());
                        } catch (NumberFormatException e) {
                            declared = -1;
                        }
                    }
                    if (declared > max) {
                        String body = Json.encode(Problems.body(
                                ProblemException.TYPE_BASE + "payload-too-large",
                                "Payload too large",
                                413,
                                "the body has " + declared + " bytes; at most " + max + " are accepted",
                                ctx.request().path(),
                                List.of()));
                        ctx.response()
                                .setStatusCode(413)
                                .putHeader("Content-Type", Problems.MEDIA_TYPE)
                                .putHeader("Connection", "close")
                                .end(body);
                        return;
                    }
                    ctx.next();
                },
                1000);
    }
}
