package io.watchword.revocation.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.watchword.events.Topics;
import io.watchword.events.v1.AnomalyDetected;
import io.watchword.events.v1.CredentialRevocationChanged;
import io.watchword.events.v1.ResponseAction;
import io.watchword.events.v1.ResponseDecided;
import io.watchword.events.v1.RevocationReason;
import io.watchword.events.v1.RevocationStatus;
import io.watchword.events.v1.Severity;
import io.watchword.revocation.it.IssuerAdmin.TestKey;
import io.watchword.revocation.it.IssuerAdmin.TestTenant;
import io.watchword.testsupport.quarkus.WatchwordTestResource;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(
        value = WatchwordTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "revocation"))
@QuarkusTestResource(IssuerTestResource.class)
class ResponsePolicyTest {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void withoutAPolicyTheBuiltInDefaultOnlyNotifies() {
        TestTenant tenant = IssuerAdmin.newTenant();

        given().auth()
                .oauth2(tenant.adminKey())
                .get("/v1/policy")
                .then()
                .statusCode(200)
                .body("builtIn", equalTo(true))
                .body("defaultAction", equalTo("NOTIFY"));
    }

    @Test
    void anInvalidPolicyIsRefusedWithEveryErrorAndChangesNothing() {
        TestTenant tenant = IssuerAdmin.newTenant();

        given().auth()
                .oauth2(tenant.adminKey())
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "rules", List.of(Map.of("name", "x"), Map.of("name", "x", "action", "REVOKE")),
                        "allowlist", List.of("nope")))
                .put("/v1/policy")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItems("rules[0].action", "rules[1].name", "allowlist[0]"));
        given().auth()
                .oauth2(tenant.adminKey())
                .contentType(ContentType.JSON)
                .body(Map.of("rules", List.of(), "dryrun", true))
                .put("/v1/policy")
                .then()
                .log()
                .ifValidationFails()
                .statusCode(400)
                .body("errors[0].field", equalTo("dryrun"));
        given().auth().oauth2(tenant.adminKey()).get("/v1/policy").then().body("builtIn", equalTo(true));
    }

    @Test
    void aHighAlertUnderARevokePolicyRevokesTheKey() {
        TestTenant tenant = IssuerAdmin.newTenant();
        TestKey key = knownKey(tenant);
        putPolicy(tenant, false, ResponseAction.REVOKE, List.of());
        AnomalyDetected alert = Alerts.alert(tenant.id(), key.id(), Severity.HIGH, "geo-velocity");

        EventProbe.publish(alert);

        CredentialRevocationChanged revoked = EventProbe.value(
                EventProbe.awaitCount(Topics.REVOCATIONS.name(), tenant.id() + "/" + key.id(), 1)
                        .get(0),
                CredentialRevocationChanged.class);
        assertThat(revoked.status()).isEqualTo(RevocationStatus.REVOKED);
        assertThat(revoked.reason()).isEqualTo(RevocationReason.ANOMALY);
        assertThat(revoked.alertId()).isEqualTo(alert.eventId().toString());
        ResponseDecided decided = decision(key.id());
        assertThat(decided.action()).isEqualTo(ResponseAction.REVOKE);
        assertThat(decided.alertId()).isEqualTo(alert.eventId());
        assertThat(decided.policyRule()).isEqualTo("high");
        assertThat(EventProbe.awaitCount(Topics.AUDIT.name(), tenant.id(), 2)).hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void aHighAlertUnderASuspendPolicySuspendsTheKey() {
        TestTenant tenant = IssuerAdmin.newTenant();
        TestKey key = knownKey(tenant);
        putPolicy(tenant, false, ResponseAction.SUSPEND, List.of());

        EventProbe.publish(Alerts.alert(tenant.id(), key.id(), Severity.CRITICAL, "rate-spike"));

        CredentialRevocationChanged suspended = EventProbe.value(
                EventProbe.awaitCount(Topics.REVOCATIONS.name(), tenant.id() + "/" + key.id(), 1)
                        .get(0),
                CredentialRevocationChanged.class);
        assertThat(suspended.status()).isEqualTo(RevocationStatus.SUSPENDED);
        assertThat(decision(key.id()).action()).isEqualTo(ResponseAction.SUSPEND);
    }

    @Test
    void dryRunDecidesAndPublishesButTakesNoAction() {
        TestTenant tenant = IssuerAdmin.newTenant();
        TestKey key = knownKey(tenant);
        putPolicy(tenant, true, ResponseAction.REVOKE, List.of());

        EventProbe.publish(Alerts.alert(tenant.id(), key.id(), Severity.HIGH, "geo-velocity"));

        ResponseDecided decided = decision(key.id());
        assertThat(decided.action()).isEqualTo(ResponseAction.REVOKE);
        assertThat(decided.dryRun()).isTrue();
        assertThat(EventProbe.settle(Topics.REVOCATIONS.name(), tenant.id() + "/" + key.id(), Duration.ofSeconds(2)))
                .isEmpty();
    }

    @Test
    void anAllowlistedKeyIsOnlyNotified() {
        TestTenant tenant = IssuerAdmin.newTenant();
        TestKey key = knownKey(tenant);
        putPolicy(tenant, false, ResponseAction.REVOKE, List.of(key.id()));

        EventProbe.publish(Alerts.alert(tenant.id(), key.id(), Severity.CRITICAL, "geo-velocity"));

        ResponseDecided decided = decision(key.id());
        assertThat(decided.action()).isEqualTo(ResponseAction.NOTIFY);
        assertThat(decided.policyRule()).isEqualTo("allowlist");
        assertThat(EventProbe.settle(Topics.REVOCATIONS.name(), tenant.id() + "/" + key.id(), Duration.ofSeconds(2)))
                .isEmpty();
    }

    @Test
    void aDuplicatedAlertLeadsToOneAction() {
        TestTenant tenant = IssuerAdmin.newTenant();
        TestKey key = knownKey(tenant);
        putPolicy(tenant, false, ResponseAction.SUSPEND, List.of());
        AnomalyDetected alert = Alerts.alert(tenant.id(), key.id(), Severity.HIGH, "geo-velocity");

        EventProbe.publish(alert);
        EventProbe.publish(alert);

        decision(key.id());
        assertThat(EventProbe.settle(Topics.DECISIONS.name(), key.id(), Duration.ofSeconds(3)))
                .hasSize(1);
        assertThat(EventProbe.settle(Topics.REVOCATIONS.name(), tenant.id() + "/" + key.id(), Duration.ofSeconds(1)))
                .hasSize(1);
    }

    private TestKey knownKey(TestTenant tenant) {
        TestKey key = IssuerAdmin.newApiKey(tenant);
        KnownCredentials.awaitKnown(dataSource, key.id());
        return key;
    }

    private static void putPolicy(TestTenant tenant, boolean dryRun, ResponseAction high, List<String> allowlist) {
        given().auth()
                .oauth2(tenant.adminKey())
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "dryRun",
                        dryRun,
                        "defaultAction",
                        "NOTIFY",
                        "rules",
                        List.of(Map.of("name", "high", "minSeverity", "HIGH", "action", high.name())),
                        "allowlist",
                        allowlist))
                .put("/v1/policy")
                .then()
                .statusCode(200)
                .body("builtIn", equalTo(false));
    }

    private static ResponseDecided decision(String credentialId) {
        var records = EventProbe.awaitCount(Topics.DECISIONS.name(), credentialId, 1);
        assertThat(records).isNotEmpty();
        return EventProbe.value(records.get(0), ResponseDecided.class);
    }
}
