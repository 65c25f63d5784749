package io.watchword.client.jaxrs;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.watchword.core.problem.Problem;
import io.watchword.core.problem.ProblemType;
import java.util.Locale;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Optional, for a Quarkus (Vert.x) service: a body over {@code quarkus.http.limits.max-body-size}
 * is refused before any JAX-RS code runs, so no {@code ExceptionMapper} ever sees it and Quarkus
 * answers an empty 413. This first route answers it as a 413 problem+json instead: a declared
 * length over the limit at once; a chunked body (no declared length) is buffered up to the limit
 * by a Vert.x {@link BodyHandler} and refused once it goes over (the JAX-RS layer then reads the
 * buffered body). Opt in, next to {@link WatchwordProblemMapper}:
 *
 * <pre>{@code
 * @ApplicationScoped
 * public class BodyLimit {
 *     void install(@Observes Router router) { WatchwordBodyLimit.install(router); }
 * }
 * }</pre>
 *
 * See docs/decisions/0107.
 */
public final class WatchwordBodyLimit {

    private static final String SETTING = "quarkus.http.limits.max-body-size";

    private WatchwordBodyLimit() {}

    /** Installs the limit read from {@code quarkus.http.limits.max-body-size} (Quarkus' default 10240K). */
    public static void install(Router router) {
        String configured = ConfigProvider.getConfig()
                .getOptionalValue(SETTING, String.class)
                .orElse("10240K");
        install(router, bytes(configured));
    }

    public static void install(Router router, long maxBytes) {
        BodyHandler chunked = BodyHandler.create(false).setBodyLimit(maxBytes).setPreallocateBodyBuffer(false);
        router.route().order(Integer.MIN_VALUE).handler(ctx -> {
            String length = ctx.request().getHeader("Content-Length");
            if (length != null) {
                long declared;
                try {
                    declared = Long.parseLong(length.trim());
                } catch (NumberFormatException e) {
                    declared = -1;
                }
                if (declared > maxBytes) {
                    tooLarge(ctx, maxBytes);
                    return;
                }
            } else if (mayHaveBody(ctx)) {
                chunked.handle(ctx);
                return;
            }
            ctx.next();
        });
        // A path with a broken percent escape (/%ZZ) is refused by the router before any route:
        // only its error handler sees it.
        router.errorHandler(400, ctx -> {
            if (ctx.response().headWritten()) {
                ctx.response().close();
                return;
            }
            ctx.response()
                    .setStatusCode(400)
                    .putHeader("Content-Type", ProblemType.MEDIA_TYPE)
                    .end(Problem.of(ProblemType.INVALID_REQUEST, "The request line is not valid.", Problem.occurrence())
                            .toJson());
        });
        router.route().order(Integer.MIN_VALUE).failureHandler(ctx -> {
            if (ctx.statusCode() == 413 && !ctx.response().headWritten()) {
                tooLarge(ctx, maxBytes);
            } else {
                ctx.next();
            }
        });
    }

    private static void tooLarge(RoutingContext ctx, long maxBytes) {
        String instance = Problem.occurrence();
        ctx.response()
                .setStatusCode(413)
                .putHeader("Content-Type", ProblemType.MEDIA_TYPE)
                // The rest of the body is not read: the connection cannot be reused.
                .putHeader("Connection", "close")
                .end(Problem.of(
                                ProblemType.PAYLOAD_TOO_LARGE,
                                "The body is larger than the " + maxBytes + " bytes this service accepts.",
                                instance)
                        .toJson());
    }

    /** Quarkus' memory-size syntax: a number with an optional K, M, G or T suffix (powers of 1024). */
    static long bytes(String size) {
        String s = size.trim().toUpperCase(Locale.ROOT);
        long unit = 1;
        char last = s.isEmpty() ? '0' : s.charAt(s.length() - 1);
        int shift = "KMGT".indexOf(last);
        if (shift >= 0) {
            unit = 1L << (10 * (shift + 1));
            s = s.substring(0, s.length() - 1);
        } else if (last == 'B') {
            s = s.substring(0, s.length() - 1);
        }
        return Long.parseLong(s.trim()) * unit;
    }

    /**
     * No declared length but maybe a body: chunked over HTTP/1.1, or any body over HTTP/2 (which
     * has no Transfer-Encoding). GET and HEAD carry none worth buffering.
     */
    private static boolean mayHaveBody(RoutingContext ctx) {
        io.vertx.core.http.HttpMethod method = ctx.request().method();
        return !ctx.request().isEnded()
                && method != io.vertx.core.http.HttpMethod.GET
                && method != io.vertx.core.http.HttpMethod.HEAD;
    }
}
