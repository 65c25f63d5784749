package io.watchword.issuer.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.watchword.core.credential.ApiKeyFormat;
import io.watchword.core.credential.CredentialIds;
import io.watchword.core.scope.Scope;
import io.watchword.events.v1.CredentialIssued;
import io.watchword.events.v1.CredentialType;
import io.watchword.issuer.credential.CredentialRepository;
import io.watchword.issuer.credential.CredentialStatus;
import io.watchword.issuer.credential.KeyHasher;
import io.watchword.issuer.credential.StoredCredential;
import io.watchword.kit.outbox.OutboxWriter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Creates any credential (API key or admin) and its CredentialIssued event and first published state
 * in the caller's transaction.
 */
@ApplicationScoped
public class CredentialIssuer {

    private final KeyHasher hasher;
    private final CredentialRepository repository;
    private final OutboxWriter outbox;
    private final MeterRegistry registry;
    private final CredentialStatePublisher states;
    /** Registered once per type, not looked up per key. */
    private final Map<CredentialType, Counter> created = new java.util.concurrent.ConcurrentHashMap<>();

    public CredentialIssuer(
            KeyHasher hasher,
            CredentialRepository repository,
            OutboxWriter outbox,
            MeterRegistry registry,
            CredentialStatePublisher states) {
        this.hasher = hasher;
        this.repository = repository;
        this.outbox = outbox;
        this.registry = registry;
        this.states = states;
    }

    /** What a new credential looks like; {@code presetKey} adopts a given key (bootstrap only). */
    public record Spec(
            String tenantId,
            CredentialType type,
            String name,
            String environment,
            List<Scope> scopes,
            List<String> allowedCidrs,
            Map<String, String> metadata,
            Instant expiresAt,
            String rotatedFrom,
            String presetKey) {}

    @Transactional(Transactional.TxType.MANDATORY)
    public IssuedCredential issue(Spec spec, String actor, Instant now) {
        String key = spec.presetKey() != null ? spec.presetKey() : ApiKeyFormat.generate(spec.environment());
        String id =
                spec.type() == CredentialType.ADMIN_KEY ? CredentialIds.newAdminKeyId() : CredentialIds.newApiKeyId();
        StoredCredential credential = new StoredCredential(
                id,
                spec.tenantId(),
                spec.type(),
                spec.name(),
                spec.environment(),
                ApiKeyFormat.displayPrefix(key),
                spec.scopes(),
                spec.allowedCidrs(),
                spec.metadata(),
                CredentialStatus.ACTIVE,
                now,
                spec.expiresAt(),
                null,
                null,
                spec.rotatedFrom());
        repository.insert(credential, hasher.hash(key), actor);
        outbox.append(new CredentialIssued(
                UUID.randomUUID(),
                now,
                credential.tenantId(),
                credential.id(),
                credential.type(),
                credential.name(),
                credential.environment(),
                credential.displayPrefix(),
                credential.scopeStrings(),
                credential.allowedCidrs(),
                credential.metadata(),
                credential.expiresAt(),
                spec.rotatedFrom(),
                actor));
        states.publishNew(credential, now);
        created.computeIfAbsent(spec.type(), type -> Counter.builder("watchword.keys.created")
                        .description("Credentials created")
                        .tag("type", type.name())
                        .register(registry))
                .increment();
        return new IssuedCredential(credential, key);
    }
}
