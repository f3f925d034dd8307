//! Live handoff through Sunshine Conversations: runs the plan
//! (`baton_connectors::zendesk::sunshine_plan`) in the handoff's app, idempotently across
//! redeliveries and crashes (`baton_helpdesk::deliver`).

use baton_bus::Bus;
use baton_connectors::zendesk::{Settings, sunshine_plan, switchboard_integration};
use baton_helpdesk::deliver::{self, DeliveryError};
use baton_helpdesk::dispatch::settings;
use baton_helpdesk::{ApiClient, Links};
use baton_proto::v1::{HandoffAccepted, HandoffDispatch, HandoffPackage, SunshineSettings};

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

    /// Delivers `dispatch` (its `package`), or carries on where an earlier try stopped.
    pub async fn deliver(
        &self,
        dispatch: &HandoffDispatch,
        package: &HandoffPackage,
    ) -> Result<HandoffAccepted, DeliveryError> {
        let sunshine = settings::<SunshineSettings>(dispatch);
        let app = match self.settings.sunshine_app(&sunshine.app_id) {
            Some(app) => app,
            None if self.client.is_dry_run() => "{app_id}",
            None => {
                return Err(DeliveryError::Misconfigured(
                    "no Sunshine app id: set BATON_SUNSHINE_APP_ID or the handoff's app_id".into(),
                ));
            }
        };
        let mut link = self.links.for_dispatch(dispatch).await?;
        if link.account.is_empty() {
            // Saved with the user, the first thing a new link records.
            app.clone_into(&mut link.account);
        }
        let plan = sunshine_plan(dispatch, package, &self.settings, app);
        let conversation = deliver::run(&plan, &self.client, &self.links, &mut link)
            .await?
            .object;
        Ok(HandoffAccepted {
            detail: format!(
                "Sunshine conversation {conversation} passed to {}{}",
                switchboard_integration(&sunshine),
                if self.client.is_dry_run() {
                    " (dry run: requests written to the outbox, nothing sent)"
                } else {
                    ""
                }
            ),
            external_ref: conversation,
            external_url: String::new(),
        })
    }
}
