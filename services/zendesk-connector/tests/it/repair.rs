//! A live handoff interrupted by a crash is repaired, not repeated: the retry adopts the
//! conversation the crashed try opened (found by Baton's metadata) and posts only what was
//! not recorded as done.

use baton_helpdesk::Links;
use baton_proto::v1::{HandoffType, HelpdeskLink, LinkState, handoff_result};
use baton_testkit::TestNats;
use baton_testkit::peer::{HttpPeer, Reply};
use serde_json::json;

use crate::{SUNSHINE_APP, dispatch, publish_dispatch, result_of, settings, start_connector};

#[tokio::test]
async fn a_crashed_live_handoff_is_finished_without_a_second_conversation() {
    let nats = TestNats::start().await;
    let app = format!("/v2/apps/{SUNSHINE_APP}");
    let conversations = format!("{app}/conversations");
    let sunshine = HttpPeer::scripted(move |request| {
        match (request.method.as_str(), request.path.as_str()) {
            ("GET", path) if path.starts_with(&conversations) => Reply::json(
                200,
                json!({ "conversations": [
                    { "id": "someone-elses", "metadata": { "baton_tenant": "acme", "baton_conversation": "other" } },
                    { "id": "opened-before-the-crash", "metadata": { "baton_tenant": "acme", "baton_conversation": "r1" } },
                ] }),
            ),
            ("POST", path) if path.ends_with("/messages") => {
                Reply::json(201, json!({ "messages": [{ "id": "m1" }] }))
            }
            ("POST", path) if path.ends_with("/passControl") => Reply::json(200, json!({})),
            _ => Reply::json(500, json!({ "errors": [{ "code": "unexpected_in_this_test" }] })),
        }
    })
    .await;
    let data = tempfile::tempdir().expect("data dir");
    let running = start_connector(
        &nats,
        settings(data.path(), &sunshine.url(), "http://127.0.0.1:9"),
    )
    .await;
    let bus = nats.bus("test").await;
    // The crashed try knew the user, had sent the create call, and had posted the first
    // message when it died.
    let crashed = HelpdeskLink {
        tenant_id: "acme".into(),
        agent_id: "support".into(),
        conversation_id: "r1".into(),
        record_id: "r1-1".into(),
        helpdesk: "sunshine".into(),
        contact_id: "user-1".into(),
        state: LinkState::Creating as i32,
        account: SUNSHINE_APP.into(),
        steps_done: vec!["message:0.0".into()],
        ..Default::default()
    };
    Links::open(&bus, "sunshine")
        .await
        .expect("links")
        .save(&crashed)
        .await
        .expect("link");

    publish_dispatch(
        &bus,
        &dispatch(HandoffType::ZendeskSunshine, "r1-1", "r1"),
        0,
    )
    .await;
    let handoff_result::Outcome::Accepted(accepted) = result_of(&bus, "r1").await else {
        panic!("not accepted: {:#?}", sunshine.requests());
    };
    assert_eq!(accepted.external_ref, "opened-before-the-crash");
    let lines: Vec<String> = sunshine.requests().iter().map(|r| r.line()).collect();
    let posted = format!("POST {app}/conversations/opened-before-the-crash");
    assert_eq!(
        lines,
        [
            format!("GET {app}/conversations?filter[userId]=user-1"),
            format!("{posted}/messages"),
            format!("{posted}/messages"),
            format!("{posted}/passControl"),
        ],
        "no user lookup, no second conversation, the first message not repeated"
    );
    running.stop().await;
}
