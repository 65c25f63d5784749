package io.watchword.analytics.hygiene;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.watchword.events.v1.AuditOutcome;
import io.watchword.events.v1.AuditRecorded;
import io.watchword.kit.outbox.OutboxWriter;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/** Reads and sets tenants' hygiene policies (a change is audited in its own transaction) and lists notices. */
@ApplicationScoped
public class HygienePolicyService {

    private final AgroalDataSource dataSource;
    private final OutboxWriter outbox;
    private final HygieneRunner runner;

    public HygienePolicyService(AgroalDataSource dataSource, OutboxWriter outbox, HygieneRunner runner) {
        this.dataSource = dataSource;
        this.outbox = outbox;
        this.runner = runner;
    }

    /** The tenant's policy, or the defaults when it set none. */
    public HygienePolicy get(String tenant) {
        HygienePolicy stored = call(c -> HygieneStore.policy(c, tenant));
        return stored != null ? stored : HygienePolicy.defaults(tenant, runner.defaultExpiryNoticeDays());
    }

    /** Stores the policy and its {@code AuditRecorded} together. */
    public HygienePolicy put(HygienePolicy policy, String sourceIp, String userAgent) {
        return call(c -> {
            HygieneStore.putPolicy(c, policy);
            Map<String, String> details = new LinkedHashMap<>();
            details.put("mode", policy.mode().name());
            details.put("unusedFor", "P" + policy.unusedForDays() + "D");
            details.put("gracePeriod", "P" + policy.graceDays() + "D");
            details.put(
                    "expiryNotices",
                    policy.expiryNoticeDays().stream().map(d -> "P" + d + "D").collect(Collectors.joining(" ")));
            outbox.append(new AuditRecorded(
                    UUID.randomUUID(),
                    policy.updatedAt(),
                    policy.tenantId(),
                    HygieneRunner.SERVICE,
                    policy.updatedBy(),
                    "hygiene.policy.update",
                    "hygiene-policy",
                    policy.tenantId(),
                    AuditOutcome.SUCCESS,
                    sourceIp,
                    userAgent,
                    details));
            return policy;
        });
    }

    public List<HygieneStore.Notice> notices(String tenant, String state, int limit) {
        return call(c -> HygieneStore.notices(c, tenant, state, Instant.now(), limit));
    }

    public HygieneRunner.Plan preview(HygienePolicy policy) {
        return runner.preview(policy, Instant.now());
    }

    private <T> T call(HygieneRunner.Work<T> work) {
        return QuarkusTransaction.requiringNew().call(() -> {
            try (Connection c = dataSource.getConnection()) {
                return work.run(c);
            } catch (SQLException e) {
                throw new IllegalStateException("hygiene store failed", e);
            }
        });
    }
}
