//! Alternatives joined by "or" that share words, as operators write them: "their account
//! or their fob may be in someone else's hands", "a lost or stolen fob", "contained the
//! wrong medicine, the wrong strength or dose", "around or under the panels". Each
//! alternative gets the words it shares, so none is read as a fragment ("their account"
//! alone would fire on every mention of an account).

use std::sync::LazyLock;

use regex::Regex;

use crate::text::regex;

/// A thing named with no word of what happens to it ("their account" in "their account or
/// their fob may be in someone else's hands").
static THING_ONLY: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"^(their|his|her|the|a|an|my|our|its|your|any|(someone|somebody|anyone) else'?s)( [\w'-]+){1,3}$",
    )
});
/// Things named without a determiner ("workouts" in "workouts or streaks have
/// disappeared").
static BARE_THINGS: LazyLock<Regex> = LazyLock::new(|| regex(r"^[a-z'-]+s( [a-z'-]+s)?$"));
/// Where the predicate of an alternative starts, after the thing it names: an auxiliary,
/// its negation, or a verb of what keeps or stopped happening ("their watch or tracker
/// isn't syncing").
static PREDICATE: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"^((their|his|her|the|a|an|my|our|its|your|any) )?[\w'-]+( [\w'-]+){0,2}? (may|might|is|are|was|were|has|have|had|got|gets|can|could|will|would|been|being|seems?|looks?|(is|are|was|were|has|have|does|do|did|wo|ca)n'?t|keeps?|stopped)\b",
    )
});
/// A determiner and one word that says how a thing is ("a lost" in "a lost or stolen
/// fob"): the thing comes after the last alternative.
static STATE_ONLY: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"^(a|an|the|their|his|her|my|our|your|any) ([a-z]{3,}(ed|en)|lost|torn|bent|burnt|burst|split|wrong|faulty|missing|late|fake|broken|stolen|cracked|dead|empty)$",
    )
});
/// One word that, by its ending, describes a thing ("corporate" in "corporate or private
/// events", "student" in "student or staff discounts"), or a common word of degree
/// ("severe" in "severe or lasting pain").
static ADJECTIVE: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"^([a-z]{3,}(al|ate|ive|ic|ous|ful|less|ary|ory|ible|able|ish|ant|ent)|severe|mild|sudden|serious|minor|major|sharp|constant|persistent|heavy|bad|extreme|intense|chronic|acute|recurring|repeated|frequent|ongoing)$",
    )
});
/// A verb of perceiving or getting alone, whose object comes after the last alternative
/// ("heard" in "heard or saw explicit material").
static LONE_VERB: LazyLock<Regex> = LazyLock::new(|| {
    regex(r"^(heard|saw|seen|watched|listened to|read|got|received|found|bought|took|ate|drank)$")
});
/// A verb after a modal or a verb of trying, with no object ("they couldn't end" in
/// "they couldn't end or lock their ride"): the modal reaches the next verb, the object
/// comes after it.
static VERB_AFTER_MODAL: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"^(.*\b(could ?n'?t|can ?n'?t|cannot|could not|wo ?n'?t|would ?n'?t|unable to|did ?n'?t|does ?n'?t|fail(ed|s)? to|(want|wants|wanted|need|needs|tried|try|tries) to)) [a-z]+$",
    )
});
/// A verb and its object ("lock their ride").
static VERB_THEN_OBJECT: LazyLock<Regex> =
    LazyLock::new(|| regex(r"^([a-z]+) ((their|his|her|the|my|our|its|a|an|any) .+)$"));
/// Things listed with no word of their own, by their plural ("vehicles, cards" before "or parking sessions
/// on the account that they don't recognise").
static BARE_LIST: LazyLock<Regex> =
    LazyLock::new(|| regex(r"^([a-z'-]+ )?[a-z'-]+s(, ([a-z'-]+ )?[a-z'-]+s)*$"));
/// A thing, then what qualifies it: where it is or a relative clause ("parking sessions
/// on the account that …").
static QUALIFIED: LazyLock<Regex> = LazyLock::new(|| {
    regex(r"^([\w'-]+( [\w'-]+)?) ((on|in|at|from|for|with|that|which|they|we) .{6,})$")
});
/// Two words naming a thing, with no determiner ("damage claim" after "contests a damage
/// charge or").
static BARE_PAIR: LazyLock<Regex> = LazyLock::new(|| regex(r"^[a-z]{3,} [a-z]{3,}$"));
/// Words that start another thing rather than describe the last one.
static DETERMINER: LazyLock<Regex> =
    LazyLock::new(|| regex(r"^(their|his|her|the|a|an|my|our|its|your|any|some)\b"));

/// One or two words with no determiner and no verb ending ("cat", "other pet" before "or
/// other pet has eaten …"): a thing, listed.
static BARE_NOUN: LazyLock<Regex> = LazyLock::new(|| {
    regex(r"^(other |another |any |some )?[a-z'-]{2,}$|^[a-z'-]{2,} [a-z'-]{2,}$")
});

/// Words before a last past participle ("the system is being " in "the system is being
/// armed").
static ENDS_IN_PARTICIPLE: LazyLock<Regex> = LazyLock::new(|| regex(r"(^|\s)[a-z]{3,}(ed|en)$"));
/// A past participle and who did it ("disarmed by someone else"): the agent is shared
/// with the participle before.
static PARTICIPLE_BY: LazyLock<Regex> =
    LazyLock::new(|| regex(r"^([a-z]{3,}(ed|en)) ((by|without) .+)$"));

/// Prepositions that take an object ("around or under the panels").
const PREPOSITIONS: &str = "around|under|underneath|over|above|below|in|on|near|behind|beside|inside|outside|at|from|into|onto|through|next to";
/// A piece ending in a preposition, which needs the object after it.
static DANGLING: LazyLock<Regex> = LazyLock::new(|| regex(&format!(r"\b({PREPOSITIONS})$")));
static STARTS_WITH_PREPOSITION: LazyLock<Regex> =
    LazyLock::new(|| regex(&format!(r"^({PREPOSITIONS}) ")));
/// Where the last thing named in a piece starts ("the wrong medicine" in "their delivery
/// contained the wrong medicine").
static LAST_THING: LazyLock<Regex> =
    LazyLock::new(|| regex(r"\b(the|a|an|their|his|her|my|our|your|some|any)( [\w'-]+){1,3}$"));

/// A list of things after a verb, one per comma ("contained the wrong medicine, the wrong
/// strength or dose"): each thing is an alternative.
fn split_listed_things(piece: &str) -> Vec<String> {
    let parts: Vec<&str> = piece.split(", ").collect();
    // ("their dog, cat": a bare noun after a thing is one more of them.)
    let listed = parts.len() > 1
        && parts[1..].iter().all(|p| {
            let p = p.trim();
            (THING_ONLY.is_match(p) || BARE_NOUN.is_match(p) && !super::LONE_PARTICIPLE.is_match(p))
                && !PREDICATE.is_match(p)
        })
        && LAST_THING.is_match(parts[0]);
    if listed {
        parts.iter().map(|p| p.trim().to_owned()).collect()
    } else {
        vec![piece.to_owned()]
    }
}

/// `text` with the comma before the last "or" of a list dropped when a bare thing follows
/// it ("contained the wrong medicine, someone else's prescription, or the wrong
/// strength"): a serial comma, which joins the list's last thing, not another branch of
/// the condition.
pub(super) fn without_serial_comma(text: &str) -> std::borrow::Cow<'_, str> {
    static SERIAL_OR: LazyLock<Regex> = LazyLock::new(|| regex(r",\s+or\s+"));
    let mut joined = std::borrow::Cow::Borrowed(text);
    for found in SERIAL_OR
        .find_iter(text)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
    {
        let before = &text[..found.start()];
        let listed = before.contains(", ");
        let last = text[found.end()..].split(',').next().unwrap_or("");
        // (Its examples, set aside as marks, are of the thing.)
        let last = super::without_marks(last);
        let thing = |piece: &str| THING_ONLY.is_match(piece) && !PREDICATE.is_match(piece);
        // "about one of our events, a venue we sell for, or their order": a bare thing
        // last in a list is one more of the list, whatever the items before say of theirs.
        if listed && thing(last.trim()) {
            joined
                .to_mut()
                .replace_range(found.start()..found.end(), " or ");
        }
    }
    joined
}

/// Alternatives joined by "or" that share words: the predicate after the last ("their
/// account or their fob may be in someone else's hands": each may be), the thing after
/// the last ("a lost or stolen fob": a lost fob), the verb before the first ("contained the
/// wrong medicine, the wrong strength or dose": contained the wrong dose), or a
/// preposition's object ("around or under the panels").
pub(super) fn share_across_or<'a>(pieces: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut shared: Vec<String> = pieces.into_iter().flat_map(split_listed_things).collect();
    // Forwards: the verb and the words before the first thing reach the things after it.
    for i in 1..shared.len() {
        let (before, after) = shared.split_at_mut(i);
        let previous = &before[i - 1];
        let piece = &mut after[0];
        let Some(last) = LAST_THING.find(previous) else {
            continue;
        };
        let lead = &previous[..last.start()];
        if lead.trim().is_empty() {
            continue;
        }
        if THING_ONLY.is_match(piece) && !PREDICATE.is_match(piece) {
            *piece = format!("{lead}{piece}");
        } else if !piece.contains(' ')
            && piece.len() >= 3
            && !super::LONE_PARTICIPLE.is_match(piece)
        {
            // "the wrong strength or dose": the wrong dose.
            let thing = last.as_str();
            let modifiers = thing.rsplit_once(' ').map_or("", |(m, _)| m);
            *piece = format!("{lead}{modifiers} {piece}");
        } else if BARE_PAIR.is_match(piece)
            && !piece
                .split(' ')
                .any(|w| super::LONE_PARTICIPLE.is_match(w) || DETERMINER.is_match(w))
        {
            // "contests a damage charge or damage claim": contests a damage claim.
            *piece = format!("{lead}{piece}");
        }
    }
    // Lists of things that share the qualifier after them, by index (descending).
    let mut qualified: Vec<(usize, Vec<String>)> = Vec::new();
    for i in (0..shared.len().saturating_sub(1)).rev() {
        if DANGLING.is_match(&shared[i]) && STARTS_WITH_PREPOSITION.is_match(&shared[i + 1]) {
            // "water getting into their home around or under the panels".
            let object = shared[i + 1]
                .split_once(' ')
                .map_or("", |(_, o)| o)
                .to_owned();
            let lead = shared[i].rsplit_once(' ').map_or("", |(l, _)| l).to_owned();
            shared[i] = format!("{} {object}", shared[i]);
            shared[i + 1] = format!("{lead} {}", shared[i + 1]);
            continue;
        }
        let next = super::strip_customer(&shared[i + 1]).trim().to_owned();
        let piece = super::strip_customer(&shared[i]).trim().to_owned();
        if (THING_ONLY.is_match(&piece) || BARE_THINGS.is_match(&piece))
            && !PREDICATE.is_match(&piece)
            && let Some(predicate) = PREDICATE.captures(&next).and_then(|c| c.get(4))
        {
            shared[i] = format!("{piece} {}", &next[predicate.start()..]);
        } else if (STATE_ONLY.is_match(&piece) || ADJECTIVE.is_match(&piece))
            && !DETERMINER.is_match(&next)
            && let Some((_, thing)) = next.split_once(' ')
        {
            shared[i] = format!("{piece} {thing}");
        } else if let Some(modal) = VERB_AFTER_MODAL.captures(&piece)
            && let Some(verb_object) = VERB_THEN_OBJECT.captures(&next)
        {
            // "they couldn't end or lock their ride": couldn't end their ride, couldn't
            // lock it.
            let lead = modal.get(1).map_or("", |m| m.as_str());
            let object = verb_object.get(2).map_or("", |m| m.as_str());
            shared[i] = format!("{piece} {object}");
            shared[i + 1] = format!("{lead} {next}");
        } else if LONE_VERB.is_match(&piece)
            && let Some((_, object)) = next.split_once(' ')
        {
            // "students heard or saw explicit material": heard explicit material.
            shared[i] = format!("{piece} {object}");
        } else if !piece.contains(' ')
            && piece.len() >= 3
            && let Some(verb_object) = VERB_THEN_OBJECT.captures(&next)
        {
            // "move, postpone or reschedule a course they booked": postpone a course they
            // booked.
            shared[i] = format!("{piece} {}", verb_object.get(2).map_or("", |m| m.as_str()));
        } else if BARE_NOUN.is_match(&piece)
            && !super::LONE_PARTICIPLE.is_match(&piece)
            && let Some(predicate) = PREDICATE.captures(&next).and_then(|c| c.get(4))
        {
            // "their dog, cat or other pet has eaten …": the cat has eaten it too.
            shared[i] = format!("{piece} {}", &next[predicate.start()..]);
        } else if let Some(participle) = ENDS_IN_PARTICIPLE.find(&piece)
            && piece.contains(' ')
            && super::LONE_PARTICIPLE.is_match(&next)
            && !next.contains(' ')
        {
            // "an event was cancelled or rescheduled": the event was rescheduled too.
            let lead = piece[..participle.start()].trim_end();
            shared[i + 1] = format!("{lead} {next}");
        } else if let Some(participle) = ENDS_IN_PARTICIPLE.find(&piece)
            && let Some(agent) = PARTICIPLE_BY.captures(&next).and_then(|c| c.get(3))
        {
            // "the system is armed or disarmed by someone else": armed by someone else,
            // and the system is disarmed by them.
            let lead = piece[..participle.start()].trim_end();
            shared[i + 1] = format!("{lead} {next}").trim_start().to_owned();
            shared[i] = format!("{piece} {}", agent.as_str());
        } else if BARE_LIST.is_match(&piece)
            && let Some(qualifier) = QUALIFIED.captures(&next).and_then(|c| c.get(3))
        {
            // "vehicles, cards or parking sessions on the account that they don't
            // recognise": each thing listed is one they don't recognise.
            let qualifier = qualifier.as_str();
            qualified.push((
                i,
                piece
                    .split(", ")
                    .map(|thing| format!("{thing} {qualifier}"))
                    .collect(),
            ));
        }
    }
    // Each qualified thing is an alternative of its own, where the list was.
    for (i, things) in qualified {
        shared.splice(i..=i, things);
    }
    shared
}
