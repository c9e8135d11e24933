# syntax=docker/dockerfile:1
# The Pipeline Pane collector (`pane serve`) and, with another command, the demo emitter
# (`node build/scripts/demo.js`). Built from the repository root:
#   docker build -f docker/pane.Dockerfile -t pipelinepane .
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json .npmrc tsconfig.json tsconfig.node.json ./
COPY bin ./bin
COPY scripts ./scripts
COPY src ./src
# `npm ci` runs `prepare`, which compiles the collector, the CLI and the demo into build/.
RUN npm ci --no-audit --no-fund && npm prune --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/build ./build
COPY --from=build /app/bin ./bin
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME /data
EXPOSE 7070
# Tokens come from PANE_TOKENS; the database from PANE_DATABASE_URL (a postgres:// URL) or /data.
CMD ["node", "bin/pane.js", "serve", "--host", "0.0.0.0", "--port", "7070", "--database", "/data/pane.sqlite"]
