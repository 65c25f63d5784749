package io.watchword.issuer.token.port;

import io.watchword.events.v1.AuditRecorded;
import io.watchword.issuer.audit.AuditLog;
import io.watchword.issuer.audit.AuditUnavailableException;
import io.watchword.issuer.config.IssuerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** {@link AuditGateway} over the keys module's group-committing {@link AuditLog}. */
@ApplicationScoped
public class KeysModuleAuditGateway implements AuditGateway {

    private final AuditLog auditLog;
    private final IssuerConfig config;

    public KeysModuleAuditGateway(AuditLog auditLog, IssuerConfig config) {
        this.auditLog = auditLog;
        this.config = config;
    }

    @Override
    public void record(AuditRecorded event) {
        auditLog.record(event);
    }

    @Override
    public CompletableFuture<Void> recordAsync(AuditRecorded event) {
        CompletableFuture<Void> durable = new CompletableFuture<>();
        // The same bound and the same failure as the blocking record(): not durable in time = refused.
        auditLog.recordAsync(event)
                .orTimeout(config.audit().timeout().toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((done, failure) -> {
                    if (failure == null) {
                        durable.complete(null);
                    } else {
                        durable.completeExceptionally(
                                new AuditUnavailableException("audit record could not be made durable", failure));
                    }
                });
        return durable;
    }
}
