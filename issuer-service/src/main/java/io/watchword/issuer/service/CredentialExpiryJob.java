package io.watchword.issuer.service;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.watchword.events.v1.CredentialExpired;
import io.watchword.issuer.config.IssuerConfig;
import io.watchword.issuer.credential.CredentialLookup;
import io.watchword.issuer.credential.CredentialRepository;
import io.watchword.issuer.credential.StoredCredential;
import io.watchword.kit.outbox.OutboxWriter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Marks lapsed keys EXPIRED (rotated keys whose grace ended included) and publishes {@code
 * CredentialExpired} and the EXPIRED state for each, in one transaction.
 * Safe on several instances ({@code FOR UPDATE SKIP LOCKED}). Lookups refuse an expired key from
 * the instant it lapses whether or not this job has run yet; the job makes it visible to others.
 */
@ApplicationScoped
public class CredentialExpiryJob {

    private static final Logger LOG = Logger.getLogger(CredentialExpiryJob.class);

    private final CredentialRepository repository;
    private final CredentialLookup lookup;
    private final OutboxWriter outbox;
    private final IssuerConfig config;
    private final Clock clock;
    private final CredentialStatePublisher states;
    private ScheduledExecutorService executor;

    public CredentialExpiryJob(
            CredentialRepository repository,
            CredentialLookup lookup,
            OutboxWriter outbox,
            IssuerConfig config,
            Clock clock,
            CredentialStatePublisher states) {
        this.states = states;
        this.repository = repository;
        this.lookup = lookup;
        this.outbox = outbox;
        this.config = config;
        this.clock = clock;
    }

    void start(@Observes StartupEvent event) {
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "watchword-expiry");
            t.setDaemon(true);
            return t;
        });
        long interval = config.expiry().interval().toMillis();
        executor.scheduleWithFixedDelay(this::runSafely, interval, interval, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    private void runSafely() {
        try {
            while (expireBatch() >= config.expiry().batchSize()) {
                // more lapsed keys are waiting
            }
        } catch (Exception e) {
            LOG.warnf("expiry job failed, retrying next run: %s", e.getMessage());
        }
    }

    /** @return how many keys were expired */
    public int expireBatch() {
        List<StoredCredential> lapsed = QuarkusTransaction.requiringNew().call(() -> {
            Instant now = clock.instant();
            List<StoredCredential> rows =
                    repository.expireLapsed(now, config.expiry().batchSize());
            for (StoredCredential r : rows) {
                // the history event and the new state, both for a rotated key whose grace ended too
                outbox.append(new CredentialExpired(UUID.randomUUID(), now, r.tenantId(), r.id(), r.expiresAt()));
                states.publish(r, now);
            }
            return rows;
        });
        lapsed.forEach(r -> lookup.invalidate(r.id()));
        return lapsed.size();
    }
}
