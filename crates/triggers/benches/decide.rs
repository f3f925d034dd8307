//! The cost of one message: every enabled handoff of an agent taking the next turn of a
//! conversation of 20 or 200 turns into account, as the trigger-evaluator does with the
//! session it keeps per conversation. Criterion reports the time per message for the five
//! handoffs; divided by five it is the cost per message per handoff (the bar:
//! at most 20 µs at both lengths, in a release build). The full replay of a 20-turn
//! conversation is measured too, for comparison.

use baton_proto::v1::{AgentConfig, Handoff, Role, Turn};
use baton_triggers::{Attributes, Rulebook};
use criterion::{Criterion, criterion_group, criterion_main};

fn config() -> AgentConfig {
    let handoff = |id: &str, priority: i32, trigger: &str| Handoff {
        id: id.into(),
        priority,
        enabled: true,
        trigger: trigger.into(),
        ..Handoff::default()
    };
    AgentConfig {
        handoffs: vec![
            handoff(
                "person",
                10,
                "Hand off when the customer asks to talk to a person or asks us to call them.",
            ),
            handoff(
                "attempts",
                5,
                "Bring in an engineer once the assistant has failed 3 times on the same problem.",
            ),
            handoff(
                "billing",
                20,
                "Create a ticket for billing disputes and refunds, but not invoice questions.",
            ),
            handoff(
                "angry",
                15,
                "Hand off when the customer is clearly frustrated: swearing, shouting, sarcasm.",
            ),
            handoff(
                "scope",
                1,
                "Email the team when the assistant says it doesn't have the information.",
            ),
        ],
        ..AgentConfig::default()
    }
}

/// `turns` turns, alternating, the last one the customer's (the costlier kind to decide).
fn conversation(turns: usize) -> Vec<Turn> {
    (0..turns)
        .map(|n| (n, (turns - 1 - n).is_multiple_of(2)))
        .map(|(n, user)| Turn {
            role: if user { Role::User as i32 } else { Role::Agent as i32 },
            text: if user {
                format!("My export number {n} still fails with a timeout when I pick last quarter, what now?")
            } else {
                "Try a smaller date range from Reports > Export, then download the CSV again.".into()
            },
            answered: (!user).then_some(true),
            ..Turn::default()
        })
        .collect()
}

fn next_message(c: &mut Criterion) {
    let rulebook = Rulebook::new(&config());
    for length in [20, 200] {
        let turns = conversation(length);
        let (last, earlier) = turns.split_last().expect("turns");
        let mut session = rulebook.session(&Attributes::new());
        for turn in earlier {
            rulebook.step(&mut session, turn);
        }
        c.bench_function(&format!("next message: 5 handoffs, turn {length}"), |b| {
            b.iter_batched(
                || session.clone(),
                |mut session| rulebook.step(&mut session, std::hint::black_box(last)),
                criterion::BatchSize::SmallInput,
            )
        });
    }
    let turns = conversation(20);
    c.bench_function("replay: 5 handoffs, 20 turns", |b| {
        b.iter(|| rulebook.decide(std::hint::black_box(&turns)))
    });
}

/// The worst a customer can send: every message at the 32 KiB limit, 200 turns, text that
/// touches every detector (a problem, a question, capitals, other languages' words) and
/// never fires, so nothing stops the evaluation early.
fn adversarial(c: &mut Criterion) {
    let rulebook = Rulebook::new(&config());
    let sentence = "My EXPORT of the invoice still times out again, is the refund policy \
                    the same for último pedido? ¿por qué? warum nicht, das Konto ";
    let longest: String = sentence
        .chars()
        .cycle()
        .take_while({
            let mut bytes = 0;
            move |c| {
                bytes += c.len_utf8();
                bytes <= baton_proto::MAX_TEXT_BYTES
            }
        })
        .collect();
    let turns: Vec<Turn> = (0..200)
        .map(|n| Turn {
            role: if n % 2 == 0 {
                Role::User as i32
            } else {
                Role::Agent as i32
            },
            text: longest.clone(),
            answered: (n % 2 == 1).then_some(true),
            ..Turn::default()
        })
        .collect();
    let (last, earlier) = turns.split_at(turns.len() - 2);
    let mut session = rulebook.session(&Attributes::new());
    for turn in earlier {
        assert!(rulebook.step(&mut session, turn).is_none(), "nothing fires");
    }
    c.bench_function("adversarial: 32 KiB message, 5 handoffs, turn 200", |b| {
        b.iter_batched(
            || session.clone(),
            |mut session| rulebook.step(&mut session, std::hint::black_box(&last[0])),
            criterion::BatchSize::SmallInput,
        )
    });
}

criterion_group!(benches, next_message, adversarial);
criterion_main!(benches);
