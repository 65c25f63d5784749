package io.watchword.testsupport;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;

class ProviderSelectionTest {

    @Test
    void unknownProviderNamesTheValidOnes() {
        String previous = System.getProperty(Infrastructure.PROVIDER_PROPERTY);
        System.setProperty(Infrastructure.PROVIDER_PROPERTY, "kubernetes");
        try {
            assertThatThrownBy(Infrastructure::start)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'embedded'")
                    .hasMessageContaining("'testcontainers'");
        } finally {
            if (previous == null) {
                System.clearProperty(Infrastructure.PROVIDER_PROPERTY);
            } else {
                System.setProperty(Infrastructure.PROVIDER_PROPERTY, previous);
            }
        }
    }

    @Test
    void testcontainersWithoutDockerSaysSoAndHowToRunWithout() {
        assumeFalse(DockerClientFactory.instance().isDockerAvailable(), "Docker is available here");

        assertThatThrownBy(TestcontainersInfrastructure::start)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("needs a running Docker engine")
                .hasMessageContaining("-Dwatchword.infra=embedded");
    }
}
