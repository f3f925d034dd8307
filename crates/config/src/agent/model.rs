//! The agent configuration file as operators write it. Unknown keys are errors; positions
//! are kept where a later check may need to point at a line.

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer};
use serde_saphyr::Spanned;

/// The whole file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct AgentFile {
    pub tenant_id: Spanned<String>,
    pub agent_id: Spanned<String>,
    #[serde(default)]
    pub knowledge: Vec<Spanned<String>>,
    /// The judge of every handoff that does not name its own.
    #[serde(default)]
    pub judge: Option<Judge>,
    pub handoffs: Spanned<Vec<Spanned<HandoffFile>>>,
}

/// One handoff.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct HandoffFile {
    pub id: Spanned<String>,
    #[serde(rename = "type")]
    pub kind: Spanned<Kind>,
    #[serde(default)]
    pub priority: i32,
    #[serde(default = "enabled_by_default")]
    pub enabled: bool,
    pub trigger: Spanned<String>,
    /// Customer messages on which the trigger must fire, or must hold: the operator's
    /// regression test of the trigger, run by every validation.
    #[serde(default)]
    pub examples: Option<ExamplesFile>,
    #[serde(default)]
    pub judge: Option<Judge>,
    #[serde(default)]
    pub fallback: Vec<Spanned<String>>,
    #[serde(default)]
    pub copilot: Option<Spanned<bool>>,
    #[serde(default)]
    pub business_hours: Option<Spanned<BusinessHoursFile>>,
    #[serde(default)]
    pub redact: Vec<RedactKind>,
    #[serde(default)]
    pub messages: BTreeMap<MessageKey, LocalizedFile>,
    #[serde(default)]
    pub intercom: Option<Spanned<IntercomFile>>,
    #[serde(default)]
    pub zendesk_sunshine: Option<Spanned<SunshineFile>>,
    #[serde(default)]
    pub zendesk_ticket: Option<Spanned<TicketFile>>,
    #[serde(default)]
    pub email: Option<Spanned<EmailFile>>,
}

/// `examples: {fires: [...], holds: [...]}`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ExamplesFile {
    #[serde(default)]
    pub fires: Vec<Spanned<String>>,
    #[serde(default)]
    pub holds: Vec<Spanned<String>>,
}

fn enabled_by_default() -> bool {
    true
}

/// Handoff types, as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Kind {
    Intercom,
    ZendeskSunshine,
    ZendeskTicket,
    Email,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Intercom => "intercom",
            Kind::ZendeskSunshine => "zendesk_sunshine",
            Kind::ZendeskTicket => "zendesk_ticket",
            Kind::Email => "email",
        }
    }
}

/// Who decides whether a trigger holds, as written (`judge: rules | llm`).
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Judge {
    Rules,
    Llm,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct IntercomFile {
    #[serde(default, deserialize_with = "string_or_number")]
    pub team_id: Option<String>,
    #[serde(default, deserialize_with = "string_or_number")]
    pub admin_id: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SunshineFile {
    #[serde(default)]
    pub app_id: Option<String>,
    #[serde(default)]
    pub switchboard_integration: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct TicketFile {
    #[serde(default, deserialize_with = "string_or_number")]
    pub group_id: Option<String>,
    #[serde(default)]
    pub priority: Option<TicketPriority>,
    #[serde(default)]
    pub tags: Vec<String>,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum TicketPriority {
    Low,
    Normal,
    High,
    Urgent,
}

impl TicketPriority {
    pub fn name(self) -> &'static str {
        match self {
            TicketPriority::Low => "low",
            TicketPriority::Normal => "normal",
            TicketPriority::High => "high",
            TicketPriority::Urgent => "urgent",
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct EmailFile {
    #[serde(default)]
    pub recipients: Option<Recipients>,
    #[serde(default)]
    pub team_address: Option<Spanned<String>>,
    #[serde(default)]
    pub from: Option<Spanned<String>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Recipients {
    User,
    Team,
    Both,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct BusinessHoursFile {
    pub timezone: Spanned<String>,
    pub weekly: std::collections::HashMap<Spanned<String>, Spanned<String>>,
    #[serde(default)]
    pub holidays: Vec<Spanned<String>>,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum RedactKind {
    Cards,
    Ids,
    Emails,
    Phones,
}

/// Customer-facing texts an operator may override.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum MessageKey {
    /// A live handoff is starting.
    Connecting,
    /// A ticket was created (`{ticket}` is its number).
    TicketCreated,
    /// A summary email is on its way.
    EmailSent,
    /// Every path failed; the bot carries on.
    Unavailable,
}

impl MessageKey {
    pub fn name(self) -> &'static str {
        match self {
            MessageKey::Connecting => "connecting",
            MessageKey::TicketCreated => "ticket_created",
            MessageKey::EmailSent => "email_sent",
            MessageKey::Unavailable => "unavailable",
        }
    }
}

/// One text for everyone, or one per language.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub(crate) enum LocalizedFile {
    One(String),
    PerLocale(BTreeMap<String, String>),
}

/// Helpdesk ids are often written as bare numbers (`team_id: 123`); keep them as text.
fn string_or_number<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Raw {
        Text(String),
        Number(u64),
    }
    Ok(
        Option::<Raw>::deserialize(deserializer)?.map(|raw| match raw {
            Raw::Text(text) => text,
            Raw::Number(number) => number.to_string(),
        }),
    )
}
