package io.watchword.issuer.service;

import io.watchword.core.problem.ProblemException;
import io.watchword.core.scope.Scope;
import io.watchword.events.v1.AuditOutcome;
import io.watchword.events.v1.CredentialType;
import io.watchword.issuer.audit.AuditEvents;
import io.watchword.issuer.config.IssuerConfig;
import io.watchword.issuer.credential.CredentialRepository;
import io.watchword.issuer.credential.StoredCredential;
import io.watchword.issuer.scope.ScopePolicy;
import io.watchword.kit.auth.AdminPrincipal;
import io.watchword.kit.outbox.OutboxWriter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Further admin credentials in the caller's tenant, never with more scopes than the caller's. */
@ApplicationScoped
public class AdminKeyService {

    private final CredentialIssuer issuer;
    private final CredentialRepository repository;
    private final OutboxWriter outbox;
    private final IssuerConfig config;
    private final Clock clock;

    public AdminKeyService(
            CredentialIssuer issuer,
            CredentialRepository repository,
            OutboxWriter outbox,
            IssuerConfig config,
            Clock clock) {
        this.issuer = issuer;
        this.repository = repository;
        this.outbox = outbox;
        this.config = config;
        this.clock = clock;
    }

    @Transactional
    public IssuedCredential create(AdminPrincipal caller, CreateAdminKeyRequest req, RequestInfo request) {
        if (req == null) {
            throw ProblemException.badRequest("a JSON body with 'name' and 'scopes' is required");
        }
        Instant now = clock.instant();
        String name = KeyService.requireName(req.name());
        List<Scope> scopes = ScopePolicy.forAdminKey(req.scopes(), s -> caller.holds(s.toString()));
        Instant expiresAt = KeyService.expiry(
                req.expiresAt(),
                req.ttl(),
                config.admin().defaultTtl(),
                config.admin().maxTtl(),
                now);
        IssuedCredential issued = issuer.issue(
                new CredentialIssuer.Spec(
                        caller.tenantId(),
                        CredentialType.ADMIN_KEY,
                        name,
                        "admin",
                        scopes,
                        List.of(),
                        Map.of(),
                        expiresAt,
                        null,
                        null),
                caller.credentialId(),
                now);
        outbox.append(AuditEvents.of(
                now,
                caller.tenantId(),
                caller.credentialId(),
                "admin-key.create",
                "credential",
                issued.credential().id(),
                AuditOutcome.SUCCESS,
                request,
                Map.of("scopes", String.join(" ", issued.credential().scopeStrings()))));
        return issued;
    }

    /**
     * One admin key of the caller's tenant (any tenant's for the platform). Another tenant's id, an
     * API key's id and an id that does not exist give the same 404, without echoing the id, so a
     * caller learns nothing about what exists outside its tenant.
     */
    public StoredCredential get(AdminPrincipal caller, String id) {
        return repository
                .findById(id)
                .filter(c -> c.type() == CredentialType.ADMIN_KEY && caller.mayAccessTenant(c.tenantId()))
                .orElseThrow(() -> ProblemException.notFound("no such admin key exists in your tenant"));
    }
}
