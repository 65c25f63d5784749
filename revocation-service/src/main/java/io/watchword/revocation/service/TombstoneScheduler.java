package io.watchword.revocation.service;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * Once a revoked credential could no longer be used anyway (expiry plus margin), a tombstone
 * removes it from the compacted topic so verifiers' memory stays bounded. Safe on several
 * instances: due rows are taken with {@code FOR UPDATE SKIP LOCKED}.
 */
@ApplicationScoped
public class TombstoneScheduler {

    private static final Logger LOG = Logger.getLogger(TombstoneScheduler.class);

    private final RevocationService revocations;

    @Inject
    public TombstoneScheduler(RevocationService revocations) {
        this.revocations = revocations;
    }

    @Scheduled(
            every = "${watchword.revocation.tombstone.interval:PT10S}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void publishDue() {
        try {
            while (revocations.publishDueTombstones(500) == 500) {
                // more are due: keep going
            }
        } catch (RuntimeException e) {
            LOG.warnf("tombstone pass failed, will retry: %s", e.getMessage());
        }
    }
}
