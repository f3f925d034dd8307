//! How the CLI shows things: conversation JSON (a contract for scripts), conversation text,
//! and one readable line per bus event for `baton tail`.

use baton_proto::v1::{
    Alert, Conversation, DeadLetter, HandoffDispatch, HandoffRequested, HandoffResult, Outbound,
    handoff_result, outbound,
};
use prost::Message;
use serde_json::{Value, json};

/// The JSON of `baton conversation get --json`: at least `mode` and `transcript`
/// (`[{role, text}]`), plus the customer (with its `attributes` as an object) and the
/// active handoff.
pub fn conversation_json(conversation: &Conversation) -> Value {
    let transcript: Vec<Value> = conversation
        .turns
        .iter()
        .map(|turn| {
            let mut value = json!({ "role": turn.role().label(), "text": turn.text });
            if let Some(answered) = turn.answered {
                value["answered"] = json!(answered);
            }
            if !turn.author_name.is_empty() {
                value["author"] = json!(turn.author_name);
            }
            value
        })
        .collect();
    let customer = conversation.customer.as_ref().map(|c| {
        json!({
            "name": c.name,
            "email": c.email,
            "external_id": c.external_id,
            "locale": c.locale,
            "attributes": c.attributes,
        })
    });
    let active = conversation.active_handoff.as_ref().map(|a| {
        json!({
            "record_id": a.record_id,
            "handoff_id": a.handoff_id,
            "type": a.r#type().label(),
            "external_ref": a.external_ref,
        })
    });
    json!({
        "tenant_id": conversation.tenant_id,
        "agent_id": conversation.agent_id,
        "conversation_id": conversation.conversation_id,
        "mode": conversation.mode().label(),
        "customer": customer,
        "active_handoff": active,
        "handoff_count": conversation.handoff_count,
        "transcript": transcript,
    })
}

/// A conversation for a person.
pub fn conversation_text(conversation: &Conversation) -> String {
    let mut text = format!(
        "{}/{} (agent {}): {}\n",
        conversation.tenant_id,
        conversation.conversation_id,
        conversation.agent_id,
        conversation.mode().label()
    );
    if let Some(active) = &conversation.active_handoff {
        text.push_str(&format!(
            "handoff {} ({}) {}\n",
            active.handoff_id,
            active.r#type().label(),
            active.external_ref
        ));
    }
    for turn in &conversation.turns {
        text.push_str(&format!("  {:<11} {}\n", turn.role().label(), turn.text));
    }
    text
}

/// One line for an event seen by `baton tail`, or `None` when it is for another tenant or
/// not something to show.
pub fn tail_line(subject: &str, payload: &[u8], tenant: Option<&str>) -> Option<String> {
    let tokens: Vec<&str> = subject.split('.').collect();
    let (event_tenant, conversation) = match tokens.as_slice() {
        ["baton", "alert", t] => (*t, ""),
        ["baton", "dlq", _] => ("", ""),
        [.., t, c] => (*t, *c),
        _ => return None,
    };
    if tenant.is_some_and(|t| !event_tenant.is_empty() && t != event_tenant) {
        return None;
    }
    let who = format!("{event_tenant}/{conversation}");
    let line = match tokens.get(1..3)? {
        ["out", _] => match Outbound::decode(payload).ok()?.kind? {
            outbound::Kind::Message(m) => {
                let from = if m.author_name.is_empty() {
                    "Baton".to_owned()
                } else {
                    m.author_name
                };
                format!("{who}  → customer [{from}]: {}", m.text)
            }
            outbound::Kind::Control(c) => {
                format!("{who}  AI agent: {} ({})", c.action().label(), c.reason)
            }
        },
        ["handoff", "requested"] => {
            let r = HandoffRequested::decode(payload).ok()?;
            let why: Vec<String> = r
                .evidence
                .iter()
                .map(|e| format!("\"{}\"", e.quote))
                .collect();
            format!(
                "{who}  handoff requested: {} at turn {} {}",
                r.handoff_id,
                r.turn_index,
                why.join(", ")
            )
        }
        ["handoff", "dispatch"] => {
            let d = HandoffDispatch::decode(payload).ok()?;
            let handoff = d.handoff.unwrap_or_default();
            format!(
                "{who}  dispatched {} to {} (attempt {})",
                d.record_id,
                handoff.r#type().label(),
                d.attempt
            )
        }
        ["handoff", "result"] => {
            let r = HandoffResult::decode(payload).ok()?;
            match r.outcome.clone()? {
                handoff_result::Outcome::Accepted(a) => format!(
                    "{who}  {} accepted by {}: {} {}",
                    r.record_id,
                    r.r#type().label(),
                    a.external_ref,
                    a.detail
                ),
                handoff_result::Outcome::Failed(f) => format!(
                    "{who}  {} failed at {}: {}",
                    r.record_id,
                    r.r#type().label(),
                    f.reason
                ),
            }
        }
        ["alert", _] => {
            let a = Alert::decode(payload).ok()?;
            format!("ALERT {}/{}: {}", a.tenant_id, a.conversation_id, a.text)
        }
        ["dlq", service] => {
            let d = DeadLetter::decode(payload).ok()?;
            format!("dead letter from {service} ({}): {}", d.subject, d.reason)
        }
        _ => return None,
    };
    Some(line)
}

#[cfg(test)]
mod tests {
    use baton_proto::v1::{Customer, Mode, OutboundMessage, Role, Turn};

    use super::*;

    #[test]
    fn conversation_json_has_mode_and_transcript() {
        let conversation = Conversation {
            tenant_id: "acme".into(),
            conversation_id: "c-1".into(),
            mode: Mode::HandoffPending as i32,
            turns: vec![Turn {
                role: Role::User as i32,
                text: "a person please".into(),
                ..Default::default()
            }],
            ..Default::default()
        };
        let value = conversation_json(&conversation);
        assert_eq!(value["mode"], "handoff_pending");
        assert_eq!(value["transcript"][0]["role"], "user");
        assert_eq!(value["transcript"][0]["text"], "a person please");
    }

    #[test]
    fn conversation_json_has_the_customer_with_its_attributes() {
        let conversation = Conversation {
            customer: Some(Customer {
                name: "Ana".into(),
                email: "ana@example.com".into(),
                external_id: "u-7".into(),
                locale: "es".into(),
                attributes: [("plan".to_owned(), "enterprise".to_owned())].into(),
            }),
            ..Default::default()
        };
        assert_eq!(
            conversation_json(&conversation)["customer"],
            json!({
                "name": "Ana",
                "email": "ana@example.com",
                "external_id": "u-7",
                "locale": "es",
                "attributes": { "plan": "enterprise" },
            })
        );
    }

    #[test]
    fn tail_shows_a_customer_message_and_filters_other_tenants() {
        let out = Outbound {
            kind: Some(outbound::Kind::Message(OutboundMessage {
                text: "Connecting you now".into(),
                ..Default::default()
            })),
        }
        .encode_to_vec();
        let line = tail_line("baton.out.acme.c-1", &out, None).expect("a line");
        assert_eq!(line, "acme/c-1  → customer [Baton]: Connecting you now");
        assert_eq!(tail_line("baton.out.acme.c-1", &out, Some("other")), None);
    }
}
