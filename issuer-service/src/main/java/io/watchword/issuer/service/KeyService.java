package io.watchword.issuer.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.watchword.core.net.CidrMatcher;
import io.watchword.core.problem.FieldError;
import io.watchword.core.problem.ProblemException;
import io.watchword.core.scope.Scope;
import io.watchword.events.v1.AuditOutcome;
import io.watchword.events.v1.CredentialRotated;
import io.watchword.events.v1.CredentialType;
import io.watchword.events.v1.CredentialUpdated;
import io.watchword.issuer.audit.AuditEvents;
import io.watchword.issuer.config.IssuerConfig;
import io.watchword.issuer.credential.CredentialLookup;
import io.watchword.issuer.credential.CredentialRepository;
import io.watchword.issuer.credential.CredentialStatus;
import io.watchword.issuer.credential.StoredCredential;
import io.watchword.issuer.limit.KeyLimitPolicy;
import io.watchword.issuer.limit.KeyLimitRepository;
import io.watchword.issuer.limit.KeyLimits;
import io.watchword.issuer.scope.ScopePolicy;
import io.watchword.issuer.tenant.Tenant;
import io.watchword.issuer.tenant.TenantRepository;
import io.watchword.kit.auth.AdminPrincipal;
import io.watchword.kit.outbox.OutboxWriter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** API key lifecycle: create, list, read, update, rotate. Each change and its events in one transaction. */
@ApplicationScoped
public class KeyService {

    private static final Set<String> KEY_ENVIRONMENTS = Set.of("live", "test");
    private static final int MAX_NAME = 200;

    private final CredentialIssuer issuer;
    private final CredentialRepository repository;
    private final CredentialLookup lookup;
    private final TenantRepository tenants;
    private final OutboxWriter outbox;
    private final IssuerConfig config;
    private final Clock clock;
    private final CredentialStatePublisher states;

    @Inject
    KeyLimitPolicy limitPolicy;

    @Inject
    KeyLimitRepository limitRepository;

    public KeyService(
            CredentialIssuer issuer,
            CredentialRepository repository,
            CredentialLookup lookup,
            TenantRepository tenants,
            OutboxWriter outbox,
            IssuerConfig config,
            Clock clock,
            CredentialStatePublisher states) {
        this.states = states;
        this.issuer = issuer;
        this.repository = repository;
        this.lookup = lookup;
        this.tenants = tenants;
        this.outbox = outbox;
        this.config = config;
        this.clock = clock;
    }

    /** A key just created and the limits it was created with (what its view shows, no read needed). */
    public record CreatedKey(IssuedCredential issued, KeyLimits limits) {}

    @Transactional
    public CreatedKey create(AdminPrincipal caller, String tenantId, CreateKeyRequest req, RequestInfo request) {
        if (req == null) {
            throw ProblemException.badRequest("a JSON body with at least 'name' and 'scopes' is required");
        }
        Instant now = clock.instant();
        Tenant tenant = tenants.find(tenantId)
                .orElseThrow(() -> ProblemException.notFound("tenant '" + tenantId + "' does not exist"));
        String name = requireName(req.name());
        String environment = req.environment() == null ? "live" : req.environment();
        if (!KEY_ENVIRONMENTS.contains(environment)) {
            throw Durations.invalid("environment", environment, "must be 'live' or 'test'");
        }
        List<Scope> scopes = ScopePolicy.forApiKey(req.scopes(), tenant.resources());
        Instant expiresAt = expiry(req.expiresAt(), req.ttl(), tenant.defaultKeyTtl(), tenant.maxKeyTtl(), now);
        List<String> cidrs = validateCidrs(req.allowedCidrs());
        Map<String, String> metadata = validateMetadata(req.metadata());
        KeyLimits limits = limitPolicy.forNewKey(req.limits());
        // The key, its CredentialIssued event, its first state and its audit record: the three
        // outbox records go to the database in one statement (decision 0182).
        return outbox.appendTogether(() -> {
            IssuedCredential issued = issuer.issue(
                    new CredentialIssuer.Spec(
                            tenant.id(),
                            CredentialType.API_KEY,
                            name,
                            environment,
                            scopes,
                            cidrs,
                            metadata,
                            expiresAt,
                            null,
                            null),
                    caller.credentialId(),
                    now);
            if (!limits.equals(KeyLimits.NONE)) {
                limitRepository.save(issued.credential().id(), limits, now);
                states.publish(issued.credential(), now);
            }
            outbox.append(audit(
                    caller,
                    tenant.id(),
                    "key.create",
                    issued.credential().id(),
                    request,
                    now,
                    Map.of(
                            "scopes",
                            String.join(" ", issued.credential().scopeStrings()),
                            "expiresAt",
                            expiresAt.toString())));
            return new CreatedKey(issued, limits);
        });
    }

    public StoredCredential get(AdminPrincipal caller, String id) {
        return repository
                .findById(id)
                .filter(c -> c.type() == CredentialType.API_KEY && caller.mayAccessTenant(c.tenantId()))
                .orElseThrow(() -> notFound(id));
    }

    public KeyPage list(
            AdminPrincipal caller,
            String tenantParam,
            String status,
            String expiringBefore,
            String environment,
            Integer limit,
            String cursor) {
        String tenantId = caller.tenantId();
        if (tenantParam != null && !tenantParam.equals(caller.tenantId())) {
            if (!caller.platform()) {
                throw Durations.invalid("tenant", tenantParam, "only platform admins may list another tenant's keys");
            }
            tenantId = tenantParam;
        }
        CredentialStatus statusFilter = null;
        if (status != null) {
            try {
                statusFilter = CredentialStatus.valueOf(status.toUpperCase());
            } catch (IllegalArgumentException e) {
                throw Durations.invalid("status", status, "must be ACTIVE, EXPIRED, SUSPENDED or REVOKED");
            }
        }
        Instant before = expiringBefore == null ? null : Durations.parseInstant("expiringBefore", expiringBefore);
        if (environment != null && !KEY_ENVIRONMENTS.contains(environment)) {
            throw Durations.invalid("environment", environment, "must be 'live' or 'test'");
        }
        int max = config.keys().maxPageSize();
        int size = limit == null ? Math.min(50, max) : limit;
        if (size < 1 || size > max) {
            throw Durations.invalid("limit", String.valueOf(limit), "must be between 1 and " + max);
        }
        Instant afterCreated = null;
        String afterId = null;
        if (cursor != null) {
            try {
                String decoded = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
                int bar = decoded.indexOf('|');
                afterCreated = Instant.parse(decoded.substring(0, bar));
                afterId = decoded.substring(bar + 1);
            } catch (IllegalArgumentException | DateTimeParseException | StringIndexOutOfBoundsException e) {
                throw Durations.invalid("cursor", cursor, "not a cursor returned by this API; start without one");
            }
        }
        List<StoredCredential> rows = repository.list(new CredentialRepository.ListQuery(
                tenantId, CredentialType.API_KEY, statusFilter, before, environment, afterCreated, afterId, size + 1));
        String next = null;
        if (rows.size() > size) {
            rows = rows.subList(0, size);
            StoredCredential last = rows.get(size - 1);
            next = Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString((last.createdAt() + "|" + last.id()).getBytes(StandardCharsets.UTF_8));
        }
        return new KeyPage(List.copyOf(rows), next);
    }

    /** Only name and metadata may change; anything else was refused by the resource already. */
    @Transactional
    public StoredCredential update(
            AdminPrincipal caller,
            String id,
            String newName,
            boolean nameGiven,
            Map<String, String> newMetadata,
            boolean metadataGiven,
            RequestInfo request) {
        Instant now = clock.instant();
        StoredCredential current = repository
                .findByIdForUpdate(id)
                .filter(c -> c.type() == CredentialType.API_KEY && caller.mayAccessTenant(c.tenantId()))
                .orElseThrow(() -> notFound(id));
        String name = nameGiven ? requireName(newName) : current.name();
        Map<String, String> metadata = metadataGiven ? validateMetadata(newMetadata) : current.metadata();
        repository.updateDescriptive(id, name, metadata, now);
        outbox.append(new CredentialUpdated(
                UUID.randomUUID(), now, current.tenantId(), id, name, metadata, caller.credentialId()));
        outbox.append(audit(caller, current.tenantId(), "key.update", id, request, now, Map.of()));
        StoredCredential updated = repository.findById(id).orElseThrow();
        states.publish(updated, now);
        lookup.invalidate(id);
        return updated;
    }

    /**
     * Replaces a key's limits and/or sets or lifts its throttle (a given {@code null} removes),
     * audits it and publishes the key's state so every verifier applies it live (decision 0172).
     */
    @Transactional
    public StoredCredential updateLimits(
            AdminPrincipal caller,
            String id,
            JsonNode limits,
            boolean limitsGiven,
            JsonNode throttle,
            boolean throttleGiven,
            RequestInfo request) {
        Instant now = clock.instant();
        StoredCredential current = repository
                .findByIdForUpdate(id)
                .filter(c -> c.type() == CredentialType.API_KEY && caller.mayAccessTenant(c.tenantId()))
                .orElseThrow(() -> notFound(id));
        KeyLimits before = limitRepository.find(id);
        KeyLimits next = limitsGiven
                ? limitPolicy
                        .parse(limits)
                        .withThrottle(before.throttleRateLimit(), before.throttleUntil(), before.throttleReason())
                : before;
        if (throttleGiven) {
            next = limitPolicy.throttle(next, throttle, now);
        }
        limitRepository.save(id, next, now);
        Map<String, String> details = new java.util.LinkedHashMap<>();
        if (limitsGiven) {
            details.put("limits", describe(next));
        }
        if (throttleGiven) {
            details.put(
                    "throttle",
                    next.throttleRateLimit() == null
                            ? "lifted"
                            : next.throttleRateLimit() + " until " + next.throttleUntil());
        }
        String action = throttleGiven && !limitsGiven
                ? (next.throttleRateLimit() == null ? "key.throttle.lift" : "key.throttle")
                : "key.limits";
        outbox.append(audit(caller, current.tenantId(), action, id, request, now, details));
        states.publish(current, now);
        return current;
    }

    private static String describe(KeyLimits l) {
        return "rateLimit=" + l.rateLimit() + "/" + l.windowSeconds() + "s burst=" + l.burst() + " quotaPerDay="
                + l.quotaPerDay() + " quotaPerMonth=" + l.quotaPerMonth();
    }

    /** The key's limits, for its view. */
    public KeyLimits limitsOf(String id) {
        return limitRepository.find(id);
    }

    /** The limits of a page of keys (those that have any), for their views. */
    public java.util.Map<String, KeyLimits> limitsOf(java.util.Collection<String> ids) {
        return limitRepository.findAll(ids);
    }

    @Transactional
    public IssuedCredential rotate(AdminPrincipal caller, String id, RotateKeyRequest req, RequestInfo request) {
        Instant now = clock.instant();
        StoredCredential old = repository
                .findByIdForUpdate(id)
                .filter(c -> c.type() == CredentialType.API_KEY && caller.mayAccessTenant(c.tenantId()))
                .orElseThrow(() -> notFound(id));
        if (old.rotatedTo() != null) {
            throw ProblemException.conflict(
                    "already-rotated",
                    "Key already rotated",
                    "key " + id + " was already rotated to " + old.rotatedTo() + "; rotate that key instead");
        }
        if (!old.usableAt(now)) {
            throw ProblemException.conflict(
                    "key-expired",
                    "Key expired",
                    "key " + id + " expired at " + old.expiresAt() + "; create a new key instead");
        }
        Duration grace = config.rotation().defaultGracePeriod();
        if (req != null && req.gracePeriod() != null) {
            grace = Durations.parseDuration("gracePeriod", req.gracePeriod());
            if (grace.isNegative() || grace.compareTo(config.rotation().maxGracePeriod()) > 0) {
                throw Durations.invalid(
                        "gracePeriod",
                        req.gracePeriod(),
                        "must be between PT0S and " + config.rotation().maxGracePeriod());
            }
        }
        Tenant tenant = tenants.find(old.tenantId()).orElseThrow();
        List<Scope> scopes = old.scopes();
        if (req != null && req.scopes() != null) {
            scopes = ScopePolicy.forApiKey(req.scopes(), tenant.resources());
            List<FieldError> wider = new ArrayList<>();
            for (Scope s : scopes) {
                if (old.scopes().stream().noneMatch(held -> held.implies(s))) {
                    wider.add(new FieldError("scopes", "'" + s + "' is not held by the key: a rotation only narrows"));
                }
            }
            if (!wider.isEmpty()) {
                throw ProblemException.invalid("a rotation may only narrow the key's scopes", wider);
            }
        }
        Instant graceEnds = now.plus(grace);
        if (graceEnds.isAfter(old.expiresAt())) {
            graceEnds = old.expiresAt();
        }
        IssuedCredential replacement = issuer.issue(
                new CredentialIssuer.Spec(
                        old.tenantId(),
                        CredentialType.API_KEY,
                        old.name(),
                        old.environment(),
                        scopes,
                        old.allowedCidrs(),
                        old.metadata(),
                        now.plus(tenant.defaultKeyTtl()),
                        old.id(),
                        null),
                caller.credentialId(),
                now);
        repository.markRotated(id, replacement.credential().id(), graceEnds, now);
        // the new key's ACTIVE state went out with its issue; now the old one's ROTATED state
        states.publish(repository.findById(id).orElseThrow(), now);
        outbox.append(new CredentialRotated(
                UUID.randomUUID(),
                now,
                old.tenantId(),
                id,
                replacement.credential().id(),
                graceEnds,
                caller.credentialId()));
        outbox.append(audit(
                caller,
                old.tenantId(),
                "key.rotate",
                id,
                request,
                now,
                Map.of("replacementId", replacement.credential().id(), "graceEndsAt", graceEnds.toString())));
        lookup.invalidate(id);
        return replacement;
    }

    static ProblemException notFound(String id) {
        return ProblemException.notFound("no such key exists in your tenant");
    }

    static String requireName(String name) {
        if (name == null || name.isBlank()) {
            throw Durations.invalid("name", name, "required: a label that says what the key is for");
        }
        if (name.length() > MAX_NAME) {
            throw Durations.invalid("name", name.substring(0, 20) + "…", "at most " + MAX_NAME + " characters");
        }
        return name.strip();
    }

    static Instant expiry(String expiresAt, String ttl, Duration defaultTtl, Duration maxTtl, Instant now) {
        if (expiresAt != null && ttl != null) {
            throw Durations.invalid("expiresAt", expiresAt, "give either 'expiresAt' or 'ttl', not both");
        }
        Instant latest = now.plus(maxTtl);
        if (expiresAt != null) {
            Instant at = Durations.parseInstant("expiresAt", expiresAt);
            if (!at.isAfter(now)) {
                throw Durations.invalid("expiresAt", expiresAt, "is in the past; give a future instant");
            }
            if (at.isAfter(latest)) {
                throw Durations.invalid(
                        "expiresAt",
                        expiresAt,
                        "exceeds this tenant's maximum key lifetime of " + maxTtl + " (latest " + latest + ")");
            }
            return at;
        }
        if (ttl != null) {
            Duration d = Durations.parseDuration("ttl", ttl);
            if (d.isZero() || d.isNegative()) {
                throw Durations.invalid("ttl", ttl, "must be positive");
            }
            if (d.compareTo(maxTtl) > 0) {
                throw Durations.invalid("ttl", ttl, "exceeds this tenant's maximum key lifetime of " + maxTtl);
            }
            return now.plus(d);
        }
        return now.plus(defaultTtl);
    }

    List<String> validateCidrs(List<String> cidrs) {
        if (cidrs == null) {
            return List.of();
        }
        List<FieldError> errors = new ArrayList<>();
        if (cidrs.size() > config.keys().maxCidrs()) {
            throw Durations.invalid(
                    "allowedCidrs", null, "at most " + config.keys().maxCidrs() + " entries");
        }
        for (int i = 0; i < cidrs.size(); i++) {
            String reason = CidrMatcher.validate(cidrs.get(i));
            if (reason != null) {
                // The matcher's reason quotes the value; the index points at it instead.
                errors.add(new FieldError(
                        "allowedCidrs[" + i + "]", "not a CIDR: an IPv4 or IPv6 address with an optional /prefix"));
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid("some of 'allowedCidrs' are not valid CIDRs; see 'errors'", errors);
        }
        return List.copyOf(cidrs);
    }

    Map<String, String> validateMetadata(Map<String, String> metadata) {
        if (metadata == null) {
            return Map.of();
        }
        if (metadata.size() > config.keys().metadataMaxEntries()) {
            throw Durations.invalid("metadata", null, "at most " + config.keys().metadataMaxEntries() + " entries");
        }
        int chars = 0;
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            if (e.getKey().isEmpty() || e.getValue() == null) {
                throw Durations.invalid("metadata", e.getKey(), "keys must be non-empty and values non-null strings");
            }
            chars += e.getKey().length() + e.getValue().length();
        }
        if (chars > config.keys().metadataMaxChars()) {
            throw Durations.invalid(
                    "metadata",
                    null,
                    "at most " + config.keys().metadataMaxChars() + " characters of keys and values in total");
        }
        return Map.copyOf(metadata);
    }

    static io.watchword.events.v1.AuditRecorded audit(
            AdminPrincipal caller,
            String tenantId,
            String action,
            String resourceId,
            RequestInfo request,
            Instant now,
            Map<String, String> details) {
        return AuditEvents.of(
                now,
                tenantId,
                caller.credentialId(),
                action,
                "credential",
                resourceId,
                AuditOutcome.SUCCESS,
                request,
                details);
    }
}
