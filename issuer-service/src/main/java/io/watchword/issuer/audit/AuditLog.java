package io.watchword.issuer.audit;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.watchword.events.v1.AuditRecorded;
import io.watchword.issuer.config.IssuerConfig;
import io.watchword.kit.outbox.OutboxWriter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Durable audit with group commit: concurrent callers' records are gathered into one multi-row
 * insert into the outbox and one commit; each caller returns once its batch is durable. Under
 * load this turns thousands of commits per second into a few dozen.
 */
@ApplicationScoped
public class AuditLog {

    private static final Logger LOG = Logger.getLogger(AuditLog.class);

    private record Pending(AuditRecorded event, CompletableFuture<Void> done) {}

    private final AgroalDataSource dataSource;
    private final IssuerConfig config;
    private final OutboxWriter outbox;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private volatile Thread writer;
    private volatile boolean running;

    public AuditLog(AgroalDataSource dataSource, IssuerConfig config, OutboxWriter outbox) {
        this.dataSource = dataSource;
        this.config = config;
        this.outbox = outbox;
    }

    void start(@Observes StartupEvent event) {
        running = true;
        Thread t = new Thread(this::run, "watchword-audit-writer");
        t.setDaemon(true);
        t.start();
        writer = t;
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        Thread t = writer;
        if (t != null) {
            t.interrupt();
        }
    }

    /**
     * Returns once the record is committed to the outbox.
     *
     * @throws AuditUnavailableException if it could not be made durable in time
     */
    public void record(AuditRecorded event) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        queue.add(new Pending(event, done));
        try {
            done.get(config.audit().timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AuditUnavailableException("interrupted while recording audit", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new AuditUnavailableException("audit record could not be made durable", e);
        }
    }

    /** Queues the record without waiting (for callers on an event-loop thread, which must not block). */
    public CompletableFuture<Void> recordAsync(AuditRecorded event) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        queue.add(new Pending(event, done));
        return done;
    }

    private void run() {
        int max = config.audit().maxBatch();
        List<Pending> batch = new ArrayList<>(max);
        while (running) {
            try {
                Pending first = queue.poll(1, TimeUnit.SECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, max - 1);
                write(batch);
            } catch (InterruptedException e) {
                if (!running) {
                    break;
                }
            } finally {
                batch.clear();
            }
        }
    }

    private void write(List<Pending> batch) {
        try (Connection conn = dataSource.getConnection()) {
            // One statement in auto-commit: one commit for the whole batch.
            outbox.insertEvents(conn, batch.stream().map(Pending::event).toList());
            batch.forEach(p -> p.done().complete(null));
        } catch (Exception e) {
            LOG.warnf("audit batch of %d records failed: %s", batch.size(), e.getMessage());
            batch.forEach(p -> p.done().completeExceptionally(e));
        }
    }
}
