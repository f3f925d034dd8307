use baton_bus::Publisher;
use baton_bus::subjects::{self, Stream};
use baton_testkit::{TestNats, stored};

use crate::event;

#[tokio::test]
async fn the_same_msg_id_is_stored_once() {
    let nats = TestNats::start().await;
    let bus = nats.bus("test").await;
    let publisher = Publisher::new(bus.clone());
    let subject = subjects::inbound("acme", "c-1").expect("subject");

    let first = publisher
        .publish(subject.clone(), "e-1", &event("e-1", "hello"))
        .await
        .expect("publish");
    let again = publisher
        .publish(subject.clone(), "e-1", &event("e-1", "hello"))
        .await
        .expect("publish");
    let other = publisher
        .publish(subject, "e-2", &event("e-2", "hello again"))
        .await
        .expect("publish");

    assert!(!first.duplicate);
    assert!(
        again.duplicate,
        "a republish with the same msg-id must be dropped"
    );
    assert!(!other.duplicate);
    assert_eq!(stored(&bus, Stream::In, "baton.in.>").await.len(), 2);
}

#[tokio::test]
async fn connecting_refuses_nothing_on_a_current_server_and_reports_ready() {
    let nats = TestNats::start().await;
    let bus = nats.bus("test").await;
    assert!(bus.is_ready());
}

#[tokio::test]
async fn an_unreachable_server_is_a_clear_error() {
    let port = baton_bus::server::free_port().expect("port");
    let settings = baton_bus::BusSettings::local(format!("nats://127.0.0.1:{port}"));
    let err = match baton_bus::Bus::connect(&settings, "test").await {
        Ok(_) => panic!("nothing listens there"),
        Err(err) => err.to_string(),
    };
    assert!(err.contains(&format!("127.0.0.1:{port}")), "{err}");
}
