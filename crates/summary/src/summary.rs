//! The extractive summary.

use baton_proto::v1::{HandoffReason, Role, Summary, Turn};

/// Longest problem statement kept, in characters.
const PROBLEM_CHARS: usize = 300;
/// Longest extract of one AI-agent answer, in characters.
const ATTEMPT_CHARS: usize = 160;
/// AI-agent answers listed, the most recent ones.
const ATTEMPTS: usize = 4;
/// Fewer words than this is small talk, not a problem statement ("hi", "thanks!").
const SUBSTANTIVE_WORDS: usize = 4;

/// Openers that carry no problem on their own.
const GREETINGS: &[&str] = &[
    "hi",
    "hello",
    "hey",
    "hola",
    "bonjour",
    "hallo",
    "olá",
    "ola",
    "good morning",
    "good afternoon",
    "good evening",
    "buenos días",
    "buenas",
    "thanks",
    "thank you",
    "ok",
];

/// The summary of `turns` for a handoff with `reason`; `sentiment` is the customer's mood
/// as the trigger engine measured it (`calm`, `negative`, `frustrated`).
pub fn summarize(turns: &[Turn], reason: &HandoffReason, sentiment: &str) -> Summary {
    let problem = problem(turns);
    let attempted = attempted(turns);
    let why = reason.text.clone();
    let mut text = format!(
        "Problem: {}\n",
        if problem.is_empty() {
            "(the customer did not describe it)"
        } else {
            &problem
        }
    );
    if attempted.is_empty() {
        text.push_str("Tried: nothing yet\n");
    } else {
        text.push_str("Tried:\n");
        for attempt in &attempted {
            text.push_str(&format!("  - {attempt}\n"));
        }
    }
    if !why.is_empty() {
        text.push_str(&format!("Why: {why}\n"));
    }
    if !sentiment.is_empty() {
        text.push_str(&format!("Mood: {sentiment}\n"));
    }
    Summary {
        problem,
        attempted,
        why,
        sentiment: sentiment.to_owned(),
        text,
    }
}

/// The customer's first substantive message, joined with what they added before the AI
/// agent first answered (people often state a problem over two short messages).
fn problem(turns: &[Turn]) -> String {
    let mut parts: Vec<String> = Vec::new();
    for turn in turns {
        match turn.role() {
            Role::User => {
                let text = without_greeting(&turn.text);
                if words(text) >= SUBSTANTIVE_WORDS || (!parts.is_empty() && !text.is_empty()) {
                    parts.push(text.to_owned());
                }
            }
            Role::Agent | Role::HumanAgent if !parts.is_empty() => break,
            _ => {}
        }
    }
    if parts.is_empty() {
        // Only small talk: quote the last thing the customer said.
        if let Some(last) = turns.iter().rev().find(|t| t.role() == Role::User) {
            parts.push(last.text.trim().to_owned());
        }
    }
    shorten(&parts.join(" "), PROBLEM_CHARS)
}

/// The AI agent's answers, most recent last, each its first sentence; answers the agent
/// itself flagged as no answer say so.
fn attempted(turns: &[Turn]) -> Vec<String> {
    let answers: Vec<String> = turns
        .iter()
        .filter(|turn| turn.role() == Role::Agent && !turn.text.trim().is_empty())
        .map(|turn| {
            let extract = shorten(first_sentence(&turn.text), ATTEMPT_CHARS);
            if turn.answered == Some(false) {
                format!("{extract} (the AI agent could not answer)")
            } else {
                extract
            }
        })
        .collect();
    let skip = answers.len().saturating_sub(ATTEMPTS);
    answers.into_iter().skip(skip).collect()
}

/// `text` without a leading greeting and the punctuation after it.
fn without_greeting(text: &str) -> &str {
    let trimmed = text.trim();
    for greeting in GREETINGS {
        // Compared character by character on the text itself: lowercasing changes byte
        // lengths ("Hİ", the Kelvin sign), so no index of a lowercased copy is used here.
        let n = greeting.chars().count();
        let Some(end) = trimmed
            .char_indices()
            .map(|(i, _)| i)
            .chain(std::iter::once(trimmed.len()))
            .nth(n)
        else {
            continue;
        };
        let (head, rest) = trimmed.split_at(end);
        if head.to_lowercase() == *greeting
            && rest.chars().next().is_none_or(|c| !c.is_alphanumeric())
        {
            return rest.trim_start_matches(|c: char| c.is_whitespace() || ",.!;:-".contains(c));
        }
    }
    trimmed
}

fn words(text: &str) -> usize {
    text.split_whitespace().count()
}

/// The first sentence of `text` (up to `.`, `!` or `?` followed by a space, or a line end).
fn first_sentence(text: &str) -> &str {
    let text = text.trim();
    let end = text
        .char_indices()
        .find(|&(i, c)| {
            c == '\n'
                || (".!?".contains(c)
                    && text[i + c.len_utf8()..]
                        .chars()
                        .next()
                        .is_some_and(char::is_whitespace))
        })
        .map_or(
            text.len(),
            |(i, c)| if c == '\n' { i } else { i + c.len_utf8() },
        );
    text[..end].trim()
}

/// `text` cut at a word boundary to at most `max` characters, with an ellipsis when cut.
fn shorten(text: &str, max: usize) -> String {
    let text = text.trim();
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let cut: String = text.chars().take(max).collect();
    let at_word = cut.rfind(char::is_whitespace).unwrap_or(cut.len());
    format!(
        "{}…",
        cut[..at_word].trim_end_matches(|c: char| c.is_whitespace() || ",;:".contains(c))
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Lowercasing changes byte lengths: "Hİ" lowercases to three bytes more than a greeting
    /// of its length; the Kelvin sign to fewer. Reading greetings must not cut inside a
    /// character (this panicked and stopped a handoff).
    #[test]
    fn greetings_are_read_whatever_case_mapping_does_to_lengths() {
        for text in [
            "Hİ",
            "hİ there",
            "İİİİİİ",
            "\u{212a}",
            "hi\u{212a}",
            "Hİ, I want a person",
            "Hello, Ω",
        ] {
            let _ = without_greeting(text);
        }
        assert_eq!(
            without_greeting("Hi, I was charged twice"),
            "I was charged twice"
        );
        assert_eq!(without_greeting("Hİ"), "Hİ");
    }

    fn turn(role: Role, text: &str, answered: Option<bool>) -> Turn {
        Turn {
            role: role as i32,
            text: text.into(),
            answered,
            ..Turn::default()
        }
    }

    fn reason() -> HandoffReason {
        HandoffReason {
            text: "The customer asked for a person (\"can I talk to someone\").".into(),
            ..HandoffReason::default()
        }
    }

    #[test]
    fn the_problem_is_quoted_from_the_customer_without_small_talk() {
        let turns = [
            turn(Role::User, "Hi!", None),
            turn(
                Role::User,
                "hello, my invoice export fails with error 504",
                None,
            ),
            turn(Role::User, "since Monday", None),
            turn(
                Role::Agent,
                "Try a smaller date range. It usually helps.",
                Some(true),
            ),
            turn(Role::User, "still failing, can I talk to someone", None),
        ];
        let summary = summarize(&turns, &reason(), "negative");
        assert_eq!(
            summary.problem,
            "my invoice export fails with error 504 since Monday"
        );
        assert_eq!(summary.attempted, vec!["Try a smaller date range."]);
        assert_eq!(summary.sentiment, "negative");
        assert!(summary.text.contains("Problem: my invoice export fails"));
        assert!(
            summary
                .text
                .contains("Why: The customer asked for a person")
        );
        assert!(summary.text.contains("Mood: negative"));
    }

    #[test]
    fn answers_the_agent_could_not_give_are_marked() {
        let turns = [
            turn(Role::User, "Do you ship to the Faroe Islands by sea?", None),
            turn(
                Role::Agent,
                "I don't have information about that.",
                Some(false),
            ),
        ];
        let summary = summarize(&turns, &reason(), "calm");
        assert_eq!(
            summary.attempted,
            vec!["I don't have information about that. (the AI agent could not answer)"]
        );
    }

    #[test]
    fn only_the_latest_answers_are_listed() {
        let mut turns = vec![turn(
            Role::User,
            "The app crashes on start every time",
            None,
        )];
        for n in 0..7 {
            turns.push(turn(
                Role::Agent,
                &format!("Try fix number {n}."),
                Some(true),
            ));
        }
        let summary = summarize(&turns, &reason(), "calm");
        assert_eq!(summary.attempted.len(), ATTEMPTS);
        assert_eq!(
            summary.attempted.last().map(String::as_str),
            Some("Try fix number 6.")
        );
    }

    #[test]
    fn a_long_problem_is_cut_at_a_word() {
        let long = "word ".repeat(200);
        let turns = [turn(Role::User, &long, None)];
        let problem = summarize(&turns, &reason(), "calm").problem;
        assert!(problem.chars().count() <= PROBLEM_CHARS + 1);
        assert!(problem.ends_with("word…"), "{problem}");
    }

    #[test]
    fn small_talk_only_is_still_quoted() {
        let turns = [turn(Role::User, "hello", None)];
        assert_eq!(summarize(&turns, &reason(), "").problem, "hello");
        assert!(
            summarize(&[], &reason(), "")
                .text
                .contains("did not describe it")
        );
    }
}

#[cfg(test)]
mod unicode {
    use baton_testkit::unicode::{bounded, customer_text, customer_texts};
    use proptest::prelude::*;

    use super::*;

    proptest! {
        #![proptest_config(bounded())]

        /// Whatever the customer typed, the summary is built (this panicked on "Hİ").
        #[test]
        fn any_customer_text_is_summarised(texts in customer_texts(), answer in customer_text()) {
            let mut turns: Vec<Turn> =
                texts.iter().map(|text| Turn::said(Role::User, text.as_str())).collect();
            turns.insert(1, Turn::said(Role::Agent, answer.as_str()));
            let reason = HandoffReason { text: answer.clone(), ..HandoffReason::default() };
            let summary = summarize(&turns, &reason, "frustrated");
            prop_assert!(summary.problem.chars().count() <= PROBLEM_CHARS + 1);
            for text in texts.iter().chain([&answer]) {
                let _ = without_greeting(text);
                let _ = first_sentence(text);
                for max in [0, 1, 2, 7] {
                    prop_assert!(shorten(text, max).chars().count() <= max + 1);
                }
            }
        }
    }
}
