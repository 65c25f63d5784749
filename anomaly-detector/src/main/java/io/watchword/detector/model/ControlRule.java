package io.watchword.detector.model;

import java.util.HashMap;
import java.util.Map;

/**
 * Key {@code ruleId} is {@code <tenantId>/<ruleId>}, the control record's key.
 *
 * <p>An operator's instruction to the job (control topic): an announced change window for a tenant or
 * one key (its behavioural findings are softened while it lasts), and/or threshold overrides for a
 * tenant. Held as broadcast state by every parallel instance.
 */
public class ControlRule {
    public String ruleId;
    public String tenantId;
    /** Null: the whole tenant. */
    public String credentialId;

    public long fromMs;
    public long untilMs;
    public Map<String, String> overrides = new HashMap<>();
    /** True: the rule is withdrawn (a tombstone on its key: removed from the broadcast state). */
    public boolean withdrawn;
    /** Set instead of the rest when the control record was unusable: it goes to the dead letters. */
    public DeadLetter dead;

    public ControlRule() {}

    public boolean covers(Usage u) {
        return tenantId != null
                && tenantId.equals(u.tenantId)
                && (credentialId == null || credentialId.equals(u.credentialId))
                && u.ts >= fromMs
                && u.ts < untilMs;
    }
}
