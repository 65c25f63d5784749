package io.watchword.issuer.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.watchword.issuer.bootstrap.BootstrapService;
import io.watchword.issuer.tenant.Tenant;
import io.watchword.issuer.tenant.TenantRepository;
import io.watchword.testsupport.quarkus.WatchwordTestResource;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@QuarkusTest
@QuarkusTestResource(value = WatchwordTestResource.class, initArgs = @ResourceArg(name = "database", value = "issuer"))
class BootstrapTest {

    @Inject
    BootstrapService bootstrap;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    TenantRepository tenants;

    @Test
    void bootstrapCreatesTheSystemTenantAndOnePlatformAdminExactlyOnceEvenConcurrently() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Optional<String>>> runs = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                runs.add(pool.submit((Callable<Optional<String>>) bootstrap::bootstrap));
            }
            for (Future<Optional<String>> run : runs) {
                assertThat(run.get()).isEmpty();
            }
        } finally {
            pool.shutdown();
        }
        try (Connection conn = dataSource.getConnection();
                ResultSet rs = conn.createStatement()
                        .executeQuery(
                                "SELECT count(*) FROM credentials WHERE tenant_id = 'system' AND created_by = 'bootstrap'")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(1);
        }
        given().auth()
                .oauth2(IssuerTestSupport.PLATFORM_KEY)
                .get("/v1/tenants/system")
                .then()
                .statusCode(200);
    }

    @Test
    void concurrentFirstInsertsOfATenantHaveExactlyOneWinner() throws Exception {
        String id = "race-" + System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> runs = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                runs.add(pool.submit(() -> QuarkusTransaction.requiringNew()
                        .call(() -> tenants.insertIfAbsent(
                                new Tenant(id, id, Duration.ofDays(1), Duration.ofDays(2), List.of(), Instant.now()),
                                "test"))));
            }
            int winners = 0;
            for (Future<Boolean> run : runs) {
                winners += run.get() ? 1 : 0;
            }
            assertThat(winners).isEqualTo(1);
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void generatedCredentialFileIsReadableByItsOwnerOnly(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("nested/admin.key");
        BootstrapService.writeOwnerOnly(file, "ww_admin_secret");
        assertThat(Files.readString(file).trim()).isEqualTo("ww_admin_secret");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
    }
}
