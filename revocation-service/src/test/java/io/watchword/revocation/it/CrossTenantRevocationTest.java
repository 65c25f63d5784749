package io.watchword.revocation.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.watchword.core.credential.CredentialIds;
import io.watchword.events.Topics;
import io.watchword.events.v1.CredentialRevocationChanged;
import io.watchword.revocation.it.IssuerAdmin.TestKey;
import io.watchword.revocation.it.IssuerAdmin.TestTenant;
import io.watchword.testsupport.quarkus.WatchwordTestResource;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Tenant A's administrator tries to revoke what belongs to tenant B (contract 3): B's credential
 * keeps working, B's revocations are untouched, and A's answers are those of a random id.
 */
@QuarkusTest
@QuarkusTestResource(
        value = WatchwordTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "revocation"))
@QuarkusTestResource(IssuerTestResource.class)
class CrossTenantRevocationTest {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void revokingAnotherTenantsKeyIsTheSameNotFoundAsARandomIdAndTheKeyStillWorks() {
        TestTenant attacker = IssuerAdmin.newTenant();
        TestTenant victim = IssuerAdmin.newTenant();
        TestKey victimKey = IssuerAdmin.newApiKey(victim);
        KnownCredentials.awaitKnown(dataSource, victimKey.id());
        String randomId = CredentialIds.newId("key");

        for (String verb : new String[] {"/v1/revocations", "/v1/suspensions"}) {
            Response theirs = post(attacker, verb, Map.of("credentialId", victimKey.id(), "reason", "COMPROMISED"));
            Response random = post(attacker, verb, Map.of("credentialId", randomId, "reason", "COMPROMISED"));

            assertThat(theirs.statusCode()).isEqualTo(404).isEqualTo(random.statusCode());
            assertThat(theirs.contentType()).isEqualTo(random.contentType());
            assertThat(theirs.jsonPath().getMap("").keySet())
                    .isEqualTo(random.jsonPath().getMap("").keySet());
            assertThat(theirs.jsonPath().getString("detail").replace(victimKey.id(), "ID"))
                    .isEqualTo(random.jsonPath().getString("detail").replace(randomId, "ID"));
        }

        assertThat(IssuerAdmin.active(victimKey.key()))
                .as("the victim's key still works")
                .isTrue();
        assertThat(EventProbe.settle(
                        Topics.REVOCATIONS.name(), victim.id() + "/" + victimKey.id(), Duration.ofSeconds(2)))
                .isEmpty();
        // The victim can still revoke it itself: nothing was recorded against it.
        assertThat(post(victim, "/v1/revocations", Map.of("credentialId", victimKey.id(), "reason", "MANUAL"))
                        .statusCode())
                .isEqualTo(201);
    }

    @Test
    void revokingAnotherTenantsJtiChangesNothingOfTheirsAndAnswersAsForAFreshJti() {
        TestTenant attacker = IssuerAdmin.newTenant();
        TestTenant victim = IssuerAdmin.newTenant();
        String victimsJti = CredentialIds.newId("tok");
        String freshJti = CredentialIds.newId("tok");
        Response victims = post(victim, "/v1/revocations", Map.of("jti", victimsJti, "reason", "COMPROMISED"));
        assertThat(victims.statusCode()).isEqualTo(201);
        String victimsRevocation = victims.jsonPath().getString("id");

        // Already revoked by B: A learns nothing (no 409 or 200 "already revoked").
        Response theirs = post(attacker, "/v1/revocations", Map.of("jti", victimsJti, "reason", "MANUAL"));
        Response fresh = post(attacker, "/v1/revocations", Map.of("jti", freshJti, "reason", "MANUAL"));
        assertThat(theirs.statusCode()).isEqualTo(201).isEqualTo(fresh.statusCode());
        assertThat(theirs.jsonPath().getMap("").keySet())
                .isEqualTo(fresh.jsonPath().getMap("").keySet());
        assertThat(theirs.jsonPath().getString("tenantId")).isEqualTo(attacker.id());

        // B's revocation is untouched: same row, same reason, same requester, still B's alone.
        given().auth()
                .oauth2(victim.adminKey())
                .get("/v1/revocations/" + victimsRevocation)
                .then()
                .statusCode(200)
                .body("reason", org.hamcrest.Matchers.equalTo("COMPROMISED"))
                .body("tenantId", org.hamcrest.Matchers.equalTo(victim.id()));
        given().auth()
                .oauth2(victim.adminKey())
                .get("/v1/revocations")
                .then()
                .statusCode(200)
                .body("items.size()", org.hamcrest.Matchers.equalTo(1));
        given().auth()
                .oauth2(attacker.adminKey())
                .get("/v1/revocations/" + victimsRevocation)
                .then()
                .statusCode(404);

        // A's record is A's: keyed <tenant>/<jti>, so it neither compacts into B's nor applies to
        // B's token at a consumer that honours contract 3.
        var attackers = EventProbe.awaitCount(Topics.REVOCATIONS.name(), attacker.id() + "/" + victimsJti, 1);
        assertThat(EventProbe.value(attackers.get(0), CredentialRevocationChanged.class)
                        .tenantId())
                .isEqualTo(attacker.id());
        var victimsRecords =
                EventProbe.settle(Topics.REVOCATIONS.name(), victim.id() + "/" + victimsJti, Duration.ofSeconds(2));
        assertThat(victimsRecords).hasSize(1);
        assertThat(EventProbe.value(victimsRecords.get(0), CredentialRevocationChanged.class)
                        .requestedBy())
                .isNotEqualTo(theirs.jsonPath().getString("requestedBy"));
    }

    @Test
    void reinstatingAnotherTenantsSuspensionIsNotFound() {
        TestTenant attacker = IssuerAdmin.newTenant();
        TestTenant victim = IssuerAdmin.newTenant();
        TestKey victimKey = IssuerAdmin.newApiKey(victim);
        assertThat(post(victim, "/v1/suspensions", Map.of("credentialId", victimKey.id()))
                        .statusCode())
                .isEqualTo(201);

        Response theirs =
                given().auth().oauth2(attacker.adminKey()).post("/v1/suspensions/" + victimKey.id() + "/reinstate");
        Response random = given().auth()
                .oauth2(attacker.adminKey())
                .post("/v1/suspensions/" + CredentialIds.newId("key") + "/reinstate");

        assertThat(theirs.statusCode()).isEqualTo(404).isEqualTo(random.statusCode());
        assertThat(Set.copyOf(theirs.jsonPath().getMap("").keySet()))
                .isEqualTo(Set.copyOf(random.jsonPath().getMap("").keySet()));
        // Still suspended: the issuer keeps refusing the key once it has read the suspension.
        org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> !IssuerAdmin.active(victimKey.key()));
        given().auth()
                .oauth2(victim.adminKey())
                .get("/v1/revocations")
                .then()
                .statusCode(200)
                .body("items[0].status", org.hamcrest.Matchers.equalTo("SUSPENDED"));
    }

    private static Response post(TestTenant tenant, String path, Map<String, String> body) {
        return given().auth()
                .oauth2(tenant.adminKey())
                .contentType(ContentType.JSON)
                .body(body)
                .post(path);
    }
}
