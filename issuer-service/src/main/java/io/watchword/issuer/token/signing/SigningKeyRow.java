package io.watchword.issuer.token.signing;

import java.time.Instant;

/** One row of {@code signing_keys}; the private key only in its sealed form. */
public record SigningKeyRow(
        String kid,
        byte[] publicKey,
        byte[] sealedPrivateKey,
        String masterKeyId,
        SigningKeyStatus status,
        Instant createdAt,
        Instant activatedAt,
        Instant retiredAt,
        Instant publishUntil) {}
