//! Live handoff into Intercom: runs the plan (`baton_connectors::intercom::plan`) as the
//! app's admin, idempotently across redeliveries and crashes (`baton_helpdesk::deliver`),
//! and tells the router.

use baton_bus::{Bus, Delivery, HandleError, Handler, Publisher};
use baton_connectors::intercom::wire::Object;
use baton_connectors::intercom::{self, api};
use baton_helpdesk::answer::parse;
use baton_helpdesk::deliver::{self, DeliveryError, report};
use baton_helpdesk::plan::Slot;
use baton_helpdesk::{ApiClient, CallError, Links};
use baton_proto::v1::{HandoffAccepted, HandoffDispatch, HandoffPackage, HandoffType};
use tokio::sync::OnceCell;

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
                parse::<Object>(&me)
                    .and_then(|admin| admin.id.get().map(str::to_owned))
                    .ok_or_else(|| CallError::UnexpectedResponse {
                        helpdesk: "intercom",
                        operation: "identify the app admin",
                        reason: "no id".into(),
                    })
            })
            .await
            .cloned()
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
        package: &HandoffPackage,
    ) -> Result<HandoffAccepted, DeliveryError> {
        let mut link = self.links.for_dispatch(dispatch).await?;
        // A bad token fails here, before anything is created.
        let admin = self
            .admin
            .id(&self.client)
            .await
            .map_err(|err| DeliveryError::Helpdesk { err, object: None })?;
        // An interrupted try's conversation was opened after it began, give or take clocks.
        let resumed_since = link
            .started_at
            .as_ref()
            .map_or(0, |t| t.seconds.saturating_sub(60));
        let mut plan = intercom::plan(
            dispatch,
            package,
            self.workspace_owner.as_deref(),
            resumed_since,
        );
        plan.known.insert(Slot::Actor, admin);
        let delivered = deliver::run(&plan, &self.client, &self.links, &mut link).await?;
        let mut detail = format!("Intercom conversation {}", delivered.object);
        if self.client.is_dry_run() {
            detail.push_str(" (dry run: requests written to the outbox, nothing sent)");
        }
        if !delivered.skipped.is_empty() {
            detail.push_str(&format!("; not done: {}", delivered.skipped.join("; ")));
        }
        Ok(HandoffAccepted {
            external_ref: delivered.object,
            external_url: String::new(),
            detail,
        })
    }
}

impl Handler for DispatchHandler {
    type Message = HandoffDispatch;

    async fn handle(&self, delivery: Delivery<HandoffDispatch>) -> Result<(), HandleError> {
        let dispatch = &delivery.message;
        let package = baton_helpdesk::dispatch::package(dispatch)?;
        let delivered = self.deliver(dispatch, package).await;
        report(
            &self.publisher,
            dispatch,
            HandoffType::Intercom,
            intercom::AFTER_OBJECT,
            delivered,
        )
        .await
    }
}
