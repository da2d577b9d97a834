# syntax=docker/dockerfile:1
#
# The kubediff image: prom-run (with the built-in kubediff checker) under tini,
# as a non-root user, on a read-only root filesystem.
#
#   docker build -t kubediff .
#   docker run --rm -p 9152:9152 kubediff -period=60s kubediff /git/repo/k8s
#
# Both stages start from the same pinned tag so that the node_modules built in
# one run on the other.
ARG NODE_IMAGE=node:20-bookworm-slim

# --- build: all dependencies; type-checked, then bundled to dist/cmd/ ---------
FROM ${NODE_IMAGE} AS build
WORKDIR /src
COPY package.json package-lock.json ./
# --ignore-scripts: `prepare` would build before the sources are copied.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY scripts/bundle.mjs ./scripts/
COPY src ./src
COPY cmd ./cmd
# The entry points keep their `#!/usr/bin/env node` line: make them executable.
RUN npm run build && chmod 0755 dist/cmd/prom-run.js dist/cmd/kubediff.js dist/cmd/compare-images.js

# --- deps: production dependencies only ---------------------------------------
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: `prepare` needs TypeScript, a dev dependency; no production
# dependency has an install script. The npm cache stays behind in this stage.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund

# --- runtime ------------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
# tini: PID 1 that forwards signals to prom-run and reaps zombies.
# git: the checker reads the checked commit from git-sync's worktree.
# safe.directory: git-sync writes the checkout as its own uid (65533), and git
# refuses to read a repository owned by another user unless it is marked safe
# (kubediff passes it too; this covers git run by hand in the container).
# prom-run, kubediff and compare-images on PATH: `docker run --entrypoint
# kubediff ...` for a one-shot check; and /prom-run, /kubediff and
# /compare-images where weaveworks' image had them, so manifests written for it
# (`command: [/prom-run]`, `--entrypoint /compare-images ... dev/ prod/`) work.
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini git \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --gid 65532 kubediff \
 && useradd --uid 65532 --gid 65532 --no-create-home --home-dir /nonexistent \
      --shell /usr/sbin/nologin kubediff \
 && git config --system --add safe.directory '*' \
 && ln -s /app/dist/cmd/prom-run.js /usr/local/bin/prom-run \
 && ln -s /app/dist/cmd/kubediff.js /usr/local/bin/kubediff \
 && ln -s /app/dist/cmd/compare-images.js /usr/local/bin/compare-images \
 && ln -s /app/dist/cmd/compare-images.js /compare-images \
 && ln -s /app/dist/cmd/prom-run.js /prom-run \
 && ln -s /app/dist/cmd/kubediff.js /kubediff

ARG VERSION=dev
ARG REVISION=unknown
LABEL org.opencontainers.image.title="kubediff" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.description="Tells you, all the time, when a Kubernetes cluster no longer matches the manifests in git; exports the result to Prometheus and serves the diff on a page." \
      org.opencontainers.image.source="https://github.com/kubediff/kubediff" \
      org.opencontainers.image.licenses="Apache-2.0" \
      org.opencontainers.image.vendor="kubediff" \
      org.opencontainers.image.base.name="docker.io/library/node:20-bookworm-slim"

# kubectl, for kustomizations: kubediff builds them with `kubectl kustomize`
# (kubectl's embedded kustomize; kubectl v1.33 embeds kustomize v5.6). Copied
# from the official image, pinned by version and by digest, so a retagged image
# cannot change what is built. To move to another version, take the new digest
# from `docker buildx imagetools inspect registry.k8s.io/kubectl:<version>`.
# Helm, for `--render 'helm template ...'`, is added the same way: see the
# README's "Kustomize, Helm and pipes".
COPY --from=registry.k8s.io/kubectl:v1.33.3@sha256:aee0d617a26c05f79f566f710fee7afa9f72336fb4499f6f5f7b9ca00c6cde0c /bin/kubectl /usr/local/bin/kubectl

ENV NODE_ENV=production
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /src/dist ./dist
COPY package.json ./

# Nothing is written at run time: the image works with readOnlyRootFilesystem.
USER 65532:65532
EXPOSE 9152
ENTRYPOINT ["/usr/bin/tini", "--", "prom-run"]
CMD ["--help"]
