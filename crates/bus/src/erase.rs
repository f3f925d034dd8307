//! The right to erasure: everything Baton holds about one conversation, or about every
//! conversation of one customer of a tenant, deleted for good — the conversation's state,
//! its handoff records and deadlines, the helpdesk links and once-markers of those
//! records, its messages in every stream, and its dead letters. `baton erase` runs it.
//!
//! KV entries are purged (their history goes too) and stream messages are purged by
//! subject, so nothing is left to read back; JetStream compacts the files in its own time.

use async_nats::jetstream;
use baton_proto::ids;
use baton_proto::v1::{Conversation, HandoffRecord, HelpdeskLink};

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
    /// The conversations erased.
    pub conversations: Vec<String>,
    /// KV keys purged, as `<bucket>/<key>`.
    pub keys: Vec<String>,
    /// Stream messages purged.
    pub messages: u64,
    /// Dead letters deleted.
    pub dead_letters: u64,
}

/// Erases `whom` of `tenant`.
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
    let mut erased = Erased::default();
    for conversation in &chosen {
        erase_conversation(bus, &conversations, tenant, conversation, &mut erased).await?;
    }
    erased.conversations = chosen;
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
        if customer.external_id == who || customer.email.eq_ignore_ascii_case(who) {
            found.push(stored.value.conversation_id);
        }
    }
    Ok(found)
}

async fn erase_conversation(
    bus: &Bus,
    conversations: &Store<Conversation>,
    tenant: &str,
    conversation: &str,
    erased: &mut Erased,
) -> Result<(), Error> {
    let key = subjects::key(tenant, conversation)?;
    if conversations.get(&key).await?.is_some() {
        purge(conversations.raw(), Bucket::Conversations, &key, erased).await?;
    }
    let records: Store<HandoffRecord> = Store::open(bus, Bucket::Handoffs).await?;
    let deadlines = bus.bucket(Bucket::Deadlines).await?;
    let links: Store<HelpdeskLink> = Store::open(bus, Bucket::Links).await?;
    for key in records
        .keys_with_prefix(&format!("{tenant}.{conversation}-"))
        .await?
    {
        let record = key.split_once('.').map_or("", |(_, record)| record);
        if !subjects::is_record_of(record, conversation) {
            continue;
        }
        purge(records.raw(), Bucket::Handoffs, &key, erased).await?;
        // The same key: the dispatch still waiting for its result, if any.
        if deadlines.get(&key).await.ok().flatten().is_some() {
            purge(&deadlines, Bucket::Deadlines, &key, erased).await?;
        }
        erase_links(&links, &format!("{key}."), erased).await?;
    }
    for subject in subjects::conversation_subjects(tenant, conversation)? {
        if let Some(stream) = Stream::of(&subject) {
            erased.messages += purge_subject(bus, stream, &subject).await?;
        }
    }
    erased.dead_letters += erase_dead_letters(bus, tenant, conversation).await?;
    Ok(())
}

/// The links, markers and sent-email markers under `<tenant>.<record>.`, and each link's
/// webhook route `<helpdesk>.<external id>` while it still points at this record.
async fn erase_links(
    links: &Store<HelpdeskLink>,
    prefix: &str,
    erased: &mut Erased,
) -> Result<(), Error> {
    for key in links.keys_with_prefix(prefix).await? {
        // `<tenant>.<record>.<helpdesk>` is a link; longer keys are markers.
        let is_link = key[prefix.len()..].split('.').count() == 1;
        if is_link && let Some(link) = links.get(&key).await? {
            let route = format!("{}.{}", link.value.helpdesk, link.value.external_id);
            let routed_here = links.get(&route).await.ok().flatten().is_some_and(|held| {
                held.value.tenant_id == link.value.tenant_id
                    && held.value.record_id == link.value.record_id
            });
            if !link.value.external_id.is_empty() && routed_here {
                purge(links.raw(), Bucket::Links, &route, erased).await?;
            }
        }
        purge(links.raw(), Bucket::Links, &key, erased).await?;
    }
    Ok(())
}

async fn purge(
    bucket: &jetstream::kv::Store,
    which: Bucket,
    key: &str,
    erased: &mut Erased,
) -> Result<(), Error> {
    bucket.purge(key).await.map_err(|err| Error::Kv {
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

/// Deletes the dead letters whose original subject is about `conversation`.
async fn erase_dead_letters(bus: &Bus, tenant: &str, conversation: &str) -> Result<u64, Error> {
    let letters = crate::dlq::list(bus, None).await?;
    let dlq = bus
        .jetstream()
        .get_stream_no_info(Stream::Dlq.name())
        .await
        .map_err(|err| Error::Provision {
            what: format!("stream {}", Stream::Dlq.name()),
            source: Error::boxed(err),
        })?;
    let mut deleted = 0;
    for listed in letters {
        if subjects::conversation_of(&listed.letter.subject) != Some((tenant, conversation)) {
            continue;
        }
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
