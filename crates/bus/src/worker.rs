//! The consumer worker loop every service uses. Handlers never ack; the runtime does:
//!
//! - decode and validate, and check that the payload is about the conversation its
//!   subject names; failure → dead letter, term;
//! - handler `Ok` → ack;
//! - [`HandleError::Transient`] → nak with a delay from the retry schedule (or the delay the
//!   error asks for), until `max_deliver` is reached → dead letter, term;
//! - [`HandleError::Permanent`] → dead letter, term.
//!
//! Long handlers send progress acks so the server does not redeliver work in flight.
//! Redelivery will still happen (crashes, restarts): handlers key side effects by ids.
//! On shutdown the loop stops pulling, finishes what it started, and leaves the rest unacked.

use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant};

use async_nats::HeaderMap;
use async_nats::jetstream::{self, AckKind, consumer::pull};
use baton_proto::{Addressed, Validate};
use futures::StreamExt;
use prost::Message;
use tokio::sync::Semaphore;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;
use tracing::Instrument;

use crate::dlq::{DeadLetters, Origin};
use crate::retry::RetrySchedule;
use crate::subjects::{self, Stream};
use crate::{Bus, Error, MSG_ID_HEADER, error_chain};

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// A decoded, validated message and where it came from.
#[derive(Debug)]
pub struct Delivery<M> {
    /// The message.
    pub message: M,
    /// Its subject.
    pub subject: String,
    /// Its headers.
    pub headers: HeaderMap,
    /// Its sequence in the stream: a stable id for idempotency and ordering.
    pub stream_sequence: u64,
    /// How many times it has been delivered, this time included.
    pub delivered: u64,
}

/// Why a handler could not process a message, and so what happens to it.
#[derive(Debug, thiserror::Error)]
pub enum HandleError {
    /// It may work later (a peer is down, a race was lost): the message is redelivered
    /// after a delay.
    #[error("{source}")]
    Transient {
        /// What went wrong.
        #[source]
        source: BoxError,
        /// Wait at least this long (e.g. a peer's `Retry-After`).
        retry_after: Option<Duration>,
    },
    /// It will never work (invalid, refers to something that cannot exist): the message
    /// goes to the DLQ with this reason.
    #[error("{reason}")]
    Permanent {
        /// Why, for the operator reading the DLQ.
        reason: String,
    },
}

impl HandleError {
    /// A transient failure.
    pub fn transient(source: impl Into<BoxError>) -> Self {
        Self::Transient {
            source: source.into(),
            retry_after: None,
        }
    }

    /// A transient failure that should not be retried before `after`.
    pub fn transient_after(source: impl Into<BoxError>, after: Duration) -> Self {
        Self::Transient {
            source: source.into(),
            retry_after: Some(after),
        }
    }

    /// A permanent failure.
    pub fn permanent(reason: impl Into<String>) -> Self {
        Self::Permanent {
            reason: reason.into(),
        }
    }
}

impl From<baton_proto::Invalid> for HandleError {
    fn from(invalid: baton_proto::Invalid) -> Self {
        Self::permanent(format!("invalid message: {invalid}"))
    }
}

impl From<Error> for HandleError {
    fn from(err: Error) -> Self {
        match err {
            Error::Invalid(invalid) => invalid.into(),
            Error::Corrupt { .. } => Self::permanent(error_chain(&err)),
            other => Self::transient(other),
        }
    }
}

/// A service's message handler.
pub trait Handler: Send + Sync + 'static {
    /// The protobuf message it consumes.
    type Message: Message + Default + Validate + Addressed + Send + 'static;

    /// Processes one message. Must be idempotent: the same message can arrive again.
    fn handle(
        &self,
        delivery: Delivery<Self::Message>,
    ) -> impl Future<Output = Result<(), HandleError>> + Send;
}

/// Which messages a worker consumes and how.
#[derive(Debug, Clone)]
pub struct WorkerSpec {
    /// The service (DLQ subject `baton.dlq.<service>`, metric and span label).
    pub service: &'static str,
    /// The durable consumer's name; replicas with the same name share the work.
    pub durable: String,
    /// The stream consumed.
    pub stream: Stream,
    /// Subject filters within the stream.
    pub filter_subjects: Vec<String>,
    /// Messages processed at once by this process.
    pub concurrency: usize,
    /// Deliveries before a message that keeps failing is dead-lettered.
    pub max_deliver: i64,
    /// How long the server waits for an ack before redelivering.
    pub ack_wait: Duration,
    /// Delays between redeliveries of transient failures.
    pub retry: RetrySchedule,
}

impl WorkerSpec {
    /// A spec with Baton's defaults: 16 at once, 10 deliveries, 30 s ack wait.
    pub fn new(
        service: &'static str,
        durable: impl Into<String>,
        stream: Stream,
        filter_subjects: Vec<String>,
    ) -> Self {
        Self {
            service,
            durable: durable.into(),
            stream,
            filter_subjects,
            concurrency: 16,
            max_deliver: 10,
            ack_wait: Duration::from_secs(30),
            retry: RetrySchedule::default(),
        }
    }

    fn consumer_config(&self) -> pull::Config {
        let concurrency = i64::try_from(self.concurrency).unwrap_or(i64::MAX);
        pull::Config {
            durable_name: Some(self.durable.clone()),
            description: Some(format!("Baton {} worker", self.service)),
            filter_subjects: self.filter_subjects.clone(),
            ack_policy: jetstream::consumer::AckPolicy::Explicit,
            ack_wait: self.ack_wait,
            max_deliver: self.max_deliver,
            // Room for every replica's in-flight messages plus their prefetch.
            max_ack_pending: (concurrency * 64).max(1024),
            ..Default::default()
        }
    }
}

/// Creates (or updates) the durable consumer of `spec`: what a service provisions at start.
pub async fn provision_consumer(bus: &Bus, spec: &WorkerSpec) -> Result<(), Error> {
    consumer(bus, spec).await.map(|_| ())
}

async fn consumer(
    bus: &Bus,
    spec: &WorkerSpec,
) -> Result<jetstream::consumer::Consumer<pull::Config>, Error> {
    let provision_error = |source| Error::Provision {
        what: format!("consumer {} on {}", spec.durable, spec.stream.name()),
        source,
    };
    let stream = bus
        .jetstream()
        .get_stream_no_info(spec.stream.name())
        .await
        .map_err(|err| provision_error(Error::boxed(err)))?;
    stream
        .create_consumer(spec.consumer_config())
        .await
        .map_err(|err| provision_error(Error::boxed(err)))
}

struct Worker<H> {
    spec: WorkerSpec,
    handler: H,
    dead_letters: DeadLetters,
}

/// Runs `handler` on the messages of `spec` until `shutdown`, then finishes the messages in
/// flight. Survives server restarts: the message stream is re-established.
pub async fn run<H: Handler>(
    bus: Bus,
    spec: WorkerSpec,
    handler: H,
    shutdown: CancellationToken,
) -> Result<(), Error> {
    let dead_letters = DeadLetters::new(bus.clone(), spec.service)?;
    let advisories = tokio::spawn(crate::dlq::watch_max_deliveries(
        bus.clone(),
        spec.stream.name(),
        spec.durable.clone(),
        dead_letters.clone(),
        shutdown.clone(),
    ));
    let backlog = tokio::spawn(report_backlog(bus.clone(), spec.clone(), shutdown.clone()));
    let worker = Arc::new(Worker {
        spec,
        handler,
        dead_letters,
    });
    let in_flight = TaskTracker::new();
    let permits = Arc::new(Semaphore::new(worker.spec.concurrency.max(1)));
    let mut order = SubjectOrder::default();
    let mut pause = Duration::from_millis(100);

    'pull: while !shutdown.is_cancelled() {
        let mut messages = match open_messages(&bus, &worker.spec).await {
            Ok(messages) => messages,
            Err(err) => {
                tracing::warn!(
                    error = %error_chain(&err),
                    durable = %worker.spec.durable,
                    retry_in = ?pause,
                    "cannot pull messages; retrying"
                );
                tokio::select! {
                    () = shutdown.cancelled() => break 'pull,
                    () = tokio::time::sleep(pause) => {}
                }
                pause = (pause * 2).min(Duration::from_secs(5));
                continue;
            }
        };
        pause = Duration::from_millis(100);
        loop {
            let permit = tokio::select! {
                () = shutdown.cancelled() => break 'pull,
                permit = permits.clone().acquire_owned() => match permit {
                    Ok(permit) => permit,
                    Err(_) => break 'pull,
                },
            };
            let next = tokio::select! {
                () = shutdown.cancelled() => break 'pull,
                next = messages.next() => next,
            };
            match next {
                Some(Ok(message)) => {
                    let worker = worker.clone();
                    let (previous, done) = order.enqueue(message.subject.as_str());
                    in_flight.spawn(async move {
                        if let Some(previous) = previous {
                            // Messages of one subject (one conversation) are handled in the
                            // order they were stored; others run alongside.
                            let _ = previous.await;
                        }
                        worker.process(message).await;
                        drop(done);
                        drop(permit);
                    });
                }
                Some(Err(err)) => {
                    tracing::warn!(
                        error = %error_chain(&err),
                        durable = %worker.spec.durable,
                        "message stream interrupted; re-subscribing"
                    );
                    continue 'pull;
                }
                None => continue 'pull,
            }
        }
    }
    in_flight.close();
    in_flight.wait().await;
    advisories.abort();
    backlog.abort();
    tracing::info!(durable = %worker.spec.durable, "worker stopped");
    Ok(())
}

/// Refuses a message whose payload names another conversation than its subject: services
/// key state by the payload's ids, while NATS permissions (per tenant) apply to subjects.
fn check_subject(subject: &str, message: &impl Addressed) -> Result<(), HandleError> {
    let (tenant, conversation) = message.address();
    if subjects::conversation_of(subject) == Some((tenant, conversation)) {
        return Ok(());
    }
    Err(HandleError::permanent(format!(
        "tenant crossing: the payload is about tenant {tenant:?}, conversation {conversation:?}, \
         but was published on {subject}; a message may only be about the conversation its \
         subject names"
    )))
}

/// Keeps the messages of each subject in stream order within this process: each message
/// waits for the one before it on its subject. Subjects end in `<tenant>.<conversation>`, so
/// a conversation's events are applied in the order the customer sent them, while other
/// conversations proceed concurrently. (Across replicas, compare-and-set and placing turns
/// by stream sequence keep state right; order within one process keeps effects in order.)
#[derive(Default)]
struct SubjectOrder {
    last: std::collections::HashMap<String, tokio::sync::oneshot::Receiver<()>>,
}

impl SubjectOrder {
    /// Registers a message on `subject`: returns what it must wait for, and what to drop
    /// when it is done.
    fn enqueue(
        &mut self,
        subject: &str,
    ) -> (
        Option<tokio::sync::oneshot::Receiver<()>>,
        tokio::sync::oneshot::Sender<()>,
    ) {
        if self.last.len() > 4096 {
            // Forget subjects whose last message is finished.
            self.last.retain(|_, done| {
                matches!(
                    done.try_recv(),
                    Err(tokio::sync::oneshot::error::TryRecvError::Empty)
                )
            });
        }
        let (done, finished) = tokio::sync::oneshot::channel();
        (self.last.insert(subject.to_owned(), finished), done)
    }
}

/// How often the backlog gauges are refreshed: often enough for an alert on lag, rare enough
/// that replicas asking the server cost nothing.
const BACKLOG_EVERY: Duration = Duration::from_secs(15);

/// Publishes the on-call's two questions as gauges: how far behind is this consumer
/// (`baton_consumer_pending`, `baton_consumer_ack_pending`), and how many of this service's
/// messages are waiting in the DLQ (`baton_dlq_messages`).
async fn report_backlog(bus: Bus, spec: WorkerSpec, shutdown: CancellationToken) {
    let dlq_subject = subjects::dlq(spec.service).unwrap_or_default();
    loop {
        if let Ok(stream) = bus.jetstream().get_stream_no_info(spec.stream.name()).await
            && let Ok(mut consumer) = stream.get_consumer::<pull::Config>(&spec.durable).await
            && let Ok(info) = consumer.info().await
        {
            let labels = [
                ("service", spec.service.to_owned()),
                ("consumer", spec.durable.clone()),
            ];
            metrics::gauge!("baton_consumer_pending", &labels).set(info.num_pending as f64);
            metrics::gauge!("baton_consumer_ack_pending", &labels).set(info.num_ack_pending as f64);
        }
        if let Ok(dlq) = bus.jetstream().get_stream(Stream::Dlq.name()).await
            && let Ok(info) = dlq.info_with_subjects(&dlq_subject).await
        {
            let waiting: u64 = futures::StreamExt::collect::<Vec<_>>(info)
                .await
                .into_iter()
                .filter_map(Result::ok)
                .map(|(_, count)| count as u64)
                .sum();
            metrics::gauge!("baton_dlq_messages", "service" => spec.service).set(waiting as f64);
        }
        tokio::select! {
            () = shutdown.cancelled() => return,
            () = tokio::time::sleep(BACKLOG_EVERY) => {}
        }
    }
}

async fn open_messages(bus: &Bus, spec: &WorkerSpec) -> Result<pull::Stream, Error> {
    consumer(bus, spec)
        .await?
        .stream()
        .max_messages_per_batch(spec.concurrency.max(1))
        .messages()
        .await
        .map_err(|err| Error::Provision {
            what: format!("message stream of {}", spec.durable),
            source: Error::boxed(err),
        })
}

impl<H: Handler> Worker<H> {
    async fn process(&self, message: jetstream::Message) {
        let (stream_sequence, delivered) = message
            .info()
            .map(|info| {
                (
                    info.stream_sequence,
                    u64::try_from(info.delivered).unwrap_or(1),
                )
            })
            .unwrap_or((0, 1));
        let subject = message.subject.to_string();
        let family = subjects::family(&subject).to_owned();
        let headers = message.headers.clone().unwrap_or_default();
        let msg_id = headers
            .get(MSG_ID_HEADER)
            .map(|value| value.as_str().to_owned())
            .unwrap_or_default();
        let span = tracing::info_span!(
            "process",
            otel.name = %format!("{family} process"),
            otel.kind = "consumer",
            otel.status_code = tracing::field::Empty,
            messaging.system = "nats",
            messaging.operation.type = "process",
            messaging.operation.name = "process",
            messaging.destination.name = %subject,
            messaging.destination.template = %family,
            messaging.consumer.group.name = %self.spec.durable,
            messaging.message.id = %msg_id,
            messaging.message.body.size = message.payload.len(),
            messaging.nats.delivery_count = delivered,
            baton.service = self.spec.service,
        );
        baton_telemetry::propagation::set_parent_from(&span, &headers);
        let started = Instant::now();
        let outcome = self
            .decide(
                &message,
                subject.clone(),
                headers,
                stream_sequence,
                delivered,
            )
            .instrument(span.clone())
            .await;
        self.settle(&message, outcome, stream_sequence, delivered, &family)
            .instrument(span)
            .await;
        metrics::histogram!(
            "baton_handler_duration_seconds",
            "service" => self.spec.service,
            "subject" => family,
        )
        .record(started.elapsed().as_secs_f64());
    }

    async fn decide(
        &self,
        message: &jetstream::Message,
        subject: String,
        headers: HeaderMap,
        stream_sequence: u64,
        delivered: u64,
    ) -> Result<(), HandleError> {
        let decoded = H::Message::decode(message.payload.clone()).map_err(|err| {
            HandleError::permanent(format!(
                "undecodable payload (expected {}): {err}",
                std::any::type_name::<H::Message>()
            ))
        })?;
        decoded.validate()?;
        check_subject(&subject, &decoded)?;
        let delivery = Delivery {
            message: decoded,
            subject,
            headers,
            stream_sequence,
            delivered,
        };
        let handling = self.handler.handle(delivery);
        tokio::pin!(handling);
        // Tell the server we are still at it, well before the ack wait runs out.
        let every = (self.spec.ack_wait / 3).max(Duration::from_millis(100));
        let mut progress = tokio::time::interval_at(tokio::time::Instant::now() + every, every);
        loop {
            tokio::select! {
                result = &mut handling => return result,
                _ = progress.tick() => {
                    if let Err(err) = message.ack_with(AckKind::Progress).await {
                        tracing::debug!(error = %err, "progress ack failed");
                    }
                }
            }
        }
    }

    async fn settle(
        &self,
        message: &jetstream::Message,
        outcome: Result<(), HandleError>,
        stream_sequence: u64,
        delivered: u64,
        family: &str,
    ) {
        let labels = [
            ("service", self.spec.service.to_owned()),
            ("subject", family.to_owned()),
        ];
        let reply = match outcome {
            Ok(()) => {
                metrics::counter!("baton_messages_handled_total", &labels).increment(1);
                AckKind::Ack
            }
            Err(HandleError::Permanent { reason }) => {
                self.dead_letter(message, stream_sequence, delivered, &reason)
                    .await
            }
            Err(HandleError::Transient { source, .. })
                if delivered >= u64::try_from(self.spec.max_deliver).unwrap_or(u64::MAX) =>
            {
                metrics::counter!("baton_messages_failed_total", &labels).increment(1);
                let reason = format!(
                    "gave up after {delivered} deliveries; last error: {}",
                    error_chain(source.as_ref())
                );
                self.dead_letter(message, stream_sequence, delivered, &reason)
                    .await
            }
            Err(HandleError::Transient {
                source,
                retry_after,
            }) => {
                metrics::counter!("baton_messages_failed_total", &labels).increment(1);
                let attempt = u32::try_from(delivered).unwrap_or(u32::MAX);
                let delay = self.spec.retry.delay_honouring(attempt, retry_after);
                tracing::warn!(
                    error = %error_chain(source.as_ref()),
                    delivered,
                    retry_in = ?delay,
                    "handler failed; will retry"
                );
                AckKind::Nak(Some(delay))
            }
        };
        if let Err(err) = message.ack_with(reply).await {
            // The server will redeliver after the ack wait; handlers are idempotent.
            tracing::warn!(error = %err, "acknowledgement failed");
        }
    }

    /// Dead-letters the message and returns how to settle it: term once it is safely in the
    /// DLQ, or nak (retry later) when the DLQ itself could not be reached.
    async fn dead_letter(
        &self,
        message: &jetstream::Message,
        stream_sequence: u64,
        delivered: u64,
        reason: &str,
    ) -> AckKind {
        let origin = Origin {
            stream: self.spec.stream.name(),
            sequence: stream_sequence,
            subject: message.subject.as_str(),
            headers: message.headers.as_ref(),
            payload: message.payload.clone(),
            deliveries: delivered,
        };
        match self.dead_letters.send(origin, reason).await {
            Ok(()) => AckKind::Term,
            Err(err) => {
                tracing::error!(error = %error_chain(&err), "cannot dead-letter; will retry");
                AckKind::Nak(Some(self.spec.retry.delay(1)))
            }
        }
    }
}
