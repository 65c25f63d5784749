package io.watchword.testsupport.process;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Stands in for a packaged Quarkus application: serves {@code /q/health/ready} on the host and port
 * Quarkus would read, or exits at once with {@code -Dfake.fail=true}.
 */
public final class FakeQuarkusMain {

    public static void main(String[] args) throws Exception {
        if (Boolean.getBoolean("fake.fail")) {
            System.out.println("ERROR Failed to start application: the datasource is unreachable");
            System.exit(1);
        }
        String host = System.getProperty("quarkus.http.host");
        int port = Integer.getInteger("quarkus.http.port");
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(host), port), 0);
        server.createContext("/q/health/ready", exchange -> {
            byte[] body =
                    ("{\"status\":\"UP\",\"greeting\":\"" + System.getProperty("fake.greeting") + "\"}").getBytes();
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        System.out.println("listening on " + host + ":" + port);
    }
}
