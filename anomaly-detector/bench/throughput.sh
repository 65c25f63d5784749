#!/usr/bin/env bash
# Throughput of the anomaly detector's job graph (all detectors on), heap and RocksDB state.
# Usage: anomaly-detector/bench/throughput.sh [EVENTS] [KEYS] [BACKENDS]   (defaults 10000000 100000 "heap rocksdb")
# Needs the shaded jar: mvn -o -pl anomaly-detector -am install -DskipTests
#
# Source: pre-generated gzipped JSONL (bench.SyntheticUsage: KEYS keys over 100 tenants over three
# days of event time, one key in 1,000 turning thief half way — after the tenant priors' first day,
# so thieves are judged and alert: the measured path includes alerting), split by tenant into PARTS
# files (default 2, env PARTS) so every source subtask parses one, read by the backtest — the same
# graph as live from the parse on (usage parsing, tenant prior, per-key baseline, every detector,
# the alert sink), only the Kafka source differs. Not Kafka on purpose: on 2 cores a broker and a producer would take
# the very CPU being measured (the live path is measured by DetectorLatencyBenchmark).
# Prints, per backend: the job's own run time (without the MiniCluster's start) and events/s on it,
# the sustained rate over the second half of the reading (from the backtest's progress lines: the
# first seconds of a JVM are the JIT compiling the path), wall time, CPU seconds (user+sys) and the
# load average before and after.
set -euo pipefail
EVENTS=${1:-10000000}
KEYS=${2:-100000}
BACKENDS=${3:-heap rocksdb}
HERE=$(cd "$(dirname "$0")/.." && pwd)
JAR=$HERE/target/anomaly-detector.jar
WORK=$HERE/target/bench
mkdir -p "$WORK"
PARTS=${PARTS:-2}
if [ "$PARTS" -gt 1 ]; then
  DATA=$WORK/usage-$EVENTS-$KEYS-3d-$PARTS   # a directory of PARTS files
else
  DATA=$WORK/usage-$EVENTS-$KEYS-3d.jsonl.gz
fi
if [ ! -e "$DATA" ]; then
  java -cp "$JAR" io.watchword.detector.bench.SyntheticUsage "$DATA" "$EVENTS" "$KEYS" "$PARTS"
fi
for BACKEND in $BACKENDS; do
  echo "== $BACKEND state, $EVENTS events, $KEYS keys, $PARTS files; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
  START=$(date +%s.%N)
  OUT=$( { /usr/bin/time -f "cpu_user=%U cpu_sys=%S max_rss_kb=%M" \
    java -Xmx4g -Djava.io.tmpdir="$WORK" -jar "$JAR" backtest --usage "$DATA" \
      --alerts "$WORK/alerts-$BACKEND.jsonl" --state.backend "$BACKEND" --progress-seconds 5 2>&1; } \
    | grep -E "^backtest:|cpu_user" || true)
  END=$(date +%s.%N)
  echo "$OUT" | grep -v "progress at"
  # Sustained: the rate over the second half of the reading, once the JIT has compiled the path
  # (the progress lines count usage lines read by the sources, which backpressure holds to the
  # rate the job processes them at).
  echo "$OUT" | sed -n 's/.*progress at \([0-9.]*\) s: \([0-9]*\) usage lines.*/\1 \2/p' | awk -v n="$EVENTS" '
    { t[NR] = $1; c[NR] = $2; if ($2 < n) last = NR }
    END {
      if (last < 2) { print "sustained: not enough progress lines"; exit }
      for (i = 1; i <= last; i++) if (t[i] >= t[last] / 2) { mid = i; break }
      if (mid >= last) mid = last - 1
      printf "sustained over the second half of the reading (%.0f s to %.0f s): %.0f events/s\n",
        t[mid], t[last], (c[last] - c[mid]) / (t[last] - t[mid]) }'
  JOB=$(echo "$OUT" | sed -n 's/.*(job \([0-9.]*\) s).*/\1/p')
  awk -v s="$START" -v e="$END" -v n="$EVENTS" -v j="${JOB:-0}" 'BEGIN {
    if (j > 0) printf "job %.1f s: %.0f events/s; ", j, n/j;
    printf "wall %.1f s incl. JVM and MiniCluster start: %.0f events/s\n", e-s, n/(e-s) }'
  echo "alerts: $(wc -l < "$WORK/alerts-$BACKEND.jsonl")"
  echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
done
