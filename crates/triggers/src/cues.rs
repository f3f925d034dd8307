//! The words operators use for each kind of condition, as they appear in instructions
//! ("asks for a person", "after 3 failed attempts", "more than 10 messages", "in a language
//! other than English"), and the parameters read from them. [`crate::reading`] decides what
//! part of an instruction is a condition; this module says which condition a part names.

use std::sync::LazyLock;

use regex::Regex;
use whatlang::Lang;

use crate::condition::Condition;
use crate::facts::{AttributeIs, Bound, Counted, language_named};
use crate::frustration::Listed;
use crate::text::{number, regex, words};
use crate::topics::Topic;

/// A request for a person: an asking verb with a person, or a call back.
static HUMAN: LazyLock<Regex> = LazyLock::new(|| {
    regex(concat!(
        r"\b(ask\w*|request\w*|want\w*|need\w*|demand\w*|prefer\w*|insist\w*|choos\w*|reach|get|wish\w*|would like)( \w+){0,3} (for |to (speak|talk|chat) (to|with) |to be (connected|transferred|put through|passed) (to|with) )?(a |an |the |some |one of our |our )?(real |live |actual |human )?(person|people|human|humans|someone|somebody|agent|rep|reps|representative|supervisor|manager|operator|staff|specialist|engineer|advisor|adviser|callback|call ?back|phone call|call)\b",
        r"|\b(speak|talk|chat)\w*( directly)? (to|with) (a |an |the |some |one of (our|the) |our |someone|somebody|anybody|anyone|one\b|them\b)",
        r"|\b(rather|prefer\w*) (\w+ ){0,3}(a |an |some |the )?(real |live |actual |human )?(person|human|people|someone|somebody|agent)\b|\bdeal (directly )?with (a |an |some |the )?(real |live |actual |human )?(person|human|people|someone|somebody|agent)\b",
        r"|\b(call|phone|ring) (them|him|her|the customer|the user|back)\b|\bask\w* (us |you )?to (call|phone|ring)\b|\bcall ?backs?\b",
        r"|^\s*(the customer )?(asks? for |requests? |wants? )?(a |an )?(human|person|live agent|real person|live rep|agent)s?\s*$",
        r"|^\s*(an? )?(human|person|live agent|real person|agent|callback|call ?back)( is| was)? (requested|asked for|wanted|needed)\s*$",
    ))
});

/// Failed attempts, and their number.
static ATTEMPTS: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\b(attempts?|tries|tried|fail|failed|fails|failure|failing|unsuccessful|(have|has) ?n'?t (worked|helped)|(have|has) not (worked|helped)|unhelpful|wrong answers?|struck out|strikes?|(second|third|fourth|fifth|2nd|3rd|4th|5th) (suggestion|attempt|try|answer|fix|solution|response|reply)|can'?t (resolve|solve|fix|help)|cannot (resolve|solve|fix|help)|could ?n'?t (resolve|solve|fix|help)|unable to (resolve|solve|fix|help)|does ?n'?t (work|help)|did ?n'?t (work|help)|fixes (that )?(do|did) ?n'?t work|fall(en|s|ing)? short|fell short|run out of (solutions|ideas|fixes)|out of ideas|goes|shots|stabs|neither (helped|worked)|none of (them|it|which) (helped|worked))\b",
    )
});
static ATTEMPT_COUNT: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\b(\d+|one|two|three|four|five|six|seven|eight|nine|ten|twice|thrice|once|several|multiple|a few|repeated(ly)?)\b( [\w']+){0,4} (failed |unsuccessful |bad |wrong )?(steps|attempts?|tries|times|fixes|answers|solutions|rounds|suggestions|strikes|goes|shots|stabs)\b|\bfail\w* (\d+|two|three|four|five|twice|thrice|several|multiple) times?\b|\b(twice|thrice)\b|\b(second|third|fourth|fifth|2nd|3rd|4th|5th) (unsuccessful |failed |bad |wrong )?(suggestion|attempt|try|answer|fix|solution|response|reply|time|go|shot)\b|\bstruck out (\w+ )?(\d+|two|three|four|five|twice|thrice)\b",
    )
});

/// Frustration.
static FRUSTRATION: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\b(frustrat\w*|angry|anger|angered|upset|fed up|annoyed|furious|irritat\w*|mad|livid|losing (their|his|her) (patience|temper)|swear\w*|profan\w*|curs(e|es|ing)|shout\w*|yell\w*|all caps|capitals|caps lock|rude|hostile|abusive|impatient|exasperat\w*|sarcas\w*|unhappy|dissatisfied|irate|outraged|insult\w*|threat\w* to (leave|cancel|switch)|contacted us (\w+ )?(several|many|multiple|three|3|a few) times|(several|many|multiple) times|(chasing|waiting|trying|struggling|struggled|contacting|writing|calling|ringing) (\w+ ){0,3}for (days|weeks)|losing it|at the end of (their|his|her) (rope|tether)|mood|had enough|has had enough|sick (and tired )?of|tired of|lost (their|his|her)? ?patience|losing patience|wits'? end|fuming|exasperated|cross|seething|enraged|pissed)\b",
    )
});
static SARCASM: LazyLock<Regex> = LazyLock::new(|| regex(r"\bsarcas\w*|\bironi\w*"));
static LEAVING: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\bthreat\w* to (leave|cancel|switch|go)\b|\b(leave|leaving|quit|quitting|switch\w*|cancel\w*) (us|to a competitor|their (account|subscription|contract|plan))\b|\bchurn\w*\b",
    )
});

/// The assistant having no answer, and the scope of the questions.
static NO_ANSWER: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\b(does ?n'?t|does not|do ?n'?t|do not|cannot|can'?t|could ?n'?t|could not|unable to|is not able to|isn'?t able to|fails? to) (have|know|find|answer|give|provide|tell|say|confirm|work out|determine|figure out|help|advise|assist|comment)\b|\bno (information|answer|knowledge|info|idea)\b|\bno (further|more|other) (fix|fixes|solutions?|ideas|suggestions|steps|options)\b|\bnothing (else|more|further) to (try|suggest|offer)\b|\b(run|runs|ran|running) out of (answers|ideas|suggestions|things to (try|suggest)|options|fixes)\b|\bout of scope\b|\boutside (of )?(our|the|its|what|scope)\b|\bnot (covered|documented|in the knowledge)\b|\bunrelated to\b|\boff[- ]topic\b|\b(has|have) no (information|knowledge|answer)\b|\blacks (the )?(information|knowledge|answer)\b|\bunknown to\b|\bsays? (it|they) (is|are)n'?t sure\b|\b(not|isn'?t) sure\b|\bstumped\b|\bdrew a blank\b|\bcomes up empty\b",
    )
});
static SCOPED: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\b(about|on|regarding|related to|concerning|with) (one of |any of )?(our|the company'?s|its|your) \w+",
    )
});
static NO_ANSWER_COUNT: LazyLock<Regex> = LazyLock::new(|| {
    regex(r"\b(twice|thrice|(\d+|two|three|four|five) times|(second|third|fourth) time)\b")
});

/// The same question asked again.
/// "a rude delivery crew": how staff behaved, a topic of its own, not the customer's mood.
static STAFF_BEHAVIOUR: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\b(rude|abusive|hostile|aggressive)( \w+)? (crew|driver|courier|rider|staff|agent|employee|technician|engineer|host|guide|receptionist|installer|team|worker|member of staff)s?\b",
    )
});
static REPEAT: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\b(same (thing|question|request|query)|asks? (it |that |this )?again|asking (it |that |this )?again|repeat\w*( (themselves|the question|the same|their question))?|keeps? asking|re-?asks?|asked (it |that )?(again|before|already)|the same thing (\w+ ){0,2}(time|times)|the (second|third|fourth|2nd|3rd|4th) time (a |an |the )?[\w-]+ (asks|ask|raises|brings up)\b|\b(asks?|asking|asked)\b.{0,60}\bfor (the|a) (second|third|fourth|2nd|3rd|4th) time\b)\b",
    )
});
static REPEAT_COUNT: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\b(second|third|fourth|fifth|2nd|3rd|4th|5th) (time|go|try|attempt|asking)\b|\b(twice|thrice)\b|\b(\d+|two|three|four|five) times\b|\bagain\b",
    )
});

/// A number of messages.
static LENGTH: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\b(more than|over|at least|upwards of|in excess of|longer than|past|beyond|after|exceeds?|exceeding|reaches|reached|hits?)\s+(\d+|[a-z]+)\s+((customer|user|of (their|his|her)|their|his|her|own|total|chat|back-and-forth) )?(messages|turns|replies|exchanges|back-and-forths|texts|questions|interactions)\b|\b(\d+|[a-z]+) or more ((customer|user|their) )?(messages|turns|replies|exchanges|texts)\b|\b(\d+|[a-z]+) ((customer|user|their) )?(messages|turns|replies|texts) or more\b",
    )
});
/// "has written to us more than five times": the customer's messages, counted.
static WRITTEN_TIMES: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\b(?:written|wrote|writes|messaged|messages|texted|texts|replied|sent (?:us )?(?:a )?messages?)(?: (?:to |in to )?us)?(?: in (?:the |this )?chat)? (more than|over|at least) (\d+|[a-z]+) times\b",
    )
});
static COUNTS_ALL: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\b(in (the|this) (conversation|chat)|in total|in all|total|turns|exchanges|back-and-forths|back and forth|the conversation (has|reaches|goes))\b",
    )
});

/// Messages someone sent, not the conversation's: "once they have sent more than 6
/// messages in the chat" counts the customer's.
static SENT_BY: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\b(they|he|she|user|member|client|guest|patient|caller)('ve|'s| have| has)? (sent|written|typed|posted|written us)\b",
    )
});

/// Not solved yet.
static UNRESOLVED: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\b((still )?(do ?n'?t|does ?n'?t|do not|does not|did ?n'?t) (yet )?have (their|his|her|my) (\w+ )?(resolved|sorted|solved|fixed)|(still )?(has ?n'?t|has not|have ?n'?t|have not|did ?n'?t|did not) (yet )?(got|gotten|get|received|found|had) what (they|he|she|the customer) (came|wanted|needed|need|needs|want|wants|asked|contacted us)|still (isn'?t|is not|not|hasn'?t been|has not been) (\w+ )?(sorted|resolved|solved|fixed|answered|helped|handled|dealt with|done|working|closed)|still (remains?|unresolved|open|unsolved|without)|(isn'?t|is not|not|hasn'?t been|has not been|never|haven'?t been|have not been|wasn'?t|was not) (yet )?(sorted|resolved|solved|fixed|answered|helped|handled)|unresolved|unsolved|without (a )?(resolution|solution|fix|answer)|no (resolution|solution) (yet|in sight)|remains? (open|unresolved|unsolved)|(hasn'?t|has not|haven'?t|have not) (got|gotten|received) (a )?(resolution|solution|fix|answer)|(still )?(do ?n'?t|does ?n'?t|do not|does not) (yet )?(have|get) what (they|he|she|the customer) (came|come|wanted|needed|asked) for)\b",
    )
});

/// A language condition.
static LANGUAGE: LazyLock<Regex> = LazyLock::new(|| {
    let named = crate::facts::LANGUAGE_NAMES
        .iter()
        .map(|(name, _)| *name)
        .collect::<Vec<_>>()
        .join("|");
    regex(&format!(
        r"\blanguages?\b|\bnon-?(english|spanish|french|german|portuguese|italian)\b|\b(write|writes|writing|wrote|written|speak|speaks|speaking|message|messages|chat|chats|reply|replies) (to us )?in ({named})\b|\bin (english|spanish|french|german|portuguese|italian)\b|\b(write|writes|writing|wrote|speak|speaks|speaking|message|messages|chat|chats|reply|replies) (to us )?in (anything|something|any language|a language|languages?) (other than|besides|except|apart from|but) ({named})\b|\b({named})((,| or| and|/) ({named}))* (speakers?|speaking (customers?|users?|people|clients?|guests?))\b",
    ))
});
static LANGUAGE_OUTSIDE: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\b(other than|besides|except|apart from|but|outside|not|non-?|isn'?t|aren'?t|don'?t|doesn'?t|does not|do not|never|neither|nor)\b",
    )
});

/// A number of something the customer gives ("more than 20 learners", "after two weeks").
static QUANTITY: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\b(more than|over|at least|upwards of|in excess of|above|exceeding|bigger than|larger than|greater than|after|longer than|beyond|(\d[\d,]*|[a-z]+) or more|(\d[\d,]*)\+)\s*(\d[\d,]*|[a-z]+)?\s+(?:of (?:their|our|its|his|her|the) )?(?:(?:separate|different|individual|distinct|new|other|extra|additional|more|whole|full) )?([a-z][\w-]*)",
    )
});

/// Attribute restrictions on who the customer is.
static ATTRIBUTE_PLAN: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\b(on|with|using|subscribed to|in) (the |a |an |our )?([\w-]+(?: [\w-]+)?) (plan|tier|subscription|membership|level|package|account|program|programme|lease|tenancy|tariff)\b|\b([\w]+)[- ](plan|tier|level) (customers?|users?|members?|subscribers?|clients?|accounts?|shoppers?|learners?|guests?|patients?|holders?|policy ?holders?|travell?ers?|only\s*$)",
    )
});
/// Two values of one plan or tier ("at Gold or Platinum tier"): either.
static ATTRIBUTE_PLAN_PAIR: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\b(on|with|in|at) (the |a |an |our )?([\w-]+),? (or|and|&) ([\w-]+) (plan|tier|level|membership|package)s?\b",
    )
});
/// Words that name a customer tier, and the people a tier is of.
const TIER: &str = r"vips?|premium|premier|enterprise|pro|gold|platinum|silver|bronze|plus|free|trial|beta|b2b|b2c|wholesale|trade|corporate|priority|key|loyalty|elite|basic|starter|business|student|verified|high-value|high value|partner|reseller";
const TIER_HOLDERS: &str = r"customers?|users?|members?|subscribers?|clients?|accounts?|shoppers?|learners?|guests?|patients?|buyers?|travell?ers?|renters?|tenants?|owners?|policy ?holders?|holders?";
static ATTRIBUTE_ADJECTIVE: LazyLock<Regex> = LazyLock::new(|| {
    regex(&format!(
        r"\b({TIER})( (club|plan|tier|level|card|status|loyalty))?( [a-z]+)?( |-)({TIER_HOLDERS})\b|\bvips?\b"
    ))
});
/// A tier of the operator's own naming at the head of a rule ("For Keyholder members,
/// hand over …"): the value of an attribute, whatever its key. Words that describe people
/// rather than name a tier ("for new members") are not one.
static ATTRIBUTE_NAMED_TIER: LazyLock<Regex> = LazyLock::new(|| {
    regex(&format!(
        r"^\s*(?:only )?for ([a-z][a-z-]{{2,}}) (?:{TIER_HOLDERS})\b"
    ))
});
const NOT_A_TIER: &[&str] = &[
    "new",
    "existing",
    "all",
    "any",
    "our",
    "other",
    "returning",
    "current",
    "former",
    "such",
    "these",
    "those",
    "some",
    "most",
    "many",
    "younger",
    "older",
    "local",
    "international",
    "first-time",
    "repeat",
    "regular",
    "paying",
    "active",
    "inactive",
    "registered",
];

/// Two tiers of one kind of people ("Gold and Platinum club members"): either.
static ATTRIBUTE_PAIR: LazyLock<Regex> = LazyLock::new(|| {
    regex(&format!(
        r"\b({TIER}),? (and|or|&) ({TIER})( (club|plan|tier|level|card|status|loyalty))?( |-)({TIER_HOLDERS})\b"
    ))
});
static ATTRIBUTE_PLACE: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\b(customers?|users?|members?|subscribers?|clients?|shoppers?|learners?|guests?|patients?|buyers?|people|anyone|someone) (based |located |living )?(in|from) (the )?([a-z]+( [a-z]+)?)\b",
    )
});
static ATTRIBUTE_WHOSE: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r#"\bwhose ([\w ]+?) (is|are|equals) "?([\w-]+)"?|\b(marked|flagged|tagged|labell?ed) (as )?(?:an? |the )?"?([\w-]+)"?|\b(attribute|field) "?([\w-]+)"? (is|of|=) "?([\w-]+)"?"#,
    )
});

/// What happens to a thing ("whose order is late"), which the conversation tells; an
/// attribute is what the customer is ("whose account type is landlord").
const STATE: &[&str] = &[
    "late",
    "delayed",
    "missing",
    "lost",
    "broken",
    "damaged",
    "stuck",
    "wrong",
    "cancelled",
    "canceled",
    "overdue",
    "down",
    "not",
    "still",
    "already",
    "being",
    "been",
    "empty",
    "faulty",
    "unpaid",
    "pending",
    "frozen",
    "blocked",
    "locked",
    "closed",
    "gone",
    "stolen",
    "hacked",
    "failing",
    "failed",
    "slow",
    "incorrect",
    "expired",
    "leaking",
    "flooded",
];

/// Whether `part` asks for a person.
pub fn human(part: &str) -> bool {
    // "wants to add someone to their plan": a person changed on the account, not one to
    // talk to.
    static PERSON_CHANGED: LazyLock<Regex> = LazyLock::new(|| {
        regex(
            r"\b(add|adding|remove|removing|take|taking|put|putting|swap|swapping|include|including|invite|inviting|register|registering|enrol|enroll|enrolling|sign|signing) (someone|somebody|people|a person|another person)( (new|else))?\b",
        )
    });
    // "wants to call off their booking" cancels; nobody is called.
    let part = crate::lexicon::blank("cancel", part);
    HUMAN.is_match(&PERSON_CHANGED.replace_all(&part, " "))
}

/// Failed attempts named in `part`, with their number.
pub fn failed_attempts(part: &str) -> Option<u32> {
    // "they've already tried reconnecting it": what the customer did before, a thing they
    // report (the assistant's attempts are what this counts).
    static CUSTOMER_TRIED: LazyLock<Regex> = LazyLock::new(|| {
        regex(
            r"\b(they|he|she|the (customer|user|member|guest|client))('ve| have| has| had)? (already |previously |also )?tried [a-z-]+ing\b",
        )
    });
    static ASSISTANT: LazyLock<Regex> = LazyLock::new(|| {
        regex(r"\b(assistant|bot|ai|our (fix|answer|suggestion)s?|suggestions?|fix(es)?)\b")
    });
    // "a failed pay run", "their failed payment": what failed is a thing the customer
    // reports, not an attempt of the assistant's.
    static FAILED_THING: LazyLock<Regex> = LazyLock::new(|| {
        regex(r"\b(a|an|the|their|his|her|my|our|any|every) (fail(ed|ing)|unsuccessful) ([a-z-]+)")
    });
    static ATTEMPT_NOUN: LazyLock<Regex> = LazyLock::new(|| {
        regex(
            r"^(attempts?|tries|try|fix(es)?|troubleshooting|suggestions?|answers?|solutions?|steps?|goes|rounds?|resolutions?)$",
        )
    });
    // "a bike failed dangerously during a ride", "the brakes fail": a thing failing, which
    // the customer reports, is no attempt of the assistant's either.
    static THING_FAILED: LazyLock<Regex> = LazyLock::new(|| {
        regex(
            r"\b(a|an|the|their|his|her|my|our|its|one of our) ([a-z-]+)( [a-z-]+)? (fail(ed|s|ing)?)\b",
        )
    });
    static NOT_A_THING: LazyLock<Regex> = LazyLock::new(|| {
        regex(
            r"^(assistant|bot|ai|agent|chatbot|attempts?|tries|try|fix(es)?|troubleshooting|suggestions?|answers?|solutions?|steps?|goes|rounds?|resolutions?|same|first|second|third|last|next|previous)$",
        )
    });
    let things: Vec<std::ops::Range<usize>> = FAILED_THING
        .captures_iter(part)
        .filter(|c| !ATTEMPT_NOUN.is_match(&c[4]))
        .filter_map(|c| c.get(2).map(|m| m.range()))
        .chain(
            THING_FAILED
                .captures_iter(part)
                .filter(|c| {
                    !NOT_A_THING.is_match(&c[2])
                        && c.get(3)
                            .is_none_or(|m| !NOT_A_THING.is_match(m.as_str().trim()))
                })
                .filter_map(|c| c.get(4).map(|m| m.range())),
        )
        .collect();
    // "Payment difficulty goes to Financial Support": where it goes, not "two goes".
    static GOES_SOMEWHERE: LazyLock<Regex> = LazyLock::new(|| {
        regex(r"^\s+(to|through|straight|directly|right|over|on|first|last|ahead|before|above)\b")
    });
    // "one of their member benefits didn't work for them": a thing of theirs not working,
    // which the customer reports, is no fix of the assistant's.
    static THING_DID_NOT_WORK: LazyLock<Regex> = LazyLock::new(|| {
        regex(
            r"\b(their|his|her|a|an|the|one of (their|his|her|the)) ((member|membership|loyalty|gift|guest|discount|access|key|door|promo|voucher|season)[\w-]* )?([a-z-]+) (did ?n'?t|did not|does ?n'?t|does not|wo ?n'?t|would ?n'?t|was ?n'?t|were ?n'?t) (work|scan|apply|go through|open)\b",
        )
    });
    // "a repair we already did has failed": work of ours the customer paid for, which
    // they report, not a fix the assistant suggested.
    static OUR_PAST_WORK: LazyLock<Regex> = LazyLock::new(|| {
        regex(
            r"\b(a|an|the|any|their) (repair|service|installation|install|fitting|job|work|treatment|clean|visit|fix)s? (that )?(we|you|our [\w-]+)('ve| have| had)? (already |previously |recently |just )?(did|done|carried out|made|performed|fitted|installed|completed|repaired)\b",
        )
    });
    // "billed for hours that weren't worked": time not worked, which the bill names.
    static TIME_NOT_WORKED: LazyLock<Regex> = LazyLock::new(|| {
        regex(
            r"\b(hours|shifts|days|time|overtime|visits) (that |which )?(were ?n'?t|were not|was ?n'?t|was not|never|not) (actually )?(worked|done|delivered|provided)\b",
        )
    });
    if OUR_PAST_WORK.is_match(part) || (TIME_NOT_WORKED.is_match(part) && !ASSISTANT.is_match(part))
    {
        return None;
    }
    if let Some(thing) = THING_DID_NOT_WORK.captures(part)
        && !matches!(
            thing.get(5).map_or("", |m| m.as_str()),
            "fix"
                | "fixes"
                | "suggestion"
                | "suggestions"
                | "answer"
                | "answers"
                | "solution"
                | "solutions"
                | "steps"
                | "step"
                | "tip"
                | "tips"
                | "advice"
                | "attempt"
                | "attempts"
        )
        && !ASSISTANT.is_match(part)
    {
        return None;
    }
    let attempted = ATTEMPTS.find_iter(part).any(|m| {
        let in_a_thing = things
            .iter()
            .any(|t| t.start <= m.start() && m.end() <= t.end);
        let goes_somewhere = m.as_str() == "goes" && GOES_SOMEWHERE.is_match(&part[m.end()..]);
        !(in_a_thing || goes_somewhere)
    });
    if !attempted || CUSTOMER_TRIED.is_match(part) && !ASSISTANT.is_match(part) {
        return None;
    }
    let n = ATTEMPT_COUNT
        .captures(&without_named_levels(part))
        .and_then(|found| {
            found
                .iter()
                .skip(1)
                .flatten()
                .find_map(|m| count(m.as_str().trim()))
        });
    // "the bot cannot solve" without a number: one failure.
    Some(n.unwrap_or(1).clamp(1, 20))
}

/// Whether `part` says how many failed attempts it takes.
pub fn attempts_counted(part: &str) -> bool {
    ATTEMPT_COUNT.is_match(&without_named_levels(part))
}

/// `part` without the numbers that name a support level or a team ("escalate to tier 2",
/// "line 3 support"): they count nothing.
fn without_named_levels(part: &str) -> std::borrow::Cow<'_, str> {
    static NAMED_LEVEL: LazyLock<Regex> = LazyLock::new(|| {
        regex(
            r"\b(tier|level|line|stage|squad|team|group|desk|l)[ -]?(\d+|one|two|three|four|ii|iii)\b",
        )
    });
    NAMED_LEVEL.replace_all(part, " ")
}

/// The assistant having no answer, with scope (from the whole clause `whole`: "doesn't
/// know, or can't find, the answer to a question about our courses") and number.
pub fn no_answer(part: &str, whole: &str) -> Option<Condition> {
    let cue = NO_ANSWER.find(part)?;
    let scoped = SCOPED.is_match(part) || SCOPED.is_match(whole);
    let times = NO_ANSWER_COUNT
        .find(part)
        .and_then(|m| m.as_str().split_whitespace().find_map(count))
        .unwrap_or(1);
    // What the assistant has no answer about ("can't find the status of the customer's
    // installation"), unless that is the operator's whole offering, which `scoped` reads.
    static OBJECT_END: LazyLock<Regex> =
        LazyLock::new(|| regex(r"\b(because|since|so that|when|if|while|unless)\b"));
    let object = &part[cue.end()..];
    let object = OBJECT_END
        .find(object)
        .map_or(object, |end| &object[..end.start()]);
    let object = NO_ANSWER_COUNT.replace_all(object, " ");
    // "the information they're asking for": what they ask, said again, names nothing.
    static THEY_ASK: LazyLock<Regex> = LazyLock::new(|| {
        regex(
            r"\b((that|which) )?(they|he|she|the (customer|user|member|guest|client))('re|'s| are| is| were| was)? (asking|asked|ask|looking|want|wanted|need|needed)( for| about)?\b",
        )
    });
    let object = THEY_ASK.replace_all(&object, " ");
    // "about our clinics, prices or opening times" names its subjects; "about our
    // products" names the whole offering, which leaves none (`scope::subject`).
    let about = if crate::scope::whole_offering(&object) {
        Vec::new()
    } else {
        crate::scope::subject(&object)
    };
    Some(Condition::NoAnswer {
        scoped,
        times,
        about,
    })
}

/// Sarcasm said not to count on its own ("sarcasm on its own isn't enough").
static NOT_ENOUGH: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\b(sarcas\w*|ironi\w*)[^.;]{0,40}\b(is ?n'?t|is not|not|does ?n'?t|does not|never|wo ?n'?t) (\w+ )?(enough|count|qualify|suffice)",
    )
});

/// Frustration named in `part`; `whole` is its clause, `instruction` the whole trigger
/// (whose examples, after a colon, may list sarcasm).
pub fn frustration(part: &str, whole: &str, instruction: &str) -> Option<Condition> {
    if STAFF_BEHAVIOUR.is_match(part) {
        return None;
    }
    // "an owner is unhappy with the cut itself": a complaint about a thing we made or
    // did, which is a topic of its own, not the customer's anger at us.
    static UNHAPPY_WITH_A_THING: LazyLock<Regex> = LazyLock::new(|| {
        regex(
            r"\b(unhappy|not happy|dissatisfied|displeased|disappointed) (with|about) (the|their|his|her|a|an) ([a-z][\w-]*)",
        )
    });
    if UNHAPPY_WITH_A_THING
        .captures(part)
        .is_some_and(|c| !matches!(&c[4], "service" | "support" | "team" | "staff" | "company"))
    {
        return None;
    }
    // "a child hurt, left alone, shouted at or hit": done to someone, not the customer's
    // anger.
    static DONE_TO: LazyLock<Regex> = LazyLock::new(|| {
        regex(
            r"\b(shouted|yelled|screamed|sworn|cursed) at\b|\b(was|were|been|being|got) (insulted|abused|threatened)\b",
        )
    });
    FRUSTRATION
        .is_match(&DONE_TO.replace_all(part, " "))
        .then(|| {
            Condition::Frustration(Listed {
                sarcasm: SARCASM.is_match(whole)
                    || SARCASM.is_match(instruction) && !NOT_ENOUGH.is_match(instruction),
                leaving: LEAVING.is_match(whole),
            })
        })
}

/// A repeated question, and how many askings.
pub fn repeat(part: &str) -> Option<u32> {
    // "the assistant keeps asking": what the assistant does meanwhile, not the customer.
    static ASSISTANT_ASKS: LazyLock<Regex> = LazyLock::new(|| {
        regex(r"\b(the |our )?(assistant|bot|ai|agent|we) (keeps?|kept) asking\b")
    });
    if !REPEAT.is_match(part) || ASSISTANT_ASKS.is_match(part) {
        return None;
    }
    let n = REPEAT_COUNT
        .find_iter(part)
        .filter_map(|m| {
            let text = m.as_str();
            if text == "again" {
                return Some(2);
            }
            text.split_whitespace().find_map(count)
        })
        .max();
    Some(n.unwrap_or(2).clamp(2, 20))
}

/// A length condition.
pub fn length(part: &str) -> Option<Condition> {
    let (n, inclusive, written) = match WRITTEN_TIMES.captures(part) {
        Some(found) => (count(&found[2])?, &found[1] == "at least", true),
        None => {
            let (n, inclusive) = messages_counted(part)?;
            (n, inclusive, false)
        }
    };
    Some(Condition::Length {
        at_least: if inclusive { n } else { n.saturating_add(1) },
        // What the customer wrote is their own messages, whatever else the part says.
        counted: if !written
            && COUNTS_ALL.is_match(part)
            && !part.contains("customer")
            && !SENT_BY.is_match(part)
        {
            Counted::All
        } else {
            Counted::Customer
        },
    })
}

/// The number of messages `part` names, and whether that number itself counts ("at
/// least 5", "5 or more") or only more than it ("more than 5").
fn messages_counted(part: &str) -> Option<(u32, bool)> {
    let found = LENGTH.captures(part)?;
    Some(if let Some(n) = found.get(2) {
        let lead = found.get(1).map_or("", |m| m.as_str());
        (
            count(n.as_str())?,
            matches!(
                lead,
                "at least" | "after" | "reaches" | "reached" | "hits" | "hit"
            ),
        )
    } else {
        // "N or more messages", "N messages or more": the first group that is a number.
        let n = (3..found.len())
            .filter_map(|group| found.get(group))
            .find_map(|m| count(m.as_str().trim()))?;
        (n, true)
    })
}

/// "Still not sorted".
pub fn unresolved(part: &str) -> bool {
    UNRESOLVED.is_match(part)
}

/// "a different language", "any other language", "a foreign language": the allowed ones
/// are named elsewhere in the instruction ("our hosts can help in English or French").
static OTHER_LANGUAGE: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\b(different|other|another|foreign|second|non-?native) languages?\b|\blanguages? (other than|besides|except|apart from)\b",
    )
});

/// A language condition; `instruction` (the whole of it) names the allowed languages when
/// `part` does not.
pub fn language_in(part: &str, instruction: &str) -> Option<Condition> {
    if let Some(found) = language(part) {
        return Some(found);
    }
    // "We support English and French. Anything else goes to the multilingual desk."
    static ANYTHING_ELSE: LazyLock<Regex> = LazyLock::new(|| {
        regex(
            r"^\s*(anything|everything|any|all|whatever)( \w+)? (else|other|others)\b|^\s*(any|all) others?\b|\b(writing|writes|write|messaging|messages) (to us )?in (anything|something|whatever)( \w+)? else\b",
        )
    });
    static SUPPORTED: LazyLock<Regex> = LazyLock::new(|| {
        regex(
            r"\b(support|supports|speak|speaks|work in|works in|answer in|reply in|handle|cover|serve|available in|offered in|reviewed in|staffed in|monitored in|checked in|read in)\b",
        )
    });
    let anything_else = ANYTHING_ELSE.is_match(part)
        && SUPPORTED.is_match(instruction)
        && !named_languages(instruction).is_empty();
    if !OTHER_LANGUAGE.is_match(part) && !anything_else {
        return None;
    }
    // "any other language (Italian, German, whatever it is)": examples of the others,
    // not languages the team works in.
    static OTHERS_LISTED: LazyLock<Regex> = LazyLock::new(|| {
        regex(
            r"\b(other|another|different|foreign|any) languages?\s*(\([^)]*\)|,?\s*(e\.?g\.?|such as|like|say|for example|for instance|including)\s[^.;:]*)",
        )
    });
    let mut languages: Vec<Lang> = named_languages(&OTHERS_LISTED.replace_all(instruction, " "));
    if languages.is_empty() {
        languages.push(Lang::Eng);
    }
    Some(Condition::Language {
        inside: false,
        languages,
    })
}

fn named_languages(text: &str) -> Vec<Lang> {
    words(text)
        .filter_map(language_named)
        .fold(Vec::new(), |mut all, lang| {
            if !all.contains(&lang) {
                all.push(lang);
            }
            all
        })
}

/// A language condition.
pub fn language(part: &str) -> Option<Condition> {
    // "the community team works in English and French": what the team speaks, never a
    // rule that fires on messages in those languages.
    static CAPABILITY: LazyLock<Regex> = LazyLock::new(|| {
        regex(
            r"\b(works?|speaks?|staffed|available|supported|reviewed|answered|offered|operates?|runs?|serves?|covers?) (only )?in\b",
        )
    });
    if !LANGUAGE.is_match(part) || CAPABILITY.is_match(part) {
        return None;
    }
    let languages: Vec<Lang> =
        words(part)
            .filter_map(language_named)
            .fold(Vec::new(), |mut all, lang| {
                if !all.contains(&lang) {
                    all.push(lang);
                }
                all
            });
    if languages.is_empty() {
        return None;
    }
    Some(Condition::Language {
        inside: !LANGUAGE_OUTSIDE.is_match(part),
        languages,
    })
}

/// "5,000 units or more", said the other way round ("5,000 or more units"): the same
/// length, so what is found in one is where it is in the other.
static NOUN_OR_MORE: LazyLock<Regex> =
    LazyLock::new(|| regex(r"\b(\d[\d,]*) ([a-z][\w-]*) or more\b"));

/// "… or patients" right after a count.
static ANOTHER_NAME: LazyLock<Regex> = LazyLock::new(|| regex(r"^\s*(?:or|and|/)\s*([a-z][\w-]*)"));

/// The number of something the customer must give.
pub fn quantity(part: &str) -> Option<(Condition, std::ops::Range<usize>)> {
    let part = NOUN_OR_MORE.replace_all(part, "$1 or more $2");
    for found in QUANTITY.captures_iter(&part) {
        let lead = found.get(1).map_or("", |m| m.as_str());
        let counted = found
            .get(2)
            .and_then(|m| count(m.as_str().split_whitespace().next()?))
            .or_else(|| found.get(3).and_then(|m| count(m.as_str())));
        let (n, inclusive) = if let Some(n) = counted {
            (n, true)
        } else if let Some(n) = found
            .get(4)
            .filter(|m| !matches!(m.as_str(), "a" | "an" | "single"))
            .and_then(|m| crate::text::number(m.as_str()))
        {
            (n, matches!(lead, "at least" | "after"))
        } else {
            continue;
        };
        // After "500 or more" a word is what is counted ("500 or more units of anything"),
        // not a number.
        let unit = match found.get(4) {
            Some(word) if counted.is_some() && crate::text::number(word.as_str()).is_none() => {
                word.as_str()
            }
            _ => found.get(5).map_or("", |m| m.as_str()),
        };
        if NOT_A_UNIT.contains(&unit) || ATTEMPTS.is_match(&part) {
            continue;
        }
        let (unit, factor) = match unit {
            "day" | "days" => ("days".to_owned(), 1),
            "week" | "weeks" => ("days".to_owned(), 7),
            "month" | "months" => ("days".to_owned(), 30),
            "hour" | "hours" | "minutes" | "minute" => continue,
            other => (unit_concept(other), 1),
        };
        let at_least = if inclusive { n } else { n.saturating_add(1) };
        let mut whole = found.get(0).map_or(0..0, |m| m.range());
        // "more than 10 residents or patients": another name of what is counted belongs to
        // the count, not to the rest of the condition.
        if let Some(other) = ANOTHER_NAME.captures(&part[whole.end..])
            && unit_concept(&other[1]) == unit
        {
            whole.end += other[0].len();
        }
        return Some((
            Condition::Quantity {
                at_least: at_least.saturating_mul(factor),
                unit,
            },
            whole,
        ));
    }
    None
}

/// Words after a number that count nothing ("twice or more than the order total").
const NOT_A_UNIT: &[&str] = &[
    "than",
    "the",
    "a",
    "an",
    "of",
    "times",
    "time",
    "once",
    "twice",
    "or",
    "and",
    "to",
    "in",
    "on",
    "at",
    "for",
    "with",
    "their",
    "his",
    "her",
    "our",
    "your",
    "its",
    "this",
    "that",
    "failed",
    "unsuccessful",
    "attempts",
    "tries",
    "messages",
    "turns",
    "replies",
];

/// The concept that counts a unit ("learners" → people), [`ANY_UNIT`] for a count of
/// anything ("500 units or more"), or the word itself.
fn unit_concept(word: &str) -> String {
    if matches!(
        word,
        "units" | "unit" | "items" | "pieces" | "pcs" | "copies"
    ) {
        return crate::facts::ANY_UNIT.to_owned();
    }
    crate::lexicon::concepts()
        .iter()
        .find(|c| c.kind == crate::lexicon::Kind::Thing && c.names_whole(word))
        .map_or_else(|| word.to_owned(), |c| c.name.to_owned())
}

/// Words after a value that make "=" prose ("emergency = page the on-call vet", "ready to
/// go = customer gives the model number"): a value the front end sends ends the phrase.
static PROSE_AFTER_VALUE: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r#"^"?\s+(the|a|an|to|our|their|his|her|them|him|me|us|gives?|has|have|is|are|says?|tells?|asks?|wants?|immediately|now|straight)\b"#,
    )
});

/// What follows "=" when it means "then": "three times = escalate", "locked out = P1".
static EQUALS_IN_PROSE: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"^(escalat\w*|hand\w*|human|agent|person|ticket|transfer\w*|route|email|p\d|priority|urgent|fire|trigger)$",
    )
});

/// An attribute spelled as the front end sends it: "(care_plan is premium)".
static ATTRIBUTE_EXPLICIT: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r#"\b([a-z]+(?:_[a-z]+)+)(?: (?:on|in|of) (?:the|their|his|her) (?:account|profile|record))? ?(?:is|=|==|equals|:) ?"?([\w-]+)"?|\b((?:account|customer|membership|plan|user|club|loyalty) (?:type|tier|plan|level|status|segment))(?: "|: ?)([\w-]+)"?|(?:^|\()\s*([a-z]+) ?==? ?"?([\w-]+)"?|\b(plan|tier|segment|region|country|market|channel|locale) (?:is|:) (?:"([\w-]+)"|([a-z0-9]+_[\w-]+))|\b(?:customer|visitor|user|guest|member|client|patient|owner|passenger|player|learner|traveller|traveler|caller|buyer|shopper|subscriber|holder)'?s (plan|tier|segment|membership|status|level|region|country|market|type|role) (?:is|=|==) "?([\w-]+)"?|\(\s*(plan|tier|segment|membership|status|level|region|country|market|channel|locale|type) is "?([\w-]+)"?\s*\)|\b(plan|tier|segment|membership|status|level|region|country|market|channel|locale) ?==? ?"?([\w-]+)"?|(?:\(|^)\s*([a-z]+)\s*:\s*"?([\w-]+)"?\s*(?:\)|$)|\b([a-z]+) ?== ?"?([\w-]+)"?|\b([a-z]+) = "?([\w-]+)"?|\b([a-z_]+) (?:attribute|field) (?:is|=|==|equals|:) (?:"([^"]{1,64})"|([\w-]+))"#,
    )
});

/// Explicit attributes with the other values listed after each ("plan is monthly_pass or
/// annual_pass"): the same key, one restriction per value, joined by "or".
fn with_listed_values(
    part: &str,
    explicit: Vec<(AttributeIs, std::ops::Range<usize>)>,
) -> Vec<(AttributeIs, std::ops::Range<usize>)> {
    // Another value is quoted or spelled like one ("annual_pass"), or follows "or": in
    // `account type "carer", people managing medicines` the comma starts a description.
    static NEXT_VALUE: LazyLock<Regex> = LazyLock::new(|| {
        regex(
            r#"^\s*(?:,\s*)?(?:or|,)\s+(?:"([\w-]+)"|([a-z0-9]+_[\w-]+))|^\s*,?\s*or\s+([a-z0-9]+(?:-[a-z0-9]+)*)\b"#,
        )
    });
    static NEXT_KEY: LazyLock<Regex> = LazyLock::new(|| regex(r"^\s*(==?|:|is\b)"));
    let mut all = Vec::new();
    for (attribute, range) in explicit {
        let mut end = range.end;
        all.push((attribute.clone(), range));
        while let Some(next) = NEXT_VALUE.captures(&part[end..]) {
            let (Some(whole), Some(value)) =
                (next.get(0), next.get(1).or(next.get(2)).or(next.get(3)))
            else {
                break;
            };
            // "plan = business or plan = enterprise": the key again, with its own value.
            if NEXT_KEY.is_match(&part[end + whole.end()..]) {
                break;
            }
            let range = end + value.start()..end + whole.end();
            end += whole.end();
            all.push((
                AttributeIs {
                    value: value.as_str().to_owned(),
                    ..attribute.clone()
                },
                range,
            ));
        }
    }
    all
}

/// Bounds on numbers the front end sends, by their key: "tenure_months of 6 or more",
/// "lifetime_value >= 1000", "order_value over 500", "aged 55 or over" (`age`).
fn numeric_attributes(part: &str) -> Vec<(AttributeIs, std::ops::Range<usize>)> {
    static BOUNDED: LazyLock<Regex> = LazyLock::new(|| {
        regex(
            r"\b([a-z]+(?:_[a-z]+)+)\s*(>=|=>|≥|>|<=|=<|≤|<)\s*(\d[\d,]*(?:\.\d+)?)|\b([a-z]+(?:_[a-z]+)+) (?:of |is |at |= ?)?(\d[\d,]*(?:\.\d+)?) or (more|over|above|higher|greater|less|under|below|lower|fewer)\b|\b([a-z]+(?:_[a-z]+)+) (?:is |of )?(over|above|more than|greater than|at least|under|below|less than|fewer than|at most) (\d[\d,]*(?:\.\d+)?)|\baged (\d+) (?:or|and) (over|above|older|more|up)\b|\baged (over|under) (\d+)\b",
        )
    });
    let number = |m: regex::Match| crate::facts::number_of(m.as_str());
    BOUNDED
        .captures_iter(part)
        .filter_map(|c| {
            let (key, op, n) = if let (Some(k), Some(op), Some(n)) = (c.get(1), c.get(2), c.get(3))
            {
                (k.as_str(), op.as_str(), number(n)?)
            } else if let (Some(k), Some(n), Some(op)) = (c.get(4), c.get(5), c.get(6)) {
                (k.as_str(), op.as_str(), number(n)?)
            } else if let (Some(k), Some(op), Some(n)) = (c.get(7), c.get(8), c.get(9)) {
                (k.as_str(), op.as_str(), number(n)?)
            } else if let (Some(n), Some(op)) = (c.get(10), c.get(11)) {
                ("age", op.as_str(), number(n)?)
            } else {
                ("age", c.get(12)?.as_str(), number(c.get(13)?)?)
            };
            // "6 or more", "55 or over": the number itself is within; "over 500" is not.
            let or_form = c.get(6).is_some() || c.get(11).is_some();
            let (bound, words) = match op {
                "more" | "over" | "above" | "higher" | "greater" | "older" | "up" if or_form => {
                    (Bound::AtLeast(n), format!("{n} or more"))
                }
                "less" | "under" | "below" | "lower" | "fewer" if or_form => {
                    (Bound::AtMost(n), format!("{n} or less"))
                }
                ">=" | "=>" | "≥" | "at least" => (Bound::AtLeast(n), format!("{n} or more")),
                ">" | "over" | "above" | "more than" | "greater than" => {
                    (Bound::Above(n), format!("more than {n}"))
                }
                "<=" | "=<" | "≤" | "at most" => (Bound::AtMost(n), format!("{n} or less")),
                _ => (Bound::Below(n), format!("less than {n}")),
            };
            Some((
                AttributeIs {
                    key: Some(key.to_owned()),
                    value: words,
                    negated: false,
                    number: Some(bound),
                },
                c.get(0)?.range(),
            ))
        })
        .collect()
}

/// Whether `text` spells an attribute as the front end sends it.
pub fn is_explicit_attribute(text: &str) -> bool {
    ATTRIBUTE_EXPLICIT.is_match(text)
}

/// The words of `text` that spell an attribute as the front end sends it, up to a colon
/// after it (`account type "trade"` of `account type "trade": landscapers`; `plan is
/// monthly_pass or annual_pass` whole), if it spells one.
pub fn explicit_attribute(text: &str) -> Option<&str> {
    let found = ATTRIBUTE_EXPLICIT.find(text)?;
    let end = text[found.end()..]
        .find(':')
        .map_or(text.len(), |colon| found.end() + colon);
    Some(&text[..end])
}

/// Attribute restrictions in `part`, with the ranges they cover. An attribute spelled as
/// the front end sends it ("care_plan is premium") stands for the words around it ("on the
/// Premium Care plan").
pub fn attributes(part: &str) -> Vec<(AttributeIs, std::ops::Range<usize>)> {
    let bounded = numeric_attributes(part);
    if !bounded.is_empty() {
        return bounded;
    }
    let explicit: Vec<(AttributeIs, std::ops::Range<usize>)> = ATTRIBUTE_EXPLICIT
        .captures_iter(part)
        .filter_map(|m| {
            // `care_plan is premium`, or a key in words with a quoted value (`account type
            // "seller"`, `(account type: creator)`), which the front end sends as
            // `account_type`.
            let (key, value) = if let (Some(key), Some(value)) = (m.get(1), m.get(2)) {
                (key.as_str().to_owned(), value)
            } else if let (Some(key), Some(value)) = (m.get(3), m.get(4)) {
                (key.as_str().replace(' ', "_"), value)
            } else if let (Some(key), Some(value)) = (m.get(5), m.get(6)) {
                (key.as_str().to_owned(), value)
            } else if let (Some(key), Some(value)) = (m.get(10), m.get(11)) {
                // "the visitor's membership is patron".
                (key.as_str().to_owned(), value)
            } else if let (Some(key), Some(value)) = (m.get(12), m.get(13)) {
                // "private clients only (segment is private)".
                (key.as_str().to_owned(), value)
            } else if let (Some(key), Some(value)) = (m.get(14), m.get(15)) {
                // "policyholders with tier = gold".
                (key.as_str().to_owned(), value)
            } else if let Some((key, value)) = [(16, 17), (18, 19), (20, 21)]
                .into_iter()
                .find_map(|(k, v)| m.get(k).zip(m.get(v)))
            {
                // "(card: unlimited)", "users with role = tutor": any key, spelled as the
                // front end sends it; "three times = escalate" is prose.
                let prose_follows = PROSE_AFTER_VALUE.is_match(&part[value.end()..]);
                if EQUALS_IN_PROSE.is_match(value.as_str())
                    || key.as_str() == "times"
                    || prose_follows
                {
                    return None;
                }
                (key.as_str().to_owned(), value)
            } else if let Some(key) = m.get(22) {
                // 'insurer attribute is "Vantage Vision"': the key named as an attribute.
                (key.as_str().to_owned(), m.get(23).or(m.get(24))?)
            } else {
                (m.get(7)?.as_str().to_owned(), m.get(8).or(m.get(9))?)
            };
            Some((
                AttributeIs {
                    key: Some(key),
                    value: value.as_str().to_owned(),
                    negated: false,
                    number: None,
                },
                m.get(0)?.range(),
            ))
        })
        .collect();
    if !explicit.is_empty() {
        return with_listed_values(part, explicit);
    }
    let mut found = Vec::new();
    for m in ATTRIBUTE_PLAN_PAIR.captures_iter(part) {
        let (Some(first), Some(second), Some(key)) = (m.get(3), m.get(5), m.get(6)) else {
            continue;
        };
        for (value, range) in [(first, first.range()), (second, second.start()..key.end())] {
            found.push((
                AttributeIs {
                    key: Some(key.as_str().to_owned()),
                    value: value.as_str().to_owned(),
                    negated: false,
                    number: None,
                },
                range,
            ));
        }
    }
    if !found.is_empty() {
        return found;
    }
    for m in ATTRIBUTE_PLAN.captures_iter(part) {
        let (value, key) = match (m.get(3), m.get(5)) {
            (Some(value), _) => (value.as_str(), m.get(4).map_or("plan", |k| k.as_str())),
            (None, Some(value)) => (value.as_str(), m.get(6).map_or("plan", |k| k.as_str())),
            _ => continue,
        };
        let first_word = value.split(' ').next().unwrap_or(value);
        if matches!(
            first_word,
            "same"
                | "their"
                | "a"
                | "an"
                | "the"
                | "any"
                | "new"
                | "current"
                | "same-day"
                | "this"
                | "that"
                | "his"
                | "her"
                | "my"
                | "our"
                | "your"
                | "its"
        ) {
            continue;
        }
        let key = match key {
            "subscription" | "membership" | "package" | "level" | "account" | "program"
            | "programme" => key,
            other => other,
        };
        found.push((
            AttributeIs {
                key: Some(key.to_owned()),
                value: value.to_owned(),
                negated: false,
                number: None,
            },
            m.get(0).map_or(0..0, |m| m.range()),
        ));
    }
    for m in ATTRIBUTE_PAIR.captures_iter(part) {
        let (Some(first), Some(second), Some(whole)) = (m.get(1), m.get(3), m.get(0)) else {
            continue;
        };
        for (value, range) in [
            (first.as_str(), first.range()),
            (second.as_str(), second.start()..whole.end()),
        ] {
            found.push((
                AttributeIs {
                    key: None,
                    value: value.to_owned(),
                    negated: false,
                    number: None,
                },
                range,
            ));
        }
    }
    // "asking about a business account": an account asked for, not the customer's kind.
    static AN_ACCOUNT_ASKED_FOR: LazyLock<Regex> = LazyLock::new(|| {
        regex(r"\b(a|an|about|for|open|opening|set up|setting up|apply for|applying for)\s*$")
    });
    for m in ATTRIBUTE_ADJECTIVE.captures_iter(part) {
        let whole = m.get(0).map_or(0..0, |m| m.range());
        let an_account = m.get(6).is_some_and(|h| h.as_str().starts_with("account"));
        if an_account && AN_ACCOUNT_ASKED_FOR.is_match(&part[..whole.start]) {
            continue;
        }
        if found
            .iter()
            .any(|(_, r): &(AttributeIs, std::ops::Range<usize>)| {
                r.start < whole.end && whole.start < r.end
            })
        {
            continue;
        }
        let value = m
            .get(1)
            .map_or_else(|| whole_word(part, &whole), |v| v.as_str().to_owned());
        // One plural "s" ("VIPs"), not the end of "business".
        let value = match value.strip_suffix('s') {
            Some(singular) if !singular.ends_with('s') => singular,
            _ => value.as_str(),
        }
        .replace(' ', "-");
        found.push((
            AttributeIs {
                key: None,
                value,
                negated: false,
                number: None,
            },
            whole,
        ));
    }
    if found.is_empty()
        && let Some(m) = ATTRIBUTE_NAMED_TIER.captures(part)
        && let (Some(whole), Some(tier)) = (m.get(0), m.get(1))
        && !NOT_A_TIER.contains(&tier.as_str())
    {
        found.push((
            AttributeIs {
                key: None,
                value: tier.as_str().to_owned(),
                negated: false,
                number: None,
            },
            whole.range(),
        ));
    }
    for m in ATTRIBUTE_PLACE.captures_iter(part) {
        let Some(place) = m.get(5) else { continue };
        let name = place.as_str();
        let known = [
            "germany",
            "france",
            "spain",
            "portugal",
            "brazil",
            "mexico",
            "italy",
            "uk",
            "united kingdom",
            "britain",
            "us",
            "usa",
            "united states",
            "canada",
            "netherlands",
            "ireland",
            "australia",
        ];
        let Some(country) = known
            .iter()
            .find(|k| name == **k || name.starts_with(&format!("{k} ")))
        else {
            continue;
        };
        found.push((
            AttributeIs {
                key: None,
                value: (*country).to_owned(),
                negated: false,
                number: None,
            },
            m.get(0).map_or(0..0, |m| m.range()),
        ));
    }
    for m in ATTRIBUTE_WHOSE.captures_iter(part) {
        let (key, value) = if let (Some(k), Some(v)) = (m.get(1), m.get(3)) {
            // "whose household income is under £25,000" compares a number; it names no
            // value.
            if matches!(
                v.as_str(),
                "on" | "in"
                    | "a"
                    | "an"
                    | "the"
                    | "at"
                    | "from"
                    | "with"
                    | "under"
                    | "over"
                    | "above"
                    | "below"
                    | "less"
                    | "more"
                    | "greater"
                    | "between"
                    | "about"
                    | "around"
                    | "up"
                    | "higher"
                    | "lower"
            ) || STATE.contains(&v.as_str())
            {
                continue;
            }
            (Some(k.as_str().replace(' ', "_")), v.as_str())
        } else if let Some(v) = m.get(6) {
            (None, v.as_str())
        } else if let (Some(k), Some(v)) = (m.get(8), m.get(10)) {
            (Some(k.as_str().to_owned()), v.as_str())
        } else {
            continue;
        };
        found.push((
            AttributeIs {
                key,
                value: value.to_owned(),
                negated: false,
                number: None,
            },
            m.get(0).map_or(0..0, |m| m.range()),
        ));
    }
    // One reading per stretch of words: the first pattern that read it.
    let mut kept: Vec<(AttributeIs, std::ops::Range<usize>)> = Vec::new();
    for (attribute, range) in found {
        if kept
            .iter()
            .all(|(_, r)| range.end <= r.start || r.end <= range.start)
        {
            kept.push((attribute, range));
        }
    }
    kept.sort_by_key(|(_, r)| r.start);
    kept
}

/// Whether the words between two attribute restrictions join them with "or" ("flagged as
/// VIP, or whose company is on the Enterprise plan").
pub fn attributes_joined_by_or(
    part: &str,
    first: &std::ops::Range<usize>,
    second: &std::ops::Range<usize>,
) -> bool {
    let between: Vec<&str> = part[first.end.min(second.start)..second.start]
        .split_whitespace()
        .map(|w| w.trim_matches(','))
        .filter(|w| !w.is_empty())
        .collect();
    // "Gold and Platinum members": two tiers, and nobody is on both.
    first.end <= second.start && (between.contains(&"or") || matches!(between[..], ["and" | "&"]))
}

fn whole_word(text: &str, range: &std::ops::Range<usize>) -> String {
    text[range.clone()].trim().to_owned()
}

/// Built-in topics named in `part`: charge disputes, billing problems, refunds, privacy
/// requests, account security, legal action.
pub fn topics(part: &str) -> Vec<Topic> {
    TOPICS
        .iter()
        .filter(|(_, cue)| cue.is_match(part))
        .map(|(topic, _)| *topic)
        .collect()
}

static TOPICS: LazyLock<Vec<(Topic, Regex)>> = LazyLock::new(|| {
    vec![
        (
            Topic::ChargeDispute,
            regex(
                r"\b(disput\w* (\w+ ){0,4}(charges?|payments?|bills?|invoices?|transactions?|fees?|amounts?|debits?|(what|something|anything|whatever) (we|you|\w+) (charged|billed|took|invoiced))|(charges?|payments?|bills?|invoices?|transactions?|fees?) (they|he|she) disput\w*|disputed (charges?|payments?|transactions?)|overcharg\w*|over-charg\w*|double[- ]charg\w*|double[- ]bill\w*|charged (\w+ )?(incorrectly|twice|wrongly|the wrong amount|too much|more than( once)?|extra|by mistake|in error)|took (the |a )?payment twice|(paid|charged|billed|debited) (\w+ )?twice|double (payment|charge)s?|(incorrectly|wrongly|twice) (charged|billed)|billed (incorrectly|twice|wrongly|the wrong amount|too much)|wrong (amount|charge|bill)|incorrect (charge|bill|amount)|unauthori[sz]ed (charge|payment|transaction|debit)s?|chargebacks?|billing (disputes?|errors?|mistakes?|complaints?)|contests? (a |the )?(charge|bill|fee|premium)|(taken|debited|collected|charged|billed) twice|(a |the )?charges? (is|was|are|were) wrong|(bill|invoice|reading|amount|statement)s? (\w+ ){0,3}(is|was|are|were|looks|seems) (wrong|incorrect|too high)|charged (them |him |her )?when (we|they) (should ?n'?t|should not) have|should ?n'?t have (been )?charged|charged (\w+ ){0,3}after (cancell\w*|they cancel\w*)|unexpected (charge|fee)s?|(push(es|ing)? back|objects?|objecting) (on|to|against) (\w+ ){0,3}(money|charges?|payments?|debits?|premiums?|fees?|bills?)|(money|payments?|debits?) (we|you) (took|taken|have taken|collected|debited)|double[- ]debit\w*|debited (\w+ )?twice|(charge|fee)s? (they|he|she) (do|does|did) ?n'?t recogni[sz]e)\b",
            ),
        ),
        (
            Topic::BillingProblem,
            regex(
                r"\b(something|anything) (is |was |has gone )?wrong with (a |the |their |his |her )?(charge|payment|bill|invoice|billing)s?|wrong (charge|payment|bill)s?|\b(billing|payment|charge|invoice) (problem|issue|trouble|error|complaint)s?|problems? with (their |a |the |his |her )?(bill|billing|payment|charge|card)s?|(failed|failing|declined|rejected) (payment|card|charge)s?|payments? (fail|fails|failing|declined)|issues? with (their |a |the )?(bill|billing|payment|charge)s?\b",
            ),
        ),
        (
            Topic::Refund,
            regex(
                r"\b(refunds?|refunded|money back|reimburs\w*|(a |their |some )credit|credited|compensat\w*|(fees?|deposits?|payments?|premiums?|balances?|charges?|subscriptions?|fares?|costs?) back|paid back|repaid)\b",
            ),
        ),
        (
            Topic::PrivacyRequest,
            regex(
                r"\b(privacy (request|complaint)s?|personal (data|information)|(personal|account) or (personal|account) (data|information)|(delete|erase|remove|wipe) (all )?(of )?(their|his|her|my|the customer'?s|someone'?s|anyone'?s|an employee'?s|a person'?s|personal) (personal |account )?(data|information|details|records)|subject access|sars?\b|erasure|gdpr|ccpa|dsar|data (deletion|access|subject|request)|data[- ]protection (requests?|complaints?|rights?)|(delete|erase|hand over|export|send|give) (\w+ )?(their |his |her |the |all )?personal (data|information)|right to be forgotten|copy of (all )?(the |their )?(personal )?data|data we hold|information we hold|(everything|all|whatever) (the data )?(we|you) (hold|store|keep|have) (about|on) (them|him|her)|erase (their|his|her) (account|data))\b",
            ),
        ),
        (
            Topic::AccountSecurity,
            regex(
                r"\b(hack\w*|sim[- ]?(card )?(swap\w*|was swapped)|swapped (their )?sim|ported|port[- ]?out|number (was )?(stolen|hijacked|transferred)|(lost|stolen) (phone|device|card|wallet)s?|(phone|device|card|wallet)s? (was |is |were |are )?(lost|stolen)|lost or stolen|stolen or lost|compromis\w*|account (security|takeover|take-over)|taken over|take over (their|an) account|unauthori[sz]ed (access|login|log-?in|sign-?in|activity|use)|(someone|somebody) else (\w+ )?(used|using|logged|accessed|got|gets|getting|is using|has access)|(logged|broke|got|gotten|getting) into (their|his|her|the) (\w+ ){0,2}account|(login|log-?in|verification|security|one-time|2fa|otp|sign-?in) codes? (they|he|she) (did ?n'?t|did not|never) (request|ask for|asked for)|identity theft|suspicious (login|activity|sign-?in)|(don'?t|do not|didn'?t|did not) recogni[sz]e (a |the )?(login|sign-?in|device|transaction|payment)s?|(?:changed|used|accessed|moved|made|taken|transferred|logged|opened|ordered|bought|booked|cancell?ed|added|removed|swapped|ported|withdrawn|paid)\b[^.]{0,40}\bwithout (their|his|her) (permission|consent|knowledge|authori[sz]ation)|without (them|him|her) (authori[sz]ing|approving|agreeing to|knowing)|used by (someone|somebody|anyone|anybody) else|scamm(ed|er|ers)|phish\w*|(fell|falls|fall) for (a |an )?(scam|fraud)|(changed|cancell?ed|modified|moved|transferred) (their|his|her|the) (\w+ )?(booking|reservation|order|ticket|details|account)s? without (them|him|her|asking)|(payment|withdrawal|transfer|transaction|purchase|charge|ticket|booking|order)s?\b.{0,60}\b(they|he|she) (did ?n'?t|did not|never) (make|authori[sz]e|agree|recogni[sz]e|do|buy|order|book)|in (their|his|her) name|identity (theft|fraud))\b",
            ),
        ),
        (
            Topic::Legal,
            regex(
                r"\b(legal|lawyers?|lawsuits?|attorneys?|solicitors?|sue|sues|suing|court|litigation|legal action|ombudsman|regulator)\b",
            ),
        ),
    ]
});

/// The customer writing a quoted phrase ("writes \"cancel\"", "uses the word \"refund\""):
/// elsewhere a quote is an example of a condition, not one.
pub static WRITES_QUOTED: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r#"\b(writes?|types?|says?|uses?( the (word|phrase))?|sends?|the (word|phrase|keyword)s?)\s*"[^"]+""#,
    )
});

/// A quoted phrase of the instruction ("writes \"cancel\"").
pub static QUOTED: LazyLock<Regex> = LazyLock::new(|| regex(r#""([^"]{2,60})""#));

/// A number or count word.
pub fn count(word: &str) -> Option<u32> {
    Some(match word {
        "once" | "first" | "1st" => 1,
        "twice" | "second" | "2nd" => 2,
        "thrice" | "third" | "3rd" | "several" | "multiple" | "a few" | "few" | "repeated"
        | "repeatedly" => 3,
        "fourth" | "4th" => 4,
        "fifth" | "5th" => 5,
        "sixth" | "6th" => 6,
        "a" | "an" | "single" | "couple" | "pair" => return None,
        other => number(other)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_are_read() {
        assert_eq!(
            failed_attempts("after 3 failed troubleshooting attempts"),
            Some(3)
        );
        assert_eq!(
            failed_attempts("once the assistant has failed twice"),
            Some(2)
        );
        assert_eq!(
            failed_attempts("a billing problem the bot cannot solve"),
            Some(1)
        );
        assert_eq!(
            failed_attempts("a complaint that we billed for hours that weren't worked"),
            None
        );
        assert_eq!(failed_attempts("a repair we already did has failed"), None);
        assert_eq!(repeat("asking the same thing a third time"), Some(3));
        assert_eq!(
            length("has sent more than 10 messages").map(|c| c.description()),
            Some("the conversation reaches 11 customer messages".into())
        );
        assert_eq!(
            length("has written to us more than five times in the chat").map(|c| c.description()),
            Some("the conversation reaches 6 customer messages".into())
        );
        assert!(matches!(
            language("writes to us in a language other than english or spanish"),
            Some(Condition::Language { inside: false, ref languages }) if languages.len() == 2
        ));
        assert!(matches!(
            quantity("group licences for more than 20 learners"),
            Some((Condition::Quantity { at_least: 21, ref unit }, _)) if unit == "people"
        ));
        assert!(matches!(
            quantity("never arrived after two weeks"),
            Some((Condition::Quantity { at_least: 14, ref unit }, _)) if unit == "days"
        ));
        // The noun before "or more", a thousands separator, and a count of anything.
        assert!(matches!(
            quantity("a price on 5,000 units or more of anything"),
            Some((Condition::Quantity { at_least: 5000, ref unit }, _)) if unit == "items"
        ));
        assert!(matches!(
            quantity("bookings of 10 or more people"),
            Some((Condition::Quantity { at_least: 10, ref unit }, _)) if unit == "people"
        ));
    }

    #[test]
    fn bounds_on_numbers_the_front_end_sends() {
        let bound = |part: &str| attributes(part).into_iter().map(|(a, _)| a.number).next();
        assert_eq!(
            bound("orders_count of 3 or above"),
            Some(Some(Bound::AtLeast(3.0)))
        );
        assert_eq!(
            bound("order_value over 500"),
            Some(Some(Bound::Above(500.0)))
        );
        assert_eq!(bound("aged 55 or over"), Some(Some(Bound::AtLeast(55.0))));
        assert_eq!(
            bound("account_age_days under 30"),
            Some(Some(Bound::Below(30.0)))
        );
        assert_eq!(
            bound("open_tickets 2 or fewer"),
            Some(Some(Bound::AtMost(2.0)))
        );
        assert_eq!(
            bound("lifetime_value >= 1,000"),
            Some(Some(Bound::AtLeast(1000.0)))
        );
    }

    #[test]
    fn attributes_from_the_words_for_customers() {
        let values = |part: &str| -> Vec<(Option<String>, String)> {
            attributes(part)
                .into_iter()
                .map(|(a, _)| (a.key, a.value))
                .collect()
        };
        assert_eq!(
            values("customers on the family plan who report a billing problem"),
            vec![(Some("plan".into()), "family".into())]
        );
        assert_eq!(
            values("route premium-plan customers to a person"),
            vec![(Some("plan".into()), "premium".into())]
        );
        assert_eq!(
            values("vip customers asking about billing"),
            vec![(None, "vip".into())]
        );
        assert_eq!(
            values("customers in germany"),
            vec![(None, "germany".into())]
        );
        let part = "silver or bronze loyalty members whose order is late";
        assert_eq!(
            values(part),
            vec![(None, "silver".into()), (None, "bronze".into())]
        );
        let pair = attributes("silver and bronze club members whose order is late");
        assert!(attributes_joined_by_or(
            "silver and bronze club members whose order is late",
            &pair[0].1,
            &pair[1].1
        ));
    }

    #[test]
    fn a_person_in_the_words_of_a_topic_is_not_a_request() {
        assert!(human("asks to speak with someone"));
        assert!(human("wants a real human"));
        assert!(human("asks for a callback"));
        assert!(!human(
            "says they were contacted by someone claiming to be us"
        ));
        assert!(!human(
            "they want to add someone to their plan or take someone off it"
        ));
    }
}
