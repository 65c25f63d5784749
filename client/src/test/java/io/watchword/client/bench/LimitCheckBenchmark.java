package io.watchword.client.bench;

import io.watchword.client.limit.KeyLimiter;
import io.watchword.client.limit.LimitDecision;
import io.watchword.client.limit.LimitSpec;
import java.time.Clock;

/**
 * Cost of one rate-limit check on the request path (decision 0172), rerunnable (not a test): a
 * key with a rate limit and both quotas, over 1,000 keys, on 1 and on 2 threads. Prints wall time
 * and the thread's CPU time per check (the CPU figure holds on a loaded shared machine). Run: see
 * client/README.md "Benchmarks".
 */
public final class LimitCheckBenchmark {

    public static void main(String[] args) throws Exception {
        KeyLimiter limiter = new KeyLimiter(Clock.systemUTC());
        LimitSpec spec =
                new LimitSpec(1_000_000_000L, 1, 1_000_000, Long.MAX_VALUE / 2, Long.MAX_VALUE / 2, 0, 0, null);
        String[] keys = new String[1000];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = "key_" + i;
        }
        for (int round = 0; round < 5; round++) {
            run(limiter, spec, keys, 1, round < 2);
        }
        for (int round = 0; round < 3; round++) {
            run(limiter, spec, keys, 2, false);
        }
    }

    private static void run(KeyLimiter limiter, LimitSpec spec, String[] keys, int threads, boolean warmUp)
            throws InterruptedException {
        int checks = 5_000_000;
        long[] sink = new long[threads];
        long[] cpu = new long[threads];
        Thread[] workers = new Thread[threads];
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            int id = t;
            workers[t] = new Thread(() -> {
                long admitted = 0;
                long cpuStart =
                        java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
                for (int i = 0; i < checks; i++) {
                    LimitDecision d = limiter.check(keys[(i + id * 7) % keys.length], "ten", spec);
                    admitted += d.admitted() ? 1 : 0;
                }
                sink[id] = admitted;
                cpu[id] =
                        java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpuStart;
            });
            workers[t].start();
        }
        for (Thread w : workers) {
            w.join();
        }
        long nanos = System.nanoTime() - start;
        if (!warmUp) {
            System.out.printf(
                    "threads=%d checks/thread=%,d  wall %.1f ns, CPU %.1f ns per check per thread (admitted %,d)%n",
                    threads, checks, (double) nanos / checks, (double) cpu[0] / checks, sink[0]);
        }
    }
}
