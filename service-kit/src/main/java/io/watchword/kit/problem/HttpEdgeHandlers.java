package io.watchword.kit.problem;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.watchword.core.problem.ProblemDetails;
import io.watchword.core.problem.ProblemType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The errors answered at the Vert.x level, before any JAX-RS code runs, as problem+json too:
 * a declared body over {@code quarkus.http.limits.max-body-size} (Vert.x would answer an empty
 * 413) and any route failure (a body handler's 413, a failure outside JAX-RS), which Quarkus
 * would otherwise render as HTML or text. An oversized request line or header block (414/431) is
 * refused by the HTTP codec itself, before any handler exists, and a chunked body over the limit
 * is cut off inside RESTEasy Reactive's reader: those answers have no body at all (no HTML, no
 * stack) — see docs/decisions/0071.
 */
@ApplicationScoped
public class HttpEdgeHandlers {

    private static final Logger LOG = Logger.getLogger(HttpEdgeHandlers.class);

    @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K")
    MemorySize maxBodySize;

    void bodyLimit(@Observes Router router) {
        long max = maxBodySize.asLongValue();
        // First of all routes: before Quarkus' own limit check, which answers an empty 413.
        router.route().order(Integer.MIN_VALUE).handler(ctx -> {
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
                end(
                        ctx,
                        413,
                        ProblemType.PAYLOAD_TOO_LARGE,
                        "The body is larger than the " + max + " bytes this service accepts.",
                        true);
                return;
            }
            ctx.next();
        });
    }

    void failures(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).failureHandler(HttpEdgeHandlers::failure);
    }

    static void failure(RoutingContext ctx) {
        if (ctx.response().headWritten()) {
            ctx.response().close();
            return;
        }
        int status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
        if (status == 413) {
            end(ctx, 413, ProblemType.PAYLOAD_TOO_LARGE, "The request body is too large.", true);
            return;
        }
        if (status >= 500) {
            if (ctx.failure() != null) {
                LOG.errorf(
                        ctx.failure(), "unhandled failure on %s", ctx.request().path());
            }
            end(ctx, 500, ProblemType.INTERNAL_ERROR, ProblemDetails.INTERNAL_ERROR, false);
            return;
        }
        ProblemType type = ProblemType.forStatus(status);
        end(ctx, status, type, type.title() + ".", false);
    }

    private static void end(RoutingContext ctx, int status, ProblemType type, String detail, boolean close) {
        String path = ctx.request().path();
        String instance = path == null || SafeText.hasControl(path) || path.length() > 256 ? null : path;
        ctx.response().setStatusCode(status).putHeader("Content-Type", ProblemType.MEDIA_TYPE);
        if (close) {
            // The rest of an oversized body is not read: the connection cannot be reused.
            ctx.response().putHeader("Connection", "close");
        }
        ctx.response().end(ProblemResponses.json(type, detail, instance));
    }
}
