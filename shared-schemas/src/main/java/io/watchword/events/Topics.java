package io.watchword.events;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The catalogue of every topic in the suite. docs/events.md describes each one. */
public final class Topics {

    /**
     * Credential lifecycle history: issued, updated, rotated, expired. Keyed by credential id.
     * Deleted after 30 days: current state lives on {@link #CREDENTIAL_STATE}.
     */
    public static final TopicSpec CREDENTIALS = new TopicSpec(
            "watchword.credentials.v1",
            "credential id",
            6,
            Map.of("cleanup.policy", "delete", "retention.ms", millis(Duration.ofDays(30))));

    /**
     * Revocation state per credential, compacted so a verifier can bootstrap from it. Keyed by
     * {@code <tenantId>/<credentialId>} (a token's jti for tokens), so two tenants' records never
     * compact into each other; tombstones remove credentials that could no longer be used.
     */
    public static final TopicSpec REVOCATIONS = new TopicSpec(
            "watchword.revocations.v1",
            "tenant id/credential id",
            6,
            Map.of(
                    "cleanup.policy", "compact",
                    "min.compaction.lag.ms", "0",
                    "delete.retention.ms", millis(Duration.ofDays(1)),
                    "segment.ms", millis(Duration.ofHours(1)),
                    "min.cleanable.dirty.ratio", "0.1"));

    /**
     * The current state of every API key and admin key ({@code CredentialStateChanged}), compacted
     * (same settings as the revocations topic) so any consumer bootstraps from the beginning and
     * stays current. Keyed by credential id (globally unique); the issuer is the single writer;
     * a tombstone follows once a credential can never be used again.
     */
    public static final TopicSpec CREDENTIAL_STATE = new TopicSpec(
            "watchword.credential-state.v1",
            "credential id",
            6,
            Map.of(
                    "cleanup.policy", "compact",
                    "min.compaction.lag.ms", "0",
                    "delete.retention.ms", millis(Duration.ofDays(1)),
                    "segment.ms", millis(Duration.ofHours(1)),
                    "min.cleanable.dirty.ratio", "0.1"));

    /**
     * One event per API request, accepted or refused. Keyed by credential id, else the presented
     * key's display prefix, else {@code unattributed}.
     */
    public static final TopicSpec USAGE = new TopicSpec(
            "watchword.usage.v1",
            "credential id (else display prefix, else \"unattributed\")",
            12,
            Map.of("cleanup.policy", "delete", "retention.ms", millis(Duration.ofDays(7))));

    /** Anomaly alerts from the detector, read by the revocation service and SOC analysts. */
    public static final TopicSpec ALERTS = new TopicSpec(
            "watchword.alerts.v1",
            "credential id",
            6,
            Map.of("cleanup.policy", "delete", "retention.ms", millis(Duration.ofDays(90))));

    /** What the response policy did about each alert. Keyed by credential id. */
    public static final TopicSpec DECISIONS = new TopicSpec(
            "watchword.decisions.v1",
            "credential id",
            6,
            Map.of("cleanup.policy", "delete", "retention.ms", millis(Duration.ofDays(90))));

    /** Who did what, from every service. Keyed by tenant id. */
    public static final TopicSpec AUDIT = new TopicSpec(
            "watchword.audit.v1",
            "tenant id",
            6,
            Map.of("cleanup.policy", "delete", "retention.ms", millis(Duration.ofDays(400))));

    /**
     * Records a consumer could not process, unchanged, with the reason in headers
     * ({@code dead-letter-reason}, {@code dead-letter-topic}, {@code dead-letter-partition}, {@code
     * dead-letter-offset}, {@code dead-letter-consumer}: SmallRye's names, decision 0023); build them
     * with {@link io.watchword.events.kafka.DeadLetters} or the connector's dead-letter-queue.
     */
    public static final TopicSpec DEAD_LETTERS = new TopicSpec(
            "watchword.dead-letters.v1",
            "the original record's key",
            3,
            Map.of("cleanup.policy", "delete", "retention.ms", millis(Duration.ofDays(30))));

    /**
     * Each verifier instance's admitted counts (day, month) and demand per rate-limited key ({@code
     * RateUsageReported}), keyed by {@code <credentialId>/<instanceId>}: compacted so a verifier
     * that starts mid-month learns the usage so far, and deleted after 35 days so last month's
     * instances do not pile up (decision 0173).
     */
    public static final TopicSpec RATE_USAGE = new TopicSpec(
            "watchword.rate-usage.v1",
            "credential id/verifier instance id",
            6,
            Map.of(
                    "cleanup.policy", "compact,delete",
                    "retention.ms", millis(Duration.ofDays(35)),
                    "min.compaction.lag.ms", "0",
                    "segment.ms", millis(Duration.ofHours(1)),
                    "min.cleanable.dirty.ratio", "0.1"));

    /**
     * The verifier fleet: every client-library instance's applied revocation and credential-state
     * offsets and staleness ({@code VerifierStatusReported}), keyed by instance id and compacted so
     * a reader bootstraps the fleet from it; a tombstone is an instance's clean goodbye. Old
     * statuses of dead instances are removed by the readers' TTL, and by compaction once a
     * tombstone (or nothing) follows: {@code delete.retention.ms} is short because an instance id
     * is never reused (decision 0165).
     */
    public static final TopicSpec VERIFIER_FLEET = new TopicSpec(
            "watchword.verifier-fleet.v1",
            "verifier instance id",
            3,
            Map.of(
                    "cleanup.policy", "compact",
                    "min.compaction.lag.ms", "0",
                    "delete.retention.ms", millis(Duration.ofHours(1)),
                    "segment.ms", millis(Duration.ofHours(1)),
                    "min.cleanable.dirty.ratio", "0.1"));

    /**
     * Operators' instructions to the anomaly detector (announced change windows, per-tenant
     * threshold overrides), read whole by the job as broadcast state. Keyed by {@code
     * <tenantId>/<ruleId>}, compacted: the latest record of a rule is its state.
     */
    public static final TopicSpec DETECTOR_CONTROL = new TopicSpec(
            "watchword.detector-control.v1",
            "tenant id/rule id",
            1,
            Map.of(
                    "cleanup.policy", "compact",
                    "min.compaction.lag.ms", "0",
                    "delete.retention.ms", millis(Duration.ofDays(1)),
                    "segment.ms", millis(Duration.ofHours(1)),
                    "min.cleanable.dirty.ratio", "0.1"));

    /**
     * Credential hygiene notices ({@code CredentialHygieneNotice}) for key owners and the SOC: stale
     * keys warned, spared or revoked by the tenant's policy, keys about to expire. Keyed by
     * credential id.
     */
    public static final TopicSpec HYGIENE = new TopicSpec(
            "watchword.hygiene.v1",
            "credential id",
            3,
            Map.of("cleanup.policy", "delete", "retention.ms", millis(Duration.ofDays(90))));

    public static final List<TopicSpec> ALL = List.of(
            CREDENTIALS,
            REVOCATIONS,
            CREDENTIAL_STATE,
            USAGE,
            ALERTS,
            DECISIONS,
            AUDIT,
            DEAD_LETTERS,
            RATE_USAGE,
            VERIFIER_FLEET,
            DETECTOR_CONTROL,
            HYGIENE);

    private Topics() {}

    private static String millis(Duration duration) {
        return Long.toString(duration.toMillis());
    }
}
