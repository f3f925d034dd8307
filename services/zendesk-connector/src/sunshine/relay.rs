//! While a human handles the conversation, the customer's later messages go into the
//! Sunshine conversation as the user's — each once (a marker per event id) and in order
//! (the worker hands a conversation's messages over one at a time, in stream order).

use baton_bus::{Bus, Delivery, HandleError, Handler};
use baton_helpdesk::{ApiClient, Links};
use baton_proto::v1::RelayMessage;

use crate::sunshine::deliver::HELPDESK;
use baton_connectors::zendesk::sunshine::{self as api, Author, Origin};
use baton_connectors::zendesk::sunshine_wire::MessagesAnswer;
use baton_connectors::zendesk::text;
use baton_helpdesk::answer::parse;

/// Relays customer messages to Sunshine.
pub struct RelayHandler {
    client: ApiClient,
    links: Links,
}

impl RelayHandler {
    /// A relay posting through `client`.
    pub async fn new(bus: &Bus, client: ApiClient) -> Result<Self, baton_bus::Error> {
        Ok(Self {
            client,
            links: Links::open(bus, HELPDESK).await?,
        })
    }
}

impl Handler for RelayHandler {
    type Message = RelayMessage;

    async fn handle(&self, delivery: Delivery<RelayMessage>) -> Result<(), HandleError> {
        let relay = &delivery.message;
        let link = self
            .links
            .created(&relay.tenant_id, &relay.record_id)
            .await?;
        if link.account.is_empty() {
            return Err(HandleError::permanent("the Sunshine link names no app"));
        }
        let app = link.account.as_str();
        let text = relay
            .turn
            .as_ref()
            .map(|t| t.text.as_str())
            .unwrap_or_default();
        self.links
            .once(&link, "relay", &relay.event_id, || async {
                let mut last_id = String::new();
                for piece in text::message_pieces(text) {
                    let request = api::post_message(
                        app,
                        &link.external_id,
                        Author::Customer {
                            user_id: &link.contact_id,
                        },
                        &piece,
                        Origin::Relay,
                    );
                    let posted = self.client.call(&request).await?;
                    last_id = parse::<MessagesAnswer>(&posted)
                        .and_then(|answer| answer.messages.into_iter().next())
                        .and_then(|message| message.id.get().map(str::to_owned))
                        .unwrap_or_default();
                }
                Ok(last_id)
            })
            .await
    }
}
