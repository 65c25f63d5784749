package io.watchword.client.state;

import io.watchword.events.v1.CredentialStateChanged;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The latest state of every credential, by id, as the credential-state topic says. One writer (the
 * feed) and many readers.
 */
public final class CredentialStates {

    private final ConcurrentHashMap<String, KeyState> byId = new ConcurrentHashMap<>();

    /** The state of a credential, or null when the topic has none (yet). */
    public KeyState get(String credentialId) {
        return credentialId == null ? null : byId.get(credentialId);
    }

    public void apply(CredentialStateChanged event) {
        byId.put(event.credentialId(), KeyState.of(event));
    }

    public void remove(String credentialId) {
        byId.remove(credentialId);
    }

    public int size() {
        return byId.size();
    }
}
