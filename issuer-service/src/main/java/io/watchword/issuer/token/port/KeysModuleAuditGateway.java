package io.watchword.issuer.token.port;

import io.watchword.events.v1.AuditRecorded;
import io.watchword.issuer.audit.AuditLog;
import jakarta.enterprise.context.ApplicationScoped;

/** {@link AuditGateway} over the keys module's group-committing {@link AuditLog}. */
@ApplicationScoped
public class KeysModuleAuditGateway implements AuditGateway {

    private final AuditLog auditLog;

    public KeysModuleAuditGateway(AuditLog auditLog) {
        this.auditLog = auditLog;
    }

    @Override
    public void record(AuditRecorded event) {
        auditLog.record(event);
    }
}
