#!/usr/bin/env bash
# A single-node Slurm on this machine, for tests and for trying `theorylab submit slurm`:
# munged, slurmctld and slurmd from Debian's packages (munge, slurmctld, slurmd,
# slurm-client; scripts/install-deps.sh installs them with THEORYLAB_SLURM=1).
#
#   scripts/local-slurm.sh start    # prints the line to eval: export SLURM_CONF=...
#   scripts/local-slurm.sh status   # the daemons and the node's state
#   scripts/local-slurm.sh stop     # stops what start started; safe to repeat
#
# Everything lives in a private folder (TL_SLURM_DIR, default /tmp/theorylab-slurm):
# its own munge key and socket, slurm.conf (pointed to by SLURM_CONF), state, spool,
# logs and pid files, and its own ports (TL_SLURM_PORT, default 16817, and the next
# one), all on 127.0.0.1. Nothing under /etc, /run or /var is written, and a system
# Slurm or munge, if any, is left alone. Needs root (slurmd runs jobs as their owner).
# Every step is bounded in time; a failed start stops what it had started. With
# TL_SLURM_LIFETIME=S, start also leaves a watchdog that runs stop after S seconds, so a
# test killed before its own clean-up cannot leave the daemons behind.
set -euo pipefail

DIR=${TL_SLURM_DIR:-/tmp/theorylab-slurm}
PORT=${TL_SLURM_PORT:-16817}
CONF=$DIR/etc/slurm.conf
SOCKET=$DIR/munge/munge.socket
export SLURM_CONF=$CONF

say() { echo "local-slurm: $*" >&2; }
die() { say "$*"; exit 1; }

# Whether a process runs (a zombie does not: its parent may be a pid 1 that never reaps).
running() {
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  stat=${stat##*) }
  [ "${stat:0:1}" != Z ]
}

# The pid in a pid file, if that process runs.
alive_pid() {
  local file=$1 pid
  [ -s "$file" ] || return 1
  pid=$(cat "$file" 2>/dev/null) || return 1
  [[ "$pid" =~ ^[0-9]+$ ]] && running "$pid" && echo "$pid"
}

# Waits up to $1 seconds for the command in the remaining words to succeed.
wait_for() {
  local seconds=$1; shift
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    [ $SECONDS -lt $deadline ] || return 1
    sleep 0.2
  done
}

not_running() { ! running "$1"; }

stop_daemon() {
  local name=$1 file=$2 pid
  pid=$(alive_pid "$file") || { rm -f "$file"; return 0; }
  kill -TERM "$pid" 2>/dev/null || true
  if ! wait_for 15 not_running "$pid"; then
    say "$name (pid $pid) ignored SIGTERM for 15 s; SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    wait_for 5 not_running "$pid" || say "$name (pid $pid) is still there"
  fi
  rm -f "$file"
}

no_running_jobs() {
  local jobs
  jobs=$(timeout 5 squeue -h -t running,completing,configuring -o %i) || return 1
  [ -z "$jobs" ]
}

do_stop() {
  local wd
  if [ -z "${TL_SLURM_FROM_WATCHDOG:-}" ] && wd=$(alive_pid "$DIR/watchdog.pid"); then
    kill -TERM -- "-$wd" 2>/dev/null || kill -TERM "$wd" 2>/dev/null || true
  fi
  rm -f "$DIR/watchdog.pid"
  # The jobs first, so that no job process outlives the daemons.
  if alive_pid "$DIR/slurmctld.pid" >/dev/null; then
    timeout 10 scancel --partition=local >/dev/null 2>&1 || true
    wait_for 20 no_running_jobs || say "jobs still running after 20 s"
  fi
  # slurmd first (it ends the jobs' slurmstepd), then the controller, then munge.
  stop_daemon slurmd "$DIR/slurmd.pid"
  # A job step survives its slurmd only if it is still running: end those of this
  # Slurm (their command lines name this folder's spool).
  local pid
  for pid in $(pgrep -f "^slurmstepd: \[" 2>/dev/null || true); do
    if tr '\0' ' ' <"/proc/$pid/environ" 2>/dev/null | grep -q "SLURM_CONF=$CONF"; then kill -KILL "$pid" 2>/dev/null || true; fi
  done
  stop_daemon slurmctld "$DIR/slurmctld.pid"
  stop_daemon munged "$DIR/munge/munged.pid"
  say "stopped"
}

write_config() {
  local host cpus
  host=$(hostname)
  cpus=$(nproc)
  mkdir -p "$DIR/etc" "$DIR/state" "$DIR/spool" "$DIR/log"
  cat >"$CONF" <<EOF
# theorylab's single-node Slurm (scripts/local-slurm.sh); private to $DIR.
ClusterName=theorylab
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$PORT
SlurmdPort=$((PORT + 1))
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$SOCKET,cred_expire=10
StateSaveLocation=$DIR/state
SlurmdSpoolDir=$DIR/spool
SlurmctldPidFile=$DIR/slurmctld.pid
SlurmdPidFile=$DIR/slurmd.pid
SlurmctldLogFile=$DIR/log/slurmctld.log
SlurmdLogFile=$DIR/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
MpiDefault=none
MailProg=/bin/true
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/none
ReturnToService=2
# Finished jobs stay visible to scontrol/squeue for 10 minutes (there is no sacct
# database here); a short scheduler interval and kill wait keep tests quick.
MinJobAge=600
KillWait=5
SchedulerParameters=sched_interval=2
SlurmctldTimeout=30
SlurmdTimeout=60
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus State=UNKNOWN
PartitionName=local Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
  echo "CgroupPlugin=cgroup/v1" >"$DIR/etc/cgroup.conf"
}

start_munge() {
  mkdir -p "$DIR/munge"
  chown munge:munge "$DIR/munge"
  chmod 0700 "$DIR/munge"
  if [ ! -s "$DIR/munge/munge.key" ]; then
    dd if=/dev/urandom of="$DIR/munge/munge.key" bs=1 count=1024 status=none
  fi
  chown munge:munge "$DIR/munge/munge.key"
  chmod 0600 "$DIR/munge/munge.key"
  timeout 20 munged --force --socket="$SOCKET" --key-file="$DIR/munge/munge.key" \
    --pid-file="$DIR/munge/munged.pid" --log-file="$DIR/log/munged.log" --seed-file="$DIR/munge/munged.seed" \
    || die "munged did not start; see $DIR/log/munged.log"
  wait_for 20 test -S "$SOCKET" || die "munged's socket $SOCKET did not appear"
  timeout 10 munge --socket="$SOCKET" -n </dev/null | timeout 10 unmunge --socket="$SOCKET" >/dev/null \
    || die "munge does not work (munge -n | unmunge failed); see $DIR/log/munged.log"
}

node_ready() {
  local state
  state=$(timeout 5 sinfo -h -n "$(hostname)" -o %T 2>/dev/null) || return 1
  [[ "$state" == idle* || "$state" == mixed* || "$state" == allocated* ]]
}

do_start() {
  [ "$(id -u)" -eq 0 ] || die "needs root (slurmd starts jobs as their owner); nothing started"
  for tool in munged munge unmunge slurmctld slurmd sbatch sinfo scontrol; do
    command -v "$tool" >/dev/null || die "'$tool' is missing: THEORYLAB_SLURM=1 scripts/install-deps.sh installs Slurm"
  done
  if alive_pid "$DIR/slurmctld.pid" >/dev/null && alive_pid "$DIR/slurmd.pid" >/dev/null && node_ready; then
    say "already running ($DIR)"
    echo "export SLURM_CONF=$CONF"
    return 0
  fi
  do_stop 2>/dev/null
  rm -rf "$DIR/state" "$DIR/spool" "$DIR/log"
  # A failed start leaves nothing running.
  trap 'status=$?; if [ $status -ne 0 ]; then say "start failed; stopping what started"; do_stop; fi' EXIT
  write_config
  start_munge
  timeout 30 slurmctld -f "$CONF" -i || die "slurmctld did not start; see $DIR/log/slurmctld.log"
  wait_for 30 timeout 5 scontrol ping || die "slurmctld does not answer; see $DIR/log/slurmctld.log"
  timeout 30 slurmd -f "$CONF" || die "slurmd did not start; see $DIR/log/slurmd.log"
  if ! wait_for 60 node_ready; then
    timeout 5 scontrol update NodeName="$(hostname)" State=RESUME >/dev/null 2>&1 || true
    wait_for 15 node_ready || die "node $(hostname) did not become idle; see $DIR/log/slurmd.log"
  fi
  trap - EXIT
  if [ -n "${TL_SLURM_LIFETIME:-}" ]; then
    [[ "$TL_SLURM_LIFETIME" =~ ^[0-9]+$ ]] || die "TL_SLURM_LIFETIME must be a number of seconds"
    TL_SLURM_FROM_WATCHDOG=1 TL_SLURM_DIR=$DIR TL_SLURM_PORT=$PORT setsid bash -c \
      "sleep $TL_SLURM_LIFETIME; exec '$(readlink -f "$0")' stop" >>"$DIR/log/watchdog.log" 2>&1 </dev/null &
    echo $! >"$DIR/watchdog.pid"
    say "watchdog: stops this Slurm in $TL_SLURM_LIFETIME s (pid $(cat "$DIR/watchdog.pid"))"
  fi
  say "running: $(hostname), $(nproc) CPUs, partition 'local' ($DIR)"
  echo "export SLURM_CONF=$CONF"
}

do_status() {
  local name file pid up=0
  for name in munged slurmctld slurmd; do
    case $name in munged) file=$DIR/munge/munged.pid ;; *) file=$DIR/$name.pid ;; esac
    if pid=$(alive_pid "$file"); then echo "$name: running (pid $pid)"; up=$((up + 1)); else echo "$name: stopped"; fi
  done
  if [ $up -eq 3 ]; then
    echo "SLURM_CONF=$CONF"
    timeout 5 sinfo || true
    return 0
  fi
  return 3
}

case "${1:-}" in
  start) do_start ;;
  stop) do_stop ;;
  status) do_status ;;
  *) echo "usage: $0 start|stop|status   (TL_SLURM_DIR=$DIR, TL_SLURM_PORT=$PORT)" >&2; exit 2 ;;
esac
