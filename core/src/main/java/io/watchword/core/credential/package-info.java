/**
 * Credential formats, checked locally so that a mistyped or made-up credential costs no lookup: the
 * API-key format with its CRC32 checksum and display prefix ({@link
 * io.watchword.core.credential.ApiKeyFormat}), credential ids ({@link
 * io.watchword.core.credential.CredentialIds}), the one base62 implementation and the outer shape
 * of a token. Every check accepts any input and answers "not valid" rather than throwing.
 */
package io.watchword.core.credential;
