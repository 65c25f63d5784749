package io.watchword.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * One HTTP/1.1 request to {@code /orders} from a chosen loopback source address (the JDK's
 * HttpClient cannot bind one): how the quick start's thief and the leak-to-lockout benchmark's
 * thieves come from other addresses than the key's owner.
 */
public final class LoopbackClient {

    private LoopbackClient() {}

    /** The HTTP status of {@code method /orders} sent from {@code source} with a bearer token. */
    public static int call(URI base, String source, String userAgent, String method, String token) throws IOException {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(source), 0));
            socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5000);
            socket.setSoTimeout(10_000);
            socket.setTcpNoDelay(true);
            String body = method.equals("POST") ? "{\"item\":\"gift card\",\"quantity\":50}" : "";
            String request = method + " /orders HTTP/1.1\r\n"
                    + "Host: " + base.getHost() + ":" + base.getPort() + "\r\n"
                    + "Authorization: Bearer " + token + "\r\n"
                    + "User-Agent: " + userAgent + "\r\n"
                    + (body.isEmpty() ? "" : "Content-Type: application/json\r\n")
                    + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n"
                    + "Connection: close\r\n\r\n" + body;
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = in.read()) != -1 && c != '\n') {
                line.append((char) c);
            }
            in.readAllBytes();
            String[] parts = line.toString().split(" ");
            return parts.length > 1 ? Integer.parseInt(parts[1]) : -1;
        }
    }
}
