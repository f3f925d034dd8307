use std::collections::HashMap;
use std::time::Duration;

use baton_bus::subjects::Stream;
use baton_testkit::{TestNats, eventually, stored as stored_messages};

use crate::*;

const CONVERSATIONS: usize = 50;
const EVENTS_EACH: usize = 20;

/// Publishes EVENTS_EACH messages in each of CONVERSATIONS conversations, the
/// conversations concurrently and each one's messages in order.
async fn publish_all(bus: &baton_bus::Bus) {
    let publishers = (0..CONVERSATIONS).map(|c| {
        let bus = bus.clone();
        tokio::spawn(async move {
            for e in 0..EVENTS_EACH {
                send(
                    &bus,
                    &user(
                        &format!("c-{c}"),
                        &format!("e-{e}"),
                        &format!("message {e}"),
                    ),
                )
                .await;
            }
        })
    });
    for publisher in futures::future::join_all(publishers).await {
        publisher.expect("publisher");
    }
}

/// Every conversation has exactly its events, once each, in publish order.
async fn assert_every_event_applied_once(bus: &baton_bus::Bus) {
    for c in 0..CONVERSATIONS {
        let conversation = with_turns(bus, &format!("c-{c}"), EVENTS_EACH).await;
        let ids: Vec<String> = conversation
            .turns
            .iter()
            .map(|t| t.event_id.clone())
            .collect();
        let expected: Vec<String> = (0..EVENTS_EACH).map(|e| format!("e-{e}")).collect();
        assert_eq!(ids, expected, "conversation c-{c}");
    }
    let turns = eventually("every turn recorded", WAIT, || async {
        let turns = stored_messages(bus, Stream::Turns, "baton.turn.>").await;
        (turns.len() >= CONVERSATIONS * EVENTS_EACH).then_some(turns)
    })
    .await;
    let mut per_subject: HashMap<String, usize> = HashMap::new();
    for turn in &turns {
        *per_subject.entry(turn.subject.clone()).or_default() += 1;
    }
    assert_eq!(
        turns.len(),
        CONVERSATIONS * EVENTS_EACH,
        "no turn recorded twice"
    );
    assert!(per_subject.values().all(|n| *n == EVENTS_EACH));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_apply_a_thousand_concurrent_events_without_loss_or_duplicates() {
    let nats = TestNats::start().await;
    let bus = nats.bus("test").await;
    let first = spawn_app(&nats).await;
    let second = spawn_app(&nats).await;

    publish_all(&bus).await;
    assert_every_event_applied_once(&bus).await;
    first.stop().await;
    second.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_event_is_applied_exactly_once_across_a_nats_server_crash() {
    let mut nats = TestNats::start().await;
    let bus = nats.bus("test").await;
    let app = spawn_app(&nats).await;

    let publishing = tokio::spawn({
        let bus = bus.clone();
        async move { publish_all(&bus).await }
    });
    // Let part of the stream through, then crash the server mid-stream.
    eventually("some events applied", WAIT, || async {
        stored(&bus, "c-0").await.filter(|c| c.turns.len() >= 3)
    })
    .await;
    nats.kill().await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    nats.restart().await;

    tokio::time::timeout(WAIT, publishing)
        .await
        .expect("publishers finish after the restart")
        .expect("publishers");
    assert_every_event_applied_once(&bus).await;
    app.stop().await;
}
