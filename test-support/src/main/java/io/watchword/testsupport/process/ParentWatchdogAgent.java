package io.watchword.testsupport.process;

import java.io.IOException;

/**
 * A Java agent {@link JavaProcess} adds to the child JVMs it starts: it halts the child when its
 * standard input reaches end of file, which happens when the parent JVM dies, {@code kill -9}
 * included. Without it a packaged service started by a test or by the local stack would outlive a
 * killed build and keep its port.
 *
 * <p>Self-contained on purpose: it is copied alone into a small agent jar.
 */
public final class ParentWatchdogAgent {

    /** Exit status of a child halted because its parent went away. */
    public static final int PARENT_GONE_STATUS = 86;

    private ParentWatchdogAgent() {}

    public static void premain(String args) {
        Thread watchdog = new Thread(ParentWatchdogAgent::watch, "watchword-parent-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    private static void watch() {
        byte[] buffer = new byte[256];
        try {
            while (System.in.read(buffer) >= 0) {
                // The parent never writes; anything read is ignored.
            }
        } catch (IOException e) {
            // A broken pipe means the same as end of file: the parent is gone.
        }
        System.err.println("watchword: standard input closed, the parent process is gone; halting");
        System.err.flush();
        Runtime.getRuntime().halt(PARENT_GONE_STATUS);
    }
}
