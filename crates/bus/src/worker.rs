//! The consumer worker loop every service uses. Handlers never ack; the runtime does:
//!
//! - decode and validate, and check that the payload is about the conversation its
//!   subject names; failure → dead letter, term;
//! - handler `Ok` → ack;
//! - [`HandleError::Transient`] → nak with a delay from the retry schedule (or the delay the
//!   error asks for), until `max_deliver` is reached → dead letter, term;
//! - [`HandleError::Permanent`] → dead letter, term;
//! - a handler that panics, or runs past its deadline ([`WorkerSpec::handler_timeout`]),
//!   failed transiently: retried, then dead-lettered like any other.
//!
//! Messages of one subject run one after another, in stream order ([`turns`]); a message
//! waiting for its turn holds no concurrency slot. Waiting and running messages send
//! progress acks, so the server does not redeliver work in hand; the handler deadline is
//! what keeps progress acks from holding a hung handler's message forever.
//! Redelivery will still happen (crashes, restarts): handlers key side effects by ids.
//! On shutdown the loop stops pulling, finishes what runs, and leaves the rest unacked.
//!
//! [`run`] is the loop; a service runs [`watch_given_up`] and [`report_backlog`] beside it.

mod backlog;
mod turns;

use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::time::{Duration, Instant};

use async_nats::HeaderMap;
use async_nats::jetstream::{self, AckKind, consumer::pull};
use baton_proto::{Addressed, Validate};
use futures::{FutureExt, StreamExt};
use prost::Message;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;
use tracing::Instrument;

use crate::dlq::{DeadLetters, Origin};
use crate::retry::RetrySchedule;
use crate::subjects::{self, Stream};
use crate::{Bus, Error, MSG_ID_HEADER, error_chain, panic_message};

pub use backlog::report_backlog;
use turns::{Place, Turns};

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

/// A shared handler handles as the handler it shares: a supervisor restarting a worker
/// hands the same handler to the new loop.
impl<H: Handler> Handler for Arc<H> {
    type Message = H::Message;

    fn handle(
        &self,
        delivery: Delivery<Self::Message>,
    ) -> impl Future<Output = Result<(), HandleError>> + Send {
        (**self).handle(delivery)
    }
}

/// How long a handler may run by default: well above the slowest legitimate handling (a
/// helpdesk call retried to its budget takes about 45 s), short enough that a hung handler
/// reaches the DLQ within an hour of deliveries.
pub const DEFAULT_HANDLER_TIMEOUT: Duration = Duration::from_secs(120);

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
    /// How long a handler may run on one delivery; past it the handler is dropped and the
    /// delivery failed transiently, so a hung handler ends in the DLQ after `max_deliver`
    /// instead of being kept alive by progress acks.
    pub handler_timeout: Duration,
}

impl WorkerSpec {
    /// A spec with Baton's defaults: 16 at once, 10 deliveries, 30 s ack wait, handlers
    /// given [`DEFAULT_HANDLER_TIMEOUT`].
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
            handler_timeout: DEFAULT_HANDLER_TIMEOUT,
        }
    }

    /// How often a message in hand tells the server it is still being worked on: well
    /// before the ack wait runs out.
    fn progress_every(&self) -> Duration {
        (self.ack_wait / 3).max(Duration::from_millis(100))
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

/// Runs `handler` on the messages of `spec` until `shutdown`, then finishes the messages
/// running. Survives server restarts: the message stream is re-established.
pub async fn run<H: Handler>(
    bus: Bus,
    spec: WorkerSpec,
    handler: H,
    shutdown: CancellationToken,
) -> Result<(), Error> {
    let dead_letters = DeadLetters::new(bus.clone(), spec.service)?;
    let worker = Arc::new(Worker {
        spec,
        handler,
        dead_letters,
    });
    let in_hand = TaskTracker::new();
    let mut turns = Turns::new(worker.spec.concurrency);
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
            let held = tokio::select! {
                () = shutdown.cancelled() => break 'pull,
                held = turns.hold() => held,
            };
            let next = tokio::select! {
                () = shutdown.cancelled() => break 'pull,
                next = messages.next() => next,
            };
            match next {
                Some(Ok(message)) => {
                    let place = turns.place(message.subject.as_str(), held);
                    let worker = worker.clone();
                    let shutdown = shutdown.clone();
                    in_hand.spawn(async move { worker.take_turn(message, place, shutdown).await });
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
    in_hand.close();
    in_hand.wait().await;
    tracing::info!(durable = %worker.spec.durable, "worker stopped");
    Ok(())
}

/// Dead-letters the messages of `spec` that the server gives up on without an ack (a
/// crashed process), which [`run`]'s own path cannot see. Runs until `shutdown`, beside
/// [`run`]; it returns early only when it cannot subscribe, to be restarted.
pub async fn watch_given_up(
    bus: Bus,
    spec: WorkerSpec,
    shutdown: CancellationToken,
) -> Result<(), Error> {
    let dead_letters = DeadLetters::new(bus.clone(), spec.service)?;
    crate::dlq::watch_max_deliveries(
        bus,
        spec.stream.name(),
        spec.durable,
        dead_letters,
        shutdown,
    )
    .await
}

/// What the worker knows of a message before decoding it, read once: the span, the
/// delivery, the settling and the dead letter all take it whole.
struct Head {
    /// The subject it was published on.
    subject: String,
    /// The subject's family (`baton.turn`): span names and metric labels.
    family: &'static str,
    /// Its sequence in the stream.
    stream_sequence: u64,
    /// How many times it has been delivered, this time included.
    delivered: u64,
    /// Its headers (msg-id, trace context).
    headers: HeaderMap,
}

impl Head {
    fn of(message: &jetstream::Message) -> Self {
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
        Self {
            family: subjects::family(&subject),
            subject,
            stream_sequence,
            delivered,
            headers: message.headers.clone().unwrap_or_default(),
        }
    }
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
    /// Waits for the message's turn (see [`turns`]), then processes it. A message left
    /// waiting at shutdown stays unacked, to be redelivered after the ack wait.
    async fn take_turn(
        &self,
        message: jetstream::Message,
        place: Place,
        shutdown: CancellationToken,
    ) {
        // Waiting is work in hand too: without progress acks a message waiting longer than
        // the ack wait would be redelivered, and processed twice.
        let waiting = async {
            tokio::select! {
                biased;
                () = shutdown.cancelled() => None,
                turn = place.wait() => turn,
            }
        };
        let Some(turn) = self.keep_alive(&message, waiting).await else {
            return;
        };
        self.process(message).await;
        turn.finished();
    }

    /// Runs `work`, telling the server meanwhile that `message` is still in hand.
    async fn keep_alive<T>(
        &self,
        message: &jetstream::Message,
        work: impl Future<Output = T>,
    ) -> T {
        tokio::pin!(work);
        let every = self.spec.progress_every();
        let mut progress = tokio::time::interval_at(tokio::time::Instant::now() + every, every);
        loop {
            tokio::select! {
                done = &mut work => return done,
                _ = progress.tick() => {
                    if let Err(err) = message.ack_with(AckKind::Progress).await {
                        tracing::debug!(error = %err, "progress ack failed");
                    }
                }
            }
        }
    }

    async fn process(&self, message: jetstream::Message) {
        let head = Head::of(&message);
        let msg_id = head
            .headers
            .get(MSG_ID_HEADER)
            .map(|value| value.as_str().to_owned())
            .unwrap_or_default();
        let span = tracing::info_span!(
            "process",
            otel.name = %format!("{} process", head.family),
            otel.kind = "consumer",
            otel.status_code = tracing::field::Empty,
            messaging.system = "nats",
            messaging.operation.type = "process",
            messaging.operation.name = "process",
            messaging.destination.name = %head.subject,
            messaging.destination.template = %head.family,
            messaging.consumer.group.name = %self.spec.durable,
            messaging.message.id = %msg_id,
            messaging.message.body.size = message.payload.len(),
            messaging.nats.delivery_count = head.delivered,
            baton.service = self.spec.service,
        );
        baton_telemetry::propagation::set_parent_from(&span, &head.headers);
        let started = Instant::now();
        let outcome = self.decide(&message, &head).instrument(span.clone()).await;
        self.settle(&message, outcome, &head).instrument(span).await;
        metrics::histogram!(
            "baton_handler_duration_seconds",
            "service" => self.spec.service,
            "subject" => head.family,
        )
        .record(started.elapsed().as_secs_f64());
    }

    async fn decide(&self, message: &jetstream::Message, head: &Head) -> Result<(), HandleError> {
        let decoded = H::Message::decode(message.payload.clone()).map_err(|err| {
            HandleError::permanent(format!(
                "undecodable payload (expected {}): {err}",
                std::any::type_name::<H::Message>()
            ))
        })?;
        decoded.validate()?;
        check_subject(&head.subject, &decoded)?;
        let delivery = Delivery {
            message: decoded,
            subject: head.subject.clone(),
            headers: head.headers.clone(),
            stream_sequence: head.stream_sequence,
            delivered: head.delivered,
        };
        let handling = AssertUnwindSafe(self.handler.handle(delivery)).catch_unwind();
        let deadline = self.spec.handler_timeout;
        match tokio::time::timeout(deadline, self.keep_alive(message, handling)).await {
            Ok(Ok(handled)) => handled,
            Ok(Err(panic)) => Err(HandleError::transient(format!(
                "the handler panicked: {}",
                panic_message(panic.as_ref())
            ))),
            Err(_) => Err(HandleError::transient(format!(
                "the handler did not finish within its deadline of {deadline:?}"
            ))),
        }
    }

    async fn settle(
        &self,
        message: &jetstream::Message,
        outcome: Result<(), HandleError>,
        head: &Head,
    ) {
        let delivered = head.delivered;
        let labels = [("service", self.spec.service), ("subject", head.family)];
        let reply = match outcome {
            Ok(()) => {
                metrics::counter!("baton_messages_handled_total", &labels).increment(1);
                AckKind::Ack
            }
            Err(HandleError::Permanent { reason }) => {
                self.dead_letter(message, head, &reason).await
            }
            Err(HandleError::Transient { source, .. })
                if delivered >= u64::try_from(self.spec.max_deliver).unwrap_or(u64::MAX) =>
            {
                metrics::counter!("baton_messages_failed_total", &labels).increment(1);
                let reason = format!(
                    "gave up after {delivered} deliveries; last error: {}",
                    error_chain(source.as_ref())
                );
                self.dead_letter(message, head, &reason).await
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
        head: &Head,
        reason: &str,
    ) -> AckKind {
        let origin = Origin {
            stream: self.spec.stream.name(),
            sequence: head.stream_sequence,
            subject: message.subject.as_str(),
            headers: message.headers.as_ref(),
            payload: message.payload.clone(),
            deliveries: head.delivered,
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
