//! Believing an answer: every quote must be words of the turn it names (ignoring case,
//! runs of whitespace, typographic quote marks and the marks wrapping the quote), and a
//! verdict that the instruction holds must quote something. A model that cites words
//! nobody wrote is not to be believed about the rest either, so the whole answer goes.

use baton_proto::v1::Evidence;
use serde::Deserialize;

use super::prompt::Shown;
use super::{CONDITION, Verdict};
use crate::LlmError;

/// Characters of `why` kept: it becomes part of the reason a human agent reads.
const MAX_WHY_CHARS: usize = 300;

/// The answer as the model gives it.
#[derive(Debug, Deserialize)]
pub(super) struct Answer {
    holds: bool,
    evidence: Vec<Quote>,
    why: String,
}

#[derive(Debug, Deserialize)]
struct Quote {
    turn: u32,
    quote: String,
}

/// The verdict in `answer`, if its evidence is in `shown`.
pub(super) fn check(answer: Answer, shown: &[Shown]) -> Result<Verdict, LlmError> {
    if answer.holds && answer.evidence.is_empty() {
        return Err(LlmError::Unsupported(
            "it holds, says the model, but quotes nothing",
        ));
    }
    let evidence = answer
        .evidence
        .into_iter()
        .map(|quote| {
            let text = shown
                .iter()
                .find(|turn| turn.turn == quote.turn)
                .map(|turn| turn.text.as_str())
                .ok_or(LlmError::Unsupported(
                    "evidence names a turn it was not shown",
                ))?;
            let quoted = unwrap(&quote.quote);
            if !quoted.chars().any(char::is_alphanumeric) || !occurs(quoted, text) {
                return Err(LlmError::Unsupported(
                    "evidence quotes words that are not in the turn",
                ));
            }
            Ok(Evidence {
                turn_index: quote.turn,
                quote: quoted.to_owned(),
                condition: CONDITION.to_owned(),
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Verdict {
        holds: answer.holds,
        evidence,
        why: answer.why.trim().chars().take(MAX_WHY_CHARS).collect(),
    })
}

/// `quote` without surrounding whitespace and quotation marks.
fn unwrap(quote: &str) -> &str {
    quote.trim_matches(|c: char| c.is_whitespace() || "\"'“”‘’«»`".contains(c))
}

/// Whether `quote` occurs in `text`, ignoring case, whitespace runs and typographic marks.
fn occurs(quote: &str, text: &str) -> bool {
    normalise(text).contains(&normalise(quote))
}

fn normalise(text: &str) -> String {
    let plain: String = text
        .chars()
        .map(|c| match c {
            '‘' | '’' | '`' => '\'',
            '“' | '”' => '"',
            other => other,
        })
        .collect();
    plain
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_match_whatever_the_case_spacing_or_quote_marks() {
        assert!(occurs("close  MY account", "Please, close my\naccount now"));
        assert!(occurs("don't", "I don’t want this"));
        assert!(!occurs("close my account", "please close the account"));
        assert_eq!(unwrap(" “cancel it” "), "cancel it");
    }
}

#[cfg(test)]
mod unicode {
    use baton_testkit::unicode::{bounded, customer_text};
    use proptest::prelude::*;

    use super::*;

    proptest! {
        #![proptest_config(bounded())]

        #[test]
        fn any_quote_is_checked_against_any_text(quote in customer_text(), text in customer_text()) {
            let _ = occurs(unwrap(&quote), &text);
            prop_assert!(occurs(&text, &text));
        }
    }
}
