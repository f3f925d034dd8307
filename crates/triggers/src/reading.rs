//! Reading an operator's instruction, clause by clause. Every clause ends as exactly one
//! of: a condition, an exclusion, a restriction of the conditions ("only if…"), where the
//! conversation goes (routing: "send it to the billing team"), a definition of a condition
//! ("an attempt has failed when…"), examples of one, or commentary ("our staff speak
//! English and Spanish"). A condition clause Baton cannot represent is a problem that makes
//! the configuration invalid — never a warning on a trigger accepted with something else.
//!
//! Conditions are read from what follows "when", "if", "once", "as soon as", "after" or
//! "for" in an instruction that opens with its action ("Create a ticket when…"), from what
//! precedes a routing predicate ("A school asking about… should become a ticket"), or from
//! the whole sentence ("Billing disputes."). Parts joined by "or" (or listed) are
//! alternatives; clauses joined by "and they…", "after the bot…" or a relative clause ("a
//! billing problem the bot cannot solve") must all hold.

use std::sync::LazyLock;

use regex::Regex;

use self::coordination::{share_across_or, without_serial_comma};
use crate::condition::{Condition, Exclusion, Expr};
use crate::cues;
use crate::lexicon::{Kind, concepts};
use crate::open::OpenTopic;
use crate::stance;
use crate::text::{normalize, regex, stem};

/// What one clause of an instruction became.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Role {
    /// A condition (or part of one).
    Condition,
    /// Turns it takes out.
    Exclusion,
    /// A condition every firing must also meet ("only if…").
    Restriction,
    /// Where the conversation goes: not a condition.
    Routing,
    /// What a condition's words mean ("an attempt has failed when…").
    Definition,
    /// Commentary: not a condition.
    Commentary,
}

impl Role {
    /// The role's name, for operators.
    pub fn name(&self) -> &'static str {
        match self {
            Role::Condition => "condition",
            Role::Exclusion => "exclusion",
            Role::Restriction => "restriction",
            Role::Routing => "routing",
            Role::Definition => "definition",
            Role::Commentary => "commentary",
        }
    }
}

/// One clause and what it became.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clause {
    /// The clause, as written (normalized).
    pub text: String,
    /// What it became.
    pub role: Role,
    /// In plain words.
    pub meaning: String,
}

/// An instruction, read.
#[derive(Debug, Clone, Default)]
pub struct Reading {
    /// The conditions, referred to by index from [`Reading::expr`].
    pub conditions: Vec<Condition>,
    /// How they combine; `None` when nothing was understood.
    pub expr: Option<Expr>,
    /// What takes turns out.
    pub exclusions: Vec<Exclusion>,
    /// Every clause and what it became.
    pub clauses: Vec<Clause>,
    /// Clauses Baton cannot represent (the configuration is invalid).
    pub problems: Vec<String>,
    /// Assumptions made where the instruction was silent.
    pub notes: Vec<String>,
    /// The whole trigger in plain words: when it fires.
    pub summary: String,
}

/// Abbreviations whose dots are not sentence ends.
static ABBREVIATION: LazyLock<Regex> =
    LazyLock::new(|| regex(r"\b(e\.g\.|e\.g|i\.e\.|i\.e|etc\.|vs\.|incl\.|approx\.|no\.)"));
static SENTENCE_END: LazyLock<Regex> = LazyLock::new(|| regex(r"[.!?;]+(\s+|$)|\n+"));

/// A sentence that defines a condition's words rather than adding one.
static DEFINITION: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"^(an? |the )?(failed )?(attempt|failure|fail|try|fix|solution|suggestion|escalation|strike|miss|round|step|go)s? (has failed|have failed|fails|failed|is|are|means|counts|only counts|has been unsuccessful|is unsuccessful|has ?n'?t worked|has not worked|have ?n'?t worked|have not worked|did ?n'?t work|did not work|does ?n'?t work|does not work|did ?n'?t help|has ?n'?t helped)\b|^(an? |the )?[\w-]+( [\w-]+)? (means|includes|covers|is defined as|refers to)\b|^(by|with) \w+,? (we|i) mean\b|^(it|this|that|an attempt|a try) (counts|only counts|is counted) as (a )?(failed|failure|an? attempt|a strike)\b|^(an? |the )?(attempt|try|fix|go|suggestion|answer)s? (was|were|is) (unsuccessful|failed|a failure|a miss)\b",
    )
});

/// A sentence about the operator's team or setup ("Our support staff speak English and
/// Spanish only."), which states no condition.
static COMMENTARY: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"^(they|we|the team|[\w'-]+) (can|could|may|will|often|usually) ([\w'-]+ ){1,6}instead\s*[.!]?$|^(([\w&/-]+ ){0,4}[\w&/-]+,?\s+)?(before|ahead of|above) (anything|everything|all)( else)?\s*[.!]?$|^(the |our )?([\w'&-]+ ){1,4}(handles?|deals? with|takes? care of|covers?) (those|these|them|that)( (itself|themselves))?\s*[.!]?$|^(count|counted|counting|counts) (it |them |failures |fixes |attempts |tries )?(per|by|for each|separately|once)\b|\b(are|is) (the )?(usual|common|typical|main|most common|likely) (ones?|suspects|culprits|cases|examples|problems|issues)\s*[.!]?$|^(an? |the |our )?(\w+ )?(should|must|shall) (never|always) (have to|need to|be made to|wait)\b|^(our|we|we'?re|we are|we have|this|these|the (team|staff|agents)|all (our|of our)|note|please note|fyi|background|context|remember|keep in mind|most|(many|lots|plenty|a lot) of (our|the) (customers|members|guests|users|clients|patients|parents|riders|drivers)|it is|it'?s|everyone|everybody|nobody|no one|no customer|customers should)\b|^(the |our )?(assistant|bot|ai|chatbot) ((must|should|may|shall) (not|never)|must ?n'?t|should ?n'?t|is not allowed to|isn'?t allowed to) (give|offer|provide|discuss|make|promise|advise)\b|^(the |our )?(assistant|bot|ai|chatbot) only (knows|handles|covers|deals|answers|helps|does|can)\b|^(the |our )?(assistant|bot|ai|chatbot)( can| should| will| is able to| knows how to)? (answer|handle|deal with|resolve|solve|take care of|cover|help with|reassure|explain|advise|guide|tell|show|sort|manage)s? (those|these|them|it|that|this|such)\b|^(the |our )?([\w-]+ )?(helpdesk|help desk|support (team|desk|staff)|desk|office|advisers?|advisors?|coordinators?|agents?|staff|team|people|pharmacists?|hosts?|nurses?|clinicians?|crew|reps?) (only )?(works?|speaks?|answers?|replies|reply|operates?|covers?|handles?|is|are|can (help|work|answer|reply))\b|^(\w+ ){0,3}(is|are) (only )?(supported|offered|available|provided|staffed|answered|handled|reviewed|checked|monitored|read|trained|tested|written) (only )?in (english|spanish|french|german|portuguese|italian|dutch|welsh|polish|catalan)\b|^(supported|our|the) languages?\b|^(they|those|others|the rest)( can| should| will| just| already)? (use|go through|manage|handle|sort|do) (the |it |this |that |them )?(self-serve|self-service|app|portal|tools|website|online|themselves|it themselves)\b|\b(does ?n'?t|does not|do ?n'?t|do not|wo ?n'?t|will not|never) (change|affect|alter|decide|make) (what|which|the) languages?\b|^(do not|don'?t|never) (try to |attempt to )?(answer|handle|guess|resolve|troubleshoot|offer|promise|discuss|speculate|argue|wait|bother|delay|hold off|keep (them|the customer) waiting)\b|^no need to (wait|collect|gather|ask|check|confirm|get)\b|^until (then|that happens|we know|it is known|that point)\b|^(at that point|at this point|by then|by that point|by that stage|by this stage|at which point)\b|^([\w'&,-]+ ){1,6}(live|lives|is stored|are stored|is kept|are kept|is held|are held) (in|on|inside|with)\b|^(any|all|each|either|both|every one) of (those|these|them) (counts?|qualif(y|ies)|(is|are) enough|appl(y|ies))\s*[.!]?$|^(that|this|which)( is ?n'?t|'s not| is not) (\w+ing|an? [\w-]+|the same( thing)?( as [\w-]+)?)\s*[.!]?$|^(top|head|front) of the (list|queue|pile)\b|\b(outranks?|beats|overrides?|takes? precedence|(comes?|goes) (first|before)|ahead of|above (all|every)|before (any|every|all) other|every other rule|any other rule|other rules?|highest priority|top priority)\b",
    )
});

/// What the rule itself says it does not cover ("This does NOT cover scratches that were
/// already on the car"): ruled out.
static NOT_COVERED: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"^(?:this|it|that)(?: rule| handoff| one)? (?:does ?n'?t|does not|do not) (?:cover|include|apply to) (.+)$",
    )
});

/// A sentence that rules something out.
static RULES_OUT: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\blike everyone else\s*[.!]?$|\b(is|are) (just |only |simply |merely )?(asking (a |for )?(question|information|info)|a question|an enquiry|an inquiry|curious)\b|\b((is|are|was|were) not|isn'?t|aren'?t|(does|do) ?n'?t|(does|do) not),? (on (its|their) own|by (itself|themselves)|alone|in (itself|themselves))\b|\b(is|are) (routine|normal|fine|expected|standard|everyday)\b|\b(is|are) (a |an )?(normal|standard|routine|regular|everyday) [\w -]{1,30}\b|\b(is|are|was|were) not( \w+){0,3} enough\b|\b(isn'?t|aren'?t) enough\b|\bnot enough (on (its|their) own|alone|by itself)\b|\b(on (its|their) own|alone|by itself)\b.*\b(not|never|isn'?t|aren'?t|doesn'?t)\b|\b(does|do) ?n'?t count\b|\b(do|does|did)( not|n'?t) qualify\b|\b(is|are)( not|n'?t) (wanting|asking|trying|looking|planning|meaning) (to|for)\b|\bnever (go|goes|come|comes|belong|belongs) (here|to this|in this)\b|\bnever (fires?|triggers?|applies to|counts? for) (this|it|here)\b|^(neither|nor) (is|are|does|do)\b|\b(is|are)( not|n'?t) (asking|requesting|wanting) (for )?(anyone|anything|a person|a human|one|us)\b|\b(is|are) not this( one)?\b|,\s*(and )?(neither|nor) (is|are|does|do)\b|\b(it'?s|that'?s|it is|that is) not (this|that) (one|rule|handoff)\b|\b(has ?n'?t|has not|have ?n'?t|have not) (reported|raised|asked for) anything\b|\b(are|is) (just |only |simply |merely )?(questions|enquiries|inquiries)\b|,\s*the (assistant|bot|ai|chatbot) (can|will|should|may) (walk|talk|guide|take|help|sort|handle|deal|answer|explain)\b|\b(do|does)( not|n'?t) belong (here|in this|to this|with (this|us))\b|\b(does|do) not count\b|\bnever counts?\b|\b((is|are) not|isn'?t|aren'?t) (an? |the )?([\w -]{1,40} )?(cases?|reasons?|requests?|disputes?|incidents?|complaints?|triggers?|emergenc(y|ies)|reports?)\b|^(do not|don'?t|never|no need to) (do (this|that|it)|use (this|it)|escalate|hand|transfer|route|send|create|open|fire|trigger|include|count|flag|email|loop|pass|file|log|raise|bring|forward|message|ping|notify|alert|page|ticket)\b|^(but )?not (when|if|for|on)\b|^(unless|except|exclud(e|es|ing))\b|^(ignore|skip) (chats|conversations|cases|messages|customers|members|people|anyone|those|ones|questions|requests)\b|^((exceptions?|exclusions?)\b[^:]{0,80}|excluding|not for|doesn'?t count)\s*:|,?\s*\b(so|and|then)?\s*(do not|don'?t|never) (ticket|escalate|hand|transfer|route|send|create|open|email|raise|log|flag|forward|pass)( (it|them|this|these|those|that))?( (off|over|on))?\s*$|^([a-z'-]+ ){1,6}(don'?t|do not|doesn'?t|does not|won'?t|will not)\s*$|\b(should|must|need|do|does|will)( not|n'?t| never) (be )?(sent|escalated|handed( off| over)?|passed( on)?|forwarded|routed|ticketed|flagged|transferred|emailed|raised|opened|created|create|open|raise|go|become|fire|trigger|count|escalate|reach|generate|land|leave)\b|\b(is|are|isn'?t|aren'?t) not (an? |the )?[\w -]{1,40} (cases?|reasons?|requests?|disputes?|incidents?|complaints?|triggers?|emergenc(y|ies)|reports?)\b|,\s*not (an? |the )?[\w -]{1,40}\b(cases?|reasons?|requests?|disputes?|incidents?|complaints?|reports?|ones?)$|\b(is|are|isn'?t|aren'?t) not (an? |the )?[\w-]+( [\w-]+)?\s*$|\b(isn'?t|aren'?t) (an? |the )?[\w-]+( [\w-]+)?\s*$|\b(should |can |must )?stays? with (the )?(assistant|bot|ai)\b|,\s*not (an? |the )?(\w+ )?(cases?|reasons?|requests?|disputes?|incidents?|complaints?|reports?)\b|\b(are|is) not (ours|for us|our (problem|concern|job|business))\b|\bleave (those|these|them|it|that|this) (alone|out|be)\b|^leave (it|them|those|these|that|this) (with|to) (the |our )?(assistant|bot|ai|chatbot)\b|\b(is|are) (for|handled by) the (assistant|bot)\b|\b(is|are) (the |our )?(assistant|bot|ai|chatbot)'?s (job|work|task|business|area)\b|\b(do|does) ?n'?t get (this|that|it|one)\b|\b(do|does)( not|n'?t) need (this|that|it|one|a handoff|escalating|an? (email|ticket|person|human|agent|handoff|hand-off|escalation|call|callback|call-back|alert|message|follow-?up|follow up|reply|response|review))\b|\b(are|is) (looked after|handled|dealt with|taken care of|served) (in|by) (the )?(chat|assistant|bot|ai)\b|\bthe (bot|assistant|ai) keeps? (helping|handling|answering|dealing with)\b|\bthe (bot|assistant|ai) \w+( \w+){0,4} (itself|themselves)\b|\bgets? .{0,60}\bfrom the (bot|assistant|ai)\b|\b(just |simply )?(follow|follows|go through|goes through|get|gets|use|uses) the (normal|usual|standard|regular) [\w -]{1,30}\b|^(anyone|everyone|everybody|others|the rest)( else)? (can|should|will|just|gets?|is|are)\b|\b(we|you|i) (just |can )?leave (it |them |those |these |that )?alone\b|\bno handoff\b|\b(this|the) (rule|handoff|trigger) (does ?n'?t|does not|wo ?n'?t|will not|should ?n'?t|should not) apply\b|,\s*not (this|that|these|those|ours|one of (these|those|them))\s*[.!]?$|\bgets? (logged|handled|booked|dealt with) (as normal|normally|as usual)\b|^not\b|\b(can|could|should|will|may) be (answered|handled|dealt with|resolved|solved|taken care of|covered) by (the |our )?(assistant|bot|ai|chatbot)\b|\bthe (assistant|bot) ((should|can|will) (handle|deal with|keep|answer|resolve|cover|take care of)|handles|answers|deals with|covers|takes care of)\b",
    )
});
/// A sentence saying whom the handoff is for ("VIP members only", "for business accounts
/// only").
/// "Trade accounts only, meaning …", "Former tenants only (…)": whom the rule is for, then
/// the attribute that says it.
static WHO_ONLY_MEANING: LazyLock<Regex> = LazyLock::new(|| {
    regex(r"^[\w' -]{2,40} only\s*(,\s*(meaning|ie|i\.e\.|that is|so)\b|\([^()]*\)\s*[.!]?$)")
});
static WHO_ONLY: LazyLock<Regex> =
    LazyLock::new(|| regex(r"\bonly\s*(\(|[.!]?$)|^(and |but )?only (for|to|applies to|on)\b"));
static ONLY_IF: LazyLock<Regex> = LazyLock::new(|| {
    regex(r"^(and )?only (if|when|(once|after) (we|they|the|it|you|he|she|a|an))\b")
});
/// "is not enough", "on its own", "alone": insufficiency, not an exclusion.
static NOT_ENOUGH: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\b(not|n'?t) (\w+ )?enough\b|\bon (its|their) own\b|\bby itself\b|\balone\b|\bin itself\b",
    )
});

/// The verb of a rule-out sentence: what it is about comes before it.
static RULE_OUT_VERB: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r",?\s*\b(on (its|their) own,?\s*)?((is|are|was|were) not|isn'?t|aren'?t|(does|do) ?n'?t count|(does|do) not count|never counts?|should not|shouldn'?t|should never|must not|mustn'?t|must never|need not|needn'?t|(do|does) ?n'?t need to|(do|does) not need to|(is|are) never|(do|does) ?n'?t\s*$|(do|does) not\s*$|won'?t\s*$|(should |can |must )?stays? with|(is|are) (for|handled by)|(is|are) (the |our )?(assistant|bot|ai|chatbot)'?s (job|work|task|business|area)|(is|are) (an? )?(normal|routine|fine|expected|standard|everyday|regular)|(is|are) (just |only |simply |merely )?(asking|a question|an enquiry|an inquiry|curious)|(so |and |then )?(do not|don'?t|never) (ticket|escalate|hand|transfer|route|send|create|open|email|raise|log|flag|forward|pass)|(do|does) ?n'?t get (this|that|it|one|a person|an agent|a human)|(do|does)( not|n'?t) need (this|that|it|one|a handoff|escalating|an? (email|ticket|person|human|agent|handoff|hand-off|escalation|call|callback|call-back|alert|message|follow-?up|follow up|reply|response|review))|(are|is) (looked after|handled|dealt with|taken care of|served) (in|by) (the )?(chat|assistant|bot|ai)|(do|does) not get (this|that|it|one|a person|an agent|a human)|(can|could|should|will) (just |simply )?be (given|sent|shown|pointed to)|gets? (logged|handled|booked|dealt with|answered) (as normal|normally|as usual)|the (bot|assistant|ai) keeps? (helping|handling|answering|dealing with)|the (bot|assistant|ai) \w+( \w+){0,4} (itself|themselves)|gets? .{0,60}\bfrom the (bot|assistant|ai)|(just |simply )?(follow|follows|go through|goes through|get|gets) the (normal|usual|standard|regular)|(is|are) (an? )?[\w -]{1,40},\s*not (this|that|these|those|ours|one of (these|those|them))|,?\s*(is|are) (already )?covered by (the|our|their|a) (standard|normal|basic|usual|regular|existing)\b.*$)\b|,\s*not\b|,?\s*\bno handoff\b|,?\s*\b(this|the) (rule|handoff|trigger) (does ?n'?t|does not|wo ?n'?t|will not|should ?n'?t|should not) apply\b",
    )
});
/// Alternatives at the top of a condition: ", or" / "; or".
/// Also between the things a customer says ("says someone got in, that their details
/// were changed, or that a code came they did not ask for").
static TOP_OR: LazyLock<Regex> =
    LazyLock::new(|| regex(r",\s+or\s+(?:that\s+)?|;\s*or\s+|,\s+that\s+"));

/// A comma, then another thing the customer does (not already after "or").
static NEXT_VERB: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r",\s+(says|tells us|reports|asks|wants|claims|alleges|mentions|threatens|demands|requests|complains|insists|is getting|are getting)\b",
    )
});

/// A listed piece that is a subject asked about ("questions about their contract").
static QUESTIONS_ABOUT: LazyLock<Regex> = LazyLock::new(|| {
    regex(r"^\s*(questions?|enquir(y|ies)|inquir(y|ies)|asks?|asking) (about|on|regarding)\b")
});

/// The verbs of an instruction's action.
static ACTION_FIRST: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"^\s*(please |always |immediately |automatically |also |then |drop everything,? (and )?)?(priority |urgent |high[- ]priority |p[0-3] )?(hand( it| the (chat|conversation|customer))? (off|over)|trigger|fire|activate|phone|ring|(book|arrange|schedule) (an? |the )?([\w-]+ ){0,2}(callback|call-back|call back|visit|appointment)|hand|handoff|escalate|transfer|connect|route|pass|send|email|e-mail|notify|alert|flag|forward|message (me|us|him|her|them|the)|whatsapp|ping|dm|open|create|raise|file|log|bring( in)?|loop in|pull in|rope in|drop (\w+ ){0,3}(an? )?(email|e-mail|line|note|message)|shoot (\w+ ){0,3}(an? )?(email|e-mail|message)|page|assign|move|switch|get|involve|call in|put|let|tag|mark|offer|give|start|make|push|direct|refer|queue|ticket|treat (it|this|that|them|these|the (chat|conversation|case)) as)\b",
    )
});
static CONDITION_MARKER: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\b(whenever|when|if|once|as soon as|in case|the moment|any ?time|every time|each time|where|should the|in the event)\b",
    )
});
static AFTER_MARKER: LazyLock<Regex> = LazyLock::new(|| regex(r"\b(after|for)\b"));
static FOR_EXAMPLE: LazyLock<Regex> = LazyLock::new(|| regex(r"\bfor (example|instance)\b"));
static LEADING_MARKER: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"^\s*(whenever|when|if|once|as soon as|in case|the moment|any ?time|every time|each time|after|should|in the event that)\b\s*",
    )
});
/// ", send it to…" after a leading condition.
static TRAILING_ROUTING: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(,|\)|\s-)\s*(then\s+|please\s+|just\s+|always\s+|immediately\s+)?(ticket (it|this|them)|hand|handoff|escalate|transfer|connect|route|pass|send|email|e-mail|notify|alert|flag|forward|message (me|us|him|her|them|the)|whatsapp|ping|dm|open|create|raise|file|log|bring|loop|pull in|rope in|page|assign|move|switch|get|involve|call|phone|ring|put|let|tag|mark|offer|give|start|make|push|direct|refer|queue|(book|arrange|schedule) (an? |the )?([\w-]+ ){0,2}(callback|call-back|call back|visit|appointment)|(we|they|it|this|that|the (chat|conversation|case|ticket)) (go|goes|should|must|will|need|needs|get (sent|routed|passed|escalated|handed)|gets (sent|routed|passed|escalated|handed)|(are|is) (sent|routed|passed|escalated|handed|forwarded)))\b|,\s*(a|an|the|our|one of our) ([\w-]+ ){0,2}(handler|agent|advisor|adviser|person|human|specialist|team|colleague|manager|nurse|engineer|officer|member of staff|coordinator|planner|supervisor)s? (must|should|will|needs? to|has to|have to|can) (join|take over|step in|jump in|pick|get involved|handle|deal|be (brought|called|looped) in|come in)\b",
    )
});
/// The object of a routing verb that names no condition: who or what is sent, and where
/// ("them to the front desk", "the chat over to billing").
static ROUTED_OBJECT: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"^\s*(over |off |across )?to (the |our )?[\w&-]+( [\w&-]+){0,2}\s*[.!]?\s*$|^\s*((them|it|him|her|this|that|the (chat|conversation|customer|user|case|thread|person))(\s+(over|along|straight|directly|right))?\s+(to|into|with|on to|onto)\b|(a|an|the|our|some)? ?(real |live |human )?(human|person|agent|manager|supervisor|specialist|someone|somebody|member of (staff|the team)|[\w-]+ (team|desk|manager|lead))( \w+){0,2} (on it|on the chat|in|into the (chat|conversation)|involved|on the case)\b|^\s*([\w&-]+ ){1,4}on (it|this|the case|the chat)( straight away| right away| now| immediately| asap)?\s*$|^\s*(it|this|that|them)( up)? (so|so that|for) (an? |the |our |someone|somebody)\b)",
    )
});
/// A few words naming where a conversation goes, ending in the kind of destination, maybe
/// after how urgently ("Urgent, straight to the security team").
static ROUTING_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"^\s*((urgent|important|critical|asap|immediately),? (and )?)?((send|route|escalate|goes|go) )?((straight|directly|immediately) )?((to|for) )?([\w&-]+ ){0,3}(ticket|tickets|desk|team|queue|inbox|escalation|case|email|alert|line|hotline|agent|human|person|specialist|supervisor|advisor|adviser|planner|coordinator)( (immediately|now|asap|straight away|right away|urgently|please|at once))?\s*[:.!]?\s*$|^\s*(the |our |a |an )?([\w&-]+ ){0,3}(team|desk|agent|human|person|specialist|supervisor|manager|officer|coordinator|nurse|engineer|planner)s? ((should|will|must|can|shall|needs? to|has to|have to) )?(takes? over|steps? in|handles? (it|this|these|them)|picks? (it|this|them) up|deals? with (it|this|them))\s*$",
    )
});
/// A title before a colon that says whose work it is ("B2B leads for the corporate sales
/// team: a company asking about passes …"): where it goes, then the rule.
static TEAM_TITLE: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"^\s*([\w&/-]+ ){1,4}(for|to) (the |our )?([\w&-]+ ){0,3}(team|desk|queue|department|inbox|unit|office)\s*$",
    )
});
/// A few words naming who receives a conversation ("the security office").
static DESTINATION: LazyLock<Regex> = LazyLock::new(|| {
    regex(&format!(
        r"^\s*((over |straight |directly |right )?to )?(the |our |a |an |their )?([\w&-]+ ){{0,3}}({RECIPIENT})s?\s*[.!]?\s*$"
    ))
});
/// The last word of who receives a conversation.
const RECIPIENT: &str = r"office|team|desk|department|queue|inbox|group|unit|staff|specialists?|agents?|lead|manager|supervisor|officer|coordinator|panel|person|human|broker|pharmacist|line|hotline|engineer|technician|nurse|clinician|planner|admin|advisers?|advisors?";
/// Whom a routing verb sends it to, then "about" what ("the bookings manager about …").
static RECIPIENT_ABOUT: LazyLock<Regex> = LazyLock::new(|| {
    regex(&format!(
        r"^(\s*(it |this |them |the (chat|conversation) )?(over |across )?(to )?(the|our|a|an) ([\w&-]+ ){{0,3}}({RECIPIENT}))\s+(about|regarding|concerning|on|for|with) "
    ))
});
/// A routing predicate after a subject ("A school asking about … should become a ticket").
static ROUTING_PREDICATE: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\s+\b((need|needs) (the|our|a|an) ([\w-]+ ){0,3}(team|desk|department|specialists?|managers?|agents?|person|human|technicians?|engineers?|nurses?|advisers?|advisors?)\b|(go|goes|get|gets|are put|is put) (through|over|across|straight|directly|right)( through)? to (the|our|a|an)\b|(should|must|need to|needs to|shall|will|can) (be |get |go |become |come )|(have|has) to be (reported|sent|escalated|forwarded|passed|flagged|routed|handed|emailed|raised)|(go|goes) (straight|directly|right) to|(are|is|get|gets) (routed|sent|escalated|passed|handed|transferred|forwarded|flagged|assigned|given|emailed|e-mailed|called back|phoned)|(go|goes) to (the|our|a|an)|(get|gets|receive|receives) an? (\w+ )?(ticket|callback|call back|email|case)|(go|goes) to (billing|support|finance|sales|legal|compliance|accounts|retention|[\w-]+ (team|desk|ops))\b|become a ticket|becomes a ticket|(get|gets) (their|a|an|the|our) ([\w-]+ ){0,2}(planner|specialist|agent|advisor|adviser|coordinator|manager|person|human|team|desk|office|lead|rep|representative|concierge|nurse|expert)s?( straight away| right away| immediately| now| asap| at once)?\s*$|belongs? (with|to) (the|our|a|an) |(handles?|deals? with|owns?) (these|this|them|it)\s*$|(go|goes) to [\w-]+( (team|desk|care|support|ops|line))?\s*$)",
    )
});
/// The action an instruction starts with, if it starts with one: not a noun that begins
/// like a verb ("Pass holders who report…").
fn action_first(text: &str) -> Option<regex::Match<'_>> {
    static NOUN: LazyLock<Regex> = LazyLock::new(|| {
        regex(r"^\s*(pass[- ]?holders?|passes|log[- ]?ins?|page (views?|loads?))\b")
    });
    ACTION_FIRST.find(text).filter(|_| !NOUN.is_match(text))
}

/// A rule that says who does what ("the couple says…", "a customer tells us…"): after
/// a short title and a colon, the title is not a condition.
static SAYS_WHO: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"^\s*(the|a|an|any)? ?(customer|user|couple|client|member|guest|patient|buyer|seller|rider|passenger|renter|tenant|policy ?holder|owner|parent|caller|shopper|subscriber|traveller|traveler|learner|student|fan|applicant)s? (says?|tells? us|reports?|asks?|wants?|writes?|wrote|mentions?|claims?|complains?|explains?|describes?|received|receives|gets|got|noticed|notices|finds|found|is|are|has|have|was|were|can'?t|cannot|did ?n'?t|does ?n'?t)\b|^\s*(the|a|an)? ?(customer|user|client|member|guest|patient|buyer|seller|rider|passenger|renter|tenant|owner|fan|applicant)'s \w+",
    )
});

/// Commentary before a colon ("Most urgent of all, ahead of every other rule: …").
/// A dash after who it is for works as one ("For dealer accounts (…) only - a payout …").
static COLON: LazyLock<Regex> = LazyLock::new(|| regex(r":\s+|^\w+ - |\bonly\s+[-–—]\s+"));
/// An arrow between a condition and where it goes.
static ARROW: LazyLock<Regex> = LazyLock::new(|| regex(r"\s*(->|→|=>|-->)\s*"));
/// A label of how much a rule matters, before a colon ("Urgent: …", "Top priority: …").
static URGENCY_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"^\s*(([\w&/]+,?|-)\s+){0,6}(very |most |really |highest |top |high )?(urgent|important|critical|priority|asap|time[- ]sensitive|safety first|heads up|note|nb|fyi|please note|overrides? everything( else)?|above (all|everything)( else)?|(before|ahead of) (anything|everything|all)( else)?|drop everything|p[0-3])\s*$|^\s*(safety|security|fraud|emergency|emergencies|legal)\s*$",
    )
});

/// Inline exclusions.
static INLINE_EXCLUSION: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?:,|;|\s)\s*(?:but not|but never|except(?: for| when| if)?|excluding|unless|not when|not if|not for|other than when|never when|apart from when|however not)\b\s*(.*)$",
    )
});
static INLINE_ONLY_IF: LazyLock<Regex> =
    LazyLock::new(|| regex(r"(?:,|;|\s)\s*(?:but )?only (?:if|when)\b\s*(.*)$"));
/// Examples: in parentheses, after "e.g.", "for example", "such as", "including".
static PARENTHESES: LazyLock<Regex> = LazyLock::new(|| regex(r"\(([^()]*)\)"));
/// Where the `n`th examples in brackets stood, so they describe the alternative they were
/// written in ("a refund for a box (missing, spoiled…), or charged after cancelling"):
/// private-use characters no instruction contains and no pattern reads as a word, taken
/// out before any condition or clause is read.
fn examples_mark(n: usize) -> String {
    let nth =
        char::from_u32(FIRST_MARK + u32::try_from(n % 0x1000).unwrap_or(0)).unwrap_or('\u{E001}');
    format!(" \u{E000}{nth} ")
}
static EXAMPLES_MARK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new("\u{E000}[\u{E001}-\u{F000}]").expect("a valid pattern"));

/// The character after the first mark's lead.
const FIRST_MARK: u32 = 0xE001;

/// Which examples a mark of [`examples_mark`] stands for.
fn mark_index(mark: &str) -> Option<usize> {
    let nth = mark.chars().nth(1)?;
    usize::try_from(u32::from(nth).checked_sub(FIRST_MARK)?).ok()
}

/// `text` without the marks of [`examples_mark`].
fn without_marks(text: &str) -> String {
    EXAMPLES_MARK.replace_all(text, " ").into_owned()
}
static EXAMPLES: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?:,|:|;|\s-)?\s*\b(?:e\.?g\.?|eg|i\.?e\.?|namely|for example|for instance|such as|including|like when|things like)\b[,:]?\s*(.*)$|,\s*like\s+((?:an?|the|their|being|when|someone|somebody)\b.*)$|,\s*say\s+((?:for|a|an|the|\d)\b.*)$|,\s*((?:(?:at|in|on|by|near|from|under|inside) [^,]{1,40},\s*)+(?:or\s+)?(?:wherever|anywhere|etc|and so on)\b.*)$|,\s*meaning\s+((?:a|an|any|one)\b.*)$",
    )
});
static AND_THEN_ETC: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r",?\s*\b(and so on|and the like|or similar|and similar|etc\.?|or the like|or anything like that)\b",
    )
});

/// Where a part must hold together with what precedes it.
static AND_SPLIT: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r",?\s+\b(?:and (?:then |also |still )?(?:they|the customer|the user|he|she|their|his|her|is|are|was|were|has|have|had|says?|said|tells? us|tells?|reports?|asks?|wants?|requests?|demands?|also|still|the (?:bot|assistant|ai|agent|problem|issue|question|order)|(?:the|a|an) [\w-]+(?: or [\w-]+)? (?:says?|tells? us|reports?|confirms?|mentions?|claims?))|after (?:the |our )?(?:bot|assistant|ai|agent|we|they|it|our assistant)|while|but still|who (?:also )?(?:is|are|has|have|says?|reports?))\b",
    )
});
/// A relative clause about the assistant ("a billing problem the bot cannot solve"): a
/// condition of its own, which starts where the match does.
static ABOUT_THE_ASSISTANT: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\b(?:that |which )?(?:the|our) (?:bot|assistant|ai|agent) (?:can ?n'?t|cannot|could ?n'?t|could not|fails? to|failed to|is unable to|was unable to|does ?n'?t|did ?n'?t|has not|hasn'?t|is not able)\b",
    )
});
static OR_SPLIT: LazyLock<Regex> = LazyLock::new(|| regex(r",?\s+\bor\b\s+|\s+/\s+"));
/// An alternative that only repeats the verb of the one before ("or a guest they brought
/// did").
static ELLIPSIS: LazyLock<Regex> = LazyLock::new(|| {
    regex(r"\b(did|does|do|has|have|had|was|were|is|are|too|as well|also)\s*[.,;)]?\s*$")
});
/// A parenthesis right after the words for the customers.
static WHO_THEY_ARE: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\b(customers?|members?|users?|clients?|policy ?holders?|subscribers?|tenants?|landlords?|guests?|patients?|buyers?|shoppers?|owners?|businesses|companies)\s*\([^()]*\)",
    )
});
/// A head that says the parts after the colon must all hold ("when both are true").
static ALL_OF_THESE: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\b(when|if|once|only when|only if)( (both|all|each))?( (of )?(these|the following|the two|three|two))?( things| conditions| parts)? (are true|hold|apply|happen|are met|are the case)\s*$",
    )
});

/// "Pricing questions" in a list of what stays with the assistant: what is asked about.
static ASKED_ABOUT: LazyLock<Regex> =
    LazyLock::new(|| regex(r"^(.+?)\s+(questions?|enquir(y|ies)|inquir(y|ies)|quer(y|ies))$"));

/// Words that make a clause a rule, someone doing or being something, rather than a list
/// of examples.
static RULE_LIKE: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\b(asks?|asking|asked|wants?|wanting|needs?|needing|says?|saying|reports?|reporting|tells?|telling|requests?|requesting|complains?|complaining|writes?|writing|mentions?|enquir\w+|inquir\w+|looking for)\b",
    )
});

/// Where a relative clause about the customers starts, a few words after them ("customers
/// in Scotland who", "members whose"); in "a payout that is late", "that" is said of the
/// payout.
static RELATIVE: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"^[^,;]*?\b(customers?|members?|users?|clients?|subscribers?|holders?|policy ?holders?|passengers?|guests?|patients?|tenants?|landlords?|owners?|travell?ers?|shoppers?|buyers?|learners?|students?)\b(\s+[^\s,;]+){0,3}?\s+(who|whose|that)\s+",
    )
});
/// A sentence adding cases to the condition before it.
static INCLUDES: LazyLock<Regex> =
    LazyLock::new(|| regex(r"^(?:that|this|it) (?:also )?(?:includes|covers)(?: when)? (.+)$"));
/// A principle: what should never happen to customers ("Nobody should have to ask us the
/// same question twice"), and what it is.
static PRINCIPLE: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"^(?:nobody|no one|no customer|no member|an? \w+|customers|members|users|guests|people) (?:should|must|shall|ought to) (?:never |not |ever )?(?:have to |need to |be made to |be asked to )?(.+)$",
    )
});
/// Words that start a circumstance, not a condition of its own.
static CIRCUMSTANCE: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"^(while|during|because|when|whilst|after|before|at|in|on|from|by|through|with|under|within|via|without)\b",
    )
});
/// A head naming who, in an attribute, and then what they ask ("Business accounts
/// (account_type is business) asking for a quote for more equipment: cameras, sensors"):
/// what follows its colon are examples of what they ask.
static ASKS_AFTER_ATTRIBUTE: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\)\s*(who |that )?(are )?(asking|asks?|wanting|wants?|requesting|requests?|reporting|reports?|needing|needs?|looking) \w+",
    )
});
/// Where it happened, when that is with us ("… while in our care at one of our
/// nurseries"): a customer writing to us takes it as said.
static WITH_US: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"^(while |when |whilst )?(in|under|with|at|on) (our|us)\b|^(in|under) the care of (our|us)\b|^(at|in|on) one of our\b",
    )
});
/// Concessions inside a condition ("any collision at all, however minor"): they widen it,
/// and name nothing; nor do the examples of reasons that follow one ("whatever the reason
/// (new job, can't afford it)": any reason will do).
static CONCESSION: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r",?\s*\b(however (minor|small|slight|trivial|big|large|serious)|no matter how (minor|small|big|serious)|at all|big or small|large or small|of any (kind|size)|whatever it (was|is)|whatever the reason|for whatever reason)\b(\s*\([^()]*\))?,?",
    )
});
/// Lists of built-in conditions also separate by commas and "and" ("billing disputes,
/// refunds and double charges"), and by a spaced slash; "an inverter/battery that is hot"
/// is one thing said two ways, whose words are read together.
static LIST_SPLIT: LazyLock<Regex> =
    LazyLock::new(|| regex(r",?\s+\bor\b\s+|,\s*(?:and\s+)?|\s+\band\b\s+|\s+/\s+"));
/// A phrase set off by commas inside a condition ("they, or anyone who ate the order, are
/// having…"): who else it may be about, not a condition of its own.
static APPOSITION: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r",\s*(?:or|and)?\s*(?:anyone|someone|somebody|anybody|a (?:friend|relative|family member|child|colleague)|their [a-z]+|people|whoever)\b[^,]{0,60},|,\s*(?:or|and)\s+(?:a|an|the|their|its|any)\s[^,]{1,40},",
    )
});
static POSSESSIVE_ELSE: LazyLock<Regex> =
    LazyLock::new(|| regex(r"\b(anyone|someone|somebody|anybody) else'?s\b"));
/// "food we delivered", "booked through our app": the operator's own offering, which a
/// customer talking to the operator need not name.
static OURS: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\b(?:that |which )?(?:we|you)(?:'ve| have)? (?:delivered|sold|sent|shipped|supplied|provided|made|rented|booked|served|cooked|prepared|offer|run|host|raised|issued|applied|installed|fitted|built|repaired|serviced)(?: against (?:them|him|her|the customer))?\b|\b(?:from|with|through|via|by|at) (?:us|our (?:app|site|website|platform|store|shop|service|restaurants?|partners?))\b|\b(?:at|in|on|during|from|with|by) (?:one of |any of )?our [\w-]+(?: (?:or|and) [\w-]+)?\b|\bon ?board\b|\baboard\b|\b(?:in|at|on|from) (?:a|an|the|one of our) [\w-]+-(?:operated|run|owned|managed) [\w-]+(?: [\w-]+)?\b|\b(?:(?:at|in|on|from|with) (?:a|an|the) [\w-]+ (?:that |which )?(?:they|the customer|he|she|you) )?(?:booked|bought|ordered|purchased|reserved|arranged) (?:through|via|with|on) (?:us|[a-z][\w-]+)\b",
    )
});

/// "without their say-so", "by someone else": done to the customer, not by them.
static NOT_BY_THEM: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\s*\b(without (their |the customer'?s |his |her |the member'?s |the user'?s |any )?(say-?so|permission|consent|knowledge|authori[sz]ation|approval|agreement|ok)|without (them|the customer|the user|the member) (doing it|asking|knowing|agreeing)|by someone else|by somebody else|(and |but )?(it )?(was ?n'?t|was not|were ?n'?t|were not) (them|the customer|him|her|the member|the user)|by (someone|somebody|anyone|a person|people) (who|that) (should ?n'?t|should not|is ?n'?t|is not|are ?n'?t|are not|does ?n'?t|does not|did ?n'?t|did not|has ?n'?t|has not) (have|be|supposed|allowed|meant|authori[sz]ed|permitted|got)( [\w'-]+){0,3})\b",
    )
});

/// Words that make a noun phrase a who-qualifier ("a school or company asking…").
static WHO: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"^(?:(?:a|an|any|the)\s+)?([a-z][a-z -]{1,40}?(?:, [a-z][a-z -]{1,30}?)*)(?:\s+[\x{E000}-\x{F000}]+)*\s+\b(asking|asks|asked|who|that|wanting|wants|requesting|requests|reporting|reports|inquiring|enquiring|looking|interested|needing|needs|with|enquires|inquires|writing|writes|contacting|contacts)\b",
    )
});

/// "Refund or compensation requests for a sailing": the word [`WHO`] takes for the verb
/// is a plural noun (a preposition or a verb follows it), so no one is described.
static PLURAL_NOUN: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"^(?:a|an|any|the)?\s*[a-z][a-z -]{1,40}?\s+\b(requests|reports|needs|contacts|inquires|enquires|writes) (for|of|from|about|regarding|on|are|is|that|we|should|must|go|get)\b",
    )
});

/// A listed piece that is one past participle ("delayed" in "a sailing we cancelled or
/// delayed").
static LONE_PARTICIPLE: LazyLock<Regex> =
    LazyLock::new(|| regex(r"^((was|were|is|are|been|being|got|gets|get) )?[a-z]{3,}(ed|en)$"));

/// A listed piece in which the customer does something of their own ("reports that…",
/// "asks for…", "says…").
static CUSTOMER_ACTS: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"^(that |if |when )?((the )?(customer|member|user|caller|client|shopper|they|he|she) )?(says?|tells?( us)?|reports?|asks?|wants?|claims?|alleges?|mentions?|threatens?|demands?|requests?|complains?|insists?|needs?|wishes?|raises?)\b",
    )
});

/// What Baton cannot observe in a conversation.
static UNOBSERVABLE: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\b((outside|during|within|out of|after|before|in) (of )?(our |the )?(business|office|opening|working) hours|out of hours|after hours|(at|on|over|during) (the )?weekends?|at night|overnight|public holidays?|time of day|after \d+ ?(am|pm)|before \d+ ?(am|pm)|on (mondays?|tuesdays?|wednesdays?|thursdays?|fridays?|saturdays?|sundays?)|(sends?|sent|sending|adds?|added|includes?|included|with) (us )?(an? |the |some )?(file )?attachments?|attach(es|ed|ing)? (a |an |the |some )?(file|photo|screenshot|document|image|picture|pdf)s?|upload\w*|(sends?|sent|sending|shares?|shared|sharing|includes?|provides?|gives?|posts?) (us |in )?(a |an |the |some |any )?(screenshots?|photos?|pictures?|images?|voice (notes?|messages?)|videos?)|(has ?n'?t|has not|does ?n'?t|does not|stops?) (replied|responded|answered|replying|responding)|no (reply|response) (for|in|within)|goes silent|idle|inactive|(is|are|keeps?|starts?|started|stops?|stopped|still|was|were) typing\b|typing (indicator|status|bubble)|read receipts?|the assistant'?s (tone|confidence)|confidence score|sentiment score)\b",
    )
});

/// Builds a reading.
#[derive(Default)]
struct Reader {
    reading: Reading,
    /// The whole instruction (normalized): languages named in commentary count.
    instruction: String,
    /// Names in the instruction (capitalised words inside sentences: "Deskfolk"), which
    /// customers need not repeat.
    names: Vec<String>,
    /// The topics of the alternative read last, and whether the one being read is a
    /// circumstance of it ("…, or while our crew was delivering it").
    earlier_topics: Vec<OpenTopic>,
    circumstance: bool,
    /// The operator's own offering, said after the last alternative ("was injured, went
    /// missing, or was mistreated at a camp they booked through us"), holds for each.
    ours_throughout: bool,
    /// What the last principle said should never happen ("nobody should have to ask
    /// twice"), for an elliptical sentence after it ("If a customer does, …").
    principle: Option<String>,
    /// Customers ruled out by an attribute ("Not for customers in Northern Ireland (region
    /// is northern_ireland)"): every firing must meet these negated attributes.
    ruled_out_attributes: Vec<Expr>,
    /// How many conditions were read before the sentence being read.
    sentence_start: usize,
}

impl Reader {
    fn clause(&mut self, text: &str, role: Role, meaning: impl Into<String>) {
        let text = without_marks(text);
        let text = text.trim().trim_end_matches([',', ':', '.']).trim();
        if text.is_empty() {
            return;
        }
        self.reading.clauses.push(Clause {
            text: text.to_owned(),
            role,
            meaning: meaning.into(),
        });
    }

    /// The topics read from condition `from` on, about the operator's own offering.
    fn make_ours(&mut self, from: usize) {
        for condition in &mut self.reading.conditions[from..] {
            if let Condition::Open(topic) = condition {
                *topic = topic.clone().ours(true);
            }
        }
    }

    fn problem(&mut self, message: String) {
        self.reading.problems.push(message);
    }

    fn atom(&mut self, condition: Condition) -> Expr {
        self.reading.conditions.push(condition);
        Expr::Atom(self.reading.conditions.len() - 1)
    }

    /// Whether `expr` is made of customer attributes alone.
    /// The attribute restrictions of `expr` alone ("Trade accounts only, meaning
    /// account_type is trade (the cafes we supply)": who, whatever else the words say).
    fn attributes_in(&self, expr: &Expr) -> Option<Expr> {
        match expr {
            Expr::Atom(i) => {
                matches!(self.reading.conditions[*i], Condition::Attribute(_)).then(|| expr.clone())
            }
            Expr::Any(parts) => {
                let kept: Vec<Expr> = parts.iter().filter_map(|p| self.attributes_in(p)).collect();
                (!kept.is_empty()).then(|| one_or_any(kept))
            }
            Expr::All(parts) => {
                let mut kept: Vec<Expr> =
                    parts.iter().filter_map(|p| self.attributes_in(p)).collect();
                match kept.len() {
                    0 => None,
                    1 => kept.pop(),
                    _ => Some(Expr::All(kept)),
                }
            }
        }
    }

    fn only_attributes(&self, expr: &Expr) -> bool {
        match expr {
            Expr::Atom(i) => matches!(self.reading.conditions[*i], Condition::Attribute(_)),
            Expr::Any(parts) | Expr::All(parts) => parts.iter().all(|p| self.only_attributes(p)),
        }
    }

    /// `expr` without alternatives that repeat an earlier one ("their number was ported
    /// out…, or that their phone was stolen" are one account-security condition).
    fn distinct(&self, expr: Expr) -> Expr {
        let Expr::Any(parts) = expr else { return expr };
        let mut seen: Vec<String> = Vec::new();
        let mut kept = Vec::new();
        for part in parts {
            let text = self.condition_text(&part);
            if !seen.contains(&text) {
                seen.push(text);
                kept.push(part);
            }
        }
        one_or_any(kept)
    }

    fn condition_text(&self, expr: &Expr) -> String {
        match expr {
            Expr::Atom(i) => self.reading.conditions[*i].description(),
            Expr::Any(parts) => parts
                .iter()
                .map(|p| self.condition_text(p))
                .collect::<Vec<_>>()
                .join("; or "),
            Expr::All(parts) => parts
                .iter()
                .map(|p| format!("({})", self.condition_text(p)))
                .collect::<Vec<_>>()
                .join(" and "),
        }
    }

    /// A sentence that only says again, by example, the condition before it: commentary.
    fn says_again_what_came_before(&mut self, sentence: &str) -> bool {
        // "… two goes at the same problem and neither worked. Typical examples: not being
        // able to log in, photos that won't upload": the problems a count or a mood is
        // about, which narrow nothing (any problem counts).
        static PROBLEM_EXAMPLES: LazyLock<Regex> = LazyLock::new(|| {
            regex(
                r"^(typical|common|classic|usual|some|good) (examples?|cases?|problems?|situations?)( (include|are|would be|might be))?\s*[:,-]|^(a )?(typical|common|classic|usual|good) (examples?|cases?) (is|are|would be)\b|^(e\.?g\.?|for (example|instance))\s*[:,]",
            )
        });
        // "… asks to talk to an actual person. They may ask for 'support', a 'real human',
        // or say 'can somebody just email me back'; any of those count.": ways of saying
        // the condition before, which narrow nothing and add nothing.
        static WAYS_OF_SAYING: LazyLock<Regex> = LazyLock::new(|| {
            regex(
                r"^(they|customers|the customer|people|users|members|learners|guests|clients|patients|owners|riders|parents|callers)( may| might| could| can| often| sometimes| usually| will| would)( also| even| often| sometimes)? (ask for|ask|say|write|use|type|request|mention|phrase it|put it|call it|word it)\b",
            )
        });
        // "Clarifying questions aren't tries, and failures on different problems don't
        // add up": the counting rules failed attempts already follow.
        static COUNTING_RULE: LazyLock<Regex> = LazyLock::new(|| {
            regex(
                r"\b(clarifying|follow-?up) questions? (is|are|do|does)( not|n'?t| never) (count|an? |tries|attempts|goes|strikes|fixes)|\b(different|separate|other|unrelated) (problems?|issues?|questions?|things|topics) (do|does|will)( not|n'?t| never) (add up|count|stack|combine|accumulate)|\b((is|are)( not|n'?t)|(do|does)( not|n'?t) count as) (an? )?(try|tries|attempts?|goes?|strikes?|fix|fixes)\s*[.!]?$",
            )
        });
        // "Only test questions.": the subject the condition before already names.
        static ONLY_SUBJECT: LazyLock<Regex> = LazyLock::new(|| {
            regex(
                r"^only ([\w-]+ ){1,3}(questions|enquiries|inquiries|cases|ones|problems|issues)\s*[.!]?$",
            )
        });
        // "Only counts when the assistant itself says it has nothing": as the no-answer
        // condition reads.
        static ONLY_WHEN_ASSISTANT: LazyLock<Regex> = LazyLock::new(|| {
            regex(r"^((it|this|that) )?only counts (when|if) the (assistant|bot|ai)\b")
        });
        // Sentences that say again what the conditions already read, and what they say.
        let said_again: [(&Regex, bool, &str); 3] = [
            (
                &ONLY_SUBJECT,
                true,
                "the subject the condition before names: as read",
            ),
            (
                &ONLY_WHEN_ASSISTANT,
                false,
                "as the condition reads: the assistant's own words",
            ),
            (
                &COUNTING_RULE,
                false,
                "how failures are counted: as Baton counts them (per problem, clarifying questions are not attempts)",
            ),
        ];
        if let Some((_, _, meaning)) = said_again.iter().find(|(pattern, after_one, _)| {
            pattern.is_match(sentence) && (!after_one || !self.reading.conditions.is_empty())
        }) {
            self.clause(sentence, Role::Commentary, *meaning);
            return true;
        }
        // "Any phrasing, any language, a phone call included.": ways of saying it.
        static ANY_WORDING: LazyLock<Regex> = LazyLock::new(|| {
            regex(
                r#"^(in )?(any|whatever) (phrasing|wording|words|language|way|form)s?\b|^(it |that |this )?(could|can|might|may) be (an? |the )?["']"#,
            )
        });
        let asks_as_before = (WAYS_OF_SAYING.is_match(sentence) || ANY_WORDING.is_match(sentence))
            && self
                .reading
                .conditions
                .last()
                .is_some_and(|c| !matches!(c, Condition::Open(_)));
        let meaning = if asks_as_before {
            "ways of saying the condition before: examples, narrowing nothing"
        } else if PROBLEM_EXAMPLES.is_match(sentence)
            && !self.reading.conditions.is_empty()
            && self.reading.conditions.iter().all(|c| {
                matches!(
                    c,
                    Condition::FailedAttempts(_)
                        | Condition::Frustration(_)
                        | Condition::Unresolved
                        | Condition::Repeat(_)
                )
            })
        {
            "examples of the problems it counts: any problem counts"
        } else {
            return false;
        };
        self.clause(sentence, Role::Commentary, meaning);
        true
    }

    /// Reads one sentence.
    fn sentence(&mut self, sentence: &str) -> Option<Expr> {
        let sentence = sentence.trim();
        self.sentence_start = self.reading.conditions.len();
        self.ours_throughout = false;
        if self.says_again_what_came_before(sentence) {
            return None;
        }
        // "Guest left something behind after checking out -> email lost & found": the
        // condition, an arrow, where it goes; read as "email lost & found when …".
        let arrowed;
        let sentence = match ARROW.find(sentence) {
            Some(arrow)
                if arrow.start() > 0 && action_first(&sentence[arrow.end()..]).is_some() =>
            {
                arrowed = format!(
                    "{} when {}",
                    &sentence[arrow.end()..],
                    &sentence[..arrow.start()]
                );
                arrowed.as_str()
            }
            // "… used -> live fan-protection agent": what follows an arrow is where it
            // goes, unless it says when; "→ Payroll, but only for customers on plan =
            // business" says for whom after it.
            Some(arrow)
                if arrow.start() > 0 && !CONDITION_MARKER.is_match(&sentence[arrow.end()..]) =>
            {
                static ONLY_FOR: LazyLock<Regex> =
                    LazyLock::new(|| regex(r",?\s*\b(but )?only (for|to)\b"));
                let after = &sentence[arrow.end()..];
                // "Lockouts → live agent: the user is locked out right now": where it goes,
                // then the rule, under a title.
                if let Some(colon) = COLON.find(after) {
                    self.clause(
                        &after[..colon.start()],
                        Role::Routing,
                        "where the conversation goes: not a condition",
                    );
                    arrowed = format!("{}: {}", &sentence[..arrow.start()], &after[colon.end()..]);
                    return self.sentence(&arrowed);
                }
                let (routing, for_whom) = match ONLY_FOR.find(after) {
                    Some(only) => (&after[..only.start()], &after[only.end()..]),
                    None => (after, ""),
                };
                self.clause(
                    routing,
                    Role::Routing,
                    "where the conversation goes: not a condition",
                );
                // What comes before the arrow is the condition, however short ("Payroll
                // problems → Payroll Escalations" names no title).
                let condition = &sentence[..arrow.start()];
                arrowed = if for_whom.is_empty() {
                    format!("when {condition}")
                } else {
                    format!("for {for_whom}: when {condition}")
                };
                arrowed.as_str()
            }
            _ => sentence,
        };
        // "Group sales takes over when a school … wants to bring …", "Trust & Safety has
        // to see it whenever …": who, then when.
        static TAKES_OVER_WHEN: LazyLock<Regex> = LazyLock::new(|| {
            regex(
                r"^((?:[\w&-]+ ){1,3}(?:takes? over|steps? in|picks? (?:it|this|these|them) up|handles? (?:it|this|these|them)|(?:has|have|needs?|must|should)(?: to)? (?:see|review|handle|hear about|know about|look at|get) (?:it|this|these|them|those)))\s+((?:when|whenever|if|once)\b.+)$",
            )
        });
        let taken_over;
        let sentence = match TAKES_OVER_WHEN.captures(sentence) {
            Some(c) => {
                self.clause(
                    &c[1],
                    Role::Routing,
                    "where the conversation goes: not a condition",
                );
                taken_over = c[2].to_owned();
                taken_over.as_str()
            }
            None => sentence,
        };
        // "Live agent, please, when the customer says …": where it goes, then when.
        static LABEL_THEN_WHEN: LazyLock<Regex> = LazyLock::new(|| {
            regex(r"^([\w &-]{2,40}?),\s*(please,?\s*)?((when|whenever|if|once|as soon as)\b.+)$")
        });
        let labelled_when;
        let sentence = match LABEL_THEN_WHEN.captures(sentence) {
            Some(c) if ROUTING_LABEL.is_match(&c[1]) => {
                self.clause(
                    &c[1],
                    Role::Routing,
                    "where the conversation goes: not a condition",
                );
                labelled_when = c[3].to_owned();
                labelled_when.as_str()
            }
            _ => sentence,
        };
        // "Escalate to an agent when the passenger asks for one": "one" is the person where
        // it goes.
        static ASKS_FOR_ONE: LazyLock<Regex> = LazyLock::new(|| {
            regex(
                r"^(.*\b(to|with|in) (an? |the |one of our )?(agent|human|person|rep|representative|advisor|adviser|specialist|staff member|team member|real person|live agent|human agent)s?\b.*\b(asks?|asking|requests?|requesting|wants?|wanting|demands?|demanding) (for )?)(one|them|it)\b",
            )
        });
        let named_person;
        let sentence = if ASKS_FOR_ONE.is_match(sentence) {
            named_person = ASKS_FOR_ONE.replace(sentence, "${1}a person");
            &*named_person
        } else {
            sentence
        };
        // "→ send to the shop desk" after "Ask for a human?": where the sentence before goes.
        if let Some(arrow) = ARROW.find(sentence).filter(|a| a.start() == 0) {
            self.clause(
                &sentence[arrow.end()..],
                Role::Routing,
                "where the conversation goes: not a condition",
            );
            return None;
        }
        // "If the customer asks the same question three times, the assistant clearly isn't
        // getting it": what the operator thinks of the assistant, after the condition.
        static ABOUT_THE_ASSISTANT: LazyLock<Regex> = LazyLock::new(|| {
            regex(
                r"^((if|when|whenever|once) [^,]+),\s*(the |our )?(assistant|bot|ai|chatbot) [^,]*$",
            )
        });
        let judged;
        // "…, the assistant can't fix it" is a condition too, and "…, the bot should hand
        // off" where it goes: both stay.
        let judgement = |c: &regex::Captures| {
            let main = &c[0][c.get(3).or(c.get(4)).map_or(0, |m| m.start())..];
            action_first(main).is_none()
                && cues::failed_attempts(main).is_none()
                && cues::no_answer(main, main).is_none()
                && !ROUTING_PREDICATE.is_match(main)
        };
        let sentence = match ABOUT_THE_ASSISTANT.captures(sentence) {
            Some(c) if judgement(&c) => {
                judged = c[1].to_owned();
                judged.as_str()
            }
            _ => sentence,
        };
        // "Same applies to anyone who says …": another condition for the same handoff.
        static SAME_FOR: LazyLock<Regex> = LazyLock::new(|| {
            regex(r"^(the )?same (applies|goes|is true|holds) (to|for) |^(the )?same for ")
        });
        let sentence = SAME_FOR
            .find(sentence)
            .map_or(sentence, |same| &sentence[same.end()..]);
        // "This is for patients reporting pain, swelling or bleeding": the condition, said
        // of the handoff.
        static THIS_IS_FOR: LazyLock<Regex> = LazyLock::new(|| {
            regex(r"^(this|it|this (one|handoff|rule))( one)? (is|applies) (only )?(for|to) ")
        });
        let sentence = match THIS_IS_FOR.find(sentence) {
            Some(this) if RULE_LIKE.is_match(&sentence[this.end()..]) => &sentence[this.end()..],
            _ => sentence,
        };
        // "Customers on the Plus plan get a person straight away when they tell us …":
        // whom it is for, where it goes, then when; read as "for customers on the Plus
        // plan: get a person straight away when …".
        static WHO_GOES_WHERE_WHEN: LazyLock<Regex> = LazyLock::new(|| {
            regex(
                r"^((?:[\w'-]+ ){0,3}(?:customers?|users?|clients?|members?|guests?|patients?|passengers?|tenants?|riders?|buyers?|sellers?|subscribers?|accounts?|owners?|parents?|families|students?|learners?|travell?ers?|shoppers?)\b(?: (?:on|with|in|from|who|whose|that)\b[^,:]{0,80}?)?)\s+((?:get|gets|are given|is given|go|goes|are put|is put|are passed|is passed|are connected|is connected|are sent|is sent|are routed|is routed|are handed|is handed|are transferred|is transferred)\b[^,]{0,40}?\b(?:person|human|agent|advisor|adviser|specialist|rep|representative|team|manager|nurse|pharmacist|expert|planner|coordinator|someone|somebody|ticket|callback|call back|desk)s?\b[^,]{0,30}?),?\s+((?:when|whenever|if|as soon as|once|the moment)\b.+)$",
            )
        });
        let for_whom;
        let sentence = match WHO_GOES_WHERE_WHEN.captures(sentence) {
            Some(c) => {
                for_whom = format!("for {}: {} {}", &c[1], &c[2], &c[3]);
                for_whom.as_str()
            }
            None => sentence,
        };
        // "That includes asking for a pharmacist": more of the condition before it.
        if let Some(more) = INCLUDES.captures(sentence).and_then(|c| c.get(1)) {
            let more = more.as_str().to_owned();
            let known = self.reading.conditions.len();
            let expr = self.condition(&more, "")?;
            // Cases of a detector already read ("asking for somebody to phone them" under
            // "deal with a person") add nothing.
            let (before, added) = self.reading.conditions.split_at(known);
            // "That includes asking for a receptionist, a nurse or one of the vets" under a
            // request for a person: whom they may ask for, not a topic of their own.
            let staff_asked_for =
                before.iter().any(|b| matches!(b, Condition::HumanRequest)) && names_staff(&more);
            let repeats = !added.is_empty()
                && (staff_asked_for
                    || added.iter().all(|c| {
                        !matches!(c, Condition::Open(_)) && before.iter().any(|b| same_kind(b, c))
                    }));
            if repeats {
                self.reading.conditions.truncate(known);
                self.clause(sentence, Role::Definition, "cases of the condition above");
                return None;
            }
            let meaning = format!("also: {}", self.condition_text(&expr));
            self.clause(sentence, Role::Condition, meaning);
            return Some(expr);
        }
        if DEFINITION.is_match(sentence) {
            self.clause(
                sentence,
                Role::Definition,
                "defines the words of a condition; the built-in detector follows this definition",
            );
            return None;
        }
        if self.defines_earlier_word(sentence) {
            self.clause(
                sentence,
                Role::Definition,
                "defines the words of a condition; the built-in detector follows this definition",
            );
            return None;
        }
        if sentence.split_whitespace().count() <= 2 && self.detectors(sentence, sentence).is_none()
        {
            self.clause(sentence, Role::Commentary, "commentary: not a condition");
            return None;
        }
        // "Emergency claims line.", "Wholesale leads for the trade team.": where it goes,
        // said on its own.
        if (ROUTING_LABEL.is_match(sentence) || TEAM_TITLE.is_match(sentence))
            && self.detectors(sentence, sentence).is_none()
        {
            self.clause(
                sentence,
                Role::Routing,
                "where the conversation goes: not a condition",
            );
            return None;
        }
        // "Top priority: someone else got into …": how much it matters, then the rule, which
        // the colon below reads; only a sentence that is all commentary is dropped.
        // "Anything with a legal angle goes to the director, ahead of every other rule: a
        // parent who …": the commentary is the head's; the rule follows the colon.
        let labelled = colon_split(sentence).is_some_and(|(head, tail)| {
            // "Note that two misses … don't add up to three: those are different problems":
            // a remark and its reason, unless a rule follows the colon.
            static REMARK: LazyLock<Regex> = LazyLock::new(|| {
                regex(r"^(please )?(note|nb|fyi|remember|keep in mind|bear in mind)\b")
            });
            let remark_goes_on = REMARK.is_match(head)
                && action_first(tail).is_none()
                && !CONDITION_MARKER.is_match(tail);
            URGENCY_LABEL.is_match(head)
                || COMMENTARY.is_match(head)
                    && !COMMENTARY.is_match(tail)
                    && !remark_goes_on
                    && tail.split_whitespace().count() >= 4
        });
        // "We don't run the on-street bays, so never for damage on a street": why, then
        // what is ruled out.
        // "Standard members can switch tutors in the app themselves, so never …": what
        // they can do without us is why, not a condition.
        static SELF_SERVE: LazyLock<Regex> = LazyLock::new(|| {
            regex(
                r"\b(can|could|may|are able to)\b.*\b(themselves|itself|on their own|self-serve|self-service)\s*$",
            )
        });
        static SO_NEVER: LazyLock<Regex> =
            LazyLock::new(|| regex(r"^(.+?),?\s+so\s+((never|not|do ?n'?t|do not)\b.+)$"));
        if let Some((why, out)) = SO_NEVER
            .captures(sentence)
            .map(|c| (c[1].to_owned(), c[2].to_owned()))
            .filter(|(why, _)| COMMENTARY.is_match(why) || SELF_SERVE.is_match(why))
        {
            self.clause(&why, Role::Commentary, "why: not a condition");
            self.rule_out(&out);
            return None;
        }
        if COMMENTARY.is_match(sentence)
            && !CONDITION_MARKER.is_match(sentence)
            && !labelled
            && !NOT_COVERED.is_match(sentence)
        {
            self.clause(sentence, Role::Commentary, "commentary: not a condition");
            self.principle = PRINCIPLE
                .captures(sentence)
                .and_then(|c| c.get(1))
                .map(|m| m.as_str().to_owned());
            return None;
        }
        // "Only tickets bought through us count.", "It has to have happened at one of
        // our salons.": the topics are about ours.
        static ONLY_OURS_COUNT: LazyLock<Regex> = LazyLock::new(|| {
            regex(
                r"^only (.+?) (count|counts|qualify|qualifies|apply|applies)\s*[.!]?$|^(?:it|this|that|the [\w-]+) (?:has to|must|needs to|should|ha[sd]) (?:have )?(?:happened|happen|be|been|taken place) ((?:at|in|on|with|during|while) .+)$",
            )
        });
        if let Some(only) = ONLY_OURS_COUNT.captures(sentence)
            && OURS.is_match(only.get(1).or(only.get(3)).map_or("", |m| m.as_str()))
            && self
                .reading
                .conditions
                .iter()
                .any(|c| matches!(c, Condition::Open(_)))
        {
            self.make_ours(0);
            self.clause(
                sentence,
                Role::Restriction,
                "only what was bought, booked or done with us",
            );
            return None;
        }
        if ONLY_IF.is_match(sentence) {
            let rest = ONLY_IF.replace(sentence, "");
            let expr = self.condition(&rest, "");
            if let Some(expr) = &expr {
                let meaning = format!("every firing must also meet: {}", self.condition_text(expr));
                self.clause(sentence, Role::Restriction, meaning);
            }
            return expr.map(|e| Expr::All(vec![e]));
        }
        // Examples in brackets describe a condition ("the gate wouldn't open"); they rule
        // nothing out.
        // "… are covered by the standard licence": ruled out, unless it is said of a
        // condition ("if the repair is covered by the standard warranty but …").
        static COVERED_ANYWAY: LazyLock<Regex> = LazyLock::new(|| {
            regex(
                r"\b(is|are) (already )?covered by (the|our|their|a) (standard|normal|basic|usual|regular|existing)\b",
            )
        });
        // "… and it still isn't fixed", "something isn't landing": a state the condition
        // names, not a kind of case it rules out ("a refund question isn't a dispute").
        static NOT_YET_DONE: LazyLock<Regex> = LazyLock::new(|| {
            regex(
                r"\b(still|yet) (isn'?t|aren'?t|is not|are not|not|hasn'?t been|has not been|haven'?t been|have not been) [\w-]+|\b(isn'?t|aren'?t|is not|are not) (yet )?([\w-]+ing|fixed|resolved|solved|sorted|settled|repaired|answered)\s*([,;:.!]|$)",
            )
        });
        // "Travel is stressful and a bit of grumbling is normal, but when a passenger is
        // clearly angry … get a person": what is conceded is ruled out (or only remarked),
        // and the rule is what follows "but".
        static CONCESSION: LazyLock<Regex> = LazyLock::new(|| {
            regex(r"^(.+?),?\s+but\s+((if|when|whenever|once|as soon as|the moment)\b.+)$")
        });
        let conceded = CONCESSION
            .captures(sentence)
            .map(|c| (c[1].to_owned(), c[2].to_owned()))
            .filter(|(head, _)| {
                RULES_OUT.is_match(head)
                    && !CONDITION_MARKER.is_match(head)
                    && action_first(head).is_none()
            });
        if let Some((head, rule)) = conceded {
            for part in head.split(" and ").map(str::trim) {
                if RULES_OUT.is_match(part) {
                    self.rule_out(part);
                } else {
                    self.clause(part, Role::Commentary, "commentary: not a condition");
                }
            }
            return self.sentence(&rule);
        }
        // "Just asking what the cancellation policy is: not enough.": the verdict after the
        // colon is said of the head, as "… is not enough" would be.
        static VERDICT: LazyLock<Regex> = LazyLock::new(|| {
            regex(
                r"^(not enough|not sufficient|(does ?n'?t|does not|won'?t|will not|never) count|not (an? |the )?[\w-]+( [\w-]+)?)\s*[.!]?$",
            )
        });
        if let Some((head, tail)) = colon_split(sentence)
            && VERDICT.is_match(tail.trim())
            && action_first(head).is_none()
            && !CONDITION_MARKER.is_match(head)
        {
            let tail = tail.trim();
            let said = if tail.starts_with("not ") {
                format!("{head} is {tail}")
            } else {
                format!("{head} {tail}")
            };
            return self.sentence(&said);
        }
        // "… is not an accident: the photo check-in handles that", "… isn't a group
        // booking: it has to be an organisation": ruled out, and why.
        static WHAT_IT_MUST_BE: LazyLock<Regex> = LazyLock::new(|| {
            regex(r"^(it|they|this|that|the [\w-]+) (has|have|needs?|must)( to)? be\b")
        });
        if let Some((head, tail)) = colon_split(sentence)
            && RULES_OUT.is_match(head)
            && action_first(head).is_none()
            && (COMMENTARY.is_match(tail.trim()) || WHAT_IT_MUST_BE.is_match(tail.trim()))
        {
            self.rule_out(head);
            self.clause(
                tail,
                Role::Commentary,
                "why it is ruled out: not a condition",
            );
            return None;
        }
        let bare = PARENTHESES.replace_all(sentence, " ");
        // ("Switching off one add-on is not leaving": an act, said not to be the case,
        // which rules it out.)
        static ACT_IS_NOT: LazyLock<Regex> =
            LazyLock::new(|| regex(r"^((just|only|merely|simply) )?[a-z]{3,}ing\b"));
        // "Complaints about punctuality are not safeguarding": said with the word the rule
        // is about, a kind of case ruled out, not a state still to change.
        let names_the_rule = NOT_YET_DONE
            .captures(&bare)
            .and_then(|c| c.get(5))
            .is_some_and(|word| {
                let word = word.as_str();
                word.ends_with("ing")
                    && crate::text::words(&self.instruction)
                        .filter(|w| *w == word)
                        .count()
                        > 1
            });
        let bare = if ACT_IS_NOT.is_match(&bare) || names_the_rule {
            bare
        } else {
            NOT_YET_DONE
                .replace_all(&bare, " unresolved ")
                .into_owned()
                .into()
        };
        let rules_out = RULES_OUT.is_match(&bare)
            || NOT_COVERED.is_match(&bare)
            || COVERED_ANYWAY.is_match(&bare) && !CONDITION_MARKER.is_match(&bare);
        if rules_out && (action_first(sentence).is_none() || sentence.starts_with("do"))
            || sentence.starts_with("never ")
        {
            self.rule_out(sentence);
            return None;
        }
        // "Most urgent of all, ahead of every other rule: get a human into the chat if …"
        let mut sentence = sentence.to_owned();
        let mut extra = Vec::new();
        // "Members on the Resident plan pay for round-the-clock access, so if one of them
        // reports …": why, then the rule; only whom the why names (an attribute) stays.
        static PREMISE: LazyLock<Regex> =
            LazyLock::new(|| regex(r"^(.+?),\s*so\s+((if|when|whenever|once|as soon as)\b.+)$"));
        if let Some((why, rule)) = PREMISE
            .captures(&sentence)
            .map(|c| (c[1].to_owned(), c[2].to_owned()))
            .filter(|(why, _)| !CONDITION_MARKER.is_match(why) && action_first(why).is_none())
        {
            self.clause(&why, Role::Commentary, "why: not a condition");
            let attributes = cues::attributes(&why);
            extra.extend(self.who_it_is_for(&why, attributes));
            sentence = rule;
        }
        // "SAFETY - overrides everything: …": labels, one after another, before the rule.
        while let Some((head, tail)) = colon_split(&sentence)
            .filter(|(head, _)| URGENCY_LABEL.is_match(head))
            .filter(|(_, tail)| {
                colon_split(tail).is_some_and(|(next, _)| URGENCY_LABEL.is_match(next))
            })
            .map(|(head, tail)| (head.to_owned(), tail.to_owned()))
        {
            self.clause(
                &head,
                Role::Commentary,
                "commentary (priority is set by `priority`)",
            );
            sentence = tail;
        }
        if let Some((head, tail)) =
            colon_split(&sentence).map(|(head, tail)| (head.to_owned(), tail.to_owned()))
        {
            let head_attributes = cues::attributes(&head);
            if ALL_OF_THESE.is_match(&head) {
                // "Live agent when both are true: A and B": where it goes, then the parts.
                self.clause(
                    &head,
                    Role::Routing,
                    "where the conversation goes, when every part below holds",
                );
                sentence = tail;
            } else if URGENCY_LABEL.is_match(&head)
                && head_attributes.is_empty()
                && !CONDITION_MARKER.is_match(&head)
            {
                // "Urgent: hand off straight away if …": how much it matters, then the rule.
                self.clause(
                    &head,
                    Role::Commentary,
                    "commentary (priority is set by `priority`)",
                );
                sentence = tail;
            } else if (ROUTING_LABEL.is_match(&head) || TEAM_TITLE.is_match(&head))
                && head_attributes.is_empty()
                && !CONDITION_MARKER.is_match(&head)
                // "Customer wants a human: …" says when, not where.
                && !cues::human(&head)
            {
                // "Accessibility desk: the customer needs …": where it goes, then when.
                self.clause(
                    &head,
                    Role::Routing,
                    "where the conversation goes: not a condition",
                );
                sentence = tail;
            } else if !CONDITION_MARKER.is_match(&head) && !head_has_cue(&head) {
                // "For policyholders with tier = gold: a problem with a claim payout…":
                // who it is for, then what they raise.
                // "International applicants only (applicant_type = international): raise a
                // ticket when they report …": who, then where it goes and when.
                let whom_then_what = !head_attributes.is_empty()
                    && !ASKS_AFTER_ATTRIBUTE.is_match(&head)
                    && (action_first(&tail).is_none() || CONDITION_MARKER.is_match(&tail));
                if LEADING_MARKER.is_match(&tail)
                    || action_first(&tail).is_some() && COMMENTARY.is_match(&head)
                    || whom_then_what
                {
                    // "Most urgent of all: get a human in if …", "For customers whose
                    // account type is landlord: if they tell us …" (who it is for is a
                    // condition too).
                    if head_attributes.is_empty() {
                        self.clause(
                            &head,
                            Role::Commentary,
                            "commentary (priority is set by `priority`)",
                        );
                    }
                    extra.extend(self.who_it_is_for(&head, head_attributes));
                    sentence = tail;
                } else if head_attributes.is_empty()
                    && head.split_whitespace().count() <= 5
                    && (action_first(&tail).is_some() && CONDITION_MARKER.is_match(&tail)
                        || SAYS_WHO.is_match(&tail))
                {
                    // "Claims appeals: open a ticket when the customer wants to appeal…":
                    // the rule, under a title.
                    self.clause(&head, Role::Commentary, "a title: the rule follows it");
                    sentence = tail;
                } else if action_first(&tail).is_some() {
                    // "Rescue centres … wanting to order for 10 or more animals: open a
                    // ticket for our trade team": the condition, then where it goes.
                    self.clause(
                        &tail,
                        Role::Routing,
                        "where the conversation goes: not a condition",
                    );
                    let expr = self.condition(&head, &tail)?;
                    return Some(expr);
                }
            }
        }
        // "For customers paying in instalments (payment_plan is monthly), create a ticket
        // when they report…": who it is for, then the rule.
        static FOR_WHOM: LazyLock<Regex> = LazyLock::new(|| regex(r"^\s*for ([^,]+),\s*(.+)$"));
        if let Some((whom, rule)) = FOR_WHOM
            .captures(&sentence)
            .and_then(|c| Some((c.get(1)?.as_str().to_owned(), c.get(2)?.as_str().to_owned())))
            .filter(|(_, rule)| action_first(rule).is_some() || LEADING_MARKER.is_match(rule))
        {
            let attributes = cues::attributes(&whom);
            if RULE_LIKE.is_match(&whom) && action_first(&rule).is_some() {
                // "For Gold members (tier = gold) who ask for help with a claim, transfer
                // to …": who they are and what they do, both the condition.
                sentence = format!("{rule} when {whom}");
            } else if !attributes.is_empty() {
                extra.extend(self.who_it_is_for(&whom, attributes));
                sentence = rule;
            }
        }
        // "Anything where a dog got hurt while it was with us gets the area manager straight
        // away: a clipper nick that bled, …": where it goes ends the head; the colon's
        // tail gives examples of the condition, as brackets would.
        let routed_head = colon_outside_brackets(&sentence).and_then(|colon| {
            let head = &sentence[..colon.start()];
            match split_routing(head) {
                (Some(routing), Some(condition))
                    if ROUTING_PREDICATE
                        .find(head)
                        .is_some_and(|p| p.end() == head.trim_end().len()) =>
                {
                    Some((
                        Some(routing),
                        Some(format!(
                            "{} ({})",
                            condition.trim_end(),
                            sentence[colon.end()..].trim().trim_end_matches(['.', '!'])
                        )),
                    ))
                }
                _ => None,
            }
        });
        let (mut routing, mut condition) = routed_head.unwrap_or_else(|| split_routing(&sentence));
        // "In-app purchase problems go to billing: the player wants a refund…": what
        // follows the colon says when.
        if let Some(r) = routing.clone()
            && let Some(colon) = COLON.find(&r)
        {
            let tail = r[colon.end()..].to_owned();
            routing = Some(r[..colon.start()].to_owned());
            condition = Some(match condition {
                Some(c) => format!("{c}: {tail}"),
                None => tail,
            });
        }
        // "Large orders go to sales for a quote, i.e. a customer who wants more than 50
        // plants": what follows says what the few words before the routing mean.
        static DEFINED_AS: LazyLock<Regex> =
            LazyLock::new(|| regex(r",?\s*\b(ie|i\.e\.|that is,?|namely)\s+"));
        // "Payout problems go to the seller queue, e.g. a payout that never arrived":
        // examples of the condition, after where it goes.
        static EXAMPLES_AFTER: LazyLock<Regex> =
            LazyLock::new(|| regex(r",?\s*\b(eg|e\.g\.|for example|for instance|such as)\s+"));
        if let (Some(r), Some(c)) = (routing.clone(), condition.clone()) {
            if c.split_whitespace().count() <= 4
                && let Some(defined) = DEFINED_AS.find(&r)
            {
                self.clause(&c, Role::Commentary, "a title: the rule follows it");
                routing = Some(r[..defined.start()].to_owned());
                condition = Some(r[defined.end()..].to_owned());
            } else if let Some(listed) = EXAMPLES_AFTER.find(&r) {
                routing = Some(r[..listed.start()].to_owned());
                condition = Some(format!("{c}, eg {}", &r[listed.end()..]));
            }
        }
        // "Ticket for the accounts team: the customer contests…": the words before the
        // colon say where, not when.
        if let Some(c) = condition.clone()
            && let Some(colon) = COLON.find(&c)
            && routing_only(&c[..colon.start()])
        {
            routing = Some(format!(
                "{} {}",
                routing.unwrap_or_default(),
                &c[..colon.start()]
            ));
            condition = Some(c[colon.end()..].to_owned());
        }
        if let Some(routing) = &routing {
            self.clause(
                routing,
                Role::Routing,
                "where the conversation goes: not a condition",
            );
        }
        let mut condition = condition?;
        // "raise a ticket so the team can follow up": what is raised, not when.
        static ARTIFACT: LazyLock<Regex> = LazyLock::new(|| {
            regex(
                r"^\s*(an? |the )?([\w&-]+ ){0,2}(ticket|case|email|e-mail|note|task|callback|call-back|escalation)s?(\s+(so|for|to|with)\b.*)?\s*[.!]?\s*$",
            )
        });
        if routing.is_some()
            && ARTIFACT.is_match(&condition)
            && !CONDITION_MARKER.is_match(&condition)
        {
            self.clause(
                &condition,
                Role::Routing,
                "where the conversation goes: not a condition",
            );
            return None;
        }
        // "… has missed twice on the same issue, meaning the member says the suggestion
        // didn't help, or asks the same thing again, or …": what a miss is, not more
        // conditions.
        static MEANING: LazyLock<Regex> = LazyLock::new(|| {
            regex(
                r",?\s*\b(meaning|which means|that is,|i\.?e\.?,?|where an? (miss|failure|attempt|try|strike) (means|is))\s",
            )
        });
        // The first kind of miss stays, so the count reads as failures of a fix.
        if let Some(more) = MEANING.find(&condition).and_then(|meaning| {
            TOP_OR
                .find_at(&condition, meaning.end())
                .filter(|or| cues::failed_attempts(&condition[..or.start()]).is_some())
        }) {
            let definition = condition[more.end()..].to_owned();
            self.clause(
                &definition,
                Role::Definition,
                "defines the words of a condition; the built-in detector follows this definition",
            );
            condition.truncate(more.start());
        }
        // "… doesn't have the information about their installation, its permit, or our
        // products and warranties": one more subject of the no-answer, not a condition.
        static SUBJECT_ONLY: LazyLock<Regex> =
            LazyLock::new(|| regex(r"^((our|their|its|the|a|an|any|his|her) )?[\w' -]{2,60}$"));
        while let Some(or) = TOP_OR.find_iter(&condition).find(|or| {
            let head = &condition[..or.start()];
            let tail = &condition[or.end()..];
            head.contains(" about ")
                && cues::no_answer(head, head).is_some()
                && SUBJECT_ONLY.is_match(tail)
                && tail.split_whitespace().count() <= 6
                && !RULE_LIKE.is_match(tail)
                && cues::no_answer(tail, tail).is_none()
        }) {
            condition.replace_range(or.range(), " or ");
        }
        // "Nobody should have to ask us the same thing twice. If a customer does, …": the
        // condition is what the principle before it names.
        if ELLIPSIS.is_match(&condition)
            && condition.split_whitespace().count() <= 5
            && let Some(principle) = self.principle.take()
        {
            condition = principle;
        }
        // Attribute restrictions can sit in the routing part ("Route premium-plan customers
        // to a person as soon as …"), before where it goes ("… go to the VIP desk" is a
        // destination).
        if let Some(routing) = &routing {
            // ("ticket it for the corporate accounts team": a destination too.)
            let destination = [" to ", " for the ", " for our ", " into ", " with the "]
                .iter()
                .filter_map(|word| routing.find(word))
                .min()
                .unwrap_or(routing.len());
            for (attribute, range) in cues::attributes(routing) {
                if range.start < destination {
                    extra.push(self.atom(Condition::Attribute(attribute)));
                }
            }
        }
        // "A fan who is being refused entry needs the live event team": the routing's
        // "needs" is ours, not the customer's.
        let verbs = routing
            .as_deref()
            .filter(|r| !ROUTING_PREDICATE.is_match(&format!(" {r}")))
            .unwrap_or("");
        let expr = self.condition(&condition, verbs)?;
        Some(if extra.is_empty() {
            expr
        } else {
            extra.push(expr);
            Expr::All(extra)
        })
    }

    /// The attribute conditions of `words` saying whom a rule is for ("For policyholders
    /// with tier = gold: …"), each recorded as a clause of those words.
    fn who_it_is_for(
        &mut self,
        words: &str,
        attributes: Vec<(crate::facts::AttributeIs, std::ops::Range<usize>)>,
    ) -> Vec<Expr> {
        attributes
            .into_iter()
            .map(|(attribute, _)| {
                let atom = self.atom(Condition::Attribute(attribute));
                self.clause(words, Role::Condition, self.condition_text(&atom));
                atom
            })
            .collect()
    }

    /// Whether `alternative` only repeats the verb of the one before it ("or a guest they
    /// brought in did"): then it is recorded as commentary, and adds no condition.
    fn repeats_the_verb(&mut self, alternative: &str) -> bool {
        let repeats = ELLIPSIS.is_match(alternative);
        if repeats {
            self.clause(
                alternative,
                Role::Commentary,
                "the same condition, said of someone else",
            );
        }
        repeats
    }

    /// "A strike is an answer the customer says didn't work": a sentence saying what a
    /// word of an earlier sentence means.
    fn defines_earlier_word(&self, sentence: &str) -> bool {
        static DEFINES: LazyLock<Regex> = LazyLock::new(|| {
            regex(
                r"^(an? |the |each |every )?([\w-]+) (is|means|counts as|has failed when|fails when|happens when)\b",
            )
        });
        let Some(word) = DEFINES.captures(sentence).and_then(|c| c.get(2)) else {
            return false;
        };
        let stem = crate::text::stem(word.as_str());
        self.reading.clauses.iter().any(|clause| {
            clause.role != Role::Commentary
                && crate::text::words(&clause.text).any(|w| crate::text::stem(w) == stem)
        })
    }

    /// A sentence ruling something out.
    fn rule_out(&mut self, sentence: &str) {
        // "Asking whether they're talking to a bot doesn't count": a request for a person
        // already leaves that question out, and its words ("talking") are those of a
        // request, which an exclusion of them would take out.
        static ASKS_IF_BOT: LazyLock<Regex> = LazyLock::new(|| {
            regex(
                r"\b((whether|if) (they'?re|they are|it'?s|it is|they'?ve been|this is) (talking|speaking|chatting|dealing) (to|with) (a |the )?(bot|robot|machine|ai|human|person|real person)|(is|it'?s) (this|it) a (bot|robot|machine|real person)|are you (a )?(bot|robot|human|real))",
            )
        });
        if ASKS_IF_BOT.is_match(sentence)
            && self
                .reading
                .conditions
                .iter()
                .any(|c| matches!(c, Condition::HumanRequest))
        {
            self.clause(
                sentence,
                Role::Commentary,
                "a request for a person already leaves out asking whether it is a bot",
            );
            return;
        }
        // "X is not enough", "X alone does not count": X does not suffice, which the
        // conditions already require; it takes no turn out. "Leave those alone" does.
        static LEAVE_ALONE: LazyLock<Regex> =
            LazyLock::new(|| regex(r"\bleave (those|these|them|it|that|this) alone\b"));
        if NOT_ENOUGH.is_match(sentence) && !LEAVE_ALONE.is_match(sentence) {
            self.clause(
                sentence,
                Role::Restriction,
                "not sufficient on its own: the conditions already ask for more",
            );
            return;
        }
        // "Exception: they're only asking what the deadline is", "Exceptions, don't route
        // these (the bot handles them): moving …": what follows the colon.
        static LABELLED: LazyLock<Regex> = LazyLock::new(|| {
            regex(
                r"^((exceptions?|exclusions?)\b[^:]{0,80}|excluding|not for|doesn'?t count)\s*:\s*",
            )
        });
        static LEAVE_TO_ASSISTANT: LazyLock<Regex> = LazyLock::new(|| {
            regex(
                r"^leave (?:it|them|those|these|that|this) (?:with|to) (?:the |our )?(?:assistant|bot|ai|chatbot)(?: when| if| for)? (.+)$",
            )
        });
        static EXCLUDE_CASES: LazyLock<Regex> = LazyLock::new(|| {
            regex(
                r"^(exclude|ignore|skip)( (chats|conversations|cases|messages|customers|members|people|anyone|those|ones))?( (where|when|in which|if|that|who))?\s+",
            )
        });
        let subject = if let Some(label) = LABELLED.find(sentence) {
            sentence[label.end()..].to_owned()
        } else if let Some(found) = NOT_COVERED.captures(sentence) {
            // "This does NOT cover scratches that were already on the car".
            found[1].trim().to_owned()
        } else if let Some(found) = LEAVE_TO_ASSISTANT.captures(sentence) {
            // "Leave it with the assistant when they only want to skip a week".
            found[1].trim().to_owned()
        } else if let Some(found) = EXCLUDE_CASES.find(sentence) {
            // "Exclude chats where they only want to know how returns work (the deadline,
            // the steps)": the brackets are examples of it, not what is ruled out.
            PARENTHESES
                .replace_all(&sentence[found.end()..], " ")
                .trim()
                .to_owned()
        } else if sentence.starts_with("do")
            || sentence.starts_with("never")
            || sentence.starts_with("not")
            || sentence.starts_with("but")
            || sentence.starts_with("unless")
            || sentence.starts_with("except")
        {
            // "Do not escalate questions about prices", "Never for order-status questions".
            let rest = sentence
                .split_once(' ')
                .map_or("", |(_, rest)| rest)
                .trim_start_matches("not ")
                .trim_start_matches(|c: char| c.is_alphabetic())
                .trim();
            // "Do NOT hand off for …", "don't pass it over when …".
            let rest = rest
                .trim_start_matches("it ")
                .trim_start_matches("them ")
                .trim_start_matches("off ")
                .trim_start_matches("over ")
                .trim_start_matches("on ");
            rest.trim_start_matches("for ")
                .trim_start_matches("when ")
                .trim_start_matches("if ")
                .to_owned()
        } else {
            RULE_OUT_VERB
                .find_iter(sentence)
                .last()
                .map_or_else(|| sentence.to_owned(), |m| sentence[..m.start()].to_owned())
        };
        // "Coverage questions only: when the assistant can't answer about claims, this
        // rule doesn't apply": what the colon's label says is the rule the sentence keeps.
        let subject = match colon_split(&subject) {
            Some((label, tail)) if label.trim_end().ends_with(" only") => tail.to_owned(),
            _ => subject,
        };
        // "When it declines to give tax advice (…), that's expected": what the assistant
        // declines is what is ruled out.
        static DECLINES: LazyLock<Regex> = LazyLock::new(|| {
            regex(
                r"^(when|if|where) (it|the assistant|the bot|the ai|we) (declines|refuses|won'?t|can'?t|cannot|is unable|isn'?t able|is not able|does ?n'?t) (to )?(give|offer|provide|answer|help with|do) ",
            )
        });
        static THAT_IS_FINE: LazyLock<Regex> = LazyLock::new(|| {
            regex(
                r",?\s*(that'?s|that is|this is|it'?s|it is) (expected|normal|fine|ok|okay|routine|correct|right)( and)?\s*$",
            )
        });
        let declined = DECLINES.find(&subject).map(|m| m.end());
        let subject = match declined {
            Some(end) => THAT_IS_FINE.replace(&subject[end..], "").into_owned(),
            None => subject,
        };
        // "Other things the assistant can't help with -- car insurance, mortgages -- are
        // not ours": the things set off are what is ruled out; questions set off ("tax
        // advice (which VAT rate to charge)") only say what it covers.
        static ASIDE: LazyLock<Regex> = LazyLock::new(|| regex(r"--\s*(.+?)\s*--|\(([^()]+)\)"));
        static QUESTIONS_ASIDE: LazyLock<Regex> =
            LazyLock::new(|| regex(r"^(which|what|how|when|why|where|whether)\b"));
        let subject = match ASIDE.captures(&subject) {
            Some(c) => {
                let aside = c.get(1).or(c.get(2)).map_or("", |m| m.as_str());
                if declined.is_some() || QUESTIONS_ASIDE.is_match(aside) {
                    ASIDE.replace_all(&subject, " ").trim().to_owned()
                } else {
                    aside.to_owned()
                }
            }
            None => subject,
        };
        self.exclusion(sentence, &subject);
    }

    /// An exclusion from its words: "only asking how to cancel", "questions about prices".
    fn exclusion(&mut self, clause: &str, words: &str) {
        // "… can be answered by the assistant", "…; the bot handles those": who answers
        // it, not what is ruled out.
        static ASSISTANT_HANDLES: LazyLock<Regex> = LazyLock::new(|| {
            regex(
                r"[,;-]?\s*((can|could|should|will|may) be (answered|handled|dealt with|resolved|solved|taken care of|covered) by (the |our )?(assistant|bot|ai|chatbot)|(the |our )?(assistant|bot|ai|chatbot) ((can|should|will) )?(answers?|handles?|deals? with|resolves?|covers?|takes? care of)( (those|these|them|it|that|this))?( itself)?)\s*$",
            )
        });
        let words = ASSISTANT_HANDLES.replace(words.trim(), "");
        // "… a new email address (the assistant can simply change those details)": what the
        // assistant does instead, not what is ruled out.
        static ASSISTANT_REMARK: LazyLock<Regex> =
            LazyLock::new(|| regex(r"\s*\([^()]*\b(assistant|bot|ai|chatbot)\b[^()]*\)"));
        let words = ASSISTANT_REMARK.replace_all(&words, "");
        // "nutrition questions that have nothing to do with Basil Box": why they are out,
        // not words a turn must say.
        static NOTHING_TO_DO_WITH: LazyLock<Regex> = LazyLock::new(|| {
            regex(r"\s*\b(that|which|who)? ?(have|has|had) nothing to do with [\w' &-]+$")
        });
        // "questions outside our tours", "other vendors' products", "things unrelated to
        // us": what the assistant may decline as not ours, in its own words.
        static OUTSIDE: LazyLock<Regex> = LazyLock::new(|| {
            regex(
                r"\b(outside|beyond) (of )?(our|the|what we)\b|\bother (vendors?|brands?|compan(y|ies)|providers?|suppliers?|manufacturers?)'?s?\b|\bunrelated to\b|\bnothing to do with\b|\bthird[- ]party\b|\bthings we (do ?n'?t|do not) (sell|offer|make|do|cover)\b|\b(something|anything) else\b",
            )
        });
        if OUTSIDE.is_match(&words) {
            self.reading.exclusions.push(Exclusion::OutsideOffering);
        }
        let words = NOTHING_TO_DO_WITH.replace(words.trim(), "");
        let words = words.trim();
        // Customers named by an attribute as the front end sends it: never for them.
        if cues::is_explicit_attribute(words) {
            for (mut attribute, _) in cues::attributes(words) {
                attribute.negated = true;
                let atom = self.atom(Condition::Attribute(attribute));
                self.clause(clause, Role::Exclusion, self.condition_text(&atom));
                self.ruled_out_attributes.push(atom);
            }
            return;
        }
        if mild(words) {
            self.clause(
                clause,
                Role::Exclusion,
                "mild disappointment does not count: the frustration detector already requires clear signs",
            );
            return;
        }
        static ONLY_HOW: LazyLock<Regex> = LazyLock::new(|| {
            regex(
                r"\b(how|where|the steps|instructions|steps)\b( (to|do|can|does|should|would|they|i|we|you|he|she|find|get))*\b",
            )
        });
        // "If all they want is to know the cancellation policy or what it would cost": only
        // asking about it, each alternative.
        static ONLY_KNOW: LazyLock<Regex> = LazyLock::new(|| {
            regex(
                r"\b(all (they|the customer|the guest|he|she) (want|wants|need|needs) (is|are) to know|\w+ (only|just|merely|simply) (want|wants|wish|wishes|need|needs) to know|(only|just|merely) (asking|asks|wants? to know|want to find out)( about)?)\b",
            )
        });
        if let Some(know) = ONLY_KNOW.find(words) {
            let asked = &words[know.end()..];
            // "…, the assistant can handle it": who handles it, not what is asked.
            let asked = asked
                .find(", the ")
                .or_else(|| asked.find(", our "))
                .map_or(asked, |end| &asked[..end]);
            let asked: Vec<OpenTopic> = OR_SPLIT
                .split(asked)
                .filter_map(|piece| OpenTopic::read(piece.trim(), "asks about"))
                .collect();
            if !asked.is_empty() {
                for topic in asked {
                    self.exclude(clause, Exclusion::OnlyAsksHow(topic));
                }
                return;
            }
        }
        if let Some(how) = ONLY_HOW
            .find_iter(words)
            .filter(|m| {
                let after = &words[m.end()..];
                !(m.as_str() == "how"
                    && (after.starts_with(" much")
                        || after.starts_with(" many")
                        || after.starts_with(" long")))
            })
            .last()
        {
            let rest = &words[how.end()..];
            if let Some(topic) = OpenTopic::read(rest.trim(), "wants") {
                self.exclude(clause, Exclusion::OnlyAsksHow(topic));
                return;
            }
        }
        // "questions about prices, estimates or payment plans": a turn that only asks about
        // one; disputing a price, or asking us to act, goes beyond.
        static QUESTIONS: LazyLock<Regex> = LazyLock::new(|| {
            regex(
                r"^\s*((a|an|any|the) )?((general|routine|simple|basic|plain|everyday|ordinary) )?(questions?|enquir(y|ies)|inquir(y|ies)|asking|asks?) (about|on|regarding|re)\b",
            )
        });
        // "(why a renewal quote went up is a question the assistant can explain": a turn
        // that only asks it; saying the amount is wrong goes beyond.
        static WH_QUESTION: LazyLock<Regex> =
            LazyLock::new(|| regex(r"^\W*(why|whether|how much|how come)\b"));
        if let Some(wh) = WH_QUESTION.find(words)
            && let Some(topic) = OpenTopic::read(words[wh.end()..].trim(), "asks about")
        {
            self.exclude(clause, Exclusion::OnlyAsksAbout(topic));
            return;
        }
        if let Some(prefix) = QUESTIONS.find(words) {
            // "a question about our fees, or about when payouts land": "about" again.
            let asked: Vec<OpenTopic> = LIST_SPLIT
                .split(&words[prefix.end()..])
                .filter_map(|piece| {
                    let piece = piece.trim();
                    OpenTopic::read(piece.strip_prefix("about ").unwrap_or(piece), "asks about")
                })
                .collect();
            if !asked.is_empty() {
                for topic in asked {
                    self.exclude(clause, Exclusion::OnlyAsksAbout(topic));
                }
                return;
            }
        }
        // "why the bill is higher, what the unit rate is or when the debit is taken": each
        // alternative takes out the turns it describes, and only those.
        // "scratches or dents that were already on the car": the words the alternatives
        // share qualify each, so "scratches" alone takes out no turn about damage.
        let mut described = Vec::new();
        // "switching off a single add-on such as time tracking": the add-on named is ruled
        // out as well as the kind of act.
        let (words, examples) = match EXAMPLES.captures(words) {
            Some(found) => {
                let listed = found
                    .iter()
                    .skip(1)
                    .flatten()
                    .next()
                    .map_or("", |m| m.as_str());
                (
                    &words[..found.get(0).map_or(words.len(), |m| m.start())],
                    listed,
                )
            }
            None => (words, ""),
        };
        let mut pieces = share_across_or(
            LIST_SPLIT
                .split(words)
                .map(str::trim)
                .filter(|p| !p.is_empty()),
        );
        pieces.extend(
            LIST_SPLIT
                .split(examples)
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .map(str::to_owned),
        );
        for piece in pieces.iter().map(String::as_str) {
            // "events of 200 people or fewer": a bound, which the condition's count reads
            // and words alone cannot.
            static BOUND: LazyLock<Regex> = LazyLock::new(|| {
                regex(
                    r"\b(or (fewer|less|more|under|over)|fewer than|less than|more than|at (least|most)|up to|under|over)\b",
                )
            });
            if BOUND.is_match(words) && piece.contains(|c: char| c.is_ascii_digit())
                || matches!(piece, "fewer" | "less" | "more" | "under" | "over")
            {
                continue;
            }
            // "pricing questions": a turn that only asks about prices.
            if let Some(topic) = ASKED_ABOUT
                .captures(piece)
                .and_then(|c| OpenTopic::read(c.get(1)?.as_str(), "asks about"))
            {
                let exclusion = Exclusion::OnlyAsksAbout(topic);
                described.push(exclusion.describe());
                self.reading.exclusions.push(exclusion);
                continue;
            }
            // "a client who hasn't paid", "refunding a client": with the person it is
            // said of gone (a word for the customer), one word of what happened is left,
            // which would take out every turn about paying.
            static PERSON: LazyLock<Regex> = LazyLock::new(|| {
                regex(
                    r"\b(clients?|customers?|users?|members?|guests?|patients?|buyers?|people|someone|somebody)\b",
                )
            });
            let meant = |topic: &OpenTopic| {
                let kept = topic
                    .slots()
                    .iter()
                    .filter(|slot| !stance::negates(slot))
                    .count();
                kept > 1 || !PERSON.is_match(piece)
            };
            if let Some(topic) = OpenTopic::read(&strip_customer(piece), words).filter(meant) {
                let exclusion = Exclusion::Raises(topic.strict());
                described.push(exclusion.describe());
                self.reading.exclusions.push(exclusion);
            }
        }
        if described.is_empty() {
            self.clause(
                clause,
                Role::Commentary,
                "rules out nothing Baton can check: ignored",
            );
        } else {
            self.clause(clause, Role::Exclusion, described.join("; "));
        }
    }

    /// Takes out the turns `exclusion` describes, read from `clause`.
    fn exclude(&mut self, clause: &str, exclusion: Exclusion) {
        self.clause(clause, Role::Exclusion, exclusion.describe());
        self.reading.exclusions.push(exclusion);
    }

    /// Reads a condition phrase: exclusions and restrictions inside it, examples, parts.
    fn condition(&mut self, text: &str, verbs: &str) -> Option<Expr> {
        let mut text = text.trim().to_owned();
        if let Some(found) = INLINE_EXCLUSION.captures(&text) {
            let whole = found.get(0).map_or(0..0, |m| m.range());
            let words = found.get(1).map_or("", |m| m.as_str()).to_owned();
            // "in a language other than English" is a condition, not an exclusion.
            if cues::language(&text).is_none()
                || !words.is_empty()
                    && cues::language(&words).is_none()
                    && !text[..whole.start].contains("language")
            {
                let clause = text[whole.clone()]
                    .trim()
                    .trim_start_matches(',')
                    .to_owned();
                text.truncate(whole.start);
                self.exclusion(&clause, &words);
            }
        }
        // "Corporate or private events that are not weddings, with more than 150 guests":
        // what they are not is ruled out, and the rest of the condition stays.
        static NOT_WHICH: LazyLock<Regex> = LazyLock::new(|| {
            regex(r"\s*\b(?:that|which|who) (?:are|is) not (?:an? )?([\w' -]+?)\s*(,|$)")
        });
        if let Some(found) = NOT_WHICH.captures(&text) {
            let whole = found.get(0).map_or(0..0, |m| m.range());
            let words = found.get(1).map_or("", |m| m.as_str()).to_owned();
            let clause = text[whole.clone()].trim().trim_end_matches(',').to_owned();
            let kept = found.get(2).map_or("", |m| m.as_str()).to_owned();
            text.replace_range(whole, &kept);
            self.exclusion(&clause, &words);
        }
        let mut restriction = None;
        if let Some(found) = INLINE_ONLY_IF.captures(&text) {
            let whole = found.get(0).map_or(0..0, |m| m.range());
            let words = found.get(1).map_or("", |m| m.as_str()).to_owned();
            text.truncate(whole.start);
            restriction = self.condition(&words, "");
            if let Some(expr) = &restriction {
                let meaning = format!("every firing must also meet: {}", self.condition_text(expr));
                self.clause(&words, Role::Restriction, meaning);
            }
        }
        let text = AND_THEN_ETC.replace_all(&text, "").into_owned();
        let text = CONCESSION.replace_all(&text, " ").into_owned();
        // "they're planning, or thinking about, moving their cover": one intent, hedged.
        static HEDGE: LazyLock<Regex> = LazyLock::new(|| {
            regex(
                r",\s*or (just )?(thinking about|thinking of|considering|about to|intending to)\s*,",
            )
        });
        let text = HEDGE.replace_all(&text, " ").into_owned();
        // "it doesn't know, or can't find, the answer to a question about …": the verb said
        // two ways, the rest shared by both.
        static VERB_SAID_AGAIN: LazyLock<Regex> = LazyLock::new(|| {
            regex(
                r",\s*or (can'?t|cannot|could ?n'?t|does ?n'?t|does not|doesnt|wo ?n'?t|is ?n'?t|is not|is unable to|fails to|has ?n'?t|has no) \w+( \w+)?\s*,\s*(the|an?|any|its|their)\b",
            )
        });
        let text = VERB_SAID_AGAIN.replace_all(&text, " $3").into_owned();
        // "Retention wants every customer who asks to cancel": who gets them, then who.
        static WANTS_EVERY: LazyLock<Regex> = LazyLock::new(|| {
            regex(
                r"^\s*(the )?([\w&-]+ ){1,3}(wants?|needs?|gets?|handles?|takes?|looks after|should (get|see|have)) (every|all|any|each) (\w+ )?(customers?|users?|members?|clients?|guests?|persons?|people|callers?|visitors?|passengers?|policy ?holders?)( who| that)?\s+",
            )
        });
        let text = match WANTS_EVERY.find(&text) {
            Some(found) => {
                self.clause(
                    found.as_str(),
                    Role::Routing,
                    "where the conversation goes: not a condition",
                );
                format!("the customer {}", &text[found.end()..])
            }
            None => text,
        };
        // Examples: in parentheses, and after "e.g." or a colon.
        // An attribute in parentheses ("(care_plan is premium)") is a condition, not an
        // example.
        // "Trade customers (designers, landlords and fit-out firms)": who they are, said
        // again; not examples of the condition.
        let text = WHO_THEY_ARE
            .replace_all(&text, |c: &regex::Captures| {
                // An attribute in the parenthesis ("Fleet customers (segment = fleet)") is
                // who they are as the front end says it: kept, and read below.
                let whole = &c[0];
                match whole.find('(') {
                    Some(open) if cues::is_explicit_attribute(&whole[open..]) => whole.to_owned(),
                    _ => c[1].to_owned(),
                }
            })
            .into_owned();
        // "wants a refund (not a replacement)": what it is not is ruled out, not an example.
        static NOT_IN_BRACKETS: LazyLock<Regex> = LazyLock::new(|| {
            regex(
                r"\(\s*(?:but )?(?:not|rather than|instead of)\s+(?:an? |the )?([^()]{1,60}?)\s*\)",
            )
        });
        // "it hasn't reached them (not at the door, not with a neighbour)": after a negated
        // condition, the places it is not are what the condition means, said again.
        static NEGATED_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
            regex(
                r"\b(not|never|no longer|has ?n'?t|have ?n'?t|is ?n'?t|was ?n'?t|were ?n'?t|did ?n'?t|does ?n'?t|do ?n'?t|can ?n'?t|cannot|wo ?n'?t)\b[^,;()]*$",
            )
        });
        let mut text = text;
        while let Some(found) = NOT_IN_BRACKETS.captures(&text) {
            let whole = found.get(0).map_or(0..0, |m| m.range());
            let (clause, words) = (text[whole.clone()].to_owned(), found[1].to_owned());
            let said_again = NEGATED_BEFORE.is_match(&text[..whole.start]);
            text.replace_range(whole, " ");
            if said_again {
                self.clause(
                    &clause,
                    Role::Commentary,
                    "what the condition means, said again",
                );
            } else {
                self.exclusion(&clause, &words);
            }
        }
        let text = without_who_defined(&text);
        let mut examples: Vec<String> = PARENTHESES
            .captures_iter(&text)
            .filter_map(|c| c.get(1).map(|m| m.as_str().to_owned()))
            .filter(|inside| !names_attribute(inside))
            .collect();
        let mut marked = 0;
        let mut main = PARENTHESES
            .replace_all(&text, |c: &regex::Captures| {
                if cues::is_explicit_attribute(&c[1]) {
                    // `(account type "carer", people managing medicines for someone
                    // else)`: the attribute, then who that is in words, which it already
                    // says.
                    // (`account type "trade": landscapers, councils`: the attribute, then
                    // who they are in words.)
                    let spelled: Vec<&str> = c[1]
                        .split(", ")
                        .filter_map(cues::explicit_attribute)
                        .collect();
                    format!(" ({}) ", spelled.join(", "))
                } else if names_attribute(&c[1]) {
                    format!(" {} ", &c[1])
                } else {
                    marked += 1;
                    examples_mark(marked - 1)
                }
            })
            .into_owned();
        if let Some(found) = EXAMPLES.captures(&main) {
            let start = found.get(0).map_or(main.len(), |m| m.start());
            // (", say for an event", ", at the roadside, in a car park, wherever": other
            // ways to say it.)
            // (", meaning a payout that is missing or late": the things it means.)
            let listed = found
                .get(1)
                .or(found.get(2))
                .or(found.get(3))
                .or(found.get(4))
                .or(found.get(5));
            examples.push(listed.map_or("", |m| m.as_str()).to_owned());
            main.truncate(start);
        } else if let Some(colon) = colon_outside_brackets(&main) {
            let (head, tail) = (
                main[..colon.start()].to_owned(),
                main[colon.end()..].to_owned(),
            );
            // "In-app purchase problems: the player wants a refund, … or was charged more
            // than once": a label, then the conditions. Under a condition of its own
            // ("clearly angry: swearing, capitals…") what follows are examples.
            let tail_names_conditions = self.detectors(&head, &head).is_none()
                && LIST_SPLIT
                    .split(&tail)
                    .any(|piece| self.detectors(piece, &tail).is_some());
            if !cues::attributes(&head).is_empty() && !ASKS_AFTER_ATTRIBUTE.is_match(&head) {
                // "Business customers only (segment = business): questions about …", "Only
                // for customers with policy_status = lapsed: any request to renew": who it
                // is for, then what they ask; both must hold.
                main = format!("{head} who {tail}");
            } else if tail_names_conditions {
                self.clause(&head, Role::Commentary, "names the conditions that follow");
                main = tail;
            } else if head.split_whitespace().count() <= 5
                && self.detectors(&head, &head).is_none()
                && (RULE_LIKE.is_match(&tail)
                    || names_what_happens(&tail) && !names_what_happens(&head))
            {
                // "Commercial sales lead: a business … asking for a quote", "Car rental:
                // accidents, breakdowns or a warning light": a title, then the rule (someone
                // doing something, or what happens), not examples of the title.
                self.clause(&head, Role::Commentary, "a title: the rule follows it");
                main = tail;
            } else {
                examples.push(tail);
                main = head;
            }
        }
        for example in &mut examples {
            *example = without_marks(example);
        }
        let expr = self.parts(&main, verbs, &examples);
        match (expr, restriction) {
            (Some(expr), Some(r)) => Some(Expr::All(vec![expr, r])),
            (expr, None) => expr,
            (None, r) => r,
        }
    }

    /// The parts of a condition phrase: "and" clauses all hold, "or" alternatives any.
    fn parts(&mut self, text: &str, verbs: &str, examples: &[String]) -> Option<Expr> {
        // Examples read here (of who the customer is) describe nothing further on.
        let mut examples = examples.to_vec();
        let mut all = Vec::new();
        let mut rest = text.to_owned();
        // Attribute restrictions ("customers on the family plan", "VIP customers").
        let attributes = cues::attributes(&rest);
        let mut groups: Vec<Vec<Expr>> = Vec::new();
        let mut previous: Option<std::ops::Range<usize>> = None;
        for (attribute, range) in &attributes {
            let clause = rest[range.clone()].to_owned();
            let atom = self.atom(Condition::Attribute(attribute.clone()));
            self.clause(&clause, Role::Condition, self.condition_text(&atom));
            match (&previous, groups.last_mut()) {
                (Some(prev), Some(group)) if cues::attributes_joined_by_or(&rest, prev, range) => {
                    group.push(atom);
                }
                _ => groups.push(vec![atom]),
            }
            previous = Some(range.clone());
        }
        all.extend(groups.into_iter().map(one_or_any));
        let described = !attributes.is_empty();
        for (_, range) in attributes.into_iter().rev() {
            rest.replace_range(range, " customers ");
        }
        // "International applicants (applicant_type: international) with a problem…",
        // "Holiday home owners only (guest_type = owner).": the words before the attribute
        // say who, as the attribute does.
        static WHO_IN_WORDS: LazyLock<Regex> = LazyLock::new(|| {
            regex(
                r"\b([\w-]+ ){0,2}(customers?|users?|members?|clients?|applicants?|accounts?|guests?|patients?|buyers?|sellers?|owners?|holders?|policy ?holders?|subscribers?|tenants?|riders?|fans?|passengers?|promoters?|couples?|students?|learners?)\s*(only\s*)?\(?\s*customers\s*\)(\s*only\b)?",
            )
        });
        let rest = WHO_IN_WORDS.replace_all(&rest, " customers ").into_owned();
        // "for customers on plan = business or plan = enterprise", "(department: Finance)
        // or (department: Executive)": with the attributes read, only who it is for is
        // left, said once.
        static CUSTOMERS_ON_CUSTOMERS: LazyLock<Regex> = LazyLock::new(|| {
            regex(
                r"\b((for|among|to) )?(the )?(customers?|users?|members?|clients?|accounts?) (on|with|in|having|who have|that have)( the| a| an)?\s+customers((\s+(or|and)\s+customers)+)?\b|\b(customers)(\s+(or|and)\s+customers)+\b|\bcustomers(\s+customers)+\b",
            )
        });
        let rest = CUSTOMERS_ON_CUSTOMERS
            .replace_all(&rest, |c: &regex::Captures| {
                if c.get(1).is_some() {
                    " "
                } else {
                    " customers "
                }
            })
            .into_owned();
        // "a guest we have flagged as a VIP": with the attribute read, the flagging is said.
        static FLAGGED: LazyLock<Regex> = LazyLock::new(|| {
            regex(
                r"\b(that |whom |who )?(we|you|they)( have|'ve)? (flagged|marked|tagged|labell?ed)( as)?( an?| the)?\s+customers\b",
            )
        });
        let mut rest = FLAGGED.replace_all(&rest, " customers").into_owned();
        // "Customers we've flagged as new (new_customer = true) who report a problem…":
        // with the attribute read, who they are is said; what they do follows "who".
        let mut who_said = false;
        if described && let Some(relative) = RELATIVE.find(&rest) {
            rest = rest[relative.end()..].to_owned();
            who_said = true;
        }
        // "(candidate_status: placed) if a placed nurse reports …": the attribute's brackets,
        // read, say nothing more.
        static READ_IN_BRACKETS: LazyLock<Regex> =
            LazyLock::new(|| regex(r"\(?\s*\bcustomers\s*\)"));
        rest = READ_IN_BRACKETS.replace_all(&rest, " ").into_owned();
        // A number the customer must give ("for more than 20 learners").
        while let Some((quantity, range)) =
            cues::quantity(&rest).filter(|_| cues::length(&rest).is_none())
        {
            let clause = rest[range.clone()].to_owned();
            let atom = self.atom(quantity);
            self.clause(&clause, Role::Condition, self.condition_text(&atom));
            all.push(atom);
            rest.replace_range(range, " ");
            // "Exclusive-use enquiries for more than 150 guests": with the number read,
            // what is left before it is what they ask about.
            static ASKED_FOR_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
                regex(
                    r"\s+((enquir(y|ies)|inquir(y|ies)|questions?|requests?)\s+)?(for|of|with|about)\s*$",
                )
            });
            rest = ASKED_FOR_NUMBER.replace(&rest, "").into_owned();
            // "who want to book more than five cars": with the number read, wanting to book
            // them is what a count of cars to hire says ("… for the same dates" says more,
            // and stays).
            static BOOKING_FRAME: LazyLock<Regex> = LazyLock::new(|| {
                regex(
                    r"^\s*(who |that )?(want|wants|wanting|would like|need|needs|needing|looking|asks?|asking)( to| for)? (book|order|buy|hire|rent|reserve)\s*$",
                )
            });
            if BOOKING_FRAME.is_match(&without_marks(&rest)) {
                rest.clear();
            }
        }
        // Who tells us is the person writing, never a word the customer must write:
        // "a teacher or school staff member reports that students heard or saw …" (a list
        // whose "or" joins no alternatives of the condition), and "a viewer tells us the
        // captions were missing" (whoever "tells us", whatever the operator calls them;
        // only people tell us things).
        static REPORTER: LazyLock<Regex> = LazyLock::new(|| {
            regex(concat!(
                r"^\s*(",
                r"((a|an|the|any|our) )?[\w'-]+(( or|,| and) ((a|an|the|any) )?[\w'-]+){1,3}( [\w'-]+){0,2} (reports?|says?|tells? us|telling us|saying|mentions?|writes?|lets? us know|letting us know|informs? us|claims?|explains?)",
                r"|((a|an|the|any|our) )?[\w'-]+( [\w'-]+)? (tells? us|told us|telling us|lets? us know|letting us know|informs? us|writes? in to (say|tell us|report))",
                r")( that)?\s+",
            ))
        });
        static ASSISTANT: LazyLock<Regex> =
            LazyLock::new(|| regex(r"\b(bot|assistant|ai|chatbot|agent)\b"));
        let mut rest = match REPORTER.find(&rest) {
            Some(who) if !ASSISTANT.is_match(who.as_str()) => rest[who.end()..].to_owned(),
            _ => rest,
        };
        // Who the customer is ("a school or company asking about …").
        // "the student, parent or teacher asks …": whoever writes, in any of their roles;
        // no one is singled out.
        // "a client or their family asks …": the customer is one of them, so anyone who
        // writes.
        static THE_CUSTOMER: LazyLock<Regex> = LazyLock::new(|| {
            regex(
                r"^((a|an|the|any|our) )?(customer|client|user|member|guest|patient|shopper|buyer|subscriber|tenant|resident|passenger|rider)s?$",
            )
        });
        let the_customer_among = |found: &regex::Captures| {
            let listed = found.get(1).map_or("", |m| m.as_str()).replace(',', " or ");
            let people: Vec<&str> = listed
                .split(" or ")
                .map(str::trim)
                .filter(|one| !one.is_empty())
                .collect();
            people.len() > 1 && people.iter().any(|one| THE_CUSTOMER.is_match(one))
        };
        if !who_said
            && let Some(noun_end) = WHO
                .captures(&rest)
                .filter(|found| the_customer_among(found))
                .and_then(|found| found.get(1).map(|m| m.end()))
        {
            rest = rest[noun_end..].to_owned();
        }
        let any_writer = |found: &regex::Captures| {
            let noun = found.get(1).map_or("", |m| m.as_str());
            found
                .get(0)
                .is_some_and(|m| m.as_str().trim_start().starts_with("the "))
                && (noun.contains(" or ") || noun.contains(", "))
        };
        if !who_said
            && let Some(found) = WHO.captures(&rest.clone())
            && !PLURAL_NOUN.is_match(&rest[found.get(0).map_or(0, |m| m.start())..])
            && !any_writer(&found)
        {
            let noun = found.get(1).map_or("", |m| m.as_str());
            if let Some(who) = who_they_are(&without_marks(noun)) {
                let clause = noun.to_owned();
                let whole = found.get(0).map_or("", |m| m.as_str());
                // "a company (a letting agency, an office) asks about …": the examples say
                // who else counts as one.
                let mut who_all = vec![self.atom(Condition::Who(who))];
                // Only when no example says what happens ("(e.g. after a flood)" describes
                // the condition).
                for mark in EXAMPLES_MARK.find_iter(whole) {
                    let Some(listed) = mark_index(mark.as_str()).and_then(|n| examples.get_mut(n))
                    else {
                        continue;
                    };
                    let others: Option<Vec<OpenTopic>> = LIST_SPLIT
                        .split(listed)
                        .map(str::trim)
                        .filter(|item| !item.is_empty())
                        .map(|item| {
                            OpenTopic::read(item, "asks about")
                                .filter(|t| t.slots_of_kind(Kind::Event) == 0)
                        })
                        .collect();
                    if let Some(others) = others {
                        listed.clear();
                        who_all.extend(others.into_iter().map(|w| self.atom(Condition::Who(w))));
                    }
                }
                let atom = one_or_any(who_all);
                self.clause(&clause, Role::Condition, self.condition_text(&atom));
                all.push(atom);
                // "a business enquiring about …": the article goes with the noun.
                let verb_at = found
                    .get(2)
                    .zip(found.get(0))
                    .map_or(whole.len(), |(verb, all)| verb.start() - all.start());
                rest = rest.replacen(&whole[..verb_at], " ", 1);
            }
        }
        // "… to another date or time, so staff can waive the change fee": why a person
        // takes it, not something the customer does.
        static PURPOSE: LazyLock<Regex> = LazyLock::new(|| {
            regex(
                r",?\s+so (that )?(staff|we|they|the team|someone|somebody|a person|an agent|our [\w-]+|the [\w-]+ (team|desk)|one of us)( [\w-]+)? (can|could|will|may|are able to)\b.*$",
            )
        });
        let rest = PURPOSE.replace(&rest, "").into_owned();
        // "someone else's prescription" names a thing, whoever's it is: it stays.
        let rest = APPOSITION
            .replace_all(&rest, |c: &regex::Captures| {
                if POSSESSIVE_ELSE.is_match(&c[0]) {
                    c[0].to_owned()
                } else {
                    " ".to_owned()
                }
            })
            .into_owned();
        // "alleges X, says Y, or wants Z": a comma before another thing the customer does
        // starts another alternative, as ", or" does.
        let rest = NEXT_VERB.replace_all(&rest, ", or $1").into_owned();
        // "charged for a week they skipped or after they cancelled": a circumstance after
        // "or" is another alternative of the happening before it.
        static OR_CIRCUMSTANCE: LazyLock<Regex> =
            LazyLock::new(|| regex(r"\s+or\s+(after|before|while|during|since)\b"));
        let rest = OR_CIRCUMSTANCE.replace_all(&rest, ", or $1").into_owned();
        // "requests to refund the fee, and reports of being charged twice": kinds of
        // message, listed; either goes there.
        static AND_KINDS: LazyLock<Regex> = LazyLock::new(|| {
            regex(
                r",?\s+and\s+(reports|requests|questions|complaints|cases|claims|enquiries|inquiries) (of|about|for|to|that|from|regarding)\b",
            )
        });
        let rest = AND_KINDS.replace_all(&rest, ", or $1 $2").into_owned();
        let rest = without_serial_comma(&rest);
        // "someone got hurt, or one of our boats got damaged, during a lesson or charter":
        // the circumstance after the last alternative, set off by a comma, is each one's.
        static SHARED_CIRCUMSTANCE: LazyLock<Regex> = LazyLock::new(|| {
            regex(
                r",\s+((during|while on|while at|on|at) (a|an|the|our|one of our|their) [^,]+(, [^,]+)*)$",
            )
        });
        let rest = match SHARED_CIRCUMSTANCE
            .captures(&rest)
            .and_then(|shared| Some((shared.get(0)?.start(), shared.get(1)?.as_str())))
        {
            Some((at, circumstance))
                if TOP_OR
                    .find_iter(&rest)
                    .last()
                    .is_some_and(|or| or.end() < at) =>
            {
                let alternatives = &rest[..at];
                TOP_OR
                    .split(alternatives)
                    .map(|alternative| format!("{} {circumstance}", alternative.trim()))
                    .collect::<Vec<_>>()
                    .join(", or ")
                    .into()
            }
            _ => rest,
        };
        // "A, or B after C" is A, or B and C: alternatives bind looser than "and".
        let branches: Vec<&str> = TOP_OR
            .split(&rest)
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect();
        // "… more than five cars for the same dates, say for an event": with the count
        // all the condition, the examples describe it.
        if branches.is_empty() {
            for example in examples.iter().filter(|e| !e.trim().is_empty()) {
                self.clause(example, Role::Condition, "examples of the condition");
            }
        }
        // Examples whose mark no branch kept (and those not in brackets) describe the last
        // condition, as they close the sentence.
        let marks: Vec<String> = (0..examples.len())
            .map(|n| examples_mark(n).trim().to_owned())
            .collect();
        let placed: Vec<bool> = marks
            .iter()
            .map(|mark| branches.iter().any(|b| b.contains(mark.as_str())))
            .collect();
        let mut any = Vec::new();
        self.ours_throughout =
            branches.len() > 1 && branches.last().is_some_and(|b| OURS.is_match(b));
        for (b, branch) in branches.iter().enumerate() {
            // "they got hurt, or a guest they brought in did": the same happening, said of
            // someone else, which the branch before already reads.
            if b > 0 && self.repeats_the_verb(branch) {
                continue;
            }
            // "hurt because of a chair we sold, or while our crew was assembling it": the
            // circumstance is of the happening before it.
            self.circumstance = b > 0 && CIRCUMSTANCE.is_match(branch);
            // "charged for a week they skipped, or after they cancelled": what happened,
            // from the branch before, at another time.
            static WHEN_ELSE: LazyLock<Regex> =
                LazyLock::new(|| regex(r"^(after|before|since|once)\b"));
            static HEAD_END: LazyLock<Regex> = LazyLock::new(|| {
                regex(
                    r"\s\b(for|with|on|in|at|that|which|who|when|because|about|to|from|by|after|before)\b",
                )
            });
            let timed;
            // (In "…, or after A, or before B" both are times of the happening before A.)
            let happening = branches[..b]
                .iter()
                .rev()
                .find(|br| !WHEN_ELSE.is_match(br));
            let branch = match happening {
                Some(before) if WHEN_ELSE.is_match(branch) => {
                    let head = HEAD_END
                        .find(before)
                        .map_or(*before, |m| &before[..m.start()]);
                    timed = format!("{head} {branch}");
                    timed.as_str()
                }
                _ => branch,
            };
            // "…stopped syncing and workouts or streaks have disappeared": an "and" before
            // a clause of its own joins two conditions.
            static AND_CLAUSE: LazyLock<Regex> = LazyLock::new(|| {
                regex(
                    r"\s+\band (?:also )?((?:[\w'-]+ ){1,4}?(?:has|have|had|is|are|was|were) (?:been |got |gone |not |never )?[a-z]+(?:ed|en)\b)",
                )
            });
            let branch = &AND_CLAUSE.replace_all(branch, " and also $1");
            let segments: Vec<String> = AND_SPLIT
                .split(branch)
                .flat_map(|segment| {
                    match ABOUT_THE_ASSISTANT.find(segment).filter(|m| m.start() > 0) {
                        Some(m) => vec![
                            segment[..m.start()].to_owned(),
                            segment[m.start()..].to_owned(),
                        ],
                        None => vec![segment.to_owned()],
                    }
                })
                .map(|s| s.trim().to_owned())
                .filter(|s| !s.is_empty())
                .collect();
            // The examples close the sentence and describe its last condition; "… got
            // hurt while in our care (a bump, a bite)" describes the hurt, not our care.
            let described = segments
                .iter()
                .rposition(|s| !WITH_US.is_match(s))
                .unwrap_or(segments.len().saturating_sub(1));
            let mut parts = Vec::new();
            for (n, segment) in segments.iter().enumerate() {
                let last = b + 1 == branches.len() && n == described;
                let own_examples: Vec<String> = examples
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| {
                        if placed[*i] {
                            segment.contains(marks[*i].as_str())
                        } else {
                            last
                        }
                    })
                    .map(|(_, example)| example.clone())
                    .filter(|example| !example.trim().is_empty())
                    .collect();
                let segment = without_marks(segment);
                if let Some(expr) = self.alternatives(segment.trim(), verbs, &own_examples) {
                    parts.push(expr);
                }
            }
            match parts.len() {
                0 => {}
                1 => any.extend(parts),
                _ => any.push(Expr::All(parts)),
            }
        }
        if !any.is_empty() {
            all.push(self.distinct(one_or_any(any)));
        }
        match all.len() {
            0 => None,
            1 => all.pop(),
            _ => Some(Expr::All(all)),
        }
    }

    /// One "and" segment: its alternatives.
    fn alternatives(&mut self, segment: &str, verbs: &str, examples: &[String]) -> Option<Expr> {
        // "… their alarm is going off and they don't know why": the customer not knowing
        // the cause is part of what they report, which the condition before reads.
        static CAUSE_UNKNOWN: LazyLock<Regex> = LazyLock::new(|| {
            regex(
                r"^((they|the customer|he|she) )?(do ?n'?t|does ?n'?t|do not|does not|can'?t|cannot) (know|tell|work out|figure out|explain) (why|what caused it|the cause)\b",
            )
        });
        // "… once both of those are true": the parts before, which must all hold as read.
        static BOTH_HOLD: LazyLock<Regex> = LazyLock::new(|| {
            regex(
                r"^(both|all|each)( of)?( (those|these|them|the above|the two|the three))?( things| conditions| parts| halves)? (are true|hold|apply|have happened|happened|are met|are the case|are there|(have to|must|need to|should) (be there|be true|hold|apply|happen|be met)|are (needed|required|necessary))\s*$",
            )
        });
        // "… says a bill is wrong and wants it put right": what they want done about it,
        // which the condition before already is.
        static REMEDY: LazyLock<Regex> = LazyLock::new(|| {
            regex(
                r"^((they|the customer|he|she) )?((wants?|asks?|would like|expects?|needs?)( us)?( to have)? )?(it|this|that|them|the (bill|charge|invoice|payment|error|mistake)) (put right|fixed|corrected|sorted( out)?|resolved|dealt with|looked at|amended|reviewed)\s*$",
            )
        });
        // Parts that say something of the condition before, and what they say.
        let of_the_condition: [(&Regex, bool, &str); 3] = [
            (
                &REMEDY,
                true,
                "what they want done about it: part of the condition before",
            ),
            (&BOTH_HOLD, false, "the parts before must all hold: as read"),
            (
                &CAUSE_UNKNOWN,
                false,
                "the customer not knowing why: part of what they report",
            ),
        ];
        if let Some((_, _, meaning)) = of_the_condition.iter().find(|(pattern, after_one, _)| {
            pattern.is_match(segment.trim()) && (!after_one || !self.reading.conditions.is_empty())
        }) {
            self.clause(segment, Role::Commentary, *meaning);
            return None;
        }
        // "… crashed or been hurt while riding one of our bikes": where it happened, with
        // us, which the customer telling us need not say.
        static USING_OURS: LazyLock<Regex> = LazyLock::new(|| {
            regex(
                r"^(while |when |whilst )?(riding|using|driving|renting|wearing|aboard|on board|travelling on|traveling on|staying (in|at)|boarding|staying|being looked after|in the care of) (with |at |in )?(one of |any of )?(our|us)\b( [\w-]+){0,2}\s*$",
            )
        });
        if USING_OURS.is_match(segment) {
            self.clause(segment, Role::Commentary, "where it happened: with us");
            // The happenings of the sentence are with us: "on her own bike" is not.
            self.ours_throughout = true;
            self.make_ours(self.sentence_start);
            return None;
        }
        // "customers who just want to upload a prescription" say what they want, which is
        // in their messages; the upload itself is not.
        static WANTS_TO_ACT: LazyLock<Regex> = LazyLock::new(|| {
            regex(
                r"\b(wants?|wanting|would like|needs?|trying|tries|try|asks? how|how) to (upload|attach|send|share|add)\b",
            )
        });
        if let Some(found) = UNOBSERVABLE.find(&WANTS_TO_ACT.replace_all(segment, "ask about")) {
            self.problem(format!(
                "'{segment}': Baton cannot observe \"{}\" in a conversation (it sees the customer's and the assistant's messages, the customer's attributes and counts of them)",
                found.as_str()
            ));
            return None;
        }
        // "more than 10 messages still unresolved": both must hold.
        if let Some(length) = cues::length(segment)
            && cues::unresolved(segment)
        {
            let parts = vec![self.atom(length), self.atom(Condition::Unresolved)];
            let expr = Expr::All(parts);
            self.clause(segment, Role::Condition, self.condition_text(&expr));
            return Some(expr);
        }
        // A whole-segment detector first: its own words may contain "or" ("asks to speak
        // with someone or asks us to call them").
        if let Some(conditions) = self.detectors(segment, segment) {
            let describes_detector = !conditions.iter().any(|c| matches!(c, Condition::Topic(_)));
            let mut alternatives: Vec<Expr> = conditions
                .into_iter()
                .map(|c| self.atom(c.with_examples(examples)))
                .collect();
            // A listed alternative no detector covers is a topic of its own ("reports that
            // furniture arrived damaged, asks for a refund, or says we charged the wrong
            // amount"): the detectors must not swallow it.
            // Beside a person, failed fixes or an answer the assistant lacks, a listed
            // piece describes that condition ("a claims handler", "both fell flat", "a
            // question about our installation visits") unless the customer does
            // something else in it ("…, or reports that a courier was rude").
            let context = format!("{verbs} {segment}");
            let pieces: Vec<&str> = LIST_SPLIT.split(segment).map(str::trim).collect();
            for piece in pieces.iter().copied() {
                // (What reading a piece alone would note is said of the whole.)
                let notes = self.reading.notes.len();
                let detected = self.detectors(piece, segment).is_some();
                self.reading.notes.truncate(notes);
                // "a sailing we cancelled or delayed", "changed or cancelled their booking",
                // "charged after the contract ended or was cancelled": a lone participle
                // shares the thing a piece beside it names; it is not a happening of its
                // own.
                if detected
                    || pieces.len() > 1 && LONE_PARTICIPLE.is_match(piece)
                    || describes_detector && !CUSTOMER_ACTS.is_match(piece)
                {
                    continue;
                }
                if let Some(topic) = OpenTopic::read(&strip_customer(piece), &context)
                    .and_then(|t| t.without_words(&self.names))
                    // A happening of its own (payments and charges are what the built-in
                    // families already read), or a subject asked about ("questions about
                    // their contract").
                    .filter(|t| {
                        t.happenings().any(|h| h != "charged")
                            || QUESTIONS_ABOUT.is_match(piece) && t.mode() == crate::open::Mode::Ask
                    })
                {
                    alternatives.push(self.atom(Condition::Open(topic.ours(OURS.is_match(piece)))));
                }
            }
            self.merge_examples(&mut alternatives, examples, None);
            let expr = one_or_any(alternatives);
            self.clause(segment, Role::Condition, self.condition_text(&expr));
            return Some(expr);
        }
        // Otherwise a topic in the operator's words, its alternatives sharing the things
        // named ("pause or cancel their subscription").
        let mut topics: Vec<OpenTopic> = Vec::new();
        let ours = self.ours_throughout || OURS.is_match(segment);
        let not_by_them = NOT_BY_THEM.is_match(segment);
        let cleaned = OURS.replace_all(segment, " ");
        let cleaned = NOT_BY_THEM.replace_all(&cleaned, " ");
        // (What was taken out leaves no gap: the words around it read together.)
        let cleaned = cleaned.split_whitespace().collect::<Vec<_>>().join(" ");
        let listed: Vec<&str> = LIST_SPLIT
            .split(&cleaned)
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .collect();
        let detected: Vec<Option<Vec<Condition>>> = listed
            .iter()
            .map(|piece| self.detectors(piece, segment))
            .collect();
        let pieces: Vec<String> = if detected.iter().all(Option::is_some) {
            listed.into_iter().map(str::to_owned).collect()
        } else {
            share_across_or(
                OR_SPLIT
                    .split(&cleaned)
                    .flat_map(actions_listed)
                    .map(str::trim)
                    .filter(|p| !p.is_empty()),
            )
        };
        let mut alternatives = Vec::new();
        for piece in pieces.iter().map(String::as_str) {
            if (!alternatives.is_empty() || !topics.is_empty()) && self.repeats_the_verb(piece) {
                continue;
            }
            if let Some(conditions) = self.detectors(piece, segment) {
                alternatives.extend(conditions.into_iter().map(|c| self.atom(c)));
            } else if let Some(topic) =
                OpenTopic::read(&strip_customer(piece), &format!("{verbs} {segment}"))
                    .and_then(|t| t.without_words(&self.names))
            {
                topics.push(topic);
            } else if !strip_customer(piece).trim().is_empty() && !generic_only(piece) {
                self.problem(format!("'{piece}': names no condition Baton can check"));
            }
        }
        let shared = OpenTopic::shared_things(&topics);
        let mut siblings = topics.clone();
        if self.circumstance {
            siblings.extend(self.earlier_topics.iter().cloned());
        }
        if !topics.is_empty() {
            self.earlier_topics = topics.clone();
        }
        for topic in &topics {
            let topic = topic
                .with_things(&shared)
                .with_events(&siblings)
                .ours(ours)
                .not_by_them(not_by_them);
            alternatives.push(self.atom(Condition::Open(topic)));
        }
        let main_topic = topics.first().cloned();
        self.merge_examples(&mut alternatives, examples, main_topic.as_ref());
        if alternatives.is_empty() {
            if WITH_US.is_match(segment.trim()) {
                self.clause(segment, Role::Commentary, "where it happened: with us");
            } else if !generic_only(segment) {
                self.problem(format!("'{segment}': names no condition Baton can check"));
            }
            return None;
        }
        let expr = one_or_any(alternatives);
        self.clause(segment, Role::Condition, self.condition_text(&expr));
        Some(expr)
    }

    /// Examples of a condition: another built-in condition they name becomes an
    /// alternative; under a topic, each example is a topic of its own with the things the
    /// topic names; under a built-in condition, examples only describe it.
    fn merge_examples(
        &mut self,
        alternatives: &mut Vec<Expr>,
        examples: &[String],
        topic: Option<&OpenTopic>,
    ) {
        for example in examples {
            let example = example.trim();
            if example.is_empty() {
                continue;
            }
            let mut added = Vec::new();
            match topic {
                // Under a topic, each example is a topic of its own with the things the
                // topic names ("was rude" under "a courier behaved badly").
                Some(topic) => {
                    let cleaned = OURS.replace_all(example, " ");
                    let pieces = share_across_or(
                        OR_SPLIT
                            .split(&cleaned)
                            .flat_map(|p| p.split(", "))
                            .map(str::trim),
                    );
                    // Things the sentence's topics already name by concept ("insulin,
                    // vaccines" after "fridge medicines"): examples of the thing, no
                    // alternative of their own.
                    let named: Vec<&str> = self.reading.conditions[self.sentence_start..]
                        .iter()
                        .filter_map(|c| match c {
                            Condition::Open(t) => Some(t.concepts_of_kind(Kind::Thing)),
                            _ => None,
                        })
                        .chain(std::iter::once(topic.concepts_of_kind(Kind::Thing)))
                        .flatten()
                        .collect();
                    for piece in &pieces {
                        let Some(own) = OpenTopic::read(&strip_customer(piece), "") else {
                            continue;
                        };
                        let things = own.concepts_of_kind(Kind::Thing);
                        let kind_of_named_thing = own.concepts_of_kind(Kind::Event).is_empty()
                            && !things.is_empty()
                            && things.iter().all(|t| named.contains(t));
                        if !kind_of_named_thing {
                            added.push(self.atom(Condition::Open(topic.example(&own))));
                        }
                    }
                }
                // Under a built-in condition, examples describe it, and may name another
                // built-in condition ("billing disputes: … or asks for a refund").
                None => {
                    self.widen_subjects(alternatives, example);
                    for piece in LIST_SPLIT
                        .split(example)
                        .map(str::trim)
                        .filter(|p| !p.is_empty())
                    {
                        // Examples of failures or of a person define the condition; only
                        // another family of requests ("or asks for a refund") adds one,
                        // and what reading them would note is said of the condition.
                        let notes = self.reading.notes.len();
                        let named = self.detectors(piece, example).unwrap_or_default();
                        self.reading.notes.truncate(notes);
                        for condition in named
                            .into_iter()
                            .filter(|c| matches!(c, Condition::Topic(_)))
                        {
                            let known = self
                                .reading
                                .conditions
                                .iter()
                                .any(|c| same_kind(c, &condition));
                            if !known {
                                added.push(self.atom(condition));
                            }
                        }
                    }
                }
            }
            let meaning = if added.is_empty() {
                "examples of the condition".to_owned()
            } else {
                format!(
                    "examples, also conditions: {}",
                    self.condition_text(&one_or_any(added.clone()))
                )
            };
            self.clause(example, Role::Condition, meaning);
            alternatives.extend(added);
        }
    }

    /// "When the assistant says it doesn't know, or can't find, the answer to a question
    /// about our practices": an alternative of the sentence that names no subject shares
    /// the one the other names.
    fn share_no_answer_subject(&mut self) {
        let sentence = &mut self.reading.conditions[self.sentence_start..];
        let Some((scoped, about)) = sentence.iter().find_map(|c| match c {
            Condition::NoAnswer { scoped, about, .. } if !about.is_empty() => {
                Some((*scoped, about.clone()))
            }
            _ => None,
        }) else {
            return;
        };
        for condition in sentence {
            if let Condition::NoAnswer {
                scoped: own_scoped,
                about: own,
                ..
            } = condition
                && own.is_empty()
            {
                *own_scoped |= scoped;
                own.clone_from(&about);
            }
        }
    }

    /// Examples of the subjects a no-answer condition is about ("a payroll tax question
    /// (tax codes, National Insurance, statutory sick pay)") are subjects too.
    fn widen_subjects(&mut self, alternatives: &[Expr], example: &str) {
        let mut atoms: Vec<usize> = alternatives
            .iter()
            .filter_map(|a| match a {
                Expr::Atom(i) => Some(*i),
                _ => None,
            })
            .collect();
        // "can't answer a question about park operations (ride status, …) and says so":
        // the examples came with the part after "and"; they describe the no-answer read
        // just before it, in the same sentence.
        if atoms.is_empty()
            && let Some(last) = self.reading.conditions[self.sentence_start..]
                .iter()
                .rposition(|c| matches!(c, Condition::NoAnswer { .. }))
        {
            atoms.push(self.sentence_start + last);
        }
        for i in atoms {
            self.reading.conditions[i].widen_subject(crate::scope::subject(example));
        }
    }

    /// A no-answer about the operator's product by its name ("how Ledgerly works or the
    /// user's Ledgerly account") is about the whole offering, as "our products" is: no
    /// subject words for customers to say.
    fn offering_named(&self, no_answer: Condition) -> Condition {
        match no_answer {
            Condition::NoAnswer { times, about, .. }
                if about
                    .iter()
                    .any(|word| self.names.iter().any(|name| stem(name) == *word)) =>
            {
                Condition::NoAnswer {
                    scoped: true,
                    times,
                    about: Vec::new(),
                }
            }
            other => other,
        }
    }

    /// The built-in conditions `part` names, if any (`whole`: the sentence, for listed
    /// signs such as sarcasm).
    fn detectors(&mut self, part: &str, whole: &str) -> Option<Vec<Condition>> {
        if let Some(quoted) = cues::QUOTED.captures(part)
            && cues::WRITES_QUOTED.is_match(part)
        {
            return Some(vec![Condition::Phrase(quoted[1].trim().to_owned())]);
        }
        if let Some(language) = cues::language_in(part, &self.instruction) {
            return Some(vec![language]);
        }
        if let Some(length) = cues::length(part) {
            return Some(vec![length]);
        }
        let attempts = cues::failed_attempts(part);
        // "two goes and it still isn't sorted" counts failures; "still don't have it
        // resolved" is no answer from the assistant.
        if attempts.is_none() && cues::unresolved(part) {
            return Some(vec![Condition::Unresolved]);
        }
        let no_answer = cues::no_answer(part, whole);
        match (attempts, no_answer) {
            (Some(n), no_answer) if n > 1 || no_answer.is_none() => {
                if !cues::attempts_counted(part) {
                    self.reading.notes.push(without_marks(&format!(
                        "'{part}': no number of failures was given, so one failure on the customer's problem fires it"
                    )));
                }
                return Some(vec![Condition::FailedAttempts(n)]);
            }
            (_, Some(no_answer)) => return Some(vec![self.offering_named(no_answer)]),
            _ => {}
        }
        if let Some(n) = cues::repeat(part) {
            return Some(vec![Condition::Repeat(n)]);
        }
        if cues::human(part) {
            return Some(vec![Condition::HumanRequest]);
        }
        if !names_staff(whole)
            && let Some(frustration) = cues::frustration(part, whole, &self.instruction)
        {
            return Some(vec![frustration]);
        }
        let topics = cues::topics(part);
        if !topics.is_empty() {
            return Some(topics.into_iter().map(Condition::Topic).collect());
        }
        None
    }
}

/// "Missed visit with no warning. Open a ticket when …": a few words with no verb before
/// the sentences that say when, a title for the rule rather than a condition of its own.
fn is_title(sentence: &str, rest: &[&str]) -> bool {
    static VERB: LazyLock<Regex> = LazyLock::new(|| {
        regex(
            r"\b(is|are|was|were|be|been|has|have|had|asks?|wants?|says?|tells?|reports?|needs?|gets?|goes|go|can|could|will|would|should|must|does|do|did|\w+n'?t|only|not|never)\b|[:(]",
        )
    });
    sentence.split_whitespace().count() <= 5
        && !VERB.is_match(sentence)
        && !CONDITION_MARKER.is_match(sentence)
        && action_first(sentence).is_none()
        // ("Emergency claims line." says where it goes.)
        && !ROUTING_LABEL.is_match(sentence)
        && !TEAM_TITLE.is_match(sentence)
        && cues::attributes(sentence).is_empty()
        && rest.iter().any(|s| CONDITION_MARKER.is_match(s))
}

/// Whether the words in brackets say who the customer is by an attribute, spelled as the
/// front end sends it ("account type \"carer\"") or in words ("customers whose account
/// type is fleet").
fn names_attribute(inside: &str) -> bool {
    static WHOSE: LazyLock<Regex> = LazyLock::new(|| {
        regex(
            r"^\s*((the |a |an |any )?[\w-]+s? )?(whose|with (a|an|the)|on (a|an|the)|who (are|is) on)\b",
        )
    });
    cues::is_explicit_attribute(inside)
        || WHOSE.is_match(inside) && !cues::attributes(inside).is_empty()
}

/// `text` without the words before brackets that say again who the brackets define
/// ("quotes for fleet accounts (customers whose account type is fleet)": "quotes for
/// (…)"): the attribute decides who, and the customer need not write "fleet".
fn without_who_defined(text: &str) -> String {
    static NOUN_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
        regex(
            r"\b([\w-]+)( (customers?|users?|accounts?|members?|clients?|subscribers?|holders?))? ?(\([^()]*\))",
        )
    });
    NOUN_BEFORE
        .replace_all(text, |c: &regex::Captures| {
            let inside = &c[4];
            let defined = names_attribute(&inside[1..inside.len() - 1])
                && cues::attributes(inside)
                    .iter()
                    .any(|(attribute, _)| attribute.value == c[1]);
            if defined {
                inside.to_owned()
            } else {
                c[0].to_owned()
            }
        })
        .into_owned()
}

/// Who the customer is, when `noun` names someone ("a school or company", "a letting
/// agency"), not what happened ("a payout that is late" is about the payout).
fn who_they_are(noun: &str) -> Option<OpenTopic> {
    OpenTopic::read(noun, "asks about").filter(|who| {
        who.slots_of_kind(Kind::Thing) > 0
            && who.slots_of_kind(Kind::Event) == 0
            && who.slots().iter().any(|s| {
                matches!(
                    s.as_str(),
                    "organisation" | "people" | "household" | "staff"
                )
            })
            && !strip_customer(noun).trim().is_empty()
    })
}

/// Whether `text` names something that happens (a concept of an event: "accidents",
/// "breakdowns"), not only things.
fn names_what_happens(text: &str) -> bool {
    OpenTopic::read(text, "").is_some_and(|t| t.slots_of_kind(Kind::Event) > 0)
}

fn one_or_any(mut alternatives: Vec<Expr>) -> Expr {
    if alternatives.len() == 1 {
        alternatives.remove(0)
    } else {
        Expr::Any(alternatives)
    }
}

fn same_kind(a: &Condition, b: &Condition) -> bool {
    match (a, b) {
        (Condition::Topic(x), Condition::Topic(y)) => x == y,
        (Condition::Open(_), _) | (_, Condition::Open(_)) => false,
        _ => std::mem::discriminant(a) == std::mem::discriminant(b),
    }
}

/// Whether a sentence head before a colon names a condition itself.
fn head_has_cue(head: &str) -> bool {
    cues::human(head) || cues::failed_attempts(head).is_some() || !cues::topics(head).is_empty()
}

/// "Mild disappointment", "merely annoyed", "a bit upset": degrees the frustration
/// detector already leaves out.
fn mild(words: &str) -> bool {
    static MILD: LazyLock<Regex> = LazyLock::new(|| {
        regex(
            r"^(a |an |the |some )?(mild|slight|minor|small|little|bit of|little bit of|touch of|some|occasional|odd) (disappointment|annoyance|frustration|irritation|impatience|complaint|grumble|moan|gripe)s?\b|^(a bit of |a little |some |the odd |occasional )?(grumbling|moaning|venting|griping|complaining|grumbles|moans|gripes)\b|^(being |feeling |merely |just |only )*(mildly|slightly|a bit|a little|somewhat|merely|just) (annoyed|disappointed|frustrated|upset|irritated|grumpy|impatient)\b",
        )
    });
    MILD.is_match(words.trim())
}

fn names_staff(text: &str) -> bool {
    crate::lexicon::concept("staff").is_some_and(|c| c.find(text).is_some())
}

/// Only generic words ("the customer asks", "they say").
fn generic_only(text: &str) -> bool {
    OpenTopic::read(&strip_customer(text), "").is_none()
}

/// A piece split where a comma starts another action ("change their plan, freeze their
/// membership"); a comma before anything else ("a scratch, a dent") stays.
fn actions_listed(piece: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start = 0;
    for (comma, _) in piece.match_indices(", ") {
        let after = &piece[comma + 2..];
        // "harmed, misdiagnosed or mistreated": a listed participle is another happening.
        static PARTICIPLE: LazyLock<Regex> =
            LazyLock::new(|| regex(r"^[a-z]{3,}(ed|en|ing)\b( on \w+)?\s*(,|\bor\b|\band\b|$)"));
        // "to renew, restart or reinstate their cover": one listed word is another
        // alternative, not a second word the first must come with.
        static ONE_WORD: LazyLock<Regex> = LazyLock::new(|| regex(r"^[a-z]{3,}\s*(,|\bor\b|$)"));
        static TO_VERB: LazyLock<Regex> = LazyLock::new(|| regex(r"\bto [a-z]{3,}$"));
        // "got hurt, became unwell or had an allergic reaction": a verb after the comma
        // starts another happening.
        static HAPPENING_VERB: LazyLock<Regex> = LazyLock::new(|| {
            regex(
                r"^(became|become|becomes|got|gets|had|has|went|goes|fell|falls|broke|breaks|took|takes|came|comes|lost|loses|felt|feels|ran|runs|caught|catches|ate|eats|drank|drinks|bit|bites|[a-z]{3,}ed|(was|were|is|are|has been|have been) [a-z]{3,}(ed|en)\b) ?[a-z]?",
            )
        });
        // "a sudden drop in their hearing, pain in the ear, fluid or blood": phrases of
        // several words each, listed, are alternatives; single words ("their account,
        // profile or data") share the words before them.
        let next = after.split(", ").next().unwrap_or(after);
        let next = OR_SPLIT.split(next).next().unwrap_or(next);
        // A circumstance ("…, under our money-back guarantee") or what qualifies the
        // phrase before ("…, which …", "…, for …") is no alternative.
        static QUALIFIES_BEFORE: LazyLock<Regex> =
            LazyLock::new(|| regex(r"^(for|if|as|to|which|who|that|including|except)\b"));
        let phrases = next.split_whitespace().nth(1).is_some()
            && piece[start..comma].split_whitespace().nth(2).is_some()
            && !CIRCUMSTANCE.is_match(next)
            && !QUALIFIES_BEFORE.is_match(next);
        let starts_an_action = PARTICIPLE.is_match(after)
            || HAPPENING_VERB.is_match(after)
            || phrases
            || ONE_WORD.is_match(after) && TO_VERB.is_match(&piece[..comma])
            || concepts()
                .iter()
                .any(|c| c.kind == Kind::Event && c.find(after).is_some_and(|r| r.start == 0));
        if starts_an_action {
            parts.push(&piece[start..comma]);
            start = comma + 2;
        }
    }
    parts.push(&piece[start..]);
    parts
}

/// The words for the customer and what they do with words, left out of a topic.
fn strip_customer(text: &str) -> String {
    static CUSTOMER: LazyLock<Regex> = LazyLock::new(|| {
        regex(
            r"^\s*((the|a|an|any) )?(customer|user|shopper|client|member|guest|caller|learner|subscriber|patient|buyer|traveller|traveler|renter|tenant|visitor|policy ?holder|holder|owner|rider|driver|passenger|student|parent|author|writer|seller|host|couple|family|household|homeowner|landlord|applicant|employer|admin|fan|resident|occupant|lodger|attendee|camper|diner|someone|somebody|anyone|anybody|person|they|he|she|one of (them|those|these|us))s?\b( (who|that))?|\b((also|then|additionally) )?((tells?|telling|told) us|(lets?|letting) us know|says?|said|mentions?|mentioning|writes?|reports?|reporting|explains?|explaining|describes?|describing|informs? us|notifies us|claims?|alleges?|complains?)( that)?\b",
        )
    });
    // "somebody else's prescription", "damage someone else did": who else, not who
    // writes.
    static SOMEONE_ELSE: LazyLock<Regex> =
        LazyLock::new(|| regex(r"^\s*(someone|somebody|anyone|anybody) else\b"));
    if SOMEONE_ELSE.is_match(text) {
        return text.to_owned();
    }
    // "the member's watch" is their watch.
    static WHOSE: LazyLock<Regex> = LazyLock::new(|| {
        regex(
            r"^\s*(the |a |an )?(customer|user|client|member|guest|patient|buyer|seller|rider|passenger|renter|tenant|owner|fan|applicant)'s\b",
        )
    });
    let text = WHOSE.replace(text, "their");
    // "a family member who forgot the code": a relative, whom `household` knows, not the
    // family writing to us.
    static FAMILY_MEMBER: LazyLock<Regex> =
        LazyLock::new(|| regex(r"^\s*((a|the|their|his|her) )?family members?\b"));
    let text = FAMILY_MEMBER.replace(&text, "their family");
    // "their child got hurt": who it happened to, which customers say with a name or
    // "she" ("Maya has a bite mark"); the happening is the condition.
    static RELATIVE_WHO: LazyLock<Regex> = LazyLock::new(|| {
        regex(
            r"^\s*((a|the|their|his|her) )?(child|children|son|daughter|kids?|baby|toddler|partner|husband|wife|mum|mom|dad|mother|father|relative)\s+(got|gets|was|is|were|are|has|have|had|became|becomes|fell|falls|went|came|ate|swallowed)\b",
        )
    });
    // "an intruder at their property": where the customer is, which they take as said.
    static AT_THEIR_PLACE: LazyLock<Regex> = LazyLock::new(|| {
        regex(
            r"\b(at|in|on|around) (their|his|her|the customer'?s) (property|home|house|premises|place|address|site)\b",
        )
    });
    // "the bride wants to move the wedding date": a role the operator gives the person
    // who writes, before a verb of wanting or telling (not a thing: "the boiler needs").
    static ROLE_WRITES: LazyLock<Regex> = LazyLock::new(|| {
        regex(
            r"^\s*(the|a|an)\s+(bride|groom|couple|parent|teacher|tutor|nurse|carer|doctor|coach|trainer|instructor|pupil|learner|applicant|candidate|landlord|homeowner|seller|vendor|claimant|beneficiary|resident|organiser|organizer|planner|employer|employee|manager|athlete|player)\s+((or|and)\s+[a-z-]+\s+)?(wants?|needs?|asks?|would like|is asking|requests?|says?|tells us|reports?)\b",
        )
    });
    let text = ROLE_WRITES.replace(&text, "$5");
    // "someone in their group got hurt": who it happened to, one of the people the
    // customer came with; the happening is the condition.
    static ONE_OF_THEIR_PARTY: LazyLock<Regex> = LazyLock::new(|| {
        regex(
            r"^\s*((someone|somebody|anyone|anybody|one|a member|a [a-z]+) )?(in|from|of) (their|the|his|her) (group|party|family|team|booking|class|household|crew)\s+",
        )
    });
    let text = ONE_OF_THEIR_PARTY.replace(&text, "");
    // "payout problems reported by sitters": who raises it, which the customer need not
    // say (an attribute or who they are says it).
    static RAISED_BY: LazyLock<Regex> = LazyLock::new(|| {
        regex(
            r"\b(reported|raised|flagged|submitted|logged) by (the |our |a |an )?[\w-]+( [\w-]+)?\s*$",
        )
    });
    let text = RAISED_BY.replace(&text, "");
    let text = CUSTOMER.replace_all(&text, " ");
    let text = AT_THEIR_PLACE.replace_all(&text, " ");
    RELATIVE_WHO.replace(&text, "$4").into_owned()
}

/// Words that say where a conversation goes, and to whom.
const ROUTING_WORDS: &[&str] = &[
    "accounts",
    "billing",
    "finance",
    "sales",
    "compliance",
    "legal",
    "privacy",
    "ops",
    "a",
    "an",
    "the",
    "to",
    "with",
    "into",
    "in",
    "on",
    "for",
    "of",
    "it",
    "them",
    "this",
    "that",
    "customer",
    "user",
    "chat",
    "conversation",
    "case",
    "ticket",
    "tickets",
    "email",
    "team",
    "desk",
    "queue",
    "person",
    "human",
    "agent",
    "rep",
    "live",
    "someone",
    "specialist",
    "engineer",
    "support",
    "staff",
    "member",
    "manager",
    "supervisor",
    "our",
    "their",
    "us",
    "group",
    "crew",
    "department",
    "inbox",
    "care",
    "service",
    "help",
    "an",
    "right",
    "away",
    "immediately",
    "directly",
    "straight",
    "please",
    "always",
    "over",
    "off",
    "up",
    "along",
    "priority",
    "urgent",
    "high",
    "normal",
    "low",
    "real",
    "human's",
    "agent's",
];

/// Whether `text` only says where the conversation goes.
fn routing_only(text: &str) -> bool {
    crate::text::words(text).all(|w| ROUTING_WORDS.contains(&w))
}

/// The first colon of `text` not inside brackets: "(applicant_type: international)" is an
/// attribute, not a label and its rule.
fn colon_outside_brackets(text: &str) -> Option<regex::Match<'_>> {
    COLON.find_iter(text).find(|c| {
        let before = &text[..c.start()];
        before.matches('(').count() <= before.matches(')').count()
    })
}

/// The words before a colon, or the word before a " - " opening the text ("EMERGENCY -
/// …"), and what follows.
fn colon_split(text: &str) -> Option<(&str, &str)> {
    let colon = colon_outside_brackets(text)?;
    let head = if colon.start() == 0 {
        colon.as_str().trim_end().trim_end_matches('-').trim_end()
    } else {
        &text[..colon.start()]
    };
    Some((head, &text[colon.end()..]))
}

/// The condition and the routing either side of `found`, a [`TRAILING_ROUTING`] match:
/// a closing bracket before the routing stays with the condition ("…tightness (a cut to
/// the gum…) put a clinician in the chat").
fn split_at_trailing_routing(text: &str, found: &regex::Match<'_>) -> (String, String) {
    let bracket = usize::from(text[found.start()..].starts_with(')'));
    let condition = text[..found.start() + bracket].to_owned();
    let routing = text[found.start() + bracket..]
        .trim_start_matches(',')
        .trim()
        .to_owned();
    (condition, routing)
}

/// Splits a sentence into where the conversation goes and the condition. What qualifies
/// the condition after where it goes ("… go to the Events team, but only when it's for a
/// company", "… go to Billing, except a refund for a single lesson") stays with the
/// condition, read by the same patterns as inside it.
fn split_routing(sentence: &str) -> (Option<String>, Option<String>) {
    match split_routing_at_action(sentence) {
        (Some(routing), Some(condition)) => {
            let qualifier = [
                INLINE_EXCLUSION.find(&routing),
                INLINE_ONLY_IF.find(&routing),
            ]
            .into_iter()
            .flatten()
            .map(|m| m.start())
            .filter(|&at| at > 0)
            .min();
            match qualifier {
                Some(at) => {
                    let qualifier = routing[at..].trim_start_matches([',', ';']).trim();
                    (
                        Some(routing[..at].to_owned()),
                        Some(format!("{}, {qualifier}", condition.trim_end())),
                    )
                }
                None => (Some(routing), Some(condition)),
            }
        }
        split => split,
    }
}

fn split_routing_at_action(sentence: &str) -> (Option<String>, Option<String>) {
    if let Some(lead) = LEADING_MARKER.find(sentence) {
        let rest = &sentence[lead.end()..];
        return match TRAILING_ROUTING.find(rest) {
            Some(comma) => {
                let (condition, routing) = split_at_trailing_routing(rest, &comma);
                (Some(routing), Some(condition))
            }
            None => (None, Some(rest.to_owned())),
        };
    }
    // "Facilities ticket whenever a member reports …", "Refunds desk ticket when …": a
    // label of where it goes, then the condition.
    if let Some(marker) = CONDITION_MARKER.find(sentence).filter(|m| m.start() > 0)
        && ROUTING_LABEL.is_match(&sentence[..marker.start()])
    {
        return (
            Some(sentence[..marker.start()].to_owned()),
            Some(sentence[marker.end()..].to_owned()),
        );
    }
    if action_first(sentence).is_some() {
        let examples: Vec<usize> = FOR_EXAMPLE.find_iter(sentence).map(|m| m.start()).collect();
        let marker = CONDITION_MARKER
            .find_iter(sentence)
            .find(|m| !examples.contains(&m.start()))
            .or_else(|| {
                AFTER_MARKER
                    .find_iter(sentence)
                    .find(|m| !examples.contains(&m.start()))
            });
        let verb = action_first(sentence).map_or(0, |m| m.end());
        // "after"/"for" start the condition only when what precedes them is where the
        // conversation goes ("Create a ticket for billing disputes"); in "Escalate
        // suspected food poisoning after a meal we delivered" they are part of it.
        let marker = marker.filter(|m| {
            CONDITION_MARKER.is_match(m.as_str()) || routing_only(&sentence[verb..m.start()])
        });
        return match marker {
            // "Open a ticket for the security office": for whom it is, not when ("… when the
            // customer requests a person" is when).
            Some(marker)
                if DESTINATION.is_match(&sentence[marker.end()..])
                    && !cues::human(&sentence[marker.end()..]) =>
            {
                (Some(sentence.to_owned()), None)
            }
            Some(marker) => (
                Some(sentence[..marker.start()].to_owned()),
                Some(sentence[marker.end()..].to_owned()),
            ),
            // "Send them to the front desk": a pronoun going somewhere is all routing.
            None if ROUTED_OBJECT.is_match(&sentence[verb..])
                || DESTINATION.is_match(&sentence[verb..]) =>
            {
                (Some(sentence.to_owned()), None)
            }
            // "Email the bookings manager about enquiries to board …": whom it goes to,
            // then what it is about.
            None if let Some(about) = RECIPIENT_ABOUT.captures(&sentence[verb..]) => {
                let at = verb + about.get(1).map_or(0, |m| m.end());
                (
                    Some(sentence[..at].to_owned()),
                    Some(sentence[verb + about.get(0).map_or(0, |m| m.end())..].to_owned()),
                )
            }
            // "Escalate billing disputes": the verb is the routing, its object the condition.
            None => (
                Some(sentence[..verb].to_owned()),
                Some(sentence[verb..].to_owned()),
            ),
        };
    }
    if let Some(predicate) = ROUTING_PREDICATE.find(sentence) {
        return (
            Some(sentence[predicate.start()..].trim().to_owned()),
            Some(sentence[..predicate.start()].to_owned()),
        );
    }
    if let Some(comma) = TRAILING_ROUTING.find(sentence) {
        let (condition, routing) = split_at_trailing_routing(sentence, &comma);
        return (Some(routing), Some(condition));
    }
    (None, Some(sentence.to_owned()))
}

/// Capitalised words that do not start a sentence: product and company names. A word
/// the instruction also writes in lower case ("a Visa Compliance ticket … their student
/// visa") is a word, not a name.
fn names(instruction: &str) -> Vec<String> {
    let lower_case: std::collections::HashSet<&str> = instruction
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().next().is_some_and(char::is_lowercase))
        .collect();
    // "→ Payroll Escalations", "send it to Trust & Safety": a team is where it goes, and
    // its words ("payroll", "safety") still name the condition elsewhere.
    static TEAM_WHERE_IT_GOES: LazyLock<Regex> = LazyLock::new(|| {
        regex(
            r"(?:→|->|=>|\b(?:go|goes|send|pass|route|escalate|transfer|forward|refer|hand \w+|email|notify|loop in|bring in)\b(?: \w+)?? to\b)([^.,;!?]*?)(?:\bwhen\b|\bif\b|\bwhenever\b|[.,;!?]|$)",
        )
    });
    let mut names = Vec::new();
    for sentence in SENTENCE_END.split(instruction) {
        let sentence = TEAM_WHERE_IT_GOES.replace_all(sentence, |c: &regex::Captures| {
            c[0].replace(&c[1], &" ".repeat(c[1].len()))
        });
        for word in sentence.split_whitespace().skip(1) {
            let bare = word.trim_matches(|c: char| !c.is_alphanumeric());
            let bare = bare.strip_suffix("'s").unwrap_or(bare);
            let mut chars = bare.chars();
            if chars.next().is_some_and(char::is_uppercase)
                && chars.clone().any(char::is_lowercase)
                && crate::facts::language_named(&bare.to_lowercase()).is_none()
                && !lower_case.contains(bare.to_lowercase().as_str())
            {
                names.push(normalize(bare));
            }
        }
    }
    names
}

/// Reads `instruction`.
pub fn read(instruction: &str) -> Reading {
    let instruction = &layout::unwrap(instruction);
    // "… stopped syncing AND workouts or streaks have disappeared": an "and" in capitals
    // joins two conditions.
    static AND_IN_CAPITALS: LazyLock<Regex> = LazyLock::new(|| regex(r"\bAND\b"));
    let instruction = &AND_IN_CAPITALS.replace_all(instruction, "and also");
    // "Locked out + (department: Finance) = P1 ticket": "=" before where it goes is an
    // arrow.
    static EQUALS_ARROW: LazyLock<Regex> = LazyLock::new(|| {
        regex(
            r"(?i)\s=\s*((p[0-3]|priority|urgent|escalat\w*|hand\w*|ticket|transfer\w*|route|page|email|send)\b)",
        )
    });
    let instruction = &EQUALS_ARROW.replace_all(instruction, " -> $1");
    // "hand off at once if …": at once is how soon, not "once" the condition.
    static AT_ONCE: LazyLock<Regex> = LazyLock::new(|| regex(r"(?i)\bat once\b"));
    let instruction = &AT_ONCE.replace_all(instruction, "immediately");
    // "nobody 21 or over was there": who, by an age the customer need not say, not two
    // alternatives.
    static AGE_OR_OVER: LazyLock<Regex> = LazyLock::new(|| {
        regex(
            r"(?i)\b(nobody|no one|no-one|someone|somebody|anyone|anybody|a person|an adult|adults|people) (\d+) or (over|older|above)\b",
        )
    });
    let instruction = &AGE_OR_OVER.replace_all(instruction, "$1");
    // `plan attribute "gold"`: the attribute is that value.
    static ATTRIBUTE_QUOTED: LazyLock<Regex> =
        LazyLock::new(|| regex(r#"(?i)\b([a-z_]+) (attribute|field) ""#));
    let instruction = &ATTRIBUTE_QUOTED.replace_all(instruction, "$1 $2 is \"");
    // "has offered two fixes for the same problem and both have fallen flat": two failed
    // attempts, said of the fixes.
    static FIXES_THAT_FAILED: LazyLock<Regex> = LazyLock::new(|| {
        regex(
            r"(?i)\b(?:has |have |had )?(?:offered|suggested|given|tried|made|proposed) (two|three|four|2|3|4) (?:different )?(?:fixes|suggestions|solutions|answers|things|steps|workarounds|ideas|options|attempts)( (?:for|on) the same (?:problem|issue|thing|question))?,? and (?:both|all|each|neither|none|they)(?: of them| three| two)? (?:have |has |had )?(?:fallen flat|failed|did ?n'?t work|did not work|have ?n'?t worked|have not worked|not worked|did ?n'?t help|did not help|flopped|come to nothing|got nowhere)",
        )
    });
    let instruction = &FIXES_THAT_FAILED.replace_all(instruction, "has failed $1 times$2");
    // "a cake of three tiers or more": three or more tiers, the order a count is read in.
    static UNIT_OR_MORE: LazyLock<Regex> = LazyLock::new(|| {
        regex(
            r"(?i)\b(\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundred) ([a-z][\w-]*) or (more|above|over)\b",
        )
    });
    let instruction = &UNIT_OR_MORE.replace_all(instruction, "$1 or $3 $2");
    // "Locker won't open + customer is at the locker + code tried twice": a plus between
    // words joins conditions.
    static PLUS: LazyLock<Regex> = LazyLock::new(|| regex(r"(\w|\))\s+\+\s+(\w|\()"));
    let instruction = &PLUS.replace_all(instruction, "$1 and also $2");
    let normalized = normalize(instruction);
    // "says their carer never came and that nobody warned them": a second thing they say,
    // which must hold too.
    static AND_THAT: LazyLock<Regex> = LazyLock::new(|| {
        regex(r"\band that (nobody|no one|they|their|it|he|she|someone|somebody)\b")
    });
    let normalized = AND_THAT.replace_all(&normalized, "and also $1");
    let prepared =
        ABBREVIATION.replace_all(&normalized, |c: &regex::Captures| c[0].replace('.', ""));
    // "their wedding day -- menu, guest numbers, timings -- send them to…": an aside
    // between double dashes is one in brackets.
    static DASHED_ASIDE: LazyLock<Regex> = LazyLock::new(|| regex(r"\s--\s+([^.!?;]+?)\s+--\s"));
    let prepared = DASHED_ASIDE.replace_all(&prepared, " ($1), ");
    // "…one of our workouts - an injury, fainting, chest pain - bring in the coach safety
    // team": an aside between single dashes, before where it goes.
    static DASH_ASIDE: LazyLock<Regex> = LazyLock::new(|| regex(r"\s-\s+([^.!?;-]+?)\s+-\s+"));
    // "fell ill": became ill, no fall.
    static FELL_ILL: LazyLock<Regex> =
        LazyLock::new(|| regex(r"\b(fell|falls|fallen|fall) (ill|sick|unwell)\b"));
    let prepared = FELL_ILL.replace_all(&prepared, "became $2");
    let prepared = DASH_ASIDE.replace_all(&prepared, |c: &regex::Captures| {
        let after = &c.get(0).map_or("", |m| &prepared[m.end()..]);
        if action_first(after).is_some() {
            format!(" ({}), ", &c[1])
        } else {
            c[0].to_owned()
        }
    });
    let mut reader = Reader {
        instruction: prepared.to_string(),
        names: names(instruction),
        ..Reader::default()
    };
    let mut any = Vec::new();
    let mut restrictions = Vec::new();
    let sentences: Vec<&str> = SENTENCE_END
        .split(&prepared)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    for (i, &sentence) in sentences.iter().enumerate() {
        if i == 0 && is_title(sentence, &sentences[1..]) {
            reader.clause(sentence, Role::Commentary, "a title: not a condition");
            continue;
        }
        let read = reader.sentence(sentence);
        reader.share_no_answer_subject();
        match read {
            Some(Expr::All(mut parts)) if ONLY_IF.is_match(sentence) => {
                restrictions.append(&mut parts);
            }
            // "Holiday home owners only (guest_type = owner).": who every other sentence
            // is about, not a condition of its own.
            Some(expr) if WHO_ONLY.is_match(sentence) && reader.only_attributes(&expr) => {
                restrictions.push(expr);
            }
            // "Garden Club members only. If someone on the Garden Club membership …": who,
            // said first in words that the attribute sentence says again.
            Some(_)
                if WHO_ONLY.is_match(sentence)
                    && sentence.split_whitespace().count() <= 6
                    && cues::attributes(&prepared).iter().any(|(a, _)| {
                        !a.value.is_empty() && sentence.contains(a.value.as_str())
                    }) => {}
            // "Trade accounts only, meaning account_type is trade (the cafes we supply).":
            // who the rule is for; the rest only describes them.
            Some(expr)
                if WHO_ONLY_MEANING.is_match(sentence)
                    && !CONDITION_MARKER.is_match(sentence)
                    && let Some(who) = reader.attributes_in(&expr) =>
            {
                restrictions.push(who);
            }
            Some(expr) => any.push(expr),
            None => {}
        }
    }
    let mut expr = match any.len() {
        0 => None,
        1 => any.pop(),
        _ => Some(Expr::Any(any)),
    };
    restrictions.append(&mut reader.ruled_out_attributes);
    if !restrictions.is_empty() {
        expr = expr.map(|e| {
            let mut all = vec![e];
            all.append(&mut restrictions);
            Expr::All(all)
        });
    }
    if let Some(expr) = &expr {
        let summary = reader.condition_text(expr);
        let exclusions: Vec<String> = reader
            .reading
            .exclusions
            .iter()
            .map(Exclusion::describe)
            .collect();
        reader.reading.summary = if exclusions.is_empty() {
            summary
        } else {
            format!("{summary}; {}", exclusions.join("; "))
        };
    }
    let mut reading = reader.reading;
    if expr.is_none() && reading.problems.is_empty() {
        reading.problems.push(
            "names no condition Baton can check, so it could never fire (name what the customer asks for, reports or says, a request for a person, failed attempts, frustration, the assistant having no answer, a customer attribute, a count of messages or a language)".into(),
        );
    }
    reading.expr = expr;
    reading
}

mod coordination;
mod layout;
#[cfg(test)]
mod tests;
