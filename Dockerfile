# The sluice image: the bundled CLI, which is also the Kubernetes controller (`sluice controller`).
# Build at the repository root once the CLI is bundled (docs/install.md):
#   npm run build:cli && npm run build:dashboard && podman build -t sluice:0.1.0 .
# or, with no registry to pull the base from: bash deploy/image/build.sh
# BASE is any image with Node.js >= 22.19 as `node` on PATH (deploy/image/node-base.sh makes one
# offline from the machine's Node.js).
ARG BASE=docker.io/library/node:24-slim
FROM ${BASE}

WORKDIR /app
ENV NODE_ENV=production

# The bundle holds its dependencies (yaml); package.json gives `sluice version` its version; the
# dashboard's web UI (`controller --dashboard-port`) is served from dist/dashboard/.
COPY package.json ./
COPY dist/cli/current/ dist/cli/current/
COPY dist/dashboard/ dist/dashboard/

# A numeric non-root user, so that Kubernetes can check runAsNonRoot; the root filesystem may be
# read-only (nothing is written outside /tmp).
USER 1000:1000

EXPOSE 8080 8090
ENTRYPOINT ["node", "/app/dist/cli/current/main.js"]
