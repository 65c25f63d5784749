package io.watchword.client;

import io.watchword.client.fleet.FleetReporter;
import io.watchword.client.limit.KeyLimiter;
import io.watchword.client.limit.LimitDecision;
import io.watchword.client.limit.RateUsageSync;
import io.watchword.client.revocation.FeedState;
import io.watchword.client.revocation.RevocationFeed;
import io.watchword.client.revocation.RevocationSet;
import io.watchword.client.state.CredentialStateFeed;
import io.watchword.client.state.CredentialStates;
import io.watchword.client.state.KeyState;
import io.watchword.client.usage.UsagePublisher;
import io.watchword.client.verify.ApiKeyIntrospector;
import io.watchword.client.verify.CredentialVerifier;
import io.watchword.client.verify.FailMode;
import io.watchword.client.verify.JwksKeySource;
import io.watchword.client.verify.KeyIntrospection;
import io.watchword.client.verify.Refusal;
import io.watchword.client.verify.VerificationResult;
import io.watchword.client.verify.VerifiedPrincipal;
import io.watchword.client.verify.VerifierHealth;
import io.watchword.client.verify.VerifierMetrics;
import io.watchword.client.verify.VerifierOptions;
import io.watchword.core.scope.Scope;
import io.watchword.events.v1.ApiUsageRecorded;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The library's entry point for any framework: verifies credentials, follows revocations and
 * publishes usage.
 *
 * <pre>{@code
 * WatchwordClient client = WatchwordClient.builder()
 *         .issuerUrl("https://issuer.example.com")
 *         .kafkaBootstrapServers("kafka:9092")
 *         .audience("orders")
 *         .introspectionCredential(System.getenv("WATCHWORD_INTROSPECTION_CREDENTIAL"))
 *         .serviceName("orders")
 *         .build();
 * client.start(Duration.ofSeconds(30));            // bootstraps the revocations
 * VerificationResult result = client.verifyAuthorization(header, "orders:read");
 * }</pre>
 */
public final class WatchwordClient implements AutoCloseable {

    private final JwksKeySource jwks;
    private final RevocationFeed revocationFeed;
    private final CredentialStateFeed stateFeed;
    private final FeedState feed;
    private final CredentialVerifier verifier;
    private final UsagePublisher usage;
    private final String serviceName;
    private final CredentialStates states;
    /** Null when rate limits are disabled ({@code watchword.client.rate-limits.enabled=false}). */
    private final KeyLimiter limiter;

    private final RateUsageSync rateUsage;
    private final String instanceId;

    /** Null when fleet reporting is off. */
    private final FleetReporter fleet;

    private WatchwordClient(Builder b) {
        this.serviceName = b.serviceName;
        Clock clock = b.clock;
        HttpClient http = HttpClient.newBuilder()
                .connectTimeout(b.httpTimeout)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        URI issuer = URI.create(b.issuerUrl);
        this.jwks = new JwksKeySource(http, issuer, b.jwksMinRefetchInterval, b.httpTimeout, clock);
        KeyIntrospection introspection = b.introspectionCredential == null
                ? key -> {
                    throw new KeyIntrospection.IntrospectionFailedException(
                            "API keys cannot be checked: watchword.client.introspection-credential is not set");
                }
                : new ApiKeyIntrospector(http, issuer, b.introspectionCredential, b.httpTimeout);
        RevocationSet revocations = new RevocationSet();
        CredentialStates states = new CredentialStates();
        this.states = states;
        CredentialVerifier[] self = new CredentialVerifier[1];
        Map<String, String> kafka = b.kafkaProperties();
        String consumerName = "watchword-client-" + b.serviceName;
        this.revocationFeed = new RevocationFeed(
                kafka, consumerName, revocations, clock, b.feedContactInterval, id -> self[0].revocationLifted(id));
        this.stateFeed = new CredentialStateFeed(
                kafka, consumerName, states, clock, b.feedContactInterval, id -> self[0].stateChanged(id));
        this.feed = FeedState.allOf(revocationFeed, stateFeed);
        VerifierOptions options = VerifierOptions.defaults()
                .withExpectedIssuer(b.expectedIssuer)
                .withAudience(b.audience)
                .withClockSkew(b.clockSkew)
                .withMaxStaleness(b.maxStaleness)
                .withFailMode(b.failMode)
                .withCacheSizes(b.tokenCacheSize, b.keyCacheSize)
                .withClock(clock);
        this.verifier = new CredentialVerifier(jwks::find, introspection, revocations, states, feed, options);
        self[0] = verifier;
        this.usage = b.usageEnabled ? new UsagePublisher(kafka, b.serviceName, b.usageQueueCapacity) : null;
        this.instanceId = b.instanceId != null ? b.instanceId : FleetReporter.newInstanceId(b.serviceName);
        String instance = instanceId;
        if (b.rateLimitsEnabled) {
            this.limiter = new KeyLimiter(clock);
            this.rateUsage = new RateUsageSync(
                    limiter, kafka, consumerName + "-rate-usage", instance, b.serviceName, b.rateUsageInterval, clock);
        } else {
            this.limiter = null;
            this.rateUsage = null;
        }
        this.fleet = b.fleetEnabled ? fleetReporter(b, instance, kafka) : null;
    }

    /** Reports what this instance applied to the fleet topic (decision 0165). */
    private FleetReporter fleetReporter(Builder b, String instance, Map<String, String> kafka) {
        FleetReporter reporter = new FleetReporter(
                kafka,
                instance,
                b.serviceName,
                hostName(),
                revocationFeed::positions,
                stateFeed::positions,
                () -> !verifier.health(0).feedFresh(),
                b.maxStaleness,
                b.fleetReportInterval,
                b.fleetHeartbeat,
                b.clock);
        revocationFeed.onProgress(reporter::changed);
        stateFeed.onProgress(reporter::changed);
        return reporter;
    }

    private static String hostName() {
        String host = System.getenv("HOSTNAME");
        if (host != null && !host.isBlank()) {
            return host;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return null;
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts following the revocations and fetches the issuer's keys; waits up to {@code timeout}
     * for the revocations to be read to the end.
     *
     * @return true when ready; false when the feed did not bootstrap in time (it keeps trying, and
     *     until it succeeds fail-closed refuses every credential)
     */
    public boolean start(Duration timeout) throws InterruptedException {
        revocationFeed.start();
        stateFeed.start();
        if (rateUsage != null) {
            rateUsage.start();
        }
        if (fleet != null) {
            fleet.start();
        }
        jwks.refresh(null);
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean revocationsReady = revocationFeed.awaitReady(timeout);
        Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
        boolean ready = stateFeed.awaitReady(left) && revocationsReady;
        if (rateUsage != null) {
            // Learn the day's and month's usage so far; limits are enforced meanwhile anyway.
            rateUsage.awaitReady(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        }
        return ready;
    }

    /** Starts without waiting; see {@link #health()} for when the feed is ready. */
    public void startInBackground() {
        revocationFeed.start();
        stateFeed.start();
        if (rateUsage != null) {
            rateUsage.start();
        }
        if (fleet != null) {
            fleet.start();
        }
        Thread keys = new Thread(() -> jwks.refresh(null), "watchword-jwks-initial-fetch");
        keys.setDaemon(true);
        keys.start();
    }

    /**
     * Verifies {@code Authorization: Bearer <token or API key>} and the scopes, e.g. {@code
     * "orders:read"}.
     */
    public VerificationResult verifyAuthorization(String authorizationHeader, String... requiredScopes) {
        return limited(verifier.verifyAuthorization(authorizationHeader, scopes(requiredScopes)));
    }

    public VerificationResult verifyAuthorization(String authorizationHeader, List<Scope> requiredScopes) {
        return limited(verifier.verifyAuthorization(authorizationHeader, requiredScopes));
    }

    /**
     * As {@link #verifyAuthorization(String, List)} for a caller at {@code clientAddress}: API keys
     * restricted to address ranges ({@code allowedCidrs}) are refused from elsewhere, and from an
     * unknown (null) address.
     */
    public VerificationResult verifyAuthorization(
            String authorizationHeader, List<Scope> requiredScopes, InetAddress clientAddress) {
        return limited(verifier.verifyAuthorization(authorizationHeader, requiredScopes, clientAddress));
    }

    /**
     * Applies the key's rate limit, quotas and throttle to an accepted request (decision 0172): no
     * network call; a refusal keeps the principal, so usage records who was refused and why.
     */
    private VerificationResult limited(VerificationResult result) {
        if (limiter == null || !result.isAccepted() || result.principal() == null) {
            return result;
        }
        VerifiedPrincipal principal = result.principal();
        KeyState state = states.get(principal.credentialId());
        if (state == null || state.limits() == null || state.limits().isNone()) {
            return result;
        }
        LimitDecision decision = limiter.check(principal.credentialId(), principal.tenantId(), state.limits());
        if (decision == null) {
            return result;
        }
        if (decision.admitted()) {
            return new VerificationResult(principal, null, null, null, decision);
        }
        Refusal refusal =
                switch (decision.refusal()) {
                    case RATE_LIMITED -> Refusal.RATE_LIMITED;
                    case QUOTA_EXCEEDED -> Refusal.QUOTA_EXCEEDED;
                    case THROTTLED -> Refusal.THROTTLED;
                };
        return new VerificationResult(principal, refusal, refusal.detail(), null, decision);
    }

    /** Records one request for usage analytics; never blocks, never throws. */
    public void recordUsage(ApiUsageRecorded event) {
        if (usage != null) {
            usage.record(event);
        }
    }

    /** The name usage events carry in {@code service}. */
    public String serviceName() {
        return serviceName;
    }

    public VerifierHealth health() {
        return verifier.health(jwks.size());
    }

    public VerifierMetrics metrics() {
        return verifier.metrics();
    }

    /** Null when usage publishing is disabled. */
    public UsagePublisher usage() {
        return usage;
    }

    public FeedState feed() {
        return feed;
    }

    public CredentialVerifier verifier() {
        return verifier;
    }

    /** The revocations and credential-state feeds, unreadable records refused (dead-lettered). */
    public long invalidFeedRecords() {
        return revocationFeed.invalidRecords()
                + stateFeed.invalidRecords()
                + (rateUsage == null ? 0 : rateUsage.invalidRecords());
    }

    /** This instance's id on the fleet topic and in rate-usage reports (one id per start). */
    public String instanceId() {
        return instanceId;
    }

    @Override
    public void close() {
        if (fleet != null) {
            // Before the feeds stop: the goodbye still carries the offsets applied last.
            fleet.close();
        }
        revocationFeed.close();
        stateFeed.close();
        if (rateUsage != null) {
            rateUsage.close();
        }
        if (usage != null) {
            usage.close();
        }
    }

    private static List<Scope> scopes(String... texts) {
        List<Scope> list = new ArrayList<>(texts.length);
        for (String text : texts) {
            list.add(Scope.parse(text));
        }
        return list;
    }

    /** Settings; {@code issuerUrl} and {@code kafkaBootstrapServers} are required. */
    public static final class Builder {
        private String issuerUrl;
        private String kafkaBootstrapServers;
        private Map<String, String> kafkaOverrides = Map.of();
        private String expectedIssuer = "urn:watchword:issuer";
        private String audience;
        private String introspectionCredential;
        private String serviceName = "unnamed-service";
        private Duration clockSkew = Duration.ofSeconds(30);
        private Duration maxStaleness = Duration.ofSeconds(30);
        private FailMode failMode = FailMode.CLOSED;
        private Duration feedContactInterval = Duration.ofSeconds(1);
        private Duration jwksMinRefetchInterval = Duration.ofSeconds(10);
        private Duration httpTimeout = Duration.ofSeconds(5);
        private long tokenCacheSize = 100_000;
        private long keyCacheSize = 100_000;
        private boolean usageEnabled = true;
        private int usageQueueCapacity = 10_000;
        private Clock clock = Clock.systemUTC();
        private boolean rateLimitsEnabled = true;
        private Duration rateUsageInterval = Duration.ofMillis(200);
        private String instanceId;

        private boolean fleetEnabled = true;
        private Duration fleetReportInterval = Duration.ofMillis(20);
        private Duration fleetHeartbeat = Duration.ofSeconds(2);

        private Builder() {}

        /**
         * Enforce keys' rate limits, quotas and throttles (default true); when on, the client also
         * publishes and reads rate-usage reports (decision 0173).
         */
        public Builder rateLimitsEnabled(boolean value) {
            this.rateLimitsEnabled = value;
            return this;
        }

        /** How often this instance reports its usage of limited keys and re-computes its shares. */
        public Builder rateUsageInterval(Duration value) {
            this.rateUsageInterval = value;
            return this;
        }

        /** Whether this instance reports its applied offsets on the fleet topic (default true). */
        public Builder fleetEnabled(boolean value) {
            this.fleetEnabled = value;
            return this;
        }

        /**
         * This instance's id on the fleet topic and in rate-usage reports; default {@code
         * <service-name>-<random>}, new per start.
         */
        public Builder instanceId(String value) {
            this.instanceId = value;
            return this;
        }

        /**
         * Fleet reports: at most one per {@code minInterval} while the feeds apply records (a
         * receipt waits for it), and one per {@code heartbeat} otherwise (liveness).
         */
        public Builder fleetReporting(Duration minInterval, Duration heartbeat) {
            this.fleetReportInterval = minInterval;
            this.fleetHeartbeat = heartbeat;
            return this;
        }

        /** Base URL of the issuer, e.g. {@code https://issuer.example.com} (JWKS, introspection). */
        public Builder issuerUrl(String value) {
            this.issuerUrl = value;
            return this;
        }

        public Builder kafkaBootstrapServers(String value) {
            this.kafkaBootstrapServers = value;
            return this;
        }

        /**
         * Any Kafka client properties (e.g. {@code security.protocol}, {@code ssl.*}, {@code
         * sasl.*}) for the feeds' consumers, their dead-letter producer and the usage producer;
         * applied over the library's defaults.
         */
        public Builder kafkaOverrides(Map<String, String> value) {
            this.kafkaOverrides = Map.copyOf(value);
            return this;
        }

        Map<String, String> kafkaProperties() {
            Map<String, String> properties = new HashMap<>(kafkaOverrides);
            properties.put("bootstrap.servers", kafkaBootstrapServers);
            return properties;
        }

        /** The {@code iss} tokens must carry (the issuer's {@code watchword.issuer.tokens.issuer}). */
        public Builder expectedIssuer(String value) {
            this.expectedIssuer = value;
            return this;
        }

        /** This service's audience: tokens for another audience are refused. */
        public Builder audience(String value) {
            this.audience = value;
            return this;
        }

        /** An admin credential with {@code introspection:read}, used to check API keys. */
        public Builder introspectionCredential(String value) {
            this.introspectionCredential = value;
            return this;
        }

        /** Names the service in usage events. */
        public Builder serviceName(String value) {
            this.serviceName = value;
            return this;
        }

        public Builder clockSkew(Duration value) {
            this.clockSkew = value;
            return this;
        }

        /** How long the revocation feed may be unreachable before {@link #failMode} applies. */
        public Builder maxStaleness(Duration value) {
            this.maxStaleness = value;
            return this;
        }

        public Builder failMode(FailMode value) {
            this.failMode = value;
            return this;
        }

        /** How often the feed confirms contact with the broker (and measures its lag). */
        public Builder feedContactInterval(Duration value) {
            this.feedContactInterval = value;
            return this;
        }

        /** Minimum time between two JWKS fetches triggered by unknown key ids. */
        public Builder jwksMinRefetchInterval(Duration value) {
            this.jwksMinRefetchInterval = value;
            return this;
        }

        public Builder httpTimeout(Duration value) {
            this.httpTimeout = value;
            return this;
        }

        public Builder cacheSizes(long tokens, long apiKeys) {
            this.tokenCacheSize = tokens;
            this.keyCacheSize = apiKeys;
            return this;
        }

        public Builder usageEnabled(boolean value) {
            this.usageEnabled = value;
            return this;
        }

        /** Usage events held while Kafka is slow or down; beyond it they are dropped and counted. */
        public Builder usageQueueCapacity(int value) {
            this.usageQueueCapacity = value;
            return this;
        }

        public Builder clock(Clock value) {
            this.clock = value;
            return this;
        }

        public WatchwordClient build() {
            Objects.requireNonNull(issuerUrl, "issuerUrl is required (watchword.client.issuer-url)");
            Objects.requireNonNull(
                    kafkaBootstrapServers,
                    "kafkaBootstrapServers is required (watchword.client.kafka.bootstrap-servers)");
            if (maxStaleness.isNegative() || maxStaleness.compareTo(feedContactInterval) < 0) {
                throw new IllegalArgumentException("maxStaleness (" + maxStaleness
                        + ") must be at least the feed contact interval (" + feedContactInterval + ")");
            }
            return new WatchwordClient(this);
        }
    }
}
