package io.watchword.revocation.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.watchword.events.Topics;
import io.watchword.events.v1.CredentialRevocationChanged;
import io.watchword.revocation.it.IssuerAdmin.TestKey;
import io.watchword.revocation.it.IssuerAdmin.TestTenant;
import io.watchword.testsupport.quarkus.WatchwordTestResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/**
 * {@code X-Forwarded-For} behind a trusted proxy (decision 0075): in the test profile the loopback
 * peer is a trusted proxy, so the header counts, but only hops that are IP addresses. What it
 * decides lands in the revocation's {@code requestedBy} (and is the RFC 7009 rate-limit bucket).
 */
@QuarkusTest
@QuarkusTestResource(
        value = WatchwordTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "revocation"))
@QuarkusTestResource(IssuerTestResource.class)
class ForwardedForTest {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void theHopTheTrustedProxyVouchesForIsTheCaller() {
        assertThat(revokeVia("198.51.100.1, 203.0.113.9")).isEqualTo("rfc7009:203.0.113.9");
    }

    @Test
    void aHopThatIsNotAnAddressNeverReachesTheAuditRecord() {
        String requestedBy = revokeVia("'); DROP TABLE revocations; --");
        assertThat(requestedBy).doesNotContain("DROP").matches("rfc7009:(127\\.0\\.0\\.1|0:0:0:0:0:0:0:1)");
    }

    private String revokeVia(String forwardedFor) {
        TestTenant tenant = IssuerAdmin.newTenant();
        TestKey key = IssuerAdmin.newApiKey(tenant);
        KnownCredentials.awaitKnown(dataSource, key.id());
        given().header("X-Forwarded-For", forwardedFor)
                .formParam("token", key.key())
                .post("/v1/revoke")
                .then()
                .statusCode(200);
        return EventProbe.value(
                        EventProbe.awaitCount(Topics.REVOCATIONS.name(), tenant.id() + "/" + key.id(), 1)
                                .get(0),
                        CredentialRevocationChanged.class)
                .requestedBy();
    }
}
