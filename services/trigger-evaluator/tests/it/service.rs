//! The service against a real nats-server, with a model configured: a `judge: llm`
//! handoff is requested with the model's evidence, and a failing model leaves a turn to
//! the rules; the request carries the evidence at the conversation's own turn numbers.

use std::time::Duration;

use baton_bus::kv::Decision;
use baton_bus::subjects::Stream;
use baton_bus::{Bus, Publisher, subjects};
use baton_config::settings::ServiceSettings;
use baton_config::store::ConfigStore;
use baton_llm::judge::CONDITION;
use baton_proto::v1::{
    Conversation, HandoffRequested, Mode, Role, TriggerJudge, Turn, TurnRecorded,
};
use baton_testkit::TestNats;
use baton_testkit::llm::verdict;
use baton_testkit::peer::{HttpPeer, Reply};
use baton_testkit::service::InProcess;
use serde_json::json;

use super::{CLOSING, PERSON, assert_contract, config, handoff, llm_settings};

const WAIT: Duration = Duration::from_secs(30);

async fn store_config(bus: &Bus) {
    let store = ConfigStore::open(bus).await.expect("config store");
    let config = config(vec![
        handoff("person", 10, PERSON, TriggerJudge::Llm),
        handoff("closing", 20, CLOSING, TriggerJudge::Llm),
    ]);
    store
        .update("acme", "support", move |_| {
            Decision::Write(config.clone(), ())
        })
        .await
        .expect("store config");
}

/// The turn `texts.len() - 1` of conversation `id`, the first `since` turns before the bot
/// last took over.
fn recorded(id: &str, since: u32, texts: &[(Role, &str)]) -> TurnRecorded {
    let turns = texts
        .iter()
        .enumerate()
        .map(|(n, (role, text))| {
            let mut turn = Turn::said(*role, *text);
            turn.event_id = format!("e-{n}");
            turn.mode = Mode::Bot as i32;
            turn
        })
        .collect::<Vec<_>>();
    let last = u32::try_from(turns.len() - 1).expect("few turns");
    TurnRecorded {
        event_id: format!("e-{last}"),
        turn_index: last,
        conversation: Some(Conversation {
            tenant_id: "acme".into(),
            agent_id: "support".into(),
            conversation_id: id.into(),
            mode: Mode::Bot as i32,
            turns,
            bot_since_turn: since,
            ..Conversation::default()
        }),
    }
}

async fn publish(bus: &Bus, turn: &TurnRecorded) {
    let conversation = turn.conversation.as_ref().expect("conversation");
    let subject = subjects::turn("acme", &conversation.conversation_id).expect("subject");
    let msg_id = format!(
        "turn:acme:{}:{}",
        conversation.conversation_id, turn.event_id
    );
    Publisher::new(bus.clone())
        .publish(subject, &msg_id, turn)
        .await
        .expect("publish turn");
}

async fn requested(bus: &Bus, conversation: &str) -> HandoffRequested {
    baton_testkit::eventually("a handoff request", WAIT, || async {
        baton_testkit::stored(
            bus,
            Stream::Handoffs,
            &format!("baton.handoff.requested.acme.{conversation}"),
        )
        .await
        .first()
        .map(baton_testkit::Stored::decode)
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_model_decides_judged_handoffs_and_the_rules_stand_in_when_it_fails() {
    // Arrange: the model finds the closing instruction wherever it is asked about it, and
    // fails every question about the person instruction.
    let nats = TestNats::start().await;
    let bus = nats.bus("test").await;
    store_config(&bus).await;
    let peer = HttpPeer::scripted(|request| {
        if request.json().to_string().contains("close their account") {
            Reply::json(
                200,
                verdict(true, &[(1, "close my account")], "They want to leave."),
            )
        } else {
            Reply::json(503, json!({"error": {"message": "overloaded"}}))
        }
    })
    .await;
    let settings = baton_trigger_evaluator::Settings {
        service: ServiceSettings {
            concurrency: 2,
            ..ServiceSettings::default()
        },
        llm: llm_settings(&peer, Duration::from_secs(5)),
        ..Default::default()
    };
    let app = InProcess::start(
        &nats,
        baton_trigger_evaluator::SERVICE,
        |context| async move { baton_trigger_evaluator::start(&context, &settings).await },
    )
    .await;

    // Act: turn 1 of the bot's part (3 of the conversation) wants the account closed; in
    // another conversation a customer asks for a person.
    let earlier = (Role::User, "an old question");
    publish(
        &bus,
        &recorded(
            "c-close",
            2,
            &[
                earlier,
                (Role::HumanAgent, "done"),
                (Role::Agent, "Hi!"),
                (Role::User, "please close my account"),
            ],
        ),
    )
    .await;
    publish(
        &bus,
        &recorded("c-person", 0, &[(Role::User, "can I talk to a person?")]),
    )
    .await;

    // Assert
    let closing = requested(&bus, "c-close").await;
    assert_eq!(closing.handoff_id, "closing");
    assert_eq!(closing.conditions[0].kind, CONDITION);
    assert_eq!(
        closing.evidence[0].turn_index, 3,
        "the conversation's own numbering"
    );
    assert_eq!(closing.evidence[0].quote, "close my account");
    let person = requested(&bus, "c-person").await;
    assert_eq!(person.handoff_id, "person");
    assert_eq!(
        person.conditions[0].kind, "human_request",
        "the rules stood in"
    );
    assert_contract(&peer);
    app.stop().await;
}
