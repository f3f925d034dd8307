//! The service against a real nats-server: a customer message in a human-mode copilot
//! conversation produces exactly one `CopilotDraft`, also when the turn arrives twice; no
//! draft without copilot or in bot mode.

use std::path::PathBuf;
use std::time::Duration;

use baton_bus::kv::Decision;
use baton_bus::subjects::Stream;
use baton_bus::{Bus, Publisher, subjects};
use baton_config::settings::ServiceSettings;
use baton_config::store::ConfigStore;
use baton_proto::v1::{
    ActiveHandoff, AgentConfig, Conversation, CopilotDraft, Customer, HandoffType, Mode, Role,
    Turn, TurnRecorded,
};
use baton_runtime::Context;
use baton_testkit::TestNats;
use tokio_util::sync::CancellationToken;

/// Generous bound for anything asynchronous to happen.
const WAIT: Duration = Duration::from_secs(60);

struct App {
    shutdown: CancellationToken,
    task: tokio::task::JoinHandle<()>,
}

impl App {
    async fn stop(self) {
        self.shutdown.cancel();
        tokio::time::timeout(WAIT, self.task)
            .await
            .expect("stops in time")
            .expect("join");
    }
}

fn kb_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data")
}

/// Starts the copilot-drafter on `nats`, with relative knowledge paths under the test data.
async fn spawn_app(nats: &TestNats) -> App {
    baton_testkit::init_tracing();
    let shutdown = CancellationToken::new();
    let context = Context::connect(
        baton_copilot_drafter::SERVICE,
        &nats.settings(),
        shutdown.clone(),
    )
    .await
    .expect("connect");
    let settings = baton_copilot_drafter::Settings {
        service: ServiceSettings {
            concurrency: 4,
            ..ServiceSettings::default()
        },
        knowledge_dir: Some(kb_root()),
        ..Default::default()
    };
    let parts = baton_copilot_drafter::start(&context, &settings)
        .await
        .expect("start");
    context
        .serve("127.0.0.1:0".parse().expect("addr"), None, parts)
        .await
        .expect("serve");
    let task = tokio::spawn(baton_testkit::service::finished_cleanly(context));
    App { shutdown, task }
}

/// Stores the agent configuration with the test knowledge base.
async fn store_config(bus: &Bus) {
    let store = ConfigStore::open(bus).await.expect("config store");
    let config = AgentConfig {
        tenant_id: "acme".into(),
        agent_id: "support".into(),
        knowledge: vec!["kb".into()],
        live: true,
        ..AgentConfig::default()
    };
    store
        .update("acme", "support", move |_| {
            Decision::Write(config.clone(), ())
        })
        .await
        .expect("store config");
}

/// A `TurnRecorded` for a customer message `text` (event `event`) as the conversation
/// service would write it.
fn customer_turn(
    conversation: &str,
    event: &str,
    text: &str,
    mode: Mode,
    copilot: bool,
) -> TurnRecorded {
    let turn = |role: Role, text: &str, event: &str, mode: Mode| Turn {
        role: role as i32,
        text: text.into(),
        event_id: event.into(),
        mode: mode as i32,
        ..Turn::default()
    };
    let handoff = (mode != Mode::Bot).then(|| ActiveHandoff {
        record_id: format!("{conversation}-1"),
        handoff_id: "live-chat".into(),
        r#type: HandoffType::Intercom as i32,
        copilot,
        external_ref: "ic-42".into(),
        request_id: String::new(),
        reason: String::new(),
    });
    TurnRecorded {
        event_id: event.into(),
        turn_index: 2,
        conversation: Some(Conversation {
            tenant_id: "acme".into(),
            agent_id: "support".into(),
            conversation_id: conversation.into(),
            mode: mode as i32,
            customer: Some(Customer {
                name: "Ana Lima".into(),
                ..Customer::default()
            }),
            turns: vec![
                turn(Role::User, "I can't get into my account", "e-0", Mode::Bot),
                turn(
                    Role::Agent,
                    "Let me connect you with our team.",
                    "e-a",
                    Mode::Bot,
                ),
                turn(Role::User, text, event, mode),
            ],
            active_handoff: handoff,
            ..Conversation::default()
        }),
    }
}

/// Publishes `turn` as the conversation service does; `copy` varies the msg-id so the turn
/// stream stores it again, as a republication after the duplicate window would.
async fn publish_turn(bus: &Bus, turn: &TurnRecorded, copy: u32) {
    let conversation = turn.conversation.as_ref().expect("conversation");
    let subject =
        subjects::turn(&conversation.tenant_id, &conversation.conversation_id).expect("subject");
    let msg_id = format!(
        "turn:acme:{}:{}:{copy}",
        conversation.conversation_id, turn.event_id
    );
    Publisher::new(bus.clone())
        .publish(subject, &msg_id, turn)
        .await
        .expect("publish turn");
}

/// Waits until the drafter has acknowledged every turn published so far.
async fn drained(bus: &Bus, turns: u64) {
    baton_testkit::eventually("the drafter to process every turn", WAIT, || async {
        let mut consumer = bus
            .jetstream()
            .get_consumer_from_stream::<async_nats::jetstream::consumer::pull::Config, _, _>(
                "copilot-drafter",
                Stream::Turns.name(),
            )
            .await
            .ok()?;
        let info = consumer.info().await.ok()?;
        (info.ack_floor.stream_sequence >= turns
            && info.num_pending == 0
            && info.num_ack_pending == 0)
            .then_some(())
    })
    .await;
}

async fn drafts(bus: &Bus, conversation: &str) -> Vec<CopilotDraft> {
    baton_testkit::stored(
        bus,
        Stream::Relay,
        &format!("baton.copilot.draft.intercom.acme.{conversation}"),
    )
    .await
    .iter()
    .map(baton_testkit::Stored::decode)
    .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_draft_per_customer_message_and_none_without_copilot_or_a_human() {
    // Arrange
    let nats = TestNats::start().await;
    let bus = nats.bus("test").await;
    store_config(&bus).await;
    let app = spawn_app(&nats).await;

    // Act
    let question = customer_turn(
        "c-copilot",
        "e-1",
        "I forgot my password, the reset email never arrived",
        Mode::Human,
        true,
    );
    publish_turn(&bus, &question, 0).await;
    publish_turn(&bus, &question, 1).await;
    publish_turn(
        &bus,
        &customer_turn("c-off", "e-1", "I forgot my password", Mode::Human, false),
        0,
    )
    .await;
    publish_turn(
        &bus,
        &customer_turn("c-bot", "e-1", "I forgot my password", Mode::Bot, true),
        0,
    )
    .await;
    let uncovered = customer_turn(
        "c-copilot",
        "e-2",
        "Do you sell gift cards?",
        Mode::Human,
        true,
    );
    publish_turn(&bus, &uncovered, 0).await;
    drained(&bus, 5).await;

    // Assert
    // Concurrent handlers may publish in either order.
    let mut found = drafts(&bus, "c-copilot").await;
    found.sort_by(|a, b| a.draft_id.cmp(&b.draft_id));
    assert_eq!(
        found.len(),
        2,
        "one draft per customer message, the repeated turn deduplicated: {found:?}"
    );
    let draft = &found[0];
    assert_eq!(draft.draft_id, "c-copilot-e-1");
    assert_eq!(draft.for_event_id, "e-1");
    assert_eq!(draft.record_id, "c-copilot-1");
    assert!(draft.text.starts_with("Hi Ana,"), "{}", draft.text);
    assert!(draft.text.contains("Forgot password"), "{}", draft.text);
    assert_eq!(
        draft.sources.first().map(|s| s.path.as_str()),
        Some("kb/account/password-reset.md")
    );
    assert!(draft.confidence > 0.0);

    let silent = &found[1];
    assert_eq!(silent.draft_id, "c-copilot-e-2");
    assert!(
        silent.text.is_empty() && silent.sources.is_empty(),
        "no confident suggestion: {silent:?}"
    );
    assert_eq!(silent.confidence, 0.0);

    assert!(
        drafts(&bus, "c-off").await.is_empty(),
        "copilot off: no draft"
    );
    assert!(drafts(&bus, "c-bot").await.is_empty(), "bot mode: no draft");
    let everything = baton_testkit::stored(&bus, Stream::Relay, "baton.copilot.>").await;
    assert_eq!(everything.len(), 2, "nothing else published");
    let mut msg_ids: Vec<String> = everything
        .iter()
        .filter_map(|stored| {
            stored
                .headers
                .get(baton_bus::MSG_ID_HEADER)
                .map(|v| v.as_str().to_owned())
        })
        .collect();
    msg_ids.sort();
    assert_eq!(
        msg_ids,
        vec!["draft:acme:c-copilot:e-1", "draft:acme:c-copilot:e-2"]
    );
    let outbound = baton_testkit::stored(&bus, Stream::Out, "baton.out.>").await;
    assert!(outbound.is_empty(), "nothing is sent to the customer");

    app.stop().await;
}
