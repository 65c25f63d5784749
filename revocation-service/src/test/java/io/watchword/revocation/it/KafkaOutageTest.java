package io.watchword.revocation.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.watchword.core.credential.CredentialIds;
import io.watchword.events.Topics;
import io.watchword.events.v1.CredentialRevocationChanged;
import io.watchword.revocation.it.IssuerAdmin.TestTenant;
import io.watchword.testsupport.Infrastructure;
import io.watchword.testsupport.quarkus.InjectInfrastructure;
import io.watchword.testsupport.quarkus.WatchwordTestResource;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(
        value = WatchwordTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "revocation"))
@QuarkusTestResource(IssuerTestResource.class)
class KafkaOutageTest {

    @InjectInfrastructure
    Infrastructure infrastructure;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void revocationsMadeWhileTheBrokerIsDownReachTheTopicInOrderWhenItReturns() {
        TestTenant tenant = IssuerAdmin.newTenant();
        // Authenticate once while all is well, as an on-call engineer would already have.
        given().auth().oauth2(tenant.adminKey()).get("/v1/revocations").then().statusCode(200);
        List<String> jtis = new ArrayList<>();

        infrastructure.stopKafka();
        try {
            for (int i = 0; i < 3; i++) {
                String jti = CredentialIds.newId("tok");
                jtis.add(jti);
                given().auth()
                        .oauth2(tenant.adminKey())
                        .contentType(ContentType.JSON)
                        .body(Map.of("jti", jti, "reason", "COMPROMISED"))
                        .post("/v1/revocations")
                        .then()
                        .statusCode(201);
            }
        } finally {
            infrastructure.startKafka();
        }

        for (String jti : jtis) {
            var records = EventProbe.awaitCount(Topics.REVOCATIONS.name(), tenant.id() + "/" + jti, 1);
            // Delivery is at-least-once (decision 0051): a send retried across the outage may land
            // twice, but always as the same event (same id), which verifiers apply idempotently.
            assertThat(records)
                    .extracting(r -> EventProbe.header(r, "ce_id"))
                    .containsOnly(EventProbe.header(records.get(0), "ce_id"));
            assertThat(EventProbe.value(records.get(0), CredentialRevocationChanged.class)
                            .credentialId())
                    .isEqualTo(jti);
        }
    }
}
