//! W3C trace context (`traceparent`, `tracestate`) carried in NATS message headers, so a
//! consumer's span is a child of the span that published the message, across processes;
//! and on outgoing HTTP requests to the helpdesks.

use async_nats::HeaderMap;
use opentelemetry::Context;
use opentelemetry::propagation::{Extractor, Injector};
use tracing_opentelemetry::OpenTelemetrySpanExt;

/// Writes trace context into NATS headers.
pub struct HeaderInjector<'a>(pub &'a mut HeaderMap);

impl Injector for HeaderInjector<'_> {
    fn set(&mut self, key: &str, value: String) {
        self.0.insert(key, value.as_str());
    }
}

/// Reads trace context from NATS headers.
pub struct HeaderExtractor<'a>(pub &'a HeaderMap);

impl Extractor for HeaderExtractor<'_> {
    fn get(&self, key: &str) -> Option<&str> {
        self.0.get(key).map(|value| value.as_str())
    }

    fn keys(&self) -> Vec<&str> {
        self.0.iter().map(|(name, _)| name.as_ref()).collect()
    }
}

/// Injects the current span's context into `headers`.
pub fn inject_current(headers: &mut HeaderMap) {
    let context = tracing::Span::current().context();
    opentelemetry::global::get_text_map_propagator(|propagator| {
        propagator.inject_context(&context, &mut HeaderInjector(headers));
    });
}

/// Writes trace context into outgoing HTTP request headers.
struct HttpHeaderInjector<'a>(&'a mut http::HeaderMap);

impl Injector for HttpHeaderInjector<'_> {
    fn set(&mut self, key: &str, value: String) {
        if let (Ok(name), Ok(value)) = (
            http::HeaderName::from_bytes(key.as_bytes()),
            http::HeaderValue::from_str(&value),
        ) {
            self.0.insert(name, value);
        }
    }
}

/// Injects the current span's context into an outgoing HTTP request's `headers`, so the
/// helpdesk's side of a call (and its logs) can be joined to the handoff's trace.
pub fn inject_current_http(headers: &mut http::HeaderMap) {
    let context = tracing::Span::current().context();
    opentelemetry::global::get_text_map_propagator(|propagator| {
        propagator.inject_context(&context, &mut HttpHeaderInjector(headers));
    });
}

/// The trace context carried by `headers` (empty when there is none).
pub fn extract(headers: &HeaderMap) -> Context {
    opentelemetry::global::get_text_map_propagator(|propagator| {
        propagator.extract(&HeaderExtractor(headers))
    })
}

/// Makes `span` a child of the context carried by `headers`, when there is one.
pub fn set_parent_from(span: &tracing::Span, headers: &HeaderMap) {
    let parent = extract(headers);
    // An error only means the span is disabled (filtered out); nothing to link then.
    let _ = span.set_parent(parent);
}

/// The W3C trace id of `span`, as 32 hex digits (all zeros when the span is not traced).
pub fn trace_id(span: &tracing::Span) -> String {
    use opentelemetry::trace::TraceContextExt;
    span.context().span().span_context().trace_id().to_string()
}
