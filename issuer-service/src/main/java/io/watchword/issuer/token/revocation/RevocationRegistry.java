package io.watchword.issuer.token.revocation;

import io.watchword.events.v1.CredentialRevocationChanged;
import io.watchword.events.v1.RevocationStatus;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which credentials (API keys, admin keys and token jtis) are revoked or suspended right now, as
 * the compacted revocations topic says. Bound to the tenant (contract 3 of issue 6): a record
 * refuses only the credential of its own {@code tenantId}, so one tenant naming another's id
 * refuses nothing of the other's. Lookups are a hash-map read: safe on the event loop. Thread-safe.
 */
public class RevocationRegistry {

    /** Keyed like the topic: {@code <tenantId>/<credentialId>}. */
    private final Map<String, RevocationStatus> refused = new ConcurrentHashMap<>();

    private volatile boolean bootstrapped;

    /** Applies the newest record of a credential: the topic's last word wins. */
    public void apply(CredentialRevocationChanged change) {
        String key = CredentialRevocationChanged.key(change.tenantId(), change.credentialId());
        if (change.status() == RevocationStatus.REINSTATED) {
            refused.remove(key);
        } else {
            refused.put(key, change.status());
        }
    }

    /**
     * A tombstone: the credential can no longer be used anyway, forget it. {@code recordKey} is
     * {@code <tenantId>/<credentialId>}; a record key of before issue 6 (the id alone) forgets that
     * id for every tenant.
     */
    public void forget(String recordKey) {
        if (refused.remove(recordKey) == null && recordKey.indexOf('/') < 0) {
            refused.keySet().removeIf(key -> key.endsWith("/" + recordKey));
        }
    }

    /** True if the credential of this tenant is REVOKED or SUSPENDED. */
    public boolean isRefused(String tenantId, String credentialId) {
        return statusOf(tenantId, credentialId) != null;
    }

    public RevocationStatus statusOf(String tenantId, String credentialId) {
        if (tenantId == null || credentialId == null) {
            return null;
        }
        return refused.get(CredentialRevocationChanged.key(tenantId, credentialId));
    }

    public boolean bootstrapped() {
        return bootstrapped;
    }

    void markBootstrapped() {
        bootstrapped = true;
    }

    public int size() {
        return refused.size();
    }
}
