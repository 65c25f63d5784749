package io.watchword.kit.auth;

import io.quarkus.arc.Arc;
import io.quarkus.arc.InjectableContext;
import io.quarkus.arc.ManagedContext;
import io.quarkus.runtime.BlockingOperationControl;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.watchword.core.problem.Problem;
import io.watchword.core.problem.ProblemException;
import io.watchword.kit.problem.ProblemResponses;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.lang.reflect.Method;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Authenticates every {@link AdminScope} endpoint before its body is read (a request filter runs
 * before body deserialization unless it asks for the body), so an anonymous request with any body
 * is a 401 and never a list of field errors. Looking the credential up may block (JDBC, an HTTP
 * call to the issuer): on the event loop it moves to a worker thread, carrying the request context.
 */
public class AdminAuthenticationFilter {

    @Inject
    AdminAuthenticator authenticator;

    @ServerRequestFilter(priority = Priorities.AUTHENTICATION)
    public Uni<Response> authenticate(ContainerRequestContext request, ResourceInfo resource) {
        String scope = scopeOf(resource);
        if (scope == null) {
            return Uni.createFrom().nullItem();
        }
        String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        String instance = Problem.occurrence(); // never the path: it may carry the caller's input
        if (BlockingOperationControl.isBlockingAllowed()) {
            return Uni.createFrom().item(check(authorization, scope, instance));
        }
        ManagedContext requestScope = Arc.container().requestContext();
        InjectableContext.ContextState state = requestScope.isActive() ? requestScope.getState() : null;
        return Uni.createFrom()
                .item(() -> {
                    if (state == null) {
                        return check(authorization, scope, instance);
                    }
                    requestScope.activate(state);
                    try {
                        return check(authorization, scope, instance);
                    } finally {
                        requestScope.deactivate();
                    }
                })
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private Response check(String authorization, String scope, String instance) {
        try {
            authenticator.requireScope(authenticator.authenticate(authorization), scope);
            return null;
        } catch (ProblemException e) {
            return ProblemResponses.of(e, instance);
        }
    }

    static String scopeOf(ResourceInfo resource) {
        if (resource == null || resource.getResourceClass() == null) {
            return null;
        }
        Method method = resource.getResourceMethod();
        AdminScope onMethod = method == null ? null : method.getAnnotation(AdminScope.class);
        if (onMethod != null) {
            return onMethod.value();
        }
        AdminScope onClass = resource.getResourceClass().getAnnotation(AdminScope.class);
        return onClass == null ? null : onClass.value();
    }
}
