//! The operator's agent configuration: parse the YAML, check everything a later failure
//! would otherwise reveal in production (ids, fallbacks, settings per type, business hours,
//! triggers), and convert it to the stored `baton.v1.AgentConfig`.
//!
//! Every problem is reported with its line, all at once, so an operator fixes a file in
//! one pass.

mod model;

use std::collections::HashMap;
use std::fmt;

use baton_proto::ids;
use baton_proto::v1::{
    AgentConfig, BusinessHours, DayHours, EmailRecipients, EmailSettings, Handoff, HandoffType,
    IntercomSettings, LocalizedText, Redaction, Role, SunshineSettings, TicketSettings,
    TriggerJudge, Turn, handoff,
};
use serde_saphyr::Spanned;

use crate::hours;
use model::{
    AgentFile, ExamplesFile, HandoffFile, Judge, Kind, LocalizedFile, Recipients, RedactKind,
};

/// One thing wrong with a configuration file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// 1-based line (0 when unknown).
    pub line: u64,
    /// What is wrong and how to fix it.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line > 0 {
            write!(f, "line {}: {}", self.line, self.message)
        } else {
            f.write_str(&self.message)
        }
    }
}

/// A configuration that cannot be stored, with every problem found.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ConfigError {
    /// The problems, in file order.
    pub problems: Vec<Problem>,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let lines: Vec<String> = self.problems.iter().map(Problem::to_string).collect();
        f.write_str(&lines.join("\n"))
    }
}

/// How one handoff's trigger instruction was understood.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TriggerReport {
    /// The handoff.
    pub handoff_id: String,
    /// Every clause of the instruction and what it became, in plain words.
    pub understood: Vec<String>,
    /// Assumptions the engine made ("no number of attempts was given: …").
    pub warnings: Vec<String>,
}

/// A configuration that can be stored.
#[derive(Debug, Clone, PartialEq)]
pub struct Validated {
    /// The configuration (not live; `source_yaml` set).
    pub config: AgentConfig,
    /// What each trigger was understood as.
    pub triggers: Vec<TriggerReport>,
    /// What the operator should know (missing optional settings, ...).
    pub warnings: Vec<String>,
}

/// Why a configuration cannot go live, if it cannot.
pub fn go_live_blocker(config: &AgentConfig) -> Option<String> {
    if config.handoffs.iter().any(|h| h.enabled) {
        None
    } else {
        Some("configure at least one handoff before going live: this configuration has no enabled handoff".into())
    }
}

/// Parses and validates a configuration file.
pub fn parse(yaml: &str) -> Result<Validated, ConfigError> {
    let file: AgentFile = serde_saphyr::from_str(yaml).map_err(|err| ConfigError {
        problems: vec![syntax_problem(&err)],
    })?;
    Checker::default().check(file, yaml)
}

fn syntax_problem(err: &serde_saphyr::Error) -> Problem {
    let line = err.location().map_or(0, |location| location.line());
    let text = err.without_snippet().to_string();
    // "error: line 12 column 5: unknown field ..." → "unknown field ..."
    let message = text
        .trim_start_matches("error: ")
        .split_once(": ")
        .filter(|(prefix, _)| prefix.starts_with("line "))
        .map_or(text.as_str(), |(_, rest)| rest)
        .lines()
        .next()
        .unwrap_or_default()
        .to_owned();
    Problem { line, message }
}

fn line<T>(spanned: &Spanned<T>) -> u64 {
    spanned.referenced.line()
}

#[derive(Default)]
struct Checker {
    problems: Vec<Problem>,
    warnings: Vec<String>,
}

impl Checker {
    fn problem(&mut self, line: u64, message: impl Into<String>) {
        self.problems.push(Problem {
            line,
            message: message.into(),
        });
    }

    fn check(mut self, file: AgentFile, source: &str) -> Result<Validated, ConfigError> {
        if let Err(invalid) = ids::check("tenant_id", &file.tenant_id.value) {
            self.problem(line(&file.tenant_id), invalid.to_string());
        }
        if let Err(invalid) = ids::check("agent_id", &file.agent_id.value) {
            self.problem(line(&file.agent_id), invalid.to_string());
        }
        for entry in &file.knowledge {
            if let Err(refused) = crate::knowledge::check_path(&entry.value) {
                self.problem(line(entry), refused);
            }
        }
        let handoffs_line = line(&file.handoffs);
        let entries = file.handoffs.value;
        self.check_ids(&entries);
        self.check_fallbacks(&entries);

        let mut handoffs = Vec::with_capacity(entries.len());
        let mut triggers = Vec::with_capacity(entries.len());
        for entry in &entries {
            let (handoff, report) = self.convert(entry, file.judge);
            handoffs.push(handoff);
            triggers.push(report);
        }
        if !self.problems.is_empty() {
            self.problems.sort_by_key(|p| p.line);
            return Err(ConfigError {
                problems: self.problems,
            });
        }
        let config = AgentConfig {
            tenant_id: file.tenant_id.value,
            agent_id: file.agent_id.value,
            handoffs,
            knowledge: file
                .knowledge
                .into_iter()
                .map(|entry| entry.value)
                .collect(),
            live: false,
            source_yaml: source.to_owned(),
            updated_at: None,
            // The admin API records who stores it.
            updated_by: String::new(),
        };
        if let Some(blocker) = go_live_blocker(&config) {
            self.warnings
                .push(format!("line {handoffs_line}: {blocker}"));
        }
        Ok(Validated {
            config,
            triggers,
            warnings: self.warnings,
        })
    }

    fn check_ids(&mut self, entries: &[Spanned<HandoffFile>]) {
        let mut seen: HashMap<&str, u64> = HashMap::new();
        for entry in entries {
            let id = &entry.value.id;
            if !is_handoff_id(&id.value) {
                self.problem(
                    line(id),
                    format!(
                        "handoff id {:?} must be 1 to 64 of a-z, 0-9 and -, starting with a letter or digit",
                        id.value
                    ),
                );
            }
            if let Some(first) = seen.insert(&id.value, line(id)) {
                self.problem(
                    line(id),
                    format!("handoff id {:?} is already used at line {first}", id.value),
                );
            }
        }
    }

    fn check_fallbacks(&mut self, entries: &[Spanned<HandoffFile>]) {
        let by_id: HashMap<&str, &HandoffFile> = entries
            .iter()
            .map(|entry| (entry.value.id.value.as_str(), &entry.value))
            .collect();
        for entry in entries {
            let handoff = &entry.value;
            for target in &handoff.fallback {
                match by_id.get(target.value.as_str()) {
                    None => self.problem(
                        line(target),
                        format!("fallback {:?} is not a handoff of this agent", target.value),
                    ),
                    Some(_) if target.value == handoff.id.value => self.problem(
                        line(target),
                        format!("handoff {:?} cannot fall back to itself", target.value),
                    ),
                    Some(other) if !other.enabled => self.problem(
                        line(target),
                        format!(
                            "fallback {:?} is disabled, so it could never carry the handoff",
                            target.value
                        ),
                    ),
                    Some(_) => {}
                }
            }
        }
        // A cycle (a → b → a) would make "try the next path" never end.
        for entry in entries {
            let start = entry.value.id.value.as_str();
            if let Some(cycle) = find_cycle(start, &by_id) {
                let at = entry.value.fallback.first().map_or(line(entry), line);
                self.problem(at, format!("fallbacks form a cycle: {}", cycle.join(" → ")));
                return;
            }
        }
    }

    /// One handoff in its stored form; `judge` is the agent's, for a handoff naming none.
    fn convert(
        &mut self,
        entry: &Spanned<HandoffFile>,
        judge: Option<Judge>,
    ) -> (Handoff, TriggerReport) {
        let file = &entry.value;
        let id = file.id.value.clone();
        let kind = file.kind.value;
        let settings = self.settings(file);
        if let Some(copilot) = &file.copilot
            && copilot.value
            && kind == Kind::Email
        {
            self.problem(
                line(copilot),
                "copilot drafts replies for human agents in Intercom or Zendesk; an email handoff has nobody to draft for",
            );
        }
        let business_hours = file.business_hours.as_ref().map(|h| self.business_hours(h));
        let judge = file.judge.or(judge).unwrap_or(Judge::Rules);
        let report = self.trigger(&id, &file.trigger, judge, file.examples.as_ref());
        let handoff = Handoff {
            id,
            r#type: handoff_type(kind) as i32,
            priority: file.priority,
            enabled: file.enabled,
            trigger: file.trigger.value.trim().to_owned(),
            fallback: file.fallback.iter().map(|f| f.value.clone()).collect(),
            copilot: file.copilot.as_ref().is_some_and(|c| c.value),
            business_hours,
            redact: file.redact.iter().map(|r| redaction(*r) as i32).collect(),
            messages: file
                .messages
                .iter()
                .map(|(key, text)| (key.name().to_owned(), localized(text)))
                .collect(),
            judge: trigger_judge(judge) as i32,
            settings,
        };
        (handoff, report)
    }

    fn trigger(
        &mut self,
        handoff_id: &str,
        trigger: &Spanned<String>,
        judge: Judge,
        examples: Option<&ExamplesFile>,
    ) -> TriggerReport {
        if trigger.value.trim().is_empty() {
            self.problem(line(trigger), "the trigger instruction is empty");
        }
        let compiled = baton_triggers::compile(&trigger.value);
        let mut warnings = compiled.notes.clone();
        if !trigger.value.trim().is_empty() {
            for problem in &compiled.problems {
                match judge {
                    // The model reads what the rules cannot; the rules still pre-filter
                    // and stand in when the model fails.
                    Judge::Llm => warnings.push(format!(
                        "the rules cannot represent this, so only the language model decides it: {problem}"
                    )),
                    // A clause Baton cannot represent would be silently dropped or
                    // misread: that is a broken configuration, not a warning to scroll past.
                    Judge::Rules => self.problem(
                        line(trigger),
                        format!("the trigger cannot be represented: {problem}"),
                    ),
                }
            }
        }
        if let Some(examples) = examples {
            self.examples(&compiled, examples);
        }
        TriggerReport {
            handoff_id: handoff_id.to_owned(),
            understood: compiled.understood(),
            warnings,
        }
    }

    /// Runs the operator's examples: each as the customer's first message, the trigger
    /// must fire on those under `fires` and not on those under `holds`.
    fn examples(&mut self, compiled: &baton_triggers::Compiled, examples: &ExamplesFile) {
        let fires = |text: &str| {
            let turn = Turn::said(Role::User, text);
            compiled
                .trigger
                .evaluate(&[turn], &baton_triggers::Attributes::new())
        };
        for example in &examples.fires {
            if fires(&example.value).is_none() {
                self.problem(
                    line(example),
                    format!(
                        "the trigger does not fire on its own example \"{}\" (it fires when {})",
                        example.value.trim(),
                        compiled.summary
                    ),
                );
            }
        }
        for example in &examples.holds {
            if let Some(firing) = fires(&example.value) {
                let why: Vec<String> = firing
                    .evidence
                    .iter()
                    .map(|e| format!("{}: \"{}\"", e.condition, e.quote))
                    .collect();
                self.problem(
                    line(example),
                    format!(
                        "the trigger fires on \"{}\", which its examples say it must not ({})",
                        example.value.trim(),
                        why.join(", ")
                    ),
                );
            }
        }
    }

    /// Type-specific settings: only the block matching the type may be present.
    fn settings(&mut self, file: &HandoffFile) -> Option<handoff::Settings> {
        let kind = file.kind.value;
        let blocks = [
            (Kind::Intercom, file.intercom.as_ref().map(line)),
            (
                Kind::ZendeskSunshine,
                file.zendesk_sunshine.as_ref().map(line),
            ),
            (Kind::ZendeskTicket, file.zendesk_ticket.as_ref().map(line)),
            (Kind::Email, file.email.as_ref().map(line)),
        ];
        for (block, at) in blocks {
            if let Some(at) = at
                && block != kind
            {
                self.problem(
                    at,
                    format!(
                        "`{}` settings on a handoff of type {}: remove them or change the type",
                        block.name(),
                        kind.name()
                    ),
                );
            }
        }
        let id = &file.id.value;
        match kind {
            Kind::Intercom => {
                let settings = file.intercom.as_ref().map(|s| &s.value);
                if settings.and_then(|s| s.team_id.as_ref()).is_none() {
                    self.warnings.push(format!(
                        "line {}: intercom handoff {id:?} has no `intercom.team_id`: conversations will reach Intercom unassigned",
                        line(&file.kind)
                    ));
                }
                Some(handoff::Settings::Intercom(IntercomSettings {
                    team_id: settings.and_then(|s| s.team_id.clone()).unwrap_or_default(),
                    admin_id: settings
                        .and_then(|s| s.admin_id.clone())
                        .unwrap_or_default(),
                    tags: settings.map(|s| s.tags.clone()).unwrap_or_default(),
                }))
            }
            Kind::ZendeskSunshine => {
                let settings = file.zendesk_sunshine.as_ref().map(|s| &s.value);
                Some(handoff::Settings::ZendeskSunshine(SunshineSettings {
                    app_id: settings.and_then(|s| s.app_id.clone()).unwrap_or_default(),
                    switchboard_integration: settings
                        .and_then(|s| s.switchboard_integration.clone())
                        .unwrap_or_default(),
                }))
            }
            Kind::ZendeskTicket => {
                let settings = file.zendesk_ticket.as_ref().map(|s| &s.value);
                Some(handoff::Settings::ZendeskTicket(TicketSettings {
                    group_id: settings
                        .and_then(|s| s.group_id.clone())
                        .unwrap_or_default(),
                    priority: settings
                        .and_then(|s| s.priority)
                        .map(|p| p.name().to_owned())
                        .unwrap_or_default(),
                    tags: settings.map(|s| s.tags.clone()).unwrap_or_default(),
                }))
            }
            Kind::Email => Some(handoff::Settings::Email(self.email(file))),
        }
    }

    fn email(&mut self, file: &HandoffFile) -> EmailSettings {
        let id = &file.id.value;
        let settings = file.email.as_ref().map(|s| &s.value);
        let recipients = settings.and_then(|s| s.recipients).unwrap_or_else(|| {
            self.warnings.push(format!(
                "line {}: email handoff {id:?} has no `email.recipients`: the summary goes to the customer only",
                line(&file.kind)
            ));
            Recipients::User
        });
        let team_address = settings.and_then(|s| s.team_address.as_ref());
        if let Some(address) = team_address
            && !looks_like_address(&address.value)
        {
            self.problem(
                line(address),
                format!("{:?} is not an email address", address.value),
            );
        }
        if recipients != Recipients::User && team_address.is_none() {
            let at = file.email.as_ref().map_or(line(&file.kind), line);
            self.problem(
                at,
                format!("email handoff {id:?} sends to the team, so it needs `email.team_address`"),
            );
        }
        let from = settings.and_then(|s| s.from.as_ref());
        if let Some(from) = from
            && !looks_like_address(&from.value)
        {
            self.problem(
                line(from),
                format!("{:?} is not an email address", from.value),
            );
        }
        EmailSettings {
            recipients: match recipients {
                Recipients::User => EmailRecipients::User,
                Recipients::Team => EmailRecipients::Team,
                Recipients::Both => EmailRecipients::Both,
            } as i32,
            team_address: team_address.map(|a| a.value.clone()).unwrap_or_default(),
            from: from.map(|f| f.value.clone()).unwrap_or_default(),
        }
    }

    fn business_hours(&mut self, hours_file: &Spanned<model::BusinessHoursFile>) -> BusinessHours {
        let file = &hours_file.value;
        if let Err(message) = hours::check_timezone(&file.timezone.value) {
            self.problem(line(&file.timezone), message);
        }
        let mut weekly = Vec::new();
        for (day, ranges) in &file.weekly {
            if let Err(message) = hours::check_day(&day.value) {
                self.problem(line(day), message);
                continue;
            }
            match hours::parse_ranges(&ranges.value) {
                Ok(ranges) => weekly.extend(ranges.into_iter().map(|(open, close)| DayHours {
                    day: day.value.clone(),
                    open_minute: open,
                    close_minute: close,
                })),
                Err(message) => self.problem(line(ranges), message),
            }
        }
        for holiday in &file.holidays {
            if let Err(message) = hours::check_date(&holiday.value) {
                self.problem(line(holiday), message);
            }
        }
        weekly.sort_by_key(|day| (hours::day_index(&day.day), day.open_minute));
        if file.weekly.is_empty() {
            self.problem(
                line(hours_file),
                "business hours without any open day: the handoff would never be available",
            );
        }
        BusinessHours {
            timezone: file.timezone.value.clone(),
            weekly,
            holidays: file.holidays.iter().map(|h| h.value.clone()).collect(),
        }
    }
}

fn is_handoff_id(id: &str) -> bool {
    (1..=64).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !id.starts_with('-')
}

/// Good enough to catch typos: `name@domain.tld`, optionally as `Name <name@domain.tld>`.
fn looks_like_address(text: &str) -> bool {
    let address = match (text.find('<'), text.rfind('>')) {
        (Some(open), Some(close)) if open < close && close == text.len() - 1 => {
            &text[open + 1..close]
        }
        _ => text,
    };
    match address.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !address.chars().any(|c| c.is_whitespace() || c == ',')
                && !domain.contains('@')
        }
        None => false,
    }
}

/// A fallback cycle through `start`, as the ids along it, if there is one.
fn find_cycle<'a>(
    start: &'a str,
    by_id: &HashMap<&'a str, &'a HandoffFile>,
) -> Option<Vec<&'a str>> {
    fn walk<'a>(
        at: &'a str,
        start: &'a str,
        by_id: &HashMap<&'a str, &'a HandoffFile>,
        path: &mut Vec<&'a str>,
    ) -> bool {
        let Some(handoff) = by_id.get(at) else {
            return false;
        };
        for next in &handoff.fallback {
            let next = next.value.as_str();
            if next == start && path.len() > 1 {
                path.push(next);
                return true;
            }
            if next == at || path.contains(&next) {
                continue;
            }
            path.push(next);
            if walk(next, start, by_id, path) {
                return true;
            }
            path.pop();
        }
        false
    }
    let mut path = vec![start];
    walk(start, start, by_id, &mut path).then_some(path)
}

fn handoff_type(kind: Kind) -> HandoffType {
    match kind {
        Kind::Intercom => HandoffType::Intercom,
        Kind::ZendeskSunshine => HandoffType::ZendeskSunshine,
        Kind::ZendeskTicket => HandoffType::ZendeskTicket,
        Kind::Email => HandoffType::Email,
    }
}

fn trigger_judge(judge: Judge) -> TriggerJudge {
    match judge {
        Judge::Rules => TriggerJudge::Rules,
        Judge::Llm => TriggerJudge::Llm,
    }
}

fn redaction(kind: RedactKind) -> Redaction {
    match kind {
        RedactKind::Cards => Redaction::Cards,
        RedactKind::Ids => Redaction::Ids,
        RedactKind::Emails => Redaction::Emails,
        RedactKind::Phones => Redaction::Phones,
    }
}

fn localized(text: &LocalizedFile) -> LocalizedText {
    match text {
        LocalizedFile::One(text) => LocalizedText {
            by_locale: Default::default(),
            default_text: text.clone(),
        },
        LocalizedFile::PerLocale(texts) => LocalizedText {
            default_text: texts.get("en").cloned().unwrap_or_default(),
            by_locale: texts.clone().into_iter().collect(),
        },
    }
}

#[cfg(test)]
mod tests;
