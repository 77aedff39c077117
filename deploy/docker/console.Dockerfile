# syntax=docker/dockerfile:1.7
# The console. Build from the repository root:
#   docker build -f deploy/docker/console.Dockerfile -t switchboard/console .
#
# Two stages, as for the services: the first installs every dependency, compiles the TypeScript and
# builds the web app with Vite (`npm ci` runs the root `prepare` script: `tsc -b`, then the console's
# `vite build` into services/console/dist/web), then drops the dev dependencies and the sources; the
# image runs plain `node` on the compiled server, which serves the built web app. No TypeScript and no
# Vite at run time.
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
  && rm -rf services/console/web \
  && find . -name '*.tsbuildinfo' -not -path './node_modules/*' -delete \
  && rm -rf scripts && npm cache clean --force

FROM ${NODE_IMAGE}
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app /app
# Non-root, and nothing in /app is writable by it.
USER 65532:65532
EXPOSE 8090
ENTRYPOINT ["node", "--import", "@switchboard/telemetry/register", "services/console/dist/main.js"]
