package io.watchword.client.limit;

import io.watchword.core.credential.CredentialIds;
import io.watchword.core.follow.CompactedTopicFollower;
import io.watchword.core.follow.MalformedRecordException;
import io.watchword.events.EventSerde;
import io.watchword.events.InvalidEventException;
import io.watchword.events.Topics;
import io.watchword.events.kafka.EventRecords;
import io.watchword.events.v1.RateUsageReported;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Keeps a replica's limits exact across the fleet (decision 0173). Every {@code interval} (~200
 * ms) it publishes, for each limited key used here, this replica's admitted day and month counts
 * and its demand ({@code RateUsageReported} on the compacted rate-usage topic), and reads every
 * other replica's reports. From them each replica knows a key's global usage — a key over its
 * quota is refused everywhere one report later — and takes the share of the key's rate limit that
 * matches its share of the key's demand, so the fleet admits the limit whatever the spread.
 */
public final class RateUsageSync implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(RateUsageSync.class.getName());
    /** A replica that has not reported for this long no longer takes a share of the rate. */
    private static final long LIVE_MILLIS = 2_000;
    /** Weight of the newest interval in the smoothed demand (~1 s at 200 ms intervals). */
    private static final double ALPHA = 0.3;

    private final KeyLimiter limiter;
    private final String instanceId;
    private final String source;
    private final Duration interval;
    private final Producer<String, byte[]> producer;
    private final CompactedTopicFollower follower;
    private final Clock clock;
    /** credentialId → instanceId → newest report of that instance. */
    private final Map<String, Map<String, Peer>> peers = new ConcurrentHashMap<>();

    private volatile boolean running;
    private Thread ticker;

    private record Peer(String day, long dayCount, String month, long monthCount, double demand, long atMillis) {}

    public RateUsageSync(
            KeyLimiter limiter,
            Map<String, String> kafkaProperties,
            String consumerName,
            String instanceId,
            String serviceName,
            Duration interval,
            Clock clock) {
        this.limiter = limiter;
        this.instanceId = instanceId;
        this.source = "/watchword/client/" + serviceName;
        this.interval = interval;
        this.clock = clock;
        Map<String, Object> producerProperties = new HashMap<>(kafkaProperties);
        producerProperties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        producerProperties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        producerProperties.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        producerProperties.put(ProducerConfig.ACKS_CONFIG, "1");
        producerProperties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
        producerProperties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "1000");
        this.producer = new KafkaProducer<>(producerProperties);
        limiter.onNewKey(usage -> {
            synchronized (this) {
                refresh(usage, limiter.calendar(), clock.millis());
            }
        });
        this.follower = CompactedTopicFollower.builder()
                .topic(Topics.RATE_USAGE.name())
                .consumerName(consumerName)
                .kafkaProperties(kafkaProperties)
                .clock(clock)
                .contactInterval(Duration.ofSeconds(1))
                .handler(this::apply)
                .build();
    }

    public String instanceId() {
        return instanceId;
    }

    public void start() {
        follower.start();
        running = true;
        ticker = new Thread(this::run, "watchword-rate-usage-" + instanceId);
        ticker.setDaemon(true);
        ticker.start();
    }

    public boolean awaitReady(Duration timeout) throws InterruptedException {
        return follower.awaitBootstrapped(timeout);
    }

    private void run() {
        while (running) {
            try {
                tick();
                Thread.sleep(interval.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // Kafka down or a bug: keep enforcing with the last shares; log without the data.
                LOG.log(
                        System.Logger.Level.WARNING,
                        "rate usage sync failed: " + e.getClass().getSimpleName());
            }
        }
    }

    /** One sync: demand, shares, allowances, reports. Package-private so tests can drive it. */
    synchronized void tick() {
        long nowMillis = clock.millis();
        long nowNanos = System.nanoTime();
        if (nowMillis >= limiter.calendar().dayEndMillis()) {
            limiter.rollOver(nowMillis);
        }
        KeyLimiter.Calendar cal = limiter.calendar();
        for (KeyLimiter.KeyUsage usage : limiter.usages()) {
            long attempts = usage.attempts.sumThenReset();
            double seconds = Math.max(1e-3, (nowNanos - usage.lastTickNanos) / 1e9);
            usage.lastTickNanos = nowNanos;
            usage.demand = ALPHA * (attempts / seconds) + (1 - ALPHA) * usage.demand;
            if (usage.demand < 1e-3) {
                usage.demand = 0;
            }
            refresh(usage, cal, nowMillis);
            LimitSpec spec = usage.spec;
            if (spec != null) {
                usage.configure(spec, nowNanos, nowMillis);
            }
            long day = usage.day.get();
            long month = usage.month.get();
            if (attempts > 0 || day != usage.lastReportedDay || month != usage.lastReportedMonth || usage.demand > 0) {
                producer.send(EventRecords.toProducerRecord(
                        new RateUsageReported(
                                UUID.randomUUID(),
                                Instant.ofEpochMilli(nowMillis),
                                usage.tenantId == null ? "unknown" : usage.tenantId,
                                usage.credentialId,
                                instanceId,
                                cal.day(),
                                day,
                                cal.month(),
                                month,
                                usage.demand),
                        source));
                usage.lastReportedDay = day;
                usage.lastReportedMonth = month;
            }
        }
    }

    /** Recomputes a key's peers' usage, this replica's share and its allowances until the next sync. */
    private void refresh(KeyLimiter.KeyUsage usage, KeyLimiter.Calendar cal, long nowMillis) {
        long peersDay = 0;
        long peersMonth = 0;
        double peersDemand = 0;
        int livePeers = 0;
        Map<String, Peer> reports = peers.get(usage.credentialId);
        if (reports != null) {
            for (Peer peer : reports.values()) {
                if (peer.day.equals(cal.day())) {
                    peersDay = saturatedAdd(peersDay, peer.dayCount);
                }
                if (peer.month.equals(cal.month())) {
                    peersMonth = saturatedAdd(peersMonth, peer.monthCount);
                }
                if (nowMillis - peer.atMillis < LIVE_MILLIS) {
                    peersDemand += peer.demand;
                    livePeers++;
                }
            }
        }
        double total = usage.demand + peersDemand;
        // Not measured yet: an equal share among the live replicas.
        double share = usage.demand <= 0 ? 1.0 / (1 + livePeers) : Math.max(KeyLimiter.MIN_SHARE, usage.demand / total);
        usage.share = share;
        usage.peersDay = peersDay;
        usage.peersMonth = peersMonth;
        LimitSpec spec = usage.spec;
        long day = usage.day.get();
        long month = usage.month.get();
        // A new allowance only when the peers' counts moved (or at first): renewing it every tick
        // on stale peer counts would let every replica take its share of the same remainder
        // again and again before the others' reports arrive.
        if (usage.allowanceBase == null || peersDay != usage.allowanceBase[0] || peersMonth != usage.allowanceBase[1]) {
            usage.allowanceBase = new long[] {peersDay, peersMonth};
            usage.dayAtSync = day;
            usage.monthAtSync = month;
            // At least an equal part of what is left: a replica whose traffic on a key has just
            // begun has a smoothed demand near 0 against its peers' established ones, and a share
            // of ~1 % of the remainder refused its requests as "quota exceeded" with 90 % of the
            // quota left, until its next sync (decision 0278). The floor lets the fleet's
            // allowances add up to more than the remainder (at most twice), which only matters in
            // the last sync interval before the quota is used up.
            double allowanceShare = Math.max(share, 1.0 / (1 + livePeers));
            usage.dayAllowance = allowance(spec == null ? 0 : spec.quotaPerDay(), peersDay + day, allowanceShare);
            usage.monthAllowance =
                    allowance(spec == null ? 0 : spec.quotaPerMonth(), peersMonth + month, allowanceShare);
        }
    }

    /** This replica's part of what is left of a quota until the next sync (at least one request). */
    private static long allowance(long quota, long used, double share) {
        if (quota <= 0) {
            return Long.MAX_VALUE;
        }
        long left = quota - used;
        return left <= 0 ? 0 : Math.max(1, (long) Math.ceil(left * share));
    }

    private void apply(ConsumerRecord<byte[], byte[]> record) {
        if (record.value() == null) {
            return; // a tombstone: nothing to count
        }
        RateUsageReported report;
        try {
            report = EventSerde.deserialize(record.value(), RateUsageReported.class);
        } catch (InvalidEventException e) {
            throw new MalformedRecordException(e.getMessage(), e);
        }
        if (report.dayCount() < 0
                || report.monthCount() < 0
                || !(report.demandPerSecond() >= 0)
                || !Double.isFinite(report.demandPerSecond())) {
            throw new MalformedRecordException("a rate-usage report with a negative or non-finite count");
        }
        // Everything a record could use to break this verifier's limits or grow its memory is
        // refused here, before it is kept: a kept peer with a null day would fail every tick
        // (no more shares or reports for any key), a huge count would overflow the fleet's sum
        // and free the quota, and random key ids would fill the peers map. The record is skipped
        // and counted (invalidRecords, the follower's refused count); the follower moves on.
        if (!CredentialIds.isApiKeyId(report.credentialId())
                || report.instanceId() == null
                || report.instanceId().isEmpty()
                || report.instanceId().length() > MAX_INSTANCE_ID
                || report.occurredAt() == null
                || report.day() == null
                || !DAY.matcher(report.day()).matches()
                || report.month() == null
                || !MONTH.matcher(report.month()).matches()) {
            throw new MalformedRecordException("a rate-usage report without a key id, instance, time, day or month");
        }
        if (report.dayCount() > MAX_COUNT
                || report.monthCount() > MAX_COUNT
                || report.demandPerSecond() > MAX_DEMAND_PER_SECOND) {
            throw new MalformedRecordException("a rate-usage report with an impossible count or demand");
        }
        if (record.key() != null
                && !new String(record.key(), java.nio.charset.StandardCharsets.UTF_8)
                        .equals(report.credentialId() + "/" + report.instanceId())) {
            throw new MalformedRecordException("the record key is not <credentialId>/<instanceId>");
        }
        if (instanceId.equals(report.instanceId())) {
            return;
        }
        peers.computeIfAbsent(report.credentialId(), id -> new ConcurrentHashMap<>())
                .put(
                        report.instanceId(),
                        new Peer(
                                report.day(),
                                report.dayCount(),
                                report.month(),
                                report.monthCount(),
                                report.demandPerSecond(),
                                report.occurredAt().toEpochMilli()));
        // The quota is what must be seen fast: update the peers' totals now, not at the next tick.
        KeyLimiter.KeyUsage usage = limiter.usage(report.credentialId());
        if (usage != null) {
            KeyLimiter.Calendar cal = limiter.calendar();
            long day = 0;
            long month = 0;
            for (Peer peer : peers.get(report.credentialId()).values()) {
                // Saturating: the sum of bounded counts of many peers must not wrap to negative.
                day = saturatedAdd(day, peer.day.equals(cal.day()) ? peer.dayCount : 0);
                month = saturatedAdd(month, peer.month.equals(cal.month()) ? peer.monthCount : 0);
            }
            usage.peersDay = day;
            usage.peersMonth = month;
        }
    }

    /** Larger than any quota the issuer allows (3·10^11 a month) by far; beyond it a count is forged. */
    static final long MAX_COUNT = 1_000_000_000_000_000L;

    /** Where a fleet's sum stops: far above any quota, far enough below overflow to add to. */
    static final long SUM_CAP = Long.MAX_VALUE / 4;

    /** Requests per second one instance could present; beyond it the demand (and share) is forged. */
    static final double MAX_DEMAND_PER_SECOND = 1e9;

    static final int MAX_INSTANCE_ID = 200;
    private static final java.util.regex.Pattern DAY = java.util.regex.Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final java.util.regex.Pattern MONTH = java.util.regex.Pattern.compile("\\d{4}-\\d{2}");

    static long saturatedAdd(long a, long b) {
        return a >= SUM_CAP - b ? SUM_CAP : a + b;
    }

    /** Rate-usage records skipped as malformed or hostile (never applied, never blocking). */
    public long invalidRecords() {
        return follower.recordsRefused();
    }

    @Override
    public void close() {
        running = false;
        if (ticker != null) {
            ticker.interrupt();
        }
        follower.close();
        producer.close(Duration.ofSeconds(1));
    }
}
