//! What a record's state calls for besides its own write: the dispatch of the attempt in
//! flight, the settlement of an accepted one, the way back to the bot when every path
//! failed.

use baton_proto::Transition;
use baton_proto::v1::{
    AgentConfig, DispatchDeadline, Handoff, HandoffDispatch, HandoffRecord, HandoffState,
    HandoffType,
};
use prost_types::Timestamp;

use super::record::{failures, in_flight};
use super::{At, Rejected};
use crate::effects::Effect;
use crate::messages::{self, Moment};
use crate::package;

impl At<'_> {
    /// What the record's state calls for: the dispatch of the attempt in flight, the
    /// settlement of the accepted one, or, when every path failed, the conversation back to
    /// the bot.
    pub(super) fn consequences(
        &self,
        record: &HandoffRecord,
    ) -> Result<(Option<Transition>, Vec<Effect>), Rejected> {
        match record.state() {
            HandoffState::Accepted => {
                let accepted = record
                    .attempts
                    .iter()
                    .find(|a| a.state() == HandoffState::Accepted);
                Ok(accepted.map_or((None, Vec::new()), |a| self.accepted(record, a.attempt)))
            }
            HandoffState::Failed => Ok(self.exhausted(record)),
            HandoffState::Dispatched | HandoffState::Unspecified => match in_flight(record) {
                Some(attempt) => Ok((None, self.dispatch(record, attempt)?)),
                None => Ok((None, Vec::new())),
            },
        }
    }

    /// Arms the deadline and dispatches `attempt` (for a live path, also telling the
    /// customer someone is coming). The package is built from the conversation as it is
    /// now, so a fallback carries what the customer wrote while the first path was tried.
    fn dispatch(&self, record: &HandoffRecord, attempt: u32) -> Result<Vec<Effect>, Rejected> {
        let Some(entry) = record.attempts.iter().find(|a| a.attempt == attempt) else {
            return Ok(Vec::new());
        };
        let config = self.rules.config;
        let handoff = config
            .handoffs
            .iter()
            .find(|h| h.id == entry.handoff_id)
            .ok_or_else(|| {
                Rejected(format!(
                    "handoff {} is no longer in the configuration of agent {}",
                    entry.handoff_id, record.agent_id
                ))
            })?;
        let conversation = self.conversation.ok_or_else(|| {
            Rejected(format!(
                "conversation {} does not exist",
                record.conversation_id
            ))
        })?;
        let mut effects = vec![
            Effect::SetDeadline(self.deadline_of(record, attempt)),
            Effect::Dispatch(Box::new(HandoffDispatch {
                record_id: record.id.clone(),
                attempt,
                handoff: Some(handoff.clone()),
                package: Some(package::build(conversation, record, handoff, self.now)),
                dispatched_at: Some(entry.dispatched_at.unwrap_or(self.now)),
            })),
        ];
        if handoff.r#type().is_live() {
            let locale = messages::locale(conversation);
            effects.push(Effect::Tell {
                moment: format!("{attempt}-connecting"),
                text: messages::text(handoff, Moment::Connecting, &locale, &[]),
            });
        }
        Ok(effects)
    }

    /// The deadline of `attempt`: its dispatch time plus the timeout.
    pub(super) fn deadline_of(&self, record: &HandoffRecord, attempt: u32) -> DispatchDeadline {
        let entry = record.attempts.iter().find(|a| a.attempt == attempt);
        let dispatched_at = entry.and_then(|a| a.dispatched_at).unwrap_or(self.now);
        let timeout = i64::try_from(self.rules.dispatch_timeout.as_secs()).unwrap_or(i64::MAX / 2);
        DispatchDeadline {
            tenant_id: record.tenant_id.clone(),
            record_id: record.id.clone(),
            attempt,
            deadline: Some(Timestamp {
                seconds: dispatched_at.seconds.saturating_add(timeout),
                nanos: dispatched_at.nanos,
            }),
        }
    }

    /// `attempt` was accepted: the conversation settles with its path, and for a ticket or
    /// an email the customer is told how the team will follow up (a live path already
    /// told them someone is coming).
    pub(super) fn accepted(
        &self,
        record: &HandoffRecord,
        attempt: u32,
    ) -> (Option<Transition>, Vec<Effect>) {
        let mut effects = vec![Effect::ClearDeadline];
        let Some(entry) = record.attempts.iter().find(|a| a.attempt == attempt) else {
            return (None, effects);
        };
        let settle = Transition::Settle {
            record_id: record.id.clone(),
            handoff_id: entry.handoff_id.clone(),
            kind: entry.r#type(),
            external_ref: record.external_ref.clone(),
        };
        let moment = match entry.r#type() {
            HandoffType::ZendeskTicket => Some(Moment::TicketCreated),
            HandoffType::Email => Some(Moment::EmailSent),
            HandoffType::Intercom | HandoffType::ZendeskSunshine | HandoffType::Unspecified => None,
        };
        if let (Some(moment), Some(conversation)) = (moment, self.conversation) {
            let handoff = handoff_of(self.rules.config, &entry.handoff_id);
            let ticket = format!("#{}", record.external_ref);
            effects.push(Effect::Tell {
                moment: format!("{attempt}-accepted"),
                text: messages::text(
                    &handoff,
                    moment,
                    &messages::locale(conversation),
                    &[("ticket", &ticket)],
                ),
            });
        }
        (Some(settle), effects)
    }

    /// Every path failed: the conversation goes back to the bot, the customer is told
    /// honestly, the AI agent resumes, and operators are alerted.
    fn exhausted(&self, record: &HandoffRecord) -> (Option<Transition>, Vec<Effect>) {
        let handoff = handoff_of(self.rules.config, &record.handoff_id);
        let locale = self.conversation.map(messages::locale).unwrap_or_default();
        let effects = vec![
            Effect::ClearDeadline,
            Effect::Tell {
                moment: "unavailable".into(),
                text: messages::text(&handoff, Moment::Unavailable, &locale, &[]),
            },
            Effect::Resume,
            Effect::Alert {
                what: "exhausted".into(),
                text: format!(
                    "every handoff path failed for {}: {}",
                    record.id,
                    failures(record)
                ),
            },
        ];
        let give_back = Transition::GiveBack {
            record_id: record.id.clone(),
        };
        (Some(give_back), effects)
    }
}

/// The configured handoff `id` (its messages), or the defaults when it was removed since.
fn handoff_of(config: &AgentConfig, id: &str) -> Handoff {
    config
        .handoffs
        .iter()
        .find(|h| h.id == id)
        .cloned()
        .unwrap_or_default()
}
