//! The Sunshine Conversations API v2 requests the connector sends (the official description
//! is in tests/contracts/specs): built here and only here, so the live path, dry-run and
//! Preview send and show the same requests.

use baton_helpdesk::ApiRequest;
use baton_helpdesk::identity::{self, Account};
use baton_proto::v1::{Customer, HandoffPackage, Role, Turn};
use http::Method;
use serde_json::{Map, Value};

use super::sunshine_wire::{
    Content, Conversation, ConversationAnswer, ConversationList, CreateConversation, CreateUser,
    Message, MessageAuthor, MessagesAnswer, Participant, PassControl, PostMessage, Profile, User,
    UserAnswer,
};

use super::text;

/// The metadata key that marks a message as posted by Baton: its `conversation:message`
/// webhook comes back, and must not be taken for an agent's reply.
pub const ORIGIN_KEY: &str = "baton_origin";

/// The `externalId` of the customer's Sunshine user in `account`: the tenant's own id for
/// them (in the tenant's own app, the same user its web widget knows), else one for this
/// Baton conversation (`:` is outside the id alphabet, so no two tenants' meet).
pub fn customer_external_id(package: &HandoffPackage, account: Account) -> String {
    identity::of_customer(package, account)
        .unwrap_or_else(|| format!("baton:{}:{}", package.tenant_id, package.conversation_id))
}

/// The user whose `externalId` is `external_id` (`GET /users/{userIdOrExternalId}`);
/// 404 when there is none.
pub fn get_user(app: &str, external_id: &str) -> ApiRequest {
    ApiRequest::new(
        "get user",
        Method::GET,
        "/v2/apps/{appId}/users/{userIdOrExternalId}",
        format!("/v2/apps/{app}/users/{}", path_segment(external_id)),
    )
    .answers_dry_run(&dry_run_user(external_id))
}

/// A dry run's user for `external_id`.
fn dry_run_user(external_id: &str) -> UserAnswer {
    UserAnswer {
        user: User {
            id: "dry-run-user".into(),
            external_id: external_id.to_owned(),
        },
    }
}

/// A new user for the customer, known to Sunshine by `external_id`.
pub fn create_user(app: &str, external_id: &str, customer: &Customer) -> ApiRequest {
    ApiRequest::new(
        "create user",
        Method::POST,
        "/v2/apps/{appId}/users",
        format!("/v2/apps/{app}/users"),
    )
    .json(&CreateUser {
        external_id,
        profile: Profile {
            given_name: &customer.name,
            email: &customer.email,
        },
    })
    // External ids are unique: a retry after a timeout finds the user instead.
    .not_idempotent()
    .answers_dry_run(&dry_run_user(external_id))
}

/// The conversations `user_id` (an id Sunshine gave, safe in a URL) takes part in.
pub fn list_conversations(app: &str, user_id: &str) -> ApiRequest {
    ApiRequest::new(
        "list conversations",
        Method::GET,
        "/v2/apps/{appId}/conversations",
        format!("/v2/apps/{app}/conversations?filter[userId]={user_id}"),
    )
    .answers_dry_run(&ConversationList {
        conversations: Vec::new(),
    })
}

/// The metadata Baton puts on the Sunshine conversation it opens, so a later try (or a
/// later handoff of the same chat) finds it again.
pub fn conversation_metadata(tenant: &str, conversation: &str) -> Map<String, Value> {
    [
        ("baton_tenant", tenant),
        ("baton_conversation", conversation),
    ]
    .into_iter()
    .map(|(key, value)| (key.to_owned(), Value::String(value.to_owned())))
    .collect()
}

/// A personal conversation for `user_id`, carrying Baton's metadata.
pub fn create_conversation(
    app: &str,
    user_id: &str,
    metadata: Map<String, Value>,
    dry_run_id: &str,
) -> ApiRequest {
    ApiRequest::new(
        "create conversation",
        Method::POST,
        "/v2/apps/{appId}/conversations",
        format!("/v2/apps/{app}/conversations"),
    )
    .json(&CreateConversation {
        kind: "personal",
        participants: vec![Participant { user_id }],
        metadata,
    })
    // A retry after a timeout adopts it by its metadata instead.
    .not_idempotent()
    .answers_dry_run(&ConversationAnswer {
        conversation: Conversation {
            id: dry_run_id.into(),
            kind: "personal".into(),
            metadata: Map::new(),
        },
    })
}

/// Who a message is from.
#[derive(Debug, Clone, Copy)]
pub enum Author<'a> {
    /// The customer, as their Sunshine user.
    Customer {
        /// The Sunshine user id.
        user_id: &'a str,
    },
    /// The business: the AI agent, or a person who already answered in Baton's chat.
    Business {
        /// The name the agent sees.
        display_name: &'a str,
    },
}

/// Why Baton posted a message (the value of [`ORIGIN_KEY`]).
#[derive(Debug, Clone, Copy)]
pub enum Origin {
    /// The conversation so far, posted with the handoff.
    Transcript,
    /// A customer message relayed while a human handles the conversation.
    Relay,
}

/// A text message in `conversation`.
pub fn post_message(
    app: &str,
    conversation: &str,
    author: Author<'_>,
    text: &str,
    origin: Origin,
) -> ApiRequest {
    let author = match author {
        Author::Customer { user_id } => MessageAuthor::User { user_id },
        Author::Business { display_name } => MessageAuthor::Business { display_name },
    };
    let origin = match origin {
        Origin::Transcript => "transcript",
        Origin::Relay => "relay",
    };
    ApiRequest::new(
        "post message",
        Method::POST,
        "/v2/apps/{appId}/conversations/{conversationId}/messages",
        format!("/v2/apps/{app}/conversations/{conversation}/messages"),
    )
    .json(&PostMessage {
        author,
        content: Content { kind: "text", text },
        metadata: Map::from_iter([(ORIGIN_KEY.to_owned(), Value::from(origin))]),
    })
    .answers_dry_run(&MessagesAnswer {
        messages: vec![Message {
            id: "dry-run-message".into(),
        }],
    })
}

/// Who said a transcript message, as Sunshine shows it.
#[derive(Debug, Clone, Copy)]
pub enum Speaker<'a> {
    /// The customer: posted as their Sunshine user.
    Customer,
    /// The AI agent or a person who already answered in Baton's chat: posted by the business.
    Business {
        /// The name the agent sees.
        display_name: &'a str,
    },
}

/// One message of the conversation so far, as the handoff posts it.
#[derive(Debug, Clone)]
pub struct TranscriptMessage<'a> {
    /// The step name that records it as posted (`message:<turn>.<piece>`).
    pub step: String,
    /// Who said it.
    pub speaker: Speaker<'a>,
    /// Its text (a piece of the turn when the turn is longer than Sunshine allows).
    pub text: String,
}

impl TranscriptMessage<'_> {
    /// The request posting it in `conversation`, the customer being `user_id`.
    pub fn request(&self, app: &str, conversation: &str, user_id: &str) -> ApiRequest {
        let author = match self.speaker {
            Speaker::Customer => Author::Customer { user_id },
            Speaker::Business { display_name } => Author::Business { display_name },
        };
        post_message(app, conversation, author, &self.text, Origin::Transcript)
    }
}

/// The conversation so far as messages: customer turns from the user, the AI agent's and
/// people's from the business. A turn longer than Sunshine allows is posted in pieces.
pub fn transcript_messages(transcript: &[Turn]) -> Vec<TranscriptMessage<'_>> {
    let mut messages = Vec::new();
    for (index, turn) in transcript.iter().enumerate() {
        let speaker = match turn.role() {
            Role::User => Speaker::Customer,
            Role::Agent | Role::HumanAgent => Speaker::Business {
                display_name: baton_helpdesk::text::author(turn).unwrap_or_default(),
            },
            Role::Unspecified => continue,
        };
        for (piece_index, piece) in text::message_pieces(&turn.text).into_iter().enumerate() {
            messages.push(TranscriptMessage {
                step: format!("message:{index}.{piece_index}"),
                speaker,
                text: piece,
            });
        }
    }
    messages
}

/// Makes `integration` (id, name or integration type) the switchboard integration in
/// control of `conversation`, with `metadata` for it.
pub fn pass_control(
    app: &str,
    conversation: &str,
    integration: &str,
    metadata: Map<String, Value>,
) -> ApiRequest {
    ApiRequest::new(
        "pass control",
        Method::POST,
        "/v2/apps/{appId}/conversations/{conversationId}/passControl",
        format!("/v2/apps/{app}/conversations/{conversation}/passControl"),
    )
    .json(&PassControl {
        switchboard_integration: integration,
        metadata,
    })
    .answers_dry_run(&Map::new())
}

/// `value` as one URL path segment: everything but RFC 3986's unreserved characters
/// percent-encoded (a customer's external id, the tenant's own, may hold `@`, `/` or spaces).
fn path_segment(value: &str) -> String {
    let mut encoded = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_customer_is_namespaced_by_tenant_unless_the_app_is_the_tenants_own() {
        let package = |tenant: &str, external_id: &str| HandoffPackage {
            tenant_id: tenant.into(),
            conversation_id: "c-1".into(),
            customer: Some(Customer {
                external_id: external_id.into(),
                ..Customer::default()
            }),
            ..HandoffPackage::default()
        };
        assert_eq!(
            customer_external_id(&package("acme", "42"), Account::Shared),
            "acme:42"
        );
        assert_eq!(
            customer_external_id(&package("acme", "42"), Account::Own),
            "42"
        );
        // Without an id of their own: one per Baton conversation, unambiguous across
        // tenants (`a-b` + `c` and `a` + `b-c` once met).
        assert_ne!(
            customer_external_id(&package("a-b", ""), Account::Shared),
            customer_external_id(
                &HandoffPackage {
                    conversation_id: "b-c-1".into(),
                    ..package("a", "")
                },
                Account::Shared
            )
        );
    }

    #[test]
    fn external_ids_are_encoded_into_the_path() {
        assert_eq!(
            get_user("app", "jane doe/42@x").path,
            "/v2/apps/app/users/jane%20doe%2F42%40x"
        );
        assert_eq!(path_segment("cust-42_a.b~"), "cust-42_a.b~");
    }

    #[test]
    fn the_transcript_alternates_user_and_business_and_marks_its_origin() {
        let turn = |role: Role, text: &str| Turn {
            role: role as i32,
            text: text.into(),
            ..Default::default()
        };
        let transcript = [
            turn(Role::User, "hi"),
            turn(Role::Unspecified, "?"),
            turn(Role::Agent, "hello"),
        ];
        let messages = transcript_messages(&transcript);
        let steps: Vec<&str> = messages.iter().map(|m| m.step.as_str()).collect();
        assert_eq!(steps, ["message:0.0", "message:2.0"]);
        let bodies: Vec<Value> = messages
            .iter()
            .map(|m| m.request("app", "conv", "user-1").body.unwrap_or_default())
            .collect();
        assert_eq!(
            bodies[0]["author"],
            json!({ "type": "user", "userId": "user-1" })
        );
        assert_eq!(bodies[1]["author"]["type"], "business");
        assert_eq!(bodies[1]["author"]["displayName"], "AI agent");
        assert_eq!(bodies[1]["metadata"][ORIGIN_KEY], "transcript");
    }
}
