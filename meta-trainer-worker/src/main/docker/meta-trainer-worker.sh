#!/bin/sh
# The worker's command in its image (metarag.trainer.kubernetes.command): runs the worker jar with
# the JVM options it needs. The trainer's Job appends --job-dir DIR.
#
#   METARAG_WORKER_HOME                  the worker distribution (default /opt/metarag/worker)
#   METARAG_WORKER_THREADS               PyTorch threads (default: the container's CPU limit)
#   METARAG_WORKER_MAX_RAM_PERCENTAGE    heap share of the memory limit (default 25: DJL's tensors
#                                        and libtorch live outside the heap)
#   JAVA_OPTS                            more JVM options
set -eu

worker_home="${METARAG_WORKER_HOME:-/opt/metarag/worker}"
java="java"
if [ -n "${JAVA_HOME:-}" ]; then
  java="$JAVA_HOME/bin/java"
fi

# PyTorch sizes its thread pool by the node's cores, not by the pod's CPU limit: on a shared node
# that oversubscribes the limit many times over. Use the cgroup (v2) CPU quota when there is one.
threads() {
  if [ -n "${METARAG_WORKER_THREADS:-}" ]; then
    echo "$METARAG_WORKER_THREADS"
    return
  fi
  cpu_max="${METARAG_CGROUP_CPU_MAX:-/sys/fs/cgroup/cpu.max}"
  if [ -r "$cpu_max" ]; then
    read -r quota period < "$cpu_max" || true
    if [ -n "${quota:-}" ] && [ "$quota" != "max" ] && [ "${period:-0}" -gt 0 ]; then
      echo $(( (quota + period - 1) / period ))
      return
    fi
  fi
  nproc
}

# shellcheck disable=SC2086 # JAVA_OPTS is a list of options
exec "$java" \
  -XX:MaxRAMPercentage="${METARAG_WORKER_MAX_RAM_PERCENTAGE:-25}" \
  --enable-native-access=ALL-UNNAMED \
  -Dai.djl.offline=true \
  -Dai.djl.pytorch.num_threads="$(threads)" \
  -Dai.djl.pytorch.num_interop_threads=1 \
  ${JAVA_OPTS:-} \
  -jar "$worker_home/meta-trainer-worker.jar" "$@"
