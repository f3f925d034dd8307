#!/usr/bin/env python3
"""Checks rendered Baton manifests for what the schemas cannot: every service is deployed
the way docs/OPERATIONS.md promises.

    check_manifests.py OVERLAY_NAME RENDERED.yaml SERVICE [SERVICE...]

Per service (Deployment baton-<service>): liveness /healthz and readiness /readyz on the
http port, CPU and memory requests and limits, runAsNonRoot, non-root uid, read-only root
filesystem, no privilege escalation, all capabilities dropped, a writable emptyDir at
BATON_DATA_DIR, a termination grace period longer than the drain, its own NATS user with
only its own password from the Secret baton-nats, a Service and a PodDisruptionBudget
selecting its pods. Per overlay: HPA, PDB, NetworkPolicy (with a
default deny), Service, ConfigMap present; no Secret (values are never committed); every
ConfigMap a pod uses and every HPA target exists; BATON_STREAM_REPLICAS set as the overlay
requires; every HPA scales out above an idle pod's CPU; no NetworkPolicy but the
helpdesk and email connectors' and the llm-egress component's opens egress to the internet. Exit status 1 with one line per problem.
"""

import sys

import yaml  # PyYAML: a dependency of kubernetes-validate

# Services that scale out with an HPA (the router runs a fixed count).
SCALE_OUT = {
    "conversation",
    "trigger-evaluator",
    "intercom-connector",
    "zendesk-connector",
    "email-sender",
    "copilot-drafter",
}
GRPC = {"conversation", "handoff-router"}
REQUIRED_KINDS = ["Deployment", "Service", "ConfigMap", "HorizontalPodAutoscaler",
                  "PodDisruptionBudget", "NetworkPolicy", "Ingress"]
STREAM_REPLICAS = {"dev": "1", "prod": "3"}
# The drain: ack wait of a message in flight (30 s) plus the preStop pause.
MIN_GRACE_SECONDS = 35
# Where an HPA starts adding pods (CPU request x target utilization) must be above what a
# pod uses idle with its background tasks, ~10-20m: at 70% of 50m (35m) it scaled out on
# nothing. 60m is about 100 events/s at bench's 0.56 ms of CPU per event.
MIN_SCALING_POINT_MILLICORES = 60


def millicores(quantity):
    text = str(quantity)
    return float(text[:-1]) if text.endswith("m") else float(text) * 1000


# Services that call out of the cluster: the helpdesks and the SMTP relay. Any other
# service reaches the internet only through components/llm-egress (trigger-evaluator, for
# the BATON_LLM_BASE_URL an overlay sets when it includes the component).
CALLS_OUT = {"intercom-connector", "zendesk-connector", "email-sender"}


def internet_egress(policy):
    """Whether `policy` lets pods reach any address (0.0.0.0/0)."""
    return any(peer.get("ipBlock", {}).get("cidr") in ("0.0.0.0/0", "::/0")
               for rule in policy["spec"].get("egress") or []
               for peer in rule.get("to") or [])


def selected_names(policy):
    """The app.kubernetes.io/name values `policy` selects; None when it selects everything."""
    selector = policy["spec"].get("podSelector") or {}
    names = set()
    if "app.kubernetes.io/name" in (selector.get("matchLabels") or {}):
        names.add(selector["matchLabels"]["app.kubernetes.io/name"])
    for expression in selector.get("matchExpressions") or []:
        if expression.get("key") == "app.kubernetes.io/name" and expression.get("operator") == "In":
            names.update(expression.get("values") or [])
    return names or None


def matches(selector, labels):
    return bool(selector) and all(labels.get(k) == v for k, v in selector.items())


def check(overlay, docs, services):
    problems = []

    def problem(text):
        problems.append(f"{overlay}: {text}")

    by_kind = {}
    for doc in docs:
        by_kind.setdefault(doc.get("kind"), []).append(doc)
    for kind in REQUIRED_KINDS:
        if not by_kind.get(kind):
            problem(f"no {kind} rendered")
    for secret in by_kind.get("Secret", []):
        problem(f"Secret {secret['metadata']['name']} is rendered: Secrets are created "
                "by the platform team, never committed (docs/OPERATIONS.md)")

    deny = [p for p in by_kind.get("NetworkPolicy", [])
            if set(p["spec"].get("policyTypes", [])) == {"Ingress", "Egress"}
            and not p["spec"].get("ingress") and not p["spec"].get("egress")]
    if not deny:
        problem("no default-deny NetworkPolicy (policyTypes Ingress and Egress, no rules)")

    configmaps = {c["metadata"]["name"]: c for c in by_kind.get("ConfigMap", [])}
    deployments = {d["metadata"]["name"]: d for d in by_kind.get("Deployment", [])}
    hpas = {h["spec"]["scaleTargetRef"]["name"]: h
            for h in by_kind.get("HorizontalPodAutoscaler", [])}
    for target, hpa in hpas.items():
        if target not in deployments:
            problem(f"HorizontalPodAutoscaler targets Deployment {target}, which is not rendered")
            continue
        container = deployments[target]["spec"]["template"]["spec"]["containers"][0]
        request = container.get("resources", {}).get("requests", {}).get("cpu")
        for metric in hpa["spec"].get("metrics", []):
            target_cpu = metric.get("resource", {})
            utilization = target_cpu.get("target", {}).get("averageUtilization")
            if target_cpu.get("name") != "cpu" or utilization is None or request is None:
                continue
            point = millicores(request) * utilization / 100
            if point < MIN_SCALING_POINT_MILLICORES:
                problem(f"HorizontalPodAutoscaler of {target} scales out at {point:.0f}m CPU "
                        f"({utilization}% of {request}), below {MIN_SCALING_POINT_MILLICORES}m: "
                        "it would add pods on idle (size requests from bench's per-event cost)")

    # Egress to the internet: the helpdesks' and SMTP's; the language model's only where an
    # overlay includes components/llm-egress because it sets BATON_LLM_BASE_URL.
    allowed = {f"baton-{service}" for service in CALLS_OUT}
    llm = [p for p in by_kind.get("NetworkPolicy", [])
           if p["metadata"]["name"] == "baton-allow-llm-egress"]
    if overlay.endswith("with-llm") and not llm:
        problem("the llm-egress component renders no NetworkPolicy baton-allow-llm-egress")
    if llm and not overlay.endswith("with-llm"):
        problem("NetworkPolicy baton-allow-llm-egress is shipped without BATON_LLM_BASE_URL: "
                "it belongs in components/llm-egress, included by an overlay that sets it")
    for policy in llm:
        if selected_names(policy) != {"baton-trigger-evaluator"}:
            problem("NetworkPolicy baton-allow-llm-egress must select only "
                    "baton-trigger-evaluator, the one service that calls the model")
    for policy in by_kind.get("NetworkPolicy", []):
        if not internet_egress(policy) or policy in llm:
            continue
        names = selected_names(policy)
        beyond = sorted(names - allowed) if names is not None else ["every pod"]
        if beyond:
            problem(f"NetworkPolicy {policy['metadata']['name']} opens egress to the internet "
                    f"for {', '.join(beyond)}: only the helpdesk and email connectors call out "
                    "(the language model through components/llm-egress)")

    for service in services:
        name = f"baton-{service}"
        deployment = deployments.get(name)
        if deployment is None:
            problem(f"service {service}: no Deployment {name}")
            continue
        where = f"Deployment {name}"
        pod = deployment["spec"]["template"]["spec"]
        pod_labels = deployment["spec"]["template"]["metadata"].get("labels", {})
        pod_security = pod.get("securityContext", {})
        containers = pod.get("containers", [])
        if len(containers) != 1:
            problem(f"{where}: expected one container, found {len(containers)}")
            continue
        container = containers[0]
        security = container.get("securityContext", {})
        ports = {p.get("name"): p.get("containerPort") for p in container.get("ports", [])}
        if "http" not in ports:
            problem(f"{where}: no container port named http")
        if service in GRPC and "grpc" not in ports:
            problem(f"{where}: serves gRPC but has no container port named grpc")

        for probe, path in (("livenessProbe", "/healthz"), ("readinessProbe", "/readyz")):
            get = container.get(probe, {}).get("httpGet")
            if not get:
                problem(f"{where}: no {probe} (httpGet {path})")
            elif get.get("path") != path or get.get("port") not in ("http", ports.get("http")):
                problem(f"{where}: {probe} must be GET {path} on the http port, "
                        f"is {get.get('path')} on {get.get('port')}")

        resources = container.get("resources", {})
        for kind in ("requests", "limits"):
            for resource in ("cpu", "memory"):
                if resource not in resources.get(kind, {}):
                    problem(f"{where}: no resources.{kind}.{resource}")

        def effective(key):
            return security.get(key, pod_security.get(key))

        if effective("runAsNonRoot") is not True:
            problem(f"{where}: runAsNonRoot is not true")
        if effective("runAsUser") in (None, 0):
            problem(f"{where}: runAsUser must be a non-root uid (65532)")
        if security.get("readOnlyRootFilesystem") is not True:
            problem(f"{where}: readOnlyRootFilesystem is not true")
        if security.get("allowPrivilegeEscalation") is not False:
            problem(f"{where}: allowPrivilegeEscalation is not false")
        if "ALL" not in security.get("capabilities", {}).get("drop", []):
            problem(f"{where}: capabilities.drop does not contain ALL")
        seccomp = (security.get("seccompProfile") or pod_security.get("seccompProfile") or {})
        if seccomp.get("type") != "RuntimeDefault":
            problem(f"{where}: seccompProfile is not RuntimeDefault")

        grace = pod.get("terminationGracePeriodSeconds", 30)
        if grace < MIN_GRACE_SECONDS:
            problem(f"{where}: terminationGracePeriodSeconds {grace} is not longer than the "
                    f"drain (>= {MIN_GRACE_SECONDS})")

        env = {}
        for source in container.get("envFrom", []):
            ref = source.get("configMapRef")
            if ref:
                if ref["name"] not in configmaps:
                    problem(f"{where}: uses ConfigMap {ref['name']}, which is not rendered")
                else:
                    env.update(configmaps[ref["name"]].get("data", {}))
        env.update({e["name"]: e.get("value") for e in container.get("env", [])})
        data_dir = env.get("BATON_DATA_DIR")
        empty_dirs = {v["name"] for v in pod.get("volumes", []) if "emptyDir" in v}
        mounted = {m["mountPath"]: m["name"] for m in container.get("volumeMounts", [])}
        if not data_dir:
            problem(f"{where}: BATON_DATA_DIR is not set")
        elif mounted.get(data_dir) not in empty_dirs:
            problem(f"{where}: BATON_DATA_DIR {data_dir} is not an emptyDir mount "
                    "(the root filesystem is read-only)")
        for volume in pod.get("volumes", []):
            if "configMap" in volume and volume["configMap"]["name"] not in configmaps:
                problem(f"{where}: volume {volume['name']} uses ConfigMap "
                        f"{volume['configMap']['name']}, which is not rendered")

        # NATS: its own user, its own password only (deploy/nats/values.yaml has a user per
        # service; docs/OPERATIONS.md, *NATS authentication*).
        if env.get("BATON_NATS_USER") != service:
            problem(f"{where}: BATON_NATS_USER is {env.get('BATON_NATS_USER')!r}, must be its own "
                    f"NATS user {service!r}")
        password_file = env.get("BATON_NATS_PASSWORD_FILE") or ""
        mount = next((m for m in container.get("volumeMounts", [])
                      if password_file.startswith(m["mountPath"].rstrip("/") + "/")), None)
        volume = next((v for v in pod.get("volumes", [])
                       if mount and v["name"] == mount["name"]), None)
        secret = (volume or {}).get("secret", {})
        relative = password_file[len(mount["mountPath"].rstrip("/")) + 1:] if mount else None
        if not password_file:
            problem(f"{where}: BATON_NATS_PASSWORD_FILE is not set (NATS requires a password)")
        elif secret.get("secretName") != "baton-nats":
            problem(f"{where}: BATON_NATS_PASSWORD_FILE {password_file} is not in a volume of the "
                    "Secret baton-nats")
        elif secret.get("items") != [{"key": service, "path": relative}]:
            problem(f"{where}: the baton-nats volume must hold only key {service!r} as {relative!r} "
                    f"(a pod never sees another service's password), has {secret.get('items')}")
        elif secret.get("optional"):
            problem(f"{where}: the baton-nats Secret is optional: NATS refuses clients without it")

        if overlay in STREAM_REPLICAS and env.get("BATON_STREAM_REPLICAS") != STREAM_REPLICAS[overlay]:
            problem(f"{where}: BATON_STREAM_REPLICAS is {env.get('BATON_STREAM_REPLICAS')!r}, "
                    f"the {overlay} overlay needs {STREAM_REPLICAS[overlay]}")

        if not any(matches(s["spec"].get("selector"), pod_labels)
                   for s in by_kind.get("Service", [])):
            problem(f"{where}: no Service selects its pods")
        if not any(matches(p["spec"].get("selector", {}).get("matchLabels"), pod_labels)
                   for p in by_kind.get("PodDisruptionBudget", [])):
            problem(f"{where}: no PodDisruptionBudget selects its pods")
        if service in SCALE_OUT and name not in hpas:
            problem(f"{where}: scales out but has no HorizontalPodAutoscaler")

    return problems


def main(argv):
    if len(argv) < 4:
        print(__doc__, file=sys.stderr)
        return 2
    overlay, rendered, services = argv[1], argv[2], argv[3:]
    with open(rendered, encoding="utf-8") as file:
        docs = [d for d in yaml.safe_load_all(file) if d]
    problems = check(overlay, docs, services)
    for line in problems:
        print(f"deploy-check: {line}", file=sys.stderr)
    if problems:
        return 1
    kinds = sorted({d["kind"] for d in docs})
    print(f"deploy-check: {overlay}: {len(docs)} objects ({', '.join(kinds)}); "
          f"{len(services)} services checked")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
