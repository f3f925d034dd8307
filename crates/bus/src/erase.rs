//! The right to erasure: everything Baton holds about one conversation, or about every
//! conversation of one customer of a tenant, deleted for good — the handoff records,
//! deadlines, helpdesk links and once-markers of the conversation, its messages in every
//! stream, its dead letters, and last its state (so an erasure cut short by a failure finds
//! the conversation again when run again). `baton erase` runs it.
//!
//! KV entries are purged (their history goes too) and stream messages are purged by
//! subject, so nothing is left to read back; JetStream compacts the files in its own time.
//! Operator alerts (`baton.alert.<tenant>`) are not per conversation: they expire with their
//! stream.

use async_nats::jetstream;
use baton_proto::ids;
use baton_proto::v1::{Conversation, HelpdeskLink};

use crate::dlq::Listed;
use crate::kv::Store;
use crate::subjects::{self, Bucket, Stream};
use crate::{Bus, Error};

/// Whom to erase.
#[derive(Debug, Clone, Copy)]
pub enum Whom<'a> {
    /// One conversation, by id.
    Conversation(&'a str),
    /// Every conversation whose customer has this external id or email (case-insensitive).
    Customer(&'a str),
}

/// What was deleted.
#[derive(Debug, Default, PartialEq)]
pub struct Erased {
    /// The conversations of which something was deleted.
    pub conversations: Vec<String>,
    /// KV keys purged, as `<bucket>/<key>`.
    pub keys: Vec<String>,
    /// Stream messages purged.
    pub messages: u64,
    /// Dead letters deleted.
    pub dead_letters: u64,
}

/// Erases `whom` of `tenant`. Finding a customer reads every conversation state of the
/// tenant: an erasure request is rare, and Baton keeps no index by customer.
pub async fn erase(bus: &Bus, tenant: &str, whom: Whom<'_>) -> Result<Erased, Error> {
    ids::check("tenant_id", tenant)?;
    let conversations: Store<Conversation> = Store::open(bus, Bucket::Conversations).await?;
    let chosen = match whom {
        Whom::Conversation(id) => {
            ids::check("conversation_id", id)?;
            vec![id.to_owned()]
        }
        Whom::Customer(who) => customer_conversations(&conversations, tenant, who).await?,
    };
    let letters = crate::dlq::list(bus, None).await?;
    let mut erased = Erased::default();
    for conversation in chosen {
        let before = (erased.keys.len(), erased.messages, erased.dead_letters);
        erase_conversation(
            bus,
            &conversations,
            &letters,
            tenant,
            &conversation,
            &mut erased,
        )
        .await?;
        if before != (erased.keys.len(), erased.messages, erased.dead_letters) {
            erased.conversations.push(conversation);
        }
    }
    Ok(erased)
}

/// The tenant's conversations whose customer is `who` (an external id or an email).
async fn customer_conversations(
    conversations: &Store<Conversation>,
    tenant: &str,
    who: &str,
) -> Result<Vec<String>, Error> {
    let who = who.trim();
    let mut found = Vec::new();
    if who.is_empty() {
        return Ok(found);
    }
    for key in conversations
        .keys_with_prefix(&format!("{tenant}."))
        .await?
    {
        let Some(stored) = conversations.get(&key).await? else {
            continue;
        };
        let customer = stored.value.customer.unwrap_or_default();
        if customer.external_id.trim() == who || customer.email.trim().eq_ignore_ascii_case(who) {
            found.push(stored.value.conversation_id);
        }
    }
    Ok(found)
}

async fn erase_conversation(
    bus: &Bus,
    conversations: &Store<Conversation>,
    letters: &[Listed],
    tenant: &str,
    conversation: &str,
    erased: &mut Erased,
) -> Result<(), Error> {
    // Each bucket listed on its own: a link or deadline may outlive its handoff record.
    let records = Store::<Conversation>::open(bus, Bucket::Handoffs).await?;
    for key in records.record_keys(tenant, conversation).await? {
        purge(records.raw(), Bucket::Handoffs, &key, None, erased).await?;
    }
    let deadlines = Store::<Conversation>::open(bus, Bucket::Deadlines).await?;
    for key in deadlines.record_keys(tenant, conversation).await? {
        purge(deadlines.raw(), Bucket::Deadlines, &key, None, erased).await?;
    }
    let links: Store<HelpdeskLink> = Store::open(bus, Bucket::Links).await?;
    for key in links.record_keys(tenant, conversation).await? {
        erase_route(&links, &key, erased).await?;
        purge(links.raw(), Bucket::Links, &key, None, erased).await?;
    }
    for subject in subjects::conversation_subjects(tenant, conversation)? {
        if let Some(stream) = Stream::of(&subject) {
            erased.messages += purge_subject(bus, stream, &subject).await?;
        }
    }
    erased.dead_letters += erase_dead_letters(bus, letters, tenant, conversation).await?;
    let key = subjects::key(tenant, conversation)?;
    if conversations.get(&key).await?.is_some() {
        purge(
            conversations.raw(),
            Bucket::Conversations,
            &key,
            None,
            erased,
        )
        .await?;
    }
    Ok(())
}

/// The webhook route `<helpdesk>.<external id>` of the link at `key`, while it still points
/// at that link's record (purged at the revision read: a record claiming it meanwhile keeps
/// it). Markers (`<tenant>.<record>.<helpdesk>.<kind>.<id>`) have no route.
async fn erase_route(
    links: &Store<HelpdeskLink>,
    key: &str,
    erased: &mut Erased,
) -> Result<(), Error> {
    let is_link = key.split('.').count() == 3;
    let Some(link) = links.get(key).await?.filter(|_| is_link) else {
        return Ok(());
    };
    if link.value.external_id.is_empty() {
        return Ok(());
    }
    let route = format!("{}.{}", link.value.helpdesk, link.value.external_id);
    if let Some(held) = links.get(&route).await?
        && held.value.tenant_id == link.value.tenant_id
        && held.value.record_id == link.value.record_id
    {
        purge(
            links.raw(),
            Bucket::Links,
            &route,
            Some(held.revision),
            erased,
        )
        .await?;
    }
    Ok(())
}

async fn purge(
    bucket: &jetstream::kv::Store,
    which: Bucket,
    key: &str,
    revision: Option<u64>,
    erased: &mut Erased,
) -> Result<(), Error> {
    bucket
        .purge_expect_revision(key, revision)
        .await
        .map_err(|err| Error::Kv {
            operation: "purge",
            key: key.to_owned(),
            source: Error::boxed(err),
        })?;
    erased.keys.push(format!("{}/{key}", which.name()));
    Ok(())
}

async fn purge_subject(bus: &Bus, stream: Stream, subject: &str) -> Result<u64, Error> {
    let purge_error = |source| Error::Provision {
        what: format!("purge of {subject} in stream {}", stream.name()),
        source,
    };
    let handle = bus
        .jetstream()
        .get_stream_no_info(stream.name())
        .await
        .map_err(|err| purge_error(Error::boxed(err)))?;
    let purged = handle
        .purge()
        .filter(subject)
        .await
        .map_err(|err| purge_error(Error::boxed(err)))?;
    Ok(purged.purged)
}

/// Deletes the dead letters (of `letters`, the DLQ read once) whose original subject is
/// about `conversation`.
async fn erase_dead_letters(
    bus: &Bus,
    letters: &[Listed],
    tenant: &str,
    conversation: &str,
) -> Result<u64, Error> {
    let dlq = bus
        .jetstream()
        .get_stream_no_info(Stream::Dlq.name())
        .await
        .map_err(|err| Error::Provision {
            what: format!("stream {}", Stream::Dlq.name()),
            source: Error::boxed(err),
        })?;
    let mut deleted = 0;
    for listed in letters
        .iter()
        .filter(|l| subjects::conversation_of(&l.letter.subject) == Some((tenant, conversation)))
    {
        dlq.delete_message(listed.sequence)
            .await
            .map_err(|err| Error::Provision {
                what: format!("dead letter #{} of {}", listed.sequence, Stream::Dlq.name()),
                source: Error::boxed(err),
            })?;
        deleted += 1;
    }
    Ok(deleted)
}
