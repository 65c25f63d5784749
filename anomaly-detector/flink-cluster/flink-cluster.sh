#!/usr/bin/env bash
# A standalone Flink 2.2 session cluster — one JobManager and one TaskManager, each its own JVM —
# made of Flink's Maven jars (flink-dist is not published to Maven), and the anomaly-detector jar
# submitted to it over the cluster's REST API, as `flink run` would. Decision 0201.
#
#   anomaly-detector/flink-cluster/flink-cluster.sh start  [--port 8081] [--rpc-port 6123] [--slots 2] [--dir DIR]
#   anomaly-detector/flink-cluster/flink-cluster.sh submit [--port 8081] [--jar JAR] -- run --kafka.bootstrap-servers HOST:PORT [--<setting> <value> ...]
#   anomaly-detector/flink-cluster/flink-cluster.sh stop   [--dir DIR]
#
# start: resolves the cluster's classpath once (mvn dependency:build-classpath on the pom next to
#   this script; MVN_ARGS is passed to that mvn, e.g. MVN_ARGS="-o"), writes DIR/conf/config.yaml,
#   derives the JVM memory flags with Flink's own BashJavaUtils, starts both JVMs in the background
#   (pids and logs in DIR, default anomaly-detector/target/flink-cluster) and waits until the
#   TaskManager has registered. Listens on 127.0.0.1 only. Web UI and REST: http://127.0.0.1:PORT/
# submit: uploads JAR (default anomaly-detector/target/anomaly-detector.jar, build it first with
#   mvn -pl anomaly-detector -am install -DskipTests) and runs DetectorMain with the arguments after
#   `--`; prints the job id. Give the job a --checkpoint.dir (file:///...) to restore it later with
#   --restore <checkpoint or savepoint path>.
# stop: stops both JVMs (SIGTERM, then SIGKILL after 30 s).
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
MODULE=$(cd "$HERE/.." && pwd)
COMMAND=${1:-}
[ $# -gt 0 ] && shift
PORT=8081
RPC_PORT=6123
SLOTS=2
DIR=$MODULE/target/flink-cluster
JAR=$MODULE/target/anomaly-detector.jar
while [ $# -gt 0 ]; do
  case "$1" in
    --port) PORT=$2; shift 2 ;;
    --rpc-port) RPC_PORT=$2; shift 2 ;;
    --slots) SLOTS=$2; shift 2 ;;
    --dir) DIR=$2; shift 2 ;;
    --jar) JAR=$2; shift 2 ;;
    --) shift; break ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
done
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
# What Flink's distribution passes to every JVM (env.java.default-opts.all) on JDK 17.
JAVA_OPENS="--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED --add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED \
--add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED \
--add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED \
--add-opens=java.base/java.text=ALL-UNNAMED --add-opens=java.base/java.time=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED \
--add-opens=java.base/java.util.concurrent=ALL-UNNAMED --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED \
--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED"

# The second line of BashJavaUtils' answer for $1: JVM flags, then dynamic -D settings.
resource_params() {
  "$JAVA" -cp "$CLASSPATH" org.apache.flink.runtime.util.bash.BashJavaUtils "$1" --configDir "$DIR/conf" 2>&1 \
    | grep '^BASH_JAVA_UTILS_EXEC_RESULT:' | sed 's/^BASH_JAVA_UTILS_EXEC_RESULT://'
}

start_jvm() { # name main-class BashJavaUtils-command
  local name=$1 main=$2 params jvm dynamic
  params=$(resource_params "$3")
  jvm=$(echo "$params" | head -n 1)
  dynamic=$(echo "$params" | tail -n 1)
  # shellcheck disable=SC2086 # flag lists are meant to split
  nohup "$JAVA" $jvm $JAVA_OPENS -Djava.io.tmpdir="$DIR/tmp" \
    -Dlog.file="$DIR/log/$name.log" -Dlog4j.configurationFile="file:$DIR/conf/log4j.properties" \
    -cp "$CLASSPATH" "$main" --configDir "$DIR/conf" $dynamic >"$DIR/log/$name.out" 2>&1 </dev/null &
  echo $! >"$DIR/$name.pid"
}

case "$COMMAND" in
  start)
    mkdir -p "$DIR/conf" "$DIR/log" "$DIR/tmp"
    if [ ! -s "$DIR/classpath.txt" ]; then
      # shellcheck disable=SC2086
      mvn -q ${MVN_ARGS:-} -f "$HERE/pom.xml" dependency:build-classpath -Dmdep.outputFile="$DIR/classpath.txt"
    fi
    CLASSPATH=$(cat "$DIR/classpath.txt")
    cat >"$DIR/conf/config.yaml" <<EOF
jobmanager.rpc.address: 127.0.0.1
jobmanager.rpc.port: $RPC_PORT
jobmanager.bind-host: 127.0.0.1
taskmanager.bind-host: 127.0.0.1
taskmanager.host: 127.0.0.1
rest.address: 127.0.0.1
rest.bind-address: 127.0.0.1
rest.port: $PORT
jobmanager.memory.process.size: 1024m
taskmanager.memory.process.size: 1728m
taskmanager.numberOfTaskSlots: $SLOTS
parallelism.default: 1
io.tmp.dirs: $DIR/tmp
web.tmpdir: $DIR/tmp
EOF
    cat >"$DIR/conf/log4j.properties" <<'EOF'
rootLogger.level = INFO
rootLogger.appenderRef.file.ref = MainAppender
appender.main.name = MainAppender
appender.main.type = File
appender.main.fileName = ${sys:log.file}
appender.main.layout.type = PatternLayout
appender.main.layout.pattern = %d{yyyy-MM-dd HH:mm:ss,SSS} %-5p %-60c %x - %m%n
logger.kafka.name = org.apache.kafka
logger.kafka.level = WARN
EOF
    start_jvm jobmanager org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint GET_JM_RESOURCE_PARAMS
    start_jvm taskmanager org.apache.flink.runtime.taskexecutor.TaskManagerRunner GET_TM_RESOURCE_PARAMS
    for _ in $(seq 1 240); do
      if curl -fsS "http://127.0.0.1:$PORT/overview" 2>/dev/null | grep -q '"taskmanagers":[1-9]'; then
        echo "flink-cluster: JobManager pid $(cat "$DIR/jobmanager.pid"), TaskManager pid $(cat "$DIR/taskmanager.pid"); REST and web UI http://127.0.0.1:$PORT/ (logs in $DIR/log)"
        exit 0
      fi
      for name in jobmanager taskmanager; do
        if ! kill -0 "$(cat "$DIR/$name.pid")" 2>/dev/null; then
          echo "flink-cluster: the $name exited; see $DIR/log/$name.out and $name.log" >&2
          exit 1
        fi
      done
      sleep 0.5
    done
    echo "flink-cluster: no TaskManager registered within 120 s; see $DIR/log" >&2
    exit 1
    ;;
  submit)
    [ -f "$JAR" ] || { echo "flink-cluster: no $JAR; build it: mvn -pl anomaly-detector -am install -DskipTests" >&2; exit 1; }
    UPLOAD=$(curl -fsS -H "Expect:" -F "jarfile=@$JAR" "http://127.0.0.1:$PORT/jars/upload")
    JAR_ID=$(echo "$UPLOAD" | sed -n 's/.*"filename":"\([^"]*\)".*/\1/p' | sed 's#.*/##')
    [ -n "$JAR_ID" ] || { echo "flink-cluster: upload failed: $UPLOAD" >&2; exit 1; }
    ARGS=""
    for a in "$@"; do
      a=${a//\\/\\\\}
      ARGS="$ARGS${ARGS:+,}\"${a//\"/\\\"}\""
    done
    RUN=$(curl -sS -H "Content-Type: application/json" -X POST "http://127.0.0.1:$PORT/jars/$JAR_ID/run" \
      -d "{\"entryClass\":\"io.watchword.detector.DetectorMain\",\"programArgsList\":[$ARGS]}")
    JOB=$(echo "$RUN" | sed -n 's/.*"jobid":"\([0-9a-f]*\)".*/\1/p')
    [ -n "$JOB" ] || { echo "flink-cluster: run failed: $RUN" >&2; exit 1; }
    echo "flink-cluster: job $JOB submitted; http://127.0.0.1:$PORT/jobs/$JOB"
    ;;
  stop)
    for name in taskmanager jobmanager; do
      if [ -f "$DIR/$name.pid" ]; then
        PID=$(cat "$DIR/$name.pid")
        kill "$PID" 2>/dev/null || true
        for _ in $(seq 1 60); do kill -0 "$PID" 2>/dev/null || break; sleep 0.5; done
        kill -9 "$PID" 2>/dev/null || true
        rm -f "$DIR/$name.pid"
      fi
    done
    echo "flink-cluster: stopped"
    ;;
  *)
    sed -n '2,20p' "$0" >&2
    exit 2
    ;;
esac
