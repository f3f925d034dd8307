//! The plans of Zendesk handoffs, which delivery runs and Preview prints.
//!
//! Live, through Sunshine Conversations: the customer's user (the linked one, else the one
//! with their external id, else created), the conversation (the one the user already has
//! with this Baton conversation's metadata — a crashed try's, or an earlier handoff's —
//! else a new one), the conversation so far as messages, and control passed to the agents'
//! switchboard integration with the reason and summary. Every step is part of the handoff:
//! a failure fails it, and the router falls back.
//!
//! Ticket: one create, with the `Idempotency-Key` `baton:<tenant>:<record>:<attempt>`: if
//! an earlier try got as far as Zendesk but crashed before the link was written, Zendesk
//! answers that try's ticket (it keeps keys for two hours; a dispatch is redelivered within
//! minutes) instead of opening a second one.

use baton_helpdesk::ApiClient;
use baton_helpdesk::answer::{Id, parse};
use baton_helpdesk::dispatch::settings;
use baton_helpdesk::plan::{AfterObject, Plan, Slot, Step};
use baton_proto::v1::{
    HandoffDispatch, HandoffPackage, HandoffType, PlannedDelivery, SunshineSettings, TicketSettings,
};
use serde_json::{Map, Value};

use super::sunshine_wire::{ConversationAnswer, ConversationList, MessagesAnswer, UserAnswer};
use super::ticket_wire::TicketAnswer;
use super::{AGENT_WORKSPACE, Settings, sunshine, text, ticket};

/// The plan of live handoff `dispatch` (its `package`) in Sunshine app `app`.
pub fn sunshine_plan<'a>(
    dispatch: &'a HandoffDispatch,
    package: &'a HandoffPackage,
    deployment: &Settings,
    app: &str,
) -> Plan<'a> {
    let handoff = settings::<SunshineSettings>(dispatch);
    let account = deployment.sunshine_account(&package.tenant_id, &handoff.app_id);
    let external_id = sunshine::customer_external_id(package, account);
    let customer = package.customer.clone().unwrap_or_default();
    let metadata = sunshine::conversation_metadata(&package.tenant_id, &package.conversation_id);
    let dry_run_id = format!("dry-run-{}", dispatch.record_id);
    let app = app.to_owned();
    let (get_app, create_app, list_app, open_app) =
        (app.clone(), app.clone(), app.clone(), app.clone());
    let found_external_id = external_id.clone();
    let wanted = metadata.clone();
    let mut plan = Plan::new(HandoffType::ZendeskSunshine, AfterObject::Fail)
        .shows(Slot::Contact, "{user_id}")
        .then(
            Step::new(move |_| sunshine::get_user(&get_app, &found_external_id))
                .unless_known(Slot::Contact)
                .not_found_is_404()
                .finds(Slot::Contact, user),
        )
        .then(
            Step::new(move |_| sunshine::create_user(&create_app, &external_id, &customer))
                .unless_known(Slot::Contact)
                .creates(Slot::Contact, user)
                .when(" (when the customer has no Sunshine user yet)"),
        )
        .then(
            Step::new(move |known| {
                sunshine::list_conversations(&list_app, known.get(&Slot::Contact))
            })
            .unless_known(Slot::Object)
            .finds(Slot::Object, move |answer| carrying(answer, &wanted)),
        )
        .then(
            Step::new(move |known| {
                sunshine::create_conversation(
                    &open_app,
                    known.get(&Slot::Contact),
                    metadata.clone(),
                    &dry_run_id,
                )
            })
            .unless_known(Slot::Object)
            .creates(Slot::Object, |answer| {
                parse::<ConversationAnswer>(answer).map_or_else(Vec::new, |created| {
                    named(Slot::Object, &created.conversation.id)
                })
            })
            .when(" (unless this chat already has one)"),
        );
    let messages = sunshine::transcript_messages(&package.transcript);
    let posts_a_message = !messages.is_empty();
    for (index, message) in messages.into_iter().enumerate() {
        let app = app.clone();
        let step = message.step.clone();
        let mut post = Step::new(move |known| {
            message.request(&app, known.get(&Slot::Object), known.get(&Slot::Contact))
        })
        .unless_done(step.clone())
        .done_as(step);
        if index == 0 {
            post = post.finds(Slot::FirstMessage, first_message);
        }
        plan = plan.then(post);
    }
    let integration = switchboard_integration(&handoff).to_owned();
    let handoff_metadata = text::handoff_metadata(package, &dispatch.record_id);
    plan.then(
        Step::new(move |known| {
            let mut metadata = handoff_metadata.clone();
            // Agent Workspace shows the conversation from this message on, not only its
            // last ten (Zendesk: "first_message_id" in the switchboard metadata).
            let first = known.get(&Slot::FirstMessage);
            if posts_a_message && !first.is_empty() {
                metadata.insert("first_message_id".into(), Value::from(first));
            }
            sunshine::pass_control(&app, known.get(&Slot::Object), &integration, metadata)
        })
        .unless_done("pass_control")
        .done_as("pass_control"),
    )
}

/// The plan of ticket handoff `dispatch` (its `package`).
pub fn ticket_plan<'a>(dispatch: &'a HandoffDispatch, package: &'a HandoffPackage) -> Plan<'a> {
    let handoff = settings::<TicketSettings>(dispatch).into_owned();
    let key = idempotency_key(&package.tenant_id, dispatch);
    let dry_run_id = format!("dry-run-{}", dispatch.record_id);
    Plan::new(HandoffType::ZendeskTicket, AfterObject::Fail)
        .shows(Slot::Object, "{ticket_id}")
        .then(
            Step::new(move |_| ticket::create_ticket(package, &handoff, &key, &dry_run_id))
                .unless_known(Slot::Object)
                .creates(Slot::Object, |answer| {
                    parse::<TicketAnswer>(answer)
                        .map_or_else(Vec::new, |created| named(Slot::Object, &created.ticket.id))
                }),
        )
}

/// The switchboard integration a handoff passes control to: its own, else Agent Workspace.
pub fn switchboard_integration(settings: &SunshineSettings) -> &str {
    if settings.switchboard_integration.is_empty() {
        AGENT_WORKSPACE
    } else {
        &settings.switchboard_integration
    }
}

/// The key that makes creating the ticket of one handoff attempt idempotent. Joined with
/// `:`, outside the id alphabet: with `-`, tenant `a-b` and record `c-1` made the same key
/// as tenant `a` and record `b-c-1`, and Zendesk would answer one with the other's ticket.
pub fn idempotency_key(tenant: &str, dispatch: &HandoffDispatch) -> String {
    format!("baton:{tenant}:{}:{}", dispatch.record_id, dispatch.attempt)
}

/// The requests a first delivery of `dispatch` sends, for the admin Preview: its plan,
/// with `{placeholders}` for the ids Zendesk would return. Sends nothing.
pub fn preview(dispatch: &HandoffDispatch, deployment: &Settings) -> Vec<PlannedDelivery> {
    let kind = dispatch
        .handoff
        .as_ref()
        .map_or(HandoffType::Unspecified, |h| h.r#type());
    let Ok(package) = baton_helpdesk::dispatch::package(dispatch) else {
        return Vec::new();
    };
    let (client, plan) = match kind {
        HandoffType::ZendeskSunshine => {
            let handoff = settings::<SunshineSettings>(dispatch);
            let app = deployment
                .sunshine_app(&handoff.app_id)
                .unwrap_or("{app_id}");
            (
                deployment.sunshine_client(),
                sunshine_plan(dispatch, package, deployment, app),
            )
        }
        HandoffType::ZendeskTicket => (deployment.zendesk_client(), ticket_plan(dispatch, package)),
        HandoffType::Intercom | HandoffType::Email | HandoffType::Unspecified => {
            return Vec::new();
        }
    };
    let handoff_id = dispatch
        .handoff
        .as_ref()
        .map(|h| h.id.clone())
        .unwrap_or_default();
    let client: ApiClient = match client {
        Ok(client) => client,
        Err(err) => {
            return vec![PlannedDelivery {
                handoff_id,
                r#type: kind as i32,
                note: format!("the Zendesk settings cannot be used: {err}"),
                ..Default::default()
            }];
        }
    };
    let mode = if client.is_dry_run() {
        "dry run (no credentials): written to the outbox, not sent"
    } else {
        "sent to Zendesk"
    };
    plan.preview(&client, &handoff_id, mode)
}

/// `slot` as `id`, when there is one.
fn named(slot: Slot, id: &Id) -> Vec<(Slot, String)> {
    id.get()
        .map(|id| (slot, id.to_owned()))
        .into_iter()
        .collect()
}

/// The first message a post names.
fn first_message(answer: &Value) -> Vec<(Slot, String)> {
    parse::<MessagesAnswer>(answer)
        .and_then(|posted| posted.messages.into_iter().next())
        .map_or_else(Vec::new, |message| named(Slot::FirstMessage, &message.id))
}

/// The user an answer names.
fn user(answer: &Value) -> Vec<(Slot, String)> {
    parse::<UserAnswer>(answer).map_or_else(Vec::new, |found| named(Slot::Contact, &found.user.id))
}

/// The listed conversation carrying every entry of `metadata`, if there is one.
fn carrying(answer: &Value, metadata: &Map<String, Value>) -> Vec<(Slot, String)> {
    let listed = parse::<ConversationList>(answer)
        .map(|list| list.conversations)
        .unwrap_or_default();
    listed
        .iter()
        .find(|conversation| {
            metadata
                .iter()
                .all(|(key, value)| conversation.metadata.get(key) == Some(value))
        })
        .map_or_else(Vec::new, |conversation| {
            named(Slot::Object, &conversation.id)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn idempotency_keys_of_two_tenants_never_meet() {
        let dispatch = |record: &str| HandoffDispatch {
            record_id: record.into(),
            ..HandoffDispatch::default()
        };
        assert_ne!(
            idempotency_key("a-b", &dispatch("c-1")),
            idempotency_key("a", &dispatch("b-c-1"))
        );
    }
}
