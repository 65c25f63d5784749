package io.watchword.issuer.api;

import static io.restassured.RestAssured.given;
import static io.watchword.issuer.api.IssuerTestSupport.newKey;
import static io.watchword.issuer.api.IssuerTestSupport.newTenant;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.watchword.events.CloudEventHeaders;
import io.watchword.events.EventSerde;
import io.watchword.events.Topics;
import io.watchword.events.v1.CredentialIssued;
import io.watchword.events.v1.CredentialRotated;
import io.watchword.testsupport.quarkus.WatchwordTestResource;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = WatchwordTestResource.class, initArgs = @ResourceArg(name = "database", value = "issuer"))
class LifecycleEventsTest {

    @Test
    void issuedUpdatedAndRotatedArePublishedInOrderWithCloudEventsHeaders() {
        var tenant = newTenant("orders");
        Map<String, Object> created = newKey(tenant.adminKey(), Map.of("name", "n", "scopes", List.of("orders:read")));
        String id = (String) created.get("id");
        given().auth()
                .oauth2(tenant.adminKey())
                .contentType(ContentType.JSON)
                .body(Map.of("name", "renamed"))
                .patch("/v1/keys/" + id)
                .then()
                .statusCode(200);
        String replacement = given().auth()
                .oauth2(tenant.adminKey())
                .post("/v1/keys/" + id + "/rotate")
                .then()
                .statusCode(201)
                .extract()
                .path("id");

        var records = TopicReader.await(Topics.CREDENTIALS.name(), r -> id.equals(r.key()), 3, Duration.ofSeconds(30));
        assertThat(records)
                .extracting(r -> TopicReader.header(r, CloudEventHeaders.TYPE))
                .containsExactly(
                        "io.watchword.credential.issued.v1",
                        "io.watchword.credential.updated.v1",
                        "io.watchword.credential.rotated.v1");
        var first = records.get(0);
        assertThat(TopicReader.header(first, CloudEventHeaders.SPEC_VERSION)).isEqualTo("1.0");
        assertThat(TopicReader.header(first, CloudEventHeaders.SOURCE)).isEqualTo("/watchword/issuer-service");
        assertThat(TopicReader.header(first, CloudEventHeaders.SUBJECT)).isEqualTo(id);
        assertThat(TopicReader.header(first, CloudEventHeaders.TENANT)).isEqualTo(tenant.id());
        assertThat(TopicReader.header(first, CloudEventHeaders.ID)).isNotBlank();

        CredentialIssued issued = EventSerde.deserialize(first.value(), CredentialIssued.class);
        assertThat(issued.scopes()).containsExactly("orders:read");
        assertThat(new String(first.value())).doesNotContain((String) created.get("key"));
        CredentialRotated rotated = EventSerde.deserialize(records.get(2).value(), CredentialRotated.class);
        assertThat(rotated.replacementId()).isEqualTo(replacement);

        var replacementIssued = TopicReader.await(
                Topics.CREDENTIALS.name(), r -> replacement.equals(r.key()), 1, Duration.ofSeconds(30));
        assertThat(EventSerde.deserialize(replacementIssued.get(0).value(), CredentialIssued.class)
                        .rotatedFrom())
                .isEqualTo(id);
    }
}
