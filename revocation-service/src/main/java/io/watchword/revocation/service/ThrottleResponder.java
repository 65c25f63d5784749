package io.watchword.revocation.service;

import io.watchword.events.v1.AnomalyDetected;
import io.watchword.events.v1.CredentialType;
import io.watchword.revocation.config.RevocationConfig;
import io.watchword.revocation.credential.KnownCredential;
import io.watchword.revocation.policy.PolicyDecision;
import io.watchword.revocation.policy.PolicyValidator;
import io.watchword.revocation.policy.ThrottleSpec;
import io.watchword.revocation.repository.IssuerThrottles;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;

/**
 * The THROTTLE action of a response policy: the rule's limit and length (or the defaults) are set
 * on the key through the issuer, which publishes them on the key's credential state; verifiers
 * then refuse over the cut limit with 429 {@code abnormal-usage-detected} and end the throttle on
 * their own clock (decisions 0176, 0212). An issuer that cannot answer throws, so the alert is
 * retried (its claim in {@code processed_alerts} rolls back with the transaction).
 */
@ApplicationScoped
public class ThrottleResponder {

    private final IssuerThrottles issuer;
    private final RevocationConfig config;

    public ThrottleResponder(IssuerThrottles issuer, RevocationConfig config) {
        this.issuer = issuer;
        this.config = config;
    }

    /** The throttle the decision asks for, with the service's defaults filled in. */
    public ThrottleSpec effective(ThrottleSpec rule) {
        Integer rate = rule == null ? null : rule.rateLimit();
        Duration ttl = rule == null ? null : PolicyValidator.parseTtl(rule.ttl());
        return new ThrottleSpec(
                rate == null ? config.throttle().defaultRateLimit() : rate,
                (ttl == null ? config.throttle().defaultTtl() : ttl).toString());
    }

    /** Applies the throttle (unless dry run) and says what happened, for the decision's reason. */
    public String apply(
            AnomalyDetected alert, KnownCredential credential, PolicyDecision decision, boolean dryRun, Instant now) {
        ThrottleSpec spec = effective(decision.throttle());
        String what = "THROTTLE to " + spec.rateLimit() + " requests per window for " + spec.ttl();
        if (dryRun) {
            return "dry run: would " + what + " (" + decision.reason() + ")";
        }
        if (credential.type() != CredentialType.API_KEY) {
            return decision.reason() + "; only API keys carry limits: nothing throttled";
        }
        if (!credential.usableAt(now)) {
            return decision.reason() + "; credential already expired, nothing to THROTTLE";
        }
        IssuerThrottles.Outcome outcome = issuer.throttle(
                credential.id(), spec.rateLimit(), PolicyValidator.parseTtl(spec.ttl()), alert.eventId());
        return switch (outcome) {
            case DONE -> decision.reason() + "; " + what;
            case NO_SUCH_KEY -> decision.reason() + "; the issuer has no such key: nothing throttled";
            case REFUSED -> decision.reason() + "; the issuer refused " + what;
        };
    }
}
