package io.watchword.revocation.rest;

import io.watchword.events.v1.ResponseAction;
import io.watchword.revocation.policy.PolicyRule;
import java.time.Instant;
import java.util.List;

/**
 * A tenant's effective response policy. {@code builtIn} is true while the tenant has none of its
 * own (the safe default: notify only).
 */
public record PolicyView(
        String tenantId,
        boolean dryRun,
        ResponseAction defaultAction,
        List<PolicyRule> rules,
        List<String> allowlist,
        int version,
        Instant updatedAt,
        String updatedBy,
        boolean builtIn) {}
