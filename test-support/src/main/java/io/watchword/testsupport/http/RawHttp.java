package io.watchword.testsupport.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * HTTP/1.1 on a raw socket, for tests that must send what an HTTP client refuses to (malformed
 * escapes, oversized request lines, hand-made chunked bodies) and read the answer as it arrived.
 */
public final class RawHttp {

    private static final int READ_TIMEOUT_MILLIS = 5000;

    private RawHttp() {}

    /** Sends {@code request} to the running {@code @QuarkusTest} application ({@code quarkus.http.test-port}). */
    public static String exchange(String request) throws IOException {
        return exchange(ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class), request);
    }

    /**
     * Writes {@code request} (ISO-8859-1, byte for byte) to localhost:{@code port} and returns every
     * byte read until the server closes, resets or stays silent for 5 s.
     */
    public static String exchange(int port, String request) throws IOException {
        try (Socket s = new Socket("localhost", port)) {
            s.setSoTimeout(READ_TIMEOUT_MILLIS);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            try {
                for (int n; (n = in.read(buf)) > 0; ) {
                    answer.write(buf, 0, n);
                }
            } catch (SocketTimeoutException | SocketException done) {
                // Keep-alive or a reset after the answer: what arrived is the answer.
            }
            return answer.toString(StandardCharsets.ISO_8859_1);
        }
    }

    /**
     * A chunked message body: each piece as one chunk (hexadecimal size line, data, CRLF), then
     * the last chunk {@code 0} and the empty trailer.
     */
    public static String chunked(String... chunks) {
        StringBuilder body = new StringBuilder();
        for (String chunk : chunks) {
            body.append(Integer.toHexString(chunk.length()))
                    .append("\r\n")
                    .append(chunk)
                    .append("\r\n");
        }
        return body.append("0\r\n\r\n").toString();
    }

    /** A chunked message body of {@code count} chunks of {@code size} bytes of {@code 'a'}. */
    public static String chunkedFiller(int count, int size) {
        String[] chunks = new String[count];
        java.util.Arrays.fill(chunks, "a".repeat(size));
        return chunked(chunks);
    }
}
