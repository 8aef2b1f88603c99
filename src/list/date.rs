//! List dates (`YYYY-MM-DD`) as day numbers, the form the bundle stores them in (format
//! version 2: `docs/list-format.md`). Days count from 1970-01-01 (day 0) to 9999-12-31;
//! the conversion is a bijection over that range, so one date has exactly one encoding.

/// Day number of 9999-12-31, the last date a bundle can hold.
pub const MAX_DAY: u32 = 2_932_896;

/// Days from 1970-01-01 to the proleptic Gregorian date (Howard Hinnant's
/// `days_from_civil`), for `y >= 1970`.
fn days_from_civil(y: u32, m: u32, d: u32) -> u32 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12; // March = 0
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The inverse of [`days_from_civil`].
fn civil_from_days(z: u32) -> (u32, u32, u32) {
    let z = z + 719_468;
    let era = z / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + u32::from(m <= 2);
    (y, m, d)
}

fn days_in_month(y: u32, m: u32) -> u32 {
    match m {
        4 | 6 | 9 | 11 => 30,
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

/// The day number of a `YYYY-MM-DD` date from 1970-01-01 to 9999-12-31; None for any
/// other text (other shapes, impossible dates such as 2025-02-30).
pub fn day_number(s: &str) -> Option<u32> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        let part = &b[r];
        if !part.iter().all(u8::is_ascii_digit) {
            return None;
        }
        std::str::from_utf8(part).ok()?.parse().ok()
    };
    let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    if y < 1970 || !(1..=12).contains(&m) || d == 0 || d > days_in_month(y, m) {
        return None;
    }
    Some(days_from_civil(y, m, d))
}

/// `YYYY-MM-DD` of a day number (at most [`MAX_DAY`]).
pub fn day_string(n: u32) -> String {
    let (y, m, d) = civil_from_days(n.min(MAX_DAY));
    format!("{y:04}-{m:02}-{d:02}")
}

/// The last second a bundle timestamp can hold: 9999-12-31T23:59:59Z.
pub const MAX_TIMESTAMP: u64 = (MAX_DAY as u64 + 1) * 86_400 - 1;

/// A bundle timestamp (unix seconds, UTC; at most [`MAX_TIMESTAMP`]) as RFC 3339,
/// `YYYY-MM-DDTHH:MM:SSZ`.
pub fn timestamp_string(secs: u64) -> String {
    let secs = secs.min(MAX_TIMESTAMP);
    let t = secs % 86_400;
    format!(
        "{}T{:02}:{:02}:{:02}Z",
        day_string((secs / 86_400) as u32),
        t / 3600,
        t / 60 % 60,
        t % 60
    )
}

/// A timestamp as a user or a script writes it: unix seconds (`1787270400`), RFC 3339 UTC
/// (`2026-08-21T06:00:00Z`) or a day (`2026-08-21`, its first second). None for anything
/// else or a time after [`MAX_TIMESTAMP`].
pub fn parse_timestamp(s: &str) -> Option<u64> {
    let s = s.trim();
    if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) {
        return s.parse().ok().filter(|&n| n <= MAX_TIMESTAMP);
    }
    let day = day_number(s.get(..10)?)? as u64 * 86_400;
    let rest = &s[10..];
    if rest.is_empty() {
        return Some(day);
    }
    let b = rest.as_bytes();
    if b.len() != 10 || b[0] != b'T' || b[3] != b':' || b[6] != b':' || b[9] != b'Z' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u64> {
        let p = rest.get(r)?;
        p.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| p.parse().ok())?
    };
    let (h, m, sec) = (num(1..3)?, num(4..6)?, num(7..9)?);
    (h < 24 && m < 60 && sec < 60).then_some(day + h * 3600 + m * 60 + sec)
}

/// Now, in unix seconds (0 if the clock is before 1970).
#[cfg(not(target_arch = "wasm32"))]
pub fn now_seconds() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_days() {
        assert_eq!(day_number("1970-01-01"), Some(0));
        assert_eq!(day_number("2025-03-21"), Some(20_168));
        assert_eq!(day_number("2026-08-20"), Some(20_685));
        assert_eq!(day_number("9999-12-31"), Some(MAX_DAY));
        assert_eq!(day_string(20_168), "2025-03-21");
        assert_eq!(day_string(0), "1970-01-01");
        assert_eq!(day_string(MAX_DAY), "9999-12-31");
    }

    #[test]
    fn refuses_what_is_not_a_date() {
        for s in [
            "",
            "2025-3-21",
            "2025/03/21",
            "03/21/2025",
            "2025-02-29",
            "2024-02-30",
            "2025-13-01",
            "2025-00-10",
            "2025-01-00",
            "1969-12-31",
            "+025-01-01",
            "2025-01-01T00:00:00Z",
            "２０２５-01-01",
        ] {
            assert_eq!(day_number(s), None, "{s:?}");
        }
        assert_eq!(day_number("2024-02-29"), Some(19_782));
    }

    #[test]
    fn timestamps() {
        assert_eq!(timestamp_string(0), "1970-01-01T00:00:00Z");
        assert_eq!(timestamp_string(MAX_TIMESTAMP), "9999-12-31T23:59:59Z");
        let t = 20_686 * 86_400 + 6 * 3600 + 5 * 60 + 9;
        assert_eq!(timestamp_string(t), "2026-08-21T06:05:09Z");
        for s in ["2026-08-21T06:05:09Z", &t.to_string()] {
            assert_eq!(parse_timestamp(s), Some(t), "{s}");
        }
        assert_eq!(parse_timestamp("2026-08-21"), Some(20_686 * 86_400));
        assert_eq!(parse_timestamp("9999-12-31T23:59:59Z"), Some(MAX_TIMESTAMP));
        for s in [
            "",
            "2026-08-21T06:05Z",
            "2026-08-21T24:00:00Z",
            "2026-08-21 06:05:09",
            "253402300800",
            "-1",
            "2026-08-21T06:05:09+02:00",
        ] {
            assert_eq!(parse_timestamp(s), None, "{s:?}");
        }
    }

    #[test]
    fn round_trips_every_day() {
        for n in (0..=MAX_DAY).step_by(7).chain([MAX_DAY]) {
            let s = day_string(n);
            assert_eq!(day_number(&s), Some(n), "{s}");
        }
    }
}
