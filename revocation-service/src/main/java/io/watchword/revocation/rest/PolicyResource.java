package io.watchword.revocation.rest;

import io.vertx.core.http.HttpServerRequest;
import io.watchword.core.problem.FieldError;
import io.watchword.core.problem.ProblemException;
import io.watchword.events.v1.AuditOutcome;
import io.watchword.events.v1.AuditRecorded;
import io.watchword.kit.auth.AdminAuthenticator;
import io.watchword.kit.auth.AdminPrincipal;
import io.watchword.kit.auth.AdminScope;
import io.watchword.kit.outbox.OutboxWriter;
import io.watchword.revocation.policy.PolicyValidator;
import io.watchword.revocation.policy.ResponsePolicy;
import io.watchword.revocation.repository.PolicyRepository;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The caller's tenant's response policy for alerts ({@code policies:read}, {@code policies:write}). */
@Path("/v1/policy")
@Produces(MediaType.APPLICATION_JSON)
public class PolicyResource {

    private final PolicyRepository policies;
    private final AdminAuthenticator auth;
    private final OutboxWriter outbox;
    private final ClientIp clientIp;

    @Inject
    public PolicyResource(PolicyRepository policies, AdminAuthenticator auth, OutboxWriter outbox, ClientIp clientIp) {
        this.policies = policies;
        this.auth = auth;
        this.outbox = outbox;
        this.clientIp = clientIp;
    }

    @AdminScope("policies:read")
    @GET
    public PolicyView get(@Context HttpHeaders headers) {
        AdminPrincipal admin = auth.require(headers, "policies:read");
        return policies.find(admin.tenantId())
                .map(stored -> view(admin.tenantId(), stored, false))
                .orElseGet(() -> view(
                        admin.tenantId(),
                        new PolicyRepository.StoredPolicy(ResponsePolicy.DEFAULT, 0, null, null),
                        true));
    }

    @AdminScope("policies:write")
    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    public PolicyView put(ResponsePolicy body, @Context HttpHeaders headers, @Context HttpServerRequest http) {
        AdminPrincipal admin = auth.require(headers, "policies:write");
        List<FieldError> errors = PolicyValidator.validate(body);
        if (!errors.isEmpty()) {
            throw ProblemException.badRequest(
                    "The policy is invalid (" + errors.size() + " error" + (errors.size() == 1 ? "" : "s")
                            + "); nothing was changed.",
                    errors);
        }
        Instant now = Instant.now();
        PolicyRepository.StoredPolicy stored =
                policies.save(admin.tenantId(), body.normalized(), admin.credentialId(), now);
        outbox.append(new AuditRecorded(
                UUID.randomUUID(),
                now,
                admin.tenantId(),
                "revocation-service",
                admin.credentialId(),
                "policy.update",
                "RESPONSE_POLICY",
                admin.tenantId(),
                AuditOutcome.SUCCESS,
                clientIp.of(http),
                headers.getHeaderString(HttpHeaders.USER_AGENT),
                Map.of("version", Integer.toString(stored.version()))));
        return view(admin.tenantId(), stored, false);
    }

    private static PolicyView view(String tenantId, PolicyRepository.StoredPolicy stored, boolean builtIn) {
        ResponsePolicy p = stored.policy().normalized();
        return new PolicyView(
                tenantId,
                p.isDryRun(),
                p.defaultAction(),
                p.rules(),
                p.allowlist(),
                stored.version(),
                stored.updatedAt(),
                stored.updatedBy(),
                builtIn);
    }
}
