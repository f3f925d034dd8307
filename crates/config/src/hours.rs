//! Business hours: when a live handoff is staffed. Written as a time zone, a weekly
//! schedule (`mon: "09:00-17:00"`, several ranges separated by commas) and holidays; stored
//! as `baton.v1.BusinessHours`; asked "is it open at this instant?" by the router.

use baton_proto::v1::{BusinessHours, DayHours};
use jiff::civil::{Date, Weekday};
use jiff::tz::TimeZone;

const DAYS: [(&str, Weekday); 7] = [
    ("mon", Weekday::Monday),
    ("tue", Weekday::Tuesday),
    ("wed", Weekday::Wednesday),
    ("thu", Weekday::Thursday),
    ("fri", Weekday::Friday),
    ("sat", Weekday::Saturday),
    ("sun", Weekday::Sunday),
];

/// Checks a time zone name against the IANA database.
pub fn check_timezone(name: &str) -> Result<(), String> {
    TimeZone::get(name).map(|_| ()).map_err(|_| {
        format!("unknown time zone {name:?} (use an IANA name such as \"Europe/Madrid\")")
    })
}

/// Checks a weekday key (`mon` … `sun`).
pub fn check_day(day: &str) -> Result<(), String> {
    if DAYS.iter().any(|(name, _)| *name == day) {
        Ok(())
    } else {
        Err(format!(
            "unknown day {day:?}: use mon, tue, wed, thu, fri, sat or sun"
        ))
    }
}

/// Position of a weekday key in the week (Monday first), for a stable order.
pub fn day_index(day: &str) -> usize {
    DAYS.iter()
        .position(|(name, _)| *name == day)
        .unwrap_or(DAYS.len())
}

/// Parses `"09:00-12:30, 13:30-17:00"` into (open, close) minutes after midnight.
pub fn parse_ranges(text: &str) -> Result<Vec<(u32, u32)>, String> {
    text.split(',')
        .map(str::trim)
        .map(|range| {
            let (open, close) = range
                .split_once('-')
                .ok_or_else(|| format!("{range:?} is not a range like \"09:00-17:00\""))?;
            let open = parse_minute(open.trim())?;
            let close = parse_minute(close.trim())?;
            if open >= close {
                return Err(format!("{range:?} closes before it opens"));
            }
            Ok((open, close))
        })
        .collect()
}

fn parse_minute(text: &str) -> Result<u32, String> {
    let invalid = || format!("{text:?} is not a time like \"09:30\" (00:00 to 24:00)");
    let (hours, minutes) = text.split_once(':').ok_or_else(invalid)?;
    let hours: u32 = hours.parse().map_err(|_| invalid())?;
    let minutes: u32 = minutes.parse().map_err(|_| invalid())?;
    if minutes >= 60 || hours > 24 || (hours == 24 && minutes > 0) {
        return Err(invalid());
    }
    Ok(hours * 60 + minutes)
}

/// Checks a holiday date (`YYYY-MM-DD`).
pub fn check_date(text: &str) -> Result<(), String> {
    text.parse::<Date>()
        .map(|_| ())
        .map_err(|_| format!("{text:?} is not a date like \"2026-12-25\""))
}

/// Whether `hours` are open at `at`. A schedule that cannot be read (it was validated when
/// stored, so only a newer writer could cause it) counts as open: a live handoff nobody
/// watches is better found by the dispatch timeout than a customer silently refused.
pub fn is_open(hours: &BusinessHours, at: jiff::Timestamp) -> bool {
    let Ok(zone) = TimeZone::get(&hours.timezone) else {
        return true;
    };
    let local = at.to_zoned(zone);
    let date = local.date();
    if hours
        .holidays
        .iter()
        .any(|holiday| holiday.parse::<Date>().is_ok_and(|d| d == date))
    {
        return false;
    }
    let weekday = date.weekday();
    let minute =
        u32::try_from(local.hour()).unwrap_or(0) * 60 + u32::try_from(local.minute()).unwrap_or(0);
    hours.weekly.iter().any(|day: &DayHours| {
        DAYS.iter()
            .any(|(name, wd)| *name == day.day && *wd == weekday)
            && (day.open_minute..day.close_minute).contains(&minute)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn office() -> BusinessHours {
        BusinessHours {
            timezone: "Europe/Madrid".into(),
            weekly: vec![
                DayHours {
                    day: "mon".into(),
                    open_minute: 9 * 60,
                    close_minute: 17 * 60,
                },
                DayHours {
                    day: "sat".into(),
                    open_minute: 10 * 60,
                    close_minute: 12 * 60,
                },
            ],
            holidays: vec!["2026-12-28".into()],
        }
    }

    fn at(text: &str) -> jiff::Timestamp {
        text.parse().expect("timestamp")
    }

    #[test]
    fn open_inside_the_local_schedule_only() {
        // Monday 2026-11-23: Madrid is UTC+1 in November.
        assert!(
            is_open(&office(), at("2026-11-23T08:30:00Z")),
            "09:30 local"
        );
        assert!(
            !is_open(&office(), at("2026-11-23T07:30:00Z")),
            "08:30 local"
        );
        assert!(
            !is_open(&office(), at("2026-11-23T16:00:00Z")),
            "17:00 local is closed"
        );
        assert!(
            !is_open(&office(), at("2026-11-24T10:00:00Z")),
            "Tuesday has no hours"
        );
        assert!(
            is_open(&office(), at("2026-11-28T09:30:00Z")),
            "Saturday 10:30 local"
        );
    }

    #[test]
    fn closed_on_holidays() {
        // Monday 2026-12-28 is a holiday.
        assert!(!is_open(&office(), at("2026-12-28T10:00:00Z")));
    }

    #[test]
    fn ranges_parse_and_reject_nonsense() {
        assert_eq!(
            parse_ranges("09:00-12:30, 13:30-24:00"),
            Ok(vec![(540, 750), (810, 1440)])
        );
        assert!(parse_ranges("17:00-09:00").is_err());
        assert!(parse_ranges("9-5").is_err());
        assert!(parse_ranges("09:00-25:00").is_err());
    }

    #[test]
    fn time_zones_and_days_are_checked() {
        assert!(check_timezone("America/Sao_Paulo").is_ok());
        assert!(check_timezone("Mars/Olympus").is_err());
        assert!(check_day("fri").is_ok());
        assert!(check_day("friday").is_err());
        assert!(check_date("2026-02-30").is_err());
    }
}
