use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use baton_bus::retry::RetrySchedule;
use baton_bus::subjects::{self, Stream};
use baton_bus::{Bus, HandleError, Handler, Publisher, WorkerSpec, worker};
use baton_proto::v1::DeadLetter;
use baton_testkit::{TestNats, eventually, stored};
use tokio_util::sync::CancellationToken;
use tracing::Instrument;

use crate::{Recorder, event};

pub const WAIT: Duration = Duration::from_secs(20);

pub fn spec() -> WorkerSpec {
    let mut spec = WorkerSpec::new("test", "test", Stream::In, vec!["baton.in.>".into()]);
    spec.retry = RetrySchedule {
        initial: Duration::from_millis(200),
        max: Duration::from_secs(2),
        jitter: 0.2,
    };
    spec.ack_wait = Duration::from_secs(2);
    spec
}

/// A worker and its dead-letter watch, as a service runs them.
pub struct Running {
    shutdown: CancellationToken,
    tasks: Vec<tokio::task::JoinHandle<Result<(), baton_bus::Error>>>,
}

impl Running {
    pub fn start<H: Handler + Clone>(bus: &Bus, spec: WorkerSpec, handler: &H) -> Self {
        let shutdown = CancellationToken::new();
        let tasks = vec![
            tokio::spawn(worker::watch_given_up(
                bus.clone(),
                spec.clone(),
                shutdown.clone(),
            )),
            tokio::spawn(worker::run(
                bus.clone(),
                spec,
                handler.clone(),
                shutdown.clone(),
            )),
        ];
        Self { shutdown, tasks }
    }

    pub async fn stop(self) {
        self.shutdown.cancel();
        for task in self.tasks {
            tokio::time::timeout(WAIT, task)
                .await
                .expect("worker stops in time")
                .expect("join")
                .expect("worker");
        }
    }
}

async fn publish(bus: &Bus, id: &str) {
    Publisher::new(bus.clone())
        .publish(
            subjects::inbound("acme", "c-1").expect("subject"),
            id,
            &event(id, "hello"),
        )
        .await
        .expect("publish");
}

pub async fn dead_letters(bus: &Bus) -> Vec<DeadLetter> {
    stored(bus, Stream::Dlq, "baton.dlq.test")
        .await
        .iter()
        .map(|m| m.decode::<DeadLetter>())
        .collect()
}

/// Pending and unacknowledged messages of the test consumer: (0, 0) once all are settled.
async fn backlog(bus: &Bus) -> (u64, usize) {
    let mut consumer: async_nats::jetstream::consumer::PullConsumer = bus
        .jetstream()
        .get_stream(Stream::In.name())
        .await
        .expect("stream")
        .get_consumer("test")
        .await
        .expect("consumer");
    let info = consumer.info().await.expect("info");
    (info.num_pending, info.num_ack_pending)
}

#[tokio::test]
async fn a_handled_message_is_acked_and_not_redelivered() {
    baton_testkit::init_tracing();
    let nats = TestNats::start().await;
    let bus = nats.bus("test").await;
    let recorder = Recorder::new(|_| Ok(()));
    let running = Running::start(&bus, spec(), &recorder);

    publish(&bus, "e-1").await;
    eventually("the message to be settled", WAIT, || async {
        (recorder.seen().len() == 1 && backlog(&bus).await == (0, 0)).then_some(())
    })
    .await;
    // Past the ack wait: an unacked message would be back by now.
    tokio::time::sleep(Duration::from_millis(2500)).await;
    running.stop().await;

    let seen = recorder.seen();
    assert_eq!(seen.len(), 1, "{seen:?}");
    assert_eq!((seen[0].0.as_str(), seen[0].1), ("e-1", 1));
}

#[tokio::test]
async fn a_transient_failure_is_redelivered_with_backoff_then_succeeds() {
    baton_testkit::init_tracing();
    let nats = TestNats::start().await;
    let bus = nats.bus("test").await;
    let times = Arc::new(Mutex::new(Vec::new()));
    let recorded = times.clone();
    let recorder = Recorder::new(move |delivery| {
        recorded.lock().expect("lock").push(Instant::now());
        if delivery.delivered < 3 {
            Err(HandleError::transient("peer unavailable"))
        } else {
            Ok(())
        }
    });
    let running = Running::start(&bus, spec(), &recorder);

    publish(&bus, "e-1").await;
    eventually("three deliveries, then settled", WAIT, || async {
        (recorder.seen().len() == 3 && backlog(&bus).await == (0, 0)).then_some(())
    })
    .await;
    running.stop().await;

    let deliveries: Vec<u64> = recorder.seen().iter().map(|s| s.1).collect();
    assert_eq!(deliveries, vec![1, 2, 3]);
    let times = times.lock().expect("lock").clone();
    // Schedule: 200 ms then 400 ms, each -20% at worst.
    assert!(
        times[1] - times[0] >= Duration::from_millis(160),
        "{:?}",
        times[1] - times[0]
    );
    assert!(
        times[2] - times[1] >= Duration::from_millis(320),
        "{:?}",
        times[2] - times[1]
    );
    assert!(dead_letters(&bus).await.is_empty());
}

#[tokio::test]
async fn an_undecodable_message_is_dead_lettered_and_the_worker_keeps_going() {
    baton_testkit::init_tracing();
    let nats = TestNats::start().await;
    let bus = nats.bus("test").await;
    let recorder = Recorder::new(|_| Ok(()));
    let running = Running::start(&bus, spec(), &recorder);

    let mut headers = async_nats::HeaderMap::new();
    headers.insert("Nats-Msg-Id", "garbage-1");
    Publisher::new(bus.clone())
        .publish_raw(
            "baton.in.acme.c-1".into(),
            headers,
            bytes::Bytes::from_static(b"\xff\xff\xff not protobuf"),
        )
        .await
        .expect("publish");
    publish(&bus, "e-after").await;

    let letters = eventually("one dead letter", WAIT, || async {
        let letters = dead_letters(&bus).await;
        (!letters.is_empty() && recorder.seen().len() == 1).then_some(letters)
    })
    .await;
    running.stop().await;

    assert_eq!(letters.len(), 1);
    let letter = &letters[0];
    assert!(letter.reason.contains("undecodable"), "{}", letter.reason);
    assert_eq!(letter.subject, "baton.in.acme.c-1");
    assert_eq!(letter.payload, b"\xff\xff\xff not protobuf");
    assert!(
        letter
            .headers
            .iter()
            .any(|h| h.name == "Nats-Msg-Id" && h.value == "garbage-1"),
        "original headers are kept: {:?}",
        letter.headers
    );
    assert_eq!(recorder.seen()[0].0, "e-after");
}

#[tokio::test]
async fn a_message_too_big_to_dead_letter_whole_still_lands_cut_with_its_reason() {
    baton_testkit::init_tracing();
    let nats = TestNats::start().await;
    let bus = nats.bus("test").await;
    let recorder = Recorder::new(|_| Ok(()));
    let running = Running::start(&bus, spec(), &recorder);

    // As big as the server takes: wrapped in a dead letter with headers, it would not fit.
    let size = bus.client().server_info().max_payload - 1024;
    let mut headers = async_nats::HeaderMap::new();
    headers.insert("Nats-Msg-Id", "huge-1");
    Publisher::new(bus.clone())
        .publish_raw("baton.in.acme.c-1".into(), headers, vec![0xff; size].into())
        .await
        .expect("publish");

    let letters = eventually("the dead letter", WAIT, || async {
        let letters = dead_letters(&bus).await;
        (!letters.is_empty()).then_some(letters)
    })
    .await;
    running.stop().await;

    let letter = &letters[0];
    assert!(letter.reason.contains("undecodable"), "{}", letter.reason);
    assert_eq!(letter.payload_bytes, size as u64);
    assert!(letter.payload.len() < size && !letter.payload.is_empty());
    let listed = baton_bus::dlq::list(&bus, Some("test"))
        .await
        .expect("list");
    let refused = baton_bus::dlq::replay(&bus, listed[0].sequence)
        .await
        .expect_err("a cut letter cannot be replayed");
    assert!(
        refused.to_string().contains("cannot be replayed"),
        "{refused}"
    );
}

#[tokio::test]
async fn invalid_and_permanently_rejected_messages_go_to_the_dlq_with_their_reason() {
    baton_testkit::init_tracing();
    let nats = TestNats::start().await;
    let bus = nats.bus("test").await;
    let recorder = Recorder::new(|delivery| {
        if delivery.message.event_id == "e-refused" {
            Err(HandleError::permanent("conversation is closed"))
        } else {
            Ok(())
        }
    });
    let running = Running::start(&bus, spec(), &recorder);

    let mut invalid = event("e-invalid", "hi");
    invalid.tenant_id = "acme.evil".into();
    Publisher::new(bus.clone())
        .publish("baton.in.acme.c-1".into(), "e-invalid", &invalid)
        .await
        .expect("publish");
    publish(&bus, "e-refused").await;

    let letters = eventually("two dead letters", WAIT, || async {
        let letters = dead_letters(&bus).await;
        (letters.len() == 2).then_some(letters)
    })
    .await;
    running.stop().await;

    assert!(
        letters[0].reason.contains("tenant_id"),
        "{}",
        letters[0].reason
    );
    assert_eq!(letters[1].reason, "conversation is closed");
    assert_eq!(
        recorder.seen().len(),
        1,
        "an invalid message never reaches the handler"
    );
}

#[tokio::test]
async fn a_payload_about_another_conversation_than_its_subject_is_dead_lettered() {
    baton_testkit::init_tracing();
    let nats = TestNats::start().await;
    let bus = nats.bus("test").await;
    let recorder = Recorder::new(|_| Ok(()));
    let running = Running::start(&bus, spec(), &recorder);

    // A publisher allowed on tenant globex's subjects writes about acme's conversation,
    // then about another of its own conversations.
    let publisher = Publisher::new(bus.clone());
    for (subject, id) in [
        ("baton.in.globex.c-1", "e-other-tenant"),
        ("baton.in.acme.c-2", "e-other-conversation"),
    ] {
        publisher
            .publish(subject.into(), id, &event(id, "hi"))
            .await
            .expect("publish");
    }
    publish(&bus, "e-right").await;

    let letters = eventually("two dead letters", WAIT, || async {
        let letters = dead_letters(&bus).await;
        (letters.len() == 2).then_some(letters)
    })
    .await;
    eventually("the right one handled", WAIT, || async {
        (!recorder.seen().is_empty()).then_some(())
    })
    .await;
    running.stop().await;

    for (letter, subject) in letters
        .iter()
        .zip(["baton.in.globex.c-1", "baton.in.acme.c-2"])
    {
        assert_eq!(letter.subject, subject);
        assert!(
            letter.reason.starts_with("tenant crossing:")
                && letter.reason.contains("\"acme\"")
                && letter.reason.contains(subject),
            "{}",
            letter.reason
        );
    }
    let seen: Vec<String> = recorder.seen().into_iter().map(|(id, ..)| id).collect();
    assert_eq!(
        seen,
        vec!["e-right"],
        "a crossing never reaches the handler"
    );
}

#[tokio::test]
async fn a_message_that_keeps_failing_is_dead_lettered_after_max_deliver() {
    baton_testkit::init_tracing();
    let nats = TestNats::start().await;
    let bus = nats.bus("test").await;
    let recorder = Recorder::new(|_| Err(HandleError::transient("still down")));
    let mut spec = spec();
    spec.max_deliver = 3;
    let running = Running::start(&bus, spec, &recorder);

    publish(&bus, "e-1").await;
    let letters = eventually("a dead letter", WAIT, || async {
        let letters = dead_letters(&bus).await;
        (!letters.is_empty()).then_some(letters)
    })
    .await;
    running.stop().await;

    assert_eq!(recorder.seen().len(), 3);
    assert_eq!(letters[0].deliveries, 3);
    assert!(
        letters[0].reason.contains("gave up after 3 deliveries"),
        "{}",
        letters[0].reason
    );
    assert!(
        letters[0].reason.contains("still down"),
        "{}",
        letters[0].reason
    );
}

#[tokio::test]
async fn a_message_the_server_gives_up_on_still_reaches_the_dlq() {
    baton_testkit::init_tracing();
    let nats = TestNats::start().await;
    let bus = nats.bus("test").await;
    let mut spec = spec();
    spec.max_deliver = 1;
    spec.ack_wait = Duration::from_secs(1);
    worker::provision_consumer(&bus, &spec)
        .await
        .expect("consumer");
    publish(&bus, "e-lost").await;

    // A worker takes the message and dies without settling it.
    let consumer: async_nats::jetstream::consumer::PullConsumer = bus
        .jetstream()
        .get_stream(Stream::In.name())
        .await
        .expect("stream")
        .get_consumer("test")
        .await
        .expect("consumer");
    let mut batch = consumer
        .fetch()
        .max_messages(1)
        .messages()
        .await
        .expect("fetch");
    use futures::StreamExt;
    let taken = batch.next().await.expect("a message").expect("ok");
    drop(taken);

    // A surviving replica hears the server's advisory.
    let recorder = Recorder::new(|_| Ok(()));
    let running = Running::start(&bus, spec, &recorder);
    let letters = eventually("a dead letter from the advisory", WAIT, || async {
        let letters = dead_letters(&bus).await;
        (!letters.is_empty()).then_some(letters)
    })
    .await;
    running.stop().await;

    assert_eq!(letters.len(), 1);
    assert!(
        letters[0].reason.contains("server gave up"),
        "{}",
        letters[0].reason
    );
    assert!(recorder.seen().is_empty());
}

#[tokio::test]
async fn trace_context_crosses_publish_and_consume() {
    baton_testkit::init_tracing();
    let nats = TestNats::start().await;
    let bus = nats.bus("test").await;
    let recorder = Recorder::new(|_| Ok(()));
    let running = Running::start(&bus, spec(), &recorder);

    let span = tracing::info_span!("publisher");
    let publisher_trace = baton_telemetry::propagation::trace_id(&span);
    publish(&bus, "e-traced").instrument(span).await;
    eventually("the message", WAIT, || async {
        (!recorder.seen().is_empty()).then_some(())
    })
    .await;
    running.stop().await;

    assert_ne!(publisher_trace, "00000000000000000000000000000000");
    assert_eq!(recorder.seen()[0].2, publisher_trace);
}

#[tokio::test]
async fn shutdown_finishes_the_message_in_flight() {
    baton_testkit::init_tracing();
    let nats = TestNats::start().await;
    let bus = nats.bus("test").await;
    let started = Arc::new(tokio::sync::Notify::new());
    let notify = started.clone();
    let finished = Arc::new(Mutex::new(false));
    let done = finished.clone();
    let recorder = Recorder::new(move |_| {
        notify.notify_one();
        // A slow handler: shutdown must wait for it.
        std::thread::sleep(Duration::from_millis(500));
        *done.lock().expect("lock") = true;
        Ok(())
    });
    let running = Running::start(&bus, spec(), &recorder);

    publish(&bus, "e-slow").await;
    tokio::time::timeout(WAIT, started.notified())
        .await
        .expect("started");
    running.stop().await;

    assert!(
        *finished.lock().expect("lock"),
        "shutdown returned before the handler finished"
    );
    assert_eq!(
        backlog(&bus).await,
        (0, 0),
        "the finished message was acked"
    );
}

#[tokio::test]
async fn a_dead_letter_replayed_after_the_fix_is_processed_and_leaves_the_dlq() {
    baton_testkit::init_tracing();
    let nats = TestNats::start().await;
    let bus = nats.bus("test").await;
    let fixed = Arc::new(Mutex::new(false));
    let recorder = {
        let fixed = fixed.clone();
        Recorder::new(move |_| {
            if *fixed.lock().expect("lock") {
                Ok(())
            } else {
                Err(HandleError::permanent("the agent configuration is missing"))
            }
        })
    };
    let running = Running::start(&bus, spec(), &recorder);
    publish(&bus, "e-broken").await;
    let listed = eventually("the dead letter", WAIT, || async {
        let listed = baton_bus::dlq::list(&bus, Some("test"))
            .await
            .expect("list");
        (listed.len() == 1).then_some(listed)
    })
    .await;
    assert_eq!(
        listed[0].letter.reason,
        "the agent configuration is missing"
    );
    assert!(
        baton_bus::dlq::list(&bus, Some("another-service"))
            .await
            .expect("list")
            .is_empty(),
        "the service filter applies"
    );

    *fixed.lock().expect("lock") = true;
    let replayed = baton_bus::dlq::replay(&bus, listed[0].sequence)
        .await
        .expect("replay");
    assert_eq!(replayed.subject, "baton.in.acme.c-1");
    eventually("the replayed message to be handled", WAIT, || async {
        (recorder.seen().len() == 2).then_some(())
    })
    .await;
    running.stop().await;
    assert_eq!(
        recorder.seen()[1].0,
        "e-broken",
        "the original message, unchanged"
    );
    assert!(
        baton_bus::dlq::list(&bus, None)
            .await
            .expect("list")
            .is_empty(),
        "a replayed dead letter leaves the DLQ"
    );
    assert!(
        baton_bus::dlq::replay(&bus, listed[0].sequence)
            .await
            .is_err(),
        "it cannot be replayed twice"
    );
}
