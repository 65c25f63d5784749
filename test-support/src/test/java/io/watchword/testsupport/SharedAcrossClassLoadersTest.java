package io.watchword.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** A Quarkus test and its test resource may load this module twice; both must share one instance. */
class SharedAcrossClassLoadersTest {

    @Test
    void anotherClassLoaderGetsTheSameInfrastructure() throws Exception {
        Infrastructure mine = Infrastructure.shared();
        URL[] classpath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(entry -> {
                    try {
                        return Path.of(entry).toUri().toURL();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                })
                .toArray(URL[]::new);
        try (URLClassLoader other = new URLClassLoader(classpath, ClassLoader.getPlatformClassLoader())) {
            Class<?> otherInfrastructure = other.loadClass(Infrastructure.class.getName());
            assertThat(otherInfrastructure).isNotSameAs(Infrastructure.class);

            Object theirs = otherInfrastructure.getMethod("shared").invoke(null);
            Object bootstrap =
                    otherInfrastructure.getMethod("kafkaBootstrapServers").invoke(theirs);
            Object jdbcUrl =
                    otherInfrastructure.getMethod("jdbcUrl", String.class).invoke(theirs, "loaders");

            assertThat(bootstrap).isEqualTo(mine.kafkaBootstrapServers());
            assertThat(jdbcUrl).isEqualTo(mine.jdbcUrl("loaders"));
        }
    }
}
