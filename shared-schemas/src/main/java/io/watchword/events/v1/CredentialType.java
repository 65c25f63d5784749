package io.watchword.events.v1;

/** What kind of credential an event is about. */
public enum CredentialType {
    /** A long-lived (but always expiring) API key. */
    API_KEY,
    /** A short-lived signed token (JWT) exchanged for an API key. */
    TOKEN,
    /** A management credential of a tenant's administrator. */
    ADMIN_KEY
}
