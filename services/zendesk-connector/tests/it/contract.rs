//! The live flow against Prism serving the official Sunshine Conversations description:
//! every request the connector sends must be accepted (Prism answers 422 to any that breaks
//! the description, its authentication scheme included), in the order a live handoff needs.

use baton_bus::Publisher;
use baton_bus::subjects::{self, Stream};
use baton_proto::v1::{HandoffType, RelayMessage, Role, Turn, handoff_result};
use baton_testkit::peer::{HttpPeer, Prism, spec};
use baton_testkit::{TestNats, eventually};

use crate::{
    SUNSHINE_APP, WAIT, dispatch, drained, publish_dispatch, result_of, settings, start_connector,
};

#[tokio::test]
async fn a_live_handoff_and_a_relayed_message_satisfy_sunshines_contract() {
    let nats = TestNats::start().await;
    let prism = Prism::start(&spec("sunshine-conversations-api.yaml")).await;
    let sunshine = HttpPeer::proxy(&prism.url()).await;
    let data = tempfile::tempdir().expect("data dir");
    let running = start_connector(
        &nats,
        settings(data.path(), &sunshine.url(), "http://127.0.0.1:9"),
    )
    .await;
    let bus = nats.bus("test").await;
    let live = dispatch(HandoffType::ZendeskSunshine, "s1-1", "s1");

    publish_dispatch(&bus, &live, 0).await;
    let outcome = result_of(&bus, "s1").await;
    let handoff_result::Outcome::Accepted(accepted) = outcome else {
        panic!(
            "not accepted: {outcome:?}; requests: {:#?}",
            sunshine.requests()
        );
    };
    let conversation = accepted.external_ref.clone();
    let app = format!("/v2/apps/{SUNSHINE_APP}");
    let lines: Vec<String> = sunshine.requests().iter().map(|r| r.line()).collect();
    let messages = format!("POST {app}/conversations/{conversation}/messages");
    assert_eq!(
        lines,
        [
            format!("GET {app}/users/acme%3Acust-42"),
            format!("GET {app}/conversations?filter[userId]=") + &user_id(&sunshine),
            format!("POST {app}/conversations"),
            messages.clone(),
            messages.clone(),
            messages.clone(),
            format!("POST {app}/conversations/{conversation}/passControl"),
        ],
    );
    let bodies: Vec<serde_json::Value> = sunshine
        .matching(&messages)
        .iter()
        .map(|r| r.json())
        .collect();
    let authors: Vec<&str> = bodies
        .iter()
        .map(|b| b["author"]["type"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(
        authors,
        ["user", "business", "user"],
        "customer turns as the user, the AI's as the business"
    );
    assert_eq!(
        bodies[0]["content"]["text"],
        "I was charged twice for my subscription."
    );
    let pass = sunshine.matching(&format!(
        "POST {app}/conversations/{conversation}/passControl"
    ))[0]
        .json();
    assert_eq!(pass["switchboardIntegration"], "zd-agentWorkspace");
    assert_eq!(
        pass["metadata"]["baton_reason"],
        "The customer asked to speak with a person."
    );
    assert!(
        pass["metadata"]["baton_summary"]
            .as_str()
            .unwrap_or_default()
            .contains("Charged twice")
    );
    // Agent Workspace shows the whole transcript, from the first message posted on.
    let first_posted: serde_json::Value =
        serde_json::from_str(&sunshine.matching(&messages)[0].answer).expect("a JSON answer");
    let first_id = first_posted["messages"][0]["id"].clone();
    assert!(first_id.is_string(), "{first_posted}");
    assert_eq!(pass["metadata"]["first_message_id"], first_id);

    // Redelivered: the link says everything is done; nothing is sent twice.
    publish_dispatch(&bus, &live, 1).await;
    drained(&bus, Stream::Handoffs, "zendesk-connector-dispatch").await;
    assert_eq!(
        sunshine.requests().len(),
        lines.len(),
        "{:#?}",
        sunshine.requests()
    );

    // A later customer message is relayed into the conversation as the user's.
    let relay = RelayMessage {
        event_id: "e-7".into(),
        tenant_id: "acme".into(),
        conversation_id: "s1".into(),
        record_id: "s1-1".into(),
        turn: Some(Turn::said(Role::User, "Are you still there?")),
        customer: None,
    };
    Publisher::new(bus.clone())
        .publish(
            subjects::relay(HandoffType::ZendeskSunshine, "acme", "s1").expect("subject"),
            "relay:e-7",
            &relay,
        )
        .await
        .expect("relay");
    let relayed = eventually("the relayed message", WAIT, || async {
        sunshine
            .matching(&messages)
            .into_iter()
            .map(|r| r.json())
            .find(|b| b["content"]["text"] == "Are you still there?")
    })
    .await;
    assert_eq!(relayed["author"]["type"], "user");

    for request in sunshine.requests() {
        assert!(
            (200..300).contains(&request.status),
            "{} was refused by the contract with {}: {}",
            request.line(),
            request.status,
            request.answer
        );
        assert!(
            request
                .header("authorization")
                .is_some_and(|a| a.starts_with("Basic ")),
            "Sunshine keys authenticate with basic auth"
        );
    }
    running.stop().await;
}

/// The user id Prism answered (the description's example), as the connector used it.
fn user_id(sunshine: &HttpPeer) -> String {
    let answer: serde_json::Value =
        serde_json::from_str(&sunshine.requests()[0].answer).unwrap_or_default();
    answer["user"]["id"].as_str().unwrap_or_default().to_owned()
}
