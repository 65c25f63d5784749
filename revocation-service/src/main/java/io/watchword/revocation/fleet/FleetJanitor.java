package io.watchword.revocation.fleet;

import io.quarkus.scheduler.Scheduled;
import io.watchword.events.Topics;
import io.watchword.kit.outbox.OutboxWriter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.List;

/**
 * Removes crashed verifiers from the compacted fleet topic: an instance that stopped reporting
 * without its own tombstone (kill -9, a lost host) is tombstoned once it has been silent for
 * {@code watchword.revocation.fleet.show-dead-for}, so the topic does not keep every instance that
 * ever ran and a new reader does not have to skip them (decision 0213). Instance ids are never
 * reused (0165), so a tombstone can only remove a dead instance; several replicas writing the
 * same tombstone is harmless.
 */
@ApplicationScoped
public class FleetJanitor {

    private final VerifierFleet fleet;
    private final OutboxWriter outbox;

    public FleetJanitor(VerifierFleet fleet, OutboxWriter outbox) {
        this.fleet = fleet;
        this.outbox = outbox;
    }

    @Scheduled(
            every = "${watchword.revocation.fleet.cleanup-interval:PT1M}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @Transactional
    void tombstoneDeadVerifiers() {
        if (!fleet.ready()) {
            return;
        }
        List<String> dead = fleet.takeDeadKeys();
        for (String instanceId : dead) {
            outbox.appendTombstone(Topics.VERIFIER_FLEET.name(), instanceId);
        }
    }
}
