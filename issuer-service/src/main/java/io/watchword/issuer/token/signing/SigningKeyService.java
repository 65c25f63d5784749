package io.watchword.issuer.token.signing;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import io.watchword.issuer.token.config.TokenConfig;
import io.watchword.issuer.token.crypto.Ed25519Signer;
import io.watchword.issuer.token.crypto.Ed25519Verifier;
import io.watchword.issuer.token.crypto.MasterKeyCipher;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Owns the Ed25519 signing keys: generates them, rotates them on a schedule with an overlap, seals
 * them at rest and keeps every instance's in-memory {@link SigningKeyRing} fresh.
 *
 * <p>Rotation is decided in the database under a PostgreSQL advisory lock, so with several
 * instances exactly one of them rotates and all of them then sign with the key the table marks
 * CURRENT. A retired key stays published until {@code retiredAt + maxTtl + clockSkew +
 * checkInterval}: the last term covers an instance that signs with the old key until its next
 * refresh.
 */
@Startup
@ApplicationScoped
public class SigningKeyService implements SigningKeyRingSource {

    private static final Logger LOG = Logger.getLogger(SigningKeyService.class);
    private static final char[] BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();

    private final SigningKeyRepository repository;
    private final TokenConfig config;
    private final MasterKeyCipher cipher;
    private final SecureRandom random = new SecureRandom();
    private final Clock clock = Clock.systemUTC();
    private volatile SigningKeyRing ring;
    private volatile boolean stopping;

    public SigningKeyService(SigningKeyRepository repository, TokenConfig config) {
        this.repository = repository;
        this.config = config;
        this.cipher = cipher(config);
        checkOverlap(config);
    }

    @PostConstruct
    void start() {
        // Before the first request: no instance serves without a key to sign with.
        refresh();
    }

    /** The current snapshot; never null once the service has started. */
    @Override
    public SigningKeyRing ring() {
        return ring;
    }

    /** How long a retired key stays published. */
    public Duration overlap() {
        return config.tokens()
                .maxTtl()
                .plus(config.tokens().clockSkew())
                .plus(config.signing().checkInterval());
    }

    @Scheduled(
            every = "${watchword.issuer.signing.check-interval:PT30S}",
            delayed = "${watchword.issuer.signing.check-interval:PT30S}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledRefresh() {
        if (stopping) {
            return;
        }
        try {
            refresh();
        } catch (RuntimeException e) {
            if (stopping) {
                return;
            }
            // Keep signing with the last good ring; the next tick retries.
            LOG.errorf(
                    e,
                    "signing-key refresh failed; still signing with %s",
                    ring == null ? "none" : ring.current().kid());
        }
    }

    void stop(@Observes ShutdownEvent event) {
        // The datasource closes during shutdown; a tick then would only log a spurious error.
        stopping = true;
    }

    /** Rotates if due (in the database, under the lock) and reloads this instance's keys. */
    public synchronized void refresh() {
        QuarkusTransaction.requiringNew().run(this::rotateIfDue);
        ring = load();
    }

    private void rotateIfDue() {
        repository.lockForRotation();
        Instant now = clock.instant();
        SigningKeyRow current = null;
        SigningKeyRow next = null;
        for (SigningKeyRow row : repository.findUnretired()) {
            if (row.status() == SigningKeyStatus.CURRENT) {
                current = row;
            } else {
                next = row;
            }
        }
        if (current == null
                || !current.activatedAt()
                        .plus(config.signing().rotationPeriod())
                        .isAfter(now)) {
            if (next == null) {
                next = newKey(now);
            }
            if (current != null) {
                repository.retire(current.kid(), now, now.plus(overlap()));
                LOG.infof("retired signing key %s; published until %s", current.kid(), now.plus(overlap()));
            }
            repository.activate(next.kid(), now);
            LOG.infof("signing key %s is now current", next.kid());
            next = null;
        }
        if (next == null && config.signing().publishNextKey()) {
            newKey(now);
        }
        int removed = repository.deleteUnpublished(now);
        if (removed > 0) {
            LOG.infof("removed %d expired signing key(s) from the JWKS", removed);
        }
    }

    private SigningKeyRow newKey(Instant now) {
        String kid = newKid(now);
        Ed25519Signer signer = Ed25519Signer.generate(random);
        byte[] privateKey = signer.privateKey();
        try {
            SigningKeyRow row = new SigningKeyRow(
                    kid,
                    signer.publicKey(),
                    cipher.encrypt(privateKey, kid),
                    cipher.currentKeyId(),
                    SigningKeyStatus.NEXT,
                    now,
                    null,
                    null,
                    null);
            repository.insert(row);
            return row;
        } finally {
            java.util.Arrays.fill(privateKey, (byte) 0);
        }
    }

    private SigningKeyRing load() {
        Instant now = clock.instant();
        List<SigningKeyRow> rows = repository.findPublished(now);
        SigningKey signing = null;
        Map<String, Ed25519Verifier> verifiers = new LinkedHashMap<>();
        SigningKeyRing previous = ring;
        for (SigningKeyRow row : rows) {
            verifiers.put(row.kid(), Ed25519Verifier.of(row.publicKey()));
            if (row.status() == SigningKeyStatus.CURRENT) {
                signing = previous != null && previous.current().kid().equals(row.kid())
                        ? previous.current()
                        : unseal(row);
            }
        }
        if (signing == null) {
            throw new IllegalStateException("no CURRENT signing key in signing_keys after rotation");
        }
        return new SigningKeyRing(signing, Map.copyOf(verifiers), jwks(rows));
    }

    private SigningKey unseal(SigningKeyRow row) {
        MasterKeyCipher.Decrypted opened = cipher.decrypt(row.sealedPrivateKey(), row.kid());
        try {
            if (opened.underPreviousMasterKey()) {
                repository.reseal(row.kid(), cipher.encrypt(opened.plaintext(), row.kid()), cipher.currentKeyId());
                LOG.infof("re-sealed signing key %s under master key %s", row.kid(), cipher.currentKeyId());
            }
            return SigningKey.of(row.kid(), Ed25519Signer.fromPrivateKey(opened.plaintext()));
        } finally {
            opened.wipe();
        }
    }

    private static byte[] jwks(List<SigningKeyRow> rows) {
        return JwksWriter.write(rows.stream()
                .map(row -> new JwksWriter.PublicJwk(row.kid(), row.publicKey()))
                .toList());
    }

    private String newKid(Instant now) {
        StringBuilder kid =
                new StringBuilder("sk_").append(now.getEpochSecond()).append('_');
        for (int i = 0; i < 8; i++) {
            kid.append(BASE62[random.nextInt(BASE62.length)]);
        }
        return kid.toString();
    }

    private static MasterKeyCipher cipher(TokenConfig config) {
        String masterKey = config.masterKey()
                .filter(value -> !value.isBlank())
                .orElseThrow(() -> new IllegalStateException("watchword.issuer.master-key is not set. The issuer seals"
                        + " its private signing keys with it: generate one with 'openssl rand -base64 32' and"
                        + " pass it as the environment variable WATCHWORD_ISSUER_MASTER_KEY (keep it in your"
                        + " secret store, not in application.properties)."));
        return new MasterKeyCipher(
                decodeKey("watchword.issuer.master-key", masterKey),
                config.previousMasterKeys().orElse(List.of()).stream()
                        .map(key -> decodeKey("watchword.issuer.previous-master-keys", key))
                        .toList());
    }

    private static byte[] decodeKey(String setting, String base64) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(
                    setting + " is not valid base64 (generate one with 'openssl rand -base64 32')");
        }
        if (key.length != 32) {
            throw new IllegalStateException(setting + " must decode to 32 bytes, not " + key.length
                    + " (generate one with 'openssl rand -base64 32')");
        }
        return key;
    }

    private void checkOverlap(TokenConfig config) {
        Duration overlap = overlap();
        if (config.signing().jwksMaxAge().compareTo(overlap) >= 0) {
            throw new IllegalStateException(
                    "watchword.issuer.signing.jwks-max-age (" + config.signing().jwksMaxAge()
                            + ") must be shorter than the signing-key overlap (max-ttl + clock-skew + check-interval = "
                            + overlap + "), or verifiers could cache a JWKS that lacks a key still in use");
        }
        if (config.tokens().defaultTtl().compareTo(config.tokens().maxTtl()) > 0) {
            throw new IllegalStateException("watchword.issuer.tokens.default-ttl ("
                    + config.tokens().defaultTtl() + ") exceeds watchword.issuer.tokens.max-ttl ("
                    + config.tokens().maxTtl() + ")");
        }
    }
}
