//! The on-call's two questions about a consumer, as gauges.

use std::time::Duration;

use async_nats::jetstream::consumer::pull;
use tokio_util::sync::CancellationToken;

use crate::Bus;
use crate::subjects::{self, Stream};
use crate::worker::WorkerSpec;

/// How often the backlog gauges are refreshed: often enough for an alert on lag, rare enough
/// that replicas asking the server cost nothing.
const BACKLOG_EVERY: Duration = Duration::from_secs(15);

/// Publishes the on-call's two questions as gauges: how far behind is this consumer
/// (`baton_consumer_pending`, `baton_consumer_ack_pending`), and how many of this service's
/// messages are waiting in the DLQ (`baton_dlq_messages`). Runs until `shutdown`, beside
/// [`run`](super::run).
pub async fn report_backlog(bus: Bus, spec: WorkerSpec, shutdown: CancellationToken) {
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
