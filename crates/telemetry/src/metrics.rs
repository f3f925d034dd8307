//! Prometheus metrics: one process-wide recorder (all services of `baton run` share it),
//! rendered as Prometheus text by the `/metrics` endpoint.

use std::sync::OnceLock;

use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};

use crate::Error;

static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();

/// Buckets for latencies in seconds: handler times from a millisecond to a minute.
const LATENCY_BUCKETS: &[f64] = &[
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0,
];

/// Installs the Prometheus recorder; later calls return the same handle.
pub fn install() -> Result<&'static PrometheusHandle, Error> {
    if let Some(handle) = HANDLE.get() {
        return Ok(handle);
    }
    let recorder = PrometheusBuilder::new()
        .set_buckets_for_metric(Matcher::Suffix("_seconds".into()), LATENCY_BUCKETS)
        .map_err(|err| Error::Metrics(err.to_string()))?
        .build_recorder();
    let handle = recorder.handle();
    match metrics::set_global_recorder(recorder) {
        Ok(()) => Ok(HANDLE.get_or_init(|| handle)),
        // Another thread won the race; its handle is the one that is recording.
        Err(_) => HANDLE
            .get()
            .ok_or_else(|| Error::Metrics("another metrics recorder is installed".into())),
    }
}

/// The current metrics as Prometheus text (empty before [`install`]).
pub fn render() -> String {
    HANDLE
        .get()
        .map(PrometheusHandle::render)
        .unwrap_or_default()
}
