package io.watchword.example.rest;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.watchword.client.testing.JwksServer;
import io.watchword.client.testing.TestIssuer;
import io.watchword.testsupport.Infrastructure;
import java.util.Map;

/**
 * The real broker from test-support, and a JWKS published over HTTP for a fixed test signing key
 * (the example service needs only the issuer's public keys to verify tokens).
 */
public class ExampleServiceTestResource implements QuarkusTestResourceLifecycleManager {

    /** RFC 8037's example private key: a fixed key both this resource and the tests derive. */
    static final byte[] SIGNING_KEY =
            java.util.Base64.getUrlDecoder().decode("nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A");

    static TestIssuer issuer() {
        return new TestIssuer("example-test-key", SIGNING_KEY);
    }

    private JwksServer jwks;

    @Override
    public Map<String, String> start() {
        jwks = new JwksServer(issuer());
        return Map.of(
                "kafka.bootstrap.servers", Infrastructure.shared().kafkaBootstrapServers(),
                "watchword.client.issuer-url", jwks.url());
    }

    @Override
    public void stop() {
        if (jwks != null) {
            jwks.close();
        }
    }
}
