#!/usr/bin/env bash
# The backtest target of issue 9 §2: the 10-million-event detection scenario in under 3 minutes.
# Usage: anomaly-detector/bench/backtest-10m.sh        (needs: mvn -o -pl anomaly-detector -am install -DskipTests)
# Generates the scenario once (ScenarioMain --seed 42 --keys 5000 --days 14 --rate-scale 0.32,
# ~10.4 M usage events), then times `java -jar anomaly-detector.jar backtest` over it (credentials
# included, heap state) and prints the job's run time, the wall time, events/s and the load average.
# The usage file is split once by tenant into PARTS gzip files (default 2, env PARTS; PARTS=1 reads
# the single file): a gzip file is one split, so with one file one source subtask parses and the
# other idles. Every tenant's (and key's) events stay in one file and in order (bench.SplitByTenant).
set -euo pipefail
HERE=$(cd "$(dirname "$0")/.." && pwd)
JAR=$HERE/target/anomaly-detector.jar
# KEYS, DAYS, RATE_SCALE (env) give a smaller scenario, e.g. to prove the harness on a busy machine.
KEYS=${KEYS:-5000}
DAYS=${DAYS:-14}
RATE_SCALE=${RATE_SCALE:-0.32}
DIR=$HERE/target/scenario-10m
if [ "$KEYS/$DAYS/$RATE_SCALE" != "5000/14/0.32" ]; then
  DIR=$HERE/target/scenario-$KEYS-$DAYS-$RATE_SCALE
fi
if [ ! -f "$DIR/usage.jsonl.gz" ]; then
  java -cp "$JAR" io.watchword.detector.scenario.ScenarioMain \
      --seed 42 --keys "$KEYS" --days "$DAYS" --rate-scale "$RATE_SCALE" --out "$DIR"
fi
PARTS=${PARTS:-2}
USAGE=$DIR/usage.jsonl.gz
if [ "$PARTS" -gt 1 ]; then
  USAGE=$DIR/usage-by-tenant-$PARTS
  if [ ! -d "$USAGE" ]; then
    java -cp "$JAR" io.watchword.detector.bench.SplitByTenant "$DIR/usage.jsonl.gz" "$USAGE" "$PARTS"
  fi
fi
EVENTS=${EVENTS:-$(zcat "$DIR/usage.jsonl.gz" | wc -l)}
echo "== backtest of $EVENTS usage events; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
START=$(date +%s.%N)
OUT=$( { /usr/bin/time -f "cpu_user=%U cpu_sys=%S max_rss_kb=%M" \
  java -Xmx4g -Djava.io.tmpdir="$HERE/target" -jar "$JAR" backtest --usage "$USAGE" \
    --credentials "$DIR/credentials.jsonl.gz" --alerts "$DIR/alerts.jsonl" 2>&1; } \
  | grep -E "^backtest:|cpu_user" || true)
END=$(date +%s.%N)
echo "$OUT"
JOB=$(echo "$OUT" | sed -n 's/.*(job \([0-9.]*\) s).*/\1/p')
awk -v s="$START" -v e="$END" -v n="$EVENTS" -v j="${JOB:-0}" 'BEGIN {
  printf "wall %.1f s (target < 180 s): %.0f events/s", e-s, n/(e-s);
  if (j > 0) printf "; job alone %.1f s: %.0f events/s", j, n/j;
  printf "\n" }'
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
