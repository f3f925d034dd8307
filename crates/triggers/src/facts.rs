//! Facts about the conversation and the customer, as opposed to what one message says:
//! customer attributes ("VIP customers", "customers on the enterprise plan"), how long the
//! conversation is ("more than 10 messages"), whether the problem is sorted, the same
//! question asked again ("a third time"), numbers the customer gives ("more than 20
//! learners") and the language a message is written in.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use regex::Regex;
use whatlang::Lang;

use crate::lexicon::{Concept, concepts};
use crate::text::{normalize, number, regex, stem, unquoted, words};

/// What the front end knows about the customer (`CustomerIdentified.attributes`): string
/// keys and values, compared as text regardless of case.
pub type Attributes = BTreeMap<String, String>;

/// A restriction on a customer attribute: `plan` is `family`, `vip` is true.
#[derive(Debug, Clone, PartialEq)]
pub struct AttributeIs {
    /// The attribute's key when the instruction names one ("on the family *plan*").
    pub key: Option<String>,
    /// The value (lowercase): "family", "vip", "germany".
    pub value: String,
    /// "customers not on the free plan".
    pub negated: bool,
    /// A bound on the attribute's number instead of a value ("tenure_months of 6 or
    /// more"); `value` then says it in words.
    pub number: Option<Bound>,
}

/// A bound on a number the front end sends.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Bound {
    /// At least this ("6 or more", ">= 6", "aged 55 or over").
    AtLeast(f64),
    /// More than this ("over 500", "> 500").
    Above(f64),
    /// At most this ("6 or less", "<= 6").
    AtMost(f64),
    /// Less than this ("under 18", "< 18").
    Below(f64),
}

impl Bound {
    /// Whether `n` is within the bound.
    fn admits(self, n: f64) -> bool {
        match self {
            Bound::AtLeast(b) => n >= b,
            Bound::Above(b) => n > b,
            Bound::AtMost(b) => n <= b,
            Bound::Below(b) => n < b,
        }
    }
}

/// The number `text` spells ("1,200", "£500", "58": an attribute value, or a bound in an
/// instruction), if it is one.
pub(crate) fn number_of(text: &str) -> Option<f64> {
    let digits: String = text
        .trim()
        .trim_start_matches(['£', '$', '€'])
        .chars()
        .filter(|c| *c != ',')
        .collect();
    digits.parse().ok()
}

const TRUE: &[&str] = &["true", "yes", "1", "y", "on"];

/// Other spellings of a value: countries by ISO code as front ends usually send them.
fn aliases(value: &str) -> &'static [&'static str] {
    match value {
        "germany" | "german" => &["de", "deu", "germany", "deutschland"],
        "france" | "french" => &["fr", "fra", "france"],
        "spain" | "spanish" => &["es", "esp", "spain", "espana"],
        "portugal" => &["pt", "prt", "portugal"],
        "brazil" => &["br", "bra", "brazil", "brasil"],
        "mexico" => &["mx", "mex", "mexico"],
        "italy" => &["it", "ita", "italy", "italia"],
        "uk" | "united kingdom" | "britain" => &["gb", "uk", "gbr", "united kingdom"],
        "us" | "usa" | "united states" => &["us", "usa", "united states"],
        "canada" => &["ca", "can", "canada"],
        "netherlands" => &["nl", "nld", "netherlands"],
        "ireland" => &["ie", "irl", "ireland"],
        "australia" => &["au", "aus", "australia"],
        _ => &[],
    }
}

impl AttributeIs {
    /// Whether `attributes` meet the restriction.
    pub fn holds(&self, attributes: &Attributes) -> bool {
        if let (Some(bound), Some(wanted)) = (self.number, &self.key) {
            let within = attributes.iter().any(|(key, value)| {
                key.to_lowercase() == *wanted && number_of(value).is_some_and(|n| bound.admits(n))
            });
            return within != self.negated;
        }
        let value_matches = |v: &str| {
            let v = v.trim().to_lowercase();
            // "the Premium Care plan" is sent as `premium`, `premium care` or `premium_care`.
            let named = |v: &str| {
                v == self.value
                    || v.replace(['_', '-'], " ") == self.value
                    || self
                        .value
                        .split_once(' ')
                        .is_some_and(|(first, _)| v == first)
            };
            named(&v) || aliases(&self.value).contains(&v.as_str())
        };
        let found = attributes.iter().any(|(key, value)| {
            let key = key.to_lowercase();
            match &self.key {
                Some(wanted) => {
                    let last = wanted.rsplit(['_', ' ']).next().unwrap_or(wanted);
                    (key == *wanted
                        || key.contains(wanted.as_str())
                        || wanted.contains(key.as_str())
                        || key.ends_with(last))
                        && value_matches(value)
                }
                None => {
                    value_matches(value)
                        || ((key == self.value
                            || key == format!("is_{}", self.value)
                            || key.replace(['_', '-'], " ") == self.value)
                            && TRUE.contains(&value.trim().to_lowercase().as_str()))
                }
            }
        });
        found != self.negated
    }

    /// In plain words.
    pub fn describe(&self) -> String {
        let not = if self.negated { "not " } else { "" };
        match &self.key {
            Some(key) => format!("the customer's {key} is {not}{}", self.value),
            None => format!("the customer is {not}{} (a customer attribute)", self.value),
        }
    }
}

/// Which messages a length condition counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Counted {
    /// The customer's messages (user turns), "hi" and "done" included.
    Customer,
    /// Every turn of the conversation.
    All,
}

/// Said when a customer says the problem is solved ("omg it worked", "perfect, thanks!").
static SOLVED: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\b((it|that|this) (worked|works|did it|did the trick|fixed it|helped|sorted it)|works (now|again|fine|perfectly)|(all )?(sorted|solved|fixed|resolved)( now)?|all good|problem solved|perfect|great,? thanks?|thanks?,? (bye|that'?s all|that'?s it)|that'?s all i needed|got it,? thanks?|^\s*(it )?worked\b|(nope|no|nah),? (that'?s|thats) (all|it|everything)|^\s*(that'?s|thats) (all|everything)( for (now|today))?|funciono|ya funciona|resuelto|ca marche|c'est regle|es funktioniert|geklappt|funcionou|resolvido)\b",
    )
});
static NOT_SOLVED: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\b(not|never|isn'?t|hasn'?t|wasn'?t|didn'?t|doesn'?t|still)\b.{0,20}\b(worked|works|sorted|solved|fixed|resolved|helped)\b|\bperfect(ly)? (wrong|useless)\b",
    )
});

/// Whether a customer turn says the problem is solved, with nothing left open.
pub fn says_solved(text: &str) -> bool {
    let normalized = normalize(text);
    SOLVED.is_match(&normalized) && !NOT_SOLVED.is_match(&normalized) && !normalized.contains('?')
}

/// Greetings and thanks that do not make a message another language ("Ciao!",
/// "grazie!").
const COURTESY: &[&str] = &[
    "hi", "hello", "hey", "thanks", "thank", "you", "ciao", "grazie", "mille", "merci", "beaucoup",
    "bonjour", "salut", "gracias", "hola", "buenos", "dias", "danke", "hallo", "tschuss",
    "obrigado", "obrigada", "ola", "oi", "prego", "arigato", "bye", "cheers", "ok", "okay",
    "please", "pls", "thx", "ty", "bitte", "por", "favor", "s'il", "vous", "plait",
];

/// Common English words: a message made of them is English whatever a statistical model
/// says of a short text.
const ENGLISH_FUNCTION: &[&str] = &[
    "the", "a", "an", "is", "are", "i", "you", "my", "to", "and", "of", "it", "in", "for", "on",
    "this", "that", "with", "me", "have", "was", "can", "do", "not", "what", "how", "why", "when",
    "where", "your", "be", "we", "our", "just", "there", "but", "so", "if", "at",
];

/// The language a customer message is written in, when it says enough to tell: its own
/// sentences, without quoted words, greetings and thanks; `None` for short or unclear
/// messages.
pub fn language(text: &str) -> Option<Lang> {
    let lower = text.to_lowercase();
    let unquoted = unquoted(&lower);
    let kept: Vec<&str> = unquoted
        .split_whitespace()
        .filter(|w| {
            let bare = w.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'');
            !bare.is_empty()
                && !COURTESY.contains(&normalize(bare).as_str())
                && bare.chars().any(char::is_alphabetic)
        })
        .collect();
    if kept.len() < 4 {
        return None;
    }
    let english = kept
        .iter()
        .filter(|w| {
            ENGLISH_FUNCTION.contains(
                &w.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'')
                    .to_lowercase()
                    .as_str(),
            )
        })
        .count();
    if english * 4 >= kept.len() {
        return Some(Lang::Eng);
    }
    match whatlang::detect(&kept.join(" ")) {
        Some(info) if info.is_reliable() || info.confidence() >= 0.5 => Some(info.lang()),
        // A short sentence leaves the trigram detector unsure ("quisiera saber si
        // recibieron mi solicitud"); its function words still tell.
        _ => function_word_vote(&kept),
    }
}

/// Function words of the languages a support desk reads most, for short messages.
const FUNCTION_WORDS: &[(Lang, &[&str])] = &[
    (
        Lang::Spa,
        &[
            "el", "los", "las", "del", "al", "y", "es", "por", "para", "con", "mi", "mis", "pero",
            "muy", "tengo", "quiero", "quisiera", "puedo", "necesito", "hay", "esta", "estoy",
            "cuando", "donde", "porque", "tambien", "ya", "su", "sus", "lo", "le", "nos", "fue",
            "han", "he", "mas", "como", "pueden", "podria", "de", "en", "un", "una", "la", "que",
            "se", "a", "vamos", "estar", "estamos",
        ],
    ),
    (
        Lang::Fra,
        &[
            "le", "les", "des", "du", "et", "est", "je", "vous", "nous", "pas", "pour", "qui",
            "mon", "ma", "mes", "sur", "avec", "une", "ce", "cette", "mais", "tres", "ai", "suis",
            "sont", "au", "aux", "il", "elle", "ne", "j'ai", "c'est", "d'un", "d'une", "l'", "de",
            "en", "un", "la", "que", "se",
        ],
    ),
    (
        Lang::Por,
        &[
            "o", "os", "do", "da", "dos", "das", "em", "um", "uma", "nao", "meu", "minha", "eu",
            "voce", "com", "para", "mas", "tenho", "quero", "queria", "preciso", "estou", "ao",
            "na", "no", "ja", "sao", "pelo", "pela", "sobre", "de", "que", "se", "a", "e", "isso",
            "esse", "essa", "muito", "tambem", "mais", "foi", "vai", "tem", "estamos", "vamos",
            "estar", "nossa", "nosso", "pra", "ainda", "agora", "aqui", "pode", "podem",
            "gostaria",
        ],
    ),
    (
        Lang::Deu,
        &[
            "der", "die", "das", "und", "ist", "ich", "nicht", "ein", "eine", "mit", "zu", "mein",
            "meine", "sie", "es", "auf", "fur", "den", "dem", "wir", "habe", "bin", "kann", "auch",
            "aber", "noch", "schon", "mich", "mir", "wie", "wann",
        ],
    ),
    (
        Lang::Ita,
        &[
            "il", "gli", "di", "che", "un", "per", "non", "sono", "ho", "del", "della", "nel",
            "anche", "questo", "mio", "mia", "posso", "vorrei", "grazie",
        ],
    ),
];

/// Letters only one of these languages writes ("¿", "ñ", "ß", "ã"): as telling as a
/// function word.
const LETTERS: &[(Lang, &[char])] = &[
    (Lang::Spa, &['¿', '¡', 'ñ']),
    (Lang::Deu, &['ß']),
    (Lang::Por, &['ã', 'õ']),
];

/// The language whose function words `words` use most, when they weigh at least as much
/// as two words of its own and more than any other language's. A word several languages
/// share ("de", "en", "que") counts a share to each.
fn function_word_vote(words: &[&str]) -> Option<Lang> {
    let bare: Vec<String> = words
        .iter()
        .map(|w| normalize(w.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'')))
        .collect();
    let mut votes: Vec<(Lang, f64)> = FUNCTION_WORDS
        .iter()
        .map(|(lang, _)| (*lang, 0.0))
        .collect();
    for word in &bare {
        let speakers = FUNCTION_WORDS
            .iter()
            .filter(|(_, function)| function.contains(&word.as_str()))
            .count();
        for (lang, function) in FUNCTION_WORDS {
            if function.contains(&word.as_str())
                && let Some((_, weight)) = votes.iter_mut().find(|(l, _)| l == lang)
            {
                *weight += 1.0 / speakers as f64;
            }
        }
    }
    for (lang, letters) in LETTERS {
        let written = words
            .iter()
            .any(|w| w.chars().any(|c| letters.contains(&c)));
        if written && let Some((_, weight)) = votes.iter_mut().find(|(l, _)| l == lang) {
            *weight += 1.0;
        }
    }
    votes.sort_by(|a, b| b.1.total_cmp(&a.1));
    match votes[..] {
        [(lang, first), (_, second), ..] if first >= 2.0 && first > second => Some(lang),
        _ => None,
    }
}

/// Languages by the English names operators write, as `whatlang` detects them.
pub const LANGUAGE_NAMES: &[(&str, Lang)] = &[
    ("english", Lang::Eng),
    ("spanish", Lang::Spa),
    ("castilian", Lang::Spa),
    ("french", Lang::Fra),
    ("german", Lang::Deu),
    ("portuguese", Lang::Por),
    ("italian", Lang::Ita),
    ("dutch", Lang::Nld),
    ("polish", Lang::Pol),
    ("russian", Lang::Rus),
    ("ukrainian", Lang::Ukr),
    ("turkish", Lang::Tur),
    ("arabic", Lang::Ara),
    ("chinese", Lang::Cmn),
    ("mandarin", Lang::Cmn),
    ("japanese", Lang::Jpn),
    ("korean", Lang::Kor),
    ("hindi", Lang::Hin),
    ("swedish", Lang::Swe),
    ("danish", Lang::Dan),
    ("finnish", Lang::Fin),
    ("czech", Lang::Ces),
    ("greek", Lang::Ell),
    ("hebrew", Lang::Heb),
    ("romanian", Lang::Ron),
    ("hungarian", Lang::Hun),
    ("vietnamese", Lang::Vie),
    ("indonesian", Lang::Ind),
    ("thai", Lang::Tha),
    ("welsh", Lang::Cym),
    ("catalan", Lang::Cat),
    ("bulgarian", Lang::Bul),
    ("croatian", Lang::Hrv),
    ("serbian", Lang::Srp),
    ("slovak", Lang::Slk),
    ("slovenian", Lang::Slv),
    ("slovene", Lang::Slv),
    ("lithuanian", Lang::Lit),
    ("latvian", Lang::Lav),
    ("estonian", Lang::Est),
    ("persian", Lang::Pes),
    ("farsi", Lang::Pes),
    ("urdu", Lang::Urd),
    ("tamil", Lang::Tam),
    ("afrikaans", Lang::Afr),
    ("tagalog", Lang::Tgl),
    ("filipino", Lang::Tgl),
];

/// The language a name in an instruction means ("English", "Spanish", "Portuguese").
pub fn language_named(word: &str) -> Option<Lang> {
    LANGUAGE_NAMES
        .iter()
        .find(|(name, _)| *name == word)
        .map(|(_, lang)| *lang)
}

/// A number the customer gives of something ("roughly 75 students", "a class of 14",
/// "3 weeks ago"): the largest such number in `text`, if any, where `unit` names the
/// thing (a concept name or a word).
pub fn quantity(text: &str, unit: &str) -> Option<u32> {
    // "10,000 flyers" is one number, though a comma ends a word.
    static THOUSANDS: LazyLock<Regex> = LazyLock::new(|| regex(r"(\d),(\d{3})\b"));
    let normalized = normalize(text);
    let normalized = THOUSANDS.replace_all(&normalized, "$1$2");
    if unit == ANY_UNIT {
        let priceless = PRICE.replace_all(&normalized, " ");
        return any_count(&words(&priceless).collect::<Vec<_>>());
    }
    // "12-15 dogs": both ends are counts of dogs.
    static RANGE: LazyLock<Regex> = LazyLock::new(|| regex(r"\b(\d+)\s*-\s*(\d+)\b"));
    let normalized = RANGE.replace_all(&normalized, "$1 to $2");
    // "25 of us would join" counts staff or students as much as people.
    let normalized = if unit == "people" || Unit::of("people").named_by(unit) {
        people_said_otherwise(&normalized, unit)
    } else {
        normalized.into_owned()
    };
    let tokens: Vec<&str> = words(&normalized).collect();
    let counted = Unit::of(unit);
    let is_unit = |w: &str| counted.named_by(w);
    let days = |w: &str| -> Option<u32> {
        match unit {
            "days" => Some(match w {
                "day" | "days" | "dias" | "jours" | "tage" | "tagen" => 1,
                "week" | "weeks" | "semanas" | "semaines" | "wochen" | "woche" => 7,
                "month" | "months" | "meses" | "mois" | "monate" | "monaten" => 30,
                _ => return None,
            }),
            _ => None,
        }
    };
    let mut best: Option<u32> = None;
    for (i, token) in tokens.iter().enumerate() {
        let Some(n) = number(token) else { continue };
        if matches!(*token, "a" | "an" | "single") {
            // "a week" is a number of days; "a school" is not a number of schools.
            if let Some(next) = tokens.get(i + 1)
                && let Some(factor) = days(next)
            {
                best = best.max(Some(factor));
            }
            continue;
        }
        // "30 of our Year 5 children": what is counted comes after whose they are.
        let reach = if tokens.get(i + 1) == Some(&"of") {
            5
        } else {
            3
        };
        let ahead = tokens.iter().skip(i + 1).take(reach);
        // "properties: 5 Elm Row" numbers a street; only a number that counts nothing after
        // it ("how many properties? 5") looks back for what it counts.
        let counts_after = tokens
            .get(i + 1)
            .is_some_and(|w| w.chars().next().is_some_and(char::is_alphabetic));
        let behind = tokens[if counts_after { i } else { i.saturating_sub(3) }..i].iter();
        for word in ahead.chain(behind) {
            if let Some(factor) = days(word) {
                best = best.max(Some(n.saturating_mul(factor)));
            } else if is_unit(word) {
                best = best.max(Some(n));
            }
        }
    }
    // "more than 50 plants" and "120 beech whips": a word no concept knows is counted in
    // the customer's words for its kinds, so any count of things stands for it.
    if best.is_none() && counted.concept.is_none() && unit != "days" {
        // (Codes such as "FH-20931" or "#5521" count nothing.)
        static CODE: LazyLock<Regex> =
            LazyLock::new(|| regex(r"#\d+|\b[a-z]+[-/]?\d[\w-]*|\b\d+[a-z]+\d[\w-]*"));
        let codeless = CODE.replace_all(&normalized, " ");
        let priceless = PRICE.replace_all(&codeless, " ");
        return any_count(&words(&priceless).collect::<Vec<_>>());
    }
    best
}

/// A price: it counts no things ("£285 for 500").
static PRICE: LazyLock<Regex> =
    LazyLock::new(|| regex(r"[£$€]\s*\d[\d.]*k?\b|\b\d[\d.]*\s*(€|£|\$|eur|usd|gbp)"));

/// `normalized` with the ways a team gives its size without naming people ("a 40-person
/// agency", "a team of 40", "12 of us", "we'll be 18 from day one") said as "N people"
/// (or N of the `unit` counted).
fn people_said_otherwise(normalized: &str, unit: &str) -> String {
    static TEAM_SIZE: LazyLock<Regex> = LazyLock::new(|| {
        regex(
            r"\b(\d+)[- ](?:person|people|strong|seat|seater|desk)\b|\b(?:team|group|company|agency|staff|headcount) of (?:about |around |roughly |nearly |over )?(\d+)\b|\b(\d+) of us\b|\b(?:we|there)(?:'re| are|'ll be| will be| would be|'d be) (?:about |around |roughly |nearly |almost |over |at least )?(\d+)(?: (?:now|today|in total|altogether|of us|people))?(?:\s*[.,!?;:]|\s*$| from\b| by\b| next\b| soon\b| and\b)",
        )
    });
    TEAM_SIZE
        .replace_all(normalized, |caps: &regex::Captures| {
            let n = (1..=4).find_map(|g| caps.get(g)).map_or("", |m| m.as_str());
            format!("{n} {unit} ")
        })
        .into_owned()
}

/// A count given in answer to "how many …?" ("How many people would the office need to
/// seat?" … "around 22 now"): the count the question asks for, though the reply names no
/// unit.
pub fn quantity_answered(question: &str, reply: &str, unit: &str) -> Option<u32> {
    static HOW_MANY: LazyLock<Regex> = LazyLock::new(|| {
        regex(r"\b(?:how many|cuant[oa]s|combien de|wie viele|quant[oa]s) ([\w-]+)")
    });
    let question = normalize(question);
    let counted = Unit::of(unit);
    let asked = HOW_MANY
        .captures_iter(&question)
        .any(|caps| counted.named_by(&caps[1]));
    if !asked {
        return None;
    }
    let reply = normalize(reply);
    let mut tokens: Vec<&str> = words(&reply).collect();
    // A bare number ends the reply: "22" counts as "22 people".
    tokens.push(unit);
    any_count(&tokens)
}

/// What a count counts: the forms of a concept (by name, or the concept that knows the
/// word: "animals" are pets, so "12 dogs" counts), else the word's stem. Resolved once per
/// count, not once per word.
struct Unit {
    concept: Option<&'static Concept>,
    stem: String,
}

impl Unit {
    fn of(unit: &str) -> Unit {
        let concept = concepts()
            .iter()
            .find(|c| c.name == unit)
            .or_else(|| concepts().iter().find(|c| c.names_whole(unit)));
        Unit {
            concept,
            stem: stem(unit),
        }
    }

    /// Whether `word` names what is counted.
    fn named_by(&self, word: &str) -> bool {
        match self.concept {
            Some(c) => c.names_whole(word),
            None => stem(word) == self.stem,
        }
    }
}

/// The unit of a count of anything: "500 units or more" is 500 flyers, mugs or badges.
pub const ANY_UNIT: &str = "items";

/// The largest number in `tokens` that counts things ("10000 a5 flyers", "5000 of the
/// round ones", "8k tote bags"): not an order or booking number, a price, a time or a date.
fn any_count(tokens: &[&str]) -> Option<u32> {
    const NOT_THINGS: &[&str] = &[
        "am",
        "pm",
        "h",
        "hours",
        "hour",
        "hrs",
        "minutes",
        "mins",
        "min",
        "seconds",
        "days",
        "day",
        "weeks",
        "week",
        "months",
        "month",
        "years",
        "year",
        "percent",
        "pounds",
        "dollars",
        "euros",
        "eur",
        "usd",
        "gbp",
        "quid",
        "bucks",
        "times",
        "st",
        "nd",
        "rd",
        "th",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
    ];
    // "285 for the repair", "2 to 3": what follows says nothing is counted.
    const AFTER_NO_COUNT: &[&str] = &[
        "for", "to", "at", "on", "in", "per", "each", "off", "and", "or", "but", "is", "was",
        "are", "were", "by", "from", "until", "till", "x",
    ];
    const IDS: &[&str] = &[
        "order",
        "booking",
        "ref",
        "reference",
        "invoice",
        "number",
        "no",
        "account",
        "ticket",
        "case",
        "id",
        "code",
        "room",
        "flat",
        "unit",
        "gate",
        "platform",
        "page",
        "version",
    ];
    let mut best = None;
    for (i, token) in tokens.iter().enumerate() {
        if !token.starts_with(|c: char| c.is_ascii_digit()) {
            continue;
        }
        let Some(n) = number(token) else { continue };
        let after = tokens.get(i + 1).copied().unwrap_or("");
        let before = i.checked_sub(1).map_or("", |b| tokens[b]);
        // "want to order 120 whips": ordering them, not order number 120.
        let ordering = matches!(before, "order" | "book")
            && i.checked_sub(2).is_some_and(|b| {
                matches!(
                    tokens[b],
                    "to" | "please"
                        | "can"
                        | "could"
                        | "would"
                        | "will"
                        | "i"
                        | "we"
                        | "i'd"
                        | "we'd"
                )
            });
        let counts = after.chars().next().is_some_and(char::is_alphabetic)
            && !NOT_THINGS.contains(&after)
            && !AFTER_NO_COUNT.contains(&after)
            && (!IDS.contains(&before) || ordering);
        if counts {
            best = best.max(Some(n));
        }
    }
    best
}

/// A question's signature: its concepts and the stems of its other content words, and the
/// numbers it names (order 1042 is not order 1041).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Signature {
    items: Vec<String>,
    numbers: Vec<String>,
}

/// At most this many items per signature: the cost of comparing two is bounded whatever a
/// message's length.
const SIGNATURE_ITEMS: usize = 24;

const QUESTION_FILLER: &[&str] = &[
    // How the customer presses the question ("right but …", "that's not what I asked",
    // "i still dont get it"), not what it asks.
    "right",
    "but",
    "not",
    "all",
    "yes",
    "that's",
    "thats",
    "dont",
    "understand",
    "actually",
    "seriously",
    "literally",
    "honestly",
    "really",
    "though",
    "tho",
    "sure",
    "wait",
    "answer",
    "answered",
    "simple",
    "simply",
    "whether",
    "again",
    "still",
    "please",
    "pls",
    "asked",
    "ask",
    "asking",
    "question",
    "already",
    "tell",
    "know",
    "want",
    "need",
    "you",
    "your",
    "the",
    "and",
    "for",
    "can",
    "could",
    "would",
    "what",
    "when",
    "where",
    "how",
    "why",
    "which",
    "who",
    "does",
    "did",
    "have",
    "has",
    "are",
    "was",
    "were",
    "this",
    "that",
    "there",
    "here",
    "just",
    "yet",
    "now",
    "hello",
    "hey",
    "thanks",
    "thank",
    "sorry",
    "okay",
    "any",
    "about",
    "from",
    "with",
    "will",
    "get",
    "got",
    "like",
    "into",
    "been",
    "being",
    "some",
    "then",
    "than",
    "them",
    "they",
    "their",
    "our",
    "ours",
    "mine",
    "i'm",
    "it's",
    "don't",
    "didn't",
    "isn't",
    "i've",
    "you're",
    "also",
    "one",
    "more",
    "time",
    "times",
    "said",
    "say",
    "mean",
    "meant",
    "really",
    "actually",
    "simple",
    "simply",
    "answer",
    "reply",
    "respond",
    "understand",
    "explain",
    "let",
    "other",
    "whats",
    "but",
    "not",
    "much",
    "many",
    "yes",
    "yeah",
    "right",
    "seriously",
    "exactly",
    "cool",
    "back",
    "btw",
    "lol",
    "quick",
    "separate",
    "thing",
    "figure",
    "good",
    "great",
    "fine",
    "perfect",
    "possible",
    "is",
    // The same words in the desk's other languages.
    "que",
    "cual",
    "por",
    "para",
    "una",
    "los",
    "las",
    "del",
    "este",
    "esta",
    "estoy",
    "puede",
    "puedo",
    "decir",
    "pero",
    "como",
    "donde",
    "cuando",
    "hay",
    "tiene",
    "quel",
    "quelle",
    "est",
    "les",
    "des",
    "une",
    "pour",
    "dans",
    "mais",
    "vous",
    "pouvez",
    "peux",
    "par",
    "pas",
    "non",
    "oui",
    "c'est",
    "sur",
    "avec",
    "nein",
    "wie",
    "wann",
    "ist",
    "der",
    "die",
    "das",
    "und",
    "ich",
    "sie",
    "mir",
    "aber",
    "qual",
    "voce",
    "pode",
    "mas",
    "com",
    "uma",
    "nao",
    "sim",
];

/// What kind of thing a question asks for: two askings of "when" in other words ("the
/// cut-off", "the deadline", "what day … by") share it.
static QUESTION_KINDS: LazyLock<Vec<(&'static str, Regex)>> = LazyLock::new(|| {
    [
        (
            "asks when",
            r"\b(when|what (time|day|date)|how soon|by when|until when|deadline|cut-?off|expir\w*|last day|valid (until|till|through)|cuando|a que hora|que dia|fecha|quel jour|welche[nmr]? tag|an welchem tag|caduc\w*|vence\w*|quand|a quelle heure|date limite|wann|bis wann|ablauf\w*|quando|a que horas|validade)\b",
        ),
        (
            "asks how long",
            r"\bhow (long|many (hours|days|minutes|weeks|months))\b|\bhow much time\b|\bcuanto tiempo\b|\bcombien de temps\b|\bwie lange\b|\bquanto tempo\b",
        ),
        (
            "asks may",
            r"\b(can|may|could) (i|we)\b|\b(am i|are we) allowed\b|\bis it (ok|okay|possible|allowed)\b|\bpossibles?\b|\bmoglich\b|\bposible\b|\bpossivel\b|\b(puedo|se puede|podemos|puis-je|peut-on|je peux|darf ich|kann ich|posso|pode-se)\b",
        ),
    ]
    .into_iter()
    .map(|(kind, pattern)| (kind, regex(pattern)))
    .collect()
});

impl Signature {
    /// The signature of `text`.
    pub fn of(text: &str) -> Signature {
        let normalized = normalize(text);
        let mut items: Vec<String> = Vec::new();
        // A word a concept names counts once, as the concept.
        let mut covered: Vec<std::ops::Range<usize>> = Vec::new();
        for concept in concepts() {
            let found: Vec<_> = concept
                .find_all(&normalized)
                .map(|m| m.range())
                // One word is one item, even when two concepts know it ("charging" is a
                // charge and a billing word).
                .filter(|r| !covered.contains(r))
                .collect();
            if !found.is_empty() {
                items.push(concept.name.to_owned());
                covered.extend(found);
            }
        }
        for (kind, pattern) in QUESTION_KINDS.iter() {
            if pattern.is_match(&normalized) {
                items.push((*kind).to_owned());
            }
        }
        let mut numbers = Vec::new();
        for word in words(&normalized) {
            let start = word.as_ptr() as usize - normalized.as_ptr() as usize;
            if covered
                .iter()
                .any(|r| r.start <= start && start + word.len() <= r.end)
            {
                continue;
            }
            if word.chars().all(|c| c.is_ascii_digit()) {
                if !numbers.iter().any(|n| n == word) {
                    numbers.push(word.to_owned());
                }
                continue;
            }
            if word.len() < 3 || QUESTION_FILLER.contains(&word) {
                continue;
            }
            let stem = stem(word);
            if !items.contains(&stem) {
                items.push(stem);
            }
        }
        items.truncate(SIGNATURE_ITEMS);
        numbers.truncate(SIGNATURE_ITEMS);
        Signature { items, numbers }
    }

    /// Whether this question names something `earlier` did not ("the beef" after "can I
    /// swap the salmon?"), beyond the kind of thing asked.
    pub fn names_more_than(&self, earlier: &Signature) -> bool {
        self.items
            .iter()
            .any(|i| !i.starts_with("asks ") && !earlier.items.contains(i))
    }

    /// Whether two signatures ask for the same thing.
    pub fn same_as(&self, other: &Signature) -> bool {
        if !self.numbers.is_empty()
            && !other.numbers.is_empty()
            && !self.numbers.iter().any(|n| other.numbers.contains(n))
        {
            return false;
        }
        let shared = self
            .items
            .iter()
            .filter(|i| other.items.contains(i))
            .count();
        let smaller = self.items.len().min(other.items.len());
        // Asking for the same kind of thing (when, how long, whether one may) weighs as
        // much as a second shared word, once another word is shared.
        let same_kind = self
            .items
            .iter()
            .filter(|i| i.starts_with("asks ") && other.items.contains(i))
            .count();
        smaller > 0 && shared >= 2.min(smaller) && (shared + same_kind) * 2 >= smaller
    }
}

/// A customer turn that asks for something (a question or a request), as opposed to a
/// report that a suggestion failed, a confirmation of the answer, or small talk.
static ASKING: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\?|\byes or no\b|\bor not\s*[.!]*\s*$|\b(can|could|may) (i|we)\b|^\s*((ok|okay|right|yes|yeah|sure|fine)[,.!]*\s+)?but (what|which|when|where|how|is|are|do|does|can|will|why|who)\b|\b(which|what) (date|day|time|one|size|colou?r|price)\b|\b(can you|could you|please|i (just |really |only |still )?(want|need|would like)|i'?m asking|i am asking|i'?d like|tell me|where('?s| is| are)|when (will|does|is|do)|what('?s| is| are)|how (do|can|long|much|many)|is there|do you|does|any (news|update))\b",
    )
});
static NOT_AN_ASKING: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"^\s*(so|ok so|okay so|right so|got it,? so)\b|\b(still (failed|fails|doesn'?t|does not|not working|broken)|didn'?t work|doesn'?t work|no luck)\b|\b(this is|that'?s) the (second|third|fourth|\d+(st|nd|rd|th)) time\b|^\s*(thanks|thank you|ok|okay|great|cool|perfect)\b[^?]{0,20}$",
    )
});

/// Asking again in other words because the answer missed: "ok but is there a pool or
/// not", "right but which date is mine", "seriously, just tell me the figure".
static PUSH_BACK: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"^[\s¿¡]*((ok|okay|right|yes|yeah|yep|sure|fine|alright|cool|hmm+|um+|uh+|no|nope|sorry|thanks|ya|vale|si|bueno|oui|d'accord|ja|gut|sim)[,.!]*[\s¿¡]+)*(but|pero|mais|aber|mas)\b|\b(no entiendo|je ne comprends pas|ich verstehe (das )?nicht|nao entendo|i (still )?don'?t (understand|get it))\b|\bi meant?\b|\b(i (wasn'?t|was not|didn'?t make (it|myself)) clear|to be clear|i'?m (asking|talking) about|i am (asking|talking) about|i asked about|let me (rephrase|put it another way|ask (it )?(again|differently))|my question (is|was)|yes or no)\b|^\s*(seriously|again|i asked|i said|that'?s not what i asked|you didn'?t answer|just tell me|still not sure)\b|\bor not\s*\??\s*$|^\s*(an? |the )?[\w-]+( [\w-]+)? (isn'?t|is not|aren'?t|are not) (an?|the) [\w-]+\s*[.!,]",
    )
});

/// Whether a customer turn goes back to the question they asked first ("back to my first
/// question", "going back to my original question").
pub fn back_to_first(text: &str) -> bool {
    static BACK: LazyLock<Regex> = LazyLock::new(|| {
        regex(
            r"\b(back to|going back to|returning to|about) (my|the) (first|original|earlier|initial) (question|q|point|thing)\b",
        )
    });
    BACK.is_match(&normalize(text))
}

/// The same kind of question about another thing ("can I swap the beef one too?", "and
/// can I swap the halloumi?"): a new question, not the last one again.
static ANOTHER_THING: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\b(too|also|as well|what about|how about|another|the other one|either)\b|^\s*(and|also|plus)\b",
    )
});

/// Whether `text`, a customer's question, asks about another thing than the one before.
pub fn asks_about_another_thing(text: &str) -> bool {
    ANOTHER_THING.is_match(&normalize(text))
}

/// Whether `text`, a customer's question, pushes back on the answer to their last one.
pub fn pushes_back(text: &str) -> bool {
    PUSH_BACK.is_match(&normalize(text))
}

/// Whether `text`, a customer turn, asks for something.
pub fn is_asking(text: &str) -> bool {
    // "so what day will it show up??": a question after "so", not a check of the answer
    // ("so closed from the 3rd?").
    static SO_THEN_QUESTION: LazyLock<Regex> = LazyLock::new(|| {
        regex(r"^\s*((ok|okay|right|got it),?\s+)?so,?\s+(what|which|when|where|how|why|who)\b")
    });
    let normalized = normalize(text);
    ASKING.is_match(&normalized)
        && (!NOT_AN_ASKING.is_match(&normalized)
            || PUSH_BACK.is_match(&normalized)
            || SO_THEN_QUESTION.is_match(&normalized))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attrs(pairs: &[(&str, &str)]) -> Attributes {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn attributes_by_key_or_by_value() {
        let family = AttributeIs {
            key: Some("plan".into()),
            value: "family".into(),
            negated: false,
            number: None,
        };
        assert!(family.holds(&attrs(&[("plan", "Family")])));
        assert!(!family.holds(&attrs(&[("plan", "solo")])));
        assert!(!family.holds(&attrs(&[])));
        let vip = AttributeIs {
            key: None,
            value: "vip".into(),
            negated: false,
            number: None,
        };
        assert!(vip.holds(&attrs(&[("vip", "true")])));
        assert!(vip.holds(&attrs(&[("tier", "VIP")])));
        assert!(!vip.holds(&attrs(&[("vip", "false")])));
        let germany = AttributeIs {
            key: None,
            value: "germany".into(),
            negated: false,
            number: None,
        };
        assert!(germany.holds(&attrs(&[("country", "DE")])));
    }

    #[test]
    fn short_sentences_by_their_function_words() {
        assert_eq!(
            language("Hola, quisiera saber si recibieron mi solicitud para Ingeniería Civil."),
            Some(Lang::Spa)
        );
        assert_eq!(
            language("Bom dia! Queria saber quando sai o resultado da minha candidatura."),
            Some(Lang::Por)
        );
        assert_eq!(
            language("Olá! Queria adiar a entrega de março, vamos estar fora. Obrigada!"),
            Some(Lang::Por)
        );
        assert_eq!(
            language("can you check my order status please"),
            Some(Lang::Eng)
        );
    }

    #[test]
    fn languages_of_whole_messages_only() {
        // Short sentences the trigram detector is unsure of: the words Romance languages
        // share count a share to each, and "¿" is Spanish.
        assert_eq!(
            language("Hola, quiero inscribirme en un curso de inglés intensivo"),
            Some(Lang::Spa)
        );
        assert_eq!(
            language("¿hacéis envíos a Canarias? Necesito 300 tarjetas."),
            Some(Lang::Spa)
        );
        assert_eq!(
            language("I loved the pain au chocolat at the café de la gare"),
            Some(Lang::Eng)
        );
        assert_eq!(
            language("Bonjour, je n'arrive pas à me connecter à mon compte depuis hier"),
            Some(Lang::Fra)
        );
        assert_eq!(
            language("Ciao! my lesson streak disappeared, grazie"),
            Some(Lang::Eng)
        );
        assert_eq!(language("grazie mille!"), None);
        assert_eq!(
            language("why is it 'sono andato' and not 'ho andato' in this lesson?"),
            Some(Lang::Eng)
        );
    }

    #[test]
    fn quantities_with_their_unit() {
        assert_eq!(quantity("we're roughly 75 students", "people"), Some(75));
        assert_eq!(quantity("a class of 14 learners", "people"), Some(14));
        assert_eq!(quantity("ordered 3 weeks ago", "days"), Some(21));
        assert_eq!(quantity("it's been a week", "days"), Some(7));
        assert_eq!(quantity("order 1042 please", "people"), None);
        // A unit no concept knows is counted in the customer's words for its kinds.
        assert_eq!(
            quantity("need roughly 120 beech whips", "plants"),
            Some(120)
        );
        assert_eq!(quantity("order FH-20931 arrived at 7", "plants"), None);
        // A street number after what is counted counts nothing.
        assert_eq!(
            quantity(
                "repairs at three of our properties: 5 Elm Row and 19 Oak Way",
                "premises"
            ),
            Some(3)
        );
        assert_eq!(quantity("a class of 1,200 learners", "people"), Some(1200));
        assert_eq!(
            quantity("We're a 40-person fintech looking for an office", "people"),
            Some(40)
        );
        assert_eq!(quantity("12 of us for now", "people"), Some(12));
        assert_eq!(
            quantity(
                "the directors say 25 of us at the Leeds office would join",
                "staff"
            ),
            Some(25)
        );
        assert_eq!(
            quantity("We usually have 12-15 dogs in foster", "animals"),
            Some(15)
        );
        assert_eq!(quantity("so we'll be 18 from day one.", "people"), Some(18));
        assert_eq!(quantity("we're 20 minutes away", "people"), None);
        assert_eq!(quantity("a room for a team of 25", "people"), Some(25));
        assert_eq!(
            quantity("we'd bring 28 of our Year 4 pupils", "people"),
            Some(28)
        );
        assert_eq!(quantity("can you hold twelve places?", "people"), Some(12));
        let asked = "How many people would the office need to seat?";
        assert_eq!(
            quantity_answered(asked, "around 22 now, probably 30 by next year", "people"),
            Some(22)
        );
        assert_eq!(quantity_answered(asked, "22", "people"), Some(22));
        assert_eq!(
            quantity_answered("Which date suits you?", "the 22nd", "people"),
            None
        );
    }

    #[test]
    fn a_count_of_anything_is_a_number_of_things_not_an_id_price_or_time() {
        let count = |text: &str| quantity(text, ANY_UNIT);
        assert_eq!(count("Can you quote for 10,000 A5 flyers?"), Some(10_000));
        assert_eq!(count("what would 5000 of the round ones cost?"), Some(5000));
        assert_eq!(count("8k tote bags, one colour"), Some(8000));
        assert_eq!(count("where is order 12345 please"), None);
        assert_eq!(count("you charged me £2,500 for it"), None);
        assert_eq!(count("it arrived at 10 am on 3 march"), None);
    }

    #[test]
    fn the_same_question_in_other_words() {
        let first = Signature::of("When will my refund for order 1041 arrive?");
        assert!(first.same_as(&Signature::of("any news on the refund for order 1041??")));
        assert!(!first.same_as(&Signature::of("when will my refund for order 1042 arrive?")));
        assert!(!first.same_as(&Signature::of("how do I change my password?")));
        let deposit = Signature::of("whats the deposit for the van category?");
        assert!(deposit.same_as(&Signature::of("ok but how much is the deposit")));
        // How the question is pressed adds nothing it asks about.
        let opening = Signature::of("what time does the bike store open on saturdays?");
        let pressed = Signature::of("right but what about saturday, is it open at all on saturday");
        assert!(!pressed.names_more_than(&opening));
        assert!(is_asking("right but which day is mine"));
        assert!(is_asking(
            "there's no Wallet tab. I just need the expiry date of SPRING15"
        ));
        assert!(pushes_back("ok but is there parking or not"));
        assert!(!pushes_back("great, and is there parking?"));
        assert!(pushes_back(
            "that's for people though, I mean dogs. can my dog come in?"
        ));
        let expiry = Signature::of("When does my promo code SPRING15 expire?");
        assert!(expiry.same_as(&Signature::of(
            "there's no Wallet tab in my app. I just need the expiry date of SPRING15"
        )));
        assert!(pushes_back(
            "thats inside the home though. I'm asking about when it's locked up away from home"
        ));
        assert!(pushes_back("¿Pero qué día exactamente?"));
        assert!(pushes_back(
            "a leaflet isn't a map. so is there a map or not?"
        ));
        assert!(!pushes_back("great, and is there parking?"));
        assert!(!pushes_back("the app isn't working. how do i reset it?"));
        assert!(!pushes_back("my card is not working, can you help?"));
        assert!(pushes_back("No entiendo. ¿Qué día del mes me cobran?"));
        assert!(pushes_back("Ya, pero ¿cuál es la contraseña de este mes?"));
        assert!(pushes_back(
            "sorry, maybe I wasn't clear: is there a silent room, yes or no?"
        ));
        let wifi = Signature::of("¿Cuál es la contraseña del wifi en la sede de Madrid?");
        assert!(wifi.same_as(&Signature::of(
            "No estoy en recepción, estoy en la planta 3. ¿Me puede decir la contraseña del wifi?"
        )));
        assert!(is_asking("ok but do you actually price match or not"));
        assert!(!is_asking("ok thanks, that's all"));
        // Asking again with no question mark, or after "so".
        assert!(is_asking("so has the parcel been sent or not"));
        assert!(is_asking("so what day will it actually arrive??"));
        assert!(!is_asking("so closed from the 3rd?"));
        // A request without a question mark, and the verb said as its noun.
        assert!(is_asking(
            "I KNOW. can I swap it for the large size, yes or no"
        ));
        let sundays = Signature::of("do you deliver on sundays?");
        assert!(sundays.same_as(&Signature::of("great. is delivery possible on a sunday")));
        let cash = Signature::of("Est-ce que je peux payer en espèces au guichet ?");
        assert!(cash.same_as(&Signature::of(
            "Vous ne répondez pas : paiement en espèces au guichet, c'est possible ou non ?"
        )));
    }

    #[test]
    fn the_same_kind_of_question_in_other_words_and_not_about_another_thing() {
        let cut_off = Signature::of("when's the cut-off for changing this week's recipes?");
        assert!(cut_off.same_as(&Signature::of(
            "sorry, when's the deadline for making changes to my box?"
        )));
        let hours = Signature::of("How many hours a day should I wear my aligners?");
        assert!(hours.same_as(&Signature::of(
            "sorry, how long each day do they need to be in?"
        )));
        let swap = Signature::of("can I swap the salmon in this week's box?");
        assert!(!swap.same_as(&Signature::of("can I pay by card?")));
        assert!(asks_about_another_thing("can I swap the beef one too?"));
        assert!(asks_about_another_thing("and can I swap the halloumi?"));
        assert!(!pushes_back("so can I take them out for meals?"));
    }
}
