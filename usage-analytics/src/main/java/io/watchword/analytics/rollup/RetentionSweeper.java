package io.watchword.analytics.rollup;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.watchword.analytics.config.AnalyticsConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.jboss.logging.Logger;

/** Deletes rollups older than their granularity's retention ({@code watchword.analytics.retention.*}). */
@ApplicationScoped
public class RetentionSweeper {

    private static final Logger LOG = Logger.getLogger(RetentionSweeper.class);

    private final Pool pool;
    private final AnalyticsConfig.Retention retention;

    @Inject
    public RetentionSweeper(Pool pool, AnalyticsConfig config) {
        this.pool = pool;
        this.retention = config.retention();
    }

    @Scheduled(
            every = "${watchword.analytics.retention.interval}",
            delayed = "${watchword.analytics.retention.interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> sweep() {
        Instant now = Instant.now();
        return delete("DELETE FROM usage_rollup WHERE granularity = 'm' AND bucket < $1", now.minus(retention.minute()))
                .chain(() -> delete(
                        "DELETE FROM usage_rollup WHERE granularity = 'h' AND bucket < $1",
                        now.minus(retention.hour())))
                .chain(() -> delete(
                        "DELETE FROM usage_route_rollup WHERE granularity = 'h' AND bucket < $1",
                        now.minus(retention.hour())))
                .chain(() -> delete(
                        "DELETE FROM usage_rollup WHERE granularity = 'd' AND bucket < $1", now.minus(retention.day())))
                .chain(() -> delete(
                        "DELETE FROM usage_route_rollup WHERE granularity = 'd' AND bucket < $1",
                        now.minus(retention.day())))
                .chain(() -> pool.preparedQuery("DELETE FROM usage_scope_rollup WHERE bucket < $1")
                        .execute(Tuple.of(LocalDate.ofInstant(now.minus(retention.day()), ZoneOffset.UTC)))
                        .replaceWithVoid())
                .onFailure()
                .invoke(e -> LOG.warnf("rollup retention sweep failed (next run retries): %s", e.toString()))
                .onFailure()
                .recoverWithNull();
    }

    private Uni<Void> delete(String sql, Instant before) {
        return pool.preparedQuery(sql)
                .execute(Tuple.of(before.atOffset(ZoneOffset.UTC)))
                .replaceWithVoid();
    }
}
