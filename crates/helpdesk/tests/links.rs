//! The link store against a real nats-server.

use baton_helpdesk::Links;
use baton_proto::v1::{HelpdeskLink, LinkState};
use baton_testkit::TestNats;

fn created(tenant: &str, conversation: &str, record: &str) -> HelpdeskLink {
    HelpdeskLink {
        tenant_id: tenant.into(),
        agent_id: "support".into(),
        conversation_id: conversation.into(),
        record_id: record.into(),
        helpdesk: "intercom".into(),
        external_id: "4001".into(),
        state: LinkState::Created as i32,
        ..HelpdeskLink::default()
    }
}

#[tokio::test]
async fn a_helpdesk_object_linked_to_one_tenant_is_never_taken_by_another() {
    let nats = TestNats::start().await;
    let bus = nats.bus("test").await;
    let links = Links::open(&bus, "intercom").await.expect("links");

    links
        .save(&created("acme", "c1", "c1-1"))
        .await
        .expect("the first claim");
    // A later handoff of the same chat reuses its helpdesk conversation.
    links
        .save(&created("acme", "c1", "c1-2"))
        .await
        .expect("the same conversation takes it over");
    let err = links
        .save(&created("globex", "c1", "c1-1"))
        .await
        .expect_err("another tenant's conversation");

    assert!(err.to_string().contains("another tenant"), "{err}");
    assert!(!err.to_string().contains("acme"), "{err}");
    // The refused link is not stored as created: nothing would be posted to acme's object.
    assert!(
        links
            .for_record("globex", "c1-1")
            .await
            .expect("read")
            .is_none()
    );
    let holder = links
        .by_external("4001")
        .await
        .expect("read")
        .expect("linked");
    assert_eq!(
        (holder.tenant_id.as_str(), holder.record_id.as_str()),
        ("acme", "c1-2")
    );
}
