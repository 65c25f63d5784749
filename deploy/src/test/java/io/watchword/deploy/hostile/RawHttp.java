package io.watchword.deploy.hostile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * HTTP/1.1 over a plain socket: the request goes on the wire byte for byte as generated (NUL in the
 * request line, broken percent-encoding, a lying Content-Length, bad chunk sizes), which no HTTP
 * client library lets through (decision 0096).
 */
public final class RawHttp {

    /** What came back; status 0 when the server closed or timed out without a status line. */
    public record Response(int status, List<String[]> headers, byte[] body, String failure) {

        public String header(String name) {
            for (String[] header : headers) {
                if (header[0].equalsIgnoreCase(name)) {
                    return header[1];
                }
            }
            return null;
        }

        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** Every header line and the body, for looking for echoed secrets. */
        public String everything() {
            StringBuilder all = new StringBuilder();
            for (String[] header : headers) {
                all.append(header[0]).append(": ").append(header[1]).append('\n');
            }
            return all.append(bodyText()).toString();
        }
    }

    private static final int MAX_RESPONSE_BYTES = 4 * 1024 * 1024;

    private RawHttp() {}

    /** Sends {@code head} (request line and headers, CRLF-terminated) then {@code body}, if any. */
    public static Response exchange(URI base, byte[] head, byte[] body, int timeoutMillis) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), timeoutMillis);
            socket.setSoTimeout(timeoutMillis);
            OutputStream out = socket.getOutputStream();
            String writeFailure = null;
            try {
                out.write(head);
                if (body != null && body.length > 0) {
                    // Large bodies in slices, so a server that refuses early can answer in between.
                    for (int offset = 0; offset < body.length; offset += 64 * 1024) {
                        out.write(body, offset, Math.min(64 * 1024, body.length - offset));
                    }
                }
                // No half-close: Netty closes a channel whose input ended, dropping the answer.
                out.flush();
            } catch (IOException e) {
                // The server may have answered and closed before reading everything (413, 431).
                writeFailure = "write: " + e.getMessage();
            }
            return read(socket.getInputStream(), writeFailure);
        } catch (IOException e) {
            return new Response(0, List.of(), new byte[0], e.toString());
        }
    }

    private static Response read(InputStream in, String writeFailure) throws IOException {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        byte[] buffer = new byte[16 * 1024];
        try {
            int n;
            while ((n = in.read(buffer)) >= 0 && raw.size() < MAX_RESPONSE_BYTES) {
                raw.write(buffer, 0, n);
                if (complete(raw.toByteArray())) {
                    break;
                }
            }
        } catch (SocketTimeoutException e) {
            if (raw.size() == 0) {
                return new Response(0, List.of(), new byte[0], "timeout" + suffix(writeFailure));
            }
        } catch (IOException e) {
            if (raw.size() == 0) {
                return new Response(0, List.of(), new byte[0], e.toString() + suffix(writeFailure));
            }
        }
        return parse(raw.toByteArray(), writeFailure);
    }

    private static String suffix(String writeFailure) {
        return writeFailure == null ? "" : " (" + writeFailure + ")";
    }

    /** True once a full response with a known length (Content-Length or last chunk) is in. */
    private static boolean complete(byte[] raw) {
        int end = headEnd(raw);
        if (end < 0) {
            return false;
        }
        String head = new String(raw, 0, end, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
        int length = head.indexOf("\ncontent-length:");
        if (length >= 0) {
            int eol = head.indexOf('\r', length + 1);
            try {
                long expected = Long.parseLong(head.substring(length + 16, eol < 0 ? head.length() : eol)
                        .trim());
                return raw.length - (end + 4) >= expected;
            } catch (NumberFormatException e) {
                return false;
            }
        }
        if (head.contains("\ntransfer-encoding: chunked")) {
            String tail = new String(
                    raw, Math.max(end, raw.length - 7), Math.min(7, raw.length - end), StandardCharsets.ISO_8859_1);
            return tail.endsWith("0\r\n\r\n");
        }
        return false;
    }

    private static int headEnd(byte[] raw) {
        for (int i = 0; i + 3 < raw.length; i++) {
            if (raw[i] == '\r' && raw[i + 1] == '\n' && raw[i + 2] == '\r' && raw[i + 3] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static Response parse(byte[] raw, String writeFailure) {
        int end = headEnd(raw);
        if (end < 0) {
            return new Response(0, List.of(), raw, "no complete response head" + suffix(writeFailure));
        }
        String[] lines = new String(raw, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
        String[] statusLine = lines[0].split(" ", 3);
        int status;
        try {
            status = Integer.parseInt(statusLine[1]);
        } catch (RuntimeException e) {
            return new Response(0, List.of(), raw, "unreadable status line" + suffix(writeFailure));
        }
        List<String[]> headers = new ArrayList<>();
        boolean chunked = false;
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                String name = lines[i].substring(0, colon).trim();
                String value = lines[i].substring(colon + 1).trim();
                headers.add(new String[] {name, value});
                chunked |= name.equalsIgnoreCase("transfer-encoding") && value.equalsIgnoreCase("chunked");
            }
        }
        byte[] body = java.util.Arrays.copyOfRange(raw, end + 4, raw.length);
        if (chunked) {
            body = dechunk(body);
        }
        return new Response(status, headers, body, writeFailure);
    }

    private static byte[] dechunk(byte[] chunked) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 0;
        try {
            while (i < chunked.length) {
                int eol = i;
                while (eol + 1 < chunked.length && !(chunked[eol] == '\r' && chunked[eol + 1] == '\n')) {
                    eol++;
                }
                String size = new String(chunked, i, eol - i, StandardCharsets.ISO_8859_1);
                int semicolon = size.indexOf(';');
                int n = Integer.parseInt((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
                if (n == 0) {
                    break;
                }
                out.write(chunked, eol + 2, Math.min(n, chunked.length - eol - 2));
                i = eol + 2 + n + 2;
            }
        } catch (RuntimeException e) {
            return chunked;
        }
        return out.toByteArray();
    }
}
