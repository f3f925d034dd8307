//! The plan of a live handoff into Intercom, which delivery runs and Preview prints: the
//! app's admin, the customer's contact (the linked one, else found by external id or
//! email, else created), the conversation in the customer's words (on a retry after an
//! interrupted create, first the one that try opened), then a note for the team with the
//! summary, reason and transcript, the assignments and the tags.
//!
//! Failures before the conversation exists are final (the router falls back at once).
//! After it exists the customer is in Intercom, and falling back would put them in two
//! places: the handoff is reported accepted at once, a helpdesk that is down for the later
//! steps is retried by redelivery, and a step Intercom refuses (an unknown team, say) is
//! skipped and named in the result's detail.

use baton_helpdesk::answer::{Id, parse};
use baton_helpdesk::identity::{self, Account};
use baton_helpdesk::plan::{AfterObject, Plan, Slot, Step};
use baton_proto::v1::{
    HandoffDispatch, HandoffPackage, HandoffType, IntercomSettings, PlannedDelivery,
};
use serde_json::Value;

use super::Settings;
use super::api::{self, Assignee, ContactRole};
use super::text;
use super::wire::{ContactList, ConversationList, CreatedMessage, Object};

/// What a failure after the conversation exists does: the customer is in Intercom, so the
/// handoff is accepted and the rest retried.
pub const AFTER_OBJECT: AfterObject = AfterObject::Accept {
    object: "Intercom conversation",
    remaining: "its note, assignment and tags",
};

/// The `external_id` of `package`'s customer in a workspace belonging to `workspace_owner`
/// (a tenant, or nobody: shared); empty when Baton knows none.
pub fn contact_external_id(package: &HandoffPackage, workspace_owner: Option<&str>) -> String {
    let account = Account::of(&package.tenant_id, workspace_owner);
    identity::of_customer(package, account).unwrap_or_default()
}

/// The plan of `dispatch` (its `package`) in the workspace of `workspace_owner`.
/// `resumed_since` (Unix seconds) is when an interrupted try began creating the
/// conversation: the conversations opened since then are looked through first.
pub fn plan<'a>(
    dispatch: &'a HandoffDispatch,
    package: &'a HandoffPackage,
    workspace_owner: Option<&str>,
    resumed_since: i64,
) -> Plan<'a> {
    let IntercomSettings {
        team_id,
        admin_id,
        tags,
        ..
    } = baton_helpdesk::dispatch::settings::<IntercomSettings>(dispatch).into_owned();
    let customer = package.customer.clone().unwrap_or_default();
    let external_id = contact_external_id(package, workspace_owner);
    let mut plan = Plan::new(HandoffType::Intercom, AFTER_OBJECT);
    plan.known.insert(
        Slot::ContactRole,
        ContactRole::for_external_id(&customer.external_id).name(),
    );
    plan = plan.then(
        Step::new(|_| api::me())
            .unless_known(Slot::Actor)
            .creates(Slot::Actor, |answer| object(Slot::Actor, answer)),
    );
    // An email names one person whichever tenant knows them; an external id only within
    // its tenant, hence the namespaced one.
    for (field, value) in [
        ("external_id", external_id.clone()),
        ("email", customer.email.clone()),
    ] {
        if value.is_empty() {
            continue;
        }
        plan = plan.then(
            Step::new(move |_| api::search_contacts(field, &value))
                .unless_known(Slot::Contact)
                .finds(Slot::Contact, first_contact),
        );
    }
    let opening = text::opening_message(package);
    let adopt_opening = opening.clone();
    let dry_run_id = format!("dry-run-{}", dispatch.record_id);
    plan = plan
        .then(
            Step::new(move |_| api::create_contact(&external_id, &customer.email, &customer.name))
                .unless_known(Slot::Contact)
                .creates(Slot::Contact, |answer| object(Slot::Contact, answer)),
        )
        .then(
            Step::new(move |known| {
                api::search_conversations(known.get(&Slot::Contact), resumed_since)
            })
            .only_when_resuming()
            .unless_known(Slot::Object)
            .finds(Slot::Object, move |answer| {
                created_by_this_handoff(answer, &adopt_opening)
            }),
        )
        .then(
            Step::new(move |known| {
                api::create_conversation(
                    known.get(&Slot::Contact),
                    known.get(&Slot::ContactRole),
                    &opening,
                    &dry_run_id,
                )
            })
            .unless_known(Slot::Object)
            .creates(Slot::Object, |answer| {
                parse::<CreatedMessage>(answer).map_or_else(Vec::new, |created| {
                    named(Slot::Object, &created.conversation_id)
                })
            }),
        );
    let (note, _) = baton_helpdesk::text::handoff_note(package);
    plan = plan.then(
        Step::new(move |known| {
            api::add_note(known.get(&Slot::Object), known.get(&Slot::Actor), &note)
        })
        .unless_done("note")
        .done_as("note"),
    );
    for (name, id, team) in [
        ("assign_team", team_id, true),
        ("assign_admin", admin_id, false),
    ] {
        if id.is_empty() {
            continue;
        }
        plan = plan.then(
            Step::new(move |known| {
                let assignee = if team {
                    Assignee::Team(&id)
                } else {
                    Assignee::Admin(&id)
                };
                api::assign(known.get(&Slot::Object), known.get(&Slot::Actor), assignee)
            })
            .unless_done(name)
            .done_as(name),
        );
    }
    for name in tags {
        let step = format!("tag:{name}");
        let tag = Slot::Tag(name.clone());
        let read = tag.clone();
        plan = plan
            .then(
                Step::new(move |_| api::create_tag(&name))
                    .unless_done(step.clone())
                    .creates(tag.clone(), move |answer| object(read.clone(), answer)),
            )
            .then(
                Step::new(move |known| {
                    api::tag_conversation(
                        known.get(&Slot::Object),
                        known.get(&tag),
                        known.get(&Slot::Actor),
                    )
                })
                .unless_done(step.clone())
                .done_as(step),
            );
    }
    plan
}

/// The requests a first delivery of `dispatch` sends, for the admin Preview: [`plan`],
/// with `{placeholders}` for the ids Intercom would return. Sends nothing.
pub fn preview(dispatch: &HandoffDispatch, settings: &Settings) -> Vec<PlannedDelivery> {
    let client = match settings.client() {
        Ok(client) => client,
        Err(err) => {
            return vec![PlannedDelivery {
                note: format!("the Intercom settings cannot be used: {err}"),
                ..Default::default()
            }];
        }
    };
    let Ok(package) = baton_helpdesk::dispatch::package(dispatch) else {
        return Vec::new();
    };
    let handoff_id = dispatch
        .handoff
        .as_ref()
        .map(|h| h.id.clone())
        .unwrap_or_default();
    let mode = if client.is_dry_run() {
        "dry run (no BATON_INTERCOM_TOKEN): written to the outbox, not sent"
    } else {
        "sent to Intercom"
    };
    plan(dispatch, package, settings.intercom_tenant.as_deref(), 0).preview(
        &client,
        &handoff_id,
        mode,
    )
}

/// `slot` as `id`, when there is one.
fn named(slot: Slot, id: &Id) -> Vec<(Slot, String)> {
    id.get()
        .map(|id| (slot, id.to_owned()))
        .into_iter()
        .collect()
}

/// The object (admin, contact, tag) an answer names, as `slot`.
fn object(slot: Slot, answer: &Value) -> Vec<(Slot, String)> {
    parse::<Object>(answer).map_or_else(Vec::new, |object| named(slot, &object.id))
}

/// The first contact a search found, with its role.
fn first_contact(answer: &Value) -> Vec<(Slot, String)> {
    let Some(contact) = parse::<ContactList>(answer).and_then(|list| list.data.into_iter().next())
    else {
        return Vec::new();
    };
    let mut found = named(Slot::Contact, &contact.id);
    if !found.is_empty() {
        found.push((
            Slot::ContactRole,
            ContactRole::parse(&contact.role).name().to_owned(),
        ));
    }
    found
}

/// The conversation an interrupted try created, if the search found it: the oldest opened
/// with exactly this handoff's opening message. Never merely the contact's latest: a
/// conversation they started themselves meanwhile is theirs, not this handoff's.
fn created_by_this_handoff(answer: &Value, opening: &str) -> Vec<(Slot, String)> {
    let conversations = parse::<ConversationList>(answer)
        .map(|list| list.conversations)
        .unwrap_or_default();
    conversations
        .iter()
        .filter(|c| text::same_words(&c.source.body, opening))
        .min_by_key(|c| c.created_at)
        .map_or_else(Vec::new, |conversation| {
            named(Slot::Object, &conversation.id)
        })
}
