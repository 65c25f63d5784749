package io.watchword.issuer.bootstrap;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.watchword.core.credential.ApiKeyFormat;
import io.watchword.core.scope.Scope;
import io.watchword.core.scope.ScopeAction;
import io.watchword.events.v1.AuditOutcome;
import io.watchword.events.v1.CredentialType;
import io.watchword.issuer.audit.AuditEvents;
import io.watchword.issuer.config.IssuerConfig;
import io.watchword.issuer.service.CredentialIssuer;
import io.watchword.issuer.service.IssuedCredential;
import io.watchword.issuer.service.RequestInfo;
import io.watchword.issuer.tenant.Tenant;
import io.watchword.issuer.tenant.TenantRepository;
import io.watchword.kit.auth.AdminPrincipal;
import io.watchword.kit.outbox.OutboxWriter;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * On the first start with an empty database: creates the {@code system} tenant and one platform
 * admin credential, exactly once however many instances start together. The tenant's primary
 * key decides: the first transaction inserts it, the others wait on the row and then insert
 * nothing. The credential is written to a file only its owner can read (before the commit, so a
 * committed credential is never lost) or adopted from {@code watchword.issuer.bootstrap.admin-key}.
 */
@ApplicationScoped
public class BootstrapService {

    private static final Logger LOG = Logger.getLogger(BootstrapService.class);

    public static final List<Scope> PLATFORM_SCOPES = List.of(
            Scope.of("tenants", ScopeAction.ADMIN),
            Scope.of("keys", ScopeAction.ADMIN),
            Scope.of("introspection", ScopeAction.READ),
            Scope.of("revocations", ScopeAction.ADMIN),
            Scope.of("policies", ScopeAction.ADMIN),
            Scope.of("audit", ScopeAction.READ));

    private final TenantRepository tenants;
    private final CredentialIssuer issuer;
    private final OutboxWriter outbox;
    private final IssuerConfig config;
    private final Clock clock;

    public BootstrapService(
            TenantRepository tenants, CredentialIssuer issuer, OutboxWriter outbox, IssuerConfig config, Clock clock) {
        this.tenants = tenants;
        this.issuer = issuer;
        this.outbox = outbox;
        this.config = config;
        this.clock = clock;
    }

    void onStart(@Observes @Priority(10) StartupEvent event) {
        bootstrap();
    }

    /** @return the id of the admin credential created now, or empty if the database was bootstrapped already */
    public Optional<String> bootstrap() {
        Optional<String> adopted =
                config.bootstrap().adminKey().filter(k -> !k.isBlank()).map(String::trim);
        adopted.ifPresent(key -> {
            if (!"admin".equals(ApiKeyFormat.environmentOf(key).orElse(null)) || !ApiKeyFormat.hasValidChecksum(key)) {
                throw new IllegalStateException(
                        "watchword.issuer.bootstrap.admin-key is not a valid ww_admin_ credential"
                                + " (wrong prefix, length or checksum); generate one by starting once without it");
            }
        });
        return QuarkusTransaction.requiringNew().call(() -> {
            Instant now = clock.instant();
            Tenant system = new Tenant(
                    AdminPrincipal.SYSTEM_TENANT,
                    "Watchword platform",
                    config.keys().defaultTtl(),
                    config.keys().maxTtl(),
                    List.of(),
                    now);
            if (!tenants.insertIfAbsent(system, "bootstrap")) {
                LOG.debug("bootstrap: system tenant exists, nothing to do");
                return Optional.<String>empty();
            }
            IssuedCredential admin = issuer.issue(
                    new CredentialIssuer.Spec(
                            AdminPrincipal.SYSTEM_TENANT,
                            CredentialType.ADMIN_KEY,
                            "bootstrap platform admin",
                            "admin",
                            PLATFORM_SCOPES,
                            List.of(),
                            Map.of(),
                            now.plus(config.bootstrap().adminKeyTtl()),
                            null,
                            adopted.orElse(null)),
                    "bootstrap",
                    now);
            outbox.append(AuditEvents.of(
                    now,
                    AdminPrincipal.SYSTEM_TENANT,
                    "bootstrap",
                    "bootstrap",
                    "credential",
                    admin.credential().id(),
                    AuditOutcome.SUCCESS,
                    RequestInfo.INTERNAL,
                    Map.of()));
            if (adopted.isPresent()) {
                LOG.infof(
                        "bootstrap: created the system tenant and adopted the platform admin credential %s (%s)"
                                + " from watchword.issuer.bootstrap.admin-key",
                        admin.credential().id(), admin.credential().displayPrefix());
            } else {
                Path file = writeOwnerOnly(config.bootstrap().adminKeyFile(), admin.key());
                LOG.infof(
                        "bootstrap: created the system tenant and platform admin credential %s (%s); the credential"
                                + " was written to %s (owner-only). Store it in a secret manager and delete the file.",
                        admin.credential().id(), admin.credential().displayPrefix(), file.toAbsolutePath());
            }
            return Optional.of(admin.credential().id());
        });
    }

    public static Path writeOwnerOnly(Path file, String secret) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(
                    dir,
                    ".watchword-bootstrap",
                    ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(tmp, secret + "\n", StandardCharsets.US_ASCII);
            return Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "bootstrap: cannot write the admin credential to " + file
                            + "; set watchword.issuer.bootstrap.admin-key-file to a writable path",
                    e);
        }
    }
}
