//! Intercom's wire types (REST API 2.14, the official description in tests/contracts/specs):
//! the bodies Baton sends and the parts of the answers it reads, as typed structs, so a
//! renamed field fails to compile rather than at run time. The requests themselves —
//! method, route, path — are built in [`super::api`].

use baton_helpdesk::answer::Id;
use serde::{Deserialize, Serialize};

/// `POST /contacts/search`, `POST /conversations/search`.
#[derive(Debug, Serialize)]
pub struct Search<'a> {
    /// The filter.
    pub query: Query<'a>,
}

/// A search filter: one comparison, or comparisons joined by `AND`.
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum Query<'a> {
    /// `field operator value`.
    Single(Comparison<'a>),
    /// Every comparison holds.
    Multiple {
        /// `AND`.
        operator: &'static str,
        /// The comparisons.
        value: Vec<Comparison<'a>>,
    },
}

/// `field operator value`.
#[derive(Debug, Serialize)]
pub struct Comparison<'a> {
    /// The field compared.
    pub field: &'static str,
    /// `=`, `>`.
    pub operator: &'static str,
    /// What it is compared with.
    pub value: Operand<'a>,
}

/// The right side of a comparison.
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum Operand<'a> {
    /// A string (an id, an email).
    Text(&'a str),
    /// A Unix time.
    Time(i64),
}

/// `POST /contacts`. Empty fields are left out: Intercom keeps what it knows.
#[derive(Debug, Serialize)]
pub struct CreateContact<'a> {
    /// `user` or `lead`.
    pub role: &'static str,
    /// The customer's id, namespaced by tenant in a shared workspace.
    #[serde(skip_serializing_if = "str::is_empty")]
    pub external_id: &'a str,
    /// The customer's email.
    #[serde(skip_serializing_if = "str::is_empty")]
    pub email: &'a str,
    /// The customer's name.
    #[serde(skip_serializing_if = "str::is_empty")]
    pub name: &'a str,
}

/// `POST /conversations`: a conversation a contact initiates.
#[derive(Debug, Serialize)]
pub struct CreateConversation<'a> {
    /// Who it is from.
    pub from: From<'a>,
    /// The opening message, plain text.
    pub body: &'a str,
}

/// The contact a conversation is from.
#[derive(Debug, Serialize)]
pub struct From<'a> {
    /// `user` or `lead`.
    #[serde(rename = "type")]
    pub kind: &'a str,
    /// The contact's id.
    pub id: &'a str,
}

/// `POST /conversations/{id}/reply`.
#[derive(Debug, Serialize)]
#[serde(tag = "message_type", rename_all = "snake_case")]
pub enum Reply<'a> {
    /// An internal note (HTML), by an admin.
    Note {
        /// `admin`.
        #[serde(rename = "type")]
        kind: &'static str,
        /// The admin.
        admin_id: &'a str,
        /// The note.
        body: &'a str,
    },
    /// A message by the contact.
    Comment {
        /// `user`.
        #[serde(rename = "type")]
        kind: &'static str,
        /// The contact.
        intercom_user_id: &'a str,
        /// The message, plain text.
        body: &'a str,
    },
}

/// `POST /conversations/{id}/parts` with `message_type: assignment`.
#[derive(Debug, Serialize)]
pub struct Assignment<'a> {
    /// `assignment`.
    pub message_type: &'static str,
    /// `team` or `admin`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// The admin assigning.
    pub admin_id: &'a str,
    /// The team or admin assigned.
    pub assignee_id: &'a str,
}

/// `POST /tags`.
#[derive(Debug, Serialize)]
pub struct CreateTag<'a> {
    /// The tag's name.
    pub name: &'a str,
}

/// `POST /conversations/{id}/tags`.
#[derive(Debug, Serialize)]
pub struct TagConversation<'a> {
    /// The tag.
    pub id: &'a str,
    /// The admin tagging.
    pub admin_id: &'a str,
}

/// An object with an id: the admin (`/me`), a contact, a tag.
#[derive(Debug, Serialize, Deserialize)]
pub struct Object {
    /// Its `type` (`admin`, `contact`, `tag`).
    #[serde(rename = "type", default)]
    pub kind: String,
    /// Its id.
    pub id: Id,
}

/// A list of contacts (`POST /contacts/search`).
#[derive(Debug, Serialize, Deserialize)]
pub struct ContactList {
    /// `list`.
    #[serde(rename = "type", default)]
    pub kind: String,
    /// The contacts found.
    #[serde(default)]
    pub data: Vec<Contact>,
    /// How many.
    #[serde(default)]
    pub total_count: u64,
}

/// A contact as a search returns it.
#[derive(Debug, Serialize, Deserialize)]
pub struct Contact {
    /// Its id.
    pub id: Id,
    /// `user` or `lead`.
    #[serde(default)]
    pub role: String,
}

/// What creating a conversation answers: the customer's first message.
#[derive(Debug, Serialize, Deserialize)]
pub struct CreatedMessage {
    /// `user_message`.
    #[serde(rename = "type", default)]
    pub kind: String,
    /// The conversation it opened.
    pub conversation_id: Id,
}

/// A list of conversations (`POST /conversations/search`).
#[derive(Debug, Serialize, Deserialize)]
pub struct ConversationList {
    /// `conversation.list`.
    #[serde(rename = "type", default)]
    pub kind: String,
    /// The conversations found.
    #[serde(default)]
    pub conversations: Vec<Conversation>,
}

/// A conversation as a search returns it.
#[derive(Debug, Serialize, Deserialize)]
pub struct Conversation {
    /// Its id.
    pub id: Id,
    /// When it was created (Unix seconds).
    #[serde(default)]
    pub created_at: i64,
    /// Its opening message.
    #[serde(default)]
    pub source: Source,
}

/// A conversation's opening message.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Source {
    /// Its text.
    #[serde(default)]
    pub body: String,
}
