#!/usr/bin/env python3
"""Drives Baton through the contract of docs/INTEGRATION.md from outside the Rust code, as a
tenant's front end and AI agent would: nats-py as the tenant's integrator user (the account
deploy/nats/values.yaml gives it), and protobuf classes compiled from proto/ with
grpcio-tools' protoc. Baton runs as deployed (deploy/baton_stack.py), with the example agent
and its connectors in dry-run, so no helpdesk is needed.

It asserts what the document promises on baton.out.acme.>: a customer asking for a person
pauses the AI agent (AgentControl PAUSE naming the handoff record) before the customer hears
Baton's "connecting" message; an event published again under its Nats-Msg-Id is dropped by
JetStream; an AI-agent reply already in flight when the pause arrives is kept in the
transcript and changes nothing; the front end's close reaches the AI agent (AgentControl
CLOSE, under the close event's id); and the customer writing again reopens the
conversation with the AI agent.

    integration_contract.py BIN_DIR      (BIN_DIR holds baton and baton-<service>, e.g. target/debug)

`make integration-contract`; part of `make test`. Needs nats-server 2.10+ ($BATON_NATS_SERVER)
and nats-py, protobuf, grpcio-tools (installed by the Makefile)."""

import asyncio
import importlib
import importlib.resources
import json
import pathlib
import secrets
import sys
import tempfile

import nats
import yaml
from grpc_tools import protoc

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from baton_stack import ROOT, Stack, wait_for as wait  # noqa: E402

WHO = "integration-contract"
TENANT, AGENT = "acme", "acme-support"
# Every wait on baton.out; the whole run takes about 15 s on two cores.
TIMEOUT = 15


def fail(message):
    raise SystemExit(f"{WHO}: {message}")


def compile_protos(out):
    """The integrator's build step: conversation.proto (what it publishes) and outbound.proto
    (what it receives), with google/protobuf/timestamp.proto from grpcio-tools."""
    well_known = importlib.resources.files("grpc_tools") / "_proto"
    args = ["protoc", f"-I{ROOT / 'proto'}", f"-I{well_known}", f"--python_out={out}",
            "baton/v1/conversation.proto", "baton/v1/outbound.proto"]
    if protoc.main(args) != 0:
        fail(f"protoc failed on {' '.join(args[1:])}")
    sys.path.insert(0, str(out))
    return (importlib.import_module("baton.v1.conversation_pb2"),
            importlib.import_module("baton.v1.outbound_pb2"))


class Integrator:
    """One tenant's front end and AI agent on one NATS connection."""

    def __init__(self, nc, pb, out_pb, conversation):
        self.nc, self.pb, self.out_pb, self.conversation = nc, pb, out_pb, conversation
        self.subject = f"baton.in.{TENANT}.{conversation}"
        self.outbound = asyncio.Queue()

    async def listen(self):
        # A plain subscription: the integrator account has no JetStream (docs/INTEGRATION.md).
        async def received(msg):
            out = self.out_pb.Outbound()
            out.ParseFromString(msg.data)
            await self.outbound.put((msg.subject, out))
        await self.nc.subscribe(f"baton.out.{TENANT}.>", cb=received)
        await self.nc.flush()

    async def publish(self, event_id, **kind):
        """Publishes one ConversationEvent and returns JetStream's PubAck (a dict)."""
        event = self.pb.ConversationEvent(event_id=event_id, tenant_id=TENANT, agent_id=AGENT,
                                          conversation_id=self.conversation, **kind)
        event.occurred_at.GetCurrentTime()
        headers = {"Nats-Msg-Id": f"{TENANT}:{self.conversation}:{event_id}"}
        reply = await self.nc.request(self.subject, event.SerializeToString(), timeout=TIMEOUT,
                                      headers=headers)
        ack = json.loads(reply.data)
        if ack.get("stream") != "BATON_IN" or "error" in ack:
            fail(f"event {event_id} was not stored in BATON_IN: {ack}")
        return ack

    async def next_outbound(self, waiting_for):
        try:
            subject, out = await asyncio.wait_for(self.outbound.get(), TIMEOUT)
        except asyncio.TimeoutError:
            fail(f"nothing on baton.out.{TENANT}.> within {TIMEOUT}s; expected {waiting_for}")
        if subject != f"baton.out.{TENANT}.{self.conversation}":
            fail(f"{waiting_for}: got a message on {subject}, another conversation's subject")
        return out

    async def expect_control(self, action):
        name = self.out_pb.AgentAction.Name(action)
        out = await self.next_outbound(f"AgentControl {name}")
        if out.WhichOneof("kind") != "control" or out.control.action != action:
            fail(f"expected AgentControl {name}, got {out}")
        if out.control.conversation_id != self.conversation or out.control.tenant_id != TENANT:
            fail(f"AgentControl {name} names another conversation: {out.control}")
        return out.control


async def run(stack, pb, out_pb):
    conversation = f"c-{secrets.token_hex(4)}"
    nc = await nats.connect(stack.url, user=f"integrator-{TENANT}", password=stack.password(f"integrator-{TENANT}"),
                            connect_timeout=TIMEOUT, max_reconnect_attempts=0)
    try:
        me = Integrator(nc, pb, out_pb, conversation)
        await me.listen()
        await me.publish("fe-1", user_message=pb.UserMessage(text="Where is my parcel?"))
        await me.publish("ai-1", agent_message=pb.AgentMessage(text="It left our warehouse yesterday.",
                                                               answered=True))
        await me.publish("fe-2", user_message=pb.UserMessage(text="Can I talk to a person, please?"))

        pause = await me.expect_control(out_pb.AGENT_ACTION_PAUSE)
        if not pause.record_id or pause.control_id != f"{pause.record_id}-pause":
            fail(f"the pause should name its handoff record and be `<record>-pause`: {pause}")
        connecting = await me.next_outbound("Baton's connecting message after the pause")
        if (connecting.WhichOneof("kind") != "message"
                or connecting.message.sender != out_pb.SENDER_SYSTEM
                or not connecting.message.message_id.startswith(pause.record_id)):
            fail(f"expected Baton's own message for the customer about {pause.record_id}, got {connecting}")
        print(f"{WHO}: pause ({pause.record_id}), then {connecting.message.text!r}")
        wait(WHO, "the live handoff (mode human)", lambda: stack.mode(TENANT, conversation) == "human", TIMEOUT)

        again = await me.publish("fe-2", user_message=pb.UserMessage(text="Can I talk to a person, please?"))
        if not again.get("duplicate"):
            fail(f"the same event under the same Nats-Msg-Id should be a duplicate: {again}")

        # The AI agent's reply that was on its way when the pause arrived: kept, nothing else.
        await me.publish("ai-2", agent_message=pb.AgentMessage(text="Let me check the tracking."))
        wait(WHO, "the in-flight AI reply in the transcript",
             lambda: "Let me check the tracking." in transcript(stack, conversation), TIMEOUT)
        if stack.mode(TENANT, conversation) != "human":
            fail("an AI-agent reply after the pause must not take the conversation back from the human")

        await me.publish("fe-close", conversation_closed=pb.ConversationClosed(reason="customer left the chat"))
        close = await me.expect_control(out_pb.AGENT_ACTION_CLOSE)
        if close.control_id != "fe-close" or close.reason != "customer left the chat":
            fail(f"the close should carry the close event's id and reason: {close}")
        wait(WHO, "the close (mode closed)", lambda: stack.mode(TENANT, conversation) == "closed", TIMEOUT)

        await me.publish("fe-3", user_message=pb.UserMessage(text="Hello again, one more question."))
        wait(WHO, "the reopen with the AI agent (mode bot)", lambda: stack.mode(TENANT, conversation) == "bot",
             TIMEOUT)
        if not me.outbound.empty():
            fail(f"unexpected message on baton.out: {me.outbound.get_nowait()}")
        print(f"{WHO}: duplicate dropped, in-flight reply kept, close published, reopened with the bot")
    finally:
        await nc.close()


def transcript(stack, conversation):
    result = stack.cli("baton-ops", "conversation", "get", "--tenant", TENANT, "--conversation", conversation,
                       "--json", api="conversation")
    return [turn["text"] for turn in json.loads(result.stdout)["transcript"]]


def main(argv):
    with tempfile.TemporaryDirectory(prefix="baton-protos-") as generated:
        pb, out_pb = compile_protos(pathlib.Path(generated))
        with Stack(argv[1], WHO) as stack:
            # The example agent, open around the clock (its live handoff has business hours).
            agent = yaml.safe_load((ROOT / "deploy/kustomize/base/agents/acme-support.yaml").read_text())
            for handoff in agent["handoffs"]:
                handoff.pop("business_hours", None)
            (stack.scratch / "agent.yaml").write_text(yaml.safe_dump(agent))
            stack.cli("baton-ops", "config", "apply", str(stack.scratch / "agent.yaml"), "--live")
            asyncio.run(run(stack, pb, out_pb))
    print(f"{WHO}: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
