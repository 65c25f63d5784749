package io.watchword.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The whole loop, as the quick start shows it: every service in its own JVM from its packaged
 * application, on the real broker and PostgreSQL.
 */
class QuickStartDemoTest {

    @Test
    void keyIsIssuedExchangedVerifiedRotatedAndLockedOutEverywhereAfterRevocationAndAThiefIsDetectedAndLockedOut()
            throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        Path work;
        try (LocalStack stack = LocalStack.start(
                LocalStack.home(),
                LocalStack.Service.ISSUER,
                LocalStack.Service.REVOCATION,
                LocalStack.Service.EXAMPLE,
                LocalStack.Service.DETECTOR)) {
            work = stack.workDirectory();
            QuickStartDemo.Outcome outcome =
                    new QuickStartDemo(stack, new PrintStream(printed, true, StandardCharsets.UTF_8)).run();

            assertThat(outcome.rotatedKeyId()).startsWith("key_").isNotEqualTo(outcome.keyId());
            String shown = printed.toString(StandardCharsets.UTF_8);
            System.out.println(shown); // the timeline, in the test report
            assertThat(shown)
                    .contains("Verified offline against the issuer's JWKS")
                    .contains("HTTP 200")
                    .contains("the next request got HTTP 401");
            // The detection loop: the thief (127.0.0.2, curl, POST) is alerted on, suspended, refused.
            DetectionLoop.Result loop = outcome.detection();
            assertThat(loop.detectors()).contains("new-client", "route-outside-profile");
            assertThat(loop.action()).isEqualTo("SUSPEND");
            assertThat(loop.refusalStatus()).isIn(401, 403);
            assertThat(loop.alertPublished()).isBefore(loop.firstRefusal());
            assertThat(shown)
                    .contains("Timeline (from the thief's first request)")
                    .contains("alert on watchword.alerts.v1");
            // RFC 8414 metadata is served at the issuer's real address (the peer benchmark relies on it).
            WatchwordApi.Answer metadata =
                    stack.api().get(stack.issuerUrl(), "/.well-known/oauth-authorization-server", null);
            assertThat(metadata.status()).isEqualTo(200);
            assertThat(metadata.text("token_endpoint")).isEqualTo(stack.issuerUrl() + "/v1/oauth/token");
            // The demo shows secrets only as display prefixes.
            assertThat(shown).doesNotContain(stack.bootstrapAdminKey());
        }

        assertThat(Files.exists(work)).as("the stack deletes its files").isFalse();
        assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive))
                .as("no service, broker or database process outlives the stack")
                .isEmpty();
    }
}
