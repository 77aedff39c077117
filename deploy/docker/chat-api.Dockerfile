# syntax=docker/dockerfile:1.7
# The chat-api service. Build from the repository root:
#   docker build -f deploy/docker/chat-api.Dockerfile -t switchboard/chat-api .
#
# Services run from their TypeScript sources with `node --import tsx`, exactly as `npm start` and the
# tests run them: OpenTelemetry's import hooks keep instrumenting grpc-js and pg (a bundle would inline
# them and silently lose those spans), and there is no separate build output to drift from the tests.
# The cost is a larger image and about a second of transpiling at start (cached in /tmp).
ARG NODE_IMAGE=node:20.19-bookworm-slim

FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
COPY packages/ packages/
COPY services/ services/
COPY examples/ examples/
# Production dependencies of every workspace (tsx among them: the operator's start script needs it).
RUN npm ci --omit=dev --no-audit --no-fund \
  && test -d node_modules/tsx || { echo "tsx is not a production dependency any more" >&2; exit 1; } \
  && npm cache clean --force

FROM ${NODE_IMAGE}
ENV NODE_ENV=production
WORKDIR /app
COPY --from=deps /app /app
# Non-root, and nothing in /app is writable by it; the chart mounts a writable /tmp.
USER 65532:65532
EXPOSE 8081 50051
ENTRYPOINT ["node", "--import", "tsx", "--import", "@switchboard/telemetry/register", "services/chat-api/src/main.ts"]
