//! Preview: what Baton would do with a configuration and a scripted conversation — which
//! handoff fires at which turn and why, the package a human would receive, what the
//! customer would be told, and every request or email each path would send — without
//! reading or writing anything on the bus. An operator can also force a handoff to see its
//! delivery before any trigger fires.

use std::time::SystemTime;

use baton_config::settings::load;
use baton_proto::v1::{
    AgentConfig, Conversation, Evidence, Handoff, HandoffDispatch, HandoffRecord, HandoffRequested,
    HandoffState, HandoffType, MatchedCondition, Mode, PlannedDelivery, PreviewDecision,
    PreviewRequest, PreviewResponse, PreviewStep, Turn,
};
use baton_triggers::{Attributes, Firing, Rulebook};
use tonic::Status;

use crate::messages::{self, Moment};
use crate::plan::{attempt_plan, unavailable};
use crate::{package, reason};

/// The largest scripted conversation Preview evaluates.
const MAX_TURNS: usize = 200;

/// The record and conversation ids a preview uses; never stored anywhere.
const PREVIEW_ID: &str = "preview";

/// Previews configurations with the connectors' settings (for what their requests look like).
#[derive(Clone, Debug, Default)]
pub struct Previewer {
    email: baton_connectors::email::Settings,
    intercom: baton_connectors::intercom::Settings,
    zendesk: baton_connectors::zendesk::Settings,
}

impl Previewer {
    /// A previewer with the connectors' settings.
    pub fn new(
        email: baton_connectors::email::Settings,
        intercom: baton_connectors::intercom::Settings,
        zendesk: baton_connectors::zendesk::Settings,
    ) -> Self {
        Self {
            email,
            intercom,
            zendesk,
        }
    }

    /// A previewer with the connectors' settings read from the router's own environment
    /// (`BATON_…`); a connector setting that does not parse falls back to its default and
    /// is logged, because Preview must stay available while an operator fixes it.
    pub fn from_environment() -> Self {
        fn or_default<T: Default>(
            what: &str,
            loaded: Result<T, baton_config::settings::SettingsError>,
        ) -> T {
            loaded.unwrap_or_else(|err| {
                tracing::warn!(connector = what, error = %err, "preview uses the default settings of this connector");
                T::default()
            })
        }
        Self::new(
            or_default("email", load(None)),
            or_default("intercom", load(None)),
            or_default("zendesk", load(None)),
        )
    }

    /// Runs `request` through its configuration. Invalid YAML or a forced handoff that does
    /// not exist is `InvalidArgument`, with the line and the reason.
    pub fn preview(&self, request: PreviewRequest) -> Result<PreviewResponse, Status> {
        let validated = baton_config::parse(&request.yaml)
            .map_err(|err| Status::invalid_argument(format!("invalid configuration:\n{err}")))?;
        if request.turns.len() > MAX_TURNS {
            return Err(Status::invalid_argument(format!(
                "a preview takes at most {MAX_TURNS} turns, this one has {}",
                request.turns.len()
            )));
        }
        let config = validated.config;
        let mut warnings = validated.warnings;
        for trigger in &validated.triggers {
            warnings.extend(
                trigger
                    .warnings
                    .iter()
                    .map(|w| format!("handoff {}: {w}", trigger.handoff_id)),
            );
        }
        let turns = script(&request);
        let rulebook = Rulebook::new(&config);
        let attributes = request
            .customer
            .as_ref()
            .map(|c| c.attributes.clone())
            .unwrap_or_default();
        let (steps, fired) = evaluate(&rulebook, &attributes, &turns);

        let mut response = PreviewResponse {
            steps,
            ..PreviewResponse::default()
        };
        let (handoff, at_turn, conditions, evidence) = if request.force_handoff_id.is_empty() {
            let Some((at_turn, handoff_id, firing)) = fired else {
                warnings.push("no handoff fires in this conversation".into());
                response.warnings = warnings;
                return Ok(response);
            };
            if (at_turn as usize) + 1 < turns.len() {
                warnings.push(format!(
                    "turns after {at_turn} were not evaluated: by then the conversation is with a person"
                ));
            }
            let handoff = find(&config, &handoff_id)?;
            (handoff, at_turn, firing.conditions, firing.evidence)
        } else {
            let handoff = find(&config, &request.force_handoff_id)?;
            if !handoff.enabled {
                warnings.push(format!(
                    "handoff {} is disabled: live traffic never takes it",
                    handoff.id
                ));
            }
            response.forced = true;
            let forced = MatchedCondition {
                kind: "forced".into(),
                description: "the operator triggered this handoff in Preview".into(),
            };
            let last = u32::try_from(turns.len().saturating_sub(1)).unwrap_or(u32::MAX);
            (handoff, last, vec![forced], Vec::new())
        };
        response.fired_handoff_id = handoff.id.clone();
        response.fired_at_turn = at_turn;

        let conversation = Conversation {
            tenant_id: config.tenant_id.clone(),
            agent_id: config.agent_id.clone(),
            conversation_id: PREVIEW_ID.into(),
            mode: Mode::HandoffPending as i32,
            customer: request.customer.clone(),
            turns,
            ..Conversation::default()
        };
        let record = record(&conversation, handoff, at_turn, conditions, evidence);
        let now: prost_types::Timestamp = SystemTime::now().into();
        let locale = messages::locale(&conversation);
        let mut deliveries = Vec::new();
        for (attempt, path) in (0u32..).zip(attempt_plan(&config, &handoff.id)) {
            if let Some(why) = unavailable(path, jiff::Timestamp::now()) {
                warnings.push(format!("handoff {} would be skipped now: {why}", path.id));
                continue;
            }
            let dispatch = HandoffDispatch {
                record_id: record.id.clone(),
                attempt,
                handoff: Some(path.clone()),
                package: Some(package::build(&conversation, &record, path, now)),
                dispatched_at: Some(now),
            };
            let mut planned = self.deliveries(&dispatch, path);
            if attempt > 0 {
                for delivery in &mut planned {
                    delivery.note = format!(
                        "fallback, only if the paths before it fail. {}",
                        delivery.note
                    );
                }
            }
            if response.package.is_none() {
                response.package = dispatch.package.clone();
                response.customer_message = customer_message(path, &locale);
            }
            deliveries.extend(planned);
        }
        if response.package.is_none() {
            warnings.push(format!("no path of handoff {} is available now: the customer would be told so and stay with the AI agent", handoff.id));
            response.customer_message = messages::text(handoff, Moment::Unavailable, &locale, &[]);
        }
        response.deliveries = deliveries;
        response.warnings = warnings;
        Ok(response)
    }

    fn deliveries(&self, dispatch: &HandoffDispatch, handoff: &Handoff) -> Vec<PlannedDelivery> {
        match handoff.r#type() {
            HandoffType::Email => baton_connectors::email::preview(dispatch, &self.email),
            HandoffType::Intercom => baton_connectors::intercom::preview(dispatch, &self.intercom),
            HandoffType::ZendeskSunshine | HandoffType::ZendeskTicket => {
                baton_connectors::zendesk::preview(dispatch, &self.zendesk)
            }
            HandoffType::Unspecified => vec![PlannedDelivery {
                handoff_id: handoff.id.clone(),
                note: "a handoff without a type delivers nothing".into(),
                ..PlannedDelivery::default()
            }],
        }
    }
}

fn find<'a>(config: &'a AgentConfig, id: &str) -> Result<&'a Handoff, Status> {
    config.handoffs.iter().find(|h| h.id == id).ok_or_else(|| {
        Status::invalid_argument(format!("handoff {id:?} is not in this configuration"))
    })
}

/// The scripted turns as a transcript.
fn script(request: &PreviewRequest) -> Vec<Turn> {
    (0u64..)
        .zip(&request.turns)
        .map(|(index, turn)| Turn {
            role: turn.role,
            text: turn.text.clone(),
            answered: turn.answered,
            event_id: format!("{PREVIEW_ID}-{index}"),
            sequence: index,
            mode: Mode::Bot as i32,
            ..Turn::default()
        })
        .collect()
}

/// Every handoff's verdict after each turn, up to the first turn where one fires (and
/// which), for a customer with `attributes`: the same session live traffic runs.
fn evaluate(
    rulebook: &Rulebook,
    attributes: &Attributes,
    turns: &[Turn],
) -> (Vec<PreviewStep>, Option<(u32, String, Firing)>) {
    let mut steps = Vec::new();
    let mut session = rulebook.session(attributes);
    for (turn_index, turn) in (0u32..).zip(turns) {
        let verdicts = rulebook.step_all(&mut session, turn);
        let decisions = verdicts
            .iter()
            .cloned()
            .map(|(handoff_id, firing)| {
                let fired = firing.is_some();
                let (conditions, evidence) = firing
                    .map(|f| (f.conditions, f.evidence))
                    .unwrap_or_default();
                PreviewDecision {
                    handoff_id,
                    fired,
                    conditions,
                    evidence,
                }
            })
            .collect();
        steps.push(PreviewStep {
            turn_index,
            decisions,
        });
        if let Some(decision) = rulebook.best(verdicts) {
            return (
                steps,
                Some((turn_index, decision.handoff_id, decision.firing)),
            );
        }
    }
    (steps, None)
}

/// The record live traffic would create, for building the package.
fn record(
    conversation: &Conversation,
    handoff: &Handoff,
    turn_index: u32,
    conditions: Vec<MatchedCondition>,
    evidence: Vec<Evidence>,
) -> HandoffRecord {
    let request = HandoffRequested {
        request_id: PREVIEW_ID.into(),
        tenant_id: conversation.tenant_id.clone(),
        agent_id: conversation.agent_id.clone(),
        conversation_id: conversation.conversation_id.clone(),
        handoff_id: handoff.id.clone(),
        turn_index,
        conditions,
        evidence,
        ..HandoffRequested::default()
    };
    HandoffRecord {
        id: format!("{PREVIEW_ID}-1"),
        tenant_id: conversation.tenant_id.clone(),
        agent_id: conversation.agent_id.clone(),
        conversation_id: conversation.conversation_id.clone(),
        handoff_id: handoff.id.clone(),
        reason: Some(reason::reason(&request, handoff)),
        state: HandoffState::Dispatched as i32,
        ..HandoffRecord::default()
    }
}

/// What the customer hears when `handoff` takes the conversation.
fn customer_message(handoff: &Handoff, locale: &str) -> String {
    match handoff.r#type() {
        HandoffType::ZendeskTicket => messages::text(
            handoff,
            Moment::TicketCreated,
            locale,
            &[("ticket", "#(ticket number)")],
        ),
        HandoffType::Email => messages::text(handoff, Moment::EmailSent, locale, &[]),
        HandoffType::Intercom | HandoffType::ZendeskSunshine | HandoffType::Unspecified => {
            messages::text(handoff, Moment::Connecting, locale, &[])
        }
    }
}

#[cfg(test)]
mod tests {
    use baton_proto::v1::{AgentConfig, Role};

    use super::*;

    #[test]
    fn preview_decides_with_the_customers_attributes() {
        let rulebook = Rulebook::new(&AgentConfig {
            handoffs: vec![Handoff {
                id: "vip-refund".into(),
                enabled: true,
                trigger: "VIP customers who ask for a refund go to a person.".into(),
                ..Handoff::default()
            }],
            ..AgentConfig::default()
        });
        let turns = [Turn::said(
            Role::User,
            "I'd like a refund for order 1234 please",
        )];
        let vip: Attributes = [("vip".to_owned(), "true".to_owned())].into();
        let (steps, fired) = evaluate(&rulebook, &vip, &turns);
        assert_eq!(
            fired.map(|(turn, id, _)| (turn, id)),
            Some((0, "vip-refund".into()))
        );
        assert!(steps[0].decisions[0].fired);
        let (_, fired) = evaluate(&rulebook, &Attributes::new(), &turns);
        assert!(
            fired.is_none(),
            "a customer not known to be a VIP does not qualify"
        );
    }
}
