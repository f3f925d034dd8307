//! Live handoff into Intercom: find or create the contact, open a conversation in the
//! customer's words, leave the team a note with the summary, reason and transcript, assign
//! it, tag it, link it, and tell the router.
//!
//! Idempotent across redeliveries and crashes: the link (KV `baton_links`) is written before
//! the conversation is created (`Creating`, with the contact and the time) and after each
//! later step (`steps_done`). A retry that finds `Creating` first looks for a conversation
//! the contact opened since then with this handoff's opening message and adopts it (only
//! that one: never a conversation the customer started meanwhile), so a crash between Intercom's answer and
//! the link being written never opens a second conversation. The one window left is a
//! crash between a note, assignment or tag and its step being recorded: that step is
//! repeated (a second identical note at worst), never the conversation.
//!
//! Failures before the conversation exists are final (the router falls back at once).
//! After it exists the customer is in Intercom, and falling back would put them in two
//! places: the handoff is reported accepted at once, a helpdesk that is down for the later
//! steps is retried by redelivery, and a step Intercom refuses (an unknown team, say) is
//! skipped and named in the result's detail.

use std::time::SystemTime;

use baton_bus::{Bus, Delivery, HandleError, Handler, Publisher};
use baton_helpdesk::identity::{self, Account};
use baton_helpdesk::report::{failed, publish_result};
use baton_helpdesk::{ApiClient, CallError, Links};
use baton_proto::v1::{
    HandoffAccepted, HandoffDispatch, HandoffPackage, HandoffType, HelpdeskLink, IntercomSettings,
    LinkState, handoff, handoff_result,
};
use tokio::sync::OnceCell;

use crate::api::{self, Assignee, field};
use crate::text;

/// The app's admin, looked up once: notes and assignments are made in its name.
pub struct AppAdmin {
    id: OnceCell<String>,
}

impl AppAdmin {
    /// Not looked up yet.
    pub fn new() -> Self {
        Self {
            id: OnceCell::new(),
        }
    }

    /// The admin id, from `GET /me` the first time.
    pub async fn id(&self, client: &ApiClient) -> Result<String, CallError> {
        self.id
            .get_or_try_init(|| async {
                let me = client.call(&api::me()).await?;
                field(&me, "id").ok_or_else(|| unexpected("identify the app admin", "no id"))
            })
            .await
            .cloned()
    }
}

fn unexpected(operation: &'static str, reason: &str) -> CallError {
    CallError::UnexpectedResponse {
        helpdesk: "intercom",
        operation,
        reason: reason.into(),
    }
}

/// Delivers `intercom` dispatches.
pub struct DispatchHandler {
    client: ApiClient,
    admin: std::sync::Arc<AppAdmin>,
    links: Links,
    publisher: Publisher,
    /// `BATON_INTERCOM_TENANT`: whose workspace this is, if one tenant's.
    workspace_owner: Option<String>,
}

/// Why a delivery stopped.
enum Stop {
    /// Intercom refused, or was unavailable, before the conversation existed.
    Intercom(CallError),
    /// Intercom gave no clear answer on whether the conversation exists yet: find out on
    /// redelivery.
    Unfinished(CallError),
    /// The conversation exists and a later step (note, assignment, tag) could not be done
    /// yet: the customer is in Intercom, and the redelivery finishes the rest.
    Steps {
        /// The Intercom conversation.
        conversation: String,
        /// Why the step failed.
        err: CallError,
    },
    /// NATS: retry the message later.
    Bus(baton_bus::Error),
}

impl From<CallError> for Stop {
    fn from(err: CallError) -> Self {
        Stop::Intercom(err)
    }
}

impl From<baton_bus::Error> for Stop {
    fn from(err: baton_bus::Error) -> Self {
        Stop::Bus(err)
    }
}

impl DispatchHandler {
    /// A handler calling Intercom through `client`.
    pub async fn new(
        bus: &Bus,
        client: ApiClient,
        admin: std::sync::Arc<AppAdmin>,
        workspace_owner: Option<String>,
    ) -> Result<Self, baton_bus::Error> {
        Ok(Self {
            client,
            admin,
            links: Links::open(bus, "intercom").await?,
            publisher: Publisher::new(bus.clone()),
            workspace_owner,
        })
    }

    async fn deliver(
        &self,
        dispatch: &HandoffDispatch,
        settings: &IntercomSettings,
    ) -> Result<HandoffAccepted, Stop> {
        let package = dispatch.package.clone().unwrap_or_default();
        let mut link = self.links.for_dispatch(dispatch).await?;
        // A bad token fails here, before anything is created.
        self.admin.id(&self.client).await?;
        let (contact_id, role) = self.contact(&mut link, &package).await?;
        if link.state() != LinkState::Created {
            let resuming = link.state() == LinkState::Creating;
            let adopted = if resuming {
                // What an earlier try created may exist: until the search answers, this
                // handoff is unfinished, never failed (a fallback would be a second place).
                self.created_since_last_try(&link, &contact_id, &text::opening_message(&package))
                    .await
                    .map_err(|stop| match stop {
                        Stop::Intercom(err) if !err.is_rejection() => Stop::Unfinished(err),
                        other => other,
                    })?
            } else {
                None
            };
            let conversation_id = match adopted {
                Some(id) => {
                    tracing::info!(record = %link.record_id, intercom_conversation = %id, "adopted the conversation an interrupted try created");
                    id
                }
                None => {
                    link.set_state(LinkState::Creating);
                    link.started_at = Some(SystemTime::now().into());
                    self.links.save(&link).await?;
                    let dry_run_id = format!("dry-run-{}", link.record_id);
                    let created = self
                        .client
                        .call(&api::create_conversation(
                            &contact_id,
                            role,
                            &text::opening_message(&package),
                            &dry_run_id,
                        ))
                        .await?;
                    field(&created, "conversation_id")
                        .ok_or_else(|| unexpected("create conversation", "no conversation_id"))?
                }
            };
            if !baton_proto::ids::is_valid(&conversation_id) {
                return Err(Stop::Intercom(unexpected(
                    "create conversation",
                    "conversation id outside [A-Za-z0-9_-]",
                )));
            }
            link.external_id = conversation_id;
            link.set_state(LinkState::Created);
            self.links.save(&link).await?;
            tracing::info!(record = %link.record_id, intercom_conversation = %link.external_id, "Intercom conversation linked");
        }
        let conversation_id = link.external_id.clone();
        let mut skipped = Vec::new();
        let after_creation = |result: Result<(), Stop>, skipped: &mut Vec<String>| match result {
            Err(Stop::Intercom(err)) if err.is_rejection() => {
                tracing::warn!(record = %dispatch.record_id, error = %err, "Intercom refused a step; the conversation is delivered without it");
                skipped.push(err.to_string());
                Ok(())
            }
            Err(Stop::Intercom(err)) => Err(Stop::Steps {
                conversation: conversation_id.clone(),
                err,
            }),
            other => other,
        };
        let (note, _) = baton_helpdesk::text::handoff_note(&package);
        let result = self
            .step(&mut link, "note", |admin| {
                api::add_note(&conversation_id, admin, &note)
            })
            .await;
        after_creation(result, &mut skipped)?;
        for (name, assignee) in [
            ("assign_team", Assignee::Team(&settings.team_id)),
            ("assign_admin", Assignee::Admin(&settings.admin_id)),
        ] {
            let (Assignee::Team(id) | Assignee::Admin(id)) = assignee;
            if id.is_empty() {
                continue;
            }
            let result = self
                .step(&mut link, name, |admin| {
                    api::assign(&conversation_id, admin, assignee)
                })
                .await;
            after_creation(result, &mut skipped)?;
        }
        for name in &settings.tags {
            let result = self.tag(&mut link, &conversation_id, name).await;
            after_creation(result, &mut skipped)?;
        }
        let mut detail = format!("Intercom conversation {conversation_id}");
        if self.client.is_dry_run() {
            detail.push_str(" (dry run: requests written to the outbox, nothing sent)");
        }
        if !skipped.is_empty() {
            detail.push_str(&format!("; not done: {}", skipped.join("; ")));
        }
        Ok(HandoffAccepted {
            external_ref: conversation_id,
            external_url: String::new(),
            detail,
        })
    }

    /// Tags `conversation_id` with the tag named `name` (created if needed), once.
    async fn tag(
        &self,
        link: &mut HelpdeskLink,
        conversation_id: &str,
        name: &str,
    ) -> Result<(), Stop> {
        let step = format!("tag:{name}");
        if link.steps_done.contains(&step) {
            return Ok(());
        }
        let admin_id = self.admin.id(&self.client).await?;
        let tag = self.client.call(&api::create_tag(name)).await?;
        let tag_id = field(&tag, "id").ok_or_else(|| unexpected("create tag", "no id"))?;
        self.client
            .call(&api::tag_conversation(conversation_id, &tag_id, &admin_id))
            .await?;
        link.steps_done.push(step);
        self.links.save(link).await?;
        Ok(())
    }

    /// The customer's Intercom contact and its role: the linked one, else found by external
    /// id or email, else created.
    async fn contact(
        &self,
        link: &mut HelpdeskLink,
        package: &HandoffPackage,
    ) -> Result<(String, &'static str), Stop> {
        let customer = package.customer.clone().unwrap_or_default();
        let role = if customer.external_id.is_empty() {
            "lead"
        } else {
            "user"
        };
        if !link.contact_id.is_empty() {
            return Ok((link.contact_id.clone(), role));
        }
        let external_id = contact_external_id(package, self.workspace_owner.as_deref());
        let mut found = None;
        // An email names one person whichever tenant knows them; an external id only
        // within its tenant, hence the namespaced one.
        for (search_field, value) in [("external_id", &external_id), ("email", &customer.email)] {
            if value.is_empty() {
                continue;
            }
            let answer = self
                .client
                .call(&api::search_contacts(search_field, value))
                .await?;
            let first = answer
                .get("data")
                .and_then(|d| d.as_array())
                .and_then(|d| d.first())
                .cloned();
            if let Some(contact) = first {
                found = Some((
                    field(&contact, "id").ok_or_else(|| unexpected("search contacts", "no id"))?,
                    if field(&contact, "role").as_deref() == Some("lead") {
                        "lead"
                    } else {
                        "user"
                    },
                ));
                break;
            }
        }
        let (id, role) = match found {
            Some(found) => found,
            None => {
                let created = self
                    .client
                    .call(&api::create_contact(
                        &external_id,
                        &customer.email,
                        &customer.name,
                    ))
                    .await?;
                (
                    field(&created, "id").ok_or_else(|| unexpected("create contact", "no id"))?,
                    role,
                )
            }
        };
        link.contact_id = id.clone();
        self.links.save(link).await?;
        Ok((id, role))
    }

    /// The conversation an interrupted try created, if Intercom has it: one `contact_id`
    /// opened since that try started with exactly this handoff's opening message. Never
    /// merely the contact's latest: a conversation they started themselves meanwhile is
    /// theirs, not this handoff's.
    async fn created_since_last_try(
        &self,
        link: &HelpdeskLink,
        contact_id: &str,
        opening: &str,
    ) -> Result<Option<String>, Stop> {
        let since = link
            .started_at
            .as_ref()
            .map_or(0, |t| t.seconds.saturating_sub(60));
        let found = self
            .client
            .call(&api::search_conversations(contact_id, since))
            .await?;
        let oldest = found
            .get("conversations")
            .and_then(|c| c.as_array())
            .and_then(|conversations| {
                conversations
                    .iter()
                    .filter(|c| {
                        c.pointer("/source/body")
                            .and_then(|body| body.as_str())
                            .is_some_and(|body| text::same_words(body, opening))
                    })
                    .min_by_key(|c| c.get("created_at").and_then(|t| t.as_i64()).unwrap_or(0))
            })
            .and_then(|c| field(c, "id"));
        Ok(oldest)
    }

    /// Runs `request` (made for the app's admin) unless step `name` is recorded as done;
    /// records it after.
    async fn step(
        &self,
        link: &mut HelpdeskLink,
        name: &str,
        request: impl FnOnce(&str) -> baton_helpdesk::ApiRequest,
    ) -> Result<(), Stop> {
        if link.steps_done.iter().any(|done| done == name) {
            return Ok(());
        }
        let admin_id = self.admin.id(&self.client).await?;
        self.client.call(&request(&admin_id)).await?;
        link.steps_done.push(name.to_owned());
        self.links.save(link).await?;
        Ok(())
    }
}

/// The `external_id` of `package`'s customer in a workspace belonging to `workspace_owner`
/// (a tenant, or nobody: shared); empty when Baton knows none.
pub fn contact_external_id(package: &HandoffPackage, workspace_owner: Option<&str>) -> String {
    let account = Account::of(&package.tenant_id, workspace_owner);
    identity::of_customer(package, account).unwrap_or_default()
}

/// The Intercom settings of a dispatch, when it is one.
pub fn intercom_settings(dispatch: &HandoffDispatch) -> Option<&IntercomSettings> {
    match dispatch.handoff.as_ref()?.settings.as_ref()? {
        handoff::Settings::Intercom(settings) => Some(settings),
        _ => None,
    }
}

impl Handler for DispatchHandler {
    type Message = HandoffDispatch;

    async fn handle(&self, delivery: Delivery<HandoffDispatch>) -> Result<(), HandleError> {
        let dispatch = &delivery.message;
        let default_settings = IntercomSettings::default();
        let settings = intercom_settings(dispatch).unwrap_or(&default_settings);
        let outcome = match self.deliver(dispatch, settings).await {
            Ok(accepted) => {
                tracing::info!(record = %dispatch.record_id, intercom_conversation = %accepted.external_ref, "handoff delivered to Intercom");
                handoff_result::Outcome::Accepted(accepted)
            }
            Err(Stop::Bus(err)) => return Err(err.into()),
            Err(Stop::Steps { conversation, err }) => {
                // Reported now: left to the redeliveries, the router's deadline would put
                // the customer in a fallback too, while they are already in Intercom.
                tracing::warn!(record = %dispatch.record_id, intercom_conversation = %conversation, error = %err, "Intercom conversation created; its remaining steps will be retried");
                let accepted = HandoffAccepted {
                    external_ref: conversation.clone(),
                    external_url: String::new(),
                    detail: format!(
                        "Intercom conversation {conversation}; its note, assignment and tags are being retried ({err})"
                    ),
                };
                publish_result(
                    &self.publisher,
                    dispatch,
                    HandoffType::Intercom,
                    handoff_result::Outcome::Accepted(accepted),
                )
                .await?;
                return Err(match err {
                    CallError::RateLimited { retry_after, .. } => {
                        HandleError::transient_after("Intercom is rate limiting", retry_after)
                    }
                    other => HandleError::transient(other),
                });
            }
            Err(
                Stop::Intercom(CallError::RateLimited { retry_after, .. })
                | Stop::Unfinished(CallError::RateLimited { retry_after, .. }),
            ) => {
                return Err(HandleError::transient_after(
                    "Intercom is rate limiting",
                    retry_after,
                ));
            }
            // No answer to a create: the redelivery looks for what it may have created.
            Err(Stop::Unfinished(err) | Stop::Intercom(err @ CallError::Uncertain { .. })) => {
                tracing::warn!(record = %dispatch.record_id, error = %err, "Intercom may have created the conversation; will look for it and retry");
                return Err(HandleError::transient(err));
            }
            Err(Stop::Intercom(err)) => {
                // Refused, or down for the whole retry budget: the customer must not wait
                // on Intercom, so the router moves on to the fallback.
                tracing::warn!(record = %dispatch.record_id, error = %err, "handoff not delivered to Intercom");
                failed(err.to_string(), true)
            }
        };
        publish_result(&self.publisher, dispatch, HandoffType::Intercom, outcome).await?;
        Ok(())
    }
}
