package io.watchword.client.verify;

/** How the caller authenticated. */
public enum CredentialKind {
    TOKEN,
    API_KEY
}
