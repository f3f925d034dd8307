//! Zendesk Support API wire types: the ticket Baton creates, the notes it adds and the
//! parts of the answers it reads, as typed structs. The requests themselves are built in
//! [`super::ticket`].

use baton_helpdesk::answer::Id;
use serde::{Deserialize, Serialize};

/// `POST /api/v2/tickets.json`, `PUT /api/v2/tickets/{ticket_id}.json`.
#[derive(Debug, Serialize)]
pub struct TicketRequest<'a> {
    /// The ticket, or the change to it.
    pub ticket: Ticket<'a>,
}

/// A ticket as Baton writes it; unset fields are left out.
#[derive(Debug, Default, Serialize)]
pub struct Ticket<'a> {
    /// The subject (a new ticket).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    /// A comment: the first one of a new ticket, or a note.
    pub comment: Comment<'a>,
    /// The Baton conversation (a new ticket).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_id: Option<&'a str>,
    /// Who asks (a new ticket, when the customer's email is known).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub requester: Option<Requester<'a>>,
    /// `low`, `normal`, `high`, `urgent`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub priority: Option<&'a str>,
    /// The group it goes to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group_id: Option<GroupId<'a>>,
    /// Its tags.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tags: Option<&'a [String]>,
}

/// A comment; `body` (plain text) only where Baton writes one.
#[derive(Debug, Default, Serialize)]
pub struct Comment<'a> {
    /// The comment, HTML.
    pub html_body: &'a str,
    /// The comment, plain text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<&'a str>,
    /// Whether the customer sees it.
    pub public: bool,
}

/// The requester of a new ticket: found or created by email.
#[derive(Debug, Serialize)]
pub struct Requester<'a> {
    /// Their name.
    pub name: &'a str,
    /// Their email.
    pub email: &'a str,
}

/// A group id: an integer in Zendesk; anything else is sent as written, and Zendesk's
/// refusal sends the handoff to its fallback with the reason.
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum GroupId<'a> {
    /// A Zendesk group id.
    Number(u64),
    /// Not an integer.
    Text(&'a str),
}

impl<'a> From<&'a str> for GroupId<'a> {
    fn from(id: &'a str) -> Self {
        id.parse().map_or(GroupId::Text(id), GroupId::Number)
    }
}

/// An answer naming a ticket.
#[derive(Debug, Serialize, Deserialize)]
pub struct TicketAnswer {
    /// The ticket.
    pub ticket: TicketId,
}

/// A ticket's id.
#[derive(Debug, Serialize, Deserialize)]
pub struct TicketId {
    /// The id.
    pub id: Id,
}

/// An answer naming the audit of a change (a note added).
#[derive(Debug, Serialize, Deserialize)]
pub struct AuditAnswer {
    /// The audit.
    pub audit: TicketId,
}

/// A Search API answer.
#[derive(Debug, Serialize, Deserialize)]
pub struct SearchAnswer {
    /// What was found.
    #[serde(default)]
    pub results: Vec<SearchResult>,
    /// How many.
    #[serde(default)]
    pub count: u64,
}

/// One search result.
#[derive(Debug, Serialize, Deserialize)]
pub struct SearchResult {
    /// Its id.
    pub id: Id,
    /// `ticket`.
    #[serde(default)]
    pub result_type: String,
    /// Its tags.
    #[serde(default)]
    pub tags: Vec<String>,
}
