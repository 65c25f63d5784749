package io.watchword.example.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.watchword.client.testing.JwksServer;
import io.watchword.client.testing.TestFeeds;
import io.watchword.core.credential.ApiKeyFormat;
import io.watchword.events.EventSerde;
import io.watchword.events.Topics;
import io.watchword.events.v1.ApiUsageRecorded;
import io.watchword.events.v1.CredentialState;
import io.watchword.events.v1.RefusalReason;
import io.watchword.events.v1.RevocationStatus;
import io.watchword.events.v1.UsageOutcome;
import io.watchword.testsupport.Infrastructure;
import io.watchword.testsupport.kafka.KafkaTestClient;
import io.watchword.testsupport.kafka.TopicRecord;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The example service honours every change of an API key published on the credential-state and
 * revocation topics, as an attacker holding a key that should be dead would find out.
 */
@QuarkusTest
@QuarkusTestResource(ExampleServiceTestResource.class)
class CredentialChangesTest {

    private static final String TENANT = ExampleServiceTestResource.KEY_TENANT;

    @TestHTTPResource("/orders")
    URL orders;

    private final TestFeeds feeds = new TestFeeds(Infrastructure.shared().kafkaBootstrapServers());

    @AfterEach
    void close() {
        feeds.close();
    }

    private static int status(String apiKey) {
        return given().header("Authorization", "Bearer " + apiKey)
                .when()
                .get("/orders")
                .then()
                .extract()
                .statusCode();
    }

    @Test
    void aRotatedKeyIsRefusedWithinASecondOfItsGraceEnding() throws Exception {
        String key = TestFeeds.newApiKey();
        String id = JwksServer.idOf(key);
        assertThat(status(key)).isEqualTo(200);
        Instant graceEnds = Instant.now().plusSeconds(5);

        feeds.publish(TestFeeds.state(
                TENANT, id, CredentialState.ROTATED, Instant.now().plusSeconds(3600), graceEnds));

        Thread.sleep(Math.max(0, Duration.between(Instant.now(), graceEnds).toMillis() - 1500));
        assertThat(status(key)).as("within its grace").isEqualTo(200);
        while (Instant.now().isBefore(graceEnds)) {
            Thread.sleep(10);
        }
        await().atMost(Duration.ofSeconds(1))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> status(key) == 401);
        given().header("Authorization", "Bearer " + key)
                .when()
                .get("/orders")
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .body("reason", equalTo("ROTATED_OUT"));
    }

    @Test
    void aSuspendedKeyIsRefusedAndWorksAgainOnceReinstated() {
        String key = TestFeeds.newApiKey();
        String id = JwksServer.idOf(key);
        assertThat(status(key)).isEqualTo(200);

        feeds.publish(TestFeeds.revocation(TENANT, id, RevocationStatus.SUSPENDED));
        await().atMost(Duration.ofSeconds(5)).until(() -> status(key) == 401);

        feeds.publish(TestFeeds.revocation(TENANT, id, RevocationStatus.REINSTATED));
        await().atMost(Duration.ofSeconds(5)).until(() -> status(key) == 200);
    }

    @Test
    void aKeyRestrictedToTenSlashEightIsRefusedFromLoopbackAndAcceptedFromItsRange() throws Exception {
        String key = TestFeeds.newApiKey();
        String id = JwksServer.idOf(key);
        Instant expires = Instant.now().plusSeconds(3600);
        feeds.publish(TestFeeds.state(
                TENANT, id, CredentialState.ACTIVE, expires, null, List.of("10.0.0.0/8"), List.of("orders:read")));

        await().atMost(Duration.ofSeconds(5)).until(() -> get(key, 1).startsWith("HTTP/1.1 403"));
        assertThat(get(key, 1)).contains("SOURCE_NOT_ALLOWED").contains("application/problem+json");

        feeds.publish(TestFeeds.state(
                TENANT,
                id,
                CredentialState.ACTIVE,
                expires,
                null,
                List.of("10.0.0.0/8", "127.0.0.2/32"),
                List.of("orders:read")));
        await().atMost(Duration.ofSeconds(5)).until(() -> get(key, 2).startsWith("HTTP/1.1 200"));
        assertThat(get(key, 1)).startsWith("HTTP/1.1 403");
    }

    @Test
    void refusedRequestsArePublishedAsUsageWithTheirReason() {
        String unknown = JwksServer.unknownApiKey();
        String revoked = TestFeeds.newApiKey();
        String revokedId = JwksServer.idOf(revoked);
        assertThat(status(revoked)).isEqualTo(200);
        feeds.publish(TestFeeds.revocation(TENANT, revokedId, RevocationStatus.REVOKED));
        await().atMost(Duration.ofSeconds(5)).until(() -> status(revoked) == 401);

        assertThat(status(unknown)).isEqualTo(401);
        given().header("Authorization", "Bearer not-a-credential")
                .when()
                .get("/orders")
                .then()
                .statusCode(401);

        try (KafkaTestClient kafka = new KafkaTestClient(Infrastructure.shared().kafkaBootstrapServers())) {
            String prefix = ApiKeyFormat.displayPrefix(unknown);
            ApiUsageRecorded unknownUsage = usage(kafka, prefix, r -> true);
            assertThat(unknownUsage.outcome()).isEqualTo(UsageOutcome.REFUSED);
            assertThat(unknownUsage.refusalReason()).isEqualTo(RefusalReason.UNKNOWN_CREDENTIAL);
            assertThat(unknownUsage.credentialId()).isNull();
            assertThat(unknownUsage.tenantId()).isNull();
            assertThat(unknownUsage.displayPrefix()).isEqualTo(prefix);
            assertThat(unknownUsage.status()).isEqualTo(401);

            ApiUsageRecorded revokedUsage = usage(kafka, revokedId, u -> u.outcome() == UsageOutcome.REFUSED);
            assertThat(revokedUsage.refusalReason()).isEqualTo(RefusalReason.REVOKED);
            assertThat(revokedUsage.tenantId()).isEqualTo(TENANT);
            assertThat(revokedUsage.displayPrefix()).isNull();

            ApiUsageRecorded accepted = usage(kafka, revokedId, u -> u.outcome() == UsageOutcome.ACCEPTED);
            assertThat(accepted.refusalReason()).isNull();
        }
    }

    private static ApiUsageRecorded usage(
            KafkaTestClient kafka, String key, java.util.function.Predicate<ApiUsageRecorded> match) {
        TopicRecord record = kafka.awaitRecord(
                Topics.USAGE.name(),
                r -> key.equals(r.key()) && match.test(EventSerde.deserialize(r.value(), ApiUsageRecorded.class)),
                Duration.ofSeconds(30));
        return EventSerde.deserialize(record.value(), ApiUsageRecorded.class);
    }

    /** A GET from the source address 127.0.0.{last}: the whole 127/8 range is loopback. */
    private String get(String apiKey, int last) throws IOException {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) last}), 0));
            socket.connect(new InetSocketAddress("127.0.0.1", orders.getPort()), 5000);
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /orders HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + apiKey
                            + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
