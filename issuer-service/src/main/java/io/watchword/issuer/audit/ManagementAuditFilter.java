package io.watchword.issuer.audit;

import io.vertx.core.Context;
import io.vertx.core.http.HttpServerRequest;
import io.watchword.events.v1.AuditOutcome;
import io.watchword.events.v1.AuditRecorded;
import io.watchword.issuer.rest.RequestInfos;
import io.watchword.kit.auth.AdminPrincipal;
import io.watchword.kit.auth.AdminRequestContext;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ResourceInfo;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Audits every management request that the service did not already audit inside its own
 * transaction: reads and every refusal (401, 403, 400, 404, 409, 413, 415 …), with who, what,
 * from where and the outcome. Successful changes are audited atomically with the change itself.
 */
public class ManagementAuditFilter {

    private static final Logger LOG = Logger.getLogger(ManagementAuditFilter.class);

    private final AuditLog auditLog;
    private final AdminRequestContext requestContext;
    private final RequestInfos requestInfos;
    private final Clock clock;

    public ManagementAuditFilter(
            AuditLog auditLog, AdminRequestContext requestContext, RequestInfos requestInfos, Clock clock) {
        this.auditLog = auditLog;
        this.requestContext = requestContext;
        this.requestInfos = requestInfos;
        this.clock = clock;
    }

    @ServerResponseFilter
    public void audit(
            ContainerRequestContext request,
            ContainerResponseContext response,
            ResourceInfo resource,
            HttpServerRequest http) {
        String path = request.getUriInfo().getPath();
        if (!isManagement(path)) {
            return;
        }
        try {
            if (requestContext.audited() && response.getStatus() < 400) {
                return;
            }
            AdminPrincipal principal = requestContext.principal();
            int status = response.getStatus();
            AuditOutcome outcome =
                    status < 400 ? AuditOutcome.SUCCESS : status < 500 ? AuditOutcome.DENIED : AuditOutcome.FAILED;
            String resourceId = requestContext.resourceId();
            if (resourceId == null && request.getUriInfo().getPathParameters().containsKey("id")) {
                resourceId = request.getUriInfo().getPathParameters().getFirst("id");
            }
            AuditRecorded event = AuditEvents.of(
                    clock.instant(),
                    principal == null ? null : principal.tenantId(),
                    principal == null ? null : principal.credentialId(),
                    action(request, resource),
                    path.startsWith("/v1/tenants") ? "tenant" : "credential",
                    resourceId,
                    outcome,
                    requestInfos.of(http),
                    Map.of("status", Integer.toString(status), "method", request.getMethod(), "path", path));
            if (Context.isOnEventLoopThread()) {
                auditLog.recordAsync(event);
            } else {
                auditLog.record(event);
            }
        } catch (RuntimeException e) {
            LOG.warnf("could not audit %s %s: %s", request.getMethod(), path, e.getMessage());
        }
    }

    static boolean isManagement(String path) {
        return path.startsWith("/v1/keys") || path.startsWith("/v1/tenants") || path.startsWith("/v1/admin-keys");
    }

    private static String action(ContainerRequestContext request, ResourceInfo resource) {
        if (resource != null && resource.getResourceMethod() != null) {
            String type = resource.getResourceClass().getSimpleName().replace("Resource", "");
            String noun =
                    switch (type) {
                        case "Key" -> "key";
                        case "Tenant" -> "tenant";
                        case "AdminKey" -> "admin-key";
                        default -> type.toLowerCase(Locale.ROOT);
                    };
            return noun + "." + resource.getResourceMethod().getName();
        }
        return request.getMethod() + " " + request.getUriInfo().getPath();
    }
}
