"""Checks the Prometheus rules and the Grafana dashboard against the code and the runbook:
- every metric they query must be one Baton records, so a renamed metric cannot silently
  blank a panel or mute an alert;
- every alert links a runbook entry (`runbook: docs/OPERATIONS.md#anchor`) whose anchor
  exists, so on-call never lands on nothing;
- an alert on a histogram quantile has its threshold below the histogram's top finite
  bucket (crates/telemetry/src/metrics.rs): above it the quantile can never exceed it,
  and the alert can never fire;
- a paging alert needs a `for:` and no threshold of zero on a counter's increase or rate:
  one bad outside event must not wake on-call (make it a ticket, or a threshold);
- every metric named in docs/OPERATIONS.md is recorded by the code or exported by NATS's
  exporter, kube-state-metrics or cAdvisor, so the runbook never sends on-call to a series
  that does not exist; every alert it names exists, and its table of shipped alerts lists
  each one with its severity.
Usage: check_monitoring.py REPO_ROOT"""

import json
import pathlib
import re
import sys

import yaml

root = pathlib.Path(sys.argv[1])
recorded = set()
for source in list(root.glob("crates/*/src/**/*.rs")) + list(root.glob("services/*/src/**/*.rs")):
    text = source.read_text()
    # metrics::counter!(\n "name" ... spans lines: take the first string after the macro.
    recorded.update(re.findall(r'metrics::(?:counter|gauge|histogram)!\(\s*"(baton_[a-z0-9_]+)"', text))

def queried(expr):
    names = set(re.findall(r"\b(baton_[a-z0-9_]+)", expr))
    # Histograms are queried through their _bucket/_sum/_count series.
    return {re.sub(r"_(bucket|sum|count)$", "", n) for n in names}

problems = []
rules = yaml.safe_load((root / "deploy/monitoring/alerts.yaml").read_text())
for group in rules["groups"]:
    for rule in group["rules"]:
        for name in queried(rule["expr"]) - recorded:
            problems.append(f"alert {rule['alert']}: metric {name} is not recorded by any service")
# What the NATS chart's exporter (prometheus-nats-exporter, `-jsz=all -prefix=nats`,
# collector/jsz.go) emits of JetStream: alerts on NATS may use only these.
NATS_EXPORTED = {
    "nats_server_total_message_bytes", "nats_server_max_storage", "nats_server_total_streams",
    "nats_server_total_consumers", "nats_server_total_messages", "nats_account_storage_used",
    "nats_account_max_storage", "nats_stream_total_bytes", "nats_stream_total_messages",
    "nats_consumer_num_pending", "nats_consumer_num_ack_pending", "nats_consumer_num_redelivered",
}
# The cluster's exporters, by prefix: kube-state-metrics (docs/metrics/workload/ of its
# repository) and the kubelet's cAdvisor. Only names these are known to export.
EXPORTERS = {
    "nats_": ("the NATS chart's exporter", NATS_EXPORTED),
    "kube_": ("kube-state-metrics", {
        "kube_deployment_spec_replicas", "kube_deployment_status_replicas_available",
        "kube_deployment_status_replicas_unavailable", "kube_pod_status_ready",
        "kube_pod_container_status_restarts_total",
    }),
    "container_": ("cAdvisor", {"container_memory_working_set_bytes", "container_cpu_usage_seconds_total"}),
}
EXPORTED_NAME = r"\b((?:nats|kube|container)_[a-z0-9_]+)"

def not_exported(text):
    """(name, exporter) for each exporter metric in `text` its exporter does not emit."""
    for name in sorted(set(re.findall(EXPORTED_NAME, text))):
        exporter, names = next(v for prefix, v in EXPORTERS.items() if name.startswith(prefix))
        if name not in names:
            yield name, exporter

for group in rules["groups"]:
    for rule in group["rules"]:
        for name, exporter in not_exported(rule["expr"]):
            problems.append(f"alert {rule['alert']}: metric {name} is not one {exporter} emits")
dashboard = json.loads((root / "deploy/monitoring/grafana-dashboard.json").read_text())
for panel in dashboard["panels"]:
    for target in panel.get("targets", []):
        for name in queried(target["expr"]) - recorded:
            problems.append(f"dashboard panel {panel['title']!r}: metric {name} is not recorded by any service")
        for name, exporter in not_exported(target["expr"]):
            problems.append(f"dashboard panel {panel['title']!r}: metric {name} is not one {exporter} emits")

# A page wakes someone: it must hold for a while, and never on the first event — a
# threshold of zero on a counter's increase or rate fires on one dead letter, one refusal.
for group in rules["groups"]:
    for rule in group["rules"]:
        if rule.get("labels", {}).get("severity") != "page":
            continue
        if not rule.get("for"):
            problems.append(f"alert {rule['alert']}: a page without `for:` fires on a single evaluation")
        counts = re.search(r"\b(increase|rate|irate|delta|changes)\(", rule["expr"])
        if counts and re.search(r"(>\s*0|>=\s*1)(?![.\d])", rule["expr"]):
            problems.append(f"alert {rule['alert']}: pages on a single event ({counts.group(1)}(…) above zero): "
                            "make it a ticket, or page on a sustained rate or a burst")

# Every metric the runbook names must exist: recorded by the code, or exported. Names of the
# same shape that are not metrics: KV buckets (crates/bus/src/subjects.rs) and crates
# (`RUST_LOG=baton_bus=debug`).
operations = (root / "docs/OPERATIONS.md").read_text()
not_metrics = set(re.findall(r'=>\s*"(baton_[a-z0-9_]+)"', (root / "crates/bus/src/subjects.rs").read_text()))
not_metrics |= {"baton_" + d.name.replace("-", "_") for d in [*root.glob("crates/*"), *root.glob("services/*")]}
for number, line in enumerate(operations.splitlines(), 1):
    for name in sorted(queried(line) - recorded - not_metrics):
        problems.append(f"docs/OPERATIONS.md:{number}: metric {name} is not recorded by any service")
    for name, exporter in not_exported(line):
        problems.append(f"docs/OPERATIONS.md:{number}: metric {name} is not one {exporter} emits")

# The alerts the runbook names exist, and its table of shipped alerts has each with its severity.
defined = {rule["alert"]: rule.get("labels", {}).get("severity") for group in rules["groups"] for rule in group["rules"]}
for name in sorted(set(re.findall(r"`(Baton[A-Z][A-Za-z]+)`", operations)) - set(defined)):
    problems.append(f"docs/OPERATIONS.md names alert {name}, which deploy/monitoring/alerts.yaml does not define")
table = dict(re.findall(r"^\| `(Baton[A-Za-z]+)` \| (\w+) \|", operations, re.MULTILINE))
for name, severity in defined.items():
    if name not in table:
        problems.append(f"alert {name}: not in the table of shipped alerts in docs/OPERATIONS.md")
    elif table[name] != severity:
        problems.append(f"alert {name}: severity {severity}, but docs/OPERATIONS.md's table says {table[name]}")

def anchors(markdown):
    """Explicit `<a id>` anchors and GitHub's heading slugs."""
    found = set(re.findall(r'<a id="([^"]+)"', markdown))
    for heading in re.findall(r"^#+ (.+)$", markdown, re.MULTILINE):
        slug = re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")
        found.add(slug)
    return found

linked = {}
for group in rules["groups"]:
    for rule in group["rules"]:
        runbook = rule.get("annotations", {}).get("runbook")
        if not runbook:
            problems.append(f"alert {rule['alert']}: no runbook annotation")
            continue
        page, _, anchor = runbook.partition("#")
        if not (root / page).is_file():
            problems.append(f"alert {rule['alert']}: runbook {runbook}: no file {page}")
            continue
        if page not in linked:
            linked[page] = anchors((root / page).read_text())
        if anchor not in linked[page]:
            problems.append(f"alert {rule['alert']}: runbook {runbook}: {page} has no anchor #{anchor}")

def bucket_rules(metrics_source):
    """(matcher kind, pattern, buckets) as the Prometheus recorder is set up. The exporter
    tries full names first, then prefixes, then suffixes."""
    constants = {
        name: [float(v) for v in re.findall(r"[0-9.]+", values)]
        for name, values in re.findall(r"const (\w+): &\[f64\] = &\[([^\]]*)\];", metrics_source)
    }
    matchers = re.findall(r'Matcher::(Full|Prefix|Suffix)\(\s*"([^"]+)"\.into\(\)\s*\),\s*(\w+)', metrics_source)
    order = {"Full": 0, "Prefix": 1, "Suffix": 2}
    return sorted(((kind, pattern, constants[const]) for kind, pattern, const in matchers), key=lambda m: order[m[0]])

def buckets_of(metric, rules_):
    for kind, pattern, buckets in rules_:
        if (kind == "Full" and metric == pattern) or (kind == "Prefix" and metric.startswith(pattern)) \
                or (kind == "Suffix" and metric.endswith(pattern)):
            return buckets
    return None

histogram_buckets = bucket_rules((root / "crates/telemetry/src/metrics.rs").read_text())
for group in rules["groups"]:
    for rule in group["rules"]:
        expr = rule["expr"]
        if "histogram_quantile" not in expr:
            continue
        threshold = re.search(r">\s*([0-9.]+)\s*$", expr.strip())
        for metric in re.findall(r"\b(baton_[a-z0-9_]+)_bucket\b", expr):
            buckets = buckets_of(metric, histogram_buckets)
            if buckets is None:
                problems.append(f"alert {rule['alert']}: {metric} has no buckets in crates/telemetry/src/metrics.rs")
            elif threshold and float(threshold.group(1)) >= max(buckets):
                problems.append(
                    f"alert {rule['alert']}: threshold {threshold.group(1)} is not below the top finite bucket "
                    f"({max(buckets):g}) of {metric}: the quantile can never exceed it")

for problem in problems:
    print(f"deploy-check: {problem}", file=sys.stderr)
if problems:
    sys.exit(1)
print(f"deploy-check: monitoring: {len(rules['groups'][0]['rules'])} alerts and {len(dashboard['panels'])} panels query only recorded metrics; "
      "every alert's runbook anchor exists; quantile thresholds are below their top buckets; no page on a single event; "
      "every metric and alert docs/OPERATIONS.md names exists")
