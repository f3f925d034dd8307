//! Behaviour the contract mock cannot produce, against a scripted Intercom: redeliveries
//! and interrupted tries, 5xx, 429, hangs, refusals.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, SystemTime};

use baton_bus::subjects::Stream;
use baton_helpdesk::Links;
use baton_proto::v1::{HelpdeskLink, LinkState, handoff_result};
use baton_testkit::TestNats;
use baton_testkit::peer::{HttpPeer, Recorded, Reply};
use serde_json::json;

use crate::{
    dispatch, drained, known_customer, publish_dispatch, result_of, settings, start_connector,
};

/// Intercom as the description says it answers, except where `deviate` answers first
/// (given the request and how many times its method and path were seen before).
async fn intercom(
    deviate: impl Fn(&Recorded, usize) -> Option<Reply> + Send + Sync + 'static,
) -> HttpPeer {
    let seen = Arc::new(std::sync::Mutex::new(std::collections::HashMap::<
        String,
        usize,
    >::new()));
    HttpPeer::scripted(move |request| {
        let count = {
            let mut seen = seen.lock().unwrap_or_else(|p| p.into_inner());
            let count = seen.entry(request.line()).or_default();
            *count += 1;
            *count - 1
        };
        if let Some(reply) = deviate(request, count) {
            return reply;
        }
        let ok = |body| Reply::json(200, body);
        match request.line().as_str() {
            "GET /me" => ok(json!({ "type": "admin", "id": "991267459" })),
            "POST /contacts/search" => ok(json!({ "type": "list", "data": [], "total_count": 0 })),
            "POST /contacts" => {
                ok(json!({ "type": "contact", "id": "6762f0dd1bb69f9f2193bb83", "role": "user" }))
            }
            "POST /conversations" => {
                ok(json!({ "type": "user_message", "id": "1", "conversation_id": "4001" }))
            }
            "POST /conversations/search" => {
                ok(json!({ "type": "conversation.list", "conversations": [] }))
            }
            "POST /tags" => ok(json!({ "type": "tag", "id": "105", "name": "billing" })),
            _ => ok(json!({ "type": "conversation", "id": "4001" })),
        }
    })
    .await
}

#[tokio::test]
async fn a_redelivered_dispatch_opens_no_second_conversation() {
    let nats = TestNats::start().await;
    let peer = intercom(|_, _| None).await;
    let data = tempfile::tempdir().expect("data dir");
    let running = start_connector(&nats, settings(data.path(), &peer.url())).await;
    let bus = nats.bus("test").await;
    let dispatch = dispatch("c1-1", "c1", known_customer());

    publish_dispatch(&bus, &dispatch, 0).await;
    assert!(matches!(
        result_of(&bus, "c1").await,
        handoff_result::Outcome::Accepted(_)
    ));
    publish_dispatch(&bus, &dispatch, 1).await;
    drained(&bus, Stream::Handoffs, "intercom-connector-dispatch").await;

    assert_eq!(
        peer.matching("POST /conversations").len() - peer.matching("POST /conversations/").len(),
        1
    );
    assert_eq!(
        peer.matching("POST /conversations/4001/reply").len(),
        1,
        "one note"
    );
    assert_eq!(
        peer.matching("POST /conversations/4001/parts").len(),
        2,
        "assigned once"
    );
    running.stop().await;
}

/// The `external_id` values Intercom was asked to search for and to create contacts with.
fn external_ids(peer: &HttpPeer) -> Vec<String> {
    peer.requests()
        .iter()
        .filter_map(|request| match request.line().as_str() {
            "POST /contacts/search" => {
                let query = request.json()["query"].clone();
                (query["field"] == "external_id").then(|| query["value"].to_string())
            }
            "POST /contacts" => Some(request.json()["external_id"].to_string()),
            _ => None,
        })
        .collect()
}

#[tokio::test]
async fn tenants_sharing_a_workspace_never_share_a_contact_and_its_owner_keeps_its_ids() {
    let nats = TestNats::start().await;
    let bus = nats.bus("test").await;
    // Each handoff opens its own Intercom conversation.
    let peer = intercom(|request, seen| {
        (request.line() == "POST /conversations" && seen == 1).then(|| {
            Reply::json(
                200,
                json!({ "type": "user_message", "id": "2", "conversation_id": "4002" }),
            )
        })
    })
    .await;
    let data = tempfile::tempdir().expect("data dir");
    let mut shared = settings(data.path(), &peer.url());
    shared.intercom_tenant = Some("globex".into());
    let running = start_connector(&nats, shared).await;
    // Both companies know a customer as "cust-42": two people.
    let acme = dispatch("c5-1", "c5", known_customer());
    let mut globex = dispatch("c6-1", "c6", known_customer());
    if let Some(package) = globex.package.as_mut() {
        package.tenant_id = "globex".into();
    }

    publish_dispatch(&bus, &acme, 0).await;
    publish_dispatch(&bus, &globex, 0).await;
    result_of(&bus, "c5").await;
    baton_testkit::handoffs::first_result(&bus, "globex", "c6", Duration::from_secs(20)).await;

    let ids = external_ids(&peer);
    assert!(ids.contains(&"\"acme:cust-42\"".to_owned()), "{ids:?}");
    // The workspace is globex's own: its ids are the ones its Messenger knows.
    assert!(ids.contains(&"\"cust-42\"".to_owned()), "{ids:?}");
    assert_eq!(ids.len(), 4, "a search and a create each: {ids:?}");
    running.stop().await;
}

#[tokio::test]
async fn a_try_interrupted_after_creating_adopts_the_conversation_instead_of_duplicating_it() {
    let nats = TestNats::start().await;
    let peer = intercom(|request, _| {
        (request.line() == "POST /conversations/search").then(|| {
            // The customer also opened one of their own meanwhile, earlier: never adopted.
            Reply::json(
                200,
                json!({ "type": "conversation.list", "conversations": [
                { "type": "conversation", "id": "776", "created_at": 1_764_000_050,
                  "source": { "body": "<p>Where is my parcel?</p>" } },
                { "type": "conversation", "id": "777", "created_at": 1_764_000_100,
                  "source": { "body": "<p>I was charged twice\nfor my subscription.</p>" } }
            ] }),
            )
        })
    })
    .await;
    let data = tempfile::tempdir().expect("data dir");
    let bus = nats.bus("test").await;
    // What a crash between Intercom creating the conversation and the link being written
    // leaves behind.
    Links::open(&bus, "intercom")
        .await
        .expect("links")
        .save(&HelpdeskLink {
            tenant_id: "acme".into(),
            agent_id: "support".into(),
            conversation_id: "c2".into(),
            record_id: "c2-1".into(),
            helpdesk: "intercom".into(),
            contact_id: "6762f0dd1bb69f9f2193bb83".into(),
            state: LinkState::Creating as i32,
            started_at: Some(SystemTime::now().into()),
            ..Default::default()
        })
        .await
        .expect("save");
    let running = start_connector(&nats, settings(data.path(), &peer.url())).await;

    publish_dispatch(&bus, &dispatch("c2-1", "c2", known_customer()), 0).await;
    let handoff_result::Outcome::Accepted(accepted) = result_of(&bus, "c2").await else {
        panic!("not accepted: {:#?}", peer.requests());
    };
    assert_eq!(accepted.external_ref, "777");
    assert!(
        peer.matching("POST /conversations")
            .iter()
            .all(|r| r.path != "/conversations")
    );
    assert_eq!(
        peer.matching("POST /conversations/777/reply").len(),
        1,
        "the note"
    );
    running.stop().await;
}

#[tokio::test]
async fn server_errors_rate_limits_and_hangs_are_retried_then_delivered() {
    let nats = TestNats::start().await;
    let peer = intercom(|request, seen| match (request.line().as_str(), seen) {
        ("GET /me", 0) => {
            Some(Reply::json(200, json!({ "id": "1" })).after(Duration::from_secs(3)))
        }
        ("POST /conversations", 0) => Some(Reply::json(500, json!({ "type": "error.list" }))),
        ("POST /conversations", 1) => {
            Some(Reply::json(429, json!({ "type": "error.list" })).with_header("retry-after", "1"))
        }
        _ => None,
    })
    .await;
    let data = tempfile::tempdir().expect("data dir");
    let running = start_connector(&nats, settings(data.path(), &peer.url())).await;
    let bus = nats.bus("test").await;

    publish_dispatch(&bus, &dispatch("c3-1", "c3", known_customer()), 0).await;
    let outcome = result_of(&bus, "c3").await;
    assert!(
        matches!(outcome, handoff_result::Outcome::Accepted(_)),
        "{outcome:?}"
    );
    let creates: Vec<Recorded> = peer
        .matching("POST /conversations")
        .into_iter()
        .filter(|r| r.path == "/conversations")
        .collect();
    assert_eq!(creates.len(), 3, "500, 429, then success");
    // A 500 to a create may hide a conversation Intercom did open: the retry looked first.
    assert_eq!(peer.matching("POST /conversations/search").len(), 1);
    let waited = creates[2].at - creates[1].at;
    assert!(
        waited >= Duration::from_secs(1),
        "Retry-After ignored: {waited:?}"
    );
    assert_eq!(
        peer.matching("GET /me").len(),
        2,
        "the hung call was retried"
    );
    running.stop().await;
}

#[tokio::test]
async fn before_the_conversation_exists_failures_are_final_after_it_they_are_not() {
    let nats = TestNats::start().await;
    // What Intercom does, phase by phase (one handoff each).
    let phase = Arc::new(AtomicUsize::new(0));
    let now = phase.clone();
    let creates = Arc::new(AtomicUsize::new(0));
    let counter = creates.clone();
    let peer = intercom(move |request, _| {
        let line = request.line();
        if line == "POST /conversations" {
            counter.fetch_add(1, Ordering::SeqCst);
        }
        match (now.load(Ordering::SeqCst), line.as_str()) {
            (0, "POST /conversations") => Some(Reply::json(
                404,
                json!({ "type": "error.list", "errors": [
                    { "code": "not_found", "message": "User Jane Doe Not Found" }
                ] }),
            )),
            (1, "POST /conversations") => Some(Reply::json(503, json!({ "type": "error.list" }))),
            (2, "POST /conversations/4001/parts") => Some(Reply::json(
                404,
                json!({ "type": "error.list", "errors": [{ "code": "team_not_found" }] }),
            )),
            _ => None,
        }
    })
    .await;
    let data = tempfile::tempdir().expect("data dir");
    let running = start_connector(&nats, settings(data.path(), &peer.url())).await;
    let bus = nats.bus("test").await;

    // Refused before anything exists: final at once, without retrying, and the reason
    // names the status and code but no customer data.
    publish_dispatch(&bus, &dispatch("c4-1", "c4", known_customer()), 0).await;
    let handoff_result::Outcome::Failed(refused) = result_of(&bus, "c4").await else {
        panic!("a refused creation must fail the handoff");
    };
    assert!(
        refused.reason.contains("404") && refused.reason.contains("not_found"),
        "{}",
        refused.reason
    );
    assert!(
        !refused.reason.contains("Jane"),
        "customer data in the reason: {}",
        refused.reason
    );
    assert_eq!(creates.load(Ordering::SeqCst), 1);

    // Down for every try of the budget: final, so the router falls back.
    phase.store(1, Ordering::SeqCst);
    publish_dispatch(&bus, &dispatch("c5-1", "c5", known_customer()), 0).await;
    let handoff_result::Outcome::Failed(down) = result_of(&bus, "c5").await else {
        panic!("an unavailable Intercom must fail the handoff");
    };
    assert!(down.reason.contains("after 3 tries"), "{}", down.reason);
    assert_eq!(creates.load(Ordering::SeqCst), 4, "1 for c4, 3 for c5");

    // Once the conversation exists, a refused step does not send the customer elsewhere:
    // delivered, and the result says what was not done.
    phase.store(2, Ordering::SeqCst);
    publish_dispatch(&bus, &dispatch("c6-1", "c6", known_customer()), 0).await;
    let handoff_result::Outcome::Accepted(accepted) = result_of(&bus, "c6").await else {
        panic!("a created conversation must be delivered");
    };
    assert!(
        accepted.detail.contains("team_not_found"),
        "{}",
        accepted.detail
    );
    assert_eq!(
        peer.matching("POST /conversations/4001/parts").len(),
        2,
        "team refused, admin assigned"
    );
    running.stop().await;
}

#[tokio::test]
async fn intercom_failing_after_creating_the_conversation_is_finished_later_not_abandoned() {
    let nats = TestNats::start().await;
    let notes = Arc::new(AtomicUsize::new(0));
    let counter = notes.clone();
    // The note fails for its first three tries (one whole call), then Intercom recovers.
    let peer = intercom(move |request, _| {
        (request.line() == "POST /conversations/4001/reply"
            && counter.fetch_add(1, Ordering::SeqCst) < 3)
            .then(|| Reply::json(502, json!({ "type": "error.list" })))
    })
    .await;
    let data = tempfile::tempdir().expect("data dir");
    let running = start_connector(&nats, settings(data.path(), &peer.url())).await;
    let bus = nats.bus("test").await;

    publish_dispatch(&bus, &dispatch("c7-1", "c7", known_customer()), 0).await;
    let outcome = result_of(&bus, "c7").await;
    assert!(
        matches!(outcome, handoff_result::Outcome::Accepted(_)),
        "{outcome:?}"
    );
    let creations = peer
        .matching("POST /conversations")
        .into_iter()
        .filter(|r| r.path == "/conversations")
        .count();
    // Accepted as soon as the conversation existed; the redelivery adds the note.
    baton_testkit::eventually(
        "3 failed tries, then the note",
        Duration::from_secs(30),
        || {
            let notes = notes.clone();
            async move { (notes.load(Ordering::SeqCst) == 4).then_some(()) }
        },
    )
    .await;
    assert_eq!(
        creations, 1,
        "the redelivery finished the conversation it had created"
    );
    running.stop().await;
}

#[tokio::test]
async fn a_conversation_created_before_intercom_went_down_is_reported_accepted_at_once() {
    let nats = TestNats::start().await;
    // The conversation is created, then every note fails: Intercom is down for a while.
    let peer = intercom(|request, _| {
        (request.line() == "POST /conversations/4001/reply")
            .then(|| Reply::json(502, json!({ "type": "error.list" })))
    })
    .await;
    let data = tempfile::tempdir().expect("data dir");
    let running = start_connector(&nats, settings(data.path(), &peer.url())).await;
    let bus = nats.bus("test").await;
    publish_dispatch(&bus, &dispatch("c10-1", "c10", known_customer()), 0).await;

    // The customer is in Intercom: the router must hear it before its deadline falls back.
    let handoff_result::Outcome::Accepted(accepted) = result_of(&bus, "c10").await else {
        panic!(
            "accepted once the conversation exists: {:#?}",
            peer.requests()
        );
    };
    assert!(
        accepted.detail.contains("being retried"),
        "{}",
        accepted.detail
    );
    running.stop().await;
}

#[tokio::test]
async fn without_a_token_the_requests_are_written_to_the_outbox_and_nothing_is_sent() {
    let nats = TestNats::start().await;
    let peer = intercom(|_, _| None).await;
    let data = tempfile::tempdir().expect("data dir");
    let mut settings = settings(data.path(), &peer.url());
    settings.intercom_token = None;
    let running = start_connector(&nats, settings).await;
    let bus = nats.bus("test").await;

    publish_dispatch(&bus, &dispatch("c8-1", "c8", known_customer()), 0).await;
    let handoff_result::Outcome::Accepted(accepted) = result_of(&bus, "c8").await else {
        panic!("a dry run is accepted");
    };
    assert!(accepted.detail.contains("dry run"), "{}", accepted.detail);
    assert!(peer.requests().is_empty(), "a dry run sent a request");

    let outbox = data.path().join("outbox/intercom");
    let mut files: Vec<_> = std::fs::read_dir(&outbox)
        .expect("the outbox")
        .map(|entry| entry.expect("entry").path())
        .collect();
    files.sort();
    let requests: Vec<serde_json::Value> = files
        .iter()
        .map(|file| serde_json::from_slice(&std::fs::read(file).expect("read")).expect("JSON"))
        .collect();
    let lines: Vec<String> = requests
        .iter()
        .map(|r| {
            format!(
                "{} {}",
                r["method"].as_str().unwrap_or(""),
                r["url"].as_str().unwrap_or("")
            )
        })
        .collect();
    let create = format!("POST {}/conversations", peer.url());
    assert!(lines.contains(&create), "{lines:#?}");
    let created = &requests[lines.iter().position(|l| *l == create).expect("create")];
    assert_eq!(
        created["body"]["body"],
        "I was charged twice for my subscription."
    );
    assert_eq!(created["headers"]["Intercom-Version"], "2.14");
    assert_eq!(created["headers"]["Authorization"], "Bearer <secret>");
    running.stop().await;
}

#[tokio::test]
async fn a_creation_that_times_out_is_looked_for_not_sent_again() {
    let nats = TestNats::start().await;
    // Intercom creates conversation 4001 but answers too late; afterwards its search finds it.
    let peer = intercom(|request, seen| match (request.line().as_str(), seen) {
        ("POST /conversations", 0) => Some(
            Reply::json(200, json!({ "conversation_id": "4001" })).after(Duration::from_secs(3)),
        ),
        ("POST /conversations/search", _) => Some(Reply::json(
            200,
            json!({ "conversations": [{ "id": "4001", "created_at": 1_764_000_100,
                "source": { "body": "<p>I was charged twice for my subscription.</p>" } }] }),
        )),
        _ => None,
    })
    .await;
    let data = tempfile::tempdir().expect("data dir");
    let running = start_connector(&nats, settings(data.path(), &peer.url())).await;
    let bus = nats.bus("test").await;

    publish_dispatch(&bus, &dispatch("c9-1", "c9", known_customer()), 0).await;
    let handoff_result::Outcome::Accepted(accepted) = result_of(&bus, "c9").await else {
        panic!("not accepted: {:#?}", peer.requests());
    };
    assert_eq!(accepted.external_ref, "4001");
    let creations = peer
        .matching("POST /conversations")
        .into_iter()
        .filter(|r| r.path == "/conversations")
        .count();
    assert_eq!(
        creations, 1,
        "a create that may have happened is not sent again"
    );
    assert_eq!(peer.matching("POST /conversations/search").len(), 1);
    running.stop().await;
}

#[tokio::test]
async fn without_a_token_and_with_require_live_a_dispatch_fails_final_and_nothing_is_written() {
    let nats = TestNats::start().await;
    let data = tempfile::tempdir().expect("data dir");
    let mut settings = settings(data.path(), "http://127.0.0.1:9");
    settings.intercom_token = None;
    settings.live.require_live = true;
    let running = start_connector(&nats, settings).await;
    let bus = nats.bus("test").await;

    publish_dispatch(&bus, &dispatch("c7-1", "c7", known_customer()), 0).await;
    let handoff_result::Outcome::Failed(refused) = result_of(&bus, "c7").await else {
        panic!("an unconfigured connector must not accept a handoff");
    };
    running.stop().await;
    assert!(
        refused.reason.contains("BATON_INTERCOM_TOKEN")
            && refused.reason.contains("BATON_REQUIRE_LIVE"),
        "{}",
        refused.reason
    );
    assert!(
        !data.path().join("outbox").exists(),
        "no dry run is written"
    );
}

#[tokio::test]
async fn require_live_refuses_to_start_without_credentials_a_live_config_needs() {
    use baton_config::live::{LiveSettings, Refused, check};
    use baton_config::store::ConfigStore;
    use baton_proto::v1::{AgentConfig, Handoff, HandoffType};

    let nats = TestNats::start().await;
    let bus = nats.bus("test").await;
    let required = LiveSettings { require_live: true };
    let serves = [(HandoffType::Intercom, Some("BATON_INTERCOM_TOKEN"))];
    // Nothing live uses Intercom yet: the connector may start (and refuses each delivery).
    check(&bus, required, &serves)
        .await
        .expect("no live config");

    let config = AgentConfig {
        tenant_id: "acme".into(),
        agent_id: "support".into(),
        live: true,
        handoffs: vec![Handoff {
            id: "human".into(),
            r#type: HandoffType::Intercom as i32,
            enabled: true,
            ..Handoff::default()
        }],
        ..AgentConfig::default()
    };
    ConfigStore::open(&bus)
        .await
        .expect("store")
        .update("acme", "support", |_| {
            baton_bus::kv::Decision::Write(config.clone(), ())
        })
        .await
        .expect("put config");
    let refused = check(&bus, required, &serves).await.expect_err("refused");
    assert!(matches!(refused, Refused::Unconfigured { .. }));
    assert!(
        refused.to_string().contains("acme/support")
            && refused.to_string().contains("BATON_INTERCOM_TOKEN"),
        "{refused}"
    );
    // Without BATON_REQUIRE_LIVE the same connector runs as a dry run.
    check(&bus, LiveSettings::default(), &serves)
        .await
        .expect("dry run allowed");
}
