package io.watchword.client.jaxrs;

import io.vertx.core.http.HttpServerRequest;
import io.watchword.client.WatchwordClient;
import io.watchword.client.verify.Refusal;
import io.watchword.client.verify.VerificationResult;
import io.watchword.client.verify.VerifiedPrincipal;
import io.watchword.core.problem.Problem;
import io.watchword.core.problem.ProblemType;
import io.watchword.core.scope.Scope;
import io.watchword.events.v1.ApiUsageRecorded;
import io.watchword.events.v1.UsageOutcome;
import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Protects every JAX-RS resource of the application: verifies {@code Authorization: Bearer <token
 * or API key>}, enforces {@link RequiresScope}, answers 401/403/503 as RFC 9457 problem+json, puts
 * the caller in the {@link jakarta.ws.rs.core.SecurityContext} (and the request property {@link
 * #PRINCIPAL}), and records one usage event per authenticated request.
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class WatchwordAuthFilter implements ContainerRequestFilter, ContainerResponseFilter {

    /** Request property holding the {@link VerifiedPrincipal}. */
    public static final String PRINCIPAL = "io.watchword.client.principal";

    private static final String STARTED = "io.watchword.client.started";
    private static final String RESULT = "io.watchword.client.result";
    private static final String ADDRESS = "io.watchword.client.address";
    private static final String PROBLEM_JSON = "application/problem+json";
    /** IETF httpapi ratelimit-headers draft -11. */
    static final String RATE_LIMIT_POLICY = "RateLimit-Policy";

    static final String RATE_LIMIT = "RateLimit";

    private final Map<Method, Requirement> requirements = new ConcurrentHashMap<>();

    @Inject
    WatchwordClient client;

    @Inject
    Instance<HttpServerRequest> httpRequest;

    @Inject
    Instance<ClientAddressResolver> addressResolver;

    @Context
    ResourceInfo resourceInfo;

    /** What a resource method needs: nothing, a valid credential, or credentials with scopes. */
    private record Requirement(boolean anonymous, List<Scope> scopes, String route) {}

    @Override
    public void filter(ContainerRequestContext request) {
        request.setProperty(STARTED, System.nanoTime());
        Requirement requirement = requirement();
        if (requirement.anonymous()) {
            return;
        }
        InetAddress address = clientAddress();
        request.setProperty(ADDRESS, address);
        VerificationResult result = client.verifyAuthorization(
                request.getHeaderString(HttpHeaders.AUTHORIZATION), requirement.scopes(), address);
        // Kept for the response filter: refused requests are usage too (contract 2).
        request.setProperty(RESULT, result);
        if (result.principal() != null) {
            request.setProperty(PRINCIPAL, result.principal());
        }
        if (!result.isAccepted()) {
            request.abortWith(problem(result, requirement, request.getUriInfo().getPath()));
            return;
        }
        request.setSecurityContext(new WatchwordSecurityContext(
                result.principal(), request.getSecurityContext().isSecure()));
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (!(request.getProperty(RESULT) instanceof VerificationResult result)) {
            return; // an anonymous endpoint: no credential, no usage
        }
        if (result.limit() != null && result.isAccepted()) {
            // The draft's headers on every answer to a limited key, so callers can pace themselves.
            response.getHeaders().putSingle(RATE_LIMIT_POLICY, result.limit().policyHeader());
            response.getHeaders().putSingle(RATE_LIMIT, result.limit().rateLimitHeader());
        }
        VerifiedPrincipal caller = result.principal();
        Object started = request.getProperty(STARTED);
        long micros = started instanceof Long nanos ? (System.nanoTime() - nanos) / 1000 : 0;
        Object address = request.getProperty(ADDRESS);
        client.recordUsage(new ApiUsageRecorded(
                UUID.randomUUID(),
                Instant.now(),
                caller == null ? null : caller.tenantId(),
                caller == null ? null : caller.credentialId(),
                client.serviceName(),
                request.getMethod(),
                requirement().route(),
                response.getStatus(),
                micros,
                address instanceof InetAddress inet ? inet.getHostAddress() : null,
                request.getHeaderString(HttpHeaders.USER_AGENT),
                Math.max(0, request.getLength()),
                Math.max(0, response.getLength()),
                result.isAccepted() ? UsageOutcome.ACCEPTED : UsageOutcome.REFUSED,
                result.isAccepted() ? null : result.refusal().usageReason(),
                caller == null ? result.displayPrefix() : null,
                // What the method declares: analytics' scope advice counts it instead of guessing (0221).
                requirement().scopes().isEmpty()
                        ? null
                        : requirement().scopes().stream().map(Scope::toString).toList()));
    }

    private Requirement requirement() {
        Method method = resourceInfo == null ? null : resourceInfo.getResourceMethod();
        if (method == null) {
            return new Requirement(false, List.of(), "unmatched");
        }
        return requirements.computeIfAbsent(method, m -> requirementOf(resourceInfo.getResourceClass(), m));
    }

    private static Requirement requirementOf(Class<?> type, Method method) {
        boolean anonymous = method.isAnnotationPresent(AllowAnonymous.class)
                || (type != null && type.isAnnotationPresent(AllowAnonymous.class));
        RequiresScope declared = method.getAnnotation(RequiresScope.class);
        if (declared == null && type != null) {
            declared = type.getAnnotation(RequiresScope.class);
        }
        List<Scope> scopes = new ArrayList<>();
        if (declared != null) {
            for (String text : declared.value()) {
                // Parsed here so a typo in an annotation fails the first request loudly, not silently.
                scopes.add(Scope.parse(text));
            }
        }
        return new Requirement(anonymous, List.copyOf(scopes), route(type, method));
    }

    /** The route template, e.g. {@code /orders/{id}}: usage is grouped by route, not by URL. */
    private static String route(Class<?> type, Method method) {
        StringBuilder route = new StringBuilder();
        Path classPath = type == null ? null : type.getAnnotation(Path.class);
        Path methodPath = method.getAnnotation(Path.class);
        for (Path path : new Path[] {classPath, methodPath}) {
            if (path != null && !path.value().isEmpty() && !path.value().equals("/")) {
                String value = path.value();
                route.append(value.startsWith("/") ? "" : "/")
                        .append(value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
            }
        }
        return route.length() == 0 ? "/" : route.toString();
    }

    /** The caller's address: from the application's {@link ClientAddressResolver}, else the TCP peer. */
    private InetAddress clientAddress() {
        try {
            if (httpRequest != null && httpRequest.isResolvable()) {
                HttpServerRequest http = httpRequest.get();
                if (addressResolver != null && addressResolver.isResolvable()) {
                    return addressResolver.get().clientAddress(http);
                }
                return http.remoteAddress() == null
                        ? null
                        : literal(http.remoteAddress().hostAddress());
            }
        } catch (RuntimeException e) {
            // Outside a Vert.x request (another JAX-RS runtime): the address is simply unknown.
        }
        return null;
    }

    /**
     * The peer as an address: Vert.x gives a literal; anything that is not an IPv4 or IPv6 literal
     * is treated as unknown rather than looked up by name.
     */
    static InetAddress literal(String text) {
        if (text == null
                || !(text.matches("\\d{1,3}(\\.\\d{1,3}){3}")
                        || text.matches("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*(%\\w+)?"))) {
            return null;
        }
        try {
            return InetAddress.getByName(text);
        } catch (java.net.UnknownHostException e) {
            return null;
        }
    }

    static Response problem(VerificationResult result, Requirement requirement, String path) {
        Refusal refusal = result.refusal();
        // The core vocabulary's type and title (one per status); the refusal stays as an extension.
        ProblemType type = refusal.httpStatus() == 401
                ? ProblemType.INVALID_CREDENTIAL
                : refusal.httpStatus() == 403
                        ? ProblemType.INSUFFICIENT_SCOPE
                        : refusal == Refusal.THROTTLED
                                ? ProblemType.ABNORMAL_USAGE_DETECTED
                                : refusal.httpStatus() == 429
                                        ? ProblemType.QUOTA_EXCEEDED
                                        : ProblemType.forStatus(refusal.httpStatus());
        String document =
                Problem.of(type, result.detail(), Problem.occurrence()).toJson();
        String body = document.substring(0, document.length() - 1) + ",\"reason\":\"" + refusal.name() + "\"}";
        Response.ResponseBuilder response =
                Response.status(refusal.httpStatus()).type(PROBLEM_JSON).entity(body);
        if (refusal.httpStatus() == 401) {
            response.header(
                    HttpHeaders.WWW_AUTHENTICATE,
                    refusal == Refusal.MISSING_CREDENTIAL
                            ? "Bearer realm=\"watchword\""
                            : "Bearer realm=\"watchword\", error=\"invalid_token\"");
        } else if (refusal == Refusal.INSUFFICIENT_SCOPE) {
            StringBuilder scopes = new StringBuilder();
            requirement.scopes().forEach(s -> scopes.append(scopes.length() == 0 ? "" : " ")
                    .append(s));
            response.header(
                    HttpHeaders.WWW_AUTHENTICATE,
                    "Bearer realm=\"watchword\", error=\"insufficient_scope\", scope=\"" + scopes + "\"");
        } else if (refusal.httpStatus() == 429 && result.limit() != null) {
            response.header(
                    HttpHeaders.RETRY_AFTER, Long.toString(result.limit().retryAfterSeconds()));
            response.header(RATE_LIMIT_POLICY, result.limit().policyHeader());
            response.header(RATE_LIMIT, result.limit().rateLimitHeader());
        } else if (refusal.httpStatus() == 503) {
            response.header(HttpHeaders.RETRY_AFTER, "5");
        }
        return response.build();
    }
}
