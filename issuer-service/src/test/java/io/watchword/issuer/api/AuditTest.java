package io.watchword.issuer.api;

import static io.restassured.RestAssured.given;
import static io.watchword.issuer.api.IssuerTestSupport.newKey;
import static io.watchword.issuer.api.IssuerTestSupport.newTenant;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.watchword.events.EventSerde;
import io.watchword.events.Topics;
import io.watchword.events.v1.AuditOutcome;
import io.watchword.events.v1.AuditRecorded;
import io.watchword.testsupport.quarkus.WatchwordTestResource;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = WatchwordTestResource.class, initArgs = @ResourceArg(name = "database", value = "issuer"))
class AuditTest {

    @Test
    void successfulCreationIsAuditedWithWhoWhatAndWhereButNoSecret() {
        var tenant = newTenant("orders");
        Map<String, Object> created = newKey(tenant.adminKey(), Map.of("name", "n", "scopes", List.of("orders:read")));
        String id = (String) created.get("id");
        var records = TopicReader.await(
                Topics.AUDIT.name(),
                r -> tenant.id().equals(r.key()) && new String(r.value()).contains(id),
                1,
                Duration.ofSeconds(30));
        AuditRecorded audit = EventSerde.deserialize(records.get(0).value(), AuditRecorded.class);
        assertThat(audit.action()).isEqualTo("key.create");
        assertThat(audit.outcome()).isEqualTo(AuditOutcome.SUCCESS);
        assertThat(audit.actor()).startsWith("adm_");
        assertThat(audit.sourceIp()).isEqualTo("127.0.0.1");
        assertThat(new String(records.get(0).value())).doesNotContain((String) created.get("key"));
    }

    @Test
    void refusalsAreAuditedToo() {
        var tenant = newTenant("orders");
        given().auth()
                .oauth2(tenant.adminKey())
                .get("/v1/keys/key_doesnotexist0000000000")
                .then()
                .statusCode(404);
        IssuerTestSupport.createKey(tenant.adminKey(), Map.of("name", "n", "scopes", List.of("nope:read")))
                .statusCode(400);
        var records = TopicReader.await(
                Topics.AUDIT.name(),
                r -> tenant.id().equals(r.key()) && new String(r.value()).contains("DENIED"),
                2,
                Duration.ofSeconds(30));
        assertThat(records)
                .extracting(r ->
                        EventSerde.deserialize(r.value(), AuditRecorded.class).action())
                .contains("key.get", "key.create");
        assertThat(records)
                .extracting(r -> EventSerde.deserialize(r.value(), AuditRecorded.class)
                        .details()
                        .get("status"))
                .contains("404", "400");
    }

    @Test
    void unauthenticatedCallsAreAuditedAsDenied() {
        String marker = "ww_admin_unknown" + System.nanoTime();
        given().header("User-Agent", marker).get("/v1/keys").then().statusCode(401);
        var records = TopicReader.await(
                Topics.AUDIT.name(), r -> new String(r.value()).contains(marker), 1, Duration.ofSeconds(30));
        AuditRecorded audit = EventSerde.deserialize(records.get(0).value(), AuditRecorded.class);
        assertThat(audit.outcome()).isEqualTo(AuditOutcome.DENIED);
        assertThat(audit.details()).containsEntry("status", "401");
    }
}
