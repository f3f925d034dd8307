//! Clear signs that a customer is frustrated or angry, as support teams describe them:
//! swearing, shouting in capitals, having contacted support several times or struggled
//! for days, angry words with a strongly negative sentiment, and — only where the
//! operator lists it — sarcasm about the service. Mild disappointment ("that's a shame",
//! "bit of a bummer") is none of these.

use std::sync::LazyLock;

use regex::Regex;

use crate::sentiment::compound;
use crate::text::{normalize, regex};

static PROFANITY: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\b(fuck\w*|shit\w*|bullshit|crap|crappy|damn\w*|wtf|goddamn\w*|what the (hell|heck|f)|the hell is|bloody|pissed|piss off|screw (this|you|your)|bloody hell|arse|asshole|mierda|joder|cono|putain|merde|scheisse|verdammt|porra|caralho)\b|\bf[*#@]{2,4}(k|king|kin|ing|in|ed|ck|cking|cked)?|\bsh[*#@]t\w*|\bs[*#@]{2}t\b",
    )
});
static REPEATED_CONTACT: LazyLock<Regex> = LazyLock::new(|| {
    regex(concat!(
        r"\b(third|fourth|fifth|sixth|3rd|4th|5th|6th|\d+th) time\b",
        r"|\b(contacted|called|rang|rung|phoned|chased|emailed|e-mailed|written|wrote|messaged|chatted|reached out|spoken|talked|asked|complained)( to| with)?( you| your \w+( \w+)?| the \w+( \w+)?| support| customer service)?( guys)?( about this)? (\d+|several|many|multiple|three|four|five|six|a dozen|countless|so many|numerous|a bunch of) times",
        r"|\b(contacted|called|rang|rung|phoned|chased|emailed|messaged|chatted|spoken|talked|complained)( to| with)?( you| your \w+( \w+)?| the \w+( \w+)?| support)?( guys)? (twice|thrice)\b|\bevery (single )?time (it'?s|i get|you say|they say|i'?m told)\b",
        r"|\b(\d+|several|many|multiple|three|four|five|countless|numerous) times (already|now|before|this week|this month)",
        r"|\bkeep (having to )?(contact|call|writ|messag|explain|repeat)\w*",
        r"|\bagain and again\b|\bover and over\b|\bfor the (third|fourth|fifth|\d+th|umpteenth|nth) time\b|\b(reported|told you|complained|contacted you|flagged)( about)? (it|this|that )?(every (single )?time|each time|repeatedly|again and again)\b|\b(third|fourth|fifth|\d+(st|nd|rd|th)) (week|month|order|delivery|time) (running|in a row)\b|\b(three|four|five|six|\d+) (\w+ )?(boxes|orders|deliveries|weeks|months|times|visits|bookings|sessions) in a row\b",
        r"|\b(contacted|called|emailed|written|wrote|messaged|chatted|reached out|spoken|talked|complained)( to| with)?( you| your \w+( \w+)?| support)?( guys)? (twice|thrice|two times|three times)( already| now| before)?\b",
        r"|\b(left|sent|written|wrote|opened|raised|filed|submitted|logged|filled in|filled out) (you )?(\d+|two|three|four|five|six|several|multiple|countless|numerous|so many) (messages|voicemails|voice ?mails|emails|e-mails|complaints|tickets|cases|requests|forms)\b|\b(he|hemos|ya he|ya hemos) (llamado|escrito|dejado|mandado|enviado) (\w+ ){0,2}(veces|mensajes|correos|llamadas)\b|\b(j'ai|nous avons) (deja|laisse|envoye|appele|ecrit) (\w+ ){0,2}(messages|mails|fois)\b|\b(habe|haben) (schon |bereits )?(\w+ ){0,2}(nachrichten|mails|e-mails) (hinterlassen|geschickt|geschrieben)\b",
        r"|\b(tercera|cuarta|quinta) vez\b|\b(tres|cuatro|varias|muchas) veces\b|\b(troisieme|quatrieme) fois\b|\b(deux|trois|quatre|plusieurs) fois que\b|\b(dritte|vierte|funfte)n? mal\b|\b(dreimal|viermal|mehrmals|schon \w+ mal)\b|\b(terceira|quarta) vez\b|\b(tres|quatro|varias) vezes\b|\b(terza|quarta|quinta) volta\b|\b(tre|quattro|diverse|molte) volte\b"
    ))
});
static STRUGGLING_FOR_DAYS: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\b(for|over|since) (\d+|two|three|four|five|several|many|a few|the past|the last)( \w+)? (days|weeks|months)\b|\bfor (days|weeks|months)( now)?\b|\b(days|weeks) (now|already)\b|\bsince (last (week|month)|(last )?(monday|tuesday|wednesday|thursday|friday|saturday|sunday)|the (weekend|start of the (week|month)))\b|\b(for|over) (a|one|more than a|over a) (whole )?(week|month)\b|\ball week\b|\b(llevo|llevamos) (\w+ ){0,2}(dias|semanas|meses)\b|\bdesde hace (\w+ ){0,2}(dias|semanas|meses)\b|\bdepuis (\w+ ){0,2}(jours|semaines|mois)\b|\bseit (\w+ ){0,2}(tagen|wochen|monaten)\b|\bha (\w+ ){0,2}(dias|semanas|meses)\b",
    )
});
/// Trying to get something done: for days, a struggle whatever the tone ("I have been
/// trying to get the booking changed for four days now").
static EFFORT: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\b(trying to (get|sort|fix|change|reach|contact|cancel|resolve|have)|been (emailing|e-mailing|calling|ringing|phoning|messaging|writing)|struggling|fighting|chasing|llamando\w*|intentando\w*|esperando\w*|escribiendo\w*|essayant|versuche|tentando|ligando)\b",
    )
});
/// Going through something, as opposed to a stay or a trip ("for 3 weeks").
static STRUGGLE: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\b(no ?one|nobody|not one (person|soul)|nadie|personne|niemand|ninguem)( \w+)? (has |have |ever |me )?(got|gotten|get|gets|came|come|called|replied|responded|answered|contesta\w*|responde\w*|repondu|geantwortet|respondeu)\b|\b(dealing|struggling|trying|fighting|waiting|chasing|been (having|going|stuck|without)|going on|happening|broken|not working|no (signal|internet|service|power|heating|hot water)|down|without|putting up|sort(ing)? (this|it)|every day|keep|kept)\b",
    )
});

static ANGRY_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\b(furious|livid|fuming|had enough|unacceptable|ridiculous|outrageous|pathetic|useless|incompetent|disgrace\w*|disgusted|a joke|scam|hopeless|absurd)\b",
    )
});
/// Phrases that say it whatever the rest of the message: they need only a message that is
/// not positive overall.
static ANGRY_PHRASES: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\b(fed up|sick (and tired )?of|enough is enough|worst (service|company|support|experience)|joke of an?|(an? )?(absolute|complete|total|utter) (joke|shambles|disgrace|farce|nightmare)|rip ?off|are you (\S+ )?(kidding|joking) me|you('?ve| have) got to be (\S+ )?(kidding|joking))\b",
    )
});
/// The customer saying how they feel, strongly: "I'm really upset", "I am furious",
/// "estoy harto", "j'en ai marre". Softened feelings ("a bit upset") and mild ones
/// ("annoyed" without emphasis) do not count.
static FEELING: LazyLock<Regex> = LazyLock::new(|| {
    regex(concat!(
        r"\b(i'?m|i am|we'?re|we are|i feel|we feel|i'?m getting|i'?m becoming|this (makes|is making) me|you'?re making me|i'?ve (become|got|gotten)|i was|we were)( (really|so|very|extremely|incredibly|absolutely|completely|totally|beyond|truly|genuinely|seriously|quite|now|just|getting|pretty))* (upset|angry|furious|livid|fuming|frustrated|fed up|outraged|disgusted|infuriated|exasperated|irate|pissed( off)?|sick and tired|at the end of my (rope|tether))\b",
        r"|\b(really|so|very|extremely|incredibly|beyond) (annoyed|irritated|frustrated|upset|angry|frustrating|infuriating|maddening)\b",
        r"|\bestoy (muy |bastante |realmente )?(harto|harta|enojado|enojada|enfadado|enfadada|furioso|furiosa|molesto|molesta)\b|\bes (inaceptable|indignante|una verguenza)\b",
        r"|\bj'en ai (vraiment )?marre\b|\bje suis (tres |vraiment )?(en colere|furieux|furieuse|enerve|enervee|excede|excedee)\b|\bc'est (inadmissible|scandaleux|inacceptable|n'importe quoi)\b",
        r"|\bich bin (so |sehr |echt |wirklich )?(sauer|wutend|verargert|stinksauer)\b|\b(das ist|so eine) (eine )?(frechheit|unverschamtheit|zumutung)\b|\bunverschamt\b",
        r"|\bestou (muito |bem |realmente )?(irritad[oa]|furios[oa]|chatead[oa]|revoltad[oa]|indignad[oa]|farto|farta)\b|\b(e|isso e) (um absurdo|inaceitavel|uma vergonha)\b|\b(sono|siamo) (molto |davvero )?(arrabbiat[oaie]|furios[oaie]|stuf[oaie])\b|\be (vergognoso|inaccettabile|assurdo|una vergogna)\b"
    ))
});
static SARCASM: LazyLock<Regex> = LazyLock::new(|| {
    regex(concat!(
        r"\bthanks? (a lot )?for nothing\b|\b(wow|oh),? (so|really|very|super) (helpful|useful)\b",
        r"|\b(great|fantastic|wonderful|brilliant|amazing|excellent|stellar|top.notch|world.class|first.class|five.star|outstanding|superb) (service|job|support|help|work|customer service|operation|outfit|company|organi[sz]ation)\b|\b(oh )?(great|wonderful|perfect|fantastic|brilliant|lovely),? (the |a |that'?s the )?(second|third|fourth|fifth|sixth|\d+(st|nd|rd|th)) (delay|cancell?ation|outage|mistake|breakdown)\b|\b(oh )?(great|wonderful|perfect|fantastic|brilliant|lovely),? (the|my|our) [a-z']+ (is |'s |was |has been )?(cancell?ed|late|delayed|broken|down|gone|missing) again\b",
        r"|\b(oh )?(great|wonderful|perfect|fantastic|brilliant|lovely),? (another|just what i|so now|now i)\b|^\s*oh (great|wonderful|perfect|fantastic|brilliant|lovely|super|marvellous|marvelous),? (no|not|nothing)\b|\b(just|all) (in )?my imagination\b|\b(really |truly )?living up to (the|your|those|its|that) \w+|\b(great|fantastic|wonderful|brilliant|amazing|excellent|stellar|top.notch|world.class|superb) (network|coverage|connection|signal|app|website|product|delivery|courier)\b(,? \w+)?,? (really|truly|as always|as usual|once again)\b",
        r"|\bwhat a (surprise|joke|genius)\b|\b(never|wouldn'?t have|would never have) (would have )?(thought|guessed) of that\b|^\s*genius\s*[.!]|[.!]\s*genius\s*[.!]|\bthanks,? genius\b|\bwho (knew|would have thought)\s*[.!?]|\b(love|adore) (how|that|it when) (you|your|i have|i get|i paid|we paid|i spent|we spent)\b|\bclearly\b.*\bnot\b.*\bpriority\b",
        r"|\bcongrat\w* on\b|\bslow clap\b|\byeah,? right\b|\bsure,? (it|that) (will|does)\b|\b(love|loving|adore|enjoy|enjoying) (paying|being|waiting|having to|getting|spending)\b",
        r"|\b(amazing|great|fantastic|brilliant|excellent|wonderful|incredible|awesome) (value|job|work)\b|\bso much for\b|(^|[.!?]\s+)(right|sure)\.\s|\breally '\w+'",
        r"|\b(really|just|so|truly|absolutely) (stellar|great|fantastic|brilliant|amazing|wonderful|excellent|top.notch|impressive|helpful)\b[^.!?]{0,25}(👏|🙄|🙃|👍)"
    ))
});

/// Signs that count only where the operator's instruction lists them: on their own they
/// are as often banter or a calm decision as anger.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Listed {
    /// Sarcasm about the service ("great service, really").
    pub sarcasm: bool,
    /// Threatening to leave ("I'm switching to another provider").
    pub leaving: bool,
}

/// Insults aimed at the company or its people.
static INSULT: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\b(bunch|pack|band) of (clowns|idiots|morons|amateurs|crooks|thieves|liars|cowboys|incompetents)\b|\byou( guys| people| lot)? (are|r) (clowns|idiots|morons|amateurs|crooks|thieves|liars|incompetent|useless|hopeless|pathetic|a joke|a disgrace)\b|\b(idiots|morons|clowns|imbeciles|crooks)\b|\bidiotas\b|\bincompetentes\b|\bbande d'(incapables|idiots|escrocs)\b|\b(idioten|vollidioten|betruger)\b|\b(palhacos|incompetentes|ladroes)\b",
    )
});

/// Saying they will leave: a sign of frustration where the operator lists it, or when the
/// message is clearly negative.
static LEAVING: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\b(switch\w*|mov\w*|go\w*|tak\w* my (business|money)) (to|over to) (another|a different|a competitor|your competitor|the competition|one of your competitors)\b|\b(cancel\w*|clos\w*|terminat\w*) (my|our) (account|subscription|contract|membership|plan|service)\b|\btak\w* my (business|money) elsewhere\b|\bswitch\w* (providers|networks|banks|carriers|companies|brands|stores|shops)\b|\b(you'?ve|you have) lost (a|me as a) customer\b|\bnever (using|buying from|ordering from|shopping with|coming back to) you\b|\b(i'?m|i am|we'?re|we are) (done|finished) with you\b",
    )
});

/// One clear sign of frustration, and the words that show it.
#[derive(Debug, Clone, PartialEq)]
pub struct Sign {
    /// What it is, in plain words.
    pub what: &'static str,
    /// The words of the message that show it.
    pub quote: String,
}

fn found(pattern: &Regex, normalized: &str, what: &'static str) -> Option<Sign> {
    pattern.find(normalized).map(|m| Sign {
        what,
        quote: m.as_str().to_owned(),
    })
}

/// Capitals used to shout: several words in capitals making most of the letters.
fn shouting(text: &str) -> Option<Sign> {
    let caps_words: Vec<&str> = text
        .split_whitespace()
        .filter(|w| {
            let letters: Vec<char> = w.chars().filter(|c| c.is_alphabetic()).collect();
            letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase())
        })
        .collect();
    let letters = text.chars().filter(|c| c.is_alphabetic()).count();
    let upper = text.chars().filter(|c| c.is_uppercase()).count();
    let long_caps = caps_words
        .iter()
        .filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 3)
        .count();
    let words = text.split_whitespace().count().max(1);
    let mostly_caps = letters >= 12 && upper * 10 >= letters * 6;
    // "GET ME A HUMAN. NOW. I've been stuck at the port for 2 hours": a shouted
    // sentence among ordinary ones.
    let a_shouted_sentence = long_caps >= 4 && caps_words.len() * 10 >= words * 4
        || long_caps >= 3 && caps_words.len() >= 4 && caps_words.len() * 10 >= words * 3;
    (long_caps >= 3 && (mostly_caps || a_shouted_sentence)).then(|| Sign {
        what: "shouting in capitals",
        quote: caps_words.join(" "),
    })
}

/// Whether `text` shows a clear sign of frustration (swearing, shouting, repeated contact,
/// strong feelings), whatever a trigger lists: for the summary's mood.
pub fn clearly_frustrated(text: &str) -> bool {
    strong_cue(text).is_some()
}

/// The signs that count whatever the trigger lists (sarcasm aside).
pub fn strong_cue(text: &str) -> Option<Sign> {
    let normalized = normalize(text);
    // "I've restarted my phone like 3 times before messaging you": their own tries, not
    // contacts with us.
    static OWN_TRIES: LazyLock<Regex> = LazyLock::new(|| {
        regex(
            r"\b(restart|reboot|reset|reinstall|tried|retried|clear|updat|turn|switch|unplug|plug|charg|press|tap|click|enter|typ|scann|logg)\w*( [\w'-]+){0,4} (like |about |at least |over )?(\d+|several|many|multiple|three|four|five|countless|numerous) times( (already|now|before))?",
        )
    });
    let not_own_tries = OWN_TRIES.replace_all(&normalized, " ");
    // "that pesto is fucking amazing": a swear word heightening praise is delight.
    static PRAISE_SWEARING: LazyLock<Regex> = LazyLock::new(|| {
        regex(
            r"\b(fucking|freaking|frigging|bloody|damn|effing|f[*#@]+ing) (amazing|awesome|great|brilliant|delicious|good|lovely|fantastic|incredible|perfect|gorgeous|tasty|beautiful|love|loved|loving)\b",
        )
    });
    let not_praise = PRAISE_SWEARING.replace_all(&normalized, " ");
    found(&PROFANITY, &not_praise, "swearing")
        .or_else(|| shouting(text))
        .or_else(|| {
            found(
                &REPEATED_CONTACT,
                &not_own_tries,
                "has contacted support several times",
            )
        })
        .or_else(|| {
            // "Really frustrating that the old app had no dark mode, glad you fixed it" is
            // a happy message.
            found(&FEELING, &normalized, "says they are upset or angry")
                .filter(|_| compound(text) <= 0.05)
        })
        .or_else(|| found(&INSULT, &normalized, "insults"))
        .or_else(|| {
            // Angry words count when the message as a whole is clearly negative: "useless"
            // in "not useless after all" does not.
            // "I'm hopeless with this app" is about the customer, not at us.
            static ABOUT_THEMSELVES: LazyLock<Regex> = LazyLock::new(|| {
                regex(r"\b(i'?m|i am|i feel|me|myself)( (so|just|really|totally|completely|a bit))? (hopeless|useless|pathetic|ridiculous|absurd)\b")
            });
            let about_us = ABOUT_THEMSELVES.replace_all(&normalized, " ");
            found(&ANGRY_WORDS, &about_us, "angry words").filter(|_| compound(text) <= -0.35)
        })
        .or_else(|| {
            found(&ANGRY_PHRASES, &normalized, "angry words").filter(|_| compound(text) <= 0.05)
        })
}

/// Whether `text` shows frustration: a strong cue, struggling for days (with a negative
/// tone), sarcasm (when `sarcasm_counts`, or after the customer already complained earlier in
/// the conversation (`earlier`: their previous messages): sarcasm then is a sign of being
/// fed up, not banter), or a very negative sentiment.
pub fn sign(text: &str, listed: Listed, earlier: &[&str]) -> Option<Sign> {
    // Looked at only when the message is sarcastic and the trigger does not list sarcasm:
    // the earlier messages are the costliest part of the check.
    let complained = || {
        earlier.iter().any(|t| {
            let t = normalize(t);
            compound(&t) < -0.2 || has_problem_words(&t) || STRUGGLING_FOR_DAYS.is_match(&t)
        })
    };
    let normalized = normalize(text);
    strong_cue(text)
        .or_else(|| {
            found(
                &STRUGGLING_FOR_DAYS,
                &normalized,
                "has been struggling for days",
            )
            // "we were in Spain for 3 weeks" is a duration, not a struggle.
            .filter(|_| {
                EFFORT.is_match(&normalized) && compound(text) < 0.3
                    || STRUGGLE.is_match(&normalized)
                        && (compound(text) < 0.0 || has_problem_words(&normalized))
            })
        })
        .or_else(|| {
            found(&LEAVING, &normalized, "threatens to leave")
                .filter(|_| listed.leaving || compound(text) <= -0.35)
        })
        .or_else(|| {
            found(&SARCASM, &normalized, "sarcasm about the service")
                .filter(|_| listed.sarcasm || complained())
        })
        .or_else(|| {
            (compound(text) <= -0.75).then(|| Sign {
                what: "a very negative tone",
                quote: text.trim().chars().take(120).collect(),
            })
        })
}

fn has_problem_words(normalized: &str) -> bool {
    [
        "not working",
        "doesn't work",
        "doesnt work",
        "broken",
        "still",
        "problem",
        "issue",
        "no signal",
        "down",
        "can't",
        "cant",
        "nobody",
        "no one",
        "dealing with",
        "struggling",
        "putting up with",
        "fighting with",
        "waiting",
        "trying to sort",
        "sort this",
        "told",
    ]
    .iter()
    .any(|w| normalized.contains(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SARCASM: Listed = Listed {
        sarcasm: true,
        leaving: false,
    };

    #[test]
    fn clear_signs_are_seen() {
        for text in [
            "this is fucking ridiculous",
            "WHY IS MY ORDER STILL NOT HERE",
            "This is the third time I'm contacting you about this",
            "I have called you guys 4 times already",
            "I've been dealing with this for days and nobody fixes it",
            "Your service is useless and I am sick of it",
            "are you f***ing kidding me, 40 minutes on hold and then it cuts off",
            "Llevo tres semanas llamando a la clínica y nadie contesta. Ya he dejado cuatro mensajes.",
            "I've left four voicemails and nobody has called back",
            "it's been FOUR HOURS and nothing is in spam. WHERE IS IT",
            "I've raised four tickets about the broken tap and emailed your help desk twice",
            "I rang the Sheffield store twice, emailed on the 3rd and the 9th, and every single time it's 'next week'",
            "I sent the form on monday and again on wednesday and nobody has got back to me, four days now",
            "Llevo dos semanas llamándolos y nadie me responde",
            "È la terza volta che vi scrivo per lo stesso problema. È vergognoso.",
            "Three deliveries in a row now with the milk missing.",
        ] {
            assert!(sign(text, Listed::default(), &[]).is_some(), "{text}");
        }
    }

    #[test]
    fn mild_disappointment_is_not_frustration() {
        for text in [
            "oh that's a shame",
            "bit of a bummer, but ok",
            "that's a little disappointing, any other colours?",
            "I need the SIM PIN for my phone",
            "Great, thanks!",
            "Plan B! let's try the other cable",
            "Can you send the PDF of my VAT receipt for the AWS invoice from last month?",
            "we stayed in Lisbon for three weeks, lovely trip",
            "would be way easier if one of your people could just give me a call, I'm hopeless with this app",
            "wifi calling won't switch on. I've already restarted my phone like 3 times before messaging you",
            "that pesto in the gnocchi kit is fucking amazing. can I buy a jar of it on its own??",
            "both dates are right. still the same error though",
        ] {
            assert_eq!(sign(text, SARCASM, &[]), None, "{text}");
        }
    }

    #[test]
    fn sarcasm_only_when_the_trigger_lists_it() {
        let text = "wow. never would have thought of that. genius. it's not on silent, obviously";
        assert!(sign(text, SARCASM, &[]).is_some());
        let text = "Right. Sure. Because that worked the last five times";
        assert!(sign(text, SARCASM, &[]).is_some());
        let text = "wow, so helpful. thanks for nothing";
        assert!(sign(text, SARCASM, &[]).is_some());
        let text = "Oh brilliant, no outage. So the zero bars I've had for three days are just my imagination. Great network, really living up to those ads.";
        assert!(sign(text, SARCASM, &[]).is_some());
        assert_eq!(sign(text, Listed::default(), &[]).map(|s| s.what), None);
        let text = "Great, the ferry's cancelled AGAIN. Truly world-class service.";
        assert!(sign(text, SARCASM, &[]).is_some());
        let text =
            "oh brilliant, fourth delay this week. you lot really are a world class operation";
        assert!(sign(text, SARCASM, &[]).is_some());
        let text = "Love that I paid £90 to stand outside a locked door in the rain.";
        assert!(sign(text, SARCASM, &[]).is_some());
    }

    #[test]
    fn trying_to_get_something_done_for_days_is_a_struggle_whatever_the_tone() {
        let text =
            "I have been trying to get the vehicle height changed on my booking for four days now";
        assert!(sign(text, Listed::default(), &[]).is_some());
        let text = "I've been emailing since monday about a bag we left on the ferry";
        assert!(sign(text, Listed::default(), &[]).is_some());
        let stay = "we have been trying the new menu for four days and love it";
        assert_eq!(sign(stay, Listed::default(), &[]).map(|s| s.what), None);
    }

    #[test]
    fn feelings_insults_and_leaving() {
        let leaving = Listed {
            sarcasm: false,
            leaving: true,
        };
        for text in [
            "I'm really upset, nobody met us at the airport as promised",
            "you lot are a bunch of amateurs",
            "estoy harto de esperar",
        ] {
            assert!(sign(text, Listed::default(), &[]).is_some(), "{text}");
        }
        assert!(sign("I'm switching to another provider tomorrow.", leaving, &[]).is_some());
        assert_eq!(
            sign(
                "I'm switching to another provider tomorrow.",
                Listed::default(),
                &[]
            ),
            None
        );
        for text in [
            "I'm going to switch to a new laptop next month, how do I move my licence?",
            "Really frustrating that the old version lacked this, glad you fixed it!",
            "I'm a bit upset the colour is gone, but ok",
        ] {
            assert_eq!(sign(text, leaving, &[]), None, "{text}");
        }
    }
}
