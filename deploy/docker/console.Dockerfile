# syntax=docker/dockerfile:1.7
# The console. Build from the repository root:
#   docker build -f deploy/docker/console.Dockerfile -t switchboard/console .
#
# The web app is built with Vite (a dev dependency) in its own stage; the image carries the built assets
# and the production dependencies, and runs the server from its TypeScript sources like every service.
ARG NODE_IMAGE=node:20.19-bookworm-slim

FROM ${NODE_IMAGE} AS web
WORKDIR /app
COPY package.json package-lock.json ./
COPY packages/ packages/
COPY services/ services/
COPY examples/ examples/
RUN npm ci --no-audit --no-fund && npm run build -w @switchboard/console

FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
COPY packages/ packages/
COPY services/ services/
COPY examples/ examples/
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

FROM ${NODE_IMAGE}
ENV NODE_ENV=production
WORKDIR /app
COPY --from=deps /app /app
COPY --from=web /app/services/console/dist/web /app/services/console/dist/web
USER 65532:65532
EXPOSE 8090
ENTRYPOINT ["node", "--import", "tsx", "--import", "@switchboard/telemetry/register", "services/console/src/main.ts"]
