package io.watchword.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class InfrastructureCloseTest {

    @Test
    void closeStopsEveryProcessAndDeletesTheFiles() throws Exception {
        EmbeddedInfrastructure infrastructure = EmbeddedInfrastructure.start();
        ProcessHandle broker = infrastructure.kafka().processHandle();
        ProcessHandle watchdog = infrastructure.watchdog();
        Path workDir = infrastructure.workDir();
        long postmaster = Long.parseLong(
                Files.readAllLines(workDir.resolve("postgres/postmaster.pid")).get(0));
        List<ProcessHandle> postgres = ProcessHandle.of(postmaster).stream()
                .flatMap(p -> java.util.stream.Stream.concat(java.util.stream.Stream.of(p), p.descendants()))
                .toList();
        assertThat(broker.isAlive()).isTrue();
        assertThat(postgres).isNotEmpty().allMatch(ProcessHandle::isAlive);

        infrastructure.close();
        infrastructure.close(); // harmless

        assertThat(broker.isAlive()).isFalse();
        assertThat(watchdog.isAlive()).isFalse();
        for (ProcessHandle process : postgres) {
            process.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
        }
        assertThat(postgres).noneMatch(ProcessHandle::isAlive);
        assertThat(workDir).doesNotExist();
    }
}
