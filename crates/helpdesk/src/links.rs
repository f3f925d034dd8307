//! The link store (KV `baton_links`): which helpdesk object carries which Baton
//! conversation, how far its delivery got, and which side effects were already done.
//! Every id is validated before it becomes part of a key.
//!
//! Side effects on a linked object (a relayed message, a Copilot note) are done once
//! ([`Links::once`]): a marker per event or draft id is looked up before and written after.
//! The one window left — a crash after the helpdesk accepted and before the marker is
//! written — repeats that one message or note on redelivery.

use std::future::Future;

use baton_bus::HandleError;
use baton_bus::kv::{Decision, Store, Versioned};
use baton_bus::subjects::{self, Bucket};
use baton_bus::{Bus, Error};
use baton_proto::ids;
use baton_proto::v1::{HandoffDispatch, HelpdeskLink, LinkState, Marker};

use crate::CallError;

/// The links of one helpdesk.
#[derive(Clone)]
pub struct Links {
    helpdesk: &'static str,
    links: Store<HelpdeskLink>,
    markers: Store<Marker>,
}

impl Links {
    /// Opens the store for `helpdesk` ("intercom", "sunshine", "zendesk_ticket").
    pub async fn open(bus: &Bus, helpdesk: &'static str) -> Result<Self, Error> {
        Ok(Self {
            helpdesk,
            links: Store::open(bus, Bucket::Links).await?,
            markers: Store::open(bus, Bucket::Links).await?,
        })
    }

    /// The helpdesk's name.
    pub fn helpdesk(&self) -> &'static str {
        self.helpdesk
    }

    fn record_key(&self, tenant: &str, record: &str) -> Result<String, Error> {
        Ok(format!(
            "{}.{}",
            subjects::record_key(tenant, record)?,
            self.helpdesk
        ))
    }

    fn external_key(&self, external_id: &str) -> Result<String, Error> {
        ids::check("external_id", external_id)?;
        Ok(format!("{}.{external_id}", self.helpdesk))
    }

    /// The link of handoff record `record`, with its revision.
    pub async fn for_record(
        &self,
        tenant: &str,
        record: &str,
    ) -> Result<Option<Versioned<HelpdeskLink>>, Error> {
        self.links.get(&self.record_key(tenant, record)?).await
    }

    /// The link of `dispatch`'s handoff record: the stored one (an earlier try's), or a new
    /// one, not yet saved, for its conversation.
    pub async fn for_dispatch(&self, dispatch: &HandoffDispatch) -> Result<HelpdeskLink, Error> {
        let (tenant, agent, conversation) = dispatch
            .package
            .as_ref()
            .map(|p| (&*p.tenant_id, &*p.agent_id, &*p.conversation_id))
            .unwrap_or_default();
        Ok(match self.for_record(tenant, &dispatch.record_id).await? {
            Some(found) => found.value,
            None => HelpdeskLink {
                tenant_id: tenant.to_owned(),
                agent_id: agent.to_owned(),
                conversation_id: conversation.to_owned(),
                record_id: dispatch.record_id.clone(),
                helpdesk: self.helpdesk.into(),
                attempt: dispatch.attempt,
                ..Default::default()
            },
        })
    }

    /// The link of the helpdesk object `external_id` (what a webhook knows).
    pub async fn by_external(&self, external_id: &str) -> Result<Option<HelpdeskLink>, Error> {
        Ok(self
            .links
            .get(&self.external_key(external_id)?)
            .await?
            .map(|v| v.value))
    }

    /// Stores `link` under its record; once created, also under its external id, which it
    /// claims first (compare-and-set): never from another tenant's link, whose webhooks
    /// would otherwise reach this tenant's customer, and a refused link is not stored as
    /// created, so nothing is ever posted to the other tenant's object. Within a tenant the
    /// latest link takes it over (a later handoff reusing the helpdesk conversation; mocks
    /// that answer every create with the same example id).
    pub async fn save(&self, link: &HelpdeskLink) -> Result<(), Error> {
        let record_key = self.record_key(&link.tenant_id, &link.record_id)?;
        if link.state() == LinkState::Created {
            let claimed = self
                .links
                .update(&self.external_key(&link.external_id)?, |held| match held {
                    Some(held) if held.tenant_id != link.tenant_id => Decision::Keep(Err(())),
                    _ => Decision::Write(link.clone(), Ok(())),
                })
                .await?;
            if claimed.is_err() {
                // Who holds it is another tenant's business: not in a reason that reaches
                // this tenant's logs and dead letters.
                return Err(baton_proto::Invalid::new(
                    "external_id",
                    format!(
                        "{} object {} is linked to another tenant's conversation",
                        self.helpdesk, link.external_id
                    ),
                )
                .into());
            }
        }
        self.links.put(&record_key, link).await?;
        Ok(())
    }

    fn marker_key(&self, link: &HelpdeskLink, kind: &str, id: &str) -> Result<String, Error> {
        ids::check("marker_id", id)?;
        Ok(format!(
            "{}.{kind}.{id}",
            self.record_key(&link.tenant_id, &link.record_id)?
        ))
    }

    /// The marker of side effect `kind`/`id` on `link` (e.g. `relay`/event id), if done.
    pub async fn marker(
        &self,
        link: &HelpdeskLink,
        kind: &str,
        id: &str,
    ) -> Result<Option<Marker>, Error> {
        Ok(self
            .markers
            .get(&self.marker_key(link, kind, id)?)
            .await?
            .map(|v| v.value))
    }

    /// Records that side effect `kind`/`id` on `link` is done.
    pub async fn mark(
        &self,
        link: &HelpdeskLink,
        kind: &str,
        id: &str,
        marker: &Marker,
    ) -> Result<(), Error> {
        self.markers
            .put(&self.marker_key(link, kind, id)?, marker)
            .await
            .map(drop)
    }

    /// The created link of handoff `record`; until its dispatch has linked it, the message
    /// asking waits in the stream and comes back.
    pub async fn created(&self, tenant: &str, record: &str) -> Result<HelpdeskLink, HandleError> {
        match self.for_record(tenant, record).await? {
            Some(found) if found.value.state() == LinkState::Created => Ok(found.value),
            _ => Err(HandleError::transient(format!(
                "handoff record {record} has no {} object yet",
                self.helpdesk
            ))),
        }
    }

    /// Runs `effect` unless marker `kind`/`id` of `link` says it ran; then writes the
    /// marker with the helpdesk's id of what `effect` created. A failed call is redelivered
    /// (or dead-lettered when refused): [`CallError::retry_later`].
    pub async fn once<F, Fut>(
        &self,
        link: &HelpdeskLink,
        kind: &str,
        id: &str,
        effect: F,
    ) -> Result<(), HandleError>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<String, CallError>>,
    {
        match self.once_with(link, kind, id, effect).await {
            Ok(_) => Ok(()),
            Err(Once::Effect(err)) => Err(err.retry_later()),
            Err(Once::Lookup(err) | Once::Mark(err)) => Err(err.into()),
        }
    }

    /// [`Links::once`] for any side effect and error (an email sent over SMTP): whether it
    /// ran now or had run, or which part failed — so a caller can tell a marker lost after
    /// the effect (repeating it would certainly duplicate it) from a failure before it.
    pub async fn once_with<E, F, Fut>(
        &self,
        link: &HelpdeskLink,
        kind: &str,
        id: &str,
        effect: F,
    ) -> Result<Ran, Once<E>>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<String, E>>,
    {
        if self
            .marker(link, kind, id)
            .await
            .map_err(Once::Lookup)?
            .is_some()
        {
            tracing::info!(record = %link.record_id, kind, id, helpdesk = self.helpdesk, "already done; not repeated");
            return Ok(Ran::Before);
        }
        let external_id = effect().await.map_err(Once::Effect)?;
        self.mark(link, kind, id, &Marker { external_id })
            .await
            .map_err(Once::Mark)?;
        tracing::info!(record = %link.record_id, kind, helpdesk = self.helpdesk, "done");
        Ok(Ran::Now)
    }
}

/// Whether a once-only side effect ran now or had run before.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ran {
    /// Now, and its marker is written.
    Now,
    /// Before: its marker was found, and it was not repeated.
    Before,
}

/// Which part of a once-only side effect failed.
#[derive(Debug)]
pub enum Once<E> {
    /// Reading its marker: nothing was done.
    Lookup(Error),
    /// The effect itself.
    Effect(E),
    /// Writing its marker, after the effect was done.
    Mark(Error),
}
