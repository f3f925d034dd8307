//! Whose turn it is: a slow conversation waits without holding a slot, and a handler that
//! hangs or panics ends in the DLQ instead of being kept alive by progress acks.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use baton_bus::subjects;
use baton_bus::{Delivery, HandleError, Handler, Publisher};
use baton_proto::v1::ConversationEvent;
use baton_testkit::{TestNats, eventually};
use tokio::sync::watch;

use crate::event;
use crate::worker::{Running, WAIT, dead_letters, spec};

/// What the scripted handler does, by conversation: `slow` waits for the gate to open,
/// `hung` never finishes, `panics` panics, the rest finish at once.
#[derive(Clone)]
struct ByConversation {
    gate: watch::Receiver<bool>,
    /// (event id, delivery count), in the order handled.
    handled: Arc<Mutex<Vec<(String, u64)>>>,
}

impl ByConversation {
    fn new() -> (Self, watch::Sender<bool>) {
        let (open, gate) = watch::channel(false);
        let handler = Self {
            gate,
            handled: Arc::default(),
        };
        (handler, open)
    }

    fn handled(&self) -> Vec<(String, u64)> {
        self.handled.lock().expect("lock").clone()
    }
}

impl Handler for ByConversation {
    type Message = ConversationEvent;

    async fn handle(&self, delivery: Delivery<ConversationEvent>) -> Result<(), HandleError> {
        match delivery.message.conversation_id.as_str() {
            "slow" => {
                let mut gate = self.gate.clone();
                let _ = gate.wait_for(|open| *open).await;
            }
            "hung" => std::future::pending::<()>().await,
            "panics" => panic!("a bug met this message"),
            _ => {}
        }
        self.handled
            .lock()
            .expect("lock")
            .push((delivery.message.event_id.clone(), delivery.delivered));
        Ok(())
    }
}

async fn publish(bus: &baton_bus::Bus, conversation: &str, id: &str) {
    let message = ConversationEvent {
        conversation_id: conversation.into(),
        ..event(id, "hello")
    };
    Publisher::new(bus.clone())
        .publish(
            subjects::inbound("acme", conversation).expect("subject"),
            id,
            &message,
        )
        .await
        .expect("publish");
}

#[tokio::test]
async fn a_slow_conversation_does_not_hold_up_the_others() {
    baton_testkit::init_tracing();
    let nats = TestNats::start().await;
    let bus = nats.bus("test").await;
    let (handler, open) = ByConversation::new();
    let mut spec = spec();
    spec.concurrency = 2;
    spec.ack_wait = Duration::from_secs(1);
    let running = Running::start(&bus, spec, &handler);

    // Three messages of one conversation behind a slow helpdesk, then another conversation.
    for id in ["s-1", "s-2", "s-3"] {
        publish(&bus, "slow", id).await;
    }
    publish(&bus, "fast", "f-1").await;
    eventually("the other conversation handled", WAIT, || async {
        handler
            .handled()
            .iter()
            .any(|(id, _)| id == "f-1")
            .then_some(())
    })
    .await;
    // Longer than the ack wait: waiting messages must not be redelivered meanwhile.
    tokio::time::sleep(Duration::from_millis(2500)).await;
    open.send(true).expect("open the gate");
    let handled = eventually("the slow conversation handled", WAIT, || async {
        let handled = handler.handled();
        (handled.len() == 4).then_some(handled)
    })
    .await;
    running.stop().await;

    let slow: Vec<(String, u64)> = handled.into_iter().filter(|(id, _)| id != "f-1").collect();
    assert_eq!(
        slow,
        [("s-1".into(), 1), ("s-2".into(), 1), ("s-3".into(), 1)],
        "in stream order, each delivered once"
    );
}

#[tokio::test]
async fn a_hung_handler_reaches_the_dlq_in_bounded_time() {
    baton_testkit::init_tracing();
    let nats = TestNats::start().await;
    let bus = nats.bus("test").await;
    let (handler, _open) = ByConversation::new();
    let mut spec = spec();
    spec.max_deliver = 3;
    spec.handler_timeout = Duration::from_millis(300);
    // Progress acks come far more often than the deadline: only the deadline ends it.
    spec.ack_wait = Duration::from_secs(5);
    let running = Running::start(&bus, spec, &handler);
    let started = Instant::now();

    publish(&bus, "hung", "h-1").await;
    let letters = eventually("a dead letter", WAIT, || async {
        let letters = dead_letters(&bus).await;
        (!letters.is_empty()).then_some(letters)
    })
    .await;
    let took = started.elapsed();
    publish(&bus, "fine", "ok-1").await;
    eventually("the worker keeps going", WAIT, || async {
        (!handler.handled().is_empty()).then_some(())
    })
    .await;
    running.stop().await;

    assert_eq!(letters.len(), 1);
    assert_eq!(letters[0].deliveries, 3);
    assert!(
        letters[0].reason.contains("deadline"),
        "{}",
        letters[0].reason
    );
    // Three deadlines and two retry delays, with room for a slow machine.
    assert!(took < Duration::from_secs(10), "took {took:?}");
}

#[tokio::test]
async fn a_panicking_handler_is_retried_then_dead_lettered_with_the_panic() {
    baton_testkit::init_tracing();
    let nats = TestNats::start().await;
    let bus = nats.bus("test").await;
    let (handler, _open) = ByConversation::new();
    let mut spec = spec();
    spec.max_deliver = 2;
    let running = Running::start(&bus, spec, &handler);

    publish(&bus, "panics", "p-1").await;
    let letters = eventually("a dead letter", WAIT, || async {
        let letters = dead_letters(&bus).await;
        (!letters.is_empty()).then_some(letters)
    })
    .await;
    running.stop().await;

    assert_eq!(letters[0].deliveries, 2);
    assert!(
        letters[0]
            .reason
            .contains("panicked: a bug met this message"),
        "{}",
        letters[0].reason
    );
}
