//! Prometheus metrics: one process-wide recorder (all services of `baton run` share it),
//! rendered as Prometheus text by the `/metrics` endpoint.

use std::sync::{Mutex, OnceLock, PoisonError};

use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};

use crate::Error;

static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
/// Held while a recorder is installed: a second caller waits and gets the first one's
/// handle, instead of finding the global recorder set and its handle not yet stored.
static INSTALLING: Mutex<()> = Mutex::new(());

/// Buckets for latencies in seconds: handler times from a millisecond to a minute.
const LATENCY_BUCKETS: &[f64] = &[
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0,
];

/// Buckets for the time from a handoff request to a helpdesk accepting it: live handoffs
/// take seconds, a slow helpdesk minutes, and the router gives up at the dispatch deadline
/// (`BATON_DISPATCH_TIMEOUT_SECS`, 600 s) — so the buckets reach it, or an alert on
/// "slower than a minute" could never fire.
const ACCEPTANCE_BUCKETS: &[f64] = &[
    0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0, 180.0, 300.0, 450.0, 600.0,
];

/// Installs the Prometheus recorder; later calls return the same handle.
pub fn install() -> Result<&'static PrometheusHandle, Error> {
    if let Some(handle) = HANDLE.get() {
        return Ok(handle);
    }
    let _installing = INSTALLING.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(handle) = HANDLE.get() {
        return Ok(handle);
    }
    let metrics_error =
        |err: metrics_exporter_prometheus::BuildError| Error::Metrics(err.to_string());
    let recorder = PrometheusBuilder::new()
        // A full name wins over a suffix, whatever the order they are given in.
        .set_buckets_for_metric(
            Matcher::Full("baton_handoff_acceptance_seconds".into()),
            ACCEPTANCE_BUCKETS,
        )
        .map_err(metrics_error)?
        .set_buckets_for_metric(Matcher::Suffix("_seconds".into()), LATENCY_BUCKETS)
        .map_err(metrics_error)?
        .build_recorder();
    let handle = recorder.handle();
    match metrics::set_global_recorder(recorder) {
        Ok(()) => Ok(HANDLE.get_or_init(|| handle)),
        // Not ours: a recorder installed by something else in the process.
        Err(_) => Err(Error::Metrics(
            "another metrics recorder is installed".into(),
        )),
    }
}

/// The current metrics as Prometheus text (empty before [`install`]).
pub fn render() -> String {
    HANDLE
        .get()
        .map(PrometheusHandle::render)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn callers_racing_to_install_all_get_the_one_recorder() {
        let handles: Vec<usize> = std::thread::scope(|scope| {
            let racers: Vec<_> = (0..8)
                .map(|_| scope.spawn(|| install().map(|h| std::ptr::from_ref(h) as usize)))
                .collect();
            racers
                .into_iter()
                .map(|r| r.join().expect("no panic").expect("installed"))
                .collect()
        });
        assert!(handles.windows(2).all(|w| w[0] == w[1]), "{handles:?}");
    }

    #[test]
    fn acceptance_is_bucketed_up_to_the_dispatch_deadline() {
        install().expect("recorder");
        metrics::histogram!("baton_handoff_acceptance_seconds", "type" => "test").record(90.0);
        metrics::histogram!("baton_handler_duration_seconds", "service" => "test").record(0.2);
        let text = render();
        assert!(
            text.contains(r#"baton_handoff_acceptance_seconds_bucket{type="test",le="600"} 1"#),
            "{text}"
        );
        assert!(
            text.contains(r#"baton_handler_duration_seconds_bucket{service="test",le="60"} 1"#),
            "{text}"
        );
    }
}
