# The sluice image: the CLI and the Kubernetes controller (`sluice controller`).
# Build at the repository root:  docker build -t sluice:0.1.0 .
# Node.js runs the TypeScript sources directly (type stripping), so there is no build step.
FROM node:24-slim

WORKDIR /app
ENV NODE_ENV=production

# Runtime dependencies only, from the lock file.
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

COPY src/ src/
COPY bin/ bin/

# The image's `node` user, by number so that Kubernetes can check runAsNonRoot.
USER 1000:1000

EXPOSE 8080 8090
ENTRYPOINT ["node", "src/cli/main.ts"]
