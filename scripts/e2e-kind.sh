#!/usr/bin/env bash
# End-to-end on a local kind cluster: build the images, load them into kind, helm install the chart,
# apply deploy/examples, send a webhook, answer as the bot, and see the answer arrive where the
# integration POSTs it.
#
# NOT run in CI: it needs Docker, kind and kubectl (and downloads base images), which CI machines do
# not have. Run it by hand on a machine that does:
#   bash scripts/e2e-kind.sh            # KEEP=1 keeps the cluster afterwards
set -euo pipefail
cd "$(dirname "$0")/.."

CLUSTER=${CLUSTER:-switchboard-e2e}
NS=switchboard
TAG=e2e
COMPONENTS=(chat-api secrets ingress dispatcher operator runner)
PIDS=()

say() { printf '\n==> %s\n' "$*"; }
die() { echo "e2e: $*" >&2; exit 1; }
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  if [[ "${KEEP:-}" != 1 ]]; then kind delete cluster --name "$CLUSTER" >/dev/null 2>&1 || true; fi
}
trap cleanup EXIT

for tool in docker kind kubectl node npm curl; do command -v "$tool" >/dev/null || die "$tool is required"; done
npm ci --no-audit --no-fund >/dev/null
HELM=$(npx tsx services/operator/src/chart/helm.ts)

say "kind cluster $CLUSTER"
kind get clusters | grep -qx "$CLUSTER" || kind create cluster --name "$CLUSTER" --wait 120s

say "images"
for c in "${COMPONENTS[@]}"; do
  docker build -q -f "deploy/docker/$c.Dockerfile" -t "localhost/switchboard/$c:$TAG" . >/dev/null
  kind load docker-image --name "$CLUSTER" "localhost/switchboard/$c:$TAG"
done

say "helm install"
"$HELM" upgrade --install sb deploy/helm/switchboard -n "$NS" --create-namespace --wait --timeout 10m \
  --set image.registry=localhost --set image.repository=switchboard --set image.tag="$TAG" \
  --set image.pullPolicy=Never --set publicUrl=http://localhost:18080 \
  --set ingress.autoscaling.enabled=false --set dispatcher.autoscaling.enabled=false

say "answer sink (where the integration POSTs the bot's answers)"
kubectl apply -f - <<YAML
apiVersion: v1
kind: Pod
metadata: { name: answer-sink, namespace: default, labels: { app: answer-sink } }
spec:
  securityContext: { runAsNonRoot: true, runAsUser: 65532, seccompProfile: { type: RuntimeDefault } }
  containers:
    - name: sink
      image: localhost/switchboard/runner:$TAG
      imagePullPolicy: Never
      command: [node, -e, "require('http').createServer((q,s)=>{let b='';q.on('data',c=>b+=c);q.on('end',()=>{console.log('ANSWER '+b);s.end('{}')})}).listen(8080)"]
      securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: [ALL] } }
---
apiVersion: v1
kind: Service
metadata: { name: answer-sink, namespace: default }
spec: { selector: { app: answer-sink }, ports: [{ port: 8080 }] }
YAML
kubectl wait --for=condition=Ready pod/answer-sink --timeout=120s

say "the example integration's bundle, and the examples"
npm run --silent build -w @switchboard/example-webhook-integration >/dev/null
gzip -9 -c examples/webhook-integration/dist/index.cjs >/tmp/switchboard-e2e-bundle.cjs.gz
kubectl create configmap webhook-bundle --from-file=bundle.cjs.gz=/tmp/switchboard-e2e-bundle.cjs.gz \
  --dry-run=client -o yaml | kubectl apply -f -
kubectl apply -f deploy/examples/integration.yaml -f deploy/examples/bot.yaml -f deploy/examples/installation.yaml
kubectl wait --for=condition=Ready integration/webhook --timeout=300s
kubectl wait --for=condition=Ready installation/example-hook --timeout=300s
kubectl get switchboard -o wide
WEBHOOK_ID=$(kubectl get installation example-hook -o jsonpath='{.status.webhookId}')
BOT_ID=$(kubectl get bot example-bot -o jsonpath='{.status.botId}')

say "a webhook"
kubectl -n "$NS" port-forward svc/sb-switchboard-ingress 18080:80 >/dev/null & PIDS+=($!)
kubectl -n "$NS" port-forward svc/sb-switchboard-chat-api 18081:8081 15051:50051 >/dev/null & PIDS+=($!)
sleep 3
status=$(curl -s -o /tmp/switchboard-e2e-webhook.out -w '%{http_code}' -X POST "http://localhost:18080/$WEBHOOK_ID" \
  -H 'content-type: application/json' -H 'X-Delivery-Id: e2e-1' \
  -d '{"conversationId":"c-1","userId":"u-1","text":"hello from the e2e"}')
echo "ingress answered $status: $(cat /tmp/switchboard-e2e-webhook.out)"
[[ "$status" == 200 || "$status" == 202 ]] || die "the webhook was not accepted"

say "the bot answers"
ADMIN_TOKEN=$(kubectl -n "$NS" get secret sb-switchboard-admin-token -o jsonpath='{.data.token}' | base64 -d)
BOT_TOKEN=$(ADMIN_TOKEN="$ADMIN_TOKEN" BOT_ID="$BOT_ID" npx tsx --input-type=module -e "
  import { promiseClient, protos } from '@switchboard/proto'
  const admin = promiseClient(protos.admin.AdminService, '127.0.0.1:15051', { token: process.env.ADMIN_TOKEN })
  const t = await admin.CreateToken({ kind: 'bot', botId: process.env.BOT_ID, integrationId: '', name: 'e2e' })
  process.stdout.write(t.secret); admin.close()")
for _ in $(seq 1 20); do
  SB_API_URL=http://localhost:18081 SB_BOT_ID="$BOT_ID" SB_BOT_TOKEN="$BOT_TOKEN" npx tsx scripts/say.ts "hello from the bot" && break
  sleep 2
done

say "the answer reaches the sink"
for _ in $(seq 1 60); do
  if kubectl logs answer-sink | grep -q 'hello from the bot'; then
    kubectl logs answer-sink | grep ANSWER
    say "e2e passed"
    exit 0
  fi
  sleep 2
done
kubectl -n "$NS" logs deploy/sb-switchboard-dispatcher --tail=50 || true
die "no answer reached the sink"
