package io.watchword.issuer.api;

import static io.restassured.RestAssured.given;
import static io.watchword.issuer.api.IssuerTestSupport.newKey;
import static io.watchword.issuer.api.IssuerTestSupport.newTenant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.watchword.issuer.credential.CredentialLookup;
import io.watchword.issuer.credential.KeyHasher;
import io.watchword.testsupport.quarkus.WatchwordTestResource;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = WatchwordTestResource.class, initArgs = @ResourceArg(name = "database", value = "issuer"))
class KeyCreationTest {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    KeyHasher hasher;

    @Inject
    CredentialLookup lookup;

    @Inject
    MeterRegistry registry;

    @Test
    void createdKeyIsShownOnceAndTheDatabaseHoldsOnlyItsHash() throws Exception {
        var tenant = newTenant("orders");
        var created = IssuerTestSupport.createKey(
                        tenant.adminKey(), Map.of("name", "checkout", "scopes", List.of("orders:write")))
                .statusCode(201)
                .header("Location", startsWith("http"))
                .extract();
        String id = created.path("id");
        String key = created.path("key");
        assertThat(key).startsWith("ww_live_");
        assertThat(created.header("Location")).endsWith("/v1/keys/" + id);

        given().auth()
                .oauth2(tenant.adminKey())
                .get("/v1/keys/" + id)
                .then()
                .statusCode(200)
                .body("key", nullValue());

        try (Connection conn = dataSource.getConnection();
                PreparedStatement ps = conn.prepareStatement("SELECT * FROM credentials WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getBytes("key_hash")).isEqualTo(hasher.hash(key));
                for (int c = 1; c <= rs.getMetaData().getColumnCount(); c++) {
                    assertThat(String.valueOf(rs.getObject(c))).doesNotContain(key.substring(16));
                }
            }
        }
    }

    @Test
    void createdKeyIsFoundByLookupAndAMistypedOneIsNot() {
        var tenant = newTenant("orders");
        Map<String, Object> created = newKey(tenant.adminKey(), Map.of("name", "n", "scopes", List.of("orders:read")));
        String key = (String) created.get("key");
        var found = lookup.findByPresentedKey(key);
        assertThat(found).isPresent();
        assertThat(found.get().id()).isEqualTo(created.get("id"));
        assertThat(found.get().scopeStrings()).containsExactly("orders:read");
        assertThat(found.get().usableAt(java.time.Instant.now())).isTrue();

        String typo = key.substring(0, 20) + (key.charAt(20) == 'a' ? 'b' : 'a') + key.substring(21);
        double badChecksum = lookups("bad_checksum");
        double misses = lookups("cache_miss");
        assertThat(lookup.findByPresentedKey(typo)).isEmpty();
        // Refused by the checksum alone: counted as such, and no database lookup (cache miss) happened.
        assertThat(lookups("bad_checksum")).isEqualTo(badChecksum + 1);
        assertThat(lookups("cache_miss")).isEqualTo(misses);
    }

    private double lookups(String result) {
        return registry.counter("watchword.credential.lookups", "result", result)
                .count();
    }

    @Test
    void defaultsAreLiveEnvironmentAndTheTenantsDefaultExpiry() {
        var tenant = newTenant("orders");
        Map<String, Object> created = newKey(tenant.adminKey(), Map.of("name", "n", "scopes", List.of("orders:read")));
        assertThat(created.get("environment")).isEqualTo("live");
        assertThat(java.time.Instant.parse((String) created.get("expiresAt")))
                .isBetween(
                        java.time.Instant.now().plus(java.time.Duration.ofDays(89)),
                        java.time.Instant.now().plus(java.time.Duration.ofDays(91)));
        Map<String, Object> test = newKey(
                tenant.adminKey(),
                Map.of(
                        "name",
                        "n",
                        "environment",
                        "test",
                        "ttl",
                        "PT1H",
                        "allowedCidrs",
                        List.of("10.0.0.0/8"),
                        "metadata",
                        Map.of("team", "payments"),
                        "scopes",
                        List.of("orders:read")));
        assertThat((String) test.get("key")).startsWith("ww_test_");
        assertThat(test.get("allowedCidrs")).isEqualTo(List.of("10.0.0.0/8"));
        assertThat(test.get("metadata")).isEqualTo(Map.of("team", "payments"));
    }
}
