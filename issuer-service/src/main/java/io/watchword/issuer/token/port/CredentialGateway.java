package io.watchword.issuer.token.port;

import java.util.List;
import java.util.Optional;

/**
 * The token package's one view of the keys module (credential format, cached lookup, scopes,
 * CIDRs), so token exchange and introspection depend on a narrow interface rather than on every
 * class of that module. Implementations must answer a cached hit without touching the database.
 */
public interface CredentialGateway {

    /** The CRC32 checksum of the presented key is right: cheap, no lookup. */
    boolean hasValidChecksum(String presentedKey);

    /** {@code live}, {@code test} or {@code admin}, from the key's prefix. */
    Optional<String> environmentOf(String presentedKey);

    /** Checksum, then keyed hash, then cache, then database. Empty if unknown or malformed. */
    Optional<CredentialSnapshot> findByPresentedKey(String presentedKey);

    /**
     * The credential if the cache holds a usable entry for the key, without touching the database
     * (safe on an event-loop thread). Empty says nothing about the key: unknown keys are never
     * cached; {@link #findByPresentedKey} decides.
     */
    Optional<CredentialSnapshot> findCachedByPresentedKey(String presentedKey);

    /**
     * Parses and normalises a scope ({@code resource:action}).
     *
     * @throws IllegalArgumentException with a reason a person can act on if the scope is malformed
     */
    String parseScope(String scope);

    /** A granted scope implies the requested one ({@code orders:write} implies {@code orders:read}). */
    boolean implies(String granted, String requested);

    /** The client IP is inside one of the CIDRs (an empty list allows any address). */
    boolean cidrAllows(List<String> allowedCidrs, String clientIp);
}
