//! The labelled conversations vendored under tests/data, scored as `baton eval` scores
//! them: the bars are the ones the engine is held to on held-out sets written by others
//! (≥ 90% with false handoffs ≤ 3% for the common situations, ≥ 85% for the open
//! vocabulary), and evaluating turn by turn must decide exactly as replaying.
//!
//! - `tests/data/cases.jsonl`: the development set of the common situations (copied from
//!   the shared eval set).
//! - `tests/data/open/cases.jsonl`: the development set of the open vocabulary (custom
//!   topics, attributes, repeats, length, language, compounds), copied likewise.
//! - `tests/data/extra/cases.jsonl`: conversations written apart from the development set,
//!   with other companies, other trigger wording and another writing style.

#![allow(clippy::panic)]

use std::path::{Path, PathBuf};

fn path(cases: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(cases)
}

fn meets(cases: &str, accuracy: f64, false_handoffs: f64) {
    let report = baton_triggers::eval::run(&path(cases)).unwrap_or_else(|err| panic!("{err}"));
    println!("{report}");
    assert!(
        report.accuracy >= accuracy,
        "accuracy {:.3} below {accuracy}",
        report.accuracy
    );
    assert!(
        report.false_handoff_rate <= false_handoffs,
        "false handoffs {:.3} above {false_handoffs}",
        report.false_handoff_rate
    );
}

#[test]
fn the_development_set_meets_the_quality_bar() {
    meets("tests/data/cases.jsonl", 0.90, 0.03);
}

#[test]
fn the_open_vocabulary_development_set_meets_the_quality_bar() {
    meets("tests/data/open/cases.jsonl", 0.85, 0.15);
}

#[test]
fn conversations_written_apart_from_the_development_set_are_scored() {
    // Written by an earlier session after reading the engine: a regression guard, not a
    // measure of quality on unseen wording.
    meets("tests/data/extra/cases.jsonl", 0.75, 0.10);
}

#[test]
fn evaluating_turn_by_turn_decides_as_replaying_does() {
    for cases in [
        "tests/data/cases.jsonl",
        "tests/data/open/cases.jsonl",
        "tests/data/extra/cases.jsonl",
    ] {
        let disagree = baton_triggers::eval::incremental_disagreements(&path(cases))
            .unwrap_or_else(|err| panic!("{err}"));
        assert!(disagree.is_empty(), "{cases}: {disagree:?}");
    }
}
