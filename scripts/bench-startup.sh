#!/usr/bin/env bash
# Time from spawn to /readyz answering 200 for each service, run as `npm start` runs it (plain node on
# dist/, OpenTelemetry register first). Prints one line per service. Needs the test Postgres and NATS
# (scripts/services.sh) and a build (npm run build). `first` creates a fresh database (chat-api and
# secrets migrate it); `restart` (default) starts on the database the previous run left.
#   bash scripts/bench-startup.sh first && bash scripts/bench-startup.sh restart
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-restart}"
db=sb_bench_startup
if [ "$mode" = first ]; then
  psql -h 127.0.0.1 -U postgres -qc "drop database if exists $db" -qc "create database $db" >/dev/null 2>&1
fi
export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$db" NATS_URL=nats://127.0.0.1:4222 \
  NATS_PREFIX=bench_startup LOG_LEVEL=warn ADMIN_TOKEN=bench-admin-token-0123456789 \
  WEBHOOK_RESOLVER_TOKEN=bench-resolver-token-0123456789 DISPATCHER_TOKEN=bench-dispatcher-token-0123456789 \
  SECRETS_READER_TOKEN=bench-reader-token-0123456789 SECRETS_ADMIN_TOKEN=bench-secrets-admin-0123456789 \
  SWITCHBOARD_MASTER_KEY="$(head -c 32 /dev/urandom | base64)" SANDBOX_NETWORK=host
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done' EXIT
start() { # name, main (relative to the service), readiness port, then VAR=value...
  local name=$1 main=$2 port=$3
  shift 3
  local t0
  t0=$(date +%s%N)
  (cd "services/$name" && exec env "$@" node --import @switchboard/telemetry/register "$main") \
    >"/tmp/bench-startup-$name.log" 2>&1 &
  pids+=($!)
  until curl -sf -o /dev/null "http://127.0.0.1:$port/readyz"; do sleep 0.01; done
  echo "$name ready in $((($(date +%s%N) - t0) / 1000000)) ms ($mode)"
}
start chat-api dist/main.js 28081 HTTP_PORT=28081 GRPC_PORT=25051 SECRETS_GRPC_URL=127.0.0.1:25052
start secrets dist/main.js 29464 GRPC_PORT=25052 HTTP_PORT=29464
start ingress dist/src/main.js 28080 HTTP_PORT=28080 ADMIN_GRPC_URL=127.0.0.1:25051
start dispatcher dist/main.js 29465 HTTP_PORT=29465 ADMIN_GRPC_URL=127.0.0.1:25051 \
  SECRETS_GRPC_URL=127.0.0.1:25052 CHAT_API_URL=http://127.0.0.1:28081
