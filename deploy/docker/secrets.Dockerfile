# syntax=docker/dockerfile:1.7
# The secrets service. Build from the repository root:
#   docker build -f deploy/docker/secrets.Dockerfile -t switchboard/secrets .
#
# Two stages: the first installs every dependency and compiles the TypeScript (`npm ci` runs the root
# `prepare` script, `tsc -b`), then drops the dev dependencies and the sources; the image runs plain
# `node` on the compiled output, with OpenTelemetry loaded first so grpc-js, http and pg are
# instrumented (their modules stay in node_modules, not inlined). No TypeScript at run time.
ARG NODE_IMAGE=node:20.19-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json .npmrc tsconfig.json tsconfig.base.json ./
COPY proto/ proto/
COPY packages/ packages/
COPY services/ services/
COPY examples/ examples/
COPY scripts/ scripts/
RUN npm ci --no-audit --no-fund \
  && npm prune --omit=dev --no-audit --no-fund \
  && find packages services examples -depth -type d -name src -prune -exec rm -rf {} + \
  && find . -name '*.tsbuildinfo' -not -path './node_modules/*' -delete \
  && rm -rf scripts && npm cache clean --force

FROM ${NODE_IMAGE}
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app /app
# Non-root, and nothing in /app is writable by it; the chart mounts a writable /tmp.
USER 65532:65532
EXPOSE 50052 9464
ENTRYPOINT ["node", "--import", "@switchboard/telemetry/register", "services/secrets/dist/main.js"]
