//! Erasing a customer against a real nats-server: everything about them goes, nothing
//! about anyone else does.

use baton_bus::Bus;
use baton_bus::erase::{self, Whom};
use baton_bus::kv::Store;
use baton_bus::subjects::{Bucket, Stream};
use baton_proto::v1::{
    Conversation, Customer, DeadLetter, HandoffRecord, HelpdeskLink, LinkState, Marker,
};
use baton_testkit::TestNats;
use prost::Message as _;

async fn publish(bus: &Bus, subject: &str, payload: Vec<u8>) {
    bus.jetstream()
        .publish(subject.to_owned(), payload.into())
        .await
        .expect("publish")
        .await
        .expect("ack");
}

async fn put<T: prost::Message + Default>(bus: &Bus, bucket: Bucket, key: &str, value: &T) {
    Store::<T>::open(bus, bucket)
        .await
        .expect("bucket")
        .put(key, value)
        .await
        .expect("put");
}

async fn present(bus: &Bus, bucket: Bucket, key: &str) -> bool {
    bus.bucket(bucket)
        .await
        .expect("bucket")
        .get(key)
        .await
        .expect("get")
        .is_some()
}

async fn messages_on(bus: &Bus, stream: Stream, subject: &str) -> usize {
    baton_bus::read::stored(bus, stream, subject)
        .await
        .expect("read")
        .len()
}

/// Tenant `tenant`'s conversation `id` of a customer, with a handoff record, a deadline,
/// an Intercom link (`external`) with a relay marker, two stream messages and a dead letter.
async fn seed(bus: &Bus, tenant: &str, id: &str, customer: Customer, external: &str) {
    let conversation = Conversation {
        tenant_id: tenant.into(),
        conversation_id: id.into(),
        customer: Some(customer),
        ..Conversation::default()
    };
    put(
        bus,
        Bucket::Conversations,
        &format!("{tenant}.{id}"),
        &conversation,
    )
    .await;
    let record = format!("{tenant}.{id}-1");
    put(bus, Bucket::Handoffs, &record, &HandoffRecord::default()).await;
    put(bus, Bucket::Deadlines, &record, &HandoffRecord::default()).await;
    let link = HelpdeskLink {
        tenant_id: tenant.into(),
        conversation_id: id.into(),
        record_id: format!("{id}-1"),
        helpdesk: "intercom".into(),
        external_id: external.into(),
        state: LinkState::Created as i32,
        ..HelpdeskLink::default()
    };
    put(bus, Bucket::Links, &format!("{record}.intercom"), &link).await;
    put(bus, Bucket::Links, &format!("intercom.{external}"), &link).await;
    put(
        bus,
        Bucket::Links,
        &format!("{record}.intercom.relay.e-1"),
        &Marker::default(),
    )
    .await;
    publish(bus, &format!("baton.in.{tenant}.{id}"), b"event".to_vec()).await;
    publish(bus, &format!("baton.turn.{tenant}.{id}"), b"turn".to_vec()).await;
    let letter = DeadLetter {
        service: "conversation".into(),
        subject: format!("baton.in.{tenant}.{id}"),
        payload: b"the customer's words".to_vec(),
        reason: "test".into(),
        ..DeadLetter::default()
    };
    publish(bus, "baton.dlq.conversation", letter.encode_to_vec()).await;
}

fn customer(external_id: &str, email: &str) -> Customer {
    Customer {
        external_id: external_id.into(),
        email: email.into(),
        ..Customer::default()
    }
}

#[tokio::test]
async fn erasing_a_customer_deletes_all_they_left_and_nothing_of_anyone_else() {
    let nats = TestNats::start().await;
    let bus = nats.bus("test").await;
    let jane = customer("u-1", "Jane@Example.com");
    seed(&bus, "acme", "c-1", jane.clone(), "4001").await;
    seed(
        &bus,
        "acme",
        "c-2",
        customer("", "jane@example.com"),
        "4002",
    )
    .await;
    // Neighbours: an id that starts like hers, and the same ids at another tenant.
    seed(
        &bus,
        "acme",
        "c-10",
        customer("u-2", "joe@example.com"),
        "4010",
    )
    .await;
    seed(&bus, "globex", "c-1", jane, "5001").await;

    let erased = erase::erase(&bus, "acme", Whom::Customer("jane@example.com"))
        .await
        .expect("erase");

    assert_eq!(erased.conversations, ["c-1", "c-2"]);
    assert_eq!(erased.messages, 4, "two messages of each conversation");
    assert_eq!(erased.dead_letters, 2);
    for id in ["c-1", "c-2"] {
        assert!(!present(&bus, Bucket::Conversations, &format!("acme.{id}")).await);
        assert!(!present(&bus, Bucket::Handoffs, &format!("acme.{id}-1")).await);
        assert!(!present(&bus, Bucket::Deadlines, &format!("acme.{id}-1")).await);
        assert!(!present(&bus, Bucket::Links, &format!("acme.{id}-1.intercom")).await);
        assert!(
            !present(
                &bus,
                Bucket::Links,
                &format!("acme.{id}-1.intercom.relay.e-1")
            )
            .await
        );
        assert_eq!(
            messages_on(&bus, Stream::In, &format!("baton.in.acme.{id}")).await,
            0
        );
    }
    assert!(!present(&bus, Bucket::Links, "intercom.4001").await);
    for (tenant, id, external) in [("acme", "c-10", "4010"), ("globex", "c-1", "5001")] {
        assert!(present(&bus, Bucket::Conversations, &format!("{tenant}.{id}")).await);
        assert!(present(&bus, Bucket::Handoffs, &format!("{tenant}.{id}-1")).await);
        assert!(present(&bus, Bucket::Links, &format!("{tenant}.{id}-1.intercom")).await);
        assert!(present(&bus, Bucket::Links, &format!("intercom.{external}")).await);
        assert_eq!(
            messages_on(&bus, Stream::Turns, &format!("baton.turn.{tenant}.{id}")).await,
            1
        );
    }
    let letters = baton_bus::dlq::list(&bus, None).await.expect("letters");
    let left: Vec<&str> = letters.iter().map(|l| l.letter.subject.as_str()).collect();
    assert_eq!(left, ["baton.in.acme.c-10", "baton.in.globex.c-1"]);
}

#[tokio::test]
async fn erasing_someone_unknown_deletes_nothing() {
    let nats = TestNats::start().await;
    let bus = nats.bus("test").await;
    seed(
        &bus,
        "acme",
        "c-1",
        customer("u-1", "jane@example.com"),
        "4001",
    )
    .await;

    let erased = erase::erase(&bus, "acme", Whom::Customer("nobody@example.com"))
        .await
        .expect("erase");

    assert_eq!(erased, erase::Erased::default());
    assert!(present(&bus, Bucket::Conversations, "acme.c-1").await);
}
