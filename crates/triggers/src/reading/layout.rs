//! How an instruction is laid out, undone before it is read: operators write triggers in
//! YAML block scalars, wrapped at the editor's width, with headings and bullet lists.
//!
//! - A line break inside a sentence is a space ("…for the same problem⏎(a dock…) and⏎both
//!   failed…" is one sentence).
//! - A heading ("## Angry riders") is a sentence of its own.
//! - Each item of a list is a sentence; under a lead-in that ends with a colon ("route
//!   straight away when the customer:") each item completes the lead-in.
//! - A line that starts with an arrow ("=> escalate to the duty team lead") says where the
//!   conversation goes.

use std::sync::LazyLock;

use regex::Regex;

use crate::text::regex;

static HEADING: LazyLock<Regex> = LazyLock::new(|| regex(r"^#+\s*(.*)$"));
static BULLET: LazyLock<Regex> =
    LazyLock::new(|| regex(r"^([-*•·–]|\d{1,2}[.)]|\(?[a-hA-H][.)])\s+(.*)$"));
static LEADING_ARROW: LazyLock<Regex> = LazyLock::new(|| regex(r"^(?:=>|->|→|-->)\s*(.*)$"));
static ARROW: LazyLock<Regex> = LazyLock::new(|| regex(r"\s(=>|->|→|-->)\s"));
/// Words that only introduce a list ("Any of:", "e.g.:").
static LEAD_ONLY: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)^(any|one|either|all|each) of( (these|the following|this))?$|^(for example|e\.?g\.?|such as|including|like|examples?|the following|when|if|whenever)$",
    )
});
/// Where a sentence ends inside a line.
static SENTENCE_END: LazyLock<Regex> = LazyLock::new(|| regex(r"[.!?;]\s+"));

/// `instruction` as sentences on one line each: wrapped lines joined, headings and list
/// items made sentences.
pub fn unwrap(instruction: &str) -> String {
    if !instruction.contains('\n') {
        return instruction.to_owned();
    }
    let mut out: Vec<String> = Vec::new();
    // The line being built, and the lead-in of the list being read.
    let mut current = String::new();
    let mut lead: Option<String> = None;
    // Under "… when both are true:" the items are parts of one condition, not alternatives.
    let mut all_of = false;
    let flush = |current: &mut String, out: &mut Vec<String>| {
        let line = current.trim();
        if !line.is_empty() {
            out.push(end_sentence(line));
        }
        current.clear();
    };
    let lines: Vec<&str> = instruction.lines().map(str::trim).collect();
    for (i, line) in lines.iter().enumerate() {
        if line.is_empty() {
            flush(&mut current, &mut out);
            lead = None;
            all_of = false;
            continue;
        }
        // A heading, or where it goes after an arrow: a sentence of its own.
        if let Some(alone) = HEADING
            .captures(line)
            .or_else(|| LEADING_ARROW.captures(line))
            .and_then(|c| c.get(1))
        {
            flush(&mut current, &mut out);
            lead = None;
            out.push(end_sentence(alone.as_str()));
            continue;
        }
        if let Some(item) = BULLET.captures(line).and_then(|c| c.get(2)) {
            if all_of && let Some(lead) = &lead {
                current = if current.is_empty() {
                    format!("{lead}: {}", item.as_str())
                } else {
                    let joined = current.trim_end().trim_end_matches(['.', ';', ',']);
                    let joined = joined.strip_suffix(" and").unwrap_or(joined);
                    format!("{} and {}", joined.trim_end_matches(','), item.as_str())
                };
                continue;
            }
            flush(&mut current, &mut out);
            current = match &lead {
                Some(lead) => format!("{lead} {}", item.as_str()),
                None => item.as_str().to_owned(),
            };
            continue;
        }
        let next_is_item = lines.get(i + 1).is_some_and(|next| BULLET.is_match(next));
        if let Some(lead_in) = line.strip_suffix(':').filter(|_| next_is_item) {
            // "Security incident -> Trust & Safety immediately. Any of:": the sentences
            // before the lead-in stand alone.
            let whole = format!("{current} {lead_in}");
            current.clear();
            let (before, lead_in) = match SENTENCE_END.find_iter(&whole).last() {
                Some(end) => (whole[..end.end()].to_owned(), whole[end.end()..].to_owned()),
                None => (String::new(), whole),
            };
            if !before.trim().is_empty() {
                out.push(end_sentence(before.trim()));
            }
            let lead_in = lead_in.trim();
            // A lead-in that labels the list ("Urgent, straight to the security team:"),
            // not one each item completes: a sentence of its own, before whole rules.
            let lowered = lead_in.to_lowercase();
            if super::URGENCY_LABEL.is_match(&lowered) || super::ROUTING_LABEL.is_match(&lowered) {
                out.push(end_sentence(lead_in));
                lead = None;
                continue;
            }
            all_of = super::ALL_OF_THESE.is_match(&lowered);
            lead =
                (!lead_in.is_empty() && !LEAD_ONLY.is_match(lead_in)).then(|| lead_in.to_owned());
            continue;
        }
        // A line that continues the one before (wrapped text, or more of a list item),
        // unless it starts a sentence of its own ("Customer asks for a human⏎Customer is
        // angry").
        // A line with an arrow is a whole rule ("tenant asks for a human -> branch
        // team"); what follows it ("incl. asking for a call back") is another sentence.
        if !current.is_empty() && (starts_a_sentence(&current, line) || ARROW.is_match(&current)) {
            flush(&mut current, &mut out);
        }
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(line);
    }
    flush(&mut current, &mut out);
    out.join("\n")
}

/// Whether `next`, the line after `current`, starts a sentence: it opens with a capital
/// after a line that could end one (not "the", "to", "and"…, which wrapped text breaks
/// after).
fn starts_a_sentence(current: &str, next: &str) -> bool {
    const CONTINUES: &[&str] = &[
        "the", "a", "an", "to", "of", "for", "and", "or", "with", "in", "on", "at", "by", "from",
        "their", "our", "my", "your", "his", "her", "its", "that", "who", "which", "is", "are",
        "was", "were", "than", "as", "about", "into", "but", "if", "when", "-", "--",
    ];
    let last = current.rsplit(' ').next().unwrap_or("").to_lowercase();
    // "⏎AND workouts or streaks have disappeared" joins the line before.
    let first = next.split(' ').next().unwrap_or("").to_lowercase();
    let joins = matches!(first.as_str(), "and" | "or" | "but" | "nor" | "then");
    next.chars().next().is_some_and(char::is_uppercase)
        && !CONTINUES.contains(&last.as_str())
        && !joins
}

/// `line` ending in sentence punctuation, so what follows is a sentence of its own.
fn end_sentence(line: &str) -> String {
    let line = line.trim();
    if line.ends_with(['.', '!', '?', ';', ':']) {
        line.to_owned()
    } else {
        format!("{line}.")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapped_lines_are_one_sentence() {
        assert_eq!(
            unwrap(
                "Two strikes rule. If the assistant has given two fixes for the same problem\n(a dock that won't release a bike) and\nboth failed, hand over.\n"
            ),
            "Two strikes rule. If the assistant has given two fixes for the same problem (a dock that won't release a bike) and both failed, hand over."
        );
    }

    #[test]
    fn a_list_under_a_lead_in_completes_it() {
        assert_eq!(
            unwrap(
                "COMPLIANCE - route straight away when the customer:\n  * threatens legal action\n  * makes a data protection request: a copy of their data,\n    or asks us to delete it\n"
            ),
            "COMPLIANCE - route straight away when the customer threatens legal action.\nCOMPLIANCE - route straight away when the customer makes a data protection request: a copy of their data, or asks us to delete it."
        );
    }

    #[test]
    fn items_that_must_all_hold_are_one_condition() {
        assert_eq!(
            unwrap(
                "Hand to a live agent when both are true:\n- the rider says the bike wouldn't lock (or the dock wouldn't take it), and\n- the rider says the ride is still running.\n"
            ),
            "Hand to a live agent when both are true: the rider says the bike wouldn't lock (or the dock wouldn't take it) and the rider says the ride is still running."
        );
    }

    #[test]
    fn headings_items_and_arrows_are_sentences() {
        assert_eq!(
            unwrap(
                "## Angry riders\n- swearing / abusive language\n- SHOUTING IN CAPS\n=> escalate to the duty team lead\n"
            ),
            "Angry riders.\nswearing / abusive language.\nSHOUTING IN CAPS.\nescalate to the duty team lead."
        );
        assert_eq!(
            unwrap(
                "Security incident -> Trust & Safety. Any of:\n1. a login they don't recognise\n2. a stolen phone"
            ),
            "Security incident -> Trust & Safety.\na login they don't recognise.\na stolen phone."
        );
    }

    #[test]
    fn lines_that_start_sentences_stay_apart() {
        assert_eq!(
            unwrap("Customer asks for a human\nCustomer is clearly angry"),
            "Customer asks for a human.\nCustomer is clearly angry."
        );
        assert_eq!(
            unwrap("when a rider wants to leave the\nSpokeshare app"),
            "when a rider wants to leave the Spokeshare app."
        );
    }

    #[test]
    fn a_label_over_a_list_of_rules_is_a_sentence_of_its_own() {
        assert_eq!(
            unwrap(
                "Urgent, straight to the security team:\n- someone else has logged into the account;\n- the driver says the account has been hacked."
            ),
            "Urgent, straight to the security team.\nsomeone else has logged into the account;\nthe driver says the account has been hacked."
        );
    }

    #[test]
    fn one_line_is_left_alone() {
        let line = "Hand off when the customer asks for a person";
        assert_eq!(unwrap(line), line);
    }
}
