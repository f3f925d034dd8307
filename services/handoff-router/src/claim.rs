//! Taking a conversation for a handoff: one compare-and-set decision on the conversation
//! state, so two requests for the same conversation (or one request delivered twice) never
//! start two handoffs.

use baton_config::policy::LoopGuard;
use baton_proto::Transition;
use baton_proto::v1::{ActiveHandoff, Conversation, Handoff, HandoffRequested, Mode};
use prost_types::Timestamp;

/// What a request means for the conversation.
#[derive(Debug, PartialEq, Eq)]
pub enum Claim {
    /// The conversation is now ours: a new handoff record with this id.
    New(String),
    /// This request already claimed it (a redelivery): carry on with its record.
    Resume(String),
    /// No handoff: the conversation is not with the bot, or loop protection says no.
    Refused(String),
}

/// Decides on `conversation` (changing it when the claim is new).
pub fn claim(
    conversation: &mut Conversation,
    request: &HandoffRequested,
    handoff: &Handoff,
    guard: &LoopGuard,
    now: Timestamp,
) -> Claim {
    if let Some(active) = &conversation.active_handoff
        && active.request_id == request.request_id
    {
        return Claim::Resume(active.record_id.clone());
    }
    if conversation.mode() != Mode::Bot {
        return Claim::Refused(format!(
            "the conversation is {}, not with the bot",
            conversation.mode().label()
        ));
    }
    if let Some(reason) = guard.refusal(conversation, &handoff.id, now) {
        return Claim::Refused(reason);
    }
    let record_id = baton_bus::subjects::record_id(
        &conversation.conversation_id,
        conversation.handoff_count + 1,
    );
    let active = ActiveHandoff {
        record_id: record_id.clone(),
        handoff_id: handoff.id.clone(),
        r#type: handoff.r#type,
        copilot: handoff.copilot,
        external_ref: String::new(),
        request_id: request.request_id.clone(),
        reason: crate::reason::reason(request, handoff).text,
    };
    // The conversation is with the bot (checked above), so the claim applies.
    conversation.transition(&Transition::Claim(active), now);
    Claim::New(record_id)
}

#[cfg(test)]
mod tests {
    use baton_proto::v1::HandoffType;

    use super::*;

    const NOW: Timestamp = Timestamp {
        seconds: 1_000_000,
        nanos: 0,
    };

    fn conversation() -> Conversation {
        Conversation {
            tenant_id: "acme".into(),
            conversation_id: "c-1".into(),
            mode: Mode::Bot as i32,
            ..Default::default()
        }
    }

    fn request(id: &str) -> HandoffRequested {
        HandoffRequested {
            request_id: id.into(),
            handoff_id: "human".into(),
            ..Default::default()
        }
    }

    fn handoff() -> Handoff {
        Handoff {
            id: "human".into(),
            r#type: HandoffType::Intercom as i32,
            copilot: true,
            ..Default::default()
        }
    }

    #[test]
    fn the_first_request_claims_the_conversation() {
        let mut c = conversation();
        let guard = LoopGuard::default();
        assert_eq!(
            claim(&mut c, &request("r-1"), &handoff(), &guard, NOW),
            Claim::New("c-1-1".into())
        );
        assert_eq!(c.mode(), Mode::HandoffPending);
        let active = c.active_handoff.as_ref().expect("active");
        assert_eq!(active.r#type(), HandoffType::Intercom);
        assert!(active.copilot);
        assert_eq!(c.handoff_count, 1);
    }

    #[test]
    fn the_claim_carries_the_records_reason_for_copilot() {
        let mut c = conversation();
        let request = request("r-1");
        claim(&mut c, &request, &handoff(), &LoopGuard::default(), NOW);
        let active = c.active_handoff.as_ref().expect("active");
        assert_eq!(
            active.reason,
            crate::reason::reason(&request, &handoff()).text
        );
        assert!(!active.reason.is_empty());
    }

    #[test]
    fn a_redelivered_request_resumes_and_a_second_one_is_refused() {
        let mut c = conversation();
        let guard = LoopGuard::default();
        claim(&mut c, &request("r-1"), &handoff(), &guard, NOW);
        let before = c.clone();
        assert_eq!(
            claim(&mut c, &request("r-1"), &handoff(), &guard, NOW),
            Claim::Resume("c-1-1".into())
        );
        assert!(matches!(
            claim(&mut c, &request("r-2"), &handoff(), &guard, NOW),
            Claim::Refused(_)
        ));
        assert_eq!(c, before, "neither changes the conversation");
    }

    #[test]
    fn loop_protection_refuses_a_handoff_in_its_cool_down() {
        let mut c = conversation();
        let guard = LoopGuard::default();
        claim(&mut c, &request("r-1"), &handoff(), &guard, NOW);
        let every_path_failed = Transition::GiveBack {
            record_id: "c-1-1".into(),
        };
        assert!(c.transition(&every_path_failed, NOW));
        let Claim::Refused(reason) = claim(&mut c, &request("r-2"), &handoff(), &guard, NOW) else {
            panic!("must be refused");
        };
        assert!(reason.contains("may fire again"), "{reason}");
    }
}
