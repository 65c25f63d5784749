package io.watchword.detector.model;

import io.watchword.events.v1.CredentialRevocationChanged;
import io.watchword.events.v1.CredentialStateChanged;
import io.watchword.events.v1.RevocationStatus;

/** What the job needs of a credential's state (credential-state topic) or revocation (revocations topic). */
public class CredentialUpdate {
    public String key;
    public String tenantId;
    public long ts;
    /** ACTIVE, ROTATED, EXPIRED, SUSPENDED, REVOKED; for a revocation record REVOKED or SUSPENDED (or ACTIVE when lifted). */
    public String status;
    /** True for credential-state records (the full picture); false for a revocation (status only). */
    public boolean fullState;

    public long expiresAt;
    public long graceEndsAt;
    public String[] allowedCidrs;
    public String displayPrefix;

    public CredentialUpdate() {}

    public static CredentialUpdate of(CredentialStateChanged e) {
        CredentialUpdate c = new CredentialUpdate();
        c.key = e.credentialId();
        c.tenantId = e.tenantId();
        c.ts = e.occurredAt().toEpochMilli();
        c.status = e.status().name();
        c.fullState = true;
        c.expiresAt = e.expiresAt() == null ? Long.MAX_VALUE : e.expiresAt().toEpochMilli();
        c.graceEndsAt = e.graceEndsAt() == null ? 0 : e.graceEndsAt().toEpochMilli();
        c.allowedCidrs =
                e.allowedCidrs() == null ? new String[0] : e.allowedCidrs().toArray(new String[0]);
        c.displayPrefix = e.displayPrefix();
        return c;
    }

    public static CredentialUpdate of(CredentialRevocationChanged e) {
        CredentialUpdate c = new CredentialUpdate();
        c.key = e.credentialId();
        c.tenantId = e.tenantId();
        c.ts = e.occurredAt().toEpochMilli();
        c.status = e.status() == RevocationStatus.REVOKED
                ? "REVOKED"
                : e.status() == RevocationStatus.SUSPENDED ? "SUSPENDED" : "ACTIVE";
        c.fullState = false;
        c.expiresAt = e.expiresAt() == null ? Long.MAX_VALUE : e.expiresAt().toEpochMilli();
        return c;
    }
}
