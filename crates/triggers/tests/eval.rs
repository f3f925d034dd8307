//! The development set (vendored from the labelled data under tests/data): the engine must
//! get at least 90% of the cases right and fire on at most 3% of the conversations where
//! nothing should fire.

#![allow(clippy::panic)]

use std::path::Path;

#[test]
fn the_development_set_meets_the_quality_bar() {
    let cases = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/cases.jsonl");
    let report = baton_triggers::eval::run(&cases).unwrap_or_else(|err| panic!("{err}"));
    println!("{report}");
    assert!(
        report.accuracy >= 0.90,
        "accuracy {:.3} below 0.90",
        report.accuracy
    );
    assert!(
        report.false_handoff_rate <= 0.03,
        "false handoffs {:.3} above 0.03",
        report.false_handoff_rate
    );
}
