//! Which handoffs a record tries, in order: the one that fired, then its fallbacks (and
//! theirs), each once; and which of them is available now (business hours).

use baton_config::hours;
use baton_proto::v1::{AgentConfig, Handoff};

/// The handoffs to try for `first`, in order. Disabled handoffs never carry a handoff.
pub fn attempt_plan<'a>(config: &'a AgentConfig, first: &str) -> Vec<&'a Handoff> {
    fn visit<'a>(config: &'a AgentConfig, id: &str, plan: &mut Vec<&'a Handoff>) {
        let Some(handoff) = config.handoffs.iter().find(|h| h.id == id && h.enabled) else {
            return;
        };
        if plan.iter().any(|planned| planned.id == handoff.id) {
            return;
        }
        plan.push(handoff);
        for next in &handoff.fallback {
            visit(config, next, plan);
        }
    }
    let mut plan = Vec::new();
    visit(config, first, &mut plan);
    plan
}

/// Why `handoff` cannot take a conversation at `now`, if it cannot.
pub fn unavailable(handoff: &Handoff, now: jiff::Timestamp) -> Option<String> {
    let hours = handoff.business_hours.as_ref()?;
    (!hours::is_open(hours, now)).then(|| format!("outside business hours ({})", hours.timezone))
}

#[cfg(test)]
mod tests {
    use baton_proto::v1::{BusinessHours, DayHours};

    use super::*;

    fn handoff(id: &str, fallback: &[&str]) -> Handoff {
        Handoff {
            id: id.into(),
            enabled: true,
            fallback: fallback.iter().map(|f| (*f).to_owned()).collect(),
            ..Default::default()
        }
    }

    fn ids(plan: &[&Handoff]) -> Vec<String> {
        plan.iter().map(|h| h.id.clone()).collect()
    }

    #[test]
    fn fallbacks_follow_in_order_each_once() {
        let config = AgentConfig {
            handoffs: vec![
                handoff("live", &["ticket", "mail"]),
                handoff("ticket", &["mail"]),
                handoff("mail", &[]),
            ],
            ..Default::default()
        };
        assert_eq!(
            ids(&attempt_plan(&config, "live")),
            ["live", "ticket", "mail"]
        );
        assert_eq!(ids(&attempt_plan(&config, "ticket")), ["ticket", "mail"]);
    }

    #[test]
    fn disabled_handoffs_are_skipped() {
        let mut ticket = handoff("ticket", &[]);
        ticket.enabled = false;
        let config = AgentConfig {
            handoffs: vec![handoff("live", &["ticket"]), ticket],
            ..Default::default()
        };
        assert_eq!(ids(&attempt_plan(&config, "live")), ["live"]);
    }

    #[test]
    fn a_handoff_outside_its_hours_is_unavailable() {
        let mut live = handoff("live", &[]);
        live.business_hours = Some(BusinessHours {
            timezone: "UTC".into(),
            weekly: vec![DayHours {
                day: "mon".into(),
                open_minute: 9 * 60,
                close_minute: 17 * 60,
            }],
            holidays: vec![],
        });
        let monday_noon: jiff::Timestamp = "2026-11-23T12:00:00Z".parse().expect("time");
        let monday_night: jiff::Timestamp = "2026-11-23T22:00:00Z".parse().expect("time");
        assert_eq!(unavailable(&live, monday_noon), None);
        assert!(unavailable(&live, monday_night).is_some());
        assert_eq!(unavailable(&handoff("always", &[]), monday_night), None);
    }
}
