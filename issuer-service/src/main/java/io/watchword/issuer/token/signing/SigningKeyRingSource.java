package io.watchword.issuer.token.signing;

/** Where token exchange and introspection get the current signing keys from. */
public interface SigningKeyRingSource {

    SigningKeyRing ring();
}
