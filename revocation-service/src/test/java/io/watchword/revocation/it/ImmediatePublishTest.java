package io.watchword.revocation.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.watchword.events.Topics;
import io.watchword.events.v1.CredentialRevocationChanged;
import io.watchword.events.v1.RevocationStatus;
import io.watchword.revocation.it.IssuerAdmin.TestKey;
import io.watchword.revocation.it.IssuerAdmin.TestTenant;
import io.watchword.testsupport.quarkus.WatchwordTestResource;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A change is published because its commit happened, not because the relay's timer came round
 * (decision 0235): with {@code watchword.outbox.poll-interval} at one hour, three changes of one
 * key made one right after the other (each its own request and transaction: suspend, reinstate,
 * revoke) are all on the topic, in commit order, and gone from the outbox long before the timer
 * could have fired. Real broker and PostgreSQL.
 */
@QuarkusTest
@TestProfile(ImmediatePublishTest.RelayTimerOneHour.class)
@QuarkusTestResource(
        value = WatchwordTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "revocation"))
@QuarkusTestResource(IssuerTestResource.class)
class ImmediatePublishTest {

    /** The relay's own timer out of the picture: only a commit can wake it. */
    public static final class RelayTimerOneHour implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("watchword.outbox.poll-interval", "PT1H");
        }
    }

    @Inject
    AgroalDataSource dataSource;

    @Test
    void changesCommittedOneAfterTheOtherArePublishedAtOnceInOrderWithTheRelayTimerAtOneHour() {
        TestTenant tenant = IssuerAdmin.newTenant();
        TestKey key = IssuerAdmin.newApiKey(tenant);
        KnownCredentials.awaitKnown(dataSource, key.id());

        given().auth()
                .oauth2(tenant.adminKey())
                .contentType(ContentType.JSON)
                .body(Map.of("credentialId", key.id()))
                .post("/v1/suspensions")
                .then()
                .statusCode(201);
        given().auth()
                .oauth2(tenant.adminKey())
                .post("/v1/suspensions/" + key.id() + "/reinstate")
                .then()
                .statusCode(200);
        given().auth()
                .oauth2(tenant.adminKey())
                .contentType(ContentType.JSON)
                .body(Map.of("credentialId", key.id(), "reason", "COMPROMISED"))
                .post("/v1/revocations")
                .then()
                .statusCode(201);

        // Far below the hour the timer would take: the commits woke the relay.
        var records = EventProbe.await(
                Topics.REVOCATIONS.name(), tenant.id() + "/" + key.id(), r -> r.size() >= 3, Duration.ofSeconds(60));
        assertThat(records)
                .extracting(r ->
                        EventProbe.value(r, CredentialRevocationChanged.class).status())
                .containsExactly(RevocationStatus.SUSPENDED, RevocationStatus.REINSTATED, RevocationStatus.REVOKED);
        // Acknowledged, so deleted: the durable copy lasted exactly until Kafka had the record.
        await().atMost(Duration.ofSeconds(30)).until(() -> outboxRows(tenant.id() + "/" + key.id()) == 0);
    }

    private long outboxRows(String recordKey) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT count(*) FROM outbox WHERE record_key = ?")) {
            s.setString(1, recordKey);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }
}
