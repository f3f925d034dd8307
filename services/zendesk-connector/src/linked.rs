//! Side effects on a linked helpdesk object (a relayed message, a Copilot note), each done
//! once: a marker per event or draft id in `baton_links` is looked up before and written
//! after. The one window left — a crash after the helpdesk accepted and before the marker
//! is written — repeats that one message or note on redelivery.

use std::future::Future;

use baton_bus::HandleError;
use baton_helpdesk::{CallError, Links};
use baton_proto::v1::{HelpdeskLink, LinkState, Marker};

/// The created link of handoff `record`; until its dispatch has linked it, the message
/// waits in the stream and comes back.
pub async fn created_link(
    links: &Links,
    tenant: &str,
    record: &str,
) -> Result<HelpdeskLink, HandleError> {
    match links.for_record(tenant, record).await? {
        Some(found) if found.value.state() == LinkState::Created => Ok(found.value),
        _ => Err(HandleError::transient(format!(
            "handoff record {record} has no {} object yet",
            links.helpdesk()
        ))),
    }
}

/// Runs `effect` unless marker `kind`/`id` of `link` says it ran; then writes the marker
/// with the helpdesk's id of what `effect` created.
pub async fn once<F, Fut>(
    links: &Links,
    link: &HelpdeskLink,
    kind: &str,
    id: &str,
    effect: F,
) -> Result<(), HandleError>
where
    F: FnOnce() -> Fut,
    Fut: Future<Output = Result<String, CallError>>,
{
    if links.marker(link, kind, id).await?.is_some() {
        tracing::info!(record = %link.record_id, kind, id, helpdesk = links.helpdesk(), "already done; not repeated");
        return Ok(());
    }
    let external_id = effect().await.map_err(CallError::retry_later)?;
    links.mark(link, kind, id, &Marker { external_id }).await?;
    tracing::info!(record = %link.record_id, kind, helpdesk = links.helpdesk(), "done");
    Ok(())
}
