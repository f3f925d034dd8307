//! Live handoff through Sunshine Conversations: find or create the customer's user, find
//! or open the conversation, post the conversation so far, pass control to the agents'
//! switchboard integration with the reason and summary, link it, tell the router.
//!
//! Idempotent across redeliveries and crashes: the user is recorded on the link as soon as
//! it is known; before opening a conversation the user's conversations are searched for
//! the one carrying this Baton conversation's metadata (a crashed try's, or an earlier
//! handoff's), and the link is stored `Creating` before the create call; each message and
//! the pass of control is recorded in `steps_done` once Sunshine accepted it, so a retry
//! carries on where the last try stopped. The one window left — a crash between Sunshine's
//! answer and the step being recorded — repeats that one message (or pass), never the
//! conversation.

use std::time::SystemTime;

use baton_bus::Bus;
use baton_helpdesk::identity::Account;
use baton_helpdesk::{ApiClient, ApiRequest, CallError, Links};
use baton_proto::v1::{
    HandoffAccepted, HandoffDispatch, HandoffPackage, HelpdeskLink, LinkState, SunshineSettings,
    handoff,
};

use crate::failure::{Stop, unexpected};
use crate::settings::{AGENT_WORKSPACE, Settings};
use crate::sunshine::api;
use crate::text;
use crate::wire::id_at;

/// The link store's name for Sunshine conversations.
pub const HELPDESK: &str = "sunshine";

/// Hands conversations over through Sunshine.
pub struct SunshineDelivery {
    client: ApiClient,
    links: Links,
    settings: Settings,
}

impl SunshineDelivery {
    /// Delivery through `client` (Sunshine), with the deployment's `settings`.
    pub async fn new(
        bus: &Bus,
        client: ApiClient,
        settings: Settings,
    ) -> Result<Self, baton_bus::Error> {
        Ok(Self {
            client,
            links: Links::open(bus, HELPDESK).await?,
            settings,
        })
    }

    /// Delivers `dispatch`, or carries on where an earlier try of it stopped.
    pub async fn deliver(&self, dispatch: &HandoffDispatch) -> Result<HandoffAccepted, Stop> {
        let package = dispatch.package.clone().unwrap_or_default();
        let default_settings = SunshineSettings::default();
        let sunshine = sunshine_settings(dispatch).unwrap_or(&default_settings);
        let app = match self.settings.sunshine_app(&sunshine.app_id) {
            Some(app) => app,
            None if self.client.is_dry_run() => "{app_id}",
            None => {
                return Err(Stop::Misconfigured(
                    "no Sunshine app id: set BATON_SUNSHINE_APP_ID or the handoff's app_id".into(),
                ));
            }
        };
        let mut link = self.links.for_dispatch(dispatch).await?;
        if link.account.is_empty() {
            // Saved with the user, the first thing a new link records.
            app.clone_into(&mut link.account);
        }
        let account = self
            .settings
            .sunshine_account(&package.tenant_id, &sunshine.app_id);
        let user_id = self.user(&mut link, app, account, &package).await?;
        if link.state() != LinkState::Created {
            link.external_id = self.conversation(&mut link, app, &user_id).await?;
            link.set_state(LinkState::Created);
            self.links.save(&link).await?;
            tracing::info!(record = %link.record_id, sunshine_conversation = %link.external_id, "Sunshine conversation linked");
        }
        let conversation = link.external_id.clone();
        for (step, request) in
            api::transcript_messages(app, &conversation, &user_id, &package.transcript)
        {
            self.step(&mut link, &step, request).await?;
        }
        let integration = switchboard_integration(sunshine);
        let metadata = text::handoff_metadata(&package, &dispatch.record_id);
        self.step(
            &mut link,
            "pass_control",
            api::pass_control(app, &conversation, integration, metadata),
        )
        .await?;
        Ok(HandoffAccepted {
            external_ref: conversation.clone(),
            external_url: String::new(),
            detail: format!(
                "Sunshine conversation {conversation} passed to {integration}{}",
                if self.client.is_dry_run() {
                    " (dry run: requests written to the outbox, nothing sent)"
                } else {
                    ""
                }
            ),
        })
    }

    /// The customer's Sunshine user: the linked one, else the one with their external id
    /// (as `account` knows them), else a new one.
    async fn user(
        &self,
        link: &mut HelpdeskLink,
        app: &str,
        account: Account,
        package: &HandoffPackage,
    ) -> Result<String, Stop> {
        if !link.contact_id.is_empty() {
            return Ok(link.contact_id.clone());
        }
        let external_id = api::customer_external_id(package, account);
        let user = match self.client.call(&api::get_user(app, &external_id)).await {
            Ok(found) => found,
            Err(CallError::Rejected { status: 404, .. }) => {
                let customer = package.customer.clone().unwrap_or_default();
                self.client
                    .call(&api::create_user(app, &external_id, &customer))
                    .await?
            }
            Err(err) => return Err(err.into()),
        };
        let user_id =
            id_at(&user, "/user/id").ok_or_else(|| unexpected(HELPDESK, "get user", "no id"))?;
        link.contact_id = user_id.clone();
        self.links.save(link).await?;
        Ok(user_id)
    }

    /// The Sunshine conversation of this Baton conversation: the one the user already has
    /// with its metadata, else a new one.
    async fn conversation(
        &self,
        link: &mut HelpdeskLink,
        app: &str,
        user_id: &str,
    ) -> Result<String, Stop> {
        let metadata = api::conversation_metadata(&link.tenant_id, &link.conversation_id);
        let listed = self
            .client
            .call(&api::list_conversations(app, user_id))
            .await?;
        let existing = listed
            .get("conversations")
            .and_then(|c| c.as_array())
            .and_then(|conversations| {
                conversations.iter().find(|c| {
                    metadata
                        .iter()
                        .all(|(key, value)| c.pointer(&format!("/metadata/{key}")) == Some(value))
                })
            })
            .and_then(|c| id_at(c, "/id"));
        let id = match existing {
            Some(id) => {
                tracing::info!(record = %link.record_id, sunshine_conversation = %id, "reusing the Sunshine conversation of this chat");
                id
            }
            None => {
                link.set_state(LinkState::Creating);
                link.started_at = Some(SystemTime::now().into());
                self.links.save(link).await?;
                let dry_run_id = format!("dry-run-{}", link.record_id);
                let created = self
                    .client
                    .call(&api::create_conversation(
                        app,
                        user_id,
                        metadata,
                        &dry_run_id,
                    ))
                    .await?;
                id_at(&created, "/conversation/id")
                    .ok_or_else(|| unexpected(HELPDESK, "create conversation", "no id"))?
            }
        };
        if !baton_proto::ids::is_valid(&id) {
            return Err(unexpected(
                HELPDESK,
                "create conversation",
                "conversation id outside [A-Za-z0-9_-]",
            )
            .into());
        }
        Ok(id)
    }

    /// Sends `request` unless step `name` is recorded as done; records it after.
    async fn step(
        &self,
        link: &mut HelpdeskLink,
        name: &str,
        request: ApiRequest,
    ) -> Result<(), Stop> {
        if link.steps_done.iter().any(|done| done == name) {
            return Ok(());
        }
        self.client.call(&request).await?;
        link.steps_done.push(name.to_owned());
        self.links.save(link).await?;
        Ok(())
    }
}

/// The switchboard integration a handoff passes control to: its own, else Agent Workspace.
pub fn switchboard_integration(settings: &SunshineSettings) -> &str {
    if settings.switchboard_integration.is_empty() {
        AGENT_WORKSPACE
    } else {
        &settings.switchboard_integration
    }
}

/// The Sunshine settings of a dispatch, when it has them.
pub fn sunshine_settings(dispatch: &HandoffDispatch) -> Option<&SunshineSettings> {
    match dispatch.handoff.as_ref()?.settings.as_ref()? {
        handoff::Settings::ZendeskSunshine(settings) => Some(settings),
        handoff::Settings::Intercom(_)
        | handoff::Settings::ZendeskTicket(_)
        | handoff::Settings::Email(_) => None,
    }
}
