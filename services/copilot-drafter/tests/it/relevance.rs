//! Drafts are relevant: on a labelled set of customer questions against a small knowledge
//! base, the right article is cited for most covered questions and nothing is drafted for
//! most questions the base does not cover. Prints the figures and a threshold sweep (the
//! calibration of `DEFAULT_MIN_CONFIDENCE`).

use std::path::PathBuf;

use baton_copilot_drafter::draft::{DEFAULT_MIN_CONFIDENCE, Drafter, Question};
use baton_copilot_drafter::index::KnowledgeIndex;
use baton_copilot_drafter::knowledge;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
struct Case {
    question: String,
    #[serde(default)]
    earlier: Vec<String>,
    expected: Option<String>,
}

fn data() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data")
}

fn cases() -> Vec<Case> {
    let text = std::fs::read_to_string(data().join("questions.jsonl")).expect("questions");
    text.lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| serde_json::from_str(line).unwrap_or_else(|err| panic!("{line}: {err}")))
        .collect()
}

fn index() -> KnowledgeIndex {
    let loaded = knowledge::load(&data(), &["kb".to_owned()]);
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    KnowledgeIndex::build(loaded.articles)
}

struct Score {
    covered: usize,
    cited_first: usize,
    cited_any: usize,
    uncovered: usize,
    silent: usize,
}

fn score(index: &KnowledgeIndex, cases: &[Case], drafter: Drafter, verbose: bool) -> Score {
    let mut score = Score {
        covered: 0,
        cited_first: 0,
        cited_any: 0,
        uncovered: 0,
        silent: 0,
    };
    for case in cases {
        let question = Question {
            latest: &case.question,
            earlier: case.earlier.iter().map(String::as_str).collect(),
            ..Question::default()
        };
        let draft = drafter.draft(index, &question);
        let top = drafter
            .retrieve(index, &question)
            .first()
            .map(|hit| (index.articles()[hit.article].path.clone(), hit.confidence));
        let verdict = match &case.expected {
            Some(expected) => {
                score.covered += 1;
                let first = draft
                    .sources
                    .first()
                    .is_some_and(|source| &source.path == expected);
                let any = draft.sources.iter().any(|source| &source.path == expected);
                score.cited_first += usize::from(first);
                score.cited_any += usize::from(any);
                if first { "ok " } else { "MISS" }
            }
            None => {
                score.uncovered += 1;
                let silent = !draft.is_some();
                score.silent += usize::from(silent);
                if silent { "ok " } else { "DRAFTED" }
            }
        };
        if verbose {
            println!(
                "{verdict:7} conf {:.2} top {:32} expected {:32} {:?}",
                top.as_ref().map_or(0.0, |(_, confidence)| *confidence),
                top.as_ref().map_or("-", |(path, _)| path.as_str()),
                case.expected.as_deref().unwrap_or("(none)"),
                case.question,
            );
            for line in draft.text.lines().filter(|line| !line.is_empty()) {
                println!("          | {line}");
            }
        }
    }
    score
}

fn percent(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        100.0
    } else {
        100.0 * part as f64 / whole as f64
    }
}

#[test]
fn the_right_article_is_cited_and_uncovered_questions_get_no_draft() {
    let index = index();
    let cases = cases();
    assert!(cases.len() >= 30, "at least 30 labelled questions");

    println!("threshold sweep (cited first / silent on uncovered):");
    for step in 6..=18 {
        let threshold = step as f32 * 0.05;
        let s = score(&index, &cases, Drafter::new(threshold), false);
        println!(
            "  {threshold:.2}: cited {:5.1}%  silent {:5.1}%",
            percent(s.cited_first, s.covered),
            percent(s.silent, s.uncovered)
        );
    }

    let s = score(&index, &cases, Drafter::new(DEFAULT_MIN_CONFIDENCE), true);
    let cited = percent(s.cited_first, s.covered);
    let silent = percent(s.silent, s.uncovered);
    println!(
        "relevance at {DEFAULT_MIN_CONFIDENCE}: right article cited first for {}/{} covered questions ({cited:.1}%, cited at all {}), \
         nothing drafted for {}/{} uncovered ({silent:.1}%)",
        s.cited_first, s.covered, s.cited_any, s.silent, s.uncovered
    );
    assert!(
        cited >= 80.0,
        "right article cited for {cited:.1}% of covered questions"
    );
    assert!(
        silent >= 80.0,
        "nothing drafted for {silent:.1}% of uncovered questions"
    );
}
