package io.watchword.revocation.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.watchword.core.problem.FieldError;
import io.watchword.events.v1.ResponseAction;
import io.watchword.events.v1.Severity;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class PolicyValidatorTest {

    @Test
    void aSoundPolicyHasNoErrors() {
        ResponsePolicy policy = new ResponsePolicy(
                true,
                ResponseAction.NOTIFY,
                List.of(new PolicyRule("high", Severity.HIGH, List.of("rate-spike"), ResponseAction.SUSPEND)),
                List.of("key_AAAAAAAAAAAAAAAAAAAAAA"));

        assertThat(PolicyValidator.validate(policy)).isEmpty();
    }

    @Test
    void everyProblemIsListedWithItsField() {
        ResponsePolicy policy = new ResponsePolicy(
                false,
                null,
                Arrays.asList(
                        new PolicyRule("dup", Severity.HIGH, null, ResponseAction.REVOKE),
                        new PolicyRule("dup", null, List.of(""), null),
                        new PolicyRule("default", null, null, ResponseAction.NOTIFY),
                        null),
                List.of("ww_live_not-an-id"));

        List<FieldError> errors = PolicyValidator.validate(policy);

        assertThat(errors)
                .extracting(FieldError::field)
                .containsExactlyInAnyOrder(
                        "rules[1].name",
                        "rules[1].action",
                        "rules[1].detectors[0]",
                        "rules[2].name",
                        "rules[3]",
                        "allowlist[0]");
    }
}
