package io.watchword.issuer.token.service;

import io.watchword.events.v1.AuditRecorded;
import io.watchword.events.v1.CredentialType;
import io.watchword.issuer.token.config.TokenConfig;
import io.watchword.issuer.token.crypto.Ed25519Signer;
import io.watchword.issuer.token.port.AuditGateway;
import io.watchword.issuer.token.port.CredentialGateway;
import io.watchword.issuer.token.port.CredentialSnapshot;
import io.watchword.issuer.token.signing.SigningKey;
import io.watchword.issuer.token.signing.SigningKeyRing;
import io.watchword.issuer.token.signing.SigningKeyRingSource;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** Small in-memory stand-ins for the keys module, for unit tests of the token services' rules. */
final class TokenTestFixtures {

    static final Instant NOW = Instant.parse("2026-11-25T08:00:00Z");
    private static final List<String> ACTIONS = List.of("read", "write", "delete", "admin");

    private TokenTestFixtures() {}

    static CredentialSnapshot apiKey(String id, String tenant, String... scopes) {
        return new CredentialSnapshot(
                id,
                tenant,
                CredentialType.API_KEY,
                List.of(scopes),
                List.of(),
                true,
                NOW.minus(Duration.ofDays(1)),
                NOW.plus(Duration.ofDays(30)),
                null,
                null);
    }

    /** Keys are valid when they start with ww_ and do not contain "bad" (a stand-in for the CRC). */
    static final class Credentials implements CredentialGateway {
        final Map<String, CredentialSnapshot> keys = new HashMap<>();
        /** Keys known only to the "database": the cached lookup does not find them. */
        final java.util.Set<String> uncached = new java.util.HashSet<>();

        @Override
        public boolean hasValidChecksum(String presentedKey) {
            return presentedKey.startsWith("ww_") && !presentedKey.contains("bad");
        }

        @Override
        public Optional<String> environmentOf(String presentedKey) {
            String[] parts = presentedKey.split("_");
            return parts.length > 2 ? Optional.of(parts[1]) : Optional.empty();
        }

        @Override
        public Optional<CredentialSnapshot> findByPresentedKey(String presentedKey) {
            return Optional.ofNullable(keys.get(presentedKey));
        }

        @Override
        public Optional<CredentialSnapshot> findCachedByPresentedKey(String presentedKey) {
            return uncached.contains(presentedKey) ? Optional.empty() : findByPresentedKey(presentedKey);
        }

        @Override
        public String parseScope(String scope) {
            String[] parts = scope.split(":");
            if (parts.length != 2 || !ACTIONS.contains(parts[1])) {
                throw new IllegalArgumentException("expected resource:action");
            }
            return scope;
        }

        @Override
        public boolean implies(String granted, String requested) {
            String[] g = granted.split(":");
            String[] r = requested.split(":");
            return g[0].equals(r[0]) && ACTIONS.indexOf(g[1]) >= ACTIONS.indexOf(r[1]);
        }

        @Override
        public boolean cidrAllows(List<String> allowedCidrs, String clientIp) {
            return allowedCidrs.isEmpty() || allowedCidrs.contains(clientIp + "/32");
        }
    }

    /** An audit that keeps nothing (benchmarks: a list would grow with every token). */
    static final AuditGateway DISCARDING_AUDIT = new AuditGateway() {
        @Override
        public void record(AuditRecorded event) {}

        @Override
        public CompletableFuture<Void> recordAsync(AuditRecorded event) {
            return CompletableFuture.completedFuture(null);
        }
    };

    static final class Audit implements AuditGateway {
        final List<AuditRecorded> events = new ArrayList<>();

        @Override
        public void record(AuditRecorded event) {
            events.add(event);
        }

        @Override
        public CompletableFuture<Void> recordAsync(AuditRecorded event) {
            events.add(event);
            return CompletableFuture.completedFuture(null);
        }
    }

    static final class Keys implements SigningKeyRingSource {
        final SigningKey current = SigningKey.of("sk_test", Ed25519Signer.generate(new SecureRandom()));

        @Override
        public SigningKeyRing ring() {
            return new SigningKeyRing(
                    current, Map.of("sk_test", current.signer().verifier()), new byte[0]);
        }
    }

    static TokenConfig config() {
        return new TokenConfig() {
            @Override
            public Optional<String> masterKey() {
                return Optional.empty();
            }

            @Override
            public Optional<List<String>> previousMasterKeys() {
                return Optional.empty();
            }

            @Override
            public Tokens tokens() {
                return new Tokens() {
                    @Override
                    public String issuer() {
                        return "urn:watchword:issuer";
                    }

                    @Override
                    public String defaultAudience() {
                        return "watchword";
                    }

                    @Override
                    public Duration defaultTtl() {
                        return Duration.ofMinutes(5);
                    }

                    @Override
                    public Duration maxTtl() {
                        return Duration.ofMinutes(15);
                    }

                    @Override
                    public Duration clockSkew() {
                        return Duration.ofSeconds(30);
                    }
                };
            }

            @Override
            public Signing signing() {
                throw new UnsupportedOperationException();
            }

            @Override
            public Revocations revocations() {
                throw new UnsupportedOperationException();
            }
        };
    }
}
