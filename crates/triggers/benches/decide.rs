//! The cost of one decision: every enabled handoff of an agent evaluated on a 20-turn
//! conversation, as the trigger-evaluator does after each message.

use baton_proto::v1::{AgentConfig, Handoff, Role, Turn};
use baton_triggers::Rulebook;
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

fn conversation() -> Vec<Turn> {
    (0..20)
        .map(|n| Turn {
            role: if n % 2 == 0 { Role::User as i32 } else { Role::Agent as i32 },
            text: if n % 2 == 0 {
                format!("My export number {n} still fails with a timeout when I pick last quarter, what now?")
            } else {
                "Try a smaller date range from Reports > Export, then download the CSV again.".into()
            },
            answered: (n % 2 == 1).then_some(true),
            ..Turn::default()
        })
        .collect()
}

fn decide(c: &mut Criterion) {
    let rulebook = Rulebook::new(&config());
    let turns = conversation();
    c.bench_function("decide: 5 handoffs, 20 turns", |b| {
        b.iter(|| rulebook.decide(std::hint::black_box(&turns)))
    });
}

criterion_group!(benches, decide);
criterion_main!(benches);
