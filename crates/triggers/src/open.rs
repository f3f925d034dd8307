//! Conditions in the operator's own words ("wants to close their account", "reports that an
//! order never arrived", "asks for a copy of their contract"), matched by meaning: each
//! content word of the instruction becomes a slot, filled by a [concept](crate::lexicon) of
//! the same meaning or, for words no concept knows, by the same stem. A customer turn
//! raises the topic when every slot is filled and [the stance](crate::stance) says it is the
//! customer's own matter, now — a request when the operator wrote "wants"/"asks to", a
//! report or a request otherwise, and a question too when the operator wrote "asks about".
//!
//! Things named with an action ("close their *account*", "resell our *product*") may stay
//! implicit ("I'm done, close it"), as long as the customer names no other thing in that
//! sentence ("cancel my booked class" is not "cancel the subscription").

use std::sync::LazyLock;

use regex::Regex;

use crate::lexicon::{Concept, Kind, concepts};
use crate::stance::{self, Stance};
use crate::text::{normalize, regex, sentences, stem, words};

/// What the customer must do with the topic for it to count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Ask us to act, or say they want it ("wants to cancel", "asks for a copy").
    Request,
    /// Raise it: a report or a request ("reports damage", "a safety incident").
    Raise,
    /// Raise it or ask about it ("asks anything about billing", "enquires about").
    Ask,
}

/// One content word of the instruction.
#[derive(Debug, Clone)]
enum Slot {
    /// Filled by any form of these concepts (one word of the instruction may be a form of
    /// several: "food" is an order and a food).
    Concept(Vec<&'static Concept>),
    /// Filled by a word with this stem (the instruction's word, for operators).
    Word { stem: String, word: String },
}

impl Slot {
    fn kind(&self) -> Kind {
        match self {
            Slot::Concept(c) => c[0].kind,
            Slot::Word { .. } => Kind::Event,
        }
    }

    fn name(&self) -> &str {
        match self {
            Slot::Concept(c) => c[0].name,
            Slot::Word { word, .. } => word,
        }
    }

    /// Where `sentence` (normalized) fills the slot, as byte ranges.
    fn find(&self, sentence: &str) -> Vec<std::ops::Range<usize>> {
        match self {
            Slot::Concept(c) => c
                .iter()
                .flat_map(|c| c.find_all(sentence).map(|m| m.range()))
                .collect(),
            Slot::Word { stem: wanted, .. } => word_spans(sentence)
                .filter(|(_, w)| stem(w) == *wanted)
                .map(|(range, _)| range)
                .collect(),
        }
    }
}

/// `text` with the words in `names` blanked out, every other word where it was.
fn blank_names(text: String, names: &[String]) -> String {
    if names.is_empty() {
        return text;
    }
    let mut blanked = text.clone();
    for (range, word) in word_spans(&text) {
        if names.iter().any(|n| n == word) {
            blanked.replace_range(range.clone(), &" ".repeat(range.len()));
        }
    }
    blanked
}

fn word_spans(text: &str) -> impl Iterator<Item = (std::ops::Range<usize>, &str)> {
    words(text).map(move |w| {
        let start = w.as_ptr() as usize - text.as_ptr() as usize;
        (start..start + w.len(), w)
    })
}

/// A topic in the operator's words.
#[derive(Debug, Clone)]
pub struct OpenTopic {
    /// The operator's words.
    pub phrase: String,
    slots: Vec<Slot>,
    mode: Mode,
    /// About the operator's own offering ("food we delivered"): a customer saying it was
    /// somewhere else ("at a restaurant", "from another app") is not raising it.
    ours: bool,
    /// Done by someone else ("listed from their account without their say-so"): a
    /// customer telling of what they did themselves ("I transferred my tickets to my
    /// friend by mistake") is not raising it.
    not_by_them: bool,
    /// Every word counts (for exclusions: what takes a turn out must be said, not
    /// suggested by a concept alone).
    strict: bool,
    /// Happening now ("is in a medical emergency right now"): a customer telling of it
    /// as past ("I was hospitalised in March") is not raising it.
    current: bool,
    /// A complaint about it ("complains about the care their pet received"): the customer
    /// naming the care in "my care plan's direct debit" is not complaining about it.
    complaint: bool,
    /// The things must be named (an example of a topic: "vomiting" under "became ill
    /// after a medicine we sold" is about that medicine, which the customer must name).
    things_named: bool,
    /// The operator's product and company names: they fill no slot ("Kerbside" is no
    /// damage to a kerb).
    names: Vec<String>,
    /// Those of `names` the topic's own words hold ("close their Meridian Miles
    /// account"): a customer naming one ("close my Miles membership") names its thing.
    own_names: Vec<String>,
}

/// Figures of speech that name no event ("that's gonna burn a hole in my wallet", "my
/// jaw hit the floor", "these chips are straight fire"), and breaks that are a pause ("on my lunch break"): left out
/// before matching.
static FIGURATIVE: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\b(burn(s|ing|ed|t)? a hole in (my|your|the|our) (wallet|pocket|budget)|(is|are|'re|'s|was|were) (straight|absolutely|literally|pure|so|honestly) (fire|lit)\b|(guy|girl|lady|team|rep|staff|host|presenter|instructor|teacher|coach)( \w+)? (was|is|were|are) (totally |absolutely |really )?(on fire|killing it|smashing it)|(my )?jaw (hit|dropped|fell)( to)?( the floor)?|(is|was|'s|looks like) (a |an )?(total |complete |absolute |utter |bit of a )?(car ?crash|train ?wreck|dumpster fire)|(nearly|almost) (had|got into|caused) (an? )?(accident|crash|collision)|(nearly|almost) (crashed|hit|fell|collided)|narrowly (avoided|missed)( an?)?( \w+)?|(absolutely|totally|really|properly|well and truly) (smashed|nailed|killed|aced|rocked) it|(smashing|nailing|killing|acing|rocking) it|(killing|kills|killed) (me|us)|(the |my |your )?(app|site|website|page|tab|program|browser|game|software|player|screen|computer|laptop|phone|portal|system)( \w+)? (keeps |kept |just |always )?crash\w*|\bit( still| keeps| just| always)? crash(es|ing)\b|\bcrashed (\d+|two|three|four|several|a few|a couple of|multiple) times\b|(inbox|phone|mailbox|feed|notifications) (is |are |was |were )?(flooded|on fire|blowing up|exploding)|flooded with (\w+ )?(emails|messages|calls|texts|requests|notifications|spam|offers|visitors|guests|people|customers|orders|bookings|work|enquiries|inquiries|questions|complaints|applications|tourists|kids)|(almost|nearly) (didn'?t|did not|wasn'?t|was not|got|had|was|were|lost|missed)\b[^.,;!?]*|dying (to|of laughter)|i nearly (died|had a heart attack)|heart attack when i saw|pause button|allergic to (\w+ )?(gift cards|paperwork|mondays|maths|forms)|my brain|blew my mind|mind blown|drives? me (crazy|mad|nuts)|(basically|practically|pretty much) on fire|(bill|bills|prices?|costs?|rates?|spending|heating bill|electric bill|energy bill)( \w+){0,2} (is|are|was|were|'s) on fire|on fire (haha|lol|lmao))\b|\b(lunch|coffee|tea|toilet|bathroom|summer|christmas|half[- ]term|easter|spring|winter|school|short|quick) breaks?([^\w-]|$)",
    )
});

/// Whether what happened, at `event` in `sentence`, has a pronoun for its subject ("she
/// never showed up", "nobody came").
fn subject_is_pronoun(sentence: &str, event: &std::ops::Range<usize>) -> bool {
    static BEFORE: LazyLock<Regex> = LazyLock::new(|| {
        regex(r"\b(she|he|they|nobody|no ?one|no-one)( \w+ly| still| just| never| also)?\s*$")
    });
    static OPENS: LazyLock<Regex> = LazyLock::new(|| regex(r"^(nobody|no ?one|no-one)\b"));
    BEFORE.is_match(&sentence[..event.start]) || OPENS.is_match(&sentence[event.clone()])
}

/// An instruction about a complaint, and the words of one in a customer's sentence.
static COMPLAINS: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\b(complain\w*|unhappy (with|about)|dissatisfied (with|about)|not happy (with|about))\b",
    )
});
static COMPLAINT_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\b(wrong\w*|bad|badly|poor\w*|awful|terrible|horrible|appalling|rough\w*|missed|mistakes?|botched|careless\w*|negligen\w*|unhappy|not happy|disappoint\w*|upset\w*|complain\w*|unacceptable|disgust\w*|furious|angry|shocked|worse|failed|never|should(n'?t| not)? have)\b",
    )
});

/// Whether `sentence` (normalized) complains: words of a complaint, or a clearly negative
/// tone.
fn complains(sentence: &str) -> bool {
    // "quiero presentar una queja": the words for complaining, in any language read.
    // Looked up once: this runs for every sentence of every message.
    static COMPLAINING: LazyLock<Option<&'static Concept>> =
        LazyLock::new(|| crate::lexicon::concept("complain"));
    COMPLAINT_WORDS.is_match(sentence)
        || COMPLAINING.is_some_and(|c| c.find(sentence).is_some())
        || crate::sentiment::compound(sentence) <= -0.3
}

/// A question that checks an answer back ("so closed from the 3rd?").
static CONFIRMING: LazyLock<Regex> =
    LazyLock::new(|| regex(r"^\s*(so|ok so|okay so|right so|got it,? so)\b[^?]*\?\s*$"));

/// An instruction asking for what is happening now.
static CURRENT: LazyLock<Regex> = LazyLock::new(|| {
    regex(r"\b(right now|currently|at the moment|as we speak|ongoing|still happening)\b")
});

/// A customer placing what they tell in the past.
static PAST: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\b(last (week|month|year|summer|winter|spring|autumn|fall|trip|holiday|time)|(\d+|a|one|two|three|few|couple of) (weeks|months|years) ago|back in|in (january|february|march|april|may|june|july|august|september|october|november|december)|earlier this year|previous (trip|holiday|policy|stay)|years ago|yesterday|last night|the other day|(\d+|a|one|two|three|few|couple of) (days|hours) ago|on (monday|tuesday|wednesday|thursday|friday|saturday|sunday)|(eventually|finally) (\w+ ){0,3}(let|got) (me|us) out)\b",
    )
});

/// The customer placing the matter outside the operator's offering.
static NOT_OURS: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\b((at|in) a (restaurant|cafe|pub|bar|hotel|friend'?s)|ate (in|out)|dined in|eating out|somewhere else|elsewhere|(another|a different|some other) (\w+ )?(app|company|store|shop|service|provider|website|dentist|clinic|practice|surgery|pharmacy|chemist|garage|vet|hospital|doctor|gp|courier|supplier|place|branch of (another|a different))|(not|wasn'?t|weren'?t|isn'?t) (from|through|with|by|at|in|on|during) (you|your|us)|(not|wasn'?t) (one of )?(yours|your (order|product|car|app))|nothing to do with you|not one of (yours|ours)|ourselves|myself|on (my|our) (end|side)|(my|our|his|her|their) own (\w+ )?(bike|bicycle|car|van|scooter|vehicle|food|meal)|at home|on holiday|on vacation|(bought|got|picked) (it |them |one )?(up )?(second[- ]hand|secondhand|used|pre-?owned)|(bought|got) (\w+ ){0,6}(off|on|from) (facebook|instagram|marketplace|ebay|gumtree|craigslist|vinted|depop|twitter|tiktok|viagogo|stubhub|a (guy|friend|mate|neighbou?r|stranger|seller|private seller|tout)|someone)|(skiing|snowboarding|hiking|climbing|surfing) (in|at|on)\b)\b",
    )
});

/// The customer saying someone else did it, or that they did not.
static BY_SOMEONE_ELSE: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\b(someone|somebody|some (guy|person|stranger)|a stranger|not me|wasn'?t me|(did ?n'?t|did not|never) (do|make|authori[sz]e|approve|list|transfer|change|ask for|request|order|book|buy|sell|send|give|agree)|without (my|our) (say-?so|permission|consent|knowledge|approval|ok)|hack\w*|unauthori[sz]ed|not authori[sz]ed|(do ?n'?t|do not) recogni[sz]e|fraud\w*|stolen|(my|an?) ex\b|who did (this|that))\b",
    )
});

/// Words of [`GENERIC`] that name a thing of the operator's offering: no topic alone, but
/// what an exclusion is about ("the app crashing").
const PRODUCT_THINGS: &[&str] = &["app", "website", "site", "system", "portal", "platform"];

/// Words of instructions that name no topic of their own: who, saying, asking, helpers.
const GENERIC: &[&str] = &[
    // "50 mg instead of 5 mg": the amounts say it, not the word for swapping.
    "instead",
    // "the medicine it contains": which medicine, not a word to say.
    "contains",
    "containing",
    "always",
    "immediately",
    "urgently",
    "asap",
    "system",
    "systems",
    "a",
    "an",
    "the",
    "some",
    "any",
    "anything",
    "something",
    "all",
    "every",
    "each",
    "this",
    "that",
    "these",
    "those",
    "it",
    "its",
    "they",
    "them",
    "their",
    "theirs",
    "themselves",
    "itself",
    "he",
    "she",
    "his",
    "her",
    "him",
    "we",
    "us",
    "our",
    "ours",
    "you",
    "your",
    "i",
    "me",
    "my",
    "customer",
    "customers",
    "user",
    "users",
    "client",
    "clients",
    "shopper",
    "shoppers",
    "member",
    "members",
    "guest",
    "guests",
    "caller",
    "callers",
    "person",
    "someone",
    "somebody",
    "anyone",
    "anybody",
    "people",
    "subscriber",
    "subscribers",
    "learner",
    "learners",
    "patient",
    "patients",
    "buyer",
    "buyers",
    "traveller",
    "travellers",
    "traveler",
    "travelers",
    "renter",
    "renters",
    "owner",
    "owners",
    "driver",
    "drivers",
    "rider",
    "riders",
    "tenant",
    "tenants",
    "visitor",
    "visitors",
    "account holder",
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
    "being",
    "am",
    "has",
    "have",
    "had",
    "having",
    "do",
    "does",
    "did",
    "doing",
    "will",
    "would",
    "can",
    "could",
    "should",
    "may",
    "might",
    "must",
    "shall",
    "to",
    "of",
    "in",
    "on",
    "at",
    "for",
    "from",
    "with",
    "by",
    "about",
    "as",
    "into",
    "onto",
    "over",
    "under",
    "after",
    "before",
    "during",
    "while",
    "when",
    "whenever",
    "if",
    "once",
    "that",
    "which",
    "who",
    "whom",
    "whose",
    "what",
    "where",
    "how",
    "why",
    "or",
    "and",
    "nor",
    "but",
    "so",
    "then",
    "than",
    "also",
    "too",
    "just",
    "only",
    "even",
    "still",
    // "charged for it anyway": how the customer feels about it, not what happened.
    "anyway",
    // "an event they held tickets for": whose, not what happened.
    "held",
    // "water actively pouring out", "physically stuck": how, not what.
    "actively",
    "physically",
    "literally",
    "anyhow",
    "regardless",
    "nonetheless",
    "nevertheless",
    "already",
    "again",
    "ever",
    "really",
    "actually",
    "clearly",
    "explicitly",
    // An attempted or alleged happening is the happening, for the customer telling of it.
    "attempted",
    "alleged",
    "directly",
    "immediately",
    "right",
    "away",
    "now",
    "say",
    "says",
    "said",
    "saying",
    "tell",
    "tells",
    "told",
    "telling",
    "write",
    "writes",
    "wrote",
    "writing",
    "mention",
    "mentions",
    "mentioned",
    "mentioning",
    "report",
    "reports",
    "reported",
    "reporting",
    "complains",
    "complained",
    "ask",
    "asks",
    "asked",
    "asking",
    "request",
    "requests",
    "requested",
    "requesting",
    "want",
    "wants",
    "wanted",
    "wanting",
    "wish",
    "wishes",
    "need",
    "needs",
    "needed",
    "like",
    "would like",
    "try",
    "tries",
    "tried",
    "trying",
    "get",
    "gets",
    "got",
    "let",
    "lets",
    "know",
    "knows",
    "bring",
    "brings",
    "raise",
    "raises",
    "raised",
    "claimed",
    "describe",
    "describes",
    "explain",
    "explains",
    "contact",
    "contacts",
    "contacted",
    "reach",
    "reaches",
    "chat",
    "conversation",
    "message",
    "messages",
    "case",
    "cases",
    "issue",
    "issues",
    "problem",
    "problems",
    "matter",
    "question",
    "questions",
    "enquiry",
    "enquiries",
    "inquiry",
    "inquiries",
    "topic",
    "thing",
    "things",
    "stuff",
    "kind",
    "sort",
    "type",
    "etc",
    "similar",
    "related",
    "regarding",
    "concerning",
    "involving",
    "around",
    "whether",
    "either",
    "both",
    "other",
    "another",
    "else",
    "own",
    "one",
    "ones",
    "there",
    "here",
    "no",
    "not",
    "very",
    "much",
    "many",
    "more",
    "most",
    "less",
    "least",
    "few",
    "lot",
    "lots",
    "e",
    "g",
    "eg",
    "ie",
    "i.e",
    "e.g",
    "like",
    "such",
    "example",
    "instance",
    "including",
    "include",
    "includes",
    "especially",
    "particular",
    "particularly",
    "specific",
    "specifically",
    "new",
    "existing",
    "current",
    "currently",
    "possible",
    "possibly",
    "potential",
    "potentially",
    "suspected",
    "apparent",
    "seems",
    "seem",
    "appear",
    "appears",
    "start",
    "starts",
    "started",
    "begin",
    "begins",
    // What is asked for is the subject, not the asking ("tax advice" is asked as a tax
    // question).
    "advice",
    "questions",
    "question",
    "queries",
    "query",
    // How someone behaved is the concept that says it ("unprofessional behaviour").
    "behaviour",
    "behavior",
    "conduct",
    "up",
    "out",
    "off",
    "down",
    "back",
    "we've",
    "they've",
    "they're",
    "we're",
    "it's",
    "us",
    "team",
    "support",
    "agent",
    "agents",
    "assistant",
    "bot",
    "ai",
    "human",
    "humans",
    "staff member",
    "someone",
    "enquire",
    "enquires",
    "inquire",
    "inquires",
    "interested",
    "interest",
    "way",
    "ways",
    "happen",
    "happens",
    "happened",
    "help",
    "helps",
    "make",
    "makes",
    "made",
    "go",
    "goes",
    "went",
    "come",
    "comes",
    "put",
    "puts",
    "take",
    "takes",
    "via",
    "through",
    "using",
    "use",
    "uses",
    "used",
    "app",
    "website",
    "site",
    "platform",
    "service",
    "s",
    "t",
    "d",
    "ll",
    "re",
    "ve",
    "m",
    "getting",
    "having",
    "feel",
    "feels",
    "feeling",
    "felt",
    "looking",
    "look",
    "looks",
    "keep",
    "keeps",
    "kept",
    "become",
    "becomes",
    "became",
    "rented",
    "booked",
    "bought",
    "purchased",
    "hired",
    "same",
    "time",
    "times",
    "good",
    "sure",
    "able",
    "given",
    "whole",
    "altogether",
    "entirely",
    "completely",
    "full",
    "certain",
    "everything",
    "nothing",
    "anything",
    "someone's",
    "another's",
    "ones",
    "via",
    "per",
    "within",
    "because",
    "piece",
    "pieces",
    "part",
    "due",
    "policyholder",
    "policyholders",
    "holder",
    "holders",
    "insured",
    "actually",
];

/// Words for people that stand for the customer as a subject, and are content as an
/// object (after one of [`OBJECT_OF`]).
const PEOPLE: &[&str] = &[
    "client",
    "clients",
    "guest",
    "guests",
    "visitor",
    "visitors",
    "member",
    "members",
    "customer",
    "customers",
    "patient",
    "patients",
    "people",
    "person",
];
const OBJECT_OF: &[&str] = &[
    "have", "has", "had", "with", "bring", "brings", "brought", "or", "and",
];

/// Instruction verbs that make a topic a request.
static REQUEST_VERB: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\b(wants?|wanting|wish(es)?|would like|asks? (us |you )?(to|for)|asking (us |you )?(to|for)|requests?|requesting|needs?|demands?|(tries|trying|tried) to|is looking to|are looking to|looks to|intends?|plans?|decides?|has decided)\b",
    )
});
/// Instruction verbs that make a topic something asked about, questions included.
static ASK_VERB: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\b(asks?|asking|enquir\w*|inquir\w*|questions?|has questions|is interested|are interested|interested in|wants to know|curious)\b( \w+){0,2} (about|on|regarding|concerning|in|whether)\b|\banything (about|on|regarding|related to|to do with)\b|\bany question\w*\b|\bmention\w*\b|\btalks? about\b|\bbrings? up\b",
    )
});

/// A wish or intent in a customer sentence ("i'm thinking about cancelling", "i tried to
/// close it").
static WISH: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\b(want|wanna|wants|would like|'?d like|need|needs|going to|gonna|planning|plan to|thinking (about|of)|considering|decided|(have|'ve) decided|tried to|trying to|try to|i'?ll|i will|let'?s|time to|ready to|done with|help me|how can i still|make sure|asap|right now|immediately|today|i'?m done|i am done|quiero|quisiera|me gustaria|necesito|voy a|je veux|je voudrais|j'aimerais|je souhaite|souhaite|je vais|ich will|ich mochte|ich wurde gern|quero|queria|gostaria|vou)\b",
    )
});
static IMPERATIVE_LEAD: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"^\s*((please|pls|just|ok|okay|so|hi|hello|hey|and|then|now|yes|yeah|no|honestly|fine|right|look|well|ugh|oh)[,!]?\s+)*$",
    )
});

/// Whether `before`, the words before what is asked (`asked`), leave it an imperative:
/// nothing but a lead-in, in its clause ("honestly forget it, just close my account"),
/// unless what is said is done already ("perfect, paused for 2 weeks").
fn imperative(before: &str, asked: &str) -> bool {
    let clause = before
        .rfind([',', ';', ':', '.', '!'])
        .map_or(before, |at| &before[at + 1..]);
    // "paused", "cancelled": done, not asked for ("need" and "feed" are no past forms).
    let done = asked
        .split_whitespace()
        .any(|w| w.ends_with("ed") && !matches!(w, "need" | "feed" | "bleed" | "speed"));
    (IMPERATIVE_LEAD.is_match(before) || IMPERATIVE_LEAD.is_match(clause)) && !done
}

impl OpenTopic {
    /// The topic `phrase` (the condition part of an instruction, normalized) names, if it
    /// names anything beyond generic words; `verb_context` is the instruction text just
    /// before it ("wants to", "asks about"), which sets the mode.
    pub fn read(phrase: &str, verb_context: &str) -> Option<OpenTopic> {
        let whole = format!("{verb_context} {phrase}");
        // "a code they didn't request" describes a thing; it asks for nothing.
        let requested = REQUEST_VERB.find_iter(&whole).any(|verb| {
            let before: Vec<&str> = whole[..verb.start()]
                .split_whitespace()
                .rev()
                .take(2)
                .collect();
            !before.iter().any(|w| {
                w.ends_with("n't")
                    || w.ends_with("nt") && w.len() > 3
                    || matches!(*w, "not" | "never" | "no")
            })
        });
        let mode = if ASK_VERB.is_match(&whole) {
            Mode::Ask
        } else if requested {
            Mode::Request
        } else {
            Mode::Raise
        };
        // "as we speak", "right now": when, not what (kept as `current`). Blanked in
        // place, so concept ranges found in `phrase` still fit.
        // The asking itself ("enquiring about a private office") is how the topic is
        // raised, no word the customer must write.
        let blank = |found: &regex::Captures| " ".repeat(found[0].len());
        let mut rest = CURRENT.replace_all(phrase, blank).into_owned();
        if mode == Mode::Ask {
            rest = ASK_VERB.replace_all(&rest, blank).into_owned();
        }
        let mut slots = Vec::new();
        // Concepts first, longest forms first, so "allergic reaction" is one slot.
        let mut found: Vec<(usize, usize, &'static Concept)> = concepts()
            .iter()
            .flat_map(|c| {
                c.find_all(phrase)
                    .map(move |m| (m.start(), m.end(), c))
                    .collect::<Vec<_>>()
            })
            .collect();
        found.sort_by_key(|(start, end, _)| (std::cmp::Reverse(end - start), *start));
        let mut spans: Vec<(usize, usize, Vec<&'static Concept>)> = Vec::new();
        // Things named inside what happens: "end their membership" is one form of
        // cancelling, and still about a membership.
        let mut inner_things: Vec<&'static Concept> = Vec::new();
        for (start, end, concept) in found {
            // A generic word alone ("service", "app") is no topic even if a concept knows it.
            if GENERIC.contains(&&phrase[start..end]) {
                continue;
            }
            if let Some((_, _, same)) = spans.iter_mut().find(|(s, e, _)| *s == start && *e == end)
            {
                if same[0].kind == concept.kind {
                    same.push(concept);
                }
                continue;
            }
            if spans.iter().any(|(s, e, _)| start < *e && *s < end) {
                let inside_an_event = spans
                    .iter()
                    .any(|(s, e, c)| c[0].kind == Kind::Event && *s <= start && end <= *e);
                if concept.kind == Kind::Thing && inside_an_event {
                    inner_things.push(concept);
                }
                continue;
            }
            spans.push((start, end, vec![concept]));
        }
        for concept in inner_things {
            if !spans.iter().any(|(_, _, c)| c[0].name == concept.name) {
                slots.push(Slot::Concept(vec![concept]));
            }
        }
        spans.sort_by_key(|(start, _, _)| *start);
        for (start, end, concepts) in spans {
            let known = slots
                .iter()
                .any(|s| matches!(s, Slot::Concept(c) if c[0].name == concepts[0].name));
            if !known {
                slots.push(Slot::Concept(concepts));
            }
            rest.replace_range(start..end, &" ".repeat(end - start));
        }
        let mut previous = "";
        for word in words(&rest) {
            // "they have clients or visitors with them": people the customer has or brings
            // are what the topic is about, not the customer.
            let object = PEOPLE.contains(&word) && OBJECT_OF.contains(&previous);
            previous = word;
            if GENERIC.contains(&word) && !object
                || word.len() < 3
                || word.chars().all(|c| c.is_ascii_digit())
            {
                continue;
            }
            let stem = stem(word);
            if !slots
                .iter()
                .any(|s| matches!(s, Slot::Word { stem: st, .. } if *st == stem))
            {
                slots.push(Slot::Word {
                    stem,
                    word: word.to_owned(),
                });
            }
        }
        (!slots.is_empty()).then(|| OpenTopic {
            phrase: phrase.trim().to_owned(),
            slots,
            mode,
            ours: false,
            not_by_them: false,
            strict: false,
            current: CURRENT.is_match(&whole),
            complaint: COMPLAINS.is_match(&whole),
            things_named: false,
            names: Vec::new(),
            own_names: Vec::new(),
        })
    }

    /// The same topic with more slots: an example's own words plus the things the topic
    /// names ("was rude" under "a courier behaved badly").
    pub fn example(&self, example: &OpenTopic) -> OpenTopic {
        let mut slots = example.slots.clone();
        let mut things_named = false;
        // An example that names no happening ("on a machine", under "got hurt at one of
        // our clubs") is where it happens: the topic's happening is still needed.
        let names_event = example
            .slots
            .iter()
            .any(|s| matches!(s, Slot::Concept(c) if c[0].kind == Kind::Event));
        // An example that says what happened to what ("a lost fob" under "their account
        // may be in someone else's hands") stands on its own; one word ("was rude") is
        // about the topic's things.
        let names_thing = example
            .slots
            .iter()
            .any(|s| matches!(s, Slot::Concept(c) if c[0].kind == Kind::Thing))
            || example.slots.len() >= 2 && names_event;
        // An example in words of its own ("locked out" under "can't get into their
        // office") is what happened; only an example naming things alone ("insulin")
        // takes the topic's happening.
        let own_words = example.slots.iter().any(|s| matches!(s, Slot::Word { .. }));
        for slot in &self.slots {
            let wanted = slot.kind() == Kind::Thing && !names_thing
                || !names_event
                    && !own_words
                    && matches!(slot, Slot::Concept(c) if c[0].kind == Kind::Event);
            if wanted && !slots.iter().any(|s| s.name() == slot.name()) {
                things_named |= slot.kind() == Kind::Thing;
                slots.push(slot.clone());
            }
        }
        OpenTopic {
            phrase: example.phrase.clone(),
            slots,
            mode: self.mode,
            ours: self.ours,
            not_by_them: self.not_by_them,
            strict: self.strict,
            current: self.current,
            // An example names what went wrong itself ("a missed diagnosis").
            complaint: false,
            things_named,
            names: self.names.clone(),
            own_names: self.own_names.clone(),
        }
    }

    /// The topic, with every word of it needed (for exclusions). The thing an exclusion
    /// names is what sets it apart, even a word that alone names no topic: "the app
    /// crashing" takes out a crashing app, not every crash.
    pub fn strict(mut self) -> OpenTopic {
        self.strict = true;
        for word in words(&normalize(&self.phrase)) {
            let stem = stem(word);
            if PRODUCT_THINGS.contains(&word)
                && !self
                    .slots
                    .iter()
                    .any(|s| matches!(s, Slot::Word { stem: st, .. } if *st == stem))
            {
                self.slots.push(Slot::Word {
                    stem,
                    word: word.to_owned(),
                });
            }
        }
        self
    }

    /// The topic, about the operator's own offering when `ours`.
    pub fn ours(mut self, ours: bool) -> OpenTopic {
        self.ours = ours;
        self
    }

    /// The topic, done by someone other than the customer when `not_by_them`.
    pub fn not_by_them(mut self, not_by_them: bool) -> OpenTopic {
        self.not_by_them = not_by_them;
        self
    }

    /// What the topic asks of who and where, in the operator's words ("with us", "done
    /// by someone other than the customer"), for showing what was understood.
    pub fn qualifiers(&self) -> String {
        let mut said = String::new();
        if self.ours {
            said.push_str(", with us (our offering, not elsewhere)");
        }
        if self.not_by_them {
            said.push_str(", done by someone other than the customer");
        }
        said
    }

    /// The topic without word slots for `names` (the operator's product or company name),
    /// or `None` when nothing else is left.
    pub fn without_words(mut self, names: &[String]) -> Option<OpenTopic> {
        let phrase = normalize(&self.phrase);
        self.slots.retain(|s| match s {
            Slot::Word { word, .. } => !names.contains(word),
            // A concept said only by a name ("kerbside" is a form of damage to a kerb).
            Slot::Concept(concepts) => !concepts.iter().all(|c| {
                let mut found = c.find_all(&phrase).peekable();
                found.peek().is_some() && found.all(|m| names.iter().any(|n| n == m.as_str()))
            }),
        });
        self.own_names = names
            .iter()
            .filter(|n| words(&phrase).any(|w| w == n.as_str()))
            .cloned()
            .collect();
        self.names = names.to_vec();
        (!self.slots.is_empty()).then_some(self)
    }

    /// The names of the concepts of `kind` the topic names ("medicine", "account").
    pub fn concepts_of_kind(&self, kind: Kind) -> Vec<&'static str> {
        self.slots
            .iter()
            .filter_map(|s| match s {
                Slot::Concept(c) if c[0].kind == kind => Some(c[0].name),
                _ => None,
            })
            .collect()
    }

    /// How many slots of `kind` the topic has.
    pub fn slots_of_kind(&self, kind: Kind) -> usize {
        self.slots
            .iter()
            .filter(|s| matches!(s, Slot::Concept(c) if c[0].kind == kind))
            .count()
    }

    /// The things the alternatives of one condition name between them ("pause or cancel
    /// their subscription": the subscription).
    pub fn shared_things(topics: &[OpenTopic]) -> Vec<OpenTopic> {
        topics
            .iter()
            .filter(|t| t.slots.iter().any(|s| s.kind() == Kind::Thing))
            .cloned()
            .collect()
    }

    /// This topic with the things of `others` it does not name itself, when it names
    /// none: "pause" in "pause or cancel their subscription" is about the subscription.
    pub fn with_things(&self, others: &[OpenTopic]) -> OpenTopic {
        // "end their membership" names its own object, though the concept "cancel" knows
        // the whole phrase: the account in "… or close their company's account" is not it.
        static OWN_OBJECT: LazyLock<Regex> =
            LazyLock::new(|| regex(r"\b(their|his|her|my|our|your|its|the|a|an) [\w-]+"));
        let mut topic = self.clone();
        if topic.slots.iter().any(|s| s.kind() == Kind::Thing)
            || OWN_OBJECT.is_match(&normalize(&topic.phrase))
        {
            return topic;
        }
        for other in others {
            for slot in &other.slots {
                if slot.kind() == Kind::Thing
                    && !topic.slots.iter().any(|s| s.name() == slot.name())
                {
                    topic.slots.push(slot.clone());
                }
            }
        }
        topic
    }

    /// This topic with what happened in `others`, when it names no happening of its own:
    /// "food" in "became ill after a medicine, a flea treatment or food" is about becoming
    /// ill.
    pub fn with_events(&self, others: &[OpenTopic]) -> OpenTopic {
        let mut topic = self.clone();
        // A word of its own ("postponed") is its happening.
        let own_words = topic.slots.iter().any(|s| matches!(s, Slot::Word { .. }));
        if topic.slots_of_kind(Kind::Event) > 0 || own_words {
            return topic;
        }
        if let Some(other) = others.iter().find(|o| o.slots_of_kind(Kind::Event) > 0) {
            for slot in &other.slots {
                if matches!(slot, Slot::Concept(c) if c[0].kind == Kind::Event)
                    && !topic.slots.iter().any(|s| s.name() == slot.name())
                {
                    topic.slots.push(slot.clone());
                }
            }
        }
        topic
    }

    /// The happenings the topic names, by concept ("damage", "charged").
    pub fn happenings(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.slots.iter().filter_map(|s| match s {
            Slot::Concept(c) if c[0].kind == Kind::Event => Some(c[0].name),
            _ => None,
        })
    }

    /// What the topic is, in the engine's words: its slots.
    pub fn slots(&self) -> Vec<String> {
        self.slots.iter().map(|s| s.name().to_owned()).collect()
    }

    /// Whether the mode is a request.
    pub fn mode(&self) -> Mode {
        self.mode
    }

    /// Which of the topic's things (and words) `text` (a customer turn) names: kept by the
    /// caller so a thing named on an earlier turn fills its slot later ("I have the family
    /// plan." … "please cancel it").
    pub fn things_named(&self, text: &str) -> Vec<bool> {
        let normalized = normalize(text);
        self.slots
            .iter()
            .map(|s| {
                (s.kind() == Kind::Thing || matches!(s, Slot::Word { .. }))
                    && !s.find(&normalized).is_empty()
            })
            .collect()
    }

    /// The words of `text` (a customer turn) that raise the topic, if it does; `named`:
    /// which slots earlier turns filled ([`OpenTopic::things_named`]).
    pub fn find(&self, text: &str, named: &[bool]) -> Option<String> {
        self.find_where(text, named, |topic, sentence, range, st| {
            topic.stance_fits(sentence, range, st)
        })
    }

    /// Whether `text` raises the topic, in a supposition too ("can I claim the tax credit
    /// if I'm retired?" is about tax): what an exclusion takes out.
    pub fn spoken_of(&self, text: &str, named: &[bool]) -> Option<String> {
        self.find_where(text, named, |topic, sentence, range, st| {
            let st = Stance {
                hypothetical: false,
                ..st
            };
            topic.stance_fits(sentence, range, st)
        })
    }

    /// Whether `text` names the topic in any stance ("I'm not able to give tax advice"
    /// names tax advice).
    pub fn named_in(&self, text: &str) -> bool {
        self.find_where(text, &[], |_, _, _, _| true).is_some()
    }

    /// Whether `text` asks how (or where, or what it costs) about the topic.
    pub fn asked_about(&self, text: &str, named: &[bool]) -> bool {
        self.find_where(text, named, |_, _, _, st| {
            st.asks_how && !st.negated && !st.reported
        })
        .is_some()
    }

    fn find_where(
        &self,
        text: &str,
        named: &[bool],
        fits: impl Fn(&OpenTopic, &str, &std::ops::Range<usize>, Stance) -> bool,
    ) -> Option<String> {
        // Quotes stay: in a topic they are often what happened ("you've taken £285 for
        // 'damage to front bumper'").
        let unblanked = FIGURATIVE.replace_all(&normalize(text), " ").into_owned();
        let own_name_said = self
            .own_names
            .iter()
            .any(|n| words(&unblanked).any(|w| w == n.as_str()));
        let normalized = blank_names(unblanked, &self.names);
        if self.ours && NOT_OURS.is_match(&normalized)
            || self.not_by_them && !BY_SOMEONE_ELSE.is_match(&normalized)
        {
            return None;
        }
        let concept_of = |kind: Kind| {
            self.slots
                .iter()
                .any(|s| matches!(s, Slot::Concept(c) if c[0].kind == kind))
        };
        let (event_concept, thing_concept) = (concept_of(Kind::Event), concept_of(Kind::Thing));
        let word_slots = self
            .slots
            .iter()
            .filter(|s| matches!(s, Slot::Word { .. }))
            .count();
        // Words no concept knows: with a concept of the thing concerned, they only
        // describe it ("picked up any damage" on the car); with a concept of what happened
        // alone, one in three must be there (the object: "a copy of their medical
        // records"); with no concept at all, most must ("a written summary by email" is
        // asked for by "can you email me a summary").
        let words_needed = match (event_concept, thing_concept) {
            _ if self.strict && word_slots >= 3 => (word_slots * 3).div_ceil(5),
            _ if self.strict => word_slots,
            (true, true) => 0,
            // A thing, and what happens to it in words no concept knows ("keep their car
            // longer"): the thing alone is a mention.
            (false, true) => word_slots.min(1),
            (true, false) => word_slots.div_ceil(3),
            (false, false) if word_slots >= 3 => (word_slots * 3).div_ceil(5),
            (false, false) => word_slots,
        };
        // "won't let me get into the building": the negation is what happened (a
        // concept of the topic says it), not a denial of the building.
        // A copy only when there is something to blank.
        let without_own_negations = |sentence: &str| {
            let mut blanked: Option<String> = None;
            for slot in &self.slots {
                if matches!(slot, Slot::Concept(c) if c[0].kind == Kind::Event) {
                    for range in slot.find(sentence) {
                        if stance::negates(&sentence[range.clone()]) {
                            blanked
                                .get_or_insert_with(|| sentence.to_owned())
                                .replace_range(range.clone(), &" ".repeat(range.len()));
                        }
                    }
                }
            }
            blanked
        };
        let fitting = |sentence: &str, for_stance: &str, slot: &Slot| {
            slot.find(sentence)
                .into_iter()
                .find(|range| fits(self, sentence, range, stance::at(for_stance, range.clone())))
        };
        let events = self.slots_of_kind(Kind::Event);
        // Which slots the whole message names: once, not once per sentence.
        let in_message: Vec<bool> = self
            .slots
            .iter()
            .map(|slot| !slot.find(&normalized).is_empty())
            .collect();
        for sentence in sentences(&normalized) {
            let blanked = without_own_negations(sentence);
            let for_stance = blanked.as_deref().unwrap_or(sentence);
            if self.current && PAST.is_match(sentence) || self.complaint && !complains(sentence) {
                continue;
            }
            let mut anchor: Option<std::ops::Range<usize>> = None;
            let mut words_found = 0;
            let mut all = true;
            // What happened first: every concept of it, in a stance that fits.
            for (i, slot) in self.slots.iter().enumerate() {
                match slot {
                    Slot::Word { .. } => {
                        if let Some(range) = fitting(sentence, for_stance, slot) {
                            words_found += 1;
                            anchor.get_or_insert(range);
                        } else if named.get(i).copied().unwrap_or(false) {
                            // "my cover has ended" … "please reinstate it".
                            words_found += 1;
                        }
                    }
                    Slot::Concept(c) if c[0].kind == Kind::Event => {
                        match fitting(sentence, for_stance, slot) {
                            Some(range) => {
                                anchor.get_or_insert(range);
                            }
                            None => all = false,
                        }
                    }
                    Slot::Concept(_) => {}
                }
            }
            if !all || words_found < words_needed {
                continue;
            }
            // Then the things: named here, named earlier, or left implicit when what
            // happened is not said of another thing ("cancel my desk booking").
            let mut things_found = 0;
            // "she never showed up": the pronoun before what happened stands for one thing
            // the conversation named before, said or not.
            let mut pronoun = anchor
                .as_ref()
                .is_some_and(|event| subject_is_pronoun(sentence, event));
            for (i, slot) in self.slots.iter().enumerate() {
                if slot.kind() != Kind::Thing || matches!(slot, Slot::Word { .. }) {
                    continue;
                }
                let here = slot.find(sentence);
                match (&anchor, here.first()) {
                    (None, Some(_)) => match fitting(sentence, for_stance, slot) {
                        Some(range) => {
                            anchor = Some(range);
                            things_found += 1;
                        }
                        None => all = false,
                    },
                    (Some(_), Some(_)) => things_found += 1,
                    (None, None) => all = false,
                    (Some(event), None) => {
                        let elsewhere = in_message[i]
                            || named.get(i).copied().unwrap_or(false)
                            || own_name_said;
                        let implicit = !elsewhere
                            && !self.things_named
                            && !self.other_thing_after(sentence, event, slot);
                        let meant = !elsewhere && implicit && std::mem::take(&mut pronoun);
                        things_found += usize::from(elsewhere || meant);
                        all &= elsewhere || implicit;
                    }
                }
            }
            // Half of what the operator named must be said: one word of a long
            // description ("pay" of "an employee's pay was changed without their
            // authorisation") is a mention, not the topic.
            let said = events + words_found + things_found;
            if all
                && said * 2 >= self.slots.len()
                && let Some(range) = anchor
            {
                return Some(quote(sentence, range));
            }
        }
        None
    }

    fn stance_fits(&self, sentence: &str, range: &std::ops::Range<usize>, st: Stance) -> bool {
        match self.mode {
            Mode::Ask => st.raised_or_asked(),
            Mode::Raise => st.raised(),
            // "so closed from the 3rd?" checks what the assistant said; it asks for nothing.
            Mode::Request if CONFIRMING.is_match(sentence) => false,
            Mode::Request => {
                st.raised()
                    && (st.asks_to_act
                        || WISH.is_match(sentence)
                        || imperative(&sentence[..range.start], &sentence[range.clone()]))
            }
        }
    }

    /// Whether, in the few words after what happened (`event`), `sentence` names a thing
    /// of another concept than the topic's own: "cancel my class" names a class, not the
    /// subscription, while "the wrong medicine" names one thing of "the delivery
    /// contained the wrong medicine".
    fn other_thing_after(
        &self,
        sentence: &str,
        event: &std::ops::Range<usize>,
        slot: &Slot,
    ) -> bool {
        let own = |name: &str| {
            self.slots
                .iter()
                .any(|s| matches!(s, Slot::Concept(c) if c.iter().any(|o| o.name == name)))
        };
        let after: String = sentence[event.end..]
            .split_whitespace()
            .take(5)
            .collect::<Vec<_>>()
            .join(" ");
        // "reversed into the rental": the rental is the car, whatever else it may be.
        if !slot.find(&after).is_empty() {
            return false;
        }
        // "pause the daily reminder notifications": things of their own, named in the
        // plural, that the topic's thing is not.
        static PLURAL_OBJECT: LazyLock<Regex> = LazyLock::new(|| {
            regex(
                r"^(the|my|our|these|those|all( the| my| our)?) ([a-z-]+ ){0,2}[a-z-]{3,}[^s\W]s\b",
            )
        });
        PLURAL_OBJECT.is_match(&after)
            || concepts()
                .iter()
                .any(|c| c.kind == Kind::Thing && !own(c.name) && c.find(&after).is_some())
    }
}

/// The words around `range` in `sentence`: the evidence shown to operators and agents.
fn quote(sentence: &str, range: std::ops::Range<usize>) -> String {
    let before: Vec<&str> = sentence[..range.start].split_whitespace().collect();
    let after: Vec<&str> = sentence[range.end..].split_whitespace().collect();
    let start = before.len().saturating_sub(4);
    let mut quote: Vec<&str> = before[start..].to_vec();
    quote.push(&sentence[range]);
    quote.extend(after.iter().take(4));
    quote.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn topic(phrase: &str, verbs: &str) -> OpenTopic {
        OpenTopic::read(&normalize(phrase), &normalize(verbs)).expect("a topic")
    }

    fn fires(topic: &OpenTopic, text: &str) -> bool {
        topic.find(text, &[]).is_some()
    }

    #[test]
    fn a_word_named_on_an_earlier_turn_fills_its_slot() {
        let reinstate = topic("reinstate their cover", "any request to");
        let earlier = reinstate.things_named("Why did I get a letter saying my cover has ended?");
        assert!(reinstate.find("ok please reinstate it", &earlier).is_some());
        assert!(!fires(&reinstate, "ok please reinstate it"));
    }

    #[test]
    fn a_request_in_other_words_and_languages() {
        let close = topic("close their account", "wants to");
        assert_eq!(close.mode(), Mode::Request);
        for text in [
            "I want to close my account",
            "please delete my profile",
            "can you shut down my account?",
            "quiero cerrar mi cuenta",
        ] {
            assert!(fires(&close, text), "{text}");
        }
        for text in [
            "how do I close my account?",
            "I don't want to close my account, just change the email",
            "the shop was closed",
            "close the app and open it again",
        ] {
            assert!(!fires(&close, text), "{text}");
        }
    }

    #[test]
    fn a_report_by_meaning() {
        let never = topic("an order never arrived", "reports that");
        for text in [
            "my food never showed up",
            "it's been an hour and my order still hasn't arrived",
        ] {
            assert!(fires(&never, text), "{text}");
        }
        assert!(!fires(&never, "if my order doesn't arrive I'll complain"));
        let reaction = topic("an allergic reaction to food", "tells us they are having");
        assert!(fires(&reaction, "my son needed his epipen after the curry"));
        assert!(!fires(
            &reaction,
            "I'm allergic to peanuts, is there a filter?"
        ));
        assert!(!fires(
            &reaction,
            "no allergic reaction, but the soup was cold"
        ));
        // An app that crashes hurts nobody.
        let injury = topic("an injury", "reports");
        assert!(!fires(
            &injury,
            "the app crashes when I open the Programs tab"
        ));
        assert!(fires(
            &injury,
            "I crashed my bike on the way and hurt my wrist"
        ));
    }

    #[test]
    fn unknown_words_match_by_stem() {
        let resell = topic("reselling our product", "asks about");
        assert!(fires(
            &resell,
            "we'd like to resell your products in our shops"
        ));
        let custom = topic("renew their warranty", "wants to");
        assert!(fires(&custom, "I'd like to renew my warranty please"));
        assert!(!fires(&custom, "what's the weather like"));
    }

    #[test]
    fn the_operators_names_fill_no_slot() {
        // "Kerbside" is also a form of damage (hitting the kerb).
        let names = vec!["kerbside".to_owned()];
        let taken_off = topic("wants their car taken off Kerbside", "")
            .without_words(&names)
            .expect("a topic is left");
        assert!(
            !taken_off.slots().contains(&"damage".to_owned()),
            "{:?}",
            taken_off.slots()
        );
        let damaged = topic("a car with damage", "")
            .without_words(&names)
            .expect("a topic");
        assert!(!fires(
            &damaged,
            "I bought my car on Kerbside last week, how do I tax it?"
        ));
        assert!(fires(
            &damaged,
            "the car I bought has damage on the rear door"
        ));
    }

    #[test]
    fn what_the_operator_wants_now_is_not_told_as_past() {
        let emergency = topic("in a medical emergency abroad right now", "says they are");
        assert!(fires(
            &emergency,
            "we're abroad in spain, my husband fell by the pool and the ambulance took him to hospital"
        ));
        assert!(!fires(
            &emergency,
            "i was hospitalised in lisbon in march, can i claim for it?"
        ));
    }

    #[test]
    fn one_word_of_a_long_description_is_a_mention() {
        let changed = topic(
            "a worker's pay was altered without their permission",
            "says",
        );
        assert!(!fires(&changed, "the pay run is stuck on processing"));
        assert!(fires(
            &changed,
            "someone altered my worker's pay without permission"
        ));
    }

    #[test]
    fn a_yes_no_question_reports_nothing() {
        let damage = topic("our fitters damaged their roof", "says");
        assert!(!fires(&damage, "will the fitters damage my roof?"));
        assert!(fires(&damage, "your fitters damaged my roof. who pays?"));
    }
}
