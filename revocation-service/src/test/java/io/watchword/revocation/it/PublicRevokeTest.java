package io.watchword.revocation.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.watchword.core.credential.ApiKeyFormat;
import io.watchword.events.Topics;
import io.watchword.events.v1.CredentialRevocationChanged;
import io.watchword.events.v1.RevocationReason;
import io.watchword.events.v1.RevocationStatus;
import io.watchword.revocation.it.IssuerAdmin.TestKey;
import io.watchword.revocation.it.IssuerAdmin.TestTenant;
import io.watchword.testsupport.quarkus.WatchwordTestResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** RFC 7009: whoever holds a leaked credential can revoke it, with no admin credential. */
@QuarkusTest
@QuarkusTestResource(
        value = WatchwordTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "revocation"))
@QuarkusTestResource(IssuerTestResource.class)
class PublicRevokeTest {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void presentingALeakedKeyRevokesItAsExposed() {
        TestTenant tenant = IssuerAdmin.newTenant();
        TestKey key = IssuerAdmin.newApiKey(tenant);
        KnownCredentials.awaitKnown(dataSource, key.id());

        given().formParam("token", key.key())
                .formParam("token_type_hint", "api_key")
                .post("/v1/revoke")
                .then()
                .statusCode(200);

        CredentialRevocationChanged event = EventProbe.value(
                EventProbe.awaitCount(Topics.REVOCATIONS.name(), tenant.id() + "/" + key.id(), 1)
                        .get(0),
                CredentialRevocationChanged.class);
        assertThat(event.status()).isEqualTo(RevocationStatus.REVOKED);
        assertThat(event.reason()).isEqualTo(RevocationReason.EXPOSED);
        assertThat(event.requestedBy()).startsWith("rfc7009:");
        // Presenting it again: already invalid, still 200 (RFC 7009 §2.2).
        given().formParam("token", key.key()).post("/v1/revoke").then().statusCode(200);
    }

    @Test
    void anUnknownOrMalformedTokenIsAnsweredWith200() {
        given().formParam("token", ApiKeyFormat.generate("live"))
                .post("/v1/revoke")
                .then()
                .statusCode(200);
        given().formParam("token", "hello").post("/v1/revoke").then().statusCode(200);
    }

    @Test
    void aMissingTokenIsAnInvalidRequest() {
        given().formParam("token_type_hint", "api_key")
                .post("/v1/revoke")
                .then()
                .statusCode(400)
                .body("error", equalTo("invalid_request"));
    }

    @Test
    void anAdminCredentialIsAnUnsupportedTokenType() {
        given().formParam("token", ApiKeyFormat.generate("admin"))
                .post("/v1/revoke")
                .then()
                .statusCode(400)
                .body("error", equalTo("unsupported_token_type"));
    }
}
