package io.watchword.deploy.hostile;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

/**
 * One generated request, exactly as it goes on the wire.
 *
 * @param index its position in the seeded sequence (replay: same seed, same index)
 * @param endpoint the endpoint it aims at (even when its method or path was mutated)
 * @param mutation what was done to it, e.g. {@code body:duplicate-keys}
 * @param head request line and headers, CRLF-terminated
 * @param body the bytes after the head (already chunk-framed when chunked)
 * @param beforeApplication the HTTP server may answer before any application code runs (request
 *     line or header section invalid or over the server's limits): then only "no HTML, no stack"
 *     applies (decision 0097)
 * @param credentialValid whether the request presents a credential that may use the endpoint
 * @param plantedInInput secrets placed in the path, body or query (for the report)
 * @param markers unique strings planted in the input: no error answer may repeat them
 */
public record HostileRequest(
        int index,
        Endpoint endpoint,
        String mutation,
        byte[] head,
        byte[] body,
        boolean beforeApplication,
        boolean credentialValid,
        Set<String> plantedInInput,
        Set<String> markers) {

    /** The request as text, secrets replaced by their names, control bytes escaped, cut short. */
    public String describe(Map<String, String> secrets, int maxChars) {
        String text = new String(head, StandardCharsets.ISO_8859_1)
                + new String(body, 0, Math.min(body.length, 4096), StandardCharsets.ISO_8859_1);
        text = new String(text.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
        for (Map.Entry<String, String> secret : secrets.entrySet()) {
            text = text.replace(secret.getValue(), "<" + secret.getKey() + ">");
        }
        StringBuilder shown = new StringBuilder();
        for (int i = 0; i < text.length() && shown.length() < maxChars; i++) {
            char c = text.charAt(i);
            if (c == '\r') {
                shown.append("\\r");
            } else if (c == '\n') {
                shown.append("\\n");
            } else if (c < 0x20 || c == 0x7f) {
                shown.append(String.format("\\x%02x", (int) c));
            } else {
                shown.append(c);
            }
        }
        int total = head.length + body.length;
        if (shown.length() >= maxChars) {
            shown.append("… (").append(total).append(" bytes)");
        }
        return shown.toString();
    }
}
