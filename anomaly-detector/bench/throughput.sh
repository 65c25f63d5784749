#!/usr/bin/env bash
# Backtest throughput of the anomaly detector (all detectors on), heap and RocksDB state.
# Usage: anomaly-detector/bench/throughput.sh [EVENTS] [KEYS]     (defaults 1000000 100000)
# Needs the shaded jar: mvn -o -pl anomaly-detector -am install -DskipTests
# Prints wall time, CPU time (user+sys of the JVM) and events/s for each backend. The machine is
# shared: compare CPU-seconds, and read wall-clock figures together with the load average printed.
set -euo pipefail
EVENTS=${1:-1000000}
KEYS=${2:-100000}
HERE=$(cd "$(dirname "$0")/.." && pwd)
JAR=$HERE/target/anomaly-detector.jar
WORK=$HERE/target/bench
mkdir -p "$WORK"
DATA=$WORK/usage-$EVENTS-$KEYS.jsonl.gz
if [ ! -f "$DATA" ]; then
  java -cp "$JAR" io.watchword.detector.bench.SyntheticUsage "$DATA" "$EVENTS" "$KEYS"
fi
for BACKEND in heap rocksdb; do
  echo "== $BACKEND, $EVENTS events, $KEYS keys; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
  START=$(date +%s.%N)
  /usr/bin/time -f "cpu_user=%U cpu_sys=%S max_rss_kb=%M" \
    java -Xmx3g -Djava.io.tmpdir="$WORK" -jar "$JAR" backtest --usage "$DATA" \
      --alerts "$WORK/alerts-$BACKEND.jsonl" --state.backend "$BACKEND" 2>&1 \
    | grep -E "backtest:|cpu_user" || true
  END=$(date +%s.%N)
  awk -v s="$START" -v e="$END" -v n="$EVENTS" 'BEGIN { printf "wall %.1f s, %.0f events/s (incl. MiniCluster start)\n", e-s, n/(e-s) }'
done
