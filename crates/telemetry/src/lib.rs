//! Telemetry for every Baton process: logs (JSON, or human-readable on a terminal), traces
//! (OpenTelemetry, exported over OTLP/gRPC when `OTEL_EXPORTER_OTLP_ENDPOINT` is set), W3C
//! trace context carried in NATS headers, Prometheus metrics, and the health/readiness/metrics
//! HTTP endpoints.

pub mod health;
pub mod metrics;
pub mod propagation;

use std::io::IsTerminal;

use baton_settings_catalogue::Setting;
use opentelemetry::trace::TracerProvider as _;
use opentelemetry_otlp::WithExportConfig as _;
use opentelemetry_sdk::Resource;
use opentelemetry_sdk::propagation::TraceContextPropagator;
use opentelemetry_sdk::trace::SdkTracerProvider;
use tracing_subscriber::EnvFilter;
use tracing_subscriber::Layer as _;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;

/// Why telemetry could not start.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The OTLP exporter could not be built (bad endpoint, bad TLS settings).
    #[error("cannot build the OTLP trace exporter")]
    Exporter(#[from] opentelemetry_otlp::ExporterBuildError),
    /// A global subscriber was already installed.
    #[error("a tracing subscriber is already installed")]
    AlreadyInstalled(#[from] tracing_subscriber::util::TryInitError),
    /// The Prometheus recorder could not be installed.
    #[error("cannot install the Prometheus metrics recorder: {0}")]
    Metrics(String),
}

/// Keeps the tracer provider alive; flushes pending spans when dropped.
#[must_use = "dropping the guard shuts tracing export down"]
pub struct TelemetryGuard {
    provider: SdkTracerProvider,
}

impl Drop for TelemetryGuard {
    fn drop(&mut self) {
        if let Err(err) = self.provider.shutdown() {
            eprintln!("telemetry: flushing spans at shutdown failed: {err}");
        }
    }
}

/// Installs logging, tracing and metrics for a process named `service`.
///
/// Call once, inside the Tokio runtime (the OTLP exporter's batch processor needs it).
/// `RUST_LOG` filters logs (default `info`); `OTEL_EXPORTER_OTLP_ENDPOINT` turns on export.
/// Spans get trace ids even without export, so trace context still propagates.
pub fn init(service: &'static str) -> Result<TelemetryGuard, Error> {
    let exporting = OTLP_ENDPOINTS
        .iter()
        .any(|variable| std::env::var_os(variable).is_some());
    init_with(service, exporting.then_some(Export::FromEnvironment))
}

/// Either turns on span export (the OpenTelemetry exporter reads them itself).
const OTLP_ENDPOINTS: [&str; 2] = [
    "OTEL_EXPORTER_OTLP_ENDPOINT",
    "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
];

/// The log filter when `RUST_LOG` is unset.
const DEFAULT_LOG_FILTER: &str = "info";

/// The environment every process reads for its telemetry, for the settings catalogue.
pub fn settings() -> Vec<Setting> {
    let mut settings = vec![Setting::plain("RUST_LOG", Some(DEFAULT_LOG_FILTER))];
    settings.extend(OTLP_ENDPOINTS.map(|variable| Setting::plain(variable, None)));
    settings
}

/// Where spans go.
#[derive(Debug, Clone)]
pub enum Export {
    /// The endpoint and options of the standard `OTEL_EXPORTER_OTLP_*` variables.
    FromEnvironment,
    /// This OTLP/gRPC endpoint (e.g. `http://127.0.0.1:4317`).
    Endpoint(String),
}

/// [`init`] with an explicit export: `None` keeps spans in-process (trace context still
/// propagates).
pub fn init_with(service: &'static str, export: Option<Export>) -> Result<TelemetryGuard, Error> {
    let provider = tracer_provider(service, export)?;
    let tracer = provider.tracer(service);
    opentelemetry::global::set_text_map_propagator(TraceContextPropagator::new());
    opentelemetry::global::set_tracer_provider(provider.clone());
    metrics::install()?;

    let registry = tracing_subscriber::registry().with(otel_layer(tracer));
    if std::io::stdout().is_terminal() {
        registry
            .with(tracing_subscriber::fmt::layer().with_filter(log_filter(DEFAULT_LOG_FILTER)))
            .try_init()?;
    } else {
        registry
            .with(
                tracing_subscriber::fmt::layer()
                    .json()
                    .flatten_event(true)
                    .with_current_span(false)
                    .with_filter(log_filter(DEFAULT_LOG_FILTER)),
            )
            .try_init()?;
    }
    Ok(TelemetryGuard { provider })
}

/// The log filter: `RUST_LOG`, else `default`.
fn log_filter(default: &str) -> EnvFilter {
    EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(default))
}

/// Spans at info and above become OpenTelemetry spans whatever the log filter says, so a
/// quiet log never breaks a trace.
fn otel_layer<S>(tracer: opentelemetry_sdk::trace::SdkTracer) -> impl tracing_subscriber::Layer<S>
where
    S: tracing::Subscriber + for<'span> tracing_subscriber::registry::LookupSpan<'span>,
{
    tracing_opentelemetry::layer()
        .with_tracer(tracer)
        .with_filter(tracing_subscriber::filter::LevelFilter::INFO)
}

/// Logs to the test harness (filtered by `RUST_LOG`, default `warn`) and traces without
/// export, so trace context propagates in tests as in production. Idempotent.
pub fn init_for_tests() {
    let provider = SdkTracerProvider::builder().build();
    let tracer = provider.tracer("baton-test");
    opentelemetry::global::set_text_map_propagator(TraceContextPropagator::new());
    opentelemetry::global::set_tracer_provider(provider);
    let _ = metrics::install();
    let _ = tracing_subscriber::registry()
        .with(otel_layer(tracer))
        .with(
            tracing_subscriber::fmt::layer()
                .with_test_writer()
                .with_filter(log_filter("warn")),
        )
        .try_init();
}

fn tracer_provider(
    service: &'static str,
    export: Option<Export>,
) -> Result<SdkTracerProvider, Error> {
    let resource = Resource::builder().with_service_name(service).build();
    let builder = SdkTracerProvider::builder().with_resource(resource);
    let Some(export) = export else {
        return Ok(builder.build());
    };
    // gRPC (tonic) transport: the HTTP exporter's async reqwest client panics when spans are
    // exported outside a runtime, e.g. at shutdown.
    let exporter = opentelemetry_otlp::SpanExporter::builder().with_tonic();
    let exporter = match export {
        Export::FromEnvironment => exporter,
        Export::Endpoint(endpoint) => exporter.with_endpoint(endpoint),
    }
    .build()?;
    Ok(builder.with_batch_exporter(exporter).build())
}
