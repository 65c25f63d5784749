package io.watchword.detector;

import java.util.Arrays;

/**
 * Entry point of the anomaly-detector jar.
 *
 * <pre>
 * java -jar anomaly-detector.jar run
 * java -jar anomaly-detector.jar backtest --usage U.jsonl[.gz] --credentials C.jsonl[.gz] --alerts A.jsonl
 * </pre>
 */
public final class DetectorMain {

    private DetectorMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            usage();
            System.exit(2);
        }
        String command = args[0];
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        switch (command) {
            case "run" -> System.out.println("run: not implemented yet");
            case "backtest" -> System.out.println("backtest: not implemented yet");
            default -> {
                usage();
                System.exit(2);
            }
        }
    }

    private static void usage() {
        System.err.println("usage: anomaly-detector run | backtest --usage U.jsonl[.gz] --credentials C.jsonl[.gz]"
                + " --alerts A.jsonl");
    }
}
