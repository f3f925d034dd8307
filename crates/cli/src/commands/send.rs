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
    /// Event id (default: a new one); resending the same id is applied once.
    #[arg(long)]
    event_id: Option<String>,
}

/// Publishes the event (and the identification, if given).
pub async fn run(endpoints: &Endpoints, args: Args) -> anyhow::Result<ExitCode> {
    let event_id = args
        .event_id
        .clone()
        .unwrap_or_else(|| format!("cli-{}", uuid::Uuid::new_v4().simple()));
    let base = ConversationEvent {
        event_id: event_id.clone(),
        tenant_id: args.tenant.clone(),
        agent_id: args.agent.clone(),
        conversation_id: args.conversation.clone(),
        occurred_at: Some(SystemTime::now().into()),
        kind: None,
    };
    let mut events = Vec::new();
    if args.email.is_some() || args.name.is_some() {
        events.push(ConversationEvent {
            event_id: format!("{event_id}-id"),
            kind: Some(Kind::CustomerIdentified(CustomerIdentified {
                customer: Some(Customer {
                    name: args.name.clone().unwrap_or_default(),
                    email: args.email.clone().unwrap_or_default(),
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
