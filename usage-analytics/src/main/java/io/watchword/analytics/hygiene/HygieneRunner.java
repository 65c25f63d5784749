package io.watchword.analytics.hygiene;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.watchword.analytics.config.AnalyticsConfig;
import io.watchword.events.v1.AuditOutcome;
import io.watchword.events.v1.AuditRecorded;
import io.watchword.events.v1.CredentialHygieneNotice;
import io.watchword.events.v1.HygieneNoticeKind;
import io.watchword.kit.outbox.OutboxWriter;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Applies every tenant's stale-key policy and announces keys about to expire (decisions 0218-0221).
 *
 * <p>One runner at a time across replicas: a PostgreSQL session advisory lock, tried (never waited
 * for) at the start of each run; a replica that does not get it skips the run. Each change (a
 * notice recorded, resolved, an announcement) commits in its own transaction together with its
 * events through the kit's outbox, and every write is guarded by the state it expects, so even two
 * runners at once could not publish anything twice. The revocation itself is an idempotent call to
 * the revocation-service made before the notice is marked revoked: a crash in between repeats the
 * call, which answers with the existing revocation.
 */
@ApplicationScoped
public class HygieneRunner {

    private static final Logger LOG = Logger.getLogger(HygieneRunner.class);

    /** {@code hashtext('watchword-usage-analytics-hygiene')} would do too; a constant is simpler to find. */
    static final long LOCK_KEY = 0x7777_6879_6769_656EL;

    static final String SERVICE = "usage-analytics";
    static final int MAX_WARNINGS_PER_TENANT = 500;
    static final int PAGE = 1_000;

    /** What a run would do (preview) or did, for one tenant. */
    public record Plan(
            HygienePolicy policy,
            List<HygieneStore.Key> warn,
            List<HygieneStore.Notice> rewarn,
            List<HygieneStore.Notice> cancel,
            List<HygieneStore.Notice> revoke,
            List<HygieneStore.Notice> close) {}

    /** Counts of one run; {@code ran} false when another replica held the lock. */
    public record Report(
            boolean ran, int warned, int cancelled, int revoked, int closed, int announced, int revocationsDeferred) {}

    private final AgroalDataSource dataSource;
    private final OutboxWriter outbox;
    private final StaleKeyRevoker revoker;
    private final AnalyticsConfig.Hygiene config;
    private final Clock clock = Clock.systemUTC();

    public HygieneRunner(
            AgroalDataSource dataSource, OutboxWriter outbox, StaleKeyRevoker revoker, AnalyticsConfig config) {
        this.dataSource = dataSource;
        this.outbox = outbox;
        this.revoker = revoker;
        this.config = config.hygiene();
    }

    @Scheduled(
            every = "${watchword.analytics.hygiene.interval}",
            delayed = "${watchword.analytics.hygiene.interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        try {
            Report r = runOnce(clock.instant());
            if (r.ran() && (r.warned() + r.cancelled() + r.revoked() + r.announced() > 0)) {
                LOG.infof(
                        "hygiene: %d warned, %d cancelled, %d revoked, %d closed, %d expiry announcements,"
                                + " %d revocations deferred",
                        r.warned(), r.cancelled(), r.revoked(), r.closed(), r.announced(), r.revocationsDeferred());
            }
        } catch (RuntimeException e) {
            LOG.warnf("hygiene run failed (the next run retries): %s", e.toString());
        }
    }

    /** The expiry thresholds (days, descending) a tenant without its own policy gets. */
    public List<Integer> defaultExpiryNoticeDays() {
        return config.expiryNotices().stream()
                .map(Duration::toDays)
                .map(Long::intValue)
                .filter(d -> d > 0)
                .distinct()
                .sorted(Comparator.reverseOrder())
                .toList();
    }

    /** One run at {@code now} (the scheduler's clock; tests pass a later one). */
    public Report runOnce(Instant now) {
        try (Connection lock = dataSource.getConnection()) {
            if (!advisoryLock(lock, "pg_try_advisory_lock")) {
                return new Report(false, 0, 0, 0, 0, 0, 0);
            }
            try {
                return runLocked(now);
            } finally {
                advisoryLock(lock, "pg_advisory_unlock");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("hygiene run failed", e);
        }
    }

    /** What the policy (the stored one, or {@code candidate}) would do now, changing nothing. */
    public Plan preview(HygienePolicy policy, Instant now) {
        return inTransaction(c -> plan(c, policy, now));
    }

    private Report runLocked(Instant now) {
        int warned = 0, cancelled = 0, revoked = 0, closed = 0, deferred = 0;
        Map<String, HygienePolicy> policies = inTransaction(HygieneStore::policies);
        for (HygienePolicy policy : policies.values()) {
            if (policy.mode() == HygienePolicy.Mode.OFF) {
                continue;
            }
            Plan plan = inTransaction(c -> plan(c, policy, now));
            for (HygieneStore.Notice n : plan.close()) {
                closed += inTransaction(c -> HygieneStore.resolve(c, n, "CLOSED", now, null)) ? 1 : 0;
            }
            for (HygieneStore.Notice n : plan.cancel()) {
                if (inTransaction(c -> cancel(c, policy, n, now))) {
                    cancelled++;
                }
            }
            for (HygieneStore.Notice n : plan.rewarn()) {
                HygieneStore.Key key = new HygieneStore.Key(
                        n.tenantId(), n.credentialId(), n.name(), n.displayPrefix(), n.expiresAt(), n.lastUsedNow());
                if (inTransaction(c -> HygieneStore.resolve(c, n, "CLOSED", now, null) && warn(c, policy, key, now))) {
                    warned++;
                }
            }
            for (HygieneStore.Key key : plan.warn()) {
                if (inTransaction(c -> warn(c, policy, key, now))) {
                    warned++;
                }
            }
            for (HygieneStore.Notice n : plan.revoke()) {
                switch (revoke(policy, n, now)) {
                    case REVOKED -> revoked++;
                    case GONE -> closed++;
                    case RETRY -> deferred++;
                }
            }
        }
        int announced = announceExpiries(policies, now);
        return new Report(true, warned, cancelled, revoked, closed, announced, deferred);
    }

    private Plan plan(Connection c, HygienePolicy policy, Instant now) throws SQLException {
        List<HygieneStore.Key> warn = new ArrayList<>();
        List<HygieneStore.Notice> rewarn = new ArrayList<>(), cancel = new ArrayList<>(), revoke = new ArrayList<>();
        List<HygieneStore.Notice> close = new ArrayList<>();
        if (policy.mode() == HygienePolicy.Mode.OFF) {
            return new Plan(policy, warn, rewarn, cancel, revoke, close);
        }
        for (HygieneStore.Notice n : HygieneStore.notices(c, policy.tenantId(), "PENDING", now, 100_000)) {
            if (!n.usable()) {
                close.add(n);
            } else if (usedSince(n)) {
                cancel.add(n);
            } else if (policy.mode() == HygienePolicy.Mode.REVOKE && n.revokeAt() == null) {
                // Warned when the policy only notified: the owner must hear of the revocation first.
                rewarn.add(n);
            } else if (policy.mode() == HygienePolicy.Mode.REVOKE
                    && !n.revokeAt().isAfter(now)) {
                revoke.add(n);
            }
        }
        Instant cutoff = now.minus(Duration.ofDays(policy.unusedForDays()));
        warn.addAll(HygieneStore.staleWithoutNotice(c, policy.tenantId(), cutoff, now, MAX_WARNINGS_PER_TENANT));
        return new Plan(policy, warn, rewarn, cancel, revoke, close);
    }

    /** A newer accepted use than the one known when the owner was warned. */
    private static boolean usedSince(HygieneStore.Notice n) {
        return n.lastUsedNow() != null
                && (n.lastUsedAtNotice() == null || n.lastUsedNow().isAfter(n.lastUsedAtNotice()));
    }

    private boolean warn(Connection c, HygienePolicy policy, HygieneStore.Key key, Instant now) throws SQLException {
        Instant revokeAt =
                policy.mode() == HygienePolicy.Mode.REVOKE ? now.plus(Duration.ofDays(policy.graceDays())) : null;
        if (!HygieneStore.insertWarning(c, key, now, revokeAt)) {
            return false;
        }
        publish(
                policy,
                HygieneNoticeKind.STALE_WARNING,
                key.tenantId(),
                key.credentialId(),
                key.name(),
                key.displayPrefix(),
                key.lastUsedAt(),
                key.expiresAt(),
                revokeAt,
                null,
                now,
                Map.of("unusedFor", "P" + policy.unusedForDays() + "D"));
        return true;
    }

    private boolean cancel(Connection c, HygienePolicy policy, HygieneStore.Notice n, Instant now) throws SQLException {
        if (!HygieneStore.resolve(c, n, "CANCELLED", now, null)) {
            return false;
        }
        publish(
                policy,
                HygieneNoticeKind.STALE_CANCELLED,
                n.tenantId(),
                n.credentialId(),
                n.name(),
                n.displayPrefix(),
                n.lastUsedNow(),
                n.expiresAt(),
                null,
                null,
                now,
                Map.of());
        return true;
    }

    private StaleKeyRevoker.Outcome revoke(HygienePolicy policy, HygieneStore.Notice n, Instant now) {
        // A use recorded since the plan was made wins over the revocation.
        Instant lastUse = inTransaction(c -> lastUse(c, n.tenantId(), n.credentialId()));
        if (lastUse != null && (n.lastUsedAtNotice() == null || lastUse.isAfter(n.lastUsedAtNotice()))) {
            HygieneStore.Notice used = new HygieneStore.Notice(
                    n.tenantId(),
                    n.credentialId(),
                    n.state(),
                    n.notifiedAt(),
                    n.lastUsedAtNotice(),
                    n.revokeAt(),
                    n.resolvedAt(),
                    n.revocationId(),
                    n.name(),
                    n.displayPrefix(),
                    n.expiresAt(),
                    lastUse,
                    true);
            inTransaction(c -> cancel(c, policy, used, now));
            return StaleKeyRevoker.Outcome.RETRY;
        }
        StaleKeyRevoker.Result result = revoker.revoke(
                n.tenantId(),
                n.credentialId(),
                "stale-key policy: unused for " + policy.unusedForDays() + " days, warned " + n.notifiedAt());
        switch (result.outcome()) {
            case REVOKED ->
                inTransaction(c -> {
                    if (HygieneStore.resolve(c, n, "REVOKED", now, result.revocationId())) {
                        publish(
                                policy,
                                HygieneNoticeKind.STALE_REVOKED,
                                n.tenantId(),
                                n.credentialId(),
                                n.name(),
                                n.displayPrefix(),
                                n.lastUsedNow(),
                                n.expiresAt(),
                                null,
                                result.revocationId(),
                                now,
                                Map.of("warnedAt", n.notifiedAt().toString()));
                    }
                    return null;
                });
            case GONE -> inTransaction(c -> HygieneStore.resolve(c, n, "CLOSED", now, null));
            case RETRY -> {
                // stays pending: the next run retries
            }
        }
        return result.outcome();
    }

    private int announceExpiries(Map<String, HygienePolicy> policies, Instant now) {
        List<Integer> defaults = defaultExpiryNoticeDays();
        int widest = defaults.stream().mapToInt(Integer::intValue).max().orElse(0);
        for (HygienePolicy p : policies.values()) {
            widest = Math.max(
                    widest,
                    p.expiryNoticeDays().stream()
                            .mapToInt(Integer::intValue)
                            .max()
                            .orElse(0));
        }
        if (widest == 0) {
            return 0;
        }
        Instant until = now.plus(Duration.ofDays(widest));
        int announced = 0;
        // Pages in (expiry, id) order: keys announced already are passed over, never re-read forever.
        List<HygieneStore.Key> page = inTransaction(c -> HygieneStore.expiring(c, now, until, null, null, PAGE));
        while (!page.isEmpty()) {
            announced += announce(page, policies, defaults, now);
            HygieneStore.Key last = page.get(page.size() - 1);
            page = page.size() < PAGE
                    ? List.of()
                    : inTransaction(
                            c -> HygieneStore.expiring(c, now, until, last.expiresAt(), last.credentialId(), PAGE));
        }
        return announced;
    }

    private int announce(
            List<HygieneStore.Key> expiring, Map<String, HygienePolicy> policies, List<Integer> defaults, Instant now) {
        int announced = 0;
        for (HygieneStore.Key key : expiring) {
            HygienePolicy policy = policies.get(key.tenantId());
            List<Integer> thresholds = policy == null ? defaults : policy.expiryNoticeDays();
            // The tightest threshold the key is within: a key found at 12 h is told "1 day", not "7".
            Integer tightest = thresholds.stream()
                    .filter(d -> !key.expiresAt().isAfter(now.plus(Duration.ofDays(d))))
                    .min(Integer::compare)
                    .orElse(null);
            if (tightest == null) {
                continue;
            }
            boolean done = inTransaction(c -> {
                if (!HygieneStore.recordAnnouncement(c, key, tightest, now)) {
                    return false;
                }
                outbox.append(new CredentialHygieneNotice(
                        UUID.randomUUID(),
                        now,
                        key.tenantId(),
                        key.credentialId(),
                        HygieneNoticeKind.EXPIRY_APPROACHING,
                        key.name(),
                        key.displayPrefix(),
                        key.lastUsedAt(),
                        key.expiresAt(),
                        null,
                        "P" + tightest + "D",
                        false,
                        null));
                return true;
            });
            announced += done ? 1 : 0;
        }
        return announced;
    }

    /** The notice on the hygiene topic and its audit record, in the caller's transaction. */
    private void publish(
            HygienePolicy policy,
            HygieneNoticeKind kind,
            String tenant,
            String credentialId,
            String name,
            String displayPrefix,
            Instant lastUsedAt,
            Instant expiresAt,
            Instant revokeAt,
            String revocationId,
            Instant now,
            Map<String, String> extra) {
        boolean dryRun = policy.mode() != HygienePolicy.Mode.REVOKE;
        outbox.append(new CredentialHygieneNotice(
                UUID.randomUUID(),
                now,
                tenant,
                credentialId,
                kind,
                name,
                displayPrefix,
                lastUsedAt,
                expiresAt,
                revokeAt,
                null,
                dryRun,
                revocationId));
        Map<String, String> details = new LinkedHashMap<>(extra);
        details.put("mode", policy.mode().name());
        if (revokeAt != null) {
            details.put("revokeAt", revokeAt.toString());
        }
        if (revocationId != null) {
            details.put("revocationId", revocationId);
        }
        // The actor is the operator whose policy acted: the run has no caller of its own.
        outbox.append(new AuditRecorded(
                UUID.randomUUID(),
                now,
                tenant,
                SERVICE,
                policy.updatedBy(),
                switch (kind) {
                    case STALE_WARNING -> "hygiene.stale-warning";
                    case STALE_CANCELLED -> "hygiene.stale-cancelled";
                    case STALE_REVOKED -> "hygiene.stale-revoke";
                    case EXPIRY_APPROACHING -> "hygiene.expiry-notice";
                },
                "credential",
                credentialId,
                AuditOutcome.SUCCESS,
                null,
                null,
                details));
    }

    private static Instant lastUse(Connection c, String tenant, String credentialId) throws SQLException {
        try (PreparedStatement s =
                c.prepareStatement("SELECT used_at FROM last_use WHERE tenant_id = ? AND credential_id = ?")) {
            s.setString(1, tenant);
            s.setString(2, credentialId);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? r.getTimestamp(1).toInstant() : null;
            }
        }
    }

    private static boolean advisoryLock(Connection c, String function) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + function + "(?)")) {
            s.setLong(1, LOCK_KEY);
            try (ResultSet r = s.executeQuery()) {
                return r.next() && r.getBoolean(1);
            }
        }
    }

    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T inTransaction(Work<T> work) {
        return QuarkusTransaction.requiringNew().call(() -> {
            try (Connection c = dataSource.getConnection()) {
                return work.run(c);
            }
        });
    }
}
