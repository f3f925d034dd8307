//! Running a [`Plan`]: each step sent once, idempotently across redeliveries and crashes,
//! and the one mapping from how a delivery ended to what the router is told.
//!
//! The link (KV `baton_links`) records progress: the contact as soon as it is known, the
//! state `Creating` (and when) before the object is created, the object once it exists, and
//! each step recorded as done after the helpdesk accepted it. A retry carries on where the
//! last try stopped; one that finds `Creating` first runs the plan's lookups for what that
//! try may have created. The window left — a crash between the helpdesk's answer and the
//! link being written — repeats one step, never the object (a lookup finds it).

use std::time::SystemTime;

use baton_bus::{HandleError, Publisher};
use baton_proto::v1::{
    HandoffAccepted, HandoffDispatch, HandoffType, HelpdeskLink, LinkState, handoff_result,
};

use crate::plan::{AfterObject, Known, Plan, Slot, Unless};
use crate::report::{failed, publish_result};
use crate::{ApiClient, CallError, Links};

/// Why a delivery stopped.
#[derive(Debug)]
pub enum DeliveryError {
    /// The helpdesk refused, stayed unavailable, is rate limiting or gave no clear answer.
    Helpdesk {
        /// What it said.
        err: CallError,
        /// The helpdesk object, when it already existed: the customer is in the helpdesk.
        object: Option<String>,
    },
    /// An interrupted try may have created the object and the helpdesk could not say yet:
    /// find out on redelivery.
    Unfinished(CallError),
    /// The deployment lacks a setting this handoff needs: a final failure with the reason.
    Misconfigured(String),
    /// NATS (links): retry the message later.
    Bus(baton_bus::Error),
}

impl From<baton_bus::Error> for DeliveryError {
    fn from(err: baton_bus::Error) -> Self {
        DeliveryError::Bus(err)
    }
}

/// How far a delivery got.
#[derive(Debug)]
pub struct Delivered {
    /// The helpdesk object (conversation, ticket).
    pub object: String,
    /// Steps the helpdesk refused after the object existed (under [`AfterObject::Accept`]).
    pub skipped: Vec<String>,
    /// Everything the answers named.
    pub known: Known,
}

/// Runs `plan` through `client`, recording progress on `link` (the dispatch's, see
/// [`Links::for_dispatch`]) in `links`.
pub async fn run(
    plan: &Plan<'_>,
    client: &ApiClient,
    links: &Links,
    link: &mut HelpdeskLink,
) -> Result<Delivered, DeliveryError> {
    let mut known = plan.known.clone();
    if !link.contact_id.is_empty() {
        known.insert(Slot::Contact, link.contact_id.clone());
    }
    if !link.first_message_id.is_empty() {
        known.insert(Slot::FirstMessage, link.first_message_id.clone());
    }
    if link.state() == LinkState::Created {
        known.insert(Slot::Object, link.external_id.clone());
    }
    let resuming = link.state() == LinkState::Creating;
    let mut skipped = Vec::new();
    for step in &plan.steps {
        let skip = match &step.unless {
            Unless::Never => false,
            Unless::Known(slot) => known.contains(slot),
            Unless::Done(name) => link.steps_done.contains(name),
        };
        if skip || (step.only_when_resuming && !resuming) {
            continue;
        }
        let object = known
            .contains(&Slot::Object)
            .then(|| known.get(&Slot::Object).to_owned());
        if step.creates_object {
            link.set_state(LinkState::Creating);
            link.started_at = Some(SystemTime::now().into());
            links.save(link).await?;
        }
        let request = (step.request)(&known);
        let answer = match client.call(&request).await {
            Ok(answer) => Some(answer),
            Err(CallError::Rejected { status: 404, .. }) if step.not_found_is_404 => None,
            Err(err) if step.only_when_resuming && !err.is_rejection() => {
                return Err(DeliveryError::Unfinished(err));
            }
            Err(err) => match (object, plan.after_object) {
                (Some(_), AfterObject::Accept { .. }) if err.is_rejection() => {
                    tracing::warn!(record = %link.record_id, error = %err, "the helpdesk refused a step; the handoff is delivered without it");
                    skipped.push(err.to_string());
                    continue;
                }
                (object, _) => return Err(DeliveryError::Helpdesk { err, object }),
            },
        };
        if let (Some(gives), Some(answer)) = (&step.gives, answer) {
            let found = gives.read(&answer);
            let names_it = found.iter().any(|(slot, _)| slot == gives.slot());
            if !names_it && gives.required() {
                return Err(unexpected(client, request.operation, "no id"));
            }
            for (slot, value) in found {
                remember(
                    &mut known,
                    link,
                    links,
                    slot,
                    value,
                    client,
                    request.operation,
                )
                .await?;
            }
        }
        if let Some(name) = &step.done_as {
            link.steps_done.push(name.clone());
            links.save(link).await?;
        }
    }
    if !known.contains(&Slot::Object) {
        return Err(unexpected(
            client,
            "deliver",
            "no step named the helpdesk object",
        ));
    }
    Ok(Delivered {
        object: known.get(&Slot::Object).to_owned(),
        skipped,
        known,
    })
}

/// Records what an answer named; the contact, the object and the first message go on the
/// link at once, so a retry never looks them up or creates them again, and still knows them.
async fn remember(
    known: &mut Known,
    link: &mut HelpdeskLink,
    links: &Links,
    slot: Slot,
    value: String,
    client: &ApiClient,
    operation: &'static str,
) -> Result<(), DeliveryError> {
    match slot {
        Slot::Contact => {
            link.contact_id.clone_from(&value);
            links.save(link).await?;
        }
        Slot::Object => {
            if !baton_proto::ids::is_valid(&value) {
                return Err(unexpected(client, operation, "id outside [A-Za-z0-9_-]"));
            }
            link.external_id.clone_from(&value);
            link.set_state(LinkState::Created);
            links.save(link).await?;
            tracing::info!(record = %link.record_id, helpdesk = client.helpdesk(), object = %value, "helpdesk object linked");
        }
        Slot::FirstMessage => {
            link.first_message_id.clone_from(&value);
            links.save(link).await?;
        }
        Slot::Actor | Slot::ContactRole | Slot::Tag(_) => {}
    }
    known.insert(slot, value);
    Ok(())
}

fn unexpected(client: &ApiClient, operation: &'static str, reason: &str) -> DeliveryError {
    DeliveryError::Helpdesk {
        err: CallError::UnexpectedResponse {
            helpdesk: client.helpdesk(),
            operation,
            reason: reason.into(),
        },
        object: None,
    }
}

/// Tells the router how `dispatch` ended and the bus what to do with the message: accepted
/// or failed for good (refused, unavailable for the whole retry budget, misconfigured: the
/// router falls back at once) is published; rate limiting, an unclear create and NATS
/// trouble redeliver the dispatch. Under [`AfterObject::Accept`], a failure after the object
/// exists is reported accepted now — left to the redeliveries, the router's deadline would
/// put the customer in a fallback too — and the message redelivered for the rest.
pub async fn report(
    publisher: &Publisher,
    dispatch: &HandoffDispatch,
    kind: HandoffType,
    after_object: AfterObject,
    delivered: Result<HandoffAccepted, DeliveryError>,
) -> Result<(), HandleError> {
    if let (
        Err(DeliveryError::Helpdesk {
            err,
            object: Some(object),
        }),
        AfterObject::Accept {
            object: what,
            remaining,
        },
    ) = (&delivered, after_object)
    {
        tracing::warn!(record = %dispatch.record_id, kind = kind.label(), %object, error = %err, "handoff delivered; its remaining steps will be retried");
        let accepted = HandoffAccepted {
            external_ref: object.clone(),
            external_url: String::new(),
            detail: format!("{what} {object}; {remaining} are being retried ({err})"),
        };
        publish_result(
            publisher,
            dispatch,
            kind,
            handoff_result::Outcome::Accepted(accepted),
        )
        .await?;
        return Err(retry(err.clone()));
    }
    let outcome = match delivered {
        Ok(accepted) => {
            tracing::info!(record = %dispatch.record_id, kind = kind.label(), external_ref = %accepted.external_ref, "handoff delivered");
            handoff_result::Outcome::Accepted(accepted)
        }
        Err(DeliveryError::Bus(err)) => return Err(err.into()),
        Err(DeliveryError::Helpdesk {
            err: err @ (CallError::RateLimited { .. } | CallError::Uncertain { .. }),
            ..
        })
        | Err(DeliveryError::Unfinished(err)) => {
            // No answer to a create: the redelivery looks for what it may have created.
            tracing::warn!(record = %dispatch.record_id, kind = kind.label(), error = %err, "handoff not delivered yet; will retry");
            return Err(retry(err));
        }
        Err(DeliveryError::Helpdesk { err, .. }) => {
            // Refused, or down for the whole retry budget: the customer must not wait on
            // the helpdesk, so the router moves on to the fallback.
            tracing::warn!(record = %dispatch.record_id, kind = kind.label(), error = %err, "handoff not delivered");
            failed(err.to_string())
        }
        Err(DeliveryError::Misconfigured(reason)) => {
            tracing::warn!(record = %dispatch.record_id, kind = kind.label(), %reason, "handoff cannot be delivered");
            failed(reason)
        }
    };
    publish_result(publisher, dispatch, kind, outcome).await?;
    Ok(())
}

/// A redelivery, after the helpdesk's `Retry-After` when it gave one.
fn retry(err: CallError) -> HandleError {
    match err {
        CallError::RateLimited {
            helpdesk,
            retry_after,
        } => HandleError::transient_after(format!("{helpdesk} is rate limiting"), retry_after),
        other => HandleError::transient(other),
    }
}
