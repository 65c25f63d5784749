package io.watchword.issuer.credential;

import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import java.util.zip.CRC32;

/**
 * The credential format: {@code ww_<env>_<32 random base62><6 base62 CRC32 of what precedes>}.
 * The checksum lets anything (this service, a verifier, a secret scanner) reject a mistyped or
 * made-up key without a lookup.
 */
@ApplicationScoped
public class ApiKeyFormat {

    public static final Set<String> ENVIRONMENTS = Set.of("live", "test", "admin");
    static final int RANDOM_CHARS = 32;
    static final int CHECKSUM_CHARS = 6;
    private static final int DISPLAY_CHARS = 8;

    /** A new key for {@code live}, {@code test} or {@code admin}. */
    public String generate(String environment) {
        if (!ENVIRONMENTS.contains(environment)) {
            throw new IllegalArgumentException("unknown environment " + environment);
        }
        String body = "ww_" + environment + "_" + Base62.random(RANDOM_CHARS);
        return body + checksum(body);
    }

    /** Shape and checksum are right. Constant work for a given length; no lookup. */
    public boolean hasValidChecksum(String presented) {
        Optional<String> env = environmentOf(presented);
        if (env.isEmpty()) {
            return false;
        }
        int expectedLength = 4 + env.get().length() + RANDOM_CHARS + CHECKSUM_CHARS;
        if (presented.length() != expectedLength) {
            return false;
        }
        String tail = presented.substring(4 + env.get().length());
        if (!Base62.isBase62(tail)) {
            return false;
        }
        String body = presented.substring(0, presented.length() - CHECKSUM_CHARS);
        String sum = presented.substring(presented.length() - CHECKSUM_CHARS);
        return sum.equals(checksum(body));
    }

    /** {@code live}, {@code test} or {@code admin} from the prefix, if it has one. */
    public Optional<String> environmentOf(String presented) {
        if (presented == null || !presented.startsWith("ww_")) {
            return Optional.empty();
        }
        int end = presented.indexOf('_', 3);
        if (end < 0) {
            return Optional.empty();
        }
        String env = presented.substring(3, end);
        return ENVIRONMENTS.contains(env) ? Optional.of(env) : Optional.empty();
    }

    /** What may be shown and logged: {@code ww_live_AbCd1234}. */
    public String displayPrefix(String key) {
        int start = key.indexOf('_', 3) + 1;
        return key.substring(0, Math.min(key.length(), start + DISPLAY_CHARS));
    }

    static String checksum(String body) {
        CRC32 crc = new CRC32();
        crc.update(body.getBytes(StandardCharsets.US_ASCII));
        return Base62.encode(crc.getValue(), CHECKSUM_CHARS);
    }
}
