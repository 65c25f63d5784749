package io.watchword.issuer.service;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.watchword.issuer.config.IssuerConfig;
import io.watchword.issuer.credential.CredentialRepository;
import io.watchword.issuer.credential.StoredCredential;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Keeps {@code watchword.credential-state.v1} complete and bounded, on several instances safely
 * ({@code FOR UPDATE SKIP LOCKED}):
 *
 * <ul>
 *   <li>backfill (decision 0102): publishes the state of every credential stored before the topic
 *       existed, once, marking it in the same transaction;
 *   <li>tombstones (decision 0101): once a credential's expiry plus {@code
 *       credential-state.tombstone-margin} has passed, a null value removes it from the topic.
 * </ul>
 */
@ApplicationScoped
public class CredentialStateJob {

    private static final Logger LOG = Logger.getLogger(CredentialStateJob.class);

    private final CredentialRepository repository;
    private final CredentialStatePublisher states;
    private final IssuerConfig config;
    private final Clock clock;
    private ScheduledExecutorService executor;

    public CredentialStateJob(
            CredentialRepository repository, CredentialStatePublisher states, IssuerConfig config, Clock clock) {
        this.repository = repository;
        this.states = states;
        this.config = config;
        this.clock = clock;
    }

    void start(@Observes StartupEvent event) {
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "watchword-credential-state");
            t.setDaemon(true);
            return t;
        });
        long interval = config.credentialState().interval().toMillis();
        // The backfill starts right away; afterwards it finds nothing and costs one indexed query.
        executor.scheduleWithFixedDelay(this::runSafely, 0, interval, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    private void runSafely() {
        try {
            int batch = config.credentialState().batchSize();
            int backfilled = 0;
            int n;
            while ((n = backfillBatch()) > 0) {
                backfilled += n;
                if (n < batch) {
                    break;
                }
            }
            if (backfilled > 0) {
                LOG.infof("credential state backfilled for %d credential(s) stored before the state topic", backfilled);
            }
            while (tombstoneBatch() >= batch) {
                // more are due
            }
        } catch (Exception e) {
            LOG.warnf("credential state job failed, retrying next run: %s", e.getMessage());
        }
    }

    /** @return how many credentials had their first state published */
    public int backfillBatch() {
        return QuarkusTransaction.requiringNew().call(() -> {
            Instant now = clock.instant();
            List<StoredCredential> rows = repository.claimUnpublishedState(
                    now, config.credentialState().batchSize());
            for (StoredCredential row : rows) {
                states.publish(row, now);
            }
            return rows.size();
        });
    }

    /** @return how many tombstones were written */
    public int tombstoneBatch() {
        return QuarkusTransaction.requiringNew().call(() -> {
            Instant now = clock.instant();
            List<String> ids = repository.claimTombstonesDue(
                    now.minus(config.credentialState().tombstoneMargin()),
                    now,
                    config.credentialState().batchSize());
            for (String id : ids) {
                states.tombstone(id);
            }
            return ids.size();
        });
    }
}
