package io.watchword.issuer.token.signing;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.watchword.issuer.token.crypto.Base64Url;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** Writes public Ed25519 keys as a JWK Set (RFC 7517; OKP keys per RFC 8037 §2). */
public final class JwksWriter {

    private static final JsonFactory JSON = new JsonFactory();

    private JwksWriter() {}

    /** A public key and its id. */
    public record PublicJwk(String kid, byte[] publicKey) {}

    public static byte[] write(List<PublicJwk> keys) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(32 + keys.size() * 160);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeArrayFieldStart("keys");
            for (PublicJwk key : keys) {
                json.writeStartObject();
                json.writeStringField("kty", "OKP");
                json.writeStringField("crv", "Ed25519");
                json.writeStringField("x", Base64Url.encode(key.publicKey()));
                json.writeStringField("kid", key.kid());
                json.writeStringField("use", "sig");
                json.writeStringField("alg", "EdDSA");
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
