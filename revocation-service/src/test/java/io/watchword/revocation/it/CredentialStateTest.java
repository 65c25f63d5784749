package io.watchword.revocation.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.watchword.core.credential.CredentialIds;
import io.watchword.events.Topics;
import io.watchword.events.kafka.DeadLetters;
import io.watchword.events.kafka.EventRecords;
import io.watchword.events.v1.CredentialState;
import io.watchword.events.v1.CredentialType;
import io.watchword.revocation.it.IssuerAdmin.TestTenant;
import io.watchword.testsupport.quarkus.WatchwordTestResource;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The service learns every credential from the compacted credential-state topic (decision 0103):
 * ids the issuer was never asked about here (so the issuer fallback of 0082 plays no part: the
 * issuer does not know them) become revocable by their tenant's administrator only.
 */
@QuarkusTest
@QuarkusTestResource(
        value = WatchwordTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "revocation"))
@QuarkusTestResource(IssuerTestResource.class)
class CredentialStateTest {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void aPublishedStateMakesAnApiKeyRevocableByItsTenantsAdminAndNotByAnotherTenants() {
        aPublishedStateMakesTheCredentialRevocableByItsTenantOnly(CredentialType.API_KEY, "key");
    }

    @Test
    void aPublishedStateMakesAnAdminKeyRevocableByItsTenantsAdminAndNotByAnotherTenants() {
        aPublishedStateMakesTheCredentialRevocableByItsTenantOnly(CredentialType.ADMIN_KEY, "adm");
    }

    private void aPublishedStateMakesTheCredentialRevocableByItsTenantOnly(CredentialType type, String prefix) {
        TestTenant owner = IssuerAdmin.newTenant();
        TestTenant other = IssuerAdmin.newTenant();
        String id = CredentialIds.newId(prefix);
        assertThat(revoke(owner, id).statusCode())
                .as("unknown before its state is published")
                .isEqualTo(404);

        CredentialStates.publish(CredentialStates.active(owner.id(), id, type));
        KnownCredentials.awaitKnown(dataSource, id);

        assertThat(revoke(other, id).statusCode()).isEqualTo(404);
        assertThat(EventProbe.settle(Topics.REVOCATIONS.name(), other.id() + "/" + id, Duration.ofMillis(500)))
                .isEmpty();
        assertThat(revoke(owner, id).statusCode()).isEqualTo(201);
        assertThat(EventProbe.awaitCount(Topics.REVOCATIONS.name(), owner.id() + "/" + id, 1))
                .hasSize(1);
    }

    @Test
    void theNewestStateReplacesTheKnownOneSoAnExpiredCredentialIsNoLongerRevocable() {
        TestTenant owner = IssuerAdmin.newTenant();
        String id = CredentialIds.newId("key");
        CredentialStates.publish(CredentialStates.active(owner.id(), id, CredentialType.API_KEY));
        KnownCredentials.awaitKnown(dataSource, id);

        CredentialStates.publish(CredentialStates.state(
                owner.id(),
                id,
                CredentialType.API_KEY,
                CredentialState.EXPIRED,
                Instant.now().plusSeconds(3600)));
        await().atMost(Duration.ofSeconds(30)).until(() -> "EXPIRED".equals(status(id)));

        assertThat(revoke(owner, id).statusCode()).isEqualTo(409);
    }

    @Test
    void aTombstoneMarksTheCredentialGoneSoItIsNoLongerRevocable() {
        TestTenant owner = IssuerAdmin.newTenant();
        String id = CredentialIds.newId("key");
        CredentialStates.publish(CredentialStates.active(owner.id(), id, CredentialType.API_KEY));
        KnownCredentials.awaitKnown(dataSource, id);

        EventProbe.publishRaw(EventRecords.tombstone(Topics.CREDENTIAL_STATE, id));
        await().atMost(Duration.ofSeconds(30)).until(() -> gone(id));

        assertThat(revoke(owner, id).statusCode()).isEqualTo(409);
        assertThat(EventProbe.settle(Topics.DEAD_LETTERS.name(), id, Duration.ofMillis(500)))
                .as("a tombstone is not a malformed record")
                .isEmpty();
    }

    @Test
    void aStateThatMovesACredentialToAnotherTenantIsDeadLetteredAndChangesNothing() {
        TestTenant owner = IssuerAdmin.newTenant();
        TestTenant thief = IssuerAdmin.newTenant();
        String id = CredentialIds.newId("key");
        CredentialStates.publish(CredentialStates.active(owner.id(), id, CredentialType.API_KEY));
        KnownCredentials.awaitKnown(dataSource, id);

        CredentialStates.publish(CredentialStates.active(thief.id(), id, CredentialType.API_KEY));

        var dead = EventProbe.awaitCount(Topics.DEAD_LETTERS.name(), id, 1);
        assertThat(EventProbe.header(dead.get(0), DeadLetters.REASON)).contains("never changes tenant");
        assertThat(EventProbe.header(dead.get(0), DeadLetters.CONSUMER))
                .isEqualTo("watchword-revocation-service-credential-state");
        assertThat(revoke(thief, id).statusCode()).isEqualTo(404);
        assertThat(revoke(owner, id).statusCode()).isEqualTo(201);
    }

    private String status(String id) throws SQLException {
        return column(id, "status");
    }

    private boolean gone(String id) throws SQLException {
        return "true".equals(column(id, "gone"));
    }

    private String column(String id, String column) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT " + column + "::text FROM credentials WHERE id = ?")) {
            s.setString(1, id);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? r.getString(1) : null;
            }
        }
    }

    private static Response revoke(TestTenant tenant, String credentialId) {
        return given().auth()
                .oauth2(tenant.adminKey())
                .contentType(ContentType.JSON)
                .body(Map.of("credentialId", credentialId, "reason", "COMPROMISED"))
                .post("/v1/revocations");
    }
}
