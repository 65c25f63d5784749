package io.watchword.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import io.watchword.testsupport.internal.WorkDirectories;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class WorkDirectoriesTest {

    @Test
    void directoryLeftByADeadJvmIsRemovedOnTheNextStart() throws Exception {
        Path stale = Files.createDirectories(WorkDirectories.tmpdir().resolve(WorkDirectories.PREFIX + "stale-test"));
        Files.writeString(stale.resolve("owner.pid"), Long.toString(deadPid()));
        Files.createDirectories(stale.resolve("kafka/data"));

        WorkDirectories.removeStale();

        assertThat(stale).doesNotExist();
    }

    @Test
    void directoryOfARunningJvmIsKept() throws Exception {
        Path mine = WorkDirectories.create();
        try {
            WorkDirectories.removeStale();

            assertThat(mine).isDirectory();
            assertThat(mine.resolve("owner.pid"))
                    .hasContent(Long.toString(ProcessHandle.current().pid()));
        } finally {
            WorkDirectories.deleteRecursively(mine);
        }
    }

    private static long deadPid() throws Exception {
        Process process = new ProcessBuilder("true").start();
        process.waitFor();
        return process.pid();
    }
}
