//! The trigger compiler and evaluator on arbitrary operator text and arbitrary messages:
//! compiling and evaluating must never panic, whatever the instruction or the conversation.
#![no_main]

use baton_proto::v1::{Role, Turn};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    // The first line is the instruction; every further line a turn, alternating customer
    // and assistant.
    let mut lines = text.lines();
    let compiled = baton_triggers::compile(lines.next().unwrap_or_default());
    let turns: Vec<Turn> = lines
        .enumerate()
        .map(|(n, line)| Turn {
            role: if n % 2 == 0 { Role::User as i32 } else { Role::Agent as i32 },
            text: line.to_owned(),
            answered: (n % 3 == 1).then_some(false),
            ..Turn::default()
        })
        .collect();
    for end in 1..=turns.len() {
        let _ = compiled.trigger.evaluate(&turns[..end]);
    }
    let _ = baton_triggers::sentiment::compound(text);
});
