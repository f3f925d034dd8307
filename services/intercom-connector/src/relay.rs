//! While a human handles the conversation: the customer's messages go into the Intercom
//! conversation as their replies, and Copilot's drafts as internal notes — each exactly
//! once (a marker per event or draft in `baton_links`) and in order (the worker hands a
//! conversation's messages over one at a time, in stream order).

use std::sync::Arc;

use baton_bus::{Bus, Delivery, HandleError, Handler};
use baton_helpdesk::{ApiClient, ApiRequest, CallError, Links};
use baton_proto::v1::{CopilotDraft, HelpdeskLink, RelayMessage};

use crate::deliver::AppAdmin;
use baton_connectors::intercom::api;
use baton_connectors::intercom::wire::Object;
use baton_helpdesk::answer::parse;

/// Posts to the Intercom conversations of linked handoffs.
pub struct Poster {
    client: ApiClient,
    admin: Arc<AppAdmin>,
    links: Links,
}

impl Poster {
    /// A poster calling Intercom through `client`.
    pub async fn new(
        bus: &Bus,
        client: ApiClient,
        admin: Arc<AppAdmin>,
    ) -> Result<Self, baton_bus::Error> {
        Ok(Self {
            client,
            admin,
            links: Links::open(bus, "intercom").await?,
        })
    }

    /// Sends `request` once per `kind`/`id` (a marker in `baton_links`).
    async fn post_once(
        &self,
        link: &HelpdeskLink,
        kind: &str,
        id: &str,
        request: ApiRequest,
    ) -> Result<(), HandleError> {
        self.links
            .once(link, kind, id, || async {
                let answer = self.client.call(&request).await?;
                Ok(parse::<Object>(&answer)
                    .and_then(|part| part.id.get().map(str::to_owned))
                    .unwrap_or_default())
            })
            .await
    }
}

/// Relays customer messages.
pub struct RelayHandler(pub Arc<Poster>);

impl Handler for RelayHandler {
    type Message = RelayMessage;

    async fn handle(&self, delivery: Delivery<RelayMessage>) -> Result<(), HandleError> {
        let relay = &delivery.message;
        let link = self
            .0
            .links
            .created(&relay.tenant_id, &relay.record_id)
            .await?;
        let turn = relay.turn.clone().unwrap_or_default();
        let request = api::reply_as_contact(&link.external_id, &link.contact_id, &turn.text);
        self.0
            .post_once(&link, "relay", &relay.event_id, request)
            .await
    }
}

/// Posts Copilot drafts as notes.
pub struct DraftHandler(pub Arc<Poster>);

impl Handler for DraftHandler {
    type Message = CopilotDraft;

    async fn handle(&self, delivery: Delivery<CopilotDraft>) -> Result<(), HandleError> {
        let draft = &delivery.message;
        let link = self
            .0
            .links
            .created(&draft.tenant_id, &draft.record_id)
            .await?;
        let admin_id = self
            .0
            .admin
            .id(&self.0.client)
            .await
            .map_err(CallError::retry_later)?;
        let request = api::add_note(
            &link.external_id,
            &admin_id,
            &baton_helpdesk::text::draft_note(draft),
        );
        self.0
            .post_once(&link, "draft", &draft.draft_id, request)
            .await
    }
}
