package io.watchword.example.rest;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.watchword.client.testing.JwksServer;
import io.watchword.client.testing.TestIssuer;
import io.watchword.testsupport.Infrastructure;
import java.util.Map;

/**
 * The real broker from test-support, and a test issuer over HTTP: the JWKS for a fixed test signing
 * key, and introspection that accepts every well-formed API key (see {@link
 * JwksServer#acceptingEveryApiKey}) once, as the issuer would on first sight.
 */
public class ExampleServiceTestResource implements QuarkusTestResourceLifecycleManager {

    /** RFC 8037's example private key: a fixed key both this resource and the tests derive. */
    static final byte[] SIGNING_KEY =
            java.util.Base64.getUrlDecoder().decode("nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A");

    /** The tenant and scopes of every API key the test issuer's introspection accepts. */
    static final String KEY_TENANT = "ten_example";

    static TestIssuer issuer() {
        return new TestIssuer("example-test-key", SIGNING_KEY);
    }

    private JwksServer jwks;

    @Override
    public Map<String, String> start() {
        jwks = JwksServer.acceptingEveryApiKey(issuer(), KEY_TENANT, "orders:read orders:write");
        return Map.of(
                "kafka.bootstrap.servers", Infrastructure.shared().kafkaBootstrapServers(),
                "watchword.client.issuer-url", jwks.url(),
                "watchword.client.introspection-credential", "ww_admin_example_test");
    }

    @Override
    public void stop() {
        if (jwks != null) {
            jwks.close();
        }
    }
}
