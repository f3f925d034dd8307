//! Failed resolution attempts, counted per problem.
//!
//! An attempt is an assistant turn that offers an answer or a fix (a clarifying question is
//! not one). It has failed when the customer says it did not work or did not help, or asks
//! the same thing again because the answer missed it (evident on that customer turn), or
//! when the assistant itself says it has no answer — in its words or with `answered:
//! false` (evident on that assistant turn). Failures on different problems do not add up;
//! failures on the same problem do, even with other questions in between. The customer's
//! own tries before the chat ("I've tried three times") are not the assistant's attempts.

use std::sync::LazyLock;

use baton_proto::v1::{Role, Turn};
use regex::Regex;

use crate::scope::{first_words, no_answer};
use crate::text::{content_words, normalize, overlap, regex, shared};

static DID_NOT_WORK: LazyLock<Regex> = LazyLock::new(|| {
    regex(concat!(
        r"\b(didn'?t|did not|doesn'?t|does not|won'?t|will not|isn'?t|is not|wasn'?t|not) (work|working|help|helping|helpful|fix|fixed|solve|solved|resolve|resolved|change|do anything|make a difference)\b",
        r"|\bstill (doesn'?t|does not|won'?t|isn'?t|is not|not|can'?t|cannot|hasn'?t|has not|haven'?t|have not|didn'?t|did not|no|broken|failing|fails|the same|happening|getting|showing|stuck|nothing|down|dead|slow|crashing|crashes|blank|empty|missing|there|waiting|charging|on|off|dropping|disconnect\w*|get|see|greyed|grayed|says|say|shows|show|invalid|permission|denied|an error|error|wrong|loading|buffering|freez\w*|the case|same)\b",
        r"|\b(greyed|grayed) out\b|\bdon'?t (see|have) (that|this|the|it|any|a|an) (option|button|menu|setting|field|tab)\b|\b(isn'?t|is not|not) (there|showing|visible|available|an option|listed)\b|\b(isn'?t|is not|'s not|not) (in|on|under) (the |my )?(list|menu|dropdown|options|app|drafts?|folder|tab|page|there)\b|\bthere('?s| is| are) no (such |\w+ ){0,2}(option|button|menu|setting|field|tab|link|page|section|toggle|entry|code|number)s?\b|\b(i )?(can'?t|cannot|don'?t|do not) (see|find) (any |the |a |an |that |this |\w+ ){0,3}(option|button|menu|setting|field|tab|link|page|section|toggle|entry)s?\b|\b(not|no|doesn'?t|didn'?t|isn'?t|can'?t|won'?t|nothing)\b.{0,40}\beither\b|\bdoesn'?t exist\b",
        r"|\bsame answer\b|\b(already|both|all|everything)\b.{0,25}\b(set|enabled|correct\w*|shared|done|there|on)\b|^\s*(no|nope|nothing|nah|still no|didn'?t|no luck|no change|not really)\s*[.!?]*\s*$|\bnothing\s*[.!]*\s*$",
        r#"|\b(says|said|shows|showed|gives( me)?|gave( me)?|comes up with|came up with|displays|got|get)\s*:?\s*['"“‘][^'"”’]{0,80}\b(cannot|can'?t|unable|error|failed|invalid|not|denied|declined|wrong|problem|later)\b"#,
        r"|\bsame (error|problem|issue|thing|result|message|screen)\b|\bno (luck|joy|dice|change|difference|go)\b|^\s*(nothing|nope|nada|no)\s*[.!;]+\s|\bnothing (changed|happened|happens|works|at all)\b|\bnothing is happening\b|\b(says|shows|gives( me)?|comes up with|get|got) (unable to|an error|error|failed|not allowed|invalid|denied|no service)\b|\b(i'?m |i am |it'?s |it is )?(unable to|won'?t let me|doesn'?t let me)\b|\b(that'?s|thats|that is) (exactly |just )?what i('?m| am| was)? (doing|did|tried)\b|\bmade no difference\b|\b(did|does|changed|fixed|achieved) (absolutely )?nothing\b",
        r"|\b(already )?(tried|did|done) (that|this|it|those|all of (that|those|them)|both|everything)( already)?\b.{0,40}\b(still|nothing|no|not|but)\b",
        // "tried chrome and safari both blank".
        r"|\b(tried|used|switched to|checked)\b.{1,40}\b(both|all|each|every one|either)( of them)?( are| were| was| is)? (blank|empty|broken|stuck|frozen|dead|down|black|grey|gray|greyed out|the same|same|failed|failing|wrong)\b",
        r"|\balready (tried|did|done) (that|this|it|those|all)\b|\bthat'?s not (it|what i (asked|meant)|my question|helpful|the (problem|issue))\b",
        r"|\byou('re| are) not (answering|understanding|listening)\b|\b(didn'?t|doesn'?t|does not|did not) answer\b|\bnot what i asked\b|\bnope\b|\bnegative\b|\bsame as before\b",
        r"|\bno funciona|\bno funciono|\bsigue (sin|igual|fallando)|\bya lo (intente|probe|hice)|\bca ne (marche|fonctionne) (toujours )?pas|\bne (marche|fonctionne) (toujours )?pas|\btoujours pas\b|\bdeja essaye",
        r"|\bfunktioniert (immer noch |trotzdem |leider )?nicht|\bklappt (immer noch |leider )?nicht|\bimmer noch\b|\bschon versucht|\bnao funciona|\bnao funcionou|\bcontinua (igual|sem|com)|\bja tentei"
    ))
});

/// The customer moving on to another problem in the same message.
static ANOTHER_PROBLEM: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\b(different|another|separate|new|unrelated) (question|issue|problem|topic|matter|q)\b|\b(different|another|separate) thing\b|\bunrelated(,| but\b|:)|\bon another note\b|\bchanging the subject\b|\bthat reminds me\b|\b(forget|leave|park|skip) (that|it|this|the [\w-]+)( (one|issue|problem|bit))? for now\b|\b(forget|never ?mind) (that|it|this|the [\w-]+)\s*[.!;,]|\bnever mind (that|about that|the [\w-]+)\b|\bwhile i have you\b|\bwhile i'?m (here|at it)\b|\bquick (q|question)\b|\bone more (thing|question)\b|\botra (pregunta|cosa)\b|\bautre (question|chose)\b|\bandere (frage|sache)\b|\boutra (pergunta|coisa)\b",
    )
});

/// The customer pointing the assistant somewhere else for the same answer.
static LOOK_ELSEWHERE: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"^\s*((ok|okay|right|hm+|well|hmm+)[,.!]?\s+)?((can|could|would) you (check|look|search|try|see)|what about|how about|(is|was) it (not )?(in|on)|(does|do|would) (it|that|either|any of (them|those)) (say|mention|show|have))\b",
    )
});

/// Detail the customer adds to the problem ("it's the Gold Plus policy if that
/// helps").
static MORE_DETAIL: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\b(if (that|it) helps|in case (that|it) helps|fyi|for reference|for what it'?s worth)\b|^\s*(it'?s|its|it is|that'?s|this is) (the|a|an|on|my|our)\b",
    )
});

/// The customer asking for another fix for a problem.
static ASKS_FOR_MORE: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\b(anything|something|what) else (i|we) (can|could|should) (try|do)\b|\bany (other|more) (ideas|suggestions|fixes|options|steps|tips)\b|\bwhat else (can|could|should) (i|we)\b",
    )
});

/// Words of a fix or an answer: an assistant turn with one is an attempt even if it ends
/// with a question ("Try restarting. Did that help?").
static FIX_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\b(try|go to|click|tap|open|restart|reboot|reset|check|make sure|select|navigate|update|reinstall|clear|turn (it )?(off|on)|toggle|enable|disable|follow|here'?s|here is|you can|you should|you'?ll|should|will|steps?|settings|menu|is|are|was)\b",
    )
});

/// "still" in a statement ("still declined", "light is still red"), or "did it" followed
/// by what happened ("I did, the light turns red"): a failure when it answers a fix, unless
/// the customer says it worked.
static STILL: LazyLock<Regex> = LazyLock::new(|| regex(r"\bstill\b[^.!?;]*([.!;]|$)"));
static DID_IT: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"^\s*((ok|okay|yes|yeah|yep|sure|so)[,.]? )?(i )?(did|done|tried|followed|restarted|rebooted|reinstalled|updated|reset|cleared|moved|refreshed|changed|switched)( exactly| just)?( that| it| this| those| them| all of that| everything| the steps| the [\w-]+( [\w-]+)?| (all|both|every|each|all the) [\w-]+( [\w-]+)?| what you said)?( already| too| as well)?[,.;:!-]+\s*\w",
    )
});
static WORKED: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\b(works?|worked|working) (now|again|fine|perfectly)\b|\b(that|it|this) (worked|did it|did the trick|fixed it|helped|solved it)\b|\b(fixed|sorted|solved|resolved)\b|\b(is|are|'s|'re) (on|back|up|fine|ok|okay|sorted) now\b|\ball good\b|\bthanks?\b|\bthank you\b|\bperfect\b",
    )
});

/// What the fix asks for was already so ("everything's approved", "it's already active",
/// "nothing pending"): the fix changes nothing.
static ALREADY_SO: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\b(already|everything('?s| is)?|all( of them| of it)? (are|is)|both (are|were))( (been|all))? (approved|active|activated|verified|connected|checked|updated|installed|enabled|ticked|turned on|up to date|maxed( out)?|charged|paired|signed in|logged in)\b|\bnothing (is )?(pending|outstanding|waiting|to approve)\b|^\s*((yes|yeah|yep|it|that|the|my|its|it'?s) )?([\w-]+ ){0,2}(is|are|was|were|'s|'re)( already| definitely| def)? (on|enabled|allowed|granted|ticked|turned on|switched on|set|connected|plugged in|charged|up to date)\s*[.!]*\s*$",
    )
});

/// The fix offered changed nothing: the same again, or the same there too.
static SAME_AGAIN: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\b(\w+ )?(too|as well|either)\s*[.!]*\s*(\p{So}\s*)*$|\b(exact|exactly the|the exact|the very) same\b|\bsame (thing|error|problem|spinner|result|screen|message|issue) (again|there|too)\b|(^|[,.;:!-]\s*)(the )?same( [\w-]+){0,2}\s*([.!,;]|$)",
    )
});

fn reply_says_it_failed(text: &str, normalized: &str) -> Option<String> {
    if WORKED.is_match(normalized) || crate::sentiment::compound(text) >= 0.3 {
        return None;
    }
    // "it IS six digits": stressing that what the fix asks for is already so.
    static STRESSED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\b(IS|ARE|WAS|WERE|DID|DOES|DO|HAVE|HAS|AM)\b").expect("valid regex")
    });
    if let Some(m) = STRESSED.find(text) {
        return Some(m.as_str().to_owned());
    }
    // "unticked it and restarted. dropped again after 5 minutes": the problem, back.
    static AGAIN: LazyLock<Regex> = LazyLock::new(|| {
        regex(
            r"\b(dropped|crashed|froze|frozen|failed|disconnected|stopped|died|cut out|went (off|down|dead)|broke|happened|disappeared|vanished|declined|rejected|logged (me )?out|turned off|switched off)( \w+)? again\b",
        )
    });
    if let Some(m) = AGAIN.find(normalized).filter(|m| !asks(normalized, m)) {
        return Some(m.as_str().to_owned());
    }
    if let Some(m) = STILL.find(normalized) {
        return Some(m.as_str().trim_end_matches(['.', '!', ';']).to_owned());
    }
    // "the warranty form just errors when i upload the photo": what the fix sent them to
    // fails.
    static JUST_FAILS: LazyLock<Regex> = LazyLock::new(|| {
        regex(
            r"\b(just|only|keeps?) (errors?|errored|erroring|crashes|crashed|crashing|fails|failed|failing|freezes|froze|hangs|spins|spinning|times out|timed out|bounces|bounced|loops|reloads)\b",
        )
    });
    if let Some(m) = JUST_FAILS.find(normalized).filter(|m| !asks(normalized, m)) {
        return Some(m.as_str().to_owned());
    }
    // "it was dispatched 4 days ago though": the fact the fix rested on is not so.
    static CONTRADICTS: LazyLock<Regex> = LazyLock::new(|| {
        regex(r"\b(was|were|is|are|has been|have been|did|had)\b[^?]*\b(though|tho)\s*[.!]*\s*$")
    });
    if let Some(m) = CONTRADICTS.find(normalized) {
        return Some(m.as_str().trim_end_matches(['.', '!']).to_owned());
    }
    DID_IT
        .find(normalized)
        .filter(|m| !asks(normalized, m))
        .map(|_| first_words(text))
        .or_else(|| {
            // "incognito is black too", "the app does the exact same spinner", "it's
            // already active".
            SAME_AGAIN
                .find(normalized)
                .or_else(|| ALREADY_SO.find(normalized))
                .filter(|m| !asks(normalized, m))
                .map(|m| m.as_str().to_owned())
        })
}

/// Whether the sentence of `normalized` that holds `found` is a question: "same blank
/// page. unrelated, how heavy can my bag be?" reports a failure, then asks.
fn asks(normalized: &str, found: &regex::Match<'_>) -> bool {
    if found.as_str().ends_with(['.', '!', ';']) {
        return false;
    }
    let rest = &normalized[found.end()..];
    rest.find(['.', '!', '?', ';'])
        .is_some_and(|end| rest[end..].starts_with('?'))
}

/// The sentence of `normalized` that holds `quote`, when the turn has more than one.
fn reporting_sentence<'t>(normalized: &'t str, quote: &str) -> Option<&'t str> {
    let at = normalized.find(quote)?;
    let start = normalized[..at]
        .rfind(['.', '!', '?', ';'])
        .map_or(0, |i| i + 1);
    let end = normalized[at + quote.len()..]
        .find(['.', '!', '?', ';'])
        .map_or(normalized.len(), |i| at + quote.len() + i);
    (start > 0 || end < normalized.len()).then(|| &normalized[start..end])
}

/// An assistant turn that only asks the customer something.
fn clarifying(text: &str) -> bool {
    // "Could you update it from the app store and try again?": a fix, asked politely.
    static POLITE_FIX: LazyLock<Regex> = LazyLock::new(|| {
        regex(
            r"\b(could|can|would|will) you (please |kindly |also )?(try|update|restart|reboot|reset|reinstall|uninstall|clear|turn|toggle|enable|disable|unplug|plug|log out|sign out|switch|move|change|install|remove|re-?enter|re-?add|power|check (there|with|around|under|behind|outside|in (the|your))|look (there|in|under|around|behind|outside))\b",
        )
    });
    let normalized = normalize(text);
    let trimmed = normalized.trim_end();
    trimmed.ends_with('?')
        && text.split_whitespace().count() <= 30
        && !POLITE_FIX.is_match(trimmed)
        && {
            // Everything before the final question: if it offers a fix, it is an attempt.
            let statement = trimmed
                .rsplit_once(['.', '!'])
                .map_or("", |(before, _)| before);
            !FIX_WORDS.is_match(statement)
        }
}

#[derive(Debug, Clone)]
struct Problem {
    words: Vec<String>,
    failures: u32,
}

/// At most this many words describe a problem, and at most this many problems are told
/// apart: comparing a turn with the problems costs the same whatever the conversation's
/// length or a message's size.
const PROBLEM_WORDS: usize = 48;
const PROBLEMS: usize = 32;

impl Problem {
    fn add(&mut self, words: &[String]) {
        for word in words {
            if self.words.len() >= PROBLEM_WORDS {
                break;
            }
            if !self.words.contains(word) {
                self.words.push(word.clone());
            }
        }
    }
}

/// The state of attempts after each turn: what the trigger keeps per conversation.
#[derive(Debug, Clone, Default)]
pub struct Tally {
    problems: Vec<Problem>,
    /// The problem the customer is on.
    current: Option<usize>,
    /// The last assistant attempt: its problem, and whether it already counted as failed.
    last_attempt: Option<(usize, bool)>,
    /// The assistant's last turn asked the customer something: the reply continues the
    /// same problem.
    asked: bool,
}

/// A failure that became evident on a turn.
#[derive(Debug, Clone, PartialEq)]
pub struct Failure {
    /// The turn.
    pub turn_index: usize,
    /// How many failures its problem has now.
    pub count: u32,
    /// The words that show it.
    pub quote: String,
}

impl Tally {
    fn problem_for(&mut self, words: &[String]) -> usize {
        let best = self
            .problems
            .iter()
            .enumerate()
            .map(|(i, p)| (i, overlap(words, &p.words)))
            .max_by(|a, b| a.1.total_cmp(&b.1));
        match best {
            Some((i, score)) if score >= 0.5 => {
                self.problems[i].add(words);
                i
            }
            _ if self.problems.len() >= PROBLEMS => {
                // Past the cap, the oldest problem makes room for the new one.
                self.problems.remove(0);
                self.current = None;
                self.last_attempt = None;
                self.new_problem(words)
            }
            _ => self.new_problem(words),
        }
    }

    fn new_problem(&mut self, words: &[String]) -> usize {
        let mut problem = Problem {
            words: Vec::new(),
            failures: 0,
        };
        problem.add(words);
        self.problems.push(problem);
        self.problems.len() - 1
    }

    fn fail(&mut self, problem: usize, turn_index: usize, quote: String) -> Failure {
        self.problems[problem].failures += 1;
        Failure {
            turn_index,
            count: self.problems[problem].failures,
            quote,
        }
    }

    /// Takes `turn` (at `index`) into account: the failure it makes evident, if any.
    pub fn on_turn(&mut self, index: usize, turn: &Turn) -> Option<Failure> {
        match turn.role() {
            Role::Agent => {
                let problem = self.current?;
                if let Some(quote) = no_answer(turn) {
                    self.last_attempt = Some((problem, true));
                    return Some(self.fail(problem, index, quote));
                }
                self.asked = clarifying(&turn.text);
                if !self.asked {
                    self.last_attempt = Some((problem, false));
                }
                None
            }
            Role::User => {
                let words = content_words(&turn.text);
                let normalized = normalize(&turn.text);
                let reported = DID_NOT_WORK
                    .find(&normalized)
                    .map(|m| m.as_str().to_owned())
                    .or_else(|| {
                        // Looser wording counts only as the reply to a fix just offered.
                        self.last_attempt
                            .filter(|(_, already_failed)| !already_failed)
                            .and_then(|_| reply_says_it_failed(&turn.text, &normalized))
                    });
                // "great. also the discount code isn't working": the report is of another
                // problem, the one the customer raises now.
                static ALSO_ANOTHER: LazyLock<Regex> = LazyLock::new(|| {
                    regex(
                        r"(^|[.!?;]\s+|,\s*)(also|oh and|and also),? (the|my|our|your|a|an|this|that|there'?s|i have|i'?ve got)\b",
                    )
                });
                let raised_after_another = reported.as_ref().is_some_and(|quote| {
                    let at = normalized.find(quote.as_str()).unwrap_or(0);
                    [
                        ANOTHER_PROBLEM.find(&normalized),
                        ALSO_ANOTHER.find(&normalized),
                    ]
                    .into_iter()
                    .flatten()
                    .any(|marker| marker.end() <= at)
                });
                if raised_after_another {
                    self.last_attempt = None;
                    self.current = Some(self.new_problem(&words));
                    return None;
                }
                if let Some(quote) = reported {
                    // A report of a failed fix: of the problem it names, else of the last
                    // attempt. What it names is in the sentence that reports it ("good to
                    // know re showers. signed out and back in, passes still say 0").
                    let words = reporting_sentence(&normalized, &quote)
                        .map(content_words)
                        .filter(|words| words.len() >= 2)
                        .unwrap_or_else(|| words.clone());
                    // A third of its words, or two of them ("tried chrome and the app, seat
                    // map still doesn't load" names the seat map asked about before).
                    let named = self
                        .problems
                        .iter()
                        .enumerate()
                        .map(|(i, p)| (i, overlap(&words, &p.words), shared(&words, &p.words)))
                        .filter(|(_, score, shared)| {
                            (*score >= 0.34 || *shared >= 2) && words.len() >= 2
                        })
                        .max_by(|a, b| a.1.total_cmp(&b.1))
                        .map(|(i, _, _)| i);
                    let attempt = self.last_attempt.take();
                    let target = match (named, attempt) {
                        (Some(named), _)
                            if attempt.is_some_and(|(p, _)| p != named) || attempt.is_none() =>
                        {
                            // Back to an earlier problem the assistant already tried.
                            (self.problems[named].failures > 0 || attempt.is_some())
                                .then_some((named, false))
                        }
                        (_, attempt) => attempt,
                    };
                    if let Some((problem, already_failed)) = target {
                        self.current = Some(problem);
                        let failure = (!already_failed).then(|| self.fail(problem, index, quote));
                        // "still crashes. different question: the reminders go to my old
                        // number": what follows is another problem, the one the customer
                        // is on now.
                        if let Some(marker) = ANOTHER_PROBLEM.find(&normalized) {
                            let rest = content_words(&normalized[marker.end()..]);
                            if rest.len() >= 2 {
                                self.current = Some(self.new_problem(&rest));
                            }
                        }
                        return failure;
                    }
                    // Nothing of the assistant's to have failed: the customer is describing
                    // the problem itself ("the toggle is greyed out").
                }
                if words.len() < 2 {
                    return None;
                }
                // The same question again, after an attempt at it: the answer missed it,
                // in its words or pushing back on the answer ("right, but can I move which
                // weekday I switch on?").
                // "wifi calling is on now, thank you" names the problem to say it is gone.
                if let Some((problem, already_failed)) = self.last_attempt
                    && !already_failed
                    && !WORKED.is_match(&normalized)
                    && (overlap(&words, &self.problems[problem].words) >= 0.5
                        && shared(&words, &self.problems[problem].words) >= 2
                        || crate::facts::is_asking(&turn.text)
                            && crate::facts::pushes_back(&turn.text))
                {
                    self.last_attempt = None;
                    self.current = Some(problem);
                    return Some(self.fail(problem, index, first_words(&turn.text)));
                }
                // "can you check the listing?", "what about the info pack?" after the
                // assistant said it has no answer: the same problem, looked for elsewhere.
                // "it's the Gold Plus policy if that helps" after the assistant had no
                // answer: more about the same problem.
                let after_no_answer =
                    matches!(self.last_attempt, Some((p, true)) if Some(p) == self.current);
                let looks_again = after_no_answer
                    && (LOOK_ELSEWHERE.is_match(&normalized)
                        || !normalized.contains('?') && MORE_DETAIL.is_match(&normalized));
                // "anything else I can try on the keypad?": the problem it names, again.
                let asks_for_more = ASKS_FOR_MORE.is_match(&normalized);
                let problem = match self.current {
                    Some(current) if std::mem::take(&mut self.asked) || looks_again => {
                        self.problems[current].add(&words);
                        current
                    }
                    _ if asks_for_more => self
                        .problems
                        .iter()
                        .enumerate()
                        .filter(|(_, p)| shared(&words, &p.words) >= 1)
                        .max_by(|a, b| {
                            overlap(&words, &a.1.words).total_cmp(&overlap(&words, &b.1.words))
                        })
                        .map(|(i, _)| i)
                        .or(self.current)
                        .unwrap_or_else(|| self.problem_for(&words)),
                    _ => self.problem_for(&words),
                };
                self.current = Some(problem);
                self.last_attempt = None;
                None
            }
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_turns::{agent, user};

    /// The failure that became evident on the last turn of `turns`, if one did.
    fn failure_at_end(turns: &[Turn]) -> Option<Failure> {
        let mut tally = Tally::default();
        let mut last = None;
        for (index, turn) in turns.iter().enumerate() {
            last = tally.on_turn(index, turn);
        }
        last.filter(|f| f.turn_index + 1 == turns.len())
    }

    fn counts(turns: &[Turn]) -> Vec<u32> {
        (1..=turns.len())
            .filter_map(|end| failure_at_end(&turns[..end]).map(|f| f.count))
            .collect()
    }

    #[test]
    fn failed_fixes_on_one_problem_add_up() {
        let turns = [
            user("My router keeps dropping the wifi connection every hour"),
            agent(
                "Try restarting the router and moving it away from the microwave.",
                Some(true),
            ),
            user("I did that, still dropping"),
            agent(
                "Please update the router firmware from the admin page.",
                Some(true),
            ),
            user("that didn't help either"),
        ];
        assert_eq!(counts(&turns), vec![1, 2]);
    }

    /// A problem, a fix for it, and the customer's `reply`.
    fn after_a_fix(reply: &str) -> [Turn; 3] {
        [
            user("the charger light on my scooter keeps flashing orange"),
            agent(
                "Plug it into a different socket and wait ten minutes.",
                Some(true),
            ),
            user(reply),
        ]
    }

    #[test]
    fn replies_that_say_the_fix_changed_nothing_are_failures() {
        for reply in [
            "tried all four sockets. dead.",
            "did exactly that, same flashing light",
            "everything's approved already",
            "the card is already active",
            "it shows up in the list but when I tap it it says unable to join",
            "yes thats exactly what im doing. the camera opens and nothing happens",
            "there's no activation code in the email, only the QR picture",
            "the website says 'payment cannot be taken at this time'",
            "unplugged it and restarted. crashed again after ten minutes",
            "tried firefox and edge, both blank",
            "bluetooth is already on",
            "location permission is on",
            "it IS plugged into a different socket",
            "nothing. also what time do you close on sundays?",
            "it was dispatched 4 days ago though",
            "the warranty form just errors when i upload the photo",
            "did both, no go",
        ] {
            let turns = after_a_fix(reply);
            assert_eq!(failure_at_end(&turns).map(|f| f.count), Some(1), "{reply}");
        }
        for reply in [
            "ok it's connected again now",
            "i tried again and the light is green",
            "it's on now, thanks!",
            // Another problem, raised after the fix was taken: no failure of it.
            "great. also the discount code SUMMER15 isn't working",
            "ok done. different q, the gift card isnt working at checkout",
        ] {
            let turns = after_a_fix(reply);
            assert_eq!(failure_at_end(&turns), None, "{reply}");
        }
    }

    #[test]
    fn forgetting_a_problem_starts_another() {
        let turns = [
            user("the receipt link in my email opens a blank page"),
            agent("Try opening it in another browser.", Some(true)),
            user("nope still blank. ok forget the receipt. can I change the delivery day?"),
            agent(
                "Yes: Orders, pick the order, then Change delivery.",
                Some(true),
            ),
            user("the change button is greyed out"),
        ];
        assert_eq!(counts(&turns), vec![1, 1]);
    }

    #[test]
    fn detail_after_no_answer_and_asking_what_else_to_try_stay_on_the_problem() {
        let detail = [
            user("does my cover include physio for my dog after surgery?"),
            agent("I couldn't find physio in your documents.", Some(false)),
            user("it's the Gold Plus policy if that helps"),
            agent(
                "I still can't find any mention of physio in Gold Plus.",
                Some(false),
            ),
        ];
        assert_eq!(counts(&detail), vec![1, 2]);
        let more = [
            user("the thermostat screen is blank"),
            agent("Hold the reset button for five seconds.", Some(true)),
            user("held it, nothing"),
            agent("Swap the batteries for new AA ones.", Some(true)),
            user("nothing. unrelated, do you install on saturdays?"),
            agent("Yes, installs run 8 to 2 on Saturdays.", Some(true)),
            user("ok thanks. anything else I can try on the thermostat?"),
            agent(
                "I'm sorry, I don't have any further steps for that.",
                Some(false),
            ),
        ];
        assert_eq!(counts(&more), vec![1, 2, 3]);
    }

    #[test]
    fn a_failure_reported_beside_another_topic_counts_for_the_problem_it_names() {
        let turns = [
            user("my invoices export as empty spreadsheets"),
            agent(
                "Choose CSV instead of XLSX under Export > Format.",
                Some(true),
            ),
            user(
                "switched to csv, still empty. quick question while I'm here, do you support SSO?",
            ),
            agent(
                "Yes, SSO is on the Business plan. For the export, clear the date filter first.",
                Some(true),
            ),
            user("thanks for the SSO info. cleared the filter, the spreadsheets are still empty"),
        ];
        assert_eq!(counts(&turns), vec![1, 2]);
    }

    #[test]
    fn a_failure_that_names_two_words_of_an_earlier_problem_is_that_problems() {
        let turns = [
            user("the loyalty card screen in the app is blank, no barcode at all"),
            agent(
                "Log out of the app and back in to reload the card.",
                Some(true),
            ),
            user("logged out and in, same blank screen. unrelated, do you open on sundays?"),
            agent(
                "We open 10 to 4 on Sundays. For the card, reinstall the app from the store.",
                Some(true),
            ),
            user("great. reinstalled it twice, loyalty barcode still missing from my phone"),
        ];
        assert_eq!(counts(&turns), vec![1, 2]);
    }

    #[test]
    fn leaving_a_problem_for_now_starts_another() {
        let turns = [
            user("the export button is missing from my reports page"),
            agent("Turn on exports under Settings > Reports.", Some(true)),
            user(
                "exports are on, still no button. ok forget that for now, why won't my photos upload?",
            ),
            agent(
                "Photos over 10 MB are rejected; try the Scan option.",
                Some(true),
            ),
            user("used Scan, still says upload failed"),
        ];
        assert_eq!(counts(&turns), vec![1, 1]);
    }

    #[test]
    fn the_assistant_saying_it_has_no_answer_is_a_failure_on_its_turn() {
        let turns = [
            user("Can I export a dashboard to PowerPoint?"),
            agent("I couldn't find an answer to that.", Some(false)),
        ];
        assert_eq!(failure_at_end(&turns).map(|f| f.turn_index), Some(1));
    }

    #[test]
    fn clarifying_questions_and_the_customers_own_tries_are_not_attempts() {
        let turns = [
            user("I've tried three times to log in and it still doesn't work"),
            agent("Which browser are you using?", None),
            user("Chrome, still doesn't work"),
        ];
        assert_eq!(counts(&turns), Vec::<u32>::new());
    }

    #[test]
    fn naming_the_problem_to_say_it_is_gone_is_no_failure() {
        let turns = [
            user("wifi calling won't switch on, the toggle is greyed out"),
            agent("Please check for a carrier settings update.", None),
            user("installed it and wifi calling is on now. thank you"),
        ];
        assert_eq!(counts(&turns), Vec::<u32>::new());
    }

    #[test]
    fn a_fix_asked_for_politely_is_an_attempt() {
        let turns = [
            user("the app keeps logging me out"),
            agent(
                "Could you update it from the app store and try again?",
                Some(true),
            ),
            user("updated it, still kicks me out"),
        ];
        assert_eq!(counts(&turns), vec![1]);
    }

    #[test]
    fn failures_on_different_problems_do_not_add_up() {
        let turns = [
            user("My invoices won't download as PDF"),
            agent("Click Billing, then Download PDF.", Some(true)),
            user("that didn't work"),
            user("Also, how do I change my profile picture?"),
            agent(
                "Open Settings > Profile and upload a new photo.",
                Some(true),
            ),
            user("that didn't work either"),
        ];
        let failures = counts(&turns);
        assert_eq!(failures, vec![1, 1], "one failure on each problem");
    }

    #[test]
    fn looking_elsewhere_after_no_answer_is_the_same_problem() {
        let turns = [
            user("What's the council tax band for 22 Quarry Road?"),
            agent(
                "I'm sorry, I don't have council tax information for that property.",
                Some(false),
            ),
            user("can you check the listing? it should be on there"),
            agent(
                "I've checked the listing and it doesn't show the band either, sorry.",
                Some(false),
            ),
            user("what about the EPC or the tenancy info pack, does either mention it?"),
            agent(
                "I'm afraid neither of those documents includes it.",
                Some(false),
            ),
        ];
        assert_eq!(counts(&turns), vec![1, 2, 3]);
    }

    #[test]
    fn another_problem_raised_with_a_failure_report_is_counted_apart() {
        let turns = [
            user("your app crashes every time I open the prescriptions tab"),
            agent("Please update to the latest version of the app.", None),
            user(
                "still crashes. whatever. different question: the reminder texts go to my old number",
            ),
            agent(
                "You can update your number in the app under Profile > Contact.",
                None,
            ),
            user("there's no contact section in my profile on the website"),
        ];
        assert_eq!(counts(&turns), vec![1, 1], "one failure on each problem");
    }

    #[test]
    fn a_problem_described_with_failure_words_is_a_problem_not_a_failure() {
        let turns = [
            user("wifi calling won't turn on, the toggle is greyed out"),
            agent(
                "It needs an emergency address: add one under Line settings.",
                None,
            ),
            user("address is already there. still greyed out"),
            agent(
                "Then turn Airplane mode on and off to refresh the carrier settings.",
                None,
            ),
            user("nope"),
            agent(
                "I'm sorry, I don't have any other fixes for that.",
                Some(false),
            ),
        ];
        assert_eq!(counts(&turns), vec![1, 2, 3]);
    }

    #[test]
    fn asking_the_same_question_again_is_a_failure() {
        let turns = [
            user("How do I reset my voicemail PIN?"),
            agent(
                "You can change your plan in the app under Plans.",
                Some(true),
            ),
            user("I asked how to reset my voicemail PIN"),
        ];
        assert_eq!(counts(&turns), vec![1]);
    }

    #[test]
    fn pushing_back_on_an_answer_that_missed_is_a_failure() {
        let turns = [
            user("Can I switch my tray change day from Monday to Friday?"),
            agent(
                "Trays are changed every 14 days, and each one is worn 22 hours a day.",
                Some(true),
            ),
            user("right, but can I move which weekday I switch on?"),
        ];
        assert_eq!(counts(&turns), vec![1]);
    }

    #[test]
    fn looser_replies_to_a_fix() {
        let fix = agent("Hold the badge flat on the reader for two seconds.", None);
        let opening = user("The door badge won't open the gym");
        assert_eq!(
            counts(&[opening.clone(), fix.clone(), user("light is still red")]),
            vec![1]
        );
        assert_eq!(
            counts(&[
                opening.clone(),
                fix.clone(),
                user("i did, it beeps twice and stays locked")
            ]),
            vec![1]
        );
        assert_eq!(
            counts(&[
                opening.clone(),
                fix.clone(),
                user("did that, working now thanks")
            ]),
            Vec::<u32>::new()
        );
        assert_eq!(
            counts(&[opening, fix, user("there's no Badges option in my menu")]),
            vec![1]
        );
    }
}
