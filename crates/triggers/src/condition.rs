//! What a trigger is made of once read: conditions (atoms) joined by "and" / "or", and
//! exclusions that take turns out; and how it is evaluated turn by turn, keeping per
//! conversation only what later turns need (a tally, a counter, a latch), so a new turn
//! costs the same however long the conversation is.

use baton_proto::v1::{Role, Turn};
use whatlang::Lang;

use crate::attempts::Tally;
use crate::facts::{self, AttributeIs, Attributes, Counted, Signature};
use crate::frustration::{self, Listed};
use crate::human;
use crate::open::OpenTopic;
use crate::scope;
use crate::text::normalize;
use crate::topics::Topic;

/// One condition.
#[derive(Debug, Clone)]
pub enum Condition {
    /// The customer asks for a person.
    HumanRequest,
    /// The assistant failed this many times on the same problem.
    FailedAttempts(u32),
    /// The assistant said it has no answer, this many times in the conversation (on the
    /// assistant turn that says it); `scoped`: only for questions about the operator's own
    /// offering.
    NoAnswer {
        /// Scoped to the operator's offering.
        scoped: bool,
        /// How many times.
        times: u32,
        /// The subject the trigger names (stems; `scope::subject`): the assistant's turn or
        /// the customer's question before it must be about one of them. Empty: anything.
        about: Vec<String>,
    },
    /// The customer is clearly frustrated.
    Frustration(Listed),
    /// A built-in family of requests or reports (charge disputes, refunds, …).
    Topic(Topic),
    /// A topic in the operator's words.
    Open(OpenTopic),
    /// The customer writes these words (quoted in the instruction).
    Phrase(String),
    /// The customer asks the same thing this many times.
    Repeat(u32),
    /// At least this many messages (of the kind counted).
    Length {
        /// The count at which it holds.
        at_least: u32,
        /// What is counted.
        counted: Counted,
    },
    /// The customer has not said the problem is solved.
    Unresolved,
    /// A customer message in a language outside `allowed` (or, when `inside`, in one of
    /// `allowed`).
    Language {
        /// The languages named.
        languages: Vec<Lang>,
        /// Fires on a message in one of them (rather than outside them).
        inside: bool,
    },
    /// A customer attribute.
    Attribute(AttributeIs),
    /// Who the customer is, by their own account ("a school or company").
    Who(OpenTopic),
    /// A number the customer gives ("more than 20 learners", "after two weeks").
    Quantity {
        /// The smallest number that satisfies it.
        at_least: u32,
        /// What is counted: a concept name, a word, or "days".
        unit: String,
    },
}

impl Condition {
    /// `self` widened by the instruction's examples of it: a no-answer trigger about a
    /// subject is also about what its examples name ("(permit, grid approval, install
    /// date)").
    pub fn with_examples(mut self, examples: &[String]) -> Condition {
        self.widen_subject(examples.iter().flat_map(|e| scope::subject(e)));
        self
    }

    /// Adds `stems` to the subject of a no-answer condition that has one (one without a
    /// subject covers every question already).
    pub fn widen_subject(&mut self, stems: impl IntoIterator<Item = String>) {
        if let Condition::NoAnswer { about, .. } = self
            && !about.is_empty()
        {
            for stem in stems {
                if !about.contains(&stem) {
                    about.push(stem);
                }
            }
        }
    }

    /// The machine-readable kind (`MatchedCondition.kind`).
    pub fn kind(&self) -> &'static str {
        match self {
            Condition::HumanRequest => "human_request",
            Condition::FailedAttempts(_) => "failed_attempts",
            Condition::NoAnswer { .. } => "out_of_scope",
            Condition::Frustration(_) => "frustration",
            Condition::Topic(_) | Condition::Open(_) | Condition::Phrase(_) => "topic",
            Condition::Repeat(_) => "repeated_question",
            Condition::Length { .. } => "length",
            Condition::Unresolved => "unresolved",
            Condition::Language { .. } => "language",
            Condition::Attribute(_) => "attribute",
            Condition::Who(_) => "who",
            Condition::Quantity { .. } => "quantity",
        }
    }

    /// What it means, for operators.
    pub fn description(&self) -> String {
        match self {
            Condition::HumanRequest => "the customer asks for a person now (any wording, in English, Spanish, French, German or Portuguese), or accepts the assistant's offer of one; not a question whether they talk to a bot, not someone else's advice, not a negation".into(),
            Condition::FailedAttempts(n) => format!(
                "the assistant failed {n} time{} on the same problem (the customer says a fix did not work or asks again, or the assistant has no answer)",
                plural(*n)
            ),
            Condition::NoAnswer { scoped, times, about } => format!(
                "the assistant says it has no information or answer{}{}{} (on that assistant turn)",
                if *times > 1 { format!(", {times} times in the conversation") } else { String::new() },
                if *scoped { ", to a question about the operator's own offering" } else { "" },
                if about.is_empty() { String::new() } else { format!(", about {}", about.join(" / ")) }
            ),
            Condition::Frustration(listed) => format!(
                "the customer is clearly frustrated or angry (swearing, insults, shouting in capitals, having contacted support several times or struggled for days, saying they are upset{}{}); mild disappointment does not count",
                if listed.sarcasm { ", sarcasm about the service" } else { "" },
                if listed.leaving { ", threatening to leave" } else { "" }
            ),
            Condition::Topic(topic) => topic.description().into(),
            Condition::Open(topic) => format!(
                "the customer {} \"{}\" as their own matter, now (matched by meaning: {}{}); not a mention in passing, a negation, a hypothetical or someone else's words{}",
                match topic.mode() {
                    crate::open::Mode::Request => "asks for or wants",
                    crate::open::Mode::Raise => "raises",
                    crate::open::Mode::Ask => "raises or asks about",
                },
                topic.phrase,
                topic.slots().join(" + "),
                topic.qualifiers(),
                if topic.mode() == crate::open::Mode::Ask { "" } else { ", not a question about how it works or what it costs" }
            ),
            Condition::Phrase(phrase) => format!("the customer writes \"{phrase}\""),
            Condition::Repeat(n) => format!(
                "the customer asks the same thing {} (in the same or other words; askings before this chat do not count)",
                times(*n)
            ),
            Condition::Length { at_least, counted } => format!(
                "the conversation reaches {at_least} {}",
                match counted {
                    Counted::Customer => "customer messages",
                    Counted::All => "messages (customer and assistant)",
                }
            ),
            Condition::Unresolved => "the customer has not said the problem is solved".into(),
            Condition::Language { languages, inside } => format!(
                "a customer message is written in {}{} (whole sentences; greetings, names and quoted words do not count)",
                if *inside { "" } else { "a language other than " },
                languages.iter().map(|l| l.eng_name()).collect::<Vec<_>>().join(" or ")
            ),
            Condition::Attribute(attribute) => attribute.describe(),
            Condition::Who(who) => format!("the customer says they are (or speak for) {}", who.phrase),
            Condition::Quantity { at_least, unit } => format!("the customer gives a number of {unit} of at least {at_least}"),
        }
    }

    /// What happened, once the condition held, in the few words a human agent reads first.
    pub fn reason(&self) -> String {
        match self {
            Condition::HumanRequest => "the customer asked for a person".into(),
            Condition::FailedAttempts(n) => format!(
                "the assistant failed {n} time{} on the same problem",
                plural(*n)
            ),
            Condition::NoAnswer { .. } => "the assistant had no answer".into(),
            Condition::Frustration(_) => "the customer is clearly frustrated".into(),
            Condition::Topic(topic) => topic.reason().into(),
            Condition::Open(topic) => format!("the customer raised: {}", topic.phrase),
            Condition::Phrase(phrase) => format!("the customer wrote \"{phrase}\""),
            Condition::Repeat(n) => format!("the customer asked the same thing {}", times(*n)),
            Condition::Length { at_least, .. } => {
                format!("the conversation reached {at_least} messages")
            }
            Condition::Unresolved => "the problem is not solved".into(),
            Condition::Language { .. } => "the customer writes in another language".into(),
            Condition::Attribute(attribute) => attribute.describe(),
            Condition::Who(who) => format!("the customer is {}", who.phrase),
            Condition::Quantity { at_least, unit } => format!("{unit}: {at_least} or more"),
        }
    }

    /// Whether the condition is a state of the conversation (holds on every turn while
    /// true) rather than something that happens on one turn.
    fn is_state(&self) -> bool {
        matches!(
            self,
            Condition::Length { .. }
                | Condition::Unresolved
                | Condition::Attribute(_)
                | Condition::Who(_)
                | Condition::Quantity { .. }
        )
    }
}

fn plural(n: u32) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn times(n: u32) -> String {
    match n {
        1 => "once".into(),
        2 => "twice".into(),
        n => format!("{n} times"),
    }
}

/// Conditions joined: a tree of atoms (indices into the trigger's conditions).
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// One condition.
    Atom(usize),
    /// Any of these.
    Any(Vec<Expr>),
    /// All of these, each on its own turn, in any order.
    All(Vec<Expr>),
}

/// A turn that does not count for the trigger ("but not when they only want to know how
/// to cancel", "a customer merely annoyed about a late order is not a food-poisoning case").
#[derive(Debug, Clone)]
pub enum Exclusion {
    /// The customer only asks how (or where) to do it: a question about the topic with no
    /// request that we act and no report that the steps failed.
    OnlyAsksHow(OpenTopic),
    /// The customer only asks about it ("questions about prices"): the same test, said of
    /// a subject rather than an action.
    OnlyAsksAbout(OpenTopic),
    /// Turns that raise this.
    Raises(OpenTopic),
    /// The assistant declining a question as outside what the operator offers ("that's an
    /// AWS product", "outside what I can help with"), when the rule leaves those out.
    OutsideOffering,
}

/// Asking us to act, or saying the steps did not work: a turn that goes beyond a
/// question about how to do it.
static GOES_BEYOND: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    crate::text::regex(
        r"\b((can|could|would|will) you|please|pls|for me|(stop|don'?t|do not) (charg|bill)\w*|make sure|(not|never) (be )?(billed|charged)|didn'?t work|doesn'?t work|not working|won'?t let me|can'?t find|cannot find|isn'?t there|is missing|greyed|grayed|an error|do it now|right now|asap|immediately|por favor|s'il vous plait|bitte)\b",
    )
});

impl Exclusion {
    /// Whether `text`, a customer turn, is taken out.
    fn excludes(&self, text: &str, named: &[bool]) -> bool {
        match self {
            Exclusion::OnlyAsksHow(topic) | Exclusion::OnlyAsksAbout(topic) => {
                let normalized = normalize(text);
                topic.asked_about(text, named) && !GOES_BEYOND.is_match(&normalized)
            }
            Exclusion::Raises(topic) => topic.spoken_of(text, named).is_some(),
            // (Said by the assistant: see `declines_excluded`.)
            Exclusion::OutsideOffering => false,
        }
    }

    /// In plain words.
    pub fn describe(&self) -> String {
        match self {
            Exclusion::OnlyAsksHow(topic) => format!(
                "not when the customer only asks how or where to {} (asking us to do it, or saying the steps failed, goes beyond)",
                topic.phrase
            ),
            Exclusion::OnlyAsksAbout(topic) => format!(
                "not when the customer only asks about {} (disputing it, asking us to act, or saying something failed goes beyond)",
                topic.phrase
            ),
            Exclusion::Raises(topic) => format!("not on a turn that is about {}", topic.phrase),
            Exclusion::OutsideOffering => {
                "not when the assistant declines the question as outside what we offer".to_owned()
            }
        }
    }
}

/// What one condition keeps between turns.
#[derive(Debug, Clone, Default)]
pub struct AtomState {
    /// The turn and quote at which it last held (latched for "and").
    held: Option<(u32, String)>,
    /// Failed-attempts tally.
    tally: Option<Tally>,
    /// Counter: no-answer turns, customer turns, all turns.
    count: u32,
    /// Repeated questions: signatures and how often each was asked.
    questions: Vec<(Signature, u32)>,
    /// Repeated questions: the one asked last, which a push-back ("ok but which date?")
    /// asks again.
    last_question: Option<usize>,
    /// Open topics: the things named on earlier turns.
    named: Vec<bool>,
    /// Unresolved: whether the customer said it is solved.
    solved: bool,
    /// No answer about a subject: whether the customer's last message was about it.
    in_scope: bool,
    /// Frustration: the customer's earlier messages, for sarcasm after a complaint (at most
    /// a few, the most recent).
    earlier: Vec<String>,
}

/// At most this many distinct questions are remembered per conversation for repeats.
const QUESTIONS_KEPT: usize = 64;
/// At most this many earlier customer messages are kept for frustration.
const EARLIER_KEPT: usize = 6;

/// One condition on one turn: the quote that shows it, if it holds.
pub fn step(
    condition: &Condition,
    state: &mut AtomState,
    turn: &Turn,
    index: u32,
    attributes: &Attributes,
    previous_agent: Option<&Turn>,
) -> Option<String> {
    let user = turn.role() == Role::User;
    let agent = turn.role() == Role::Agent;
    let now = match condition {
        Condition::HumanRequest if user => human::request(&turn.text).or_else(|| {
            previous_agent.and_then(|offer| human::accepts_offer(&offer.text, &turn.text))
        }),
        Condition::FailedAttempts(n) => state
            .tally
            .get_or_insert_with(Tally::default)
            .on_turn(index as usize, turn)
            .filter(|failure| failure.count >= *n)
            .map(|failure| failure.quote),
        Condition::NoAnswer { about, .. } if user && !about.is_empty() => {
            // "yes I know that, but how many of those nights are in Kyoto": the same
            // question pressed again keeps the subject it was asked about.
            state.in_scope =
                scope::about(about, &turn.text) || state.in_scope && scope::refers_back(&turn.text);
            None
        }
        Condition::NoAnswer {
            scoped,
            times,
            about,
        } if agent => scope::out_of_scope(turn, *scoped)
            .filter(|_| about.is_empty() || state.in_scope || scope::reply_about(about, &turn.text))
            .and_then(|quote| {
                state.count += 1;
                (state.count >= *times).then_some(quote)
            }),
        Condition::Frustration(listed) if user => {
            let earlier: Vec<&str> = state.earlier.iter().map(String::as_str).collect();
            let sign = frustration::sign(&turn.text, *listed, &earlier).map(|s| s.quote);
            if state.earlier.len() == EARLIER_KEPT {
                state.earlier.remove(0);
            }
            state.earlier.push(turn.text.chars().take(2_000).collect());
            sign
        }
        Condition::Topic(topic) if user => topic.find(&turn.text),
        Condition::Open(topic) if user => {
            let found = topic.find(&turn.text, &state.named);
            remember_things(topic, &mut state.named, &turn.text);
            found
        }
        Condition::Phrase(phrase) if user => normalize(&turn.text)
            .contains(phrase.as_str())
            .then(|| phrase.clone()),
        Condition::Repeat(n) if user && facts::is_asking(&turn.text) => {
            let signature = Signature::of(&turn.text);
            // "can I swap the beef one too?" asks about another thing; "what about
            // Sundays?" after a question about Sundays asks again.
            let another = facts::asks_about_another_thing(&turn.text);
            let same = state
                .questions
                .iter()
                .position(|(s, _)| s.same_as(&signature))
                // "back to my first question tho — can he drive it or not?"
                .or((!state.questions.is_empty() && facts::back_to_first(&turn.text)).then_some(0))
                .or(state
                    .last_question
                    .filter(|_| facts::pushes_back(&turn.text)))
                .filter(|&i| !another || !signature.names_more_than(&state.questions[i].0));
            let asked = match same {
                Some(i) => {
                    state.last_question = Some(i);
                    let (_, count) = &mut state.questions[i];
                    *count += 1;
                    *count
                }
                None => {
                    if state.questions.len() < QUESTIONS_KEPT {
                        state.questions.push((signature, 1));
                        state.last_question = Some(state.questions.len() - 1);
                    }
                    1
                }
            };
            (asked >= *n).then(|| crate::scope::first_words(&turn.text))
        }
        Condition::Length { at_least, counted } => {
            if user || *counted == Counted::All {
                state.count += 1;
            }
            (state.count >= *at_least && (user || *counted == Counted::All))
                .then(|| format!("message {}", state.count))
                .or_else(|| state.held.as_ref().map(|(_, q)| q.clone()))
        }
        Condition::Unresolved => {
            if user {
                if facts::says_solved(&turn.text) {
                    state.solved = true;
                } else if facts::is_asking(&turn.text) {
                    state.solved = false;
                }
            }
            (!state.solved).then(|| "not solved yet".to_owned())
        }
        Condition::Language { languages, inside } if user => facts::language(&turn.text)
            .filter(|lang| languages.contains(lang) == *inside)
            .map(|lang| format!("written in {}", lang.eng_name())),
        Condition::Attribute(attribute) => {
            attribute.holds(attributes).then(|| attribute.describe())
        }
        Condition::Who(who) if user => who.find(&turn.text, &[]),
        Condition::Quantity { at_least, unit } if user => facts::quantity(&turn.text, unit)
            .or_else(|| {
                previous_agent
                    .and_then(|question| facts::quantity_answered(&question.text, &turn.text, unit))
            })
            .filter(|n| n >= at_least)
            .map(|n| format!("{n} {unit}")),
        _ => None,
    };
    match now {
        Some(quote) => {
            state.held = Some((index, quote.clone()));
            Some(quote)
        }
        // States once reached stay reached ("a school" said on turn 0 still holds on 2).
        None if condition.is_state()
            && !matches!(condition, Condition::Unresolved | Condition::Length { .. }) =>
        {
            state.held.as_ref().map(|(_, q)| q.clone())
        }
        // A state that no longer holds ("all sorted, thanks!") holds for no "and" either.
        None if matches!(condition, Condition::Unresolved) => {
            state.held = None;
            None
        }
        None => None,
    }
}

fn remember_things(topic: &OpenTopic, named: &mut Vec<bool>, text: &str) {
    let now = topic.things_named(text);
    if named.len() < now.len() {
        named.resize(now.len(), false);
    }
    for (slot, seen) in now.into_iter().enumerate() {
        named[slot] |= seen;
    }
}

/// Whether the exclusions take out `turn` (a customer turn).
pub fn excluded(exclusions: &[Exclusion], turn: &Turn) -> bool {
    turn.role() == Role::User && exclusions.iter().any(|e| e.excludes(&turn.text, &[]))
}

/// Whether the assistant's `turn` declines what an exclusion leaves out, in its own
/// words: "I'm not able to give tax advice" after a VAT question, when the rule says tax
/// advice needs no handoff.
pub fn declines_excluded(exclusions: &[Exclusion], turn: &Turn) -> bool {
    turn.role() == Role::Agent
        && scope::no_answer(turn).is_some()
        && exclusions.iter().any(|e| match e {
            Exclusion::Raises(topic)
            | Exclusion::OnlyAsksAbout(topic)
            | Exclusion::OnlyAsksHow(topic) => topic.named_in(&turn.text),
            Exclusion::OutsideOffering => scope::declines_as_outside(&turn.text),
        })
}

/// Puts back the latch an excluded turn must not move.
pub fn set_held(state: &mut AtomState, held: Option<(u32, String)>) {
    state.held = held;
}

/// The latched turn of an atom, for "and".
pub fn held(state: &AtomState) -> Option<&(u32, String)> {
    state.held.as_ref()
}
