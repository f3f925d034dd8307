//! A handoff is one trace: the spans of every service it crosses, exported over OTLP to an
//! in-process receiver, share the trace id of the customer's message and link each to the
//! span that caused it — down to the connector's HTTP calls, whose `traceparent` reaches
//! the helpdesk.

#![allow(clippy::panic)]

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use baton_bus::Publisher;
use baton_e2e::{Script, Stack, WAIT};
use baton_proto::v1::PutAgentConfigRequest;
use baton_testkit::peer::{HttpPeer, Reply};
use baton_testkit::{TestNats, eventually};
use opentelemetry_proto::tonic::collector::trace::v1::trace_service_server::{
    TraceService, TraceServiceServer,
};
use opentelemetry_proto::tonic::collector::trace::v1::{
    ExportTraceServiceRequest, ExportTraceServiceResponse,
};
use opentelemetry_proto::tonic::common::v1::any_value::Value;
use opentelemetry_proto::tonic::trace::v1::Span;
use tracing::Instrument;

/// Collects every exported span.
#[derive(Clone, Default)]
struct Receiver {
    spans: Arc<Mutex<Vec<Span>>>,
}

#[tonic::async_trait]
impl TraceService for Receiver {
    async fn export(
        &self,
        request: tonic::Request<ExportTraceServiceRequest>,
    ) -> Result<tonic::Response<ExportTraceServiceResponse>, tonic::Status> {
        let mut spans = self.spans.lock().expect("lock");
        for resource in request.into_inner().resource_spans {
            for scope in resource.scope_spans {
                spans.extend(scope.spans);
            }
        }
        Ok(tonic::Response::new(ExportTraceServiceResponse::default()))
    }
}

fn attribute(span: &Span, key: &str) -> Option<String> {
    span.attributes
        .iter()
        .find(|kv| kv.key == key)
        .and_then(|kv| kv.value.as_ref())
        .and_then(|v| match &v.value {
            Some(Value::StringValue(s)) => Some(s.clone()),
            _ => None,
        })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_handoff_is_one_trace_across_the_services() {
    let receiver = Receiver::default();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let address = listener.local_addr().expect("address");
    tokio::spawn(
        tonic::transport::Server::builder()
            .add_service(TraceServiceServer::new(receiver.clone()))
            .serve_with_incoming(tonic::transport::server::TcpIncoming::from(listener)),
    );
    let telemetry = baton_telemetry::init_with(
        "baton-e2e",
        Some(baton_telemetry::Export::Endpoint(format!(
            "http://{address}"
        ))),
    )
    .expect("telemetry");

    let nats = TestNats::start().await;
    let intercom = HttpPeer::scripted(|request| {
        Reply::json(
            200,
            serde_json::json!({ "id": "6762f0dd1bb69f9f2193bb83", "conversation_id": "4001", "data": [],
                "conversations": [], "type": if request.path == "/me" { "admin" } else { "ok" } }),
        )
    })
    .await;
    let stack = Stack::start(&nats, |s| {
        s.intercom.intercom_token = Some(secrecy::SecretString::from("t".to_owned()));
        s.intercom.intercom_base_url = intercom.url();
    })
    .await;
    stack
        .admin()
        .await
        .put_agent_config(PutAgentConfigRequest {
            yaml: "tenant_id: acme\nagent_id: support\nhandoffs:\n  - id: person\n    type: intercom\n    trigger: Hand off when the customer asks to talk to a person.\n    intercom: {team_id: \"5017691\"}\n".into(),
            live: true,
        })
        .await
        .expect("apply");
    let bus = nats.bus("test").await;
    let script = Script::new(Publisher::new(bus.clone()), "acme", "support");

    let root = tracing::info_span!("customer writes");
    let trace_id = baton_telemetry::propagation::trace_id(&root);
    script
        .user("c1", "e1", "I want to talk to a person, please.")
        .instrument(root)
        .await;
    eventually("the Intercom conversation's assignment", WAIT, || async {
        (!intercom
            .matching("POST /conversations/4001/parts")
            .is_empty())
        .then_some(())
    })
    .await;
    // The router's span for the accepted result is the last hop.
    tokio::time::sleep(std::time::Duration::from_secs(2)).await;
    stack.stop().await;
    // Flushing blocks until the exporter's gRPC call, which runs on the other workers, is done.
    tokio::task::spawn_blocking(move || drop(telemetry))
        .await
        .expect("flush");

    let spans = receiver.spans.lock().expect("lock").clone();
    let in_trace: Vec<&Span> = spans
        .iter()
        .filter(|span| hex::encode(&span.trace_id) == trace_id)
        .collect();
    let services: Vec<String> = in_trace
        .iter()
        .filter_map(|span| attribute(span, "baton.service"))
        .collect();
    for service in [
        "conversation",
        "trigger-evaluator",
        "handoff-router",
        "intercom-connector",
    ] {
        assert!(
            services.iter().any(|s| s == service),
            "{service} has a span in the handoff's trace; services seen: {services:?}"
        );
    }
    let ids: HashMap<Vec<u8>, &Span> = in_trace.iter().map(|s| (s.span_id.clone(), *s)).collect();
    for span in &in_trace {
        if attribute(span, "baton.service").is_some() {
            assert!(
                ids.contains_key(&span.parent_span_id),
                "span {} has its parent in the trace",
                span.name
            );
        }
    }
    // The connector's calls are client spans in the trace, children of its consumer span,
    // and Intercom received the trace context with each.
    let create = in_trace
        .iter()
        .find(|span| span.name == "POST /conversations")
        .unwrap_or_else(|| panic!("no client span for the conversation's creation"));
    assert_eq!(create.kind, 3, "SPAN_KIND_CLIENT");
    assert_eq!(
        attribute(create, "http.route").as_deref(),
        Some("/conversations")
    );
    assert!(
        ids.contains_key(&create.parent_span_id),
        "the HTTP span has its parent in the trace"
    );
    for request in intercom.requests() {
        let traceparent = request.header("traceparent").unwrap_or_default();
        assert!(
            traceparent.contains(&trace_id),
            "{} carried traceparent {traceparent:?}",
            request.line()
        );
    }
    for span in &spans {
        for kv in &span.attributes {
            if let Some(Value::StringValue(value)) =
                kv.value.as_ref().and_then(|v| v.value.as_ref())
            {
                assert!(
                    !value.contains("talk to a person"),
                    "customer text is never an attribute ({} on {})",
                    kv.key,
                    span.name
                );
            }
        }
    }
}
