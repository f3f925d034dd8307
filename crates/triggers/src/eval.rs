//! Scoring the engine on labelled conversations (`baton eval`, and the dev-set test).
//!
//! Each line of the cases file is one case: the configuration file it uses (relative to the
//! cases file), the turns, and the expected handoff and the turn it first fires at (`null`
//! when nothing should fire). The engine is evaluated after every turn on the conversation
//! so far; its answer is the first turn at which a handoff fires, and which (priority
//! rule). A case is correct when the handoff matches and, where `at_turn` is given, it
//! fired at that turn.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::path::{Path, PathBuf};

use baton_proto::v1::{AgentConfig, Handoff, Redaction, Role, Turn};
use serde::{Deserialize, Serialize};

use crate::{Attributes, Decision, Rulebook};

/// Why cases could not be scored.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    /// A file could not be read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// A case line is not a valid case.
    #[error("{path}:{line}: {message}")]
    Case {
        /// The cases file.
        path: PathBuf,
        /// The line.
        line: usize,
        /// Why.
        message: String,
    },
    /// A configuration is not valid YAML of the expected shape.
    #[error("{path}: {message}")]
    Config {
        /// The configuration file.
        path: PathBuf,
        /// Why.
        message: String,
    },
}

#[derive(Deserialize)]
struct Case {
    id: String,
    config: String,
    turns: Vec<CaseTurn>,
    expect: Expect,
    #[serde(default)]
    tags: Vec<String>,
    /// What the front end knows about the customer.
    #[serde(default)]
    customer: Option<CaseCustomer>,
}

#[derive(Deserialize)]
struct CaseCustomer {
    #[serde(default)]
    attributes: Attributes,
}

#[derive(Deserialize)]
struct CaseTurn {
    role: String,
    text: String,
    #[serde(default)]
    answered: Option<bool>,
}

#[derive(Deserialize)]
struct Expect {
    handoff: Option<String>,
    #[serde(default)]
    at_turn: Option<u32>,
}

/// The parts of an agent configuration the engine reads.
#[derive(Deserialize)]
struct ConfigFile {
    handoffs: Vec<HandoffFile>,
}

#[derive(Deserialize)]
struct HandoffFile {
    id: String,
    #[serde(default)]
    priority: i32,
    #[serde(default = "enabled")]
    enabled: bool,
    trigger: String,
    /// What a judge outside the rules must not see (the language-model judge).
    #[serde(default)]
    redact: Vec<RedactFile>,
}

#[derive(Clone, Copy, Deserialize)]
#[serde(rename_all = "snake_case")]
enum RedactFile {
    Cards,
    Ids,
    Emails,
    Phones,
}

impl RedactFile {
    fn redaction(self) -> Redaction {
        match self {
            RedactFile::Cards => Redaction::Cards,
            RedactFile::Ids => Redaction::Ids,
            RedactFile::Emails => Redaction::Emails,
            RedactFile::Phones => Redaction::Phones,
        }
    }
}

/// One labelled conversation of a cases file, read: what another judge (the language
/// model of `baton eval --judge llm`) is scored on, as the rules are.
#[derive(Debug, Clone)]
pub struct Labelled {
    /// The case id.
    pub id: String,
    /// Its configuration file, as the cases file names it (relative to that file).
    pub config: String,
    /// The conversation.
    pub turns: Vec<Turn>,
    /// What the front end knows about the customer.
    pub attributes: Attributes,
    expected: Option<String>,
    at_turn: Option<u32>,
    tags: Vec<String>,
}

impl Labelled {
    /// The outcome of the case when `fired` is the first turn a handoff fired at, and
    /// which (`None`: nothing fired).
    pub fn result(&self, fired: Option<(u32, Decision)>) -> CaseResult {
        let (got, got_turn, evidence) = match fired {
            Some((turn, decision)) => (
                Some(decision.handoff_id),
                Some(turn),
                decision
                    .firing
                    .evidence
                    .into_iter()
                    .map(|e| format!("[{}] {}: {}", e.turn_index, e.condition, e.quote))
                    .collect(),
            ),
            None => (None, None, Vec::new()),
        };
        let correct = got == self.expected
            && (self.at_turn.is_none() || got.is_none() || got_turn == self.at_turn);
        CaseResult {
            id: self.id.clone(),
            expected: self.expected.clone(),
            at_turn: self.at_turn,
            got,
            got_turn,
            correct,
            evidence,
            tags: self.tags.clone(),
        }
    }
}

fn enabled() -> bool {
    true
}

/// The outcome of one case.
#[derive(Debug, Clone, Serialize)]
pub struct CaseResult {
    /// The case id.
    pub id: String,
    /// The expected handoff (`None`: nothing should fire).
    pub expected: Option<String>,
    /// The expected turn.
    pub at_turn: Option<u32>,
    /// The handoff that fired first.
    pub got: Option<String>,
    /// The turn it fired at.
    pub got_turn: Option<u32>,
    /// Whether it is correct.
    pub correct: bool,
    /// The evidence of the firing, quoted.
    pub evidence: Vec<String>,
    /// The case's tags.
    pub tags: Vec<String>,
}

/// Accuracy on the cases of one tag.
#[derive(Debug, Clone, Serialize)]
pub struct TagScore {
    /// Cases with the tag.
    pub cases: usize,
    /// Of those, correct.
    pub correct: usize,
}

/// The scores of a run.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// Cases scored.
    pub cases: usize,
    /// Correct cases.
    pub correct: usize,
    /// `correct / cases`.
    pub accuracy: f64,
    /// A handoff fired where nothing should.
    pub false_handoffs: usize,
    /// Cases where nothing should fire.
    pub null_cases: usize,
    /// `false_handoffs / null_cases`.
    pub false_handoff_rate: f64,
    /// Nothing fired where a handoff should.
    pub missed_handoffs: usize,
    /// Another handoff fired.
    pub wrong_handoff: usize,
    /// The right handoff, before `at_turn`.
    pub early: usize,
    /// The right handoff, after `at_turn`.
    pub late: usize,
    /// Accuracy per tag.
    pub per_tag: BTreeMap<String, TagScore>,
    /// Every case.
    pub per_case: Vec<CaseResult>,
    /// Trigger clauses of the configurations that Baton cannot represent (`config
    /// validate` refuses them; here the rest of the trigger is scored).
    pub config_problems: Vec<String>,
}

/// Scores `cases.jsonl` in the eval directory `dir` (its configurations beside it).
pub fn run_dir(dir: &Path) -> Result<Report, EvalError> {
    run(&dir.join("cases.jsonl"))
}

/// The ids of the cases in `cases_file` on which evaluating turn by turn ([`Session`]s,
/// as the trigger-evaluator does) and replaying each prefix of the conversation from the
/// start ([`Rulebook::decide_for`]) disagree at some turn: none, when incremental
/// evaluation is right.
///
/// [`Session`]: crate::Session
pub fn incremental_disagreements(cases_file: &Path) -> Result<Vec<String>, EvalError> {
    let mut disagree = Vec::new();
    for_each_case(cases_file, |case, rulebook| {
        let mut session = rulebook.session(&case.attributes);
        let turns = &case.turns;
        let same = (0..turns.len()).all(|end| {
            rulebook.step(&mut session, &turns[end])
                == rulebook.decide_for(&case.attributes, &turns[..=end])
        });
        if !same {
            disagree.push(case.id.clone());
        }
    })?;
    Ok(disagree)
}

/// Scores the cases in `cases_file`.
pub fn run(cases_file: &Path) -> Result<Report, EvalError> {
    let mut results = Vec::new();
    let config_problems = for_each_case(cases_file, |case, rulebook| {
        let mut session = rulebook.session(&case.attributes);
        let fired = case.turns.iter().enumerate().find_map(|(index, turn)| {
            rulebook
                .step(&mut session, turn)
                .map(|decision| (u32::try_from(index).unwrap_or(u32::MAX), decision))
        });
        results.push(case.result(fired));
    })?;
    let mut report = report(results);
    report.config_problems = config_problems;
    Ok(report)
}

/// Calls `each` with every case of `cases_file` and its rulebook; returns the trigger
/// clauses of the configurations that cannot be represented.
fn for_each_case(
    cases_file: &Path,
    mut each: impl FnMut(&Labelled, &Rulebook),
) -> Result<Vec<String>, EvalError> {
    let base = cases_file.parent().unwrap_or(Path::new("."));
    let mut rulebooks: HashMap<String, Rulebook> = HashMap::new();
    let mut config_problems = Vec::new();
    for case in read_cases(cases_file)? {
        if !rulebooks.contains_key(&case.config) {
            let rulebook = Rulebook::new(&read_config(&base.join(&case.config))?);
            for (handoff, _, problems) in rulebook.understanding() {
                config_problems.extend(
                    problems
                        .into_iter()
                        .map(|p| format!("{} {handoff}: {p}", case.config)),
                );
            }
            rulebooks.insert(case.config.clone(), rulebook);
        }
        each(&case, &rulebooks[&case.config]);
    }
    Ok(config_problems)
}

/// The cases of `cases_file`, one JSON object a line.
pub fn read_cases(cases_file: &Path) -> Result<Vec<Labelled>, EvalError> {
    let text = std::fs::read_to_string(cases_file).map_err(|source| EvalError::Read {
        path: cases_file.to_owned(),
        source,
    })?;
    let mut cases = Vec::new();
    for (number, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let bad = |message: String| EvalError::Case {
            path: cases_file.to_owned(),
            line: number + 1,
            message,
        };
        let case: Case = serde_json::from_str(line).map_err(|err| bad(err.to_string()))?;
        let turns = case
            .turns
            .iter()
            .map(|turn| {
                let role = match turn.role.as_str() {
                    "user" => Role::User,
                    "agent" => Role::Agent,
                    other => return Err(bad(format!("role {other:?} must be user or agent"))),
                };
                Ok(Turn {
                    answered: turn.answered,
                    ..Turn::said(role, &turn.text)
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        cases.push(Labelled {
            id: case.id,
            config: case.config,
            turns,
            attributes: case.customer.map(|c| c.attributes).unwrap_or_default(),
            expected: case.expect.handoff,
            at_turn: case.expect.at_turn,
            tags: case.tags,
        });
    }
    Ok(cases)
}

/// The handoffs of the agent configuration at `path`, as far as triggers and their
/// judges read them (id, priority, enabled, trigger, redaction).
pub fn read_config(path: &Path) -> Result<AgentConfig, EvalError> {
    let yaml = std::fs::read_to_string(path).map_err(|source| EvalError::Read {
        path: path.to_owned(),
        source,
    })?;
    let file: ConfigFile = serde_saphyr::from_str(&yaml).map_err(|err| EvalError::Config {
        path: path.to_owned(),
        message: err.to_string(),
    })?;
    Ok(AgentConfig {
        handoffs: file
            .handoffs
            .into_iter()
            .map(|h| Handoff {
                id: h.id,
                priority: h.priority,
                enabled: h.enabled,
                trigger: h.trigger,
                redact: h.redact.into_iter().map(|r| r.redaction() as i32).collect(),
                ..Handoff::default()
            })
            .collect(),
        ..AgentConfig::default()
    })
}

/// The report of `per_case` (scored by the rules here, or by another judge).
pub fn report(per_case: Vec<CaseResult>) -> Report {
    let count = |f: &dyn Fn(&CaseResult) -> bool| per_case.iter().filter(|c| f(c)).count();
    let cases = per_case.len();
    let correct = count(&|c| c.correct);
    let null_cases = count(&|c| c.expected.is_none());
    let false_handoffs = count(&|c| c.expected.is_none() && c.got.is_some());
    let mut per_tag: BTreeMap<String, TagScore> = BTreeMap::new();
    for case in &per_case {
        for tag in &case.tags {
            let score = per_tag.entry(tag.clone()).or_insert(TagScore {
                cases: 0,
                correct: 0,
            });
            score.cases += 1;
            score.correct += usize::from(case.correct);
        }
    }
    Report {
        cases,
        correct,
        accuracy: ratio(correct, cases),
        false_handoffs,
        null_cases,
        false_handoff_rate: ratio(false_handoffs, null_cases),
        missed_handoffs: count(&|c| c.expected.is_some() && c.got.is_none()),
        wrong_handoff: count(&|c| c.expected.is_some() && c.got.is_some() && c.got != c.expected),
        early: count(&|c| {
            c.got.is_some()
                && c.got == c.expected
                && matches!((c.got_turn, c.at_turn), (Some(g), Some(e)) if g < e)
        }),
        late: count(&|c| {
            c.got.is_some()
                && c.got == c.expected
                && matches!((c.got_turn, c.at_turn), (Some(g), Some(e)) if g > e)
        }),
        per_tag,
        per_case,
        config_problems: Vec::new(),
    }
}

fn ratio(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "cases {}  correct {}  accuracy {:.1}%",
            self.cases,
            self.correct,
            self.accuracy * 100.0
        )?;
        writeln!(
            f,
            "false handoffs {} of {} ({:.1}%)  missed {}  wrong handoff {}  early {}  late {}",
            self.false_handoffs,
            self.null_cases,
            self.false_handoff_rate * 100.0,
            self.missed_handoffs,
            self.wrong_handoff,
            self.early,
            self.late
        )?;
        writeln!(
            f,
            "\n{:<22} {:>6} {:>8} {:>9}",
            "tag", "cases", "correct", "accuracy"
        )?;
        for (tag, score) in &self.per_tag {
            writeln!(
                f,
                "{tag:<22} {:>6} {:>8} {:>8.1}%",
                score.cases,
                score.correct,
                ratio(score.correct, score.cases) * 100.0
            )?;
        }
        for problem in &self.config_problems {
            writeln!(f, "cannot be represented: {problem}")?;
        }
        let failing: Vec<&CaseResult> = self.per_case.iter().filter(|c| !c.correct).collect();
        if !failing.is_empty() {
            writeln!(f, "\nfailing cases")?;
        }
        for case in failing {
            let show = |handoff: &Option<String>, turn: Option<u32>| match (handoff, turn) {
                (Some(h), Some(t)) => format!("{h} at turn {t}"),
                (Some(h), None) => h.clone(),
                (None, _) => "nothing".into(),
            };
            writeln!(
                f,
                "  {}: expected {}, got {}",
                case.id,
                show(&case.expected, case.at_turn),
                show(&case.got, case.got_turn)
            )?;
            for evidence in &case.evidence {
                writeln!(f, "      {evidence}")?;
            }
        }
        Ok(())
    }
}
