# fluencyflow: the CLI and `fluencyflow serve` (docs/deploy.md).
# Build:  docker build -t fluencyflow .
# Run:    docker run -p 8080:8080 -v ./config:/config:ro -v fluencyflow-data:/data \
#           --env-file fluencyflow.env fluencyflow

# 1. Build dist/ as `npm ci` does (scripts/build.ts: the library with tsc, the CLI bundle with esbuild); needs the dev
#    dependencies. `--ignore-scripts` skips `prepare` here, which would run before the sources are copied in.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts
COPY tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
COPY schemas ./schemas
COPY src ./src
COPY connectors ./connectors
RUN npm run build

# 2. Production dependencies only (the bundle leaves better-sqlite3, pg, pino, node-soap and xmllint-wasm to them).
#    `prepare` (the build) is skipped; better-sqlite3 fetches or builds its binary.
FROM node:20-bookworm-slim AS deps
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts && npm rebuild better-sqlite3 && npm cache clean --force

# 3. The image: Node 20, no compiler, runs as the unprivileged `node` user.
FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY bin ./bin
COPY schemas ./schemas
COPY connectors ./connectors
COPY docs ./docs
RUN mkdir -p /data /config && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s \
  CMD ["node", "-e", "fetch('http://127.0.0.1:8080/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["node", "/app/bin/fluencyflow.js"]
CMD ["serve", "--config", "/config/fluencyflow.yaml", "--host", "0.0.0.0", "--port", "8080"]
