# syntax=docker/dockerfile:1
# multiroute image: the service, the probe client and the two-port server.
# Build: docker build --build-arg GIT_COMMIT=$(git rev-parse HEAD) -t multiroute:$(git rev-parse --short HEAD) .
# Base images are build arguments so a release can pin them by digest (IMAGE@sha256:...).
ARG BUILD_IMAGE=node:24-bookworm
ARG RUNTIME_IMAGE=gcr.io/distroless/nodejs24-debian12:nonroot

# Compile TypeScript with the full toolchain.
FROM ${BUILD_IMAGE} AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

# Production dependencies only, without install scripts.
FROM ${BUILD_IMAGE} AS deps
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund

# Runtime: Node.js and its libraries only; no shell, no npm, no compiler.
FROM ${RUNTIME_IMAGE} AS runtime
ARG GIT_COMMIT=unknown
ARG SOURCE_URL=https://github.com/kprod-dev/kprod
LABEL org.opencontainers.image.title="multiroute" \
      org.opencontainers.image.description="multiroute HTTP service, probe client and two-port server (kprod)" \
      org.opencontainers.image.licenses="Apache-2.0" \
      org.opencontainers.image.source="${SOURCE_URL}" \
      org.opencontainers.image.revision="${GIT_COMMIT}"
WORKDIR /app
# package.json marks dist/ as ES modules; nothing else of the source tree is needed.
COPY --from=deps /src/package.json ./package.json
COPY --from=deps /src/node_modules ./node_modules
COPY --from=build /src/dist ./dist
# `node` on PATH, so Kubernetes `command: [node, /app/dist/clients/probe-client.js]` works.
ENV PATH=/nodejs/bin:/usr/local/bin:/usr/bin:/bin \
    NODE_ENV=production \
    GIT_COMMIT=${GIT_COMMIT}
# Numeric user and group, so runAsNonRoot can verify them without /etc/passwd.
USER 65532:65532
EXPOSE 3000
ENTRYPOINT ["node", "/app/dist/service/main.js"]
