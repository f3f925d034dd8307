//! Driving a connector as the router does: publish a dispatch, read the results back.

use std::time::Duration;

use baton_bus::subjects::{self, Stream};
use baton_bus::{Bus, Publisher};
use baton_proto::v1::{
    Customer, Handoff, HandoffDispatch, HandoffPackage, HandoffReason, HandoffResult, HandoffType,
    Role, Summary, Turn, handoff, handoff_result,
};

use crate::{eventually, stored};

/// A small package with markup in the customer's words, a reason and a summary: what a
/// connector's note or ticket text is checked against.
pub fn double_charge_package() -> HandoffPackage {
    HandoffPackage {
        tenant_id: "Acme".into(),
        transcript: vec![
            Turn::said(Role::User, "My card <1234> was charged twice"),
            Turn::said(Role::Agent, "I can't see refunds"),
            Turn::said(Role::User, "I want a person"),
        ],
        reason: Some(HandoffReason {
            text: "The customer asked for a person".into(),
            ..Default::default()
        }),
        summary: Some(Summary {
            text: "Double charge; wants a refund".into(),
            ..Default::default()
        }),
        ..Default::default()
    }
}

/// Jane Doe, a customer the helpdesks know by email and external id.
pub fn jane() -> Customer {
    Customer {
        name: "Jane Doe".into(),
        email: "jane@example.com".into(),
        external_id: "cust-42".into(),
        ..Customer::default()
    }
}

/// An enabled handoff of `kind` with `settings`, its id the kind's label
/// (`zendesk-ticket`).
pub fn handoff_of(kind: HandoffType, settings: handoff::Settings) -> Handoff {
    Handoff {
        id: kind.label().replace('_', "-"),
        r#type: kind as i32,
        enabled: true,
        settings: Some(settings),
        ..Handoff::default()
    }
}

/// The first dispatch of `handoff` for record `record`, conversation `conversation` of
/// tenant `acme` (agent `support`), with `customer` and a three-turn conversation about a
/// double charge, its reason and its summary: what the connectors' tests deliver.
pub fn dispatch_of(
    handoff: Handoff,
    record: &str,
    conversation: &str,
    customer: Customer,
) -> HandoffDispatch {
    let reason = HandoffReason {
        handoff_id: handoff.id.clone(),
        text: "The customer asked to speak with a person.".into(),
        ..Default::default()
    };
    HandoffDispatch {
        record_id: record.into(),
        attempt: 0,
        handoff: Some(handoff),
        package: Some(HandoffPackage {
            record_id: record.into(),
            tenant_id: "acme".into(),
            agent_id: "support".into(),
            conversation_id: conversation.into(),
            customer: Some(customer),
            transcript: vec![
                Turn::said(Role::User, "I was charged twice for my subscription."),
                Turn::said(Role::Agent, "I can't issue refunds myself."),
                Turn::said(Role::User, "Then let me talk to a person, please."),
            ],
            reason: Some(reason),
            summary: Some(Summary {
                problem: "I was charged twice for my subscription.".into(),
                text: "Charged twice; the AI agent cannot refund; wants a person.".into(),
                ..Default::default()
            }),
            ..Default::default()
        }),
        dispatched_at: None,
    }
}

/// Publishes `dispatch` on its type's dispatch subject, as the router does. `copy` varies
/// the msg-id: a copy other than 0 is a redelivery JetStream does not drop, as a restarted
/// router's would be.
///
/// # Panics
/// When the dispatch lacks its package or handoff, or cannot be published.
pub async fn publish_dispatch(bus: &Bus, dispatch: &HandoffDispatch, copy: u32) {
    let package = dispatch
        .package
        .as_ref()
        .unwrap_or_else(|| panic!("a dispatch without package"));
    let kind = dispatch
        .handoff
        .as_ref()
        .unwrap_or_else(|| panic!("a dispatch without handoff"))
        .r#type();
    Publisher::new(bus.clone())
        .publish(
            subjects::handoff_dispatch(kind, &package.tenant_id, &package.conversation_id)
                .unwrap_or_else(|err| panic!("{err}")),
            &format!(
                "dispatch:{}:{}:{copy}",
                dispatch.record_id, dispatch.attempt
            ),
            dispatch,
        )
        .await
        .unwrap_or_else(|err| panic!("cannot publish the dispatch: {err}"));
}

/// The results published for `conversation` of `tenant`, in order.
pub async fn results(bus: &Bus, tenant: &str, conversation: &str) -> Vec<HandoffResult> {
    stored(
        bus,
        Stream::Handoffs,
        &subjects::handoff_result(tenant, conversation).unwrap_or_else(|err| panic!("{err}")),
    )
    .await
    .iter()
    .map(|m| m.decode())
    .collect()
}

/// Waits (at most `timeout`) for the first result for `conversation` of `tenant`.
///
/// # Panics
/// When none comes in time.
pub async fn first_result(
    bus: &Bus,
    tenant: &str,
    conversation: &str,
    timeout: Duration,
) -> handoff_result::Outcome {
    eventually("a handoff result", timeout, || async {
        results(bus, tenant, conversation)
            .await
            .into_iter()
            .next()
            .and_then(|r| r.outcome)
    })
    .await
}
