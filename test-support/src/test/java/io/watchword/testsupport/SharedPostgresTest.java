package io.watchword.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class SharedPostgresTest {

    private final Infrastructure infrastructure = Infrastructure.shared();

    @Test
    void postgresAnswersAsVersion17() throws Exception {
        try (Connection connection = connect("watchword");
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SHOW server_version")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(1)).startsWith("17.");
        }
    }

    @Test
    void jdbcUrlCreatesTheDatabaseOnce() throws Exception {
        String first = infrastructure.jdbcUrl("created_on_demand");
        String second = infrastructure.jdbcUrl("created_on_demand");

        assertThat(second).isEqualTo(first).endsWith("/created_on_demand");
        try (Connection connection = connect("created_on_demand");
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT current_database()")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(1)).isEqualTo("created_on_demand");
        }
    }

    @Test
    void databaseNameThatNeedsQuotingIsRejected() {
        assertThatThrownBy(() -> infrastructure.jdbcUrl("drop table; --"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lower-case letters");
    }

    @Test
    void serviceConfigNamesTheQuarkusSettings() {
        assertThat(infrastructure.serviceConfig("svc"))
                .containsEntry("kafka.bootstrap.servers", infrastructure.kafkaBootstrapServers())
                .containsEntry("quarkus.datasource.jdbc.url", infrastructure.jdbcUrl("svc"))
                .containsEntry("quarkus.datasource.username", infrastructure.jdbcUsername())
                .containsEntry("quarkus.datasource.password", infrastructure.jdbcPassword())
                .hasSize(4);
    }

    private Connection connect(String database) throws Exception {
        return DriverManager.getConnection(
                infrastructure.jdbcUrl(database), infrastructure.jdbcUsername(), infrastructure.jdbcPassword());
    }
}
