//! `baton bench`: how fast Baton runs, next to the limit NATS itself sets on this machine.
//!
//! One run, one nats-server (started here, store in a temporary directory):
//! 1. raw JetStream: async publishes of messages the size of a conversation event;
//! 2. Baton: conversation, trigger-evaluator, handoff-router and email-sender (writing to
//!    files) as separate processes; N conversations × M customer messages published as fast
//!    as they are acknowledged, some asking for a person. Reports events/s (up to the moment
//!    the last event is decided), the ratio to raw JetStream, latency from publish to
//!    `HandoffRequested` and to dispatch, peak RSS;
//! 3. a latency run: the same load on new conversations, paced at a fraction of the
//!    measured capacity.
//! 4. with `--turns` a list, a throughput run for each further conversation length, on the
//!    same number of events, so the rates compare what length alone costs.
//!
//! Build in release first (`make bench`): the service binaries are taken from the directory
//! of this `baton` binary.

use std::collections::{BTreeMap, HashMap};
use std::future::IntoFuture as _;
use std::process::ExitCode;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use anyhow::Context as _;
use async_nats::HeaderMap;
use async_nats::jetstream::stream;
use baton_bus::kv::Decision;
use baton_bus::server::{self, LocalServer};
use baton_bus::subjects::Stream;
use baton_bus::{Bus, BusSettings, MSG_ID_HEADER, subjects};
use baton_config::store::ConfigStore;
use baton_process::ServiceProcess;
use baton_proto::v1::{ConversationEvent, UserMessage, conversation_event::Kind};
use futures::StreamExt;
use prost::Message as _;
use serde::Serialize;

/// Flags of `baton bench`.
#[derive(clap::Args)]
pub struct Args {
    /// Conversations in each throughput run [default: enough for 20,000 events].
    #[arg(long, value_parser = at_least_one)]
    conversations: Option<usize>,
    /// Customer messages per conversation. A list (`3,50,200`) adds a throughput run for
    /// each further value, reported in `events_per_s_by_turns`; every other figure is about
    /// the first.
    #[arg(
        long,
        visible_alias = "messages",
        value_delimiter = ',',
        default_value = "5",
        value_parser = at_least_one
    )]
    turns: Vec<usize>,
    /// One conversation in this many asks for a person on its last message.
    #[arg(long, default_value = "4", value_parser = at_least_one)]
    trigger_every: usize,
    /// Messages in the raw JetStream run.
    #[arg(long, default_value = "20000", value_parser = at_least_one)]
    raw_messages: usize,
    /// The latency run publishes the throughput run's load again at this fraction of the
    /// measured capacity (above 0, at most 1).
    #[arg(long, default_value = "0.5", value_parser = fraction)]
    latency_load: f64,
    /// Print one JSON object instead of a table.
    #[arg(long)]
    json: bool,
}

/// Events in a throughput run when `--conversations` is not given: at 5 messages and one
/// handoff in 4 conversations, 1,000 handoffs, so a p99 is not the maximum of a few dozen.
const EVENTS_PER_RUN: usize = 20_000;

/// Parses a count that must be at least 1: a run of nothing measures nothing, and a rate
/// over zero events or a trigger every 0 conversations is no figure at all.
fn at_least_one(value: &str) -> Result<usize, String> {
    match value.parse::<usize>() {
        Ok(0) => Err("must be at least 1".into()),
        Ok(n) => Ok(n),
        Err(_) => Err("expected a whole number, at least 1".into()),
    }
}

/// Parses a fraction of the measured capacity, above 0 and at most 1: at 0 the latency run
/// would never publish, and above 1 it would measure a queue, not latency.
fn fraction(value: &str) -> Result<f64, String> {
    match value.parse::<f64>() {
        Ok(f) if f > 0.0 && f <= 1.0 => Ok(f),
        Ok(_) => Err("must be above 0 and at most 1".into()),
        Err(_) => Err("expected a number above 0 and at most 1, such as 0.5".into()),
    }
}

/// The figures of one run.
#[derive(Debug, Serialize)]
struct Report {
    cores: usize,
    message_bytes: usize,
    raw_publish_per_s: f64,
    pipeline_events: usize,
    pipeline_events_per_s: f64,
    ratio_to_raw: f64,
    handoffs: usize,
    decision_samples: usize,
    p50_decision_ms: f64,
    p99_decision_ms: f64,
    max_decision_ms: f64,
    p99_dispatch_ms: f64,
    latency_run_load_per_s: f64,
    latency_run_samples: usize,
    latency_run_p50_decision_ms: f64,
    latency_run_p99_decision_ms: f64,
    peak_rss_mb: HashMap<String, f64>,
    /// Events/s of each `--turns` value, when it lists more than one.
    #[serde(skip_serializing_if = "Option::is_none")]
    events_per_s_by_turns: Option<BTreeMap<usize, f64>>,
}

/// Handoffs below which a p99 is hardly more than the maximum: the default load gives this
/// many, a long `--turns` with fewer conversations may not.
const MIN_SAMPLES: usize = 1_000;

impl Report {
    /// The figures of the throughput run `burst` and the latency run `latency` (paced at
    /// `latency_load_per_s`), next to raw JetStream.
    fn new(
        message_bytes: usize,
        raw_publish_per_s: f64,
        burst: &Measured,
        latency: &Measured,
        latency_load_per_s: f64,
        events_per_s_by_turns: Option<BTreeMap<usize, f64>>,
        peak_rss_mb: HashMap<String, f64>,
    ) -> Self {
        Self {
            cores: std::thread::available_parallelism().map_or(1, usize::from),
            message_bytes,
            raw_publish_per_s: raw_publish_per_s.round(),
            pipeline_events: burst.events,
            pipeline_events_per_s: burst.events_per_s.round(),
            ratio_to_raw: (burst.events_per_s / raw_publish_per_s * 1000.0).round() / 1000.0,
            handoffs: burst.handoffs,
            decision_samples: burst.decisions.len(),
            p50_decision_ms: percentile(&burst.decisions, 0.50),
            p99_decision_ms: percentile(&burst.decisions, 0.99),
            max_decision_ms: percentile(&burst.decisions, 1.0),
            p99_dispatch_ms: percentile(&burst.dispatches, 0.99),
            latency_run_load_per_s: latency_load_per_s.round(),
            latency_run_samples: latency.decisions.len(),
            latency_run_p50_decision_ms: percentile(&latency.decisions, 0.50),
            latency_run_p99_decision_ms: percentile(&latency.decisions, 0.99),
            peak_rss_mb,
            events_per_s_by_turns,
        }
    }
}

const TENANT: &str = "bench";
const AGENT: &str = "bench-agent";
const CONFIG: &str = "tenant_id: bench\nagent_id: bench-agent\nhandoffs:\n  - id: person\n    type: email\n    trigger: Hand off when the customer asks to talk to a person.\n    email: {recipients: team, team_address: team@bench.test}\n";
const SERVICES: [&str; 4] = [
    "conversation",
    "trigger-evaluator",
    "handoff-router",
    "email-sender",
];
const MESSAGE: &str = "My order arrived damaged, the box was crushed and the shoes are scuffed.";

/// Runs `baton bench`.
pub async fn run(args: Args) -> anyhow::Result<ExitCode> {
    let work = tempfile::Builder::new().prefix("baton-bench-").tempdir()?;
    let port = server::free_port()?;
    let mut nats = LocalServer::start(server::locate()?, port, work.path().join("nats")).await?;
    let bus = Bus::connect(&BusSettings::local(nats.url()), "baton-bench").await?;
    let message_bytes = event("c-000000", 0, MESSAGE).encoded_len();

    eprintln!(
        "raw JetStream: {} async publishes of {message_bytes} bytes",
        args.raw_messages
    );
    let raw_publish_per_s = raw_publish(&bus, args.raw_messages, message_bytes).await?;

    let mut processes = start_pipeline(&bus, nats.url(), work.path()).await?;
    let watch = Watch::start(&bus).await?;
    let load = |run: usize, turns: usize| Load {
        prefix: format!("t{run}"),
        conversations: conversations_for(turns, args.conversations),
        turns,
        trigger_every: args.trigger_every,
        rate: None,
    };
    // clap gives at least one value (the default).
    let first = load(0, args.turns[0]);
    let burst = measure(&bus, &watch, &first).await?;
    // The same conversations again, paced: latency at a load the pipeline keeps up with.
    let rate = burst.events_per_s * args.latency_load;
    let paced = Load {
        prefix: "l".into(),
        rate: Some(rate),
        ..first
    };
    let latency = measure(&bus, &watch, &paced).await?;
    let mut by_turns = BTreeMap::from([(args.turns[0], burst.events_per_s.round())]);
    for (run, &turns) in args.turns.iter().enumerate().skip(1) {
        let measured = measure(&bus, &watch, &load(run, turns)).await?;
        by_turns.insert(turns, measured.events_per_s.round());
    }

    let peak_rss_mb = stop_pipeline(&mut processes).await;
    nats.stop().await;

    let by_turns = (args.turns.len() > 1).then_some(by_turns);
    let report = Report::new(
        message_bytes,
        raw_publish_per_s,
        &burst,
        &latency,
        rate,
        by_turns,
        peak_rss_mb,
    );
    if report.decision_samples < MIN_SAMPLES {
        eprintln!(
            "warning: the decision percentiles come from {} handoffs, fewer than {MIN_SAMPLES}: \
             raise --conversations",
            report.decision_samples
        );
    }
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print!("{}", table(&report));
    }
    Ok(ExitCode::SUCCESS)
}

/// `conversations` if given, else enough conversations of `turns` messages each for
/// [`EVENTS_PER_RUN`] events: runs of different lengths then compare equal work.
fn conversations_for(turns: usize, conversations: Option<usize>) -> usize {
    conversations.unwrap_or_else(|| EVENTS_PER_RUN.div_ceil(turns))
}

/// Provisions the bus, applies the bench's configuration and starts the services.
async fn start_pipeline(
    bus: &Bus,
    nats_url: String,
    work: &std::path::Path,
) -> anyhow::Result<Vec<ServiceProcess>> {
    bus.provision().await?;
    apply_config(bus).await?;
    let env = [
        ("BATON_NATS_URL", nats_url),
        ("BATON_DATA_DIR", work.join("data").display().to_string()),
        (
            "BATON_GRPC_ADDR",
            format!("127.0.0.1:{}", server::free_port()?),
        ),
    ];
    let mut processes = Vec::new();
    for name in SERVICES {
        processes.push(ServiceProcess::start(name, &env).await);
    }
    Ok(processes)
}

/// Stops the services; returns each one's peak RSS in MiB.
async fn stop_pipeline(processes: &mut [ServiceProcess]) -> HashMap<String, f64> {
    let mut peak_rss_mb = HashMap::new();
    for process in processes {
        peak_rss_mb.insert(
            process.name().to_owned(),
            (process.peak_rss_mib() * 10.0).round() / 10.0,
        );
        process.stop().await;
    }
    peak_rss_mb
}

/// What one run publishes.
struct Load {
    /// Starts each conversation id: a run's conversations are new ones.
    prefix: String,
    conversations: usize,
    /// Customer messages per conversation.
    turns: usize,
    trigger_every: usize,
    /// Events/s to publish at; as fast as acknowledged when `None`.
    rate: Option<f64>,
}

/// What one run measured.
struct Measured {
    events: usize,
    /// Events over the time from the first publish to the last decision.
    events_per_s: f64,
    handoffs: usize,
    /// Milliseconds from publishing each handoff's message to its `HandoffRequested`.
    decisions: Vec<f64>,
    /// The same, to its dispatch.
    dispatches: Vec<f64>,
}

/// Publishes `load`, waits for its last decision and every handoff's dispatch.
async fn measure(bus: &Bus, watch: &Watch, load: &Load) -> anyhow::Result<Measured> {
    let events = load.conversations * load.turns;
    eprintln!(
        "pipeline: {} conversations × {} messages{}",
        load.conversations,
        load.turns,
        load.rate
            .map(|rate| format!(" at {rate:.0} events/s"))
            .unwrap_or_default()
    );
    let started = Instant::now();
    let triggers = publish_conversations(bus, load).await?;
    let decided = wait_decided(bus).await?;
    watch
        .wait_dispatches(&triggers, Duration::from_secs(60))
        .await?;
    let (decisions, dispatches) = watch.latencies(&triggers);
    Ok(Measured {
        events,
        events_per_s: events as f64 / decided.duration_since(started).as_secs_f64(),
        handoffs: triggers.len(),
        decisions,
        dispatches,
    })
}

fn event(conversation: &str, n: usize, text: &str) -> ConversationEvent {
    ConversationEvent {
        event_id: format!("e{n}"),
        tenant_id: TENANT.into(),
        agent_id: AGENT.into(),
        conversation_id: conversation.into(),
        occurred_at: Some(SystemTime::now().into()),
        kind: Some(Kind::UserMessage(UserMessage { text: text.into() })),
    }
}

/// Publishes `count` messages of `size` bytes to a scratch stream with up to 512 acks in
/// flight: the most this server takes on this machine.
async fn raw_publish(bus: &Bus, count: usize, size: usize) -> anyhow::Result<f64> {
    let js = bus.jetstream();
    let scratch = js
        .get_or_create_stream(stream::Config {
            name: "BENCH_RAW".into(),
            subjects: vec!["bench.raw.>".into()],
            storage: stream::StorageType::File,
            ..Default::default()
        })
        .await
        .context("scratch stream")?;
    let payload = bytes::Bytes::from(vec![b'x'; size]);
    let started = Instant::now();
    let mut in_flight = futures::stream::FuturesUnordered::new();
    for n in 0..count {
        let mut headers = HeaderMap::new();
        headers.insert(MSG_ID_HEADER, format!("raw-{n}").as_str());
        in_flight.push(
            js.publish_with_headers(format!("bench.raw.{}", n % 64), headers, payload.clone())
                .await?
                .into_future(),
        );
        if in_flight.len() >= 512 {
            in_flight.next().await.transpose()?;
        }
    }
    while in_flight.next().await.transpose()?.is_some() {}
    let rate = count as f64 / started.elapsed().as_secs_f64();
    js.delete_stream(scratch.cached_info().config.name.as_str())
        .await
        .context("scratch stream")?;
    Ok(rate)
}

async fn apply_config(bus: &Bus) -> anyhow::Result<()> {
    let mut config = baton_config::parse(CONFIG)
        .map_err(|err| anyhow::anyhow!("{err}"))?
        .config;
    config.live = true;
    ConfigStore::open(bus)
        .await?
        .update(TENANT, AGENT, |_| Decision::Write(config.clone(), ()))
        .await?;
    Ok(())
}

/// Publishes `load.conversations` × `load.turns` customer messages, round-robin across
/// conversations (as live traffic interleaves), paced to `load.rate` if any; returns the
/// publish instant of each message that asks for a person, by conversation.
async fn publish_conversations(bus: &Bus, load: &Load) -> anyhow::Result<Moments> {
    let js = bus.jetstream();
    let mut triggers = HashMap::new();
    let mut in_flight = futures::stream::FuturesUnordered::new();
    let started = Instant::now();
    let mut sent = 0usize;
    for n in 0..load.turns {
        for c in 0..load.conversations {
            let conversation = format!("{}-{c:06}", load.prefix);
            let asks = n + 1 == load.turns && c % load.trigger_every == 0;
            let text = if asks {
                "This still doesn't work. Can I talk to a person please?"
            } else {
                MESSAGE
            };
            let event = event(&conversation, n, text);
            let mut headers = HeaderMap::new();
            headers.insert(
                MSG_ID_HEADER,
                format!("{TENANT}:{conversation}:e{n}").as_str(),
            );
            if let Some(rate) = load.rate {
                let due = started + Duration::from_secs_f64(sent as f64 / rate);
                tokio::time::sleep_until(due.into()).await;
            }
            if asks {
                triggers.insert(conversation.clone(), Instant::now());
            }
            let subject = subjects::inbound(TENANT, &conversation)?;
            in_flight.push(
                js.publish_with_headers(subject, headers, event.encode_to_vec().into())
                    .await?
                    .into_future(),
            );
            sent += 1;
            if in_flight.len() >= 256 {
                in_flight.next().await.transpose()?;
            }
        }
    }
    while in_flight.next().await.transpose()?.is_some() {}
    Ok(triggers)
}

/// The durable consumers an event passes through up to its decision, in pipeline order
/// (each service names its consumer after itself).
const DECIDING: [(Stream, &str); 2] = [
    (Stream::In, baton_conversation::SERVICE),
    (Stream::Turns, baton_trigger_evaluator::SERVICE),
];

/// How often the consumers are asked how far they are: the error it adds to a run's
/// duration.
const POLL: Duration = Duration::from_millis(10);

/// A run fails when the pipeline decides nothing more for this long.
const STALL_LIMIT: Duration = Duration::from_secs(30);

/// Waits until every published event has been applied and every turn decided, and returns
/// when that was first seen: the moment of the run's last decision (within [`POLL`]).
///
/// The trigger-evaluator acknowledges a turn only once its decision (and any
/// `HandoffRequested`) is stored, so both consumers having nothing pending or unacknowledged
/// means every decision was made. Checked in pipeline order: once the conversation service
/// has acknowledged every event, every `TurnRecorded` is stored and counted by the next.
async fn wait_decided(bus: &Bus) -> anyhow::Result<Instant> {
    let mut consumers = Vec::new();
    for (stream, durable) in DECIDING {
        consumers.push((bus.jetstream().get_stream(stream.name()).await?, durable));
    }
    let mut last_change = (Instant::now(), u64::MAX);
    loop {
        let mut undecided = 0;
        for (stream, durable) in &consumers {
            let info = stream
                .consumer_info(durable)
                .await
                .with_context(|| format!("consumer {durable}"))?;
            undecided += info.num_pending + info.num_ack_pending as u64;
        }
        let now = Instant::now();
        if undecided == 0 {
            return Ok(now);
        }
        if undecided != last_change.1 {
            last_change = (now, undecided);
        }
        anyhow::ensure!(
            now.duration_since(last_change.0) < STALL_LIMIT,
            "{undecided} messages undecided, and none more decided for {STALL_LIMIT:?}"
        );
        tokio::time::sleep(POLL).await;
    }
}

/// When something was first seen, by conversation.
type Moments = HashMap<String, Instant>;

/// When each conversation's handoff request and dispatch were seen on the bus.
#[derive(Default)]
struct Seen {
    requested: Moments,
    dispatched: Moments,
}

/// Which moments of [`Seen`] a subject's messages mark.
type Pick = fn(&mut Seen) -> &mut Moments;

/// Watches the bus (core subscriptions: they see every stored message as it is stored).
///
/// Only handoff requests and dispatches, one per handoff: a subscription to `baton.turn.>`
/// would have the server deliver every conversation snapshot a second time, to this
/// process, on the cores the pipeline is being measured on.
struct Watch {
    seen: Arc<Mutex<Seen>>,
}

impl Watch {
    async fn start(bus: &Bus) -> anyhow::Result<Self> {
        let seen = Arc::new(Mutex::new(Seen::default()));
        let kinds: [(&str, Pick); 2] = [
            ("baton.handoff.requested.>", |seen| &mut seen.requested),
            ("baton.handoff.dispatch.>", |seen| &mut seen.dispatched),
        ];
        for (subject, kind) in kinds {
            let mut subscription = bus.client().subscribe(subject).await?;
            let seen = seen.clone();
            tokio::spawn(async move {
                while let Some(message) = subscription.next().await {
                    let conversation = message
                        .subject
                        .rsplit('.')
                        .next()
                        .unwrap_or_default()
                        .to_owned();
                    let mut seen = seen
                        .lock()
                        .unwrap_or_else(std::sync::PoisonError::into_inner);
                    kind(&mut seen)
                        .entry(conversation)
                        .or_insert_with(Instant::now);
                }
            });
        }
        Ok(Self { seen })
    }

    async fn wait_dispatches(&self, triggers: &Moments, limit: Duration) -> anyhow::Result<()> {
        let deadline = Instant::now() + limit;
        loop {
            let missing = {
                let seen = self
                    .seen
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner);
                triggers
                    .keys()
                    .filter(|c| !seen.dispatched.contains_key(*c))
                    .count()
            };
            if missing == 0 {
                return Ok(());
            }
            anyhow::ensure!(
                Instant::now() < deadline,
                "{missing} of {} handoffs not dispatched within {limit:?}",
                triggers.len()
            );
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    }

    /// Milliseconds from publishing each trigger message to its request and its dispatch.
    fn latencies(&self, triggers: &Moments) -> (Vec<f64>, Vec<f64>) {
        let seen = self
            .seen
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let since = |at: &Moments| -> Vec<f64> {
            triggers
                .iter()
                .filter_map(|(c, published)| {
                    at.get(c)
                        .map(|t| t.duration_since(*published).as_secs_f64() * 1000.0)
                })
                .collect()
        };
        (since(&seen.requested), since(&seen.dispatched))
    }
}

/// The `q` quantile of `values` (nearest rank), rounded to 0.1 ms; 0 when empty.
fn percentile(values: &[f64], q: f64) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let rank = ((q * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    (sorted[rank - 1] * 10.0).round() / 10.0
}

/// The report as aligned rows of label and figures.
fn table(report: &Report) -> String {
    let mut rss: Vec<String> = report
        .peak_rss_mb
        .iter()
        .map(|(s, mb)| format!("{s} {mb} MiB"))
        .collect();
    rss.sort();
    let mut rows = vec![
        ("machine".to_owned(), format!("{} cores", report.cores)),
        (
            "message size".to_owned(),
            format!("{} bytes", report.message_bytes),
        ),
        (
            "raw JetStream publish".to_owned(),
            format!("{:.0} msg/s", report.raw_publish_per_s),
        ),
        (
            "Baton pipeline".to_owned(),
            format!(
                "{:.0} events/s ({} events, {:.1}% of raw)",
                report.pipeline_events_per_s,
                report.pipeline_events,
                report.ratio_to_raw * 100.0
            ),
        ),
        ("handoffs".to_owned(), report.handoffs.to_string()),
        (
            "publish → HandoffRequested".to_owned(),
            format!(
                "p50 {:.1} ms  p99 {:.1} ms  max {:.1} ms ({} samples)",
                report.p50_decision_ms,
                report.p99_decision_ms,
                report.max_decision_ms,
                report.decision_samples
            ),
        ),
        (
            "publish → dispatch".to_owned(),
            format!("p99 {:.1} ms", report.p99_dispatch_ms),
        ),
        (
            format!("at {:.0} events/s", report.latency_run_load_per_s),
            format!(
                "p50 {:.1} ms  p99 {:.1} ms (decision, {} samples)",
                report.latency_run_p50_decision_ms,
                report.latency_run_p99_decision_ms,
                report.latency_run_samples
            ),
        ),
        ("peak RSS".to_owned(), rss.join(", ")),
    ];
    if let Some(by_turns) = &report.events_per_s_by_turns {
        // Relative to the shortest conversations: what length alone costs per event.
        let shortest = by_turns.values().next().copied().unwrap_or_default();
        let rates = by_turns
            .iter()
            .map(|(turns, rate)| {
                format!(
                    "{turns} turns {rate:.0} events/s ({:.0}%)",
                    rate / shortest * 100.0
                )
            })
            .collect::<Vec<_>>();
        rows.push(("by turns".to_owned(), rates.join(", ")));
    }
    rows.iter()
        .map(|(label, figures)| format!("{label:<28}{figures}\n"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_are_nearest_rank_over_every_sample() {
        let samples: Vec<f64> = (1..=1000).rev().map(f64::from).collect();
        assert_eq!(percentile(&samples, 0.50), 500.0);
        assert_eq!(
            percentile(&samples, 0.99),
            990.0,
            "of 1,000 samples the p99 is the 990th, not the maximum"
        );
        assert_eq!(percentile(&samples, 1.0), 1000.0);
        assert_eq!(percentile(&[2.345], 0.99), 2.3, "rounded to 0.1 ms");
        assert_eq!(percentile(&[], 0.99), 0.0);
    }

    #[derive(clap::Parser)]
    struct Bench {
        #[command(flatten)]
        args: Args,
    }

    fn parse(flags: &[&str]) -> Result<Args, clap::Error> {
        let line = std::iter::once("bench").chain(flags.iter().copied());
        <Bench as clap::Parser>::try_parse_from(line).map(|bench| bench.args)
    }

    fn turns(flags: &[&str]) -> Result<Vec<usize>, clap::Error> {
        parse(flags).map(|args| args.turns)
    }

    /// The message clap prints for `flags`, which must be refused.
    fn refusal(flags: &[&str]) -> String {
        match parse(flags) {
            Ok(_) => format!("{flags:?} accepted"),
            Err(err) => err.to_string(),
        }
    }

    #[test]
    fn turns_take_one_value_or_a_list() {
        assert_eq!(turns(&[]).expect("parse"), [5], "today's default");
        assert_eq!(
            turns(&["--turns", "3,50,200"]).expect("parse"),
            [3, 50, 200]
        );
        assert_eq!(
            turns(&["--messages", "7"]).expect("parse"),
            [7],
            "the old flag still works"
        );
        assert!(turns(&["--turns", "3,0"]).is_err());
        assert!(turns(&["--turns", "3,x"]).is_err());
    }

    #[test]
    fn defaults_are_todays() {
        let args = parse(&[]).expect("parse");
        assert_eq!(args.conversations, None, "enough for 20,000 events");
        assert_eq!(args.trigger_every, 4);
        assert_eq!(args.raw_messages, 20_000);
        assert_eq!(args.latency_load, 0.5);
        assert!(!args.json);
    }

    #[test]
    fn bad_flags_are_refused_naming_the_flag_and_why() {
        for (flags, flag, why) in [
            (&["--turns", "0"][..], "--turns", "must be at least 1"),
            (&["--turns", "abc"], "--turns", "expected a whole number"),
            (&["--turns", "3,-1"], "--turns", "expected a whole number"),
            (&["--conversations", "0"], "--conversations", "at least 1"),
            (&["--trigger-every", "0"], "--trigger-every", "at least 1"),
            (&["--raw-messages", "0"], "--raw-messages", "at least 1"),
            (&["--latency-load", "0"], "--latency-load", "above 0"),
            (&["--latency-load", "1.5"], "--latency-load", "at most 1"),
            (&["--latency-load", "NaN"], "--latency-load", "above 0"),
            (&["--latency-load", "half"], "--latency-load", "such as 0.5"),
        ] {
            let message = refusal(flags);
            assert!(
                message.contains(flag) && message.contains(why),
                "{flags:?}: {message}"
            );
        }
        assert_eq!(
            parse(&["--latency-load", "1"])
                .expect("the whole capacity is a fraction")
                .latency_load,
            1.0
        );
    }

    /// The keys `baton bench --json` had before `--turns` took a list; scripts read them.
    const TODAYS_KEYS: [&str; 17] = [
        "cores",
        "decision_samples",
        "handoffs",
        "latency_run_load_per_s",
        "latency_run_p50_decision_ms",
        "latency_run_p99_decision_ms",
        "latency_run_samples",
        "max_decision_ms",
        "message_bytes",
        "p50_decision_ms",
        "p99_decision_ms",
        "p99_dispatch_ms",
        "peak_rss_mb",
        "pipeline_events",
        "pipeline_events_per_s",
        "ratio_to_raw",
        "raw_publish_per_s",
    ];

    /// A run of 20,000 events at 4,000 events/s whose 1,000 handoffs took 1..=1000 ms (in
    /// no particular order) to decide and twice that to dispatch.
    fn measured() -> Measured {
        let decisions: Vec<f64> = (1..=1000).map(|n| f64::from((n * 7) % 1000 + 1)).collect();
        Measured {
            events: 20_000,
            events_per_s: 4_000.4,
            handoffs: 1_000,
            dispatches: decisions.iter().map(|ms| ms * 2.0).collect(),
            decisions,
        }
    }

    fn report(by_turns: Option<BTreeMap<usize, f64>>) -> Report {
        let rss = HashMap::from([("conversation".to_owned(), 21.5)]);
        Report::new(
            99,
            80_000.0,
            &measured(),
            &measured(),
            2_000.2,
            by_turns,
            rss,
        )
    }

    fn keys(report: &Report) -> Vec<String> {
        let json = serde_json::to_value(report).expect("serialize");
        json.as_object()
            .expect("an object")
            .keys()
            .cloned()
            .collect()
    }

    #[test]
    fn json_keeps_todays_keys_and_adds_rates_by_turns_only_for_a_list() {
        let mut todays: Vec<String> = TODAYS_KEYS.iter().map(|k| (*k).to_owned()).collect();
        todays.sort();
        let mut one = keys(&report(None));
        one.sort();
        assert_eq!(one, todays, "one --turns value: today's keys, no more");

        let listed = report(Some(BTreeMap::from([(3, 4_000.0), (200, 3_300.0)])));
        let mut keys = keys(&listed);
        keys.sort();
        todays.push("events_per_s_by_turns".into());
        todays.sort();
        assert_eq!(keys, todays);
        assert_eq!(
            serde_json::to_value(&listed).expect("serialize")["events_per_s_by_turns"],
            serde_json::json!({"3": 4000.0, "200": 3300.0}),
            "turns → events/s"
        );
    }

    #[test]
    fn report_takes_every_sample_and_rounds_the_rates() {
        let report = report(None);
        assert_eq!(report.decision_samples, 1_000);
        assert_eq!(report.latency_run_samples, 1_000);
        assert_eq!(report.p50_decision_ms, 500.0);
        assert_eq!(report.p99_decision_ms, 990.0, "the 990th of 1,000");
        assert_eq!(report.max_decision_ms, 1000.0);
        assert_eq!(report.p99_dispatch_ms, 1980.0);
        assert_eq!(report.pipeline_events_per_s, 4_000.0);
        assert_eq!(report.ratio_to_raw, 0.05);
        assert_eq!(report.latency_run_load_per_s, 2_000.0);
    }

    #[test]
    fn table_prints_the_figures_aligned_and_rates_by_turns_for_a_list() {
        let one = table(&report(None));
        assert!(
            one.contains("4000 events/s (20000 events, 5.0% of raw)"),
            "{one}"
        );
        assert!(
            one.contains("p50 500.0 ms  p99 990.0 ms  max 1000.0 ms (1000 samples)"),
            "{one}"
        );
        assert!(!one.contains("by turns"), "{one}");
        for line in one.lines() {
            let chars: Vec<char> = line.chars().collect();
            assert!(
                chars.len() > 28 && chars[27] == ' ' && chars[28] != ' ',
                "figures start in one column: {line:?}"
            );
        }

        let listed = table(&report(Some(BTreeMap::from([
            (3, 4_000.0),
            (200, 3_200.0),
        ]))));
        assert!(
            listed.contains("3 turns 4000 events/s (100%), 200 turns 3200 events/s (80%)"),
            "{listed}"
        );
    }

    #[test]
    fn conversations_default_to_twenty_thousand_events() {
        assert_eq!(conversations_for(5, None), 4_000);
        assert_eq!(conversations_for(3, None), 6_667, "never fewer events");
        assert_eq!(conversations_for(200, None), 100);
        assert_eq!(conversations_for(5, Some(10)), 10);
    }
}
