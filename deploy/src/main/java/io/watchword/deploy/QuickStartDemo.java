package io.watchword.deploy;

import io.watchword.client.WatchwordClient;
import io.watchword.client.verify.VerificationResult;
import io.watchword.deploy.WatchwordApi.Answer;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What the quick start shows, in the order a newcomer would try it: a tenant and an API key, the
 * key exchanged for a short-lived token, the token verified offline, the key rotated, a request
 * accepted by the example service, the key revoked and the next request refused — with the
 * measured lockout time.
 */
public final class QuickStartDemo {

    private final LocalStack stack;
    private final PrintStream out;
    private final WatchwordApi api;
    private final HttpClient http = HttpClient.newHttpClient();
    private int step;

    /** What the demo measured, for the end-to-end test. */
    public record Outcome(String keyId, String rotatedKeyId, Duration lockout, DetectionLoop.Result detection) {}

    public QuickStartDemo(LocalStack stack, PrintStream out) {
        this.stack = stack;
        this.out = out;
        this.api = stack.api();
    }

    public Outcome run() throws Exception {
        URI issuer = stack.issuerUrl();
        say("A platform admin credential was created once, on the issuer's first start: "
                + prefix(stack.bootstrapAdminKey()) + "… (in "
                + stack.workDirectory().resolve("bootstrap-admin.key")
                + ")");

        Answer tenant = api.postJson(
                        issuer,
                        "/v1/tenants",
                        stack.bootstrapAdminKey(),
                        Map.of(
                                "id", "acme",
                                "name", "Acme Corp",
                                "defaultKeyTtl", "P30D",
                                "maxKeyTtl", "P90D",
                                "resources", List.of("orders", "payments")))
                .expect(201);
        String tenantAdmin = tenant.body().path("adminKey").path("key").asText();
        say("Tenant 'acme' created, with its own admin credential " + prefix(tenantAdmin) + "…");

        Answer key = api.postJson(
                        issuer,
                        "/v1/keys",
                        tenantAdmin,
                        Map.of(
                                "name", "checkout-service",
                                "environment", "live",
                                "scopes", List.of("orders:write"),
                                "ttl", "P30D"))
                .expect(201);
        String keyId = key.text("id");
        String apiKey = key.text("key");
        say("API key " + keyId + " created: " + key.text("displayPrefix") + "… scopes "
                + key.body().path("scopes") + ", expires " + key.text("expiresAt")
                + " (the secret is shown once; the issuer stores only its HMAC)");

        Answer token = api.postJson(
                        issuer,
                        "/v1/tokens",
                        apiKey,
                        Map.of("scopes", List.of("orders:read"), "audience", LocalStack.EXAMPLE_AUDIENCE))
                .expect(200);
        String accessToken = token.text("access_token");
        say("Exchanged for a token narrowed to '" + token.text("scope") + "', valid " + token.text("expires_in")
                + " s: " + accessToken.substring(0, 24) + "…");

        try (WatchwordClient verifier = WatchwordClient.builder()
                .issuerUrl(issuer.toString())
                .kafkaBootstrapServers(stack.infrastructure().kafkaBootstrapServers())
                .audience(LocalStack.EXAMPLE_AUDIENCE)
                .introspectionCredential(stack.serviceCredential())
                .serviceName("quick-start")
                .usageEnabled(false)
                .build()) {
            verifier.start(Duration.ofSeconds(30));
            VerificationResult verified = verifier.verifyAuthorization("Bearer " + accessToken, "orders:read");
            if (!verified.isAccepted()) {
                throw new IllegalStateException("the token did not verify: " + verified);
            }
            say("Verified offline against the issuer's JWKS (Ed25519): sub="
                    + verified.principal().credentialId() + ", tenant="
                    + verified.principal().tenantId());
        }

        Answer rotated = api.postJson(
                        issuer, "/v1/keys/" + keyId + "/rotate", tenantAdmin, Map.of("gracePeriod", "PT1H"))
                .expect(201);
        String newKeyId = rotated.text("id");
        String newKey = rotated.text("key");
        api.postJson(issuer, "/v1/tokens", apiKey, Map.of()).expect(200);
        say("Rotated: new key " + newKeyId + "; the old key still works for its 1 h grace period, then expires");

        String newToken = api.postJson(issuer, "/v1/tokens", newKey, Map.of("audience", LocalStack.EXAMPLE_AUDIENCE))
                .expect(200)
                .text("access_token");
        int status = callExample(newToken);
        say("GET /orders on the example service with a token of the new key: HTTP " + status);
        if (status != 200) {
            throw new IllegalStateException("the example service refused a valid token: " + status);
        }

        Answer revoked = revoke(tenantAdmin, newKeyId);
        long revokedAt = System.nanoTime();
        int after;
        do {
            after = callExample(newToken);
        } while (after == 200
                && System.nanoTime() - revokedAt < Duration.ofSeconds(10).toNanos());
        Duration lockout = Duration.ofNanos(System.nanoTime() - revokedAt);
        say("Revoked " + newKeyId + " (" + revoked.text("reason") + "); the next request got HTTP " + after
                + " — locked out " + String.format("%.1f", lockout.toNanos() / 1e6)
                + " ms after the revocation returned, with no cache to wait for");
        if (after != 401) {
            throw new IllegalStateException("the revoked key's token was still accepted after 10 s");
        }
        DetectionLoop.Result detection = null;
        if (stack.detectorUrl() != null) {
            detection = new DetectionLoop(stack, tenantAdmin, this::say).run();
        }
        return new Outcome(keyId, newKeyId, lockout, detection);
    }

    /**
     * A key created an instant ago is revocable at once: the revocation service confirms a key it
     * has not seen on the credentials topic yet with the issuer (issue 7), so no retry is needed.
     */
    private Answer revoke(String tenantAdmin, String keyId) {
        return api.postJson(
                        stack.revocationUrl(),
                        "/v1/revocations",
                        tenantAdmin,
                        Map.of("credentialId", keyId, "reason", "COMPROMISED", "comment", "quick-start demo"))
                .expect(201);
    }

    private int callExample(String token) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(stack.exampleUrl().resolve("/orders"))
                .header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(15)) // generous: CI machines are shared
                .GET()
                .build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    void say(String line) {
        out.println(String.format("%2d. %s", ++step, line));
    }

    private static String prefix(String secret) {
        return secret.substring(0, Math.min(16, secret.length()));
    }
}
