//! The Intercom API requests the connector sends (REST API 2.14, the official description in
//! tests/contracts/specs): built here and only here, so the live path, dry-run and Preview
//! send and show the same requests.

use baton_helpdesk::ApiRequest;
use baton_helpdesk::answer::Id;
use http::Method;

use super::wire::{
    Assignment, Comparison, ContactList, ConversationList, CreateContact, CreateConversation,
    CreateTag, CreatedMessage, From, Object, Operand, Query, Reply, Search, TagConversation,
};

/// The app's own admin (`GET /me`): the author of notes and assignments.
pub fn me() -> ApiRequest {
    ApiRequest::new("identify the app admin", Method::GET, "/me", "/me".into())
        .answers_dry_run(&object("admin", "dry-run-admin"))
}

/// Contacts whose `field` (`external_id`, `email`) equals `value`.
pub fn search_contacts(field: &'static str, value: &str) -> ApiRequest {
    ApiRequest::new(
        "search contacts",
        Method::POST,
        "/contacts/search",
        "/contacts/search".into(),
    )
    .json(&Search {
        query: Query::Single(Comparison {
            field,
            operator: "=",
            value: Operand::Text(value),
        }),
    })
    .answers_dry_run(&ContactList {
        kind: "list".into(),
        data: Vec::new(),
        total_count: 0,
    })
}

/// What kind of Intercom contact a customer is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContactRole {
    /// Known to the tenant by an id of theirs.
    User,
    /// Anonymous to the tenant.
    Lead,
}

impl ContactRole {
    /// The role of a new contact whose `external_id` (in Intercom) is this: a user when
    /// Baton knows the customer's id, else a lead.
    pub fn for_external_id(external_id: &str) -> Self {
        if external_id.is_empty() {
            ContactRole::Lead
        } else {
            ContactRole::User
        }
    }

    /// The role as Intercom names it (`role`, `from.type`); anything but `lead` is a user.
    pub fn parse(name: &str) -> Self {
        if name == "lead" {
            ContactRole::Lead
        } else {
            ContactRole::User
        }
    }

    /// The role as Intercom names it.
    pub fn name(self) -> &'static str {
        match self {
            ContactRole::User => "user",
            ContactRole::Lead => "lead",
        }
    }
}

/// A new contact: a user when Baton knows the customer's id, else a lead.
pub fn create_contact(external_id: &str, email: &str, name: &str) -> ApiRequest {
    ApiRequest::new(
        "create contact",
        Method::POST,
        "/contacts",
        "/contacts".into(),
    )
    .json(&CreateContact {
        role: ContactRole::for_external_id(external_id).name(),
        external_id,
        email,
        name,
    })
    .answers_dry_run(&object("contact", "dry-run-contact"))
}

/// A conversation initiated by `contact_id` (of `role`), opening with `body`: plain text
/// ("HTML is not supported", the official description), so customer words go unescaped;
/// escaping would show the agent `&amp;` for `&`. Notes, which are HTML, escape them.
pub fn create_conversation(
    contact_id: &str,
    role: &str,
    body: &str,
    dry_run_id: &str,
) -> ApiRequest {
    ApiRequest::new(
        "create conversation",
        Method::POST,
        "/conversations",
        "/conversations".into(),
    )
    .json(&CreateConversation {
        from: From {
            kind: role,
            id: contact_id,
        },
        body,
    })
    // A retry after a timeout searches the contact's new conversations instead.
    .not_idempotent()
    .answers_dry_run(&CreatedMessage {
        kind: "user_message".into(),
        conversation_id: Id::from(dry_run_id),
    })
}

/// Conversations of `contact_id` created after `since` (Unix seconds): what a retried
/// dispatch looks for before creating one, in case its first try created it.
pub fn search_conversations(contact_id: &str, since: i64) -> ApiRequest {
    ApiRequest::new(
        "search conversations",
        Method::POST,
        "/conversations/search",
        "/conversations/search".into(),
    )
    .json(&Search {
        query: Query::Multiple {
            operator: "AND",
            value: vec![
                Comparison {
                    field: "contact_ids",
                    operator: "=",
                    value: Operand::Text(contact_id),
                },
                Comparison {
                    field: "created_at",
                    operator: ">",
                    value: Operand::Time(since),
                },
            ],
        },
    })
    .answers_dry_run(&ConversationList {
        kind: "conversation.list".into(),
        conversations: Vec::new(),
    })
}

/// An internal note (HTML) on `conversation_id`, by `admin_id`; the customer never sees it.
pub fn add_note(conversation_id: &str, admin_id: &str, html: &str) -> ApiRequest {
    reply(
        "add note",
        conversation_id,
        &Reply::Note {
            kind: "admin",
            admin_id,
            body: html,
        },
    )
}

/// The customer's message `text`, as a reply by `contact_id` (relayed from Baton's chat):
/// "the text body of the comment", plain text like a new conversation's body.
pub fn reply_as_contact(conversation_id: &str, contact_id: &str, text: &str) -> ApiRequest {
    reply(
        "relay customer message",
        conversation_id,
        &Reply::Comment {
            kind: "user",
            intercom_user_id: contact_id,
            body: text,
        },
    )
}

fn reply(operation: &'static str, conversation_id: &str, body: &Reply<'_>) -> ApiRequest {
    ApiRequest::new(
        operation,
        Method::POST,
        "/conversations/{id}/reply",
        format!("/conversations/{conversation_id}/reply"),
    )
    .json(body)
}

/// Who a conversation is assigned to.
#[derive(Debug, Clone, Copy)]
pub enum Assignee<'a> {
    /// A team inbox.
    Team(&'a str),
    /// An admin (teammate).
    Admin(&'a str),
}

/// Assigns `conversation_id` to `assignee`, as `admin_id`.
pub fn assign(conversation_id: &str, admin_id: &str, assignee: Assignee<'_>) -> ApiRequest {
    let (kind, id) = match assignee {
        Assignee::Team(id) => ("team", id),
        Assignee::Admin(id) => ("admin", id),
    };
    ApiRequest::new(
        "assign conversation",
        Method::POST,
        "/conversations/{id}/parts",
        format!("/conversations/{conversation_id}/parts"),
    )
    .json(&Assignment {
        message_type: "assignment",
        kind,
        admin_id,
        assignee_id: id,
    })
}

/// The tag named `name`, created if it does not exist (Intercom tags by id, configs by name).
pub fn create_tag(name: &str) -> ApiRequest {
    ApiRequest::new("create tag", Method::POST, "/tags", "/tags".into())
        .json(&CreateTag { name })
        .answers_dry_run(&object("tag", "dry-run-tag"))
}

/// Tags `conversation_id` with `tag_id`, as `admin_id`.
pub fn tag_conversation(conversation_id: &str, tag_id: &str, admin_id: &str) -> ApiRequest {
    ApiRequest::new(
        "tag conversation",
        Method::POST,
        "/conversations/{id}/tags",
        format!("/conversations/{conversation_id}/tags"),
    )
    .json(&TagConversation {
        id: tag_id,
        admin_id,
    })
}

/// A dry run's answer naming an object of `kind` with `id`.
fn object(kind: &str, id: &str) -> Object {
    Object {
        kind: kind.into(),
        id: Id::from(id),
    }
}
