package io.watchword.issuer.token.port;

import jakarta.ws.rs.core.HttpHeaders;

/** Authenticates management callers through the keys module's {@code AdminAuthenticator}. */
public interface AdminGateway {

    /**
     * @throws RuntimeException mapped to 401 problem+json if the credential is missing or invalid,
     *     403 if it lacks {@code requiredScope}
     */
    AdminCaller require(HttpHeaders headers, String requiredScope);
}
