/**
 * The base image `kprod image build` uses unless `--base` says otherwise, pinned by digest so
 * every build of a commit starts from the same bytes. This is the one place it is written:
 * docs/image.md says how to refresh it (`kprod image resolve`, then a commit).
 *
 * Distroless Node.js 24 (the active LTS line, as in the Dockerfile): Node.js and glibc, no
 * shell or package manager, user 65532 `nonroot`. The digest is the multi-platform index, so
 * linux/amd64 and linux/arm64 builds both start from it.
 */
export const DEFAULT_BASE_IMAGE =
  'gcr.io/distroless/nodejs24-debian12:nonroot@sha256:14d42e2511532589a7c7e01a753667a74fcc96266e137e8125006b87b0c32d0a';
