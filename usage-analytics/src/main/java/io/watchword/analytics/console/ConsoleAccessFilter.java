package io.watchword.analytics.console;

import io.quarkus.arc.Arc;
import io.quarkus.arc.InjectableContext;
import io.quarkus.arc.ManagedContext;
import io.quarkus.runtime.BlockingOperationControl;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.watchword.core.problem.Problem;
import io.watchword.core.problem.ProblemException;
import io.watchword.kit.auth.AdminAuthenticator;
import io.watchword.kit.auth.AdminPrincipal;
import io.watchword.kit.problem.ProblemResponses;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Authenticates every {@link ConsoleAccess} endpoint before its body or parameters are read, with
 * the kit's {@link AdminAuthenticator} (the one indistinguishable 401), then checks the role. The
 * kit's {@code @AdminScope} names one scope; a console endpoint accepts any of several roles, each
 * a scope (decision 0158). The principal is left in the kit's request context for the resource.
 */
public class ConsoleAccessFilter {

    @Inject
    AdminAuthenticator authenticator;

    @ServerRequestFilter(priority = Priorities.AUTHENTICATION)
    public Uni<Response> authorize(ContainerRequestContext request, ResourceInfo resource) {
        ConsoleRole[] allowed = rolesOf(resource);
        if (allowed == null) {
            return Uni.createFrom().nullItem();
        }
        String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        String instance = Problem.occurrence();
        if (BlockingOperationControl.isBlockingAllowed()) {
            return Uni.createFrom().item(check(authorization, allowed, instance));
        }
        // Introspecting with the issuer blocks: off the event loop, carrying the request context.
        ManagedContext requestScope = Arc.container().requestContext();
        InjectableContext.ContextState state = requestScope.isActive() ? requestScope.getState() : null;
        return Uni.createFrom()
                .item(() -> {
                    if (state == null) {
                        return check(authorization, allowed, instance);
                    }
                    requestScope.activate(state);
                    try {
                        return check(authorization, allowed, instance);
                    } finally {
                        requestScope.deactivate();
                    }
                })
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private Response check(String authorization, ConsoleRole[] allowed, String instance) {
        try {
            AdminPrincipal principal = authenticator.authenticate(authorization);
            Set<ConsoleRole> held = ConsoleRole.of(principal);
            for (ConsoleRole role : allowed) {
                if (held.contains(role)) {
                    return null;
                }
            }
            throw ProblemException.insufficientScope("This admin credential lacks the console role this needs: "
                    + Arrays.stream(allowed)
                            .map(r -> r.name().toLowerCase(java.util.Locale.ROOT) + " (" + r.scope() + ")")
                            .collect(Collectors.joining(" or "))
                    + ".");
        } catch (ProblemException e) {
            return ProblemResponses.of(e, instance);
        }
    }

    static ConsoleRole[] rolesOf(ResourceInfo resource) {
        if (resource == null || resource.getResourceClass() == null) {
            return null;
        }
        Method method = resource.getResourceMethod();
        ConsoleAccess onMethod = method == null ? null : method.getAnnotation(ConsoleAccess.class);
        if (onMethod != null) {
            return onMethod.value();
        }
        ConsoleAccess onClass = resource.getResourceClass().getAnnotation(ConsoleAccess.class);
        return onClass == null ? null : onClass.value();
    }
}
