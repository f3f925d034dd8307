"""Checks the Prometheus rules and the Grafana dashboard against the code: every metric
they query must be one Baton records, so a renamed metric cannot silently blank a panel
or mute an alert.  Usage: check_monitoring.py REPO_ROOT"""

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
dashboard = json.loads((root / "deploy/monitoring/grafana-dashboard.json").read_text())
for panel in dashboard["panels"]:
    for target in panel.get("targets", []):
        for name in queried(target["expr"]) - recorded:
            problems.append(f"dashboard panel {panel['title']!r}: metric {name} is not recorded by any service")

for problem in problems:
    print(f"deploy-check: {problem}", file=sys.stderr)
if problems:
    sys.exit(1)
print(f"deploy-check: monitoring: {len(rules['groups'][0]['rules'])} alerts and {len(dashboard['panels'])} panels query only recorded metrics")
