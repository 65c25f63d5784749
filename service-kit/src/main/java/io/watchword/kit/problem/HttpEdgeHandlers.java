package io.watchword.kit.problem;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.watchword.core.http.UrlEncodedForm;
import io.watchword.core.problem.Problem;
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
 * would otherwise render as HTML or text. A body without a declared length (chunked) is buffered
 * here up to the limit by a Vert.x {@link BodyHandler}: over the limit it fails the route with 413,
 * which the failure handler answers as a problem (RESTEasy Reactive's own reader would end the
 * response itself with an empty 413); under it, RESTEasy Reactive reads the buffered body
 * ({@code RoutingContext.getBody()}) instead of the consumed stream. A body with a declared length
 * (already checked against the limit) is buffered the same way, so no worker thread waits for
 * bytes (decision 0182). Non-blocking endpoints must not read a body: RESTEasy Reactive's
 * non-blocking input handler does not look at the buffered one. An oversized request line or
 * header block (414/431) is refused by the HTTP codec itself, before any handler exists: those
 * answers have no body at all (no HTML, no stack) — see docs/decisions/0071 and 0106.
 */
@ApplicationScoped
public class HttpEdgeHandlers {

    private static final Logger LOG = Logger.getLogger(HttpEdgeHandlers.class);

    @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K")
    MemorySize maxBodySize;

    void bodyLimit(@Observes Router router) {
        long max = maxBodySize.asLongValue();
        // No file uploads, no pre-allocation from a declared length (the limit is checked first).
        BodyHandler buffered = BodyHandler.create(false).setBodyLimit(max).setPreallocateBodyBuffer(false);
        // First of all routes: before Quarkus' own limit check, which answers an empty 413.
        router.route().order(Integer.MIN_VALUE).handler(ctx -> {
            collapseUnmatchedPathInMetrics(ctx);
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
            if (length == null && mayHaveBody(ctx)) {
                // A chunked body: counted while it arrives, refused as a problem once over the limit.
                buffered.handle(ctx);
                withoutNettyFormDecoding(ctx);
                return;
            }
            if (declared > 0 && worthBuffering(ctx) && ctx.request().version() != HttpVersion.HTTP_2) {
                // A declared body (within the limit) is read here, on the event loop, so the worker
                // thread of a blocking endpoint gets it from memory instead of parking in a blocking
                // read until the event loop hands it the bytes (decision 0182). A declared length of
                // 0 is left alone: there is nothing to buffer, and an empty buffered body would send
                // RESTEasy Reactive back to the (already ended) request stream. HTTP/2 is left alone
                // too: RESTEasy Reactive pauses the request when it starts, and a fully read HTTP/2
                // stream refuses that ("Request has already been read", a 500). Only the bodies our
                // endpoints take (JSON or a form, on POST/PUT/PATCH) are buffered: a multipart body
                // makes the BodyHandler parse it (an empty boundary fails as a 500), and any other
                // method is refused before a resource would read it.
                buffered.handle(ctx);
                withoutNettyFormDecoding(ctx);
                return;
            }
            ctx.next();
        });
        // Right behind: the form attributes of a buffered form body, decoded once, strictly.
        router.route().order(Integer.MIN_VALUE + 1).handler(HttpEdgeHandlers::formAttributes);
    }

    /** At most this many pairs are decoded into form attributes (no endpoint takes more than 32). */
    static final int MAX_FORM_PAIRS = 64;

    /**
     * Vert.x's body handler makes Netty decode every form body into form attributes
     * ({@code setExpectMultipart(true)}), and Netty's decoder ends each body by throwing (and
     * filling the stack trace of) an {@code EndOfDataDecoderException}: ~4.5 % of the issuer's CPU
     * per issued token (async-profiler, docs/benchmarks.md). A form body is only buffered here; its
     * attributes are decoded once from the buffer ({@link #formAttributes}), and a resource that
     * reads the raw bytes (the OAuth token endpoint) pays for nothing else. Multipart bodies keep
     * Netty's decoder (file uploads need it). Decision 0280.
     */
    private static void withoutNettyFormDecoding(RoutingContext ctx) {
        if (ctx.request().isEnded() || !isForm(ctx)) {
            return;
        }
        try {
            ctx.request().setExpectMultipart(false);
        } catch (IllegalStateException ended) {
            // The body ended meanwhile; the body handler has taken the decoded attributes as they are.
        }
    }

    /**
     * Fills the request's form attributes (what RESTEasy Reactive's {@code @FormParam} reads) from
     * a buffered form body. A body that is not a valid form leaves them empty, and RESTEasy
     * Reactive reads the buffered body itself, as it did before (the OAuth endpoint answers it
     * {@code invalid_request} from its own strict reading of the raw body).
     */
    static void formAttributes(RoutingContext ctx) {
        io.vertx.ext.web.RequestBody body = ctx.body();
        if (body != null
                && body.available()
                && body.buffer() != null
                && isForm(ctx)
                && ctx.request().formAttributes().isEmpty()) {
            try {
                io.vertx.core.MultiMap attributes = ctx.request().formAttributes();
                for (var pair : UrlEncodedForm.pairs(body.buffer().getBytes(), MAX_FORM_PAIRS)) {
                    attributes.add(pair.getKey(), pair.getValue());
                }
            } catch (UrlEncodedForm.MalformedFormException e) {
                ctx.request().formAttributes().clear();
            }
        }
        ctx.next();
    }

    private static boolean isForm(RoutingContext ctx) {
        String type = ctx.request().getHeader("Content-Type");
        return type != null
                && type.regionMatches(true, 0, "application/x-www-form-urlencoded", 0, 33)
                && (type.length() == 33 || type.charAt(33) == ';' || type.charAt(33) == ' ');
    }

    /**
     * Quarkus's metrics route answers an {@code Accept} it cannot serve with a bare 406; the kit
     * answers it first with the problem every other 406 gets.
     */
    void metricsNotAcceptable(@Observes Router router) {
        router.route(io.vertx.core.http.HttpMethod.GET, "/q/metrics*")
                .order(Integer.MIN_VALUE)
                .handler(ctx -> {
                    String accept = ctx.request().getHeader("Accept");
                    if (accept == null
                            || accept.isBlank()
                            || accept.contains("*/*")
                            || accept.contains("text/*")
                            || accept.contains("text/plain")
                            || accept.contains("openmetrics")) {
                        ctx.next();
                        return;
                    }
                    end(
                            ctx,
                            406,
                            ProblemType.NOT_ACCEPTABLE,
                            "Metrics are served as text/plain or OpenMetrics.",
                            false);
                });
    }

    void failures(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).failureHandler(HttpEdgeHandlers::failure);
        // The router fails some requests before any route matches (a path with a broken percent
        // escape such as /%ZZ is a 400 from Vert.x Web itself); those reach only its error handlers.
        for (int status : ROUTER_ERRORS) {
            router.errorHandler(status, HttpEdgeHandlers::failure);
        }
    }

    private static final int[] ROUTER_ERRORS = {400, 404, 405, 406, 413, 415, 500};

    /** The metrics' {@code uri} tag of a request no route template matched. */
    static final String UNMATCHED = "/unmatched";

    /**
     * Micrometer tags each request with its route template, or, when none matched, with the raw
     * path: a 401/400/405/413 on an unknown path (say {@code /v1/ww_live_…}) would put whatever the
     * caller sent into anonymous {@code /q/metrics}. Quarkus REST sets the template (the {@code
     * UrlPathTemplate} local of the request's Vert.x context) when a resource matched, and
     * Micrometer reads it when the response ends; so once the headers are written and no template
     * was set by a generic (path-less) route, the tag becomes a constant. Vert.x routes with a path
     * of their own ({@code /q/health}) keep it. See docs/decisions/0108.
     */
    private static void collapseUnmatchedPathInMetrics(RoutingContext ctx) {
        io.vertx.core.Context context = io.vertx.core.Vertx.currentContext();
        if (context == null) {
            return;
        }
        ctx.addHeadersEndHandler(v -> {
            if (context.getLocal("UrlPathTemplate") != null || ctx.response().getStatusCode() == 404) {
                return;
            }
            io.vertx.ext.web.Route route = ctx.currentRoute();
            String routePath = route == null ? null : route.getPath();
            if (routePath == null || routePath.equals("/") || routePath.endsWith("*")) {
                context.putLocal("UrlPathTemplate", UNMATCHED);
            }
        });
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
        String instance = Problem.occurrence();
        ctx.response().setStatusCode(status).putHeader("Content-Type", ProblemType.MEDIA_TYPE);
        if (close) {
            // The rest of an oversized body is not read: the connection cannot be reused.
            ctx.response().putHeader("Connection", "close");
        }
        ctx.response().end(ProblemResponses.json(type, detail, instance));
    }

    /**
     * No declared length but maybe a body: chunked over HTTP/1.1, or any body over HTTP/2 (which
     * has no Transfer-Encoding). GET and HEAD carry none worth buffering.
     */
    private static boolean worthBuffering(RoutingContext ctx) {
        io.vertx.core.http.HttpMethod method = ctx.request().method();
        if (!mayHaveBody(ctx)
                || !(method == io.vertx.core.http.HttpMethod.POST
                        || method == io.vertx.core.http.HttpMethod.PUT
                        || method == io.vertx.core.http.HttpMethod.PATCH)) {
            return false;
        }
        String type = ctx.request().getHeader("Content-Type");
        if (type == null) {
            return false;
        }
        String mediaType = type.split(";", 2)[0].trim().toLowerCase(java.util.Locale.ROOT);
        return mediaType.equals("application/json")
                || (mediaType.startsWith("application/") && mediaType.endsWith("+json"))
                || mediaType.equals("application/x-www-form-urlencoded");
    }

    private static boolean mayHaveBody(RoutingContext ctx) {
        io.vertx.core.http.HttpMethod method = ctx.request().method();
        return !ctx.request().isEnded()
                && method != io.vertx.core.http.HttpMethod.GET
                && method != io.vertx.core.http.HttpMethod.HEAD;
    }
}
