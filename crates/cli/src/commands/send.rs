//! `baton send`: publish one conversation event, as the chat front end or the AI agent
//! would.

use std::process::ExitCode;
use std::time::SystemTime;

use anyhow::Context as _;
use baton_bus::{Publisher, subjects};
use baton_proto::Validate;
use baton_proto::v1::{
    AgentMessage, ConversationEvent, Customer, CustomerIdentified, UserMessage,
    conversation_event::Kind,
};

use crate::Endpoints;

/// Flags of `baton send`.
#[derive(clap::Args)]
#[command(group(clap::ArgGroup::new("message").required(true).args(["user", "agent_reply"])))]
pub struct Args {
    /// Tenant id.
    #[arg(long)]
    tenant: String,
    /// AI agent id.
    #[arg(long)]
    agent: String,
    /// Conversation id.
    #[arg(long)]
    conversation: String,
    /// A message from the customer.
    #[arg(long, value_name = "TEXT")]
    user: Option<String>,
    /// A message from the AI agent.
    #[arg(long, value_name = "TEXT")]
    agent_reply: Option<String>,
    /// The AI agent found no answer (with --agent-reply).
    #[arg(long, requires = "agent_reply")]
    unanswered: bool,
    /// The customer's email address (sent as an identification first).
    #[arg(long)]
    email: Option<String>,
    /// The customer's name (sent as an identification first).
    #[arg(long)]
    name: Option<String>,
    /// A customer attribute, e.g. `plan=enterprise` (repeatable; sent as an identification
    /// first); `KEY=` removes it.
    #[arg(long = "attribute", value_name = "KEY=VALUE", value_parser = attribute)]
    attributes: Vec<(String, String)>,
    /// Event id (default: a new one); resending the same id is applied once.
    #[arg(long)]
    event_id: Option<String>,
}

/// `KEY=VALUE` of `--attribute`. Only the shape is checked here; the key's alphabet and
/// the sizes are checked with the whole event, by the rules the conversation service uses.
fn attribute(arg: &str) -> Result<(String, String), String> {
    match arg.split_once('=') {
        None => Err("expected KEY=VALUE, e.g. plan=enterprise".into()),
        Some(("", _)) => Err("the key before '=' is empty".into()),
        Some((key, value)) => Ok((key.to_owned(), value.to_owned())),
    }
}

/// Publishes the event (and the identification, if given).
pub async fn run(endpoints: &Endpoints, args: Args) -> anyhow::Result<ExitCode> {
    let event_id = args
        .event_id
        .clone()
        .unwrap_or_else(|| format!("cli-{}", uuid::Uuid::new_v4().simple()));
    let events = events(&args, &event_id)?;
    for event in &events {
        event.validate().context("invalid event")?;
    }
    let bus = super::connect(&endpoints.nats).await?;
    let publisher = Publisher::new(bus.clone());
    let subject = subjects::inbound(&args.tenant, &args.conversation)?;
    for event in &events {
        let msg_id = format!(
            "{}:{}:{}",
            event.tenant_id, event.conversation_id, event.event_id
        );
        publisher.publish(subject.clone(), &msg_id, event).await?;
    }
    bus.flush().await;
    println!(
        "sent {} to {}/{} (event {event_id})",
        if args.user.is_some() {
            "customer message"
        } else {
            "AI-agent reply"
        },
        args.tenant,
        args.conversation
    );
    Ok(ExitCode::SUCCESS)
}

/// What `args` publish, in order: an identification when a customer field or attribute is
/// given, so the message is applied to a known customer, then the message.
fn events(args: &Args, event_id: &str) -> anyhow::Result<Vec<ConversationEvent>> {
    let base = ConversationEvent {
        event_id: event_id.to_owned(),
        tenant_id: args.tenant.clone(),
        agent_id: args.agent.clone(),
        conversation_id: args.conversation.clone(),
        occurred_at: Some(SystemTime::now().into()),
        kind: None,
    };
    let mut events = Vec::new();
    if args.email.is_some() || args.name.is_some() || !args.attributes.is_empty() {
        events.push(ConversationEvent {
            event_id: format!("{event_id}-id"),
            kind: Some(Kind::CustomerIdentified(CustomerIdentified {
                customer: Some(Customer {
                    name: args.name.clone().unwrap_or_default(),
                    email: args.email.clone().unwrap_or_default(),
                    attributes: args.attributes.iter().cloned().collect(),
                    ..Default::default()
                }),
            })),
            ..base.clone()
        });
    }
    let kind = match (&args.user, &args.agent_reply) {
        (Some(text), _) => Kind::UserMessage(UserMessage { text: text.clone() }),
        (None, Some(text)) => Kind::AgentMessage(AgentMessage {
            text: text.clone(),
            answered: args.unanswered.then_some(false),
            confidence: None,
        }),
        (None, None) => anyhow::bail!("give --user TEXT or --agent-reply TEXT"),
    };
    events.push(ConversationEvent {
        kind: Some(kind),
        ..base
    });
    Ok(events)
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::*;

    #[derive(Parser)]
    struct Send {
        #[command(flatten)]
        args: Args,
    }

    /// `baton send` for a customer message in acme/c-1, with `flags` added.
    fn parse(flags: &[&str]) -> Result<Args, clap::Error> {
        let required = [
            "send",
            "--tenant",
            "acme",
            "--agent",
            "support",
            "--conversation",
            "c-1",
            "--user",
            "hi",
        ];
        Send::try_parse_from(required.iter().chain(flags)).map(|send| send.args)
    }

    #[test]
    fn attributes_go_in_an_identification_before_the_message() {
        let args = parse(&[
            "--attribute",
            "plan=enterprise",
            "--attribute",
            "note=a=b",
            "--attribute",
            "vip=",
        ])
        .expect("parse");
        let events = events(&args, "e-1").expect("events");
        let Some(Kind::CustomerIdentified(identified)) = &events[0].kind else {
            panic!("an identification first: {events:?}");
        };
        assert_eq!(events[0].event_id, "e-1-id");
        let attributes = &identified.customer.as_ref().expect("customer").attributes;
        let pairs: Vec<(&str, &str)> = attributes
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        assert_eq!(
            pairs,
            [("note", "a=b"), ("plan", "enterprise"), ("vip", "")],
            "split at the first '='; an empty value is kept, to remove the key"
        );
        assert!(matches!(events[1].kind, Some(Kind::UserMessage(_))));
    }

    #[test]
    fn without_customer_flags_only_the_message_is_sent() {
        let events = events(&parse(&[]).expect("parse"), "e-1").expect("events");
        assert_eq!(events.len(), 1);
        assert!(matches!(events[0].kind, Some(Kind::UserMessage(_))));
    }

    #[test]
    fn a_malformed_attribute_is_refused_with_the_reason() {
        for (flag, reason) in [
            ("plan", "expected KEY=VALUE"),
            ("=enterprise", "the key before '=' is empty"),
        ] {
            let Err(err) = parse(&["--attribute", flag]) else {
                panic!("{flag:?} must be refused");
            };
            let err = err.to_string();
            assert!(err.contains(reason) && err.contains("--attribute"), "{err}");
        }
    }
}
