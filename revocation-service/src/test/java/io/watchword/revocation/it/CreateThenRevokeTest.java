package io.watchword.revocation.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.watchword.core.credential.CredentialIds;
import io.watchword.revocation.it.IssuerAdmin.TestKey;
import io.watchword.revocation.it.IssuerAdmin.TestTenant;
import io.watchword.testsupport.quarkus.WatchwordTestResource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 7: a key is revocable the moment the issuer has answered its creation, without waiting
 * for its event; the revocation-service confirms a key it has not seen with the issuer.
 */
@QuarkusTest
@QuarkusTestResource(
        value = WatchwordTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "revocation"))
@QuarkusTestResource(IssuerTestResource.class)
class CreateThenRevokeTest {

    private static final int ROUNDS = 1000;
    private static final int ADMIN_ROUNDS = 50;

    @Test
    void createThenRevokeAThousandTimesAnswers201EveryTimeAndEveryKeyIsThenRefused() {
        TestTenant tenant = IssuerAdmin.newTenant();
        List<TestKey> revoked = new ArrayList<>();
        for (int i = 0; i < ROUNDS; i++) {
            TestKey key = IssuerAdmin.newApiKey(tenant);
            int status = given().auth()
                    .oauth2(tenant.adminKey())
                    .contentType(ContentType.JSON)
                    .body(Map.of("credentialId", key.id(), "reason", "MANUAL"))
                    .post("/v1/revocations")
                    .statusCode();
            assertThat(status)
                    .as("revocation %d of %s, right after its creation", i, key.id())
                    .isEqualTo(201);
            revoked.add(key);
        }

        // The issuer (the verifier of record) refuses every one of them once it read the revocations.
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                        IssuerAdmin.active(revoked.get(revoked.size() - 1).key()))
                .isFalse());
        List<String> stillActive = new ArrayList<>();
        for (TestKey key : revoked) {
            if (IssuerAdmin.active(key.key())) {
                stillActive.add(key.id());
            }
        }
        assertThat(stillActive).as("keys still accepted after their revocation").isEmpty();
    }

    @Test
    void suspendingAKeyRightAfterItsCreationWorks() {
        TestTenant tenant = IssuerAdmin.newTenant();
        TestKey key = IssuerAdmin.newApiKey(tenant);

        given().auth()
                .oauth2(tenant.adminKey())
                .contentType(ContentType.JSON)
                .body(Map.of("credentialId", key.id()))
                .post("/v1/suspensions")
                .then()
                .statusCode(201);
    }

    @Test
    void createThenRevokeAnAdminKeyFiftyTimesAnswers201EveryTimeAndEveryAdminKeyIsThenRefused() {
        TestTenant tenant = IssuerAdmin.newTenant();
        List<TestKey> revoked = new ArrayList<>();
        for (int i = 0; i < ADMIN_ROUNDS; i++) {
            TestKey adminKey = IssuerAdmin.newAdminKeyWithId(tenant);
            int status = given().auth()
                    .oauth2(tenant.adminKey())
                    .contentType(ContentType.JSON)
                    .body(Map.of("credentialId", adminKey.id(), "reason", "MANUAL"))
                    .post("/v1/revocations")
                    .statusCode();
            assertThat(status)
                    .as("revocation %d of admin key %s, right after its creation", i, adminKey.id())
                    .isEqualTo(201);
            revoked.add(adminKey);
        }

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                        IssuerAdmin.active(revoked.get(revoked.size() - 1).key()))
                .isFalse());
        List<String> stillActive = new ArrayList<>();
        for (TestKey adminKey : revoked) {
            if (IssuerAdmin.active(adminKey.key())) {
                stillActive.add(adminKey.id());
            }
        }
        assertThat(stillActive)
                .as("admin keys still accepted after their revocation")
                .isEmpty();
    }

    @Test
    void revokingAnotherTenantsBrandNewAdminKeyIsTheSameNotFoundAsARandomId() {
        TestTenant attacker = IssuerAdmin.newTenant();
        TestTenant victim = IssuerAdmin.newTenant();
        TestKey victimAdminKey = IssuerAdmin.newAdminKeyWithId(victim);
        String randomId = CredentialIds.newAdminKeyId();

        Response theirs = revoke(attacker, victimAdminKey.id());
        Response random = revoke(attacker, randomId);

        assertThat(theirs.statusCode()).isEqualTo(404).isEqualTo(random.statusCode());
        assertThat(theirs.contentType()).isEqualTo(random.contentType());
        assertThat(theirs.jsonPath().getMap("").keySet())
                .isEqualTo(random.jsonPath().getMap("").keySet());
        assertThat(theirs.jsonPath().getString("detail").replace(victimAdminKey.id(), "ID"))
                .isEqualTo(random.jsonPath().getString("detail").replace(randomId, "ID"));
        assertThat(IssuerAdmin.active(victimAdminKey.key()))
                .as("the victim's admin key still works")
                .isTrue();
    }

    private static Response revoke(TestTenant tenant, String credentialId) {
        return given().auth()
                .oauth2(tenant.adminKey())
                .contentType(ContentType.JSON)
                .body(Map.of("credentialId", credentialId, "reason", "COMPROMISED"))
                .post("/v1/revocations");
    }
}
