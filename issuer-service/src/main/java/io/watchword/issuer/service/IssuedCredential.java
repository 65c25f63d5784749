package io.watchword.issuer.service;

import io.watchword.issuer.credential.StoredCredential;

/** A credential just created, with its plaintext key: returned once, never stored. */
public record IssuedCredential(StoredCredential credential, String key) {}
