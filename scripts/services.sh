#!/usr/bin/env bash
# Installs and starts what the tests and `npm run dev` need on a Debian machine: PostgreSQL (trust auth
# for `postgres` on 127.0.0.1, a `test` database), nats-server with JetStream on 127.0.0.1:4222 and
# bubblewrap and slirp4netns (process sandboxes), kubectl (Debian's kubernetes-client, for the tests
# against a real API server, when no kubectl is on PATH), prometheus (the monitoring test) and
# chromium (the console's browser test). Idempotent: a service already answering on its port is left
# alone.
#
# Minimum nats-server: 2.9.10 (Debian 12's). Needs root (apt-get, the Postgres cluster).
set -euo pipefail

NATS_STORE_DIR="${NATS_STORE_DIR:-/var/lib/switchboard-nats}"
NATS_LOG="${NATS_LOG:-/var/log/switchboard-nats.log}"

log() { echo "services: $*"; }
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
wait_port() {
  for _ in $(seq 1 120); do port_open "$1" && return 0; sleep 0.5; done
  echo "services: $2 did not come up on port $1" >&2
  return 1
}

missing=()
command -v pg_ctlcluster >/dev/null 2>&1 && ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || missing+=(postgresql)
command -v nats-server >/dev/null 2>&1 || missing+=(nats-server)
command -v bwrap >/dev/null 2>&1 || missing+=(bubblewrap)
command -v slirp4netns >/dev/null 2>&1 || missing+=(slirp4netns)
# Isolated process sandboxes also configure their namespace with ip (iproute2) through nsenter (util-linux).
PATH="$PATH:/usr/sbin:/sbin" command -v ip >/dev/null 2>&1 || missing+=(iproute2)
command -v nsenter >/dev/null 2>&1 || missing+=(util-linux)
command -v kubectl >/dev/null 2>&1 || missing+=(kubernetes-client)
# The monitoring test runs a real Prometheus (and promtool); the console test a real browser.
command -v prometheus >/dev/null 2>&1 || missing+=(prometheus)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
if ((${#missing[@]})); then
  log "installing ${missing[*]}"
  apt-get update -q >/dev/null
  apt-get install -y -q "${missing[@]}" >/dev/null
fi

# PostgreSQL: the newest installed major version's `main` cluster.
pg_version="$(ls /usr/lib/postgresql | sort -n | tail -n 1)"
if [ ! -d "/etc/postgresql/$pg_version/main" ]; then
  log "creating PostgreSQL $pg_version cluster"
  pg_createcluster "$pg_version" main >/dev/null
fi
hba="/etc/postgresql/$pg_version/main/pg_hba.conf"
if ! grep -q '^# switchboard-test' "$hba"; then
  log "trusting postgres on 127.0.0.1 (test machine only)"
  # Prepended so it wins over the packaged scram rules.
  { printf '# switchboard-test: the tests connect as postgres without a password\n'
    printf 'host all postgres 127.0.0.1/32 trust\nhost all postgres ::1/128 trust\n'
    cat "$hba"; } >"$hba.new"
  mv "$hba.new" "$hba"
  chown postgres:postgres "$hba"
  if port_open 5432; then pg_ctlcluster --skip-systemctl-redirect "$pg_version" main reload; fi
fi
if ! port_open 5432; then
  log "starting PostgreSQL $pg_version"
  pg_ctlcluster --skip-systemctl-redirect "$pg_version" main start
fi
wait_port 5432 PostgreSQL
if ! psql -h 127.0.0.1 -U postgres -tAc "select 1 from pg_database where datname = 'test'" | grep -q 1; then
  log "creating database test"
  psql -h 127.0.0.1 -U postgres -qc 'create database test'
fi

if ! port_open 4222; then
  log "starting nats-server $(nats-server --version | awk '{print $2}') with JetStream (store $NATS_STORE_DIR)"
  mkdir -p "$NATS_STORE_DIR"
  nohup nats-server -a 127.0.0.1 -p 4222 -js -sd "$NATS_STORE_DIR" >>"$NATS_LOG" 2>&1 &
fi
wait_port 4222 NATS
log "PostgreSQL on 127.0.0.1:5432, NATS on 127.0.0.1:4222"
