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

import pathlib
import sys
import time

import yaml

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from baton_stack import ROOT, Stack, wait_for as wait  # noqa: E402

TENANT = "acme"
WHO = "nats-auth-smoke"


def wait_for(what, ready, timeout=60):
    wait(WHO, what, ready, timeout)


def main(argv):
    stack = Stack(argv[1], WHO)
    try:
        stack.start()
        print(f"{WHO}: nats-server and the services ready, each as its own user")
        cli = stack.cli

        # The example agent, open around the clock (its live handoff has business hours).
        agent = yaml.safe_load((ROOT / "deploy/kustomize/base/agents/acme-support.yaml").read_text())
        for handoff in agent["handoffs"]:
            handoff.pop("business_hours", None)
        (stack.scratch / "agent.yaml").write_text(yaml.safe_dump(agent))
        cli("baton-ops", "config", "apply", str(stack.scratch / "agent.yaml"), "--live")
        # And one whose request for a person becomes a ticket.
        tickets = dict(agent, agent_id="acme-tickets")
        tickets["handoffs"] = [dict(agent["handoffs"][1], trigger=agent["handoffs"][0]["trigger"], fallback=[])]
        (stack.scratch / "tickets.yaml").write_text(yaml.safe_dump(tickets))
        cli("baton-ops", "config", "apply", str(stack.scratch / "tickets.yaml"), "--live")
        integrator = f"integrator-{TENANT}"
        send = ["send", "--tenant", TENANT, "--agent", "acme-support", "--conversation", "c-smoke"]
        cli(integrator, *send, "--user", "Where is my parcel?")
        cli(integrator, *send, "--user", "Can I talk to a person, please?")

        wait_for("the handoff (conversation mode human)", lambda: stack.mode(TENANT, "c-smoke") == "human")
        cli(integrator, *send, "--user", "My order number is 1234, it never arrived.")
        outbox = stack.outbox
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
    except BaseException:
        stack.close(keep=True)
        raise
    stack.stop()
    violations = [line for line in stack.nats_log().splitlines()
                  if "Violation" in line and "/user:integrator-" not in line]
    if violations:
        print(f"{WHO}: a service was refused by the NATS permissions:", file=sys.stderr)
        print("\n".join(violations[:30]), file=sys.stderr)
        stack.close(keep=True)
        return 1
    stack.close()
    print(f"{WHO}: ok (no permissions violation by any service)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
