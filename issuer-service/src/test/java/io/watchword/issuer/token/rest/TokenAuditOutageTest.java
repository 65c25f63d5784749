package io.watchword.issuer.token.rest;

import static io.restassured.RestAssured.given;
import static io.watchword.issuer.token.support.IssuerTestClient.exchange;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.watchword.events.v1.AuditRecorded;
import io.watchword.issuer.token.support.IssuerTestClient;
import io.watchword.issuer.token.support.IssuerTestClient.Key;
import io.watchword.testsupport.Infrastructure;
import io.watchword.testsupport.quarkus.InjectInfrastructure;
import io.watchword.testsupport.quarkus.WatchwordTestResource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Decision 0282 on the real broker and database: token issues are audited on the audit topic
 * directly; with the broker away they are still issued, audited through the outbox, and reach the
 * topic once it is back; then the direct path is used again.
 */
@QuarkusTest
@QuarkusTestResource(value = WatchwordTestResource.class, initArgs = @ResourceArg(name = "database", value = "issuer"))
class TokenAuditOutageTest {

    private static final Pattern RECORDS =
            Pattern.compile("watchword_audit_records_total\\{[^}]*path=\"(kafka|outbox)\"[^}]*} ([0-9.E]+)");

    @InjectInfrastructure
    Infrastructure infrastructure;

    @Test
    void tokensAreIssuedAndAuditedWhileKafkaIsDownAndTheRecordsArriveOnceItIsBack() {
        Key key = IssuerTestClient.newTenant("orders").newKey(List.of("orders:read"));
        exchange(key.secret(), "{}").then().statusCode(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> auditedIssuesOf(key).size() == 1);
        double directBefore = recorded("kafka");
        double outboxBefore = recorded("outbox");
        assertThat(directBefore).as("audited on the topic directly").isPositive();

        List<String> issuedWhileDown = new ArrayList<>();
        infrastructure.stopKafka();
        try {
            for (int i = 0; i < 3; i++) {
                issuedWhileDown.add(exchange(key.secret(), "{}")
                        .then()
                        .statusCode(200)
                        .extract()
                        .path("access_token"));
            }
            assertThat(recorded("outbox") - outboxBefore)
                    .as("durable in the outbox while the broker is away")
                    .isGreaterThanOrEqualTo(3);
        } finally {
            infrastructure.startKafka();
        }
        assertThat(issuedWhileDown).doesNotContainNull();

        await().atMost(Duration.ofSeconds(60)).until(() -> auditedIssuesOf(key).size() >= 4);
        // Once the pause is over, the direct path again.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            exchange(key.secret(), "{}").then().statusCode(200);
            assertThat(recorded("kafka")).isGreaterThan(directBefore);
        });
    }

    /** Distinct token issues of the key on the audit topic (a record may arrive twice: same id). */
    private List<AuditRecorded> auditedIssuesOf(Key key) {
        return TokenAuditTest.tokenIssuesOnTheAuditTopic(infrastructure, key).stream()
                .distinct()
                .toList();
    }

    private static double recorded(String path) {
        String metrics =
                given().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher matcher = RECORDS.matcher(metrics);
        double total = 0;
        while (matcher.find()) {
            if (matcher.group(1).equals(path)) {
                total += Double.parseDouble(matcher.group(2));
            }
        }
        return total;
    }
}
