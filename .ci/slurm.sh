#!/usr/bin/env bash
# A one-node Slurm cluster for Funnel Lab's integration test (issue 16),
# without systemd: Debian's slurm-wlm and munge, the daemons started by
# hand as root, everything else (configuration, state, logs, pid files)
# under $FUNNEL_SLURM_DIR (default /tmp/funnel-slurm).
#
#   bash .ci/slurm.sh up     install if needed, configure, start, wait for the node to be idle
#   bash .ci/slurm.sh down   stop the daemons by the PIDs in their pid files
#   bash .ci/slurm.sh test   up, the Go integration test (TestSlurmIntegration), down
#
# "test" prints "slurm integration test SKIPPED: <reason>" and exits 0 when
# Slurm cannot be installed or started here (not root, no apt-get, no
# network, a daemon that will not start); a failing test exits 1.
set -uo pipefail
cd "$(dirname "$0")/.."

RUN=${FUNNEL_SLURM_DIR:-/tmp/funnel-slurm}
CONF=$RUN/slurm.conf
export SLURM_CONF=$CONF

skip() {
	echo "slurm integration test SKIPPED: $*"
	exit 0
}

# within SECONDS CMD...: run CMD until it succeeds, at most SECONDS.
within() {
	local limit=$1
	shift
	local end=$((SECONDS + limit))
	until "$@" >/dev/null 2>&1; do
		[ $SECONDS -ge $end ] && return 1
		sleep 1
	done
}

install() {
	if command -v slurmctld >/dev/null && command -v slurmd >/dev/null && command -v sbatch >/dev/null && command -v munged >/dev/null; then
		return 0
	fi
	[ "$(id -u)" = 0 ] || { echo "not root: cannot install slurm-wlm and munge"; return 1; }
	command -v apt-get >/dev/null || { echo "no apt-get: cannot install slurm-wlm and munge"; return 1; }
	echo "installing slurm-wlm and munge (apt-get)"
	(timeout 300 apt-get update -qq && DEBIAN_FRONTEND=noninteractive timeout 600 apt-get install -y -qq slurm-wlm munge) >"$RUN/apt.log" 2>&1 ||
		{ echo "apt-get install slurm-wlm munge failed (see $RUN/apt.log)"; return 1; }
}

start_munge() {
	if munge -n 2>/dev/null | unmunge >/dev/null 2>&1; then
		return 0 # a munged already runs
	fi
	mkdir -p /etc/munge /run/munge /var/lib/munge /var/log/munge
	if [ ! -s /etc/munge/munge.key ]; then
		dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 2>/dev/null
	fi
	chown -R munge:munge /etc/munge /run/munge /var/lib/munge /var/log/munge
	chmod 0700 /etc/munge /var/lib/munge /var/log/munge
	chmod 0755 /run/munge
	chmod 0400 /etc/munge/munge.key
	runuser -u munge -- /usr/sbin/munged || { echo "munged would not start"; return 1; }
	touch "$RUN/munged.ours" # down stops it
	within 20 sh -c 'munge -n | unmunge' || { echo "munged does not answer"; return 1; }
}

configure() {
	local host node
	host=$(hostname -s)
	# slurmd -C: this node's CPUs, sockets, cores and memory.
	node=$(slurmd -C 2>/dev/null | head -n 1 | sed "s/^NodeName=[^ ]*/NodeName=$host NodeAddr=127.0.0.1/")
	[ -n "$node" ] || { echo "slurmd -C printed nothing"; return 1; }
	mkdir -p "$RUN/ctld" "$RUN/d"
	cat >"$CONF" <<EOF
# One-node test cluster of .ci/slurm.sh: no cgroups, no accounting, root.
ClusterName=funnel
SlurmctldHost=$host(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
MpiDefault=none
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MailProg=/bin/true
ReturnToService=2
SchedulerType=sched/backfill
SchedulerParameters=batch_sched_delay=0,sched_min_interval=0
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
MinJobAge=600
SlurmctldPort=6817
SlurmdPort=6818
SlurmctldPidFile=$RUN/slurmctld.pid
SlurmdPidFile=$RUN/slurmd.pid
StateSaveLocation=$RUN/ctld
SlurmdSpoolDir=$RUN/d
SlurmctldLogFile=$RUN/slurmctld.log
SlurmdLogFile=$RUN/slurmd.log
$node
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF
}

node_idle() {
	sinfo -h -o %t 2>/dev/null | grep -qx 'idle'
}

up() {
	mkdir -p "$RUN"
	install || return 1
	start_munge || return 1
	configure || return 1
	if ! scontrol ping 2>/dev/null | grep -q UP; then
		slurmctld -i -f "$CONF" || { echo "slurmctld would not start (see $RUN/slurmctld.log)"; return 1; }
	fi
	within 30 sh -c 'scontrol ping | grep -q UP' || { echo "slurmctld does not answer (see $RUN/slurmctld.log)"; return 1; }
	if [ ! -s "$RUN/slurmd.pid" ] || ! kill -0 "$(cat "$RUN/slurmd.pid")" 2>/dev/null; then
		slurmd -f "$CONF" || { echo "slurmd would not start (see $RUN/slurmd.log)"; return 1; }
	fi
	if ! within 60 node_idle; then
		scontrol update nodename="$(hostname -s)" state=resume >/dev/null 2>&1
		within 30 node_idle || { echo "the node is not idle after 90 s: $(sinfo -h -o '%t %E' 2>&1) (see $RUN/slurmd.log)"; return 1; }
	fi
	echo "slurm is up: $(sinfo -h -o "%P %D %t %c CPUs %m MB"); export SLURM_CONF=$CONF to use it"
}

down() {
	for p in slurmd slurmctld; do
		if [ -s "$RUN/$p.pid" ]; then
			kill "$(cat "$RUN/$p.pid")" 2>/dev/null || true
		fi
	done
	if [ -e "$RUN/munged.ours" ] && [ -s /run/munge/munged.pid ]; then
		kill "$(cat /run/munge/munged.pid)" 2>/dev/null || true
		rm -f "$RUN/munged.ours"
	fi
	echo "slurm daemons stopped"
}

case "${1:-test}" in
up)
	up || exit 1
	;;
down)
	down
	;;
test)
	mkdir -p "$RUN"
	why=$(up 2>&1) || { down >/dev/null 2>&1; skip "$(echo "$why" | tail -n 1)"; }
	echo "$why" | tail -n 1
	trap down EXIT
	FUNNEL_SLURM=1 timeout 1200 go test ./cmd/funnel/cli -run '^TestSlurmIntegration$' -count=1 -v -timeout 20m
	;;
*)
	echo "usage: $0 up|down|test" >&2
	exit 2
	;;
esac
