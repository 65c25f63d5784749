package io.watchword.issuer.token.signing;

import io.watchword.issuer.token.crypto.Ed25519Verifier;
import java.util.Map;

/**
 * An immutable snapshot of the signing keys: the one that signs, the public keys that verify
 * (current, next and retired-but-published), and the JWKS document served as is.
 */
public record SigningKeyRing(SigningKey current, Map<String, Ed25519Verifier> verifiers, byte[] jwks) {

    public Ed25519Verifier verifier(String kid) {
        return verifiers.get(kid);
    }
}
