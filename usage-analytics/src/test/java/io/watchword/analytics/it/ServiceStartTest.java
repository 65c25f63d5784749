package io.watchword.analytics.it;

import static io.restassured.RestAssured.given;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = AnalyticsTestResource.class, restrictToAnnotatedClass = false)
class ServiceStartTest {

    @Test
    void startsMigratedAndReadyOnTheRealBrokerAndDatabase() {
        given().get("/q/health/ready").then().statusCode(200);
    }
}
