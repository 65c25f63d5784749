package io.watchword.issuer.token.signing;

/** Lifecycle of a signing key; see V20__signing_keys.sql. */
public enum SigningKeyStatus {
    NEXT,
    CURRENT,
    RETIRED
}
