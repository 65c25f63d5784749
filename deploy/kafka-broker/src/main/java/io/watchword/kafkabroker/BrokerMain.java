package io.watchword.kafkabroker;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Runs a Kafka broker (KRaft) in this JVM, tied to the life of the process that started it.
 *
 * <p>Usage: {@code java -cp <runtime.classpath> io.watchword.kafkabroker.BrokerMain
 * server.properties}. Before delegating to {@code kafka.Kafka.main}, it
 *
 * <ul>
 *   <li>starts a daemon thread that reads standard input and halts the JVM at end of file. The
 *       parent keeps the pipe open and never writes to it; when the parent dies for any reason,
 *       {@code kill -9} included, the operating system closes the pipe and the broker goes with it
 *       instead of lingering as an orphan holding a port. Set {@code
 *       -Dwatchword.broker.watch-stdin=false} to run the broker on its own from a terminal;
 *   <li>formats the storage with {@code kafka.tools.StorageTool} when {@code
 *       -Dwatchword.broker.cluster-id=<id>} is given (an already formatted directory is kept), which
 *       saves a second JVM start per broker;
 *   <li>points Log4j 2 at the quiet configuration in this jar unless one is given.
 * </ul>
 */
public final class BrokerMain {

    static final String WATCH_STDIN = "watchword.broker.watch-stdin";
    static final String CLUSTER_ID = "watchword.broker.cluster-id";
    static final String LOG_CONFIG = "io/watchword/kafkabroker/log4j2-broker.xml";

    /** Exit status when the parent went away: distinct from Kafka's own failure statuses. */
    static final int PARENT_GONE_STATUS = 86;

    private BrokerMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: BrokerMain <server.properties>");
            System.exit(2);
        }
        if (Boolean.parseBoolean(System.getProperty(WATCH_STDIN, "true"))) {
            watchParent(System.in, System.err);
        }
        if (System.getProperty("log4j2.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", LOG_CONFIG);
        }
        String clusterId = System.getProperty(CLUSTER_ID);
        if (clusterId != null && !clusterId.isBlank()) {
            format(clusterId, args[0]);
        }
        kafka.Kafka.main(args);
    }

    /**
     * Halts the JVM once {@code in} reaches end of file. Halt, not exit: with the parent gone nobody
     * is waiting for a clean shutdown, and a shutdown hook that hangs must not keep the port.
     */
    static Thread watchParent(InputStream in, PrintStream err) {
        Thread watchdog = new Thread(
                () -> {
                    byte[] buffer = new byte[256];
                    try {
                        while (in.read(buffer) >= 0) {
                            // The parent never writes; anything read is ignored.
                        }
                    } catch (IOException e) {
                        // A broken pipe means the same as end of file: the parent is gone.
                    }
                    err.println("watchword-broker: standard input closed, the parent process is gone; halting");
                    err.flush();
                    Runtime.getRuntime().halt(PARENT_GONE_STATUS);
                },
                "watchword-parent-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        return watchdog;
    }

    private static void format(String clusterId, String serverProperties) {
        String[] formatArgs = {"format", "--cluster-id", clusterId, "--config", serverProperties, "--ignore-formatted"};
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        int status = kafka.tools.StorageTool.execute(formatArgs, out);
        if (status != 0) {
            System.err.println("watchword-broker: formatting the storage failed with status " + status);
            System.exit(status);
        }
    }
}
