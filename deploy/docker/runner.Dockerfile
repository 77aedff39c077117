# syntax=docker/dockerfile:1.7
# The runner: the program inside every Kubernetes sandbox pod. Build from the repository root:
#   docker build -f deploy/docker/runner.Dockerfile -t switchboard/runner .
#
# Unlike the services, the runner is one esbuild bundle (`buildRunner`, the same file the process
# driver runs): Node built-ins only, so the image holds node and /app/runner.cjs and nothing else a
# bundle could reach. An image bundle (Integration spec.bundle.image) is built FROM this image:
#   FROM switchboard/runner:<version>
#   COPY dist/index.cjs /bundle/bundle.cjs
ARG NODE_IMAGE=node:20.19-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json .npmrc tsconfig.json tsconfig.base.json ./
COPY proto/ proto/
COPY packages/ packages/
COPY services/ services/
COPY examples/ examples/
COPY scripts/ scripts/
# `npm ci` compiles the workspaces (root `prepare`); the runner bundle is built from that output.
RUN npm ci --no-audit --no-fund
COPY deploy/docker/build-runner.ts deploy/docker/build-runner.ts
RUN node --import tsx deploy/docker/build-runner.ts /runner.cjs

FROM ${NODE_IMAGE}
COPY --from=build /runner.cjs /app/runner.cjs
# The sandbox uid (SANDBOX_UID in packages/sandbox); the Deployment sets the same.
USER 65532:65532
WORKDIR /
EXPOSE 8080
ENV SB_RUNNER_HOST=0.0.0.0 SB_RUNNER_PORT=8080
# The operator's Deployments set the full command (Node's permission model, heap cap); this default
# is for running the image by hand.
ENTRYPOINT ["node"]
CMD ["--experimental-permission", "--allow-fs-read=/app/runner.cjs", "--allow-fs-read=/bundle/*", "--allow-fs-read=/tmp/*", "--allow-fs-write=/tmp/*", "--no-addons", "/app/runner.cjs"]
