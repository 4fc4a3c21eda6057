//! Seconds since the Unix epoch as ISO 8601 UTC date-times
//! (`2023-11-14T22:13:20Z`) for messages, with integer arithmetic only (no
//! float formatting, no calendar library): the proleptic Gregorian calendar
//! by Howard Hinnant's `civil_from_days`.

use alloc::format;
use alloc::string::String;

/// The first instant shown as a date: `0000-01-01T00:00:00Z`.
pub const MIN_SECONDS: i64 = -62_167_219_200;
/// The last instant shown as a date: `9999-12-31T23:59:59Z`.
pub const MAX_SECONDS: i64 = 253_402_300_799;

const SECONDS_PER_DAY: i64 = 86_400;
/// Days from 0000-03-01 to 1970-01-01.
const EPOCH_SHIFT: i64 = 719_468;
/// Days in a 400-year era of the Gregorian calendar.
const DAYS_PER_ERA: i64 = 146_097;

/// The civil date `(year, month 1..=12, day 1..=31)` of the day `days`
/// after 1970-01-01 (negative before it), or `None` when the day count is so
/// large that the arithmetic would overflow.
pub fn civil_from_days(days: i64) -> Option<(i64, u32, u32)> {
    // Counted from 0000-03-01, so that the leap day ends a year.
    let z = days.checked_add(EPOCH_SHIFT)?;
    let era = z.div_euclid(DAYS_PER_ERA);
    let doe = z.rem_euclid(DAYS_PER_ERA); // [0, 146096]
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365; // [0, 399]
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100); // [0, 365]
    let mp = (5 * doy + 2) / 153; // [0, 11], March first
    let day = doy - (153 * mp + 2) / 5 + 1; // [1, 31]
    let month = if mp < 10 { mp + 3 } else { mp - 9 }; // [1, 12]
    let year = era.checked_mul(400)?.checked_add(yoe)? + i64::from(month <= 2);
    Some((year, u32::try_from(month).ok()?, u32::try_from(day).ok()?))
}

/// `seconds` since the epoch as `YYYY-MM-DDTHH:MM:SSZ` (fractions rounded
/// down to the second), or `None` outside years 0000 to 9999 or when not
/// finite.
pub fn utc(seconds: f64) -> Option<String> {
    if !seconds.is_finite() {
        return None;
    }
    let whole = seconds.floor();
    // Compared as floats first, so the cast below never saturates.
    if whole < MIN_SECONDS as f64 || whole > MAX_SECONDS as f64 {
        return None;
    }
    let t = whole as i64;
    let (year, month, day) = civil_from_days(t.div_euclid(SECONDS_PER_DAY))?;
    let s = t.rem_euclid(SECONDS_PER_DAY);
    Some(format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        s / 3600,
        s / 60 % 60,
        s % 60
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_days() {
        assert_eq!(civil_from_days(0), Some((1970, 1, 1)));
        assert_eq!(civil_from_days(-1), Some((1969, 12, 31)));
        assert_eq!(civil_from_days(59), Some((1970, 3, 1)));
        assert_eq!(civil_from_days(10_956), Some((1999, 12, 31)));
        assert_eq!(civil_from_days(11_016), Some((2000, 2, 29)));
        assert_eq!(civil_from_days(11_017), Some((2000, 3, 1)));
        assert_eq!(civil_from_days(19_782), Some((2024, 2, 29)));
        assert_eq!(civil_from_days(47_540), Some((2100, 2, 28)));
        // 2100 is not a leap year: 28 February is followed by 1 March.
        assert_eq!(civil_from_days(47_541), Some((2100, 3, 1)));
        assert_eq!(civil_from_days(-719_528), Some((0, 1, 1)));
        assert_eq!(civil_from_days(2_932_896), Some((9999, 12, 31)));
    }

    #[test]
    fn days_round_trip_through_consecutive_dates() {
        // Every day from 1600 to 2500 follows the one before it.
        let mut prev = civil_from_days(-135_140).unwrap();
        assert_eq!(prev, (1600, 1, 1));
        for days in -135_139..194_000 {
            let next = civil_from_days(days).unwrap();
            let (y, m, d) = prev;
            let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
            let month_len = match m {
                2 if leap => 29,
                2 => 28,
                4 | 6 | 9 | 11 => 30,
                _ => 31,
            };
            let expected = if d < month_len {
                (y, m, d + 1)
            } else if m < 12 {
                (y, m + 1, 1)
            } else {
                (y + 1, 1, 1)
            };
            assert_eq!(next, expected, "day {days}");
            prev = next;
        }
    }

    #[test]
    fn instants() {
        assert_eq!(utc(0.0).as_deref(), Some("1970-01-01T00:00:00Z"));
        assert_eq!(
            utc(1_700_000_000.0).as_deref(),
            Some("2023-11-14T22:13:20Z")
        );
        assert_eq!(utc(951_782_400.0).as_deref(), Some("2000-02-29T00:00:00Z"));
        assert_eq!(
            utc(1_709_251_199.0).as_deref(),
            Some("2024-02-29T23:59:59Z")
        );
        assert_eq!(
            utc(4_107_542_400.0).as_deref(),
            Some("2100-03-01T00:00:00Z")
        );
        assert_eq!(utc(1.999).as_deref(), Some("1970-01-01T00:00:01Z"));
        assert_eq!(utc(-0.5).as_deref(), Some("1969-12-31T23:59:59Z"));
        assert_eq!(utc(-1.0).as_deref(), Some("1969-12-31T23:59:59Z"));
        assert_eq!(utc(-86_401.0).as_deref(), Some("1969-12-30T23:59:59Z"));
        assert_eq!(
            utc(MIN_SECONDS as f64).as_deref(),
            Some("0000-01-01T00:00:00Z")
        );
        assert_eq!(
            utc(MAX_SECONDS as f64 + 0.9).as_deref(),
            Some("9999-12-31T23:59:59Z")
        );
    }

    #[test]
    fn out_of_range_instants_are_none_without_panicking() {
        for v in [
            MAX_SECONDS as f64 + 1.0,
            MIN_SECONDS as f64 - 0.5,
            1.7e12, // milliseconds given for seconds
            1e300,
            -1e300,
            f64::MAX,
            f64::MIN,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
        ] {
            assert_eq!(utc(v), None, "{v}");
        }
        for days in [i64::MAX, i64::MAX - 719_468, i64::MIN, i64::MIN + 1] {
            // Either a date or None, never a panic.
            let _ = civil_from_days(days);
        }
        assert_eq!(civil_from_days(i64::MAX), None);
    }
}
