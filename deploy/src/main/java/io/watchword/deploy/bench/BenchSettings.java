package io.watchword.deploy.bench;

import java.util.Map;

/**
 * Settings the benchmark harness gives the services it starts, and only the harness: documented in
 * docs/benchmarks.md ("Settings of a benchmark run"). The product's defaults stay as they are.
 */
final class BenchSettings {

    private BenchSettings() {}

    /**
     * The issuer's endpoint limits (decision 0177: 1,000/s per client address and per credential)
     * raised out of the way: the load generator sends everything from one address, and the peer
     * suite with one key, so the defaults would refuse most of a run and the figures would measure
     * 429s. The limiter still runs on every request (its cost is in the figures); it just never
     * refuses.
     */
    static final Map<String, String> ISSUER = Map.of(
            "watchword.issuer.endpoint-limits.per-address-per-second", "1000000",
            "watchword.issuer.endpoint-limits.per-address-burst", "1000000",
            "watchword.issuer.endpoint-limits.per-credential-per-second", "1000000",
            "watchword.issuer.endpoint-limits.per-credential-burst", "1000000");
}
