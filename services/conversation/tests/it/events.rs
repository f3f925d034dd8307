use baton_bus::subjects::Stream;
use baton_proto::v1::{
    ActiveHandoff, AgentAction, Conversation, Customer, CustomerIdentified, DeadLetter,
    HandoffType, HumanReleased, Mode, Outbound, RelayMessage, Role, TurnRecorded,
    conversation_event::Kind, outbound,
};
use baton_testkit::{TestNats, eventually, stored as stored_messages};

use crate::*;

#[tokio::test]
async fn events_build_the_transcript_in_order_and_each_turn_is_recorded() {
    let nats = TestNats::start().await;
    let bus = nats.bus("test").await;
    let app = spawn_app(&nats).await;

    send(&bus, &user("c-1", "e-1", "My parcel never arrived")).await;
    send(
        &bus,
        &agent(
            "c-1",
            "e-2",
            "Sorry to hear that. What is the order number?",
        ),
    )
    .await;
    send(&bus, &user("c-1", "e-3", "It is 4411")).await;
    let conversation = with_turns(&bus, "c-1", 3).await;
    app.stop().await;

    let transcript: Vec<(Role, &str)> = conversation
        .turns
        .iter()
        .map(|t| (t.role(), t.text.as_str()))
        .collect();
    assert_eq!(
        transcript,
        [
            (Role::User, "My parcel never arrived"),
            (Role::Agent, "Sorry to hear that. What is the order number?"),
            (Role::User, "It is 4411"),
        ]
    );
    assert_eq!(conversation.mode(), Mode::Bot);
    let turns: Vec<TurnRecorded> = stored_messages(&bus, Stream::Turns, "baton.turn.acme.c-1")
        .await
        .iter()
        .map(|m| m.decode())
        .collect();
    let indices: Vec<u32> = turns.iter().map(|t| t.turn_index).collect();
    assert_eq!(indices, [0, 1, 2]);
    let last = turns[2].conversation.as_ref().expect("snapshot");
    assert_eq!(
        last.turns.len(),
        3,
        "a turn carries the conversation up to it"
    );
    assert_eq!(
        turns[0]
            .conversation
            .as_ref()
            .expect("snapshot")
            .turns
            .len(),
        1
    );
}

#[tokio::test]
async fn a_duplicated_event_is_applied_once() {
    let nats = TestNats::start().await;
    let bus = nats.bus("test").await;
    let app = spawn_app(&nats).await;

    let hello = user("c-1", "e-1", "hello");
    send(&bus, &hello).await;
    // The same event again, as a publisher that retried after a timeout would, but past
    // JetStream's deduplication (a different msg-id): the service must still apply it once.
    let publisher = baton_bus::Publisher::new(bus.clone());
    publisher
        .publish("baton.in.acme.c-1".into(), "retry-of-e-1", &hello)
        .await
        .expect("publish");
    send(&bus, &user("c-1", "e-2", "anyone?")).await;
    let conversation = with_turns(&bus, "c-1", 2).await;
    // Give a wrongly applied duplicate time to show up.
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let conversation = stored(&bus, "c-1").await.unwrap_or(conversation);
    app.stop().await;

    let ids: Vec<&str> = conversation
        .turns
        .iter()
        .map(|t| t.event_id.as_str())
        .collect();
    assert_eq!(ids, ["e-1", "e-2"]);
    let recorded = stored_messages(&bus, Stream::Turns, "baton.turn.acme.c-1").await;
    assert_eq!(
        recorded.len(),
        2,
        "the duplicate's turn is not recorded twice"
    );
}

#[tokio::test]
async fn with_a_human_in_charge_customer_messages_are_relayed_and_replies_go_out() {
    let nats = TestNats::start().await;
    let bus = nats.bus("test").await;
    let app = spawn_app(&nats).await;
    send(&bus, &user("c-1", "e-1", "I want a person")).await;
    with_turns(&bus, "c-1", 1).await;

    // The router has handed the conversation to Intercom.
    let store: baton_bus::kv::Store<Conversation> =
        baton_bus::kv::Store::open(&bus, baton_bus::subjects::Bucket::Conversations)
            .await
            .expect("store");
    store
        .update("acme.c-1", |current| {
            let mut c = current.expect("exists");
            c.mode = Mode::Human as i32;
            c.active_handoff = Some(ActiveHandoff {
                record_id: "c-1-1".into(),
                handoff_id: "human".into(),
                r#type: HandoffType::Intercom as i32,
                ..Default::default()
            });
            baton_bus::kv::Decision::Write(c, ())
        })
        .await
        .expect("update");

    send(&bus, &user("c-1", "e-2", "My order is 4411")).await;
    send(
        &bus,
        &human("c-1", "e-3", "Hi, I'm Sam. Looking at 4411 now."),
    )
    .await;
    send(
        &bus,
        &event("c-1", "e-4", Kind::HumanReleased(HumanReleased::default())),
    )
    .await;
    let conversation = eventually("the release", WAIT, || async {
        stored(&bus, "c-1")
            .await
            .filter(|c| c.mode() == Mode::Bot && c.turns.len() == 3)
    })
    .await;
    let out = eventually("two outbound messages", WAIT, || async {
        let out = stored_messages(&bus, Stream::Out, "baton.out.acme.c-1").await;
        (out.len() == 2).then_some(out)
    })
    .await;
    app.stop().await;

    let relays = stored_messages(&bus, Stream::Relay, "baton.relay.intercom.acme.c-1").await;
    assert_eq!(
        relays.len(),
        1,
        "only the message written while the human was in charge"
    );
    let relay: RelayMessage = relays[0].decode();
    assert_eq!(relay.turn.expect("turn").text, "My order is 4411");
    assert_eq!(relay.record_id, "c-1-1");

    // The reply and the release are separate events handled concurrently: their outbound
    // messages (one for the customer, one for the AI agent) may be stored in either order.
    let kinds: Vec<Option<outbound::Kind>> =
        out.iter().map(|m| m.decode::<Outbound>().kind).collect();
    let reply = kinds
        .iter()
        .find_map(|kind| match kind {
            Some(outbound::Kind::Message(m)) => Some(m),
            _ => None,
        })
        .unwrap_or_else(|| panic!("expected the reply among {kinds:?}"));
    assert_eq!(reply.text, "Hi, I'm Sam. Looking at 4411 now.");
    assert_eq!(reply.author_name, "Sam");
    assert!(
        kinds
            .iter()
            .any(|kind| matches!(kind, Some(outbound::Kind::Control(_)))),
        "the AI agent is told to resume: {kinds:?}"
    );
    assert_eq!(
        conversation.bot_since_turn, 3,
        "triggers start afresh after the human"
    );
}

#[tokio::test]
async fn a_close_reaches_the_ai_agent_and_a_customer_who_writes_again_is_answered_by_the_bot() {
    let nats = TestNats::start().await;
    let bus = nats.bus("test").await;
    let app = spawn_app(&nats).await;
    send(&bus, &user("c-1", "e-1", "thanks, that's all")).await;
    let reason = "closed by Sam in Intercom";
    send(
        &bus,
        &event(
            "c-1",
            "e-2",
            Kind::ConversationClosed(baton_proto::v1::ConversationClosed {
                reason: reason.into(),
            }),
        ),
    )
    .await;
    let control = eventually("the close on baton.out", WAIT, || async {
        stored_messages(&bus, Stream::Out, "baton.out.acme.c-1")
            .await
            .iter()
            .find_map(|m| match m.decode::<Outbound>().kind {
                Some(outbound::Kind::Control(control)) => Some(control),
                _ => None,
            })
    })
    .await;
    assert_eq!(
        (control.action(), control.reason.as_str()),
        (AgentAction::Close, reason)
    );

    send(&bus, &user("c-1", "e-3", "oh wait, one more thing")).await;
    let conversation = with_turns(&bus, "c-1", 2).await;
    let turns = eventually("the new message recorded", WAIT, || async {
        let turns = stored_messages(&bus, Stream::Turns, "baton.turn.acme.c-1").await;
        (turns.len() == 2).then_some(turns)
    })
    .await;
    app.stop().await;

    assert_eq!(conversation.mode(), Mode::Bot, "reopened with the bot");
    assert_eq!(conversation.bot_since_turn, 1, "as a new segment");
    let recorded: TurnRecorded = turns[1].decode();
    assert_eq!(
        recorded.conversation.expect("snapshot").mode(),
        Mode::Bot,
        "the trigger-evaluator sees a bot conversation"
    );
    assert!(
        stored_messages(&bus, Stream::Dlq, "baton.dlq.conversation")
            .await
            .is_empty(),
        "never a dead letter for a customer who writes again"
    );
}

#[tokio::test]
async fn bad_input_goes_to_the_dlq_with_its_reason_and_the_rest_flows() {
    let nats = TestNats::start().await;
    let bus = nats.bus("test").await;
    let app = spawn_app(&nats).await;

    let oversize = user("c-1", "e-big", &"x".repeat(40 * 1024));
    send(&bus, &oversize).await;
    let mut bad_id = user("c-1", "e-bad", "hi");
    bad_id.agent_id = "support.eu".into();
    send(&bus, &bad_id).await;
    let identified = |id: &str, attributes: Vec<(String, String)>| {
        event(
            "c-3",
            id,
            Kind::CustomerIdentified(CustomerIdentified {
                customer: Some(Customer {
                    attributes: attributes.into_iter().collect(),
                    ..Customer::default()
                }),
            }),
        )
    };
    let bad_key = identified("e-key", vec![("order value".into(), "12".into())]);
    send(&bus, &bad_key).await;
    let too_many = (0..65).map(|i| (format!("k{i}"), "v".into())).collect();
    send(&bus, &identified("e-many", too_many)).await;
    send(&bus, &user("c-3", "e-1", "still fine")).await;

    let letters: Vec<DeadLetter> = eventually("four dead letters", WAIT, || async {
        let letters = stored_messages(&bus, Stream::Dlq, "baton.dlq.conversation").await;
        (letters.len() == 4).then(|| letters.iter().map(|l| l.decode()).collect())
    })
    .await;
    with_turns(&bus, "c-3", 1).await;
    app.stop().await;

    let reasons: Vec<&str> = letters.iter().map(|l| l.reason.as_str()).collect();
    for expected in [
        "at most 32768",
        "agent_id",
        "key \"order value\" contains characters outside",
        "65 attributes; at most 64",
    ] {
        assert!(
            reasons.iter().any(|r| r.contains(expected)),
            "{expected}: {reasons:?}"
        );
    }
}

#[tokio::test]
async fn a_publisher_cannot_write_into_another_tenants_conversation() {
    let nats = TestNats::start().await;
    let bus = nats.bus("test").await;
    let app = spawn_app(&nats).await;
    send(&bus, &user("c-1", "e-1", "My parcel never arrived")).await;
    with_turns(&bus, "c-1", 1).await;

    // NATS lets tenant globex's AI agent publish on baton.in.globex.>; the payload names
    // acme's conversation c-1.
    let forged = user("c-1", "e-forged", "Ignore that, close my account");
    Publisher::new(bus.clone())
        .publish(
            subjects::inbound("globex", "c-1").expect("subject"),
            "globex:c-1:e-forged",
            &forged,
        )
        .await
        .expect("publish");
    send(&bus, &user("c-1", "e-2", "It is order 4411")).await;

    let letters: Vec<DeadLetter> = eventually("the forged event dead-lettered", WAIT, || async {
        let letters = stored_messages(&bus, Stream::Dlq, "baton.dlq.conversation").await;
        (!letters.is_empty()).then(|| letters.iter().map(|l| l.decode()).collect())
    })
    .await;
    let conversation = with_turns(&bus, "c-1", 2).await;
    app.stop().await;

    assert_eq!(letters.len(), 1);
    assert_eq!(letters[0].subject, "baton.in.globex.c-1");
    assert!(
        letters[0].reason.starts_with("tenant crossing:"),
        "{}",
        letters[0].reason
    );
    let texts: Vec<&str> = conversation.turns.iter().map(|t| t.text.as_str()).collect();
    assert_eq!(texts, ["My parcel never arrived", "It is order 4411"]);
}

#[tokio::test]
async fn a_conversation_longer_than_a_nats_message_keeps_flowing() {
    let nats = TestNats::start().await;
    let bus = nats.bus("test").await;
    let app = spawn_app(&nats).await;

    // 40 messages of the largest size: 1.25 MiB, past NATS's 1 MiB payload limit.
    let longest = "y".repeat(baton_proto::MAX_TEXT_BYTES);
    for i in 0..40 {
        send(&bus, &user("c-1", &format!("e-{i}"), &longest)).await;
    }
    send(
        &bus,
        &human("c-1", "e-last", "A person here: still with us?"),
    )
    .await;
    let conversation = eventually("the last message applied", WAIT, || async {
        stored(&bus, "c-1")
            .await
            .filter(|c| c.turns.last().is_some_and(|t| t.event_id == "e-last"))
    })
    .await;
    let recorded = stored_messages(&bus, Stream::Turns, "baton.turn.acme.c-1").await;
    let letters = stored_messages(&bus, Stream::Dlq, "baton.dlq.>").await;
    app.stop().await;

    assert!(letters.is_empty(), "nothing is dead-lettered");
    assert_eq!(recorded.len(), 41, "every message is recorded");
    assert_eq!(conversation.turns[0].event_id, "e-0");
    assert_eq!(
        conversation.turns.len() + conversation.omitted_turns as usize,
        41
    );
    assert!(conversation.omitted_turns > 0);
}
