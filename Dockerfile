# syntax=docker/dockerfile:1
# One image with every Baton binary: the seven services (baton-<service>) and the `baton`
# CLI (for `kubectl exec … baton config apply`, DLQ inspection). Each Kubernetes Deployment
# runs its own binary with `command:` (deploy/kustomize/base/services/*.yaml).
#
#   docker build -t ghcr.io/example/baton:0.1.0 .
#
# Layers: the dependency set is fetched and built in its own layer (cargo-chef "cook",
# --locked: exactly Cargo.lock), cached until Cargo.toml/Cargo.lock change; the workspace
# build after it is --locked too (it finds every crate already fetched), and a code change
# only recompiles the workspace crates.
#
# Base images: pin them by digest for a reproducible build. The digest of a tag is what
# your registry serves (`docker buildx imagetools inspect rust:1.95-bookworm`, or
# `crane digest gcr.io/distroless/cc-debian12:nonroot`); pass it without editing this file:
#   docker build --build-arg BUILD_IMAGE=rust:1.95-bookworm@sha256:<digest> \
#                --build-arg RUNTIME_IMAGE=gcr.io/distroless/cc-debian12:nonroot@sha256:<digest> .
# (No digest is written here: the machine this file was last changed on reaches no
# container registry, and a digest nobody resolved would be worse than none.)

ARG BUILD_IMAGE=rust:1.95-bookworm
ARG RUNTIME_IMAGE=gcr.io/distroless/cc-debian12:nonroot
ARG CARGO_CHEF_VERSION=0.1.77

FROM ${BUILD_IMAGE} AS chef
ARG CARGO_CHEF_VERSION
RUN cargo install cargo-chef --locked --version "${CARGO_CHEF_VERSION}"
WORKDIR /src

# The recipe: manifests and lock file only (sources stubbed), so it changes only when
# dependencies do.
FROM chef AS planner
COPY . .
RUN cargo chef prepare --recipe-path recipe.json

FROM chef AS build
COPY --from=planner /src/recipe.json recipe.json
# crates/proto's build script compiles proto/ (protox: no protoc needed).
COPY proto proto
RUN cargo chef cook --release --locked --recipe-path recipe.json
COPY . .
RUN cargo build --release --locked \
        -p baton-conversation -p baton-trigger-evaluator -p baton-handoff-router \
        -p baton-intercom-connector -p baton-zendesk-connector -p baton-email-sender \
        -p baton-copilot-drafter -p baton-cli \
 && mkdir -p /out \
 && cp target/release/baton target/release/baton-conversation \
       target/release/baton-trigger-evaluator target/release/baton-handoff-router \
       target/release/baton-intercom-connector target/release/baton-zendesk-connector \
       target/release/baton-email-sender target/release/baton-copilot-drafter /out/

# glibc, libgcc and CA certificates, no shell, no package manager; `nonroot` is uid/gid
# 65532, the user the Kubernetes manifests require (runAsNonRoot, runAsUser 65532).
# No shell and no `sleep` binary either: the Deployments' preStop pause is the kubelet's
# own `sleep` action (Kubernetes 1.30 or newer), never an exec.
FROM ${RUNTIME_IMAGE} AS runtime
COPY --from=build /out/ /usr/local/bin/
USER 65532:65532
WORKDIR /var/lib/baton
ENV BATON_DATA_DIR=/var/lib/baton
EXPOSE 8080 50051
# The Deployments override this with their service binary.
ENTRYPOINT ["/usr/local/bin/baton"]
CMD ["--help"]
