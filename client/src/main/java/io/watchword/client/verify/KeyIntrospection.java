package io.watchword.client.verify;

import io.watchword.core.scope.GrantedScopes;

/** Asks the issuer whether an API key is active. {@link ApiKeyIntrospector} is the HTTP one. */
@FunctionalInterface
public interface KeyIntrospection {

    /** What the issuer said: inactive, or active with whom and what. Times in epoch seconds. */
    record Answer(boolean active, String credentialId, String tenant, GrantedScopes scopes, long expiresAt) {
        public static final Answer INACTIVE = new Answer(false, null, null, GrantedScopes.parse(""), 0);
    }

    /** The issuer could not answer (network, 5xx, or it refused our introspection credential). */
    final class IntrospectionFailedException extends Exception {
        public IntrospectionFailedException(String message) {
            super(message, null, false, false);
        }
    }

    Answer introspect(String apiKey) throws IntrospectionFailedException;
}
