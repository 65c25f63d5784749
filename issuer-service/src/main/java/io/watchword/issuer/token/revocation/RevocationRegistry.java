package io.watchword.issuer.token.revocation;

import io.watchword.events.v1.CredentialRevocationChanged;
import io.watchword.events.v1.RevocationStatus;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which credentials (API keys, admin keys and token jtis) are revoked or suspended right now, as
 * the compacted revocations topic says. Lookups are a hash-map read: safe on the event loop.
 * Thread-safe.
 */
public class RevocationRegistry {

    private final Map<String, RevocationStatus> refused = new ConcurrentHashMap<>();
    private volatile boolean bootstrapped;

    /** Applies the newest record of a credential: the topic's last word wins. */
    public void apply(CredentialRevocationChanged change) {
        if (change.status() == RevocationStatus.REINSTATED) {
            refused.remove(change.credentialId());
        } else {
            refused.put(change.credentialId(), change.status());
        }
    }

    /** A tombstone: the credential can no longer be used anyway, forget it. */
    public void forget(String credentialId) {
        refused.remove(credentialId);
    }

    /** True if the credential is REVOKED or SUSPENDED. */
    public boolean isRefused(String credentialId) {
        return credentialId != null && refused.containsKey(credentialId);
    }

    public RevocationStatus statusOf(String credentialId) {
        return credentialId == null ? null : refused.get(credentialId);
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
