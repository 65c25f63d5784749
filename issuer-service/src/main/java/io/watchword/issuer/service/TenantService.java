package io.watchword.issuer.service;

import io.watchword.core.credential.Base62;
import io.watchword.core.credential.TenantIds;
import io.watchword.core.problem.FieldError;
import io.watchword.core.problem.ProblemException;
import io.watchword.core.scope.Scope;
import io.watchword.core.scope.ScopeAction;
import io.watchword.events.v1.AuditOutcome;
import io.watchword.events.v1.CredentialType;
import io.watchword.issuer.audit.AuditEvents;
import io.watchword.issuer.config.IssuerConfig;
import io.watchword.issuer.scope.ScopePolicy;
import io.watchword.issuer.tenant.Tenant;
import io.watchword.issuer.tenant.TenantRepository;
import io.watchword.kit.auth.AdminPrincipal;
import io.watchword.kit.outbox.OutboxWriter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** Tenants and their first admin credential; only platform admins create tenants. */
@ApplicationScoped
public class TenantService {

    private static final Pattern RESOURCE = Pattern.compile("[a-z][a-z0-9_-]{0,62}(\\.[a-z][a-z0-9_-]{0,62})*");

    /** What a tenant's first admin credential may do: everything inside its own tenant. */
    public static final List<Scope> TENANT_ADMIN_SCOPES = List.of(
            Scope.of("keys", ScopeAction.ADMIN),
            Scope.of("tenants", ScopeAction.READ),
            Scope.of("introspection", ScopeAction.READ),
            Scope.of("revocations", ScopeAction.ADMIN),
            Scope.of("policies", ScopeAction.ADMIN),
            Scope.of("audit", ScopeAction.READ),
            // usage-analytics: usage:read queries, usage:write publishes usage events (decision 0149).
            Scope.of("usage", ScopeAction.ADMIN));

    private final TenantRepository tenants;
    private final CredentialIssuer issuer;
    private final OutboxWriter outbox;
    private final IssuerConfig config;
    private final Clock clock;

    public TenantService(
            TenantRepository tenants, CredentialIssuer issuer, OutboxWriter outbox, IssuerConfig config, Clock clock) {
        this.tenants = tenants;
        this.issuer = issuer;
        this.outbox = outbox;
        this.config = config;
        this.clock = clock;
    }

    @Transactional
    public TenantCreated create(AdminPrincipal caller, CreateTenantRequest req, RequestInfo request) {
        if (!caller.platform()) {
            throw ProblemException.insufficientScope("only platform admins (the system tenant) create tenants");
        }
        if (req == null) {
            throw ProblemException.badRequest("a JSON body with at least 'name' and 'resources' is required");
        }
        Instant now = clock.instant();
        String id = req.id() == null ? "t-" + Base62.random(12).toLowerCase(Locale.ROOT) : req.id();
        if (!TenantIds.isTenantId(id) || AdminPrincipal.SYSTEM_TENANT.equals(id)) {
            throw Durations.invalid(
                    "id", id, "2-63 lower-case letters, digits or '-', starting with a letter; not 'system'");
        }
        String name = KeyService.requireName(req.name());
        Duration defaultTtl = req.defaultKeyTtl() == null
                ? config.keys().defaultTtl()
                : Durations.parseDuration("defaultKeyTtl", req.defaultKeyTtl());
        Duration maxTtl = req.maxKeyTtl() == null
                ? config.keys().maxTtl()
                : Durations.parseDuration("maxKeyTtl", req.maxKeyTtl());
        if (defaultTtl.isNegative() || defaultTtl.isZero()) {
            throw Durations.invalid("defaultKeyTtl", req.defaultKeyTtl(), "must be positive");
        }
        if (maxTtl.compareTo(defaultTtl) < 0) {
            throw Durations.invalid(
                    "maxKeyTtl", req.maxKeyTtl(), "must be at least defaultKeyTtl (" + defaultTtl + ")");
        }
        List<String> resources = validateResources(req.resources());
        Tenant tenant = new Tenant(id, name, defaultTtl, maxTtl, resources, now);
        if (!tenants.insertIfAbsent(tenant, caller.credentialId())) {
            throw ProblemException.conflict(
                    "tenant-exists", "Tenant exists", "a tenant with id '" + id + "' already exists");
        }
        IssuedCredential admin = issuer.issue(
                new CredentialIssuer.Spec(
                        id,
                        CredentialType.ADMIN_KEY,
                        "initial admin of " + name,
                        "admin",
                        TENANT_ADMIN_SCOPES,
                        List.of(),
                        Map.of(),
                        now.plus(config.admin().defaultTtl()),
                        null,
                        null),
                caller.credentialId(),
                now);
        outbox.append(AuditEvents.of(
                now,
                caller.tenantId(),
                caller.credentialId(),
                "tenant.create",
                "tenant",
                id,
                AuditOutcome.SUCCESS,
                request,
                Map.of("adminKeyId", admin.credential().id())));
        return new TenantCreated(tenant, admin);
    }

    public Tenant get(AdminPrincipal caller, String id) {
        return tenants.find(id)
                .filter(t -> caller.mayAccessTenant(t.id()))
                .orElseThrow(() -> ProblemException.notFound("no such tenant is visible to you"));
    }

    static List<String> validateResources(List<String> resources) {
        if (resources == null) {
            return List.of();
        }
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < resources.size(); i++) {
            String r = resources.get(i);
            if (r == null || !RESOURCE.matcher(r).matches()) {
                errors.add(new FieldError(
                        "resources[" + i + "]", "lower-case letters, digits, '_' or '-', starting with a letter"));
            } else if (ScopePolicy.MANAGEMENT_RESOURCES.contains(r)) {
                errors.add(new FieldError("resources[" + i + "]", "reserved for Watchword's management API"));
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid("some 'resources' are invalid; see 'errors'", errors);
        }
        return List.copyOf(new LinkedHashSet<>(resources));
    }
}
