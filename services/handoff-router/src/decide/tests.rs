//! The transition table of a handoff record: every state a record can be in × every input
//! the router is told, then what each step writes, moves and publishes.

use baton_proto::v1::{
    ActiveHandoff, BusinessHours, Customer, DayHours, HandoffAccepted, HandoffDispatch,
    HandoffFailed, HandoffType, Mode, Role, Turn,
};

use super::*;

/// Monday 2026-11-23 12:00 UTC.
const NOW: Timestamp = Timestamp {
    seconds: 1_795_435_200,
    nanos: 0,
};
const TIMEOUT: Duration = Duration::from_secs(600);
const TIMED_OUT: &str = "no result within 600s";

fn handoff(id: &str, kind: HandoffType, fallback: &[&str]) -> Handoff {
    Handoff {
        id: id.into(),
        r#type: kind as i32,
        enabled: true,
        fallback: fallback.iter().map(|f| (*f).to_owned()).collect(),
        ..Handoff::default()
    }
}

/// Live first, then a ticket, then an email.
fn chain() -> AgentConfig {
    AgentConfig {
        tenant_id: "acme".into(),
        agent_id: "support".into(),
        live: true,
        handoffs: vec![
            handoff("live", HandoffType::Intercom, &["ticket"]),
            handoff("ticket", HandoffType::ZendeskTicket, &["mail"]),
            handoff("mail", HandoffType::Email, &[]),
        ],
        ..AgentConfig::default()
    }
}

/// Open on Sundays only: closed at [`NOW`].
fn closed_now(mut handoff: Handoff) -> Handoff {
    handoff.business_hours = Some(BusinessHours {
        timezone: "UTC".into(),
        weekly: vec![DayHours {
            day: "sun".into(),
            open_minute: 0,
            close_minute: 24 * 60,
        }],
        holidays: Vec::new(),
    });
    handoff
}

fn conversation() -> Conversation {
    Conversation {
        tenant_id: "acme".into(),
        agent_id: "support".into(),
        conversation_id: "c-1".into(),
        mode: Mode::HandoffPending as i32,
        turns: vec![Turn::said(Role::User, "can I talk to a person")],
        active_handoff: Some(ActiveHandoff {
            record_id: "c-1-1".into(),
            handoff_id: "live".into(),
            ..ActiveHandoff::default()
        }),
        ..Conversation::default()
    }
}

fn request() -> HandoffRequested {
    HandoffRequested {
        request_id: "r-1".into(),
        tenant_id: "acme".into(),
        agent_id: "support".into(),
        conversation_id: "c-1".into(),
        handoff_id: "live".into(),
        ..HandoffRequested::default()
    }
}

fn result(attempt: u32, kind: HandoffType, outcome: handoff_result::Outcome) -> HandoffResult {
    HandoffResult {
        record_id: "c-1-1".into(),
        attempt,
        tenant_id: "acme".into(),
        conversation_id: "c-1".into(),
        r#type: kind as i32,
        outcome: Some(outcome),
        finished_at: Some(NOW),
    }
}

fn accepted(attempt: u32, kind: HandoffType, external_ref: &str) -> HandoffResult {
    let accepted = HandoffAccepted {
        external_ref: external_ref.into(),
        ..HandoffAccepted::default()
    };
    result(attempt, kind, handoff_result::Outcome::Accepted(accepted))
}

fn failed(attempt: u32, kind: HandoffType, reason: &str) -> HandoffResult {
    let failed = HandoffFailed {
        reason: reason.into(),
    };
    result(attempt, kind, handoff_result::Outcome::Failed(failed))
}

fn deadline(attempt: u32) -> DispatchDeadline {
    DispatchDeadline {
        tenant_id: "acme".into(),
        record_id: "c-1-1".into(),
        attempt,
        deadline: Some(Timestamp {
            seconds: NOW.seconds + 600,
            nanos: 0,
        }),
    }
}

/// Decides with the chain's configuration.
fn decide_on(record: Option<HandoffRecord>, input: Input<'_>) -> Result<Step, Rejected> {
    decide_with(&chain(), record, input)
}

fn decide_with(
    config: &AgentConfig,
    record: Option<HandoffRecord>,
    input: Input<'_>,
) -> Result<Step, Rejected> {
    let rules = Rules {
        config,
        dispatch_timeout: TIMEOUT,
    };
    decide(record, Some(&conversation()), input, rules, NOW)
}

fn step(record: Option<HandoffRecord>, input: Input<'_>) -> Step {
    decide_on(record, input).expect("a step")
}

fn start() -> Step {
    let request = request();
    let input = Input::Request {
        request: &request,
        record_id: "c-1-1",
    };
    step(None, input)
}

fn request_again(record: HandoffRecord) -> Step {
    let request = request();
    let input = Input::Request {
        request: &request,
        record_id: "c-1-1",
    };
    step(Some(record), input)
}

fn after(step: Step) -> HandoffRecord {
    step.record.expect("a record")
}

// The states a record can be in, each reached through the decisions themselves.

/// Attempt 0 (live) in flight.
fn live_in_flight() -> HandoffRecord {
    after(start())
}

/// Attempt 0 refused by the helpdesk, attempt 1 (ticket) in flight.
fn ticket_in_flight() -> HandoffRecord {
    let failure = failed(0, HandoffType::Intercom, "HTTP 500");
    after(step(Some(live_in_flight()), Input::Result(&failure)))
}

/// Attempt 0 timed out, attempt 1 (ticket) in flight.
fn ticket_after_timeout() -> HandoffRecord {
    after(step(Some(live_in_flight()), Input::Deadline(&deadline(0))))
}

/// Attempt 1 (ticket) accepted as ticket 42.
fn ticket_accepted() -> HandoffRecord {
    let accepted = accepted(1, HandoffType::ZendeskTicket, "42");
    after(step(Some(ticket_in_flight()), Input::Result(&accepted)))
}

/// Email in flight after the ticket failed too.
fn mail_in_flight() -> HandoffRecord {
    let failure = failed(1, HandoffType::ZendeskTicket, "HTTP 422");
    after(step(Some(ticket_in_flight()), Input::Result(&failure)))
}

/// Every path failed.
fn exhausted() -> HandoffRecord {
    let failure = failed(2, HandoffType::Email, "SMTP down");
    after(step(Some(mail_in_flight()), Input::Result(&failure)))
}

/// Created by an earlier version, which crashed before dispatching anything.
fn stranded() -> HandoffRecord {
    let mut record = live_in_flight();
    record.attempts.clear();
    record
}

fn outcome(decided: &Result<Step, Rejected>) -> &'static str {
    match decided {
        Err(_) => "rejected",
        Ok(step) => {
            let moved = matches!(
                step.outcome,
                Outcome::Started | Outcome::Accepted | Outcome::Failed { .. }
            );
            assert_eq!(step.write, moved, "only a move writes: {step:?}");
            match step.outcome {
                Outcome::Started => "started",
                Outcome::Accepted => "accepted",
                Outcome::Failed { .. } => "failed",
                Outcome::Repeated => "repeated",
                Outcome::Late => "late",
                Outcome::Ignored(_) => "ignored",
            }
        }
    }
}

#[test]
fn every_state_answers_every_input() {
    let states: [(&str, Option<HandoffRecord>); 7] = [
        ("none", None),
        ("live in flight", Some(live_in_flight())),
        ("ticket in flight", Some(ticket_in_flight())),
        ("ticket after timeout", Some(ticket_after_timeout())),
        ("ticket accepted", Some(ticket_accepted())),
        ("exhausted", Some(exhausted())),
        ("stranded", Some(stranded())),
    ];
    let request = request();
    let request = Input::Request {
        request: &request,
        record_id: "c-1-1",
    };
    let live_ok = accepted(0, HandoffType::Intercom, "ic-1");
    let ticket_ok = accepted(1, HandoffType::ZendeskTicket, "42");
    let live_failed = failed(0, HandoffType::Intercom, "HTTP 500");
    let ticket_failed = failed(1, HandoffType::ZendeskTicket, "HTTP 422");
    let (deadline_0, deadline_1) = (deadline(0), deadline(1));
    let mut empty = accepted(0, HandoffType::Intercom, "");
    empty.outcome = None;
    let inputs: [(&str, Input<'_>); 8] = [
        ("request", request),
        ("live accepted", Input::Result(&live_ok)),
        ("ticket accepted", Input::Result(&ticket_ok)),
        ("live failed", Input::Result(&live_failed)),
        ("ticket failed", Input::Result(&ticket_failed)),
        ("deadline 0", Input::Deadline(&deadline_0)),
        ("deadline 1", Input::Deadline(&deadline_1)),
        ("no outcome", Input::Result(&empty)),
    ];
    #[rustfmt::skip]
    let expected: [[&str; 8]; 7] = [
        // request   live ok     ticket ok   live fail   tick. fail  deadline 0  deadline 1  no outcome
        ["started",  "rejected", "rejected", "rejected", "rejected", "ignored",  "ignored",  "rejected"], // none
        ["repeated", "accepted", "late",     "failed",   "ignored",  "failed",   "ignored",  "rejected"], // live in flight
        ["repeated", "late",     "accepted", "repeated", "failed",   "ignored",  "failed",   "rejected"], // ticket in flight
        ["repeated", "late",     "accepted", "ignored",  "failed",   "repeated", "failed",   "rejected"], // after timeout
        ["repeated", "late",     "repeated", "repeated", "ignored",  "ignored",  "ignored",  "rejected"], // accepted
        ["repeated", "late",     "late",     "repeated", "repeated", "ignored",  "ignored",  "rejected"], // exhausted
        ["started",  "late",     "late",     "ignored",  "ignored",  "ignored",  "ignored",  "rejected"], // stranded
    ];
    for ((state, record), row) in states.iter().zip(expected) {
        for ((input_name, input), want) in inputs.iter().zip(row) {
            let decided = decide_on(record.clone(), *input);
            assert_eq!(
                outcome(&decided),
                want,
                "{state} × {input_name}: {decided:?}"
            );
            if let Ok(step) = &decided
                && !step.write
            {
                assert_eq!(
                    &step.record, record,
                    "{state} × {input_name} keeps the record"
                );
            }
        }
    }
}

fn dispatch_of(step: &Step) -> &HandoffDispatch {
    step.effects
        .iter()
        .find_map(|effect| match effect {
            Effect::Dispatch(dispatch) => Some(dispatch.as_ref()),
            _ => None,
        })
        .expect("a dispatch")
}

fn kinds(step: &Step) -> Vec<&'static str> {
    step.effects
        .iter()
        .map(|effect| match effect {
            Effect::Pause => "pause",
            Effect::Resume => "resume",
            Effect::SetDeadline(_) => "set deadline",
            Effect::ClearDeadline => "clear deadline",
            Effect::Dispatch(_) => "dispatch",
            Effect::Tell { .. } => "tell",
            Effect::Alert { .. } => "alert",
        })
        .collect()
}

fn told(step: &Step) -> Vec<(&str, &str)> {
    step.effects
        .iter()
        .filter_map(|effect| match effect {
            Effect::Tell { moment, text } => Some((moment.as_str(), text.as_str())),
            _ => None,
        })
        .collect()
}

fn states(record: &HandoffRecord) -> Vec<(u32, &str, HandoffState, &str)> {
    record
        .attempts
        .iter()
        .map(|a| {
            (
                a.attempt,
                a.handoff_id.as_str(),
                a.state(),
                a.failure.as_str(),
            )
        })
        .collect()
}

#[test]
fn a_request_pauses_the_agent_and_dispatches_the_handoff_with_a_deadline() {
    let step = start();
    assert_eq!(kinds(&step), ["pause", "set deadline", "dispatch", "tell"]);
    let record = step.record.as_ref().expect("record");
    assert_eq!(record.id, "c-1-1");
    assert_eq!(record.state(), HandoffState::Dispatched);
    assert_eq!(states(record), [(0, "live", HandoffState::Dispatched, "")]);
    assert_eq!(
        step.effects[1],
        Effect::SetDeadline(DispatchDeadline {
            tenant_id: "acme".into(),
            record_id: "c-1-1".into(),
            attempt: 0,
            deadline: Some(Timestamp {
                seconds: NOW.seconds + 600,
                nanos: 0
            }),
        })
    );
    let dispatch = dispatch_of(&step);
    assert_eq!(dispatch.attempt, 0);
    assert_eq!(
        dispatch.handoff.as_ref().map(|h| h.id.as_str()),
        Some("live")
    );
    let package = dispatch.package.as_ref().expect("package");
    assert_eq!(package.transcript, conversation().turns);
    assert_eq!(package.record_id, "c-1-1");
    let [(moment, text)] = told(&step)[..] else {
        panic!("one message");
    };
    assert_eq!(moment, "0-connecting");
    assert!(text.starts_with("I'm connecting you"), "{text}");
    assert_eq!(step.conversation, None, "the claim moved the conversation");
}

#[test]
fn the_customer_hears_their_language() {
    let mut spanish = conversation();
    spanish.customer = Some(Customer {
        locale: "es".into(),
        ..Customer::default()
    });
    let request = request();
    let input = Input::Request {
        request: &request,
        record_id: "c-1-1",
    };
    let rules = Rules {
        config: &chain(),
        dispatch_timeout: TIMEOUT,
    };
    let step = decide(None, Some(&spanish), input, rules, NOW).expect("a step");
    assert!(told(&step)[0].1.starts_with("Te estoy pasando"));
}

#[test]
fn a_redelivered_request_repeats_the_step_the_record_is_at() {
    let first = start();
    let again = request_again(after(first.clone()));
    assert!(!again.write);
    assert_eq!(again.effects, first.effects, "same effects, same ids");
    // A request delivered again after its handoff ended (the delivery before may have
    // stopped between the record and the conversation) ends it again.
    let accepted = request_again(ticket_accepted());
    assert_eq!(kinds(&accepted), ["pause", "clear deadline", "tell"]);
    assert!(matches!(
        accepted.conversation,
        Some(Transition::Settle { .. })
    ));
    let exhausted = request_again(exhausted());
    assert_eq!(
        kinds(&exhausted),
        ["pause", "clear deadline", "tell", "resume", "alert"]
    );
    assert!(matches!(
        exhausted.conversation,
        Some(Transition::GiveBack { .. })
    ));
}

#[test]
fn a_record_an_earlier_version_left_undispatched_is_dispatched() {
    let step = request_again(stranded());
    assert!(step.write);
    assert_eq!(kinds(&step), kinds(&start()));
}

#[test]
fn a_request_for_a_handoff_that_is_not_enabled_is_rejected() {
    let mut config = chain();
    config.handoffs[0].enabled = false;
    let request = request();
    let input = Input::Request {
        request: &request,
        record_id: "c-1-1",
    };
    let Err(Rejected(reason)) = decide_with(&config, None, input) else {
        panic!("must be rejected");
    };
    assert!(reason.contains("not an enabled handoff"), "{reason}");
}

#[test]
fn without_the_conversation_nothing_is_dispatched() {
    let request = request();
    let input = Input::Request {
        request: &request,
        record_id: "c-1-1",
    };
    let rules = Rules {
        config: &chain(),
        dispatch_timeout: TIMEOUT,
    };
    let Err(Rejected(reason)) = decide(None, None, input, rules, NOW) else {
        panic!("must be rejected");
    };
    assert!(reason.contains("does not exist"), "{reason}");
}

#[test]
fn a_path_outside_its_business_hours_is_skipped_for_the_next() {
    let mut config = chain();
    config.handoffs[0] = closed_now(config.handoffs[0].clone());
    let request = request();
    let input = Input::Request {
        request: &request,
        record_id: "c-1-1",
    };
    let step = decide_with(&config, None, input).expect("a step");
    let record = step.record.as_ref().expect("record");
    assert_eq!(
        states(record),
        [
            (
                0,
                "live",
                HandoffState::Failed,
                "outside business hours (UTC)"
            ),
            (1, "ticket", HandoffState::Dispatched, ""),
        ]
    );
    assert_eq!(dispatch_of(&step).attempt, 1);
    assert!(
        told(&step).is_empty(),
        "a ticket is not live: no 'connecting'"
    );
}

#[test]
fn with_no_path_available_the_conversation_goes_back_to_the_bot() {
    let mut config = chain();
    for handoff in &mut config.handoffs {
        *handoff = closed_now(handoff.clone());
    }
    let request = request();
    let input = Input::Request {
        request: &request,
        record_id: "c-1-1",
    };
    let step = decide_with(&config, None, input).expect("a step");
    let record = step.record.as_ref().expect("record");
    assert_eq!(record.state(), HandoffState::Failed);
    assert_eq!(record.attempts.len(), 3);
    assert_eq!(
        kinds(&step),
        ["pause", "clear deadline", "tell", "resume", "alert"]
    );
    assert_eq!(
        step.conversation,
        Some(Transition::GiveBack {
            record_id: "c-1-1".into()
        })
    );
}

#[test]
fn a_final_failure_dispatches_the_fallback_with_the_conversation_as_it_is_now() {
    let step = step(
        Some(live_in_flight()),
        Input::Result(&failed(0, HandoffType::Intercom, "HTTP 500")),
    );
    let record = step.record.as_ref().expect("record");
    assert_eq!(
        states(record),
        [
            (0, "live", HandoffState::Failed, "HTTP 500"),
            (1, "ticket", HandoffState::Dispatched, ""),
        ]
    );
    assert_eq!(record.attempts[0].finished_at, Some(NOW));
    assert_eq!(kinds(&step), ["set deadline", "dispatch"]);
    assert_eq!(
        dispatch_of(&step).handoff.as_ref().map(|h| h.r#type()),
        Some(HandoffType::ZendeskTicket)
    );
    assert_eq!(
        step.outcome,
        Outcome::Failed {
            attempt: 0,
            reason: "HTTP 500".into()
        }
    );
}

#[test]
fn a_redelivered_failure_repeats_the_fallback_and_a_late_one_changes_nothing() {
    let failure = failed(0, HandoffType::Intercom, "HTTP 500");
    let first = step(Some(live_in_flight()), Input::Result(&failure));
    let again = step(Some(after(first.clone())), Input::Result(&failure));
    assert_eq!((again.write, &again.effects), (false, &first.effects));
    // The connector gives up on attempt 0 after the router timed it out and moved on.
    let late = step(Some(ticket_after_timeout()), Input::Result(&failure));
    assert!(late.effects.is_empty());
}

#[test]
fn when_the_last_path_fails_the_customer_is_told_the_agent_resumes_and_operators_are_alerted() {
    let failure = failed(2, HandoffType::Email, "SMTP down");
    let step = step(Some(mail_in_flight()), Input::Result(&failure));
    assert_eq!(after(step.clone()).state(), HandoffState::Failed);
    assert_eq!(
        step.conversation,
        Some(Transition::GiveBack {
            record_id: "c-1-1".into()
        })
    );
    assert_eq!(kinds(&step), ["clear deadline", "tell", "resume", "alert"]);
    let [(moment, text)] = told(&step)[..] else {
        panic!("one message");
    };
    assert_eq!(moment, "unavailable");
    assert!(text.starts_with("I'm sorry, I can't reach"), "{text}");
    let Some(Effect::Alert { what, text }) = step.effects.last() else {
        panic!("an alert");
    };
    assert_eq!(what, "exhausted");
    assert_eq!(
        text,
        "every handoff path failed for c-1-1: live (intercom): HTTP 500; \
         ticket (zendesk_ticket): HTTP 422; mail (email): SMTP down"
    );
    // Delivered again: the same effects, nothing written.
    let again = decide_on(Some(after(step.clone())), Input::Result(&failure)).expect("a step");
    assert_eq!(
        (again.write, &again.conversation, &again.effects),
        (false, &step.conversation, &step.effects)
    );
}

#[test]
fn a_removed_configuration_ends_the_chain_with_the_default_message() {
    let failure = failed(0, HandoffType::Intercom, "HTTP 500");
    let step = decide_with(
        &AgentConfig::default(),
        Some(live_in_flight()),
        Input::Result(&failure),
    )
    .expect("a step");
    assert_eq!(after(step.clone()).state(), HandoffState::Failed);
    assert!(told(&step)[0].1.starts_with("I'm sorry"));
}

#[test]
fn a_removed_path_in_flight_cannot_be_dispatched_again() {
    let mut config = chain();
    config.handoffs.retain(|h| h.id != "ticket");
    let request = request();
    let input = Input::Request {
        request: &request,
        record_id: "c-1-1",
    };
    let Err(Rejected(reason)) = decide_with(&config, Some(ticket_in_flight()), input) else {
        panic!("must be rejected");
    };
    assert!(
        reason.contains("no longer in the configuration"),
        "{reason}"
    );
}

#[test]
fn a_live_acceptance_hands_the_conversation_to_a_human() {
    let accepted = accepted(0, HandoffType::Intercom, "ic-1");
    let step = step(Some(live_in_flight()), Input::Result(&accepted));
    let record = step.record.as_ref().expect("record");
    assert_eq!(record.state(), HandoffState::Accepted);
    assert_eq!(record.external_ref, "ic-1");
    assert_eq!(record.attempts[0].state(), HandoffState::Accepted);
    assert_eq!(record.attempts[0].external_ref, "ic-1");
    assert_eq!(
        step.conversation,
        Some(Transition::Settle {
            record_id: "c-1-1".into(),
            handoff_id: "live".into(),
            kind: HandoffType::Intercom,
            external_ref: "ic-1".into(),
        })
    );
    assert_eq!(
        step.effects,
        [Effect::ClearDeadline],
        "they heard 'connecting' already"
    );
}

#[test]
fn a_ticket_or_email_acceptance_tells_the_customer_how_the_team_follows_up() {
    let step = step(
        Some(ticket_in_flight()),
        Input::Result(&accepted(1, HandoffType::ZendeskTicket, "42")),
    );
    assert_eq!(
        told(&step),
        [(
            "1-accepted",
            "I've created ticket #42 for our support team with our whole conversation. They'll get back to you by email."
        )]
    );
    let Some(Transition::Settle {
        kind, handoff_id, ..
    }) = &step.conversation
    else {
        panic!("settles");
    };
    assert_eq!(
        (*kind, handoff_id.as_str()),
        (HandoffType::ZendeskTicket, "ticket")
    );

    let mail = decide_on(
        Some(mail_in_flight()),
        Input::Result(&accepted(2, HandoffType::Email, "m-1")),
    )
    .expect("a step");
    assert_eq!(told(&mail)[0].0, "2-accepted");
    assert!(told(&mail)[0].1.starts_with("I've sent a summary"));
}

#[test]
fn a_redelivered_acceptance_settles_and_tells_again_without_a_write() {
    let accepted = accepted(1, HandoffType::ZendeskTicket, "42");
    let first = step(Some(ticket_in_flight()), Input::Result(&accepted));
    let again = step(Some(after(first.clone())), Input::Result(&accepted));
    assert!(!again.write);
    assert_eq!(
        (&again.conversation, &again.effects),
        (&first.conversation, &first.effects)
    );
}

#[test]
fn an_acceptance_after_the_router_moved_on_raises_an_alert_and_moves_nothing() {
    let late = accepted(0, HandoffType::Intercom, "ic-9");
    for record in [ticket_after_timeout(), ticket_accepted(), exhausted()] {
        let step = step(Some(record), Input::Result(&late));
        assert_eq!(step.outcome, Outcome::Late);
        assert_eq!(step.conversation, None);
        let [Effect::Alert { what, text }] = &step.effects[..] else {
            panic!("one alert: {:?}", step.effects);
        };
        assert_eq!(what, "late-0");
        assert!(
            text.starts_with("intercom accepted handoff c-1-1 late (attempt 0)"),
            "{text}"
        );
    }
}

#[test]
fn a_deadline_fails_the_attempt_in_flight_and_seen_again_repeats_the_fallback() {
    let first = step(Some(live_in_flight()), Input::Deadline(&deadline(0)));
    assert_eq!(
        states(first.record.as_ref().expect("record")),
        [
            (0, "live", HandoffState::Failed, TIMED_OUT),
            (1, "ticket", HandoffState::Dispatched, ""),
        ]
    );
    assert_eq!(kinds(&first), ["set deadline", "dispatch"]);
    let again = step(Some(after(first.clone())), Input::Deadline(&deadline(0)));
    assert_eq!((again.write, &again.effects), (false, &first.effects));
}

#[test]
fn a_stale_deadline_keeps_the_deadline_in_flight_and_otherwise_clears_it() {
    // The key holds one deadline per record: attempt 1's must survive attempt 0's.
    let in_flight = ticket_in_flight();
    let step_0 = step(Some(in_flight.clone()), Input::Deadline(&deadline(0)));
    let Effect::SetDeadline(kept) = &step_0.effects[0] else {
        panic!("keeps attempt 1's deadline: {:?}", step_0.effects);
    };
    assert_eq!(kept.attempt, 1);
    assert_eq!(
        kept.deadline,
        in_flight.attempts[1].dispatched_at.map(|at| Timestamp {
            seconds: at.seconds + 600,
            ..at
        })
    );
    for record in [Some(ticket_accepted()), Some(exhausted()), None] {
        let step = step(record, Input::Deadline(&deadline(1)));
        assert_eq!(step.effects, [Effect::ClearDeadline]);
    }
}

#[test]
fn a_result_for_an_unknown_record_is_rejected() {
    let Err(Rejected(reason)) = decide_on(
        None,
        Input::Result(&accepted(0, HandoffType::Intercom, "x")),
    ) else {
        panic!("must be rejected");
    };
    assert_eq!(reason, "no handoff record c-1-1");
}
