package io.watchword.revocation.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.watchword.events.v1.ResponseAction;
import io.watchword.events.v1.Severity;
import java.util.List;
import org.junit.jupiter.api.Test;

class PolicyEvaluatorTest {

    private static final String KEY = "key_AAAAAAAAAAAAAAAAAAAAAA";
    private static final ResponsePolicy POLICY = new ResponsePolicy(
            false,
            ResponseAction.NOTIFY,
            List.of(
                    new PolicyRule("geo-revoke", Severity.HIGH, List.of("geo-velocity"), ResponseAction.REVOKE),
                    new PolicyRule("high-suspend", Severity.HIGH, List.of(), ResponseAction.SUSPEND),
                    new PolicyRule("any-revoke", Severity.LOW, List.of(), ResponseAction.REVOKE)),
            List.of());

    @Test
    void firstMatchingRuleWins() {
        PolicyDecision decision = PolicyEvaluator.decide(POLICY, KEY, Severity.CRITICAL, "geo-velocity");

        assertThat(decision.action()).isEqualTo(ResponseAction.REVOKE);
        assertThat(decision.rule()).isEqualTo("geo-revoke");
    }

    @Test
    void detectorFilterSkipsARuleForOtherDetectors() {
        PolicyDecision decision = PolicyEvaluator.decide(POLICY, KEY, Severity.HIGH, "rate-spike");

        assertThat(decision.action()).isEqualTo(ResponseAction.SUSPEND);
        assertThat(decision.rule()).isEqualTo("high-suspend");
    }

    @Test
    void noPolicyOnlyNotifies() {
        PolicyDecision decision = PolicyEvaluator.decide(ResponsePolicy.DEFAULT, KEY, Severity.CRITICAL, "x");

        assertThat(decision.action()).isEqualTo(ResponseAction.NOTIFY);
        assertThat(decision.rule()).isEqualTo(PolicyEvaluator.DEFAULT_RULE);
    }

    @Test
    void unmatchedAlertGetsTheDefaultAction() {
        ResponsePolicy onlyHigh = new ResponsePolicy(
                null,
                ResponseAction.NONE,
                List.of(new PolicyRule("high", Severity.HIGH, null, ResponseAction.REVOKE)),
                null);

        PolicyDecision decision = PolicyEvaluator.decide(onlyHigh, KEY, Severity.MEDIUM, "x");

        assertThat(decision.action()).isEqualTo(ResponseAction.NONE);
    }

    @Test
    void allowlistedKeyIsOnlyNotified() {
        ResponsePolicy allowlisted = new ResponsePolicy(false, ResponseAction.NOTIFY, POLICY.rules(), List.of(KEY));

        PolicyDecision decision = PolicyEvaluator.decide(allowlisted, KEY, Severity.CRITICAL, "geo-velocity");

        assertThat(decision.action()).isEqualTo(ResponseAction.NOTIFY);
        assertThat(decision.rule()).isEqualTo(PolicyEvaluator.ALLOWLIST_RULE);
        assertThat(decision.reason()).contains("REVOKE").contains("geo-revoke");
    }
}
