//! Sunshine Conversations API v2 wire types (the official description in
//! tests/contracts/specs): the bodies Baton sends and the parts of the answers it reads, as
//! typed structs. The requests themselves are built in [`super::sunshine`].

use baton_helpdesk::answer::Id;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// `POST /v2/apps/{appId}/users`.
#[derive(Debug, Serialize)]
pub struct CreateUser<'a> {
    /// How Baton knows the customer.
    #[serde(rename = "externalId")]
    pub external_id: &'a str,
    /// What Baton knows of them.
    pub profile: Profile<'a>,
}

/// A user's profile; empty fields are left out.
#[derive(Debug, Serialize)]
pub struct Profile<'a> {
    /// The customer's name.
    #[serde(rename = "givenName", skip_serializing_if = "str::is_empty")]
    pub given_name: &'a str,
    /// The customer's email.
    #[serde(skip_serializing_if = "str::is_empty")]
    pub email: &'a str,
}

/// `POST /v2/apps/{appId}/conversations`.
#[derive(Debug, Serialize)]
pub struct CreateConversation<'a> {
    /// `personal`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// The customer's user.
    pub participants: Vec<Participant<'a>>,
    /// Baton's marks on it (which Baton conversation it carries).
    pub metadata: Map<String, Value>,
}

/// A participant of a new conversation.
#[derive(Debug, Serialize)]
pub struct Participant<'a> {
    /// The user.
    #[serde(rename = "userId")]
    pub user_id: &'a str,
}

/// `POST /v2/apps/{appId}/conversations/{conversationId}/messages`.
#[derive(Debug, Serialize)]
pub struct PostMessage<'a> {
    /// Who it is from.
    pub author: MessageAuthor<'a>,
    /// What it says.
    pub content: Content<'a>,
    /// Why Baton posted it.
    pub metadata: Map<String, Value>,
}

/// The author of a message.
#[derive(Debug, Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum MessageAuthor<'a> {
    /// The customer, as their user.
    User {
        /// The user.
        #[serde(rename = "userId")]
        user_id: &'a str,
    },
    /// The business.
    Business {
        /// The name the agent sees.
        #[serde(rename = "displayName")]
        display_name: &'a str,
    },
}

/// A message's content: text.
#[derive(Debug, Serialize)]
pub struct Content<'a> {
    /// `text`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// The text.
    pub text: &'a str,
}

/// `POST /v2/apps/{appId}/conversations/{conversationId}/passControl`.
#[derive(Debug, Serialize)]
pub struct PassControl<'a> {
    /// The integration taking control (id, name or type).
    #[serde(rename = "switchboardIntegration")]
    pub switchboard_integration: &'a str,
    /// What it is told (record, reason, summary).
    pub metadata: Map<String, Value>,
}

/// An answer naming a user (`GET` or `POST /users`).
#[derive(Debug, Serialize, Deserialize)]
pub struct UserAnswer {
    /// The user.
    pub user: User,
}

/// A user.
#[derive(Debug, Serialize, Deserialize)]
pub struct User {
    /// Its id.
    pub id: Id,
    /// How Baton knows the customer.
    #[serde(rename = "externalId", default)]
    pub external_id: String,
}

/// An answer listing conversations.
#[derive(Debug, Serialize, Deserialize)]
pub struct ConversationList {
    /// The conversations.
    #[serde(default)]
    pub conversations: Vec<Conversation>,
}

/// An answer naming a conversation.
#[derive(Debug, Serialize, Deserialize)]
pub struct ConversationAnswer {
    /// The conversation.
    pub conversation: Conversation,
}

/// A conversation.
#[derive(Debug, Serialize, Deserialize)]
pub struct Conversation {
    /// Its id.
    pub id: Id,
    /// `personal`.
    #[serde(rename = "type", default)]
    pub kind: String,
    /// Its metadata.
    #[serde(default)]
    pub metadata: Map<String, Value>,
}

/// An answer naming the messages posted.
#[derive(Debug, Serialize, Deserialize)]
pub struct MessagesAnswer {
    /// The messages.
    #[serde(default)]
    pub messages: Vec<Message>,
}

/// A posted message.
#[derive(Debug, Serialize, Deserialize)]
pub struct Message {
    /// Its id.
    pub id: Id,
}
