//! Dates and date-times as the news reports them.

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, SecondsFormat, Timelike};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::clip;

/// A calendar date (`2025-11-20`) or an RFC 3339 date-time with its offset
/// (`2025-11-20T09:30:00+01:00`).
///
/// Articles mostly give days; transcripts and posts give instants. Both keep
/// what was written: a date-time keeps its offset, so the same value always
/// serialises to the same text. Comparisons between a date and a date-time use
/// the date-time's local calendar day ([`When::date`]).
///
/// What is accepted, and how it is written back:
/// - years `0000` to `9999`, always four digits;
/// - `T`, `t` or a space between date and time, `Z` or `z` for UTC; written
///   as `T` and `Z` (`-00:00` is read as UTC and written `Z`);
/// - offsets `±HH:MM` up to `±23:59`, kept as given;
/// - fractional seconds of 1 to 9 digits, written with 3, 6 or 9 digits
///   (`.5` becomes `.500`); more than 9 digits would lose precision and are
///   refused;
/// - a leap second (`:60`) only where one can occur: 23:59:60 UTC on 30 June
///   or 31 December (in the local time of the offset given);
/// - a month (`2025-11`) when the report gives no day, and an approximate day
///   (`2025-11-21~`, "around 21 November"), in the notation of the Extended
///   Date/Time Format (ISO 8601-2, level 1). Neither invents exactness: each
///   keeps its [`Precision`], and is written back as it was read.
///
/// A month counts as its first day where a day is needed ([`When::date`]):
/// a statement known only to fall in November is taken to hold from
/// 1 November, and `as of` a day in November includes it. Where the question
/// is whether one value may come after another, a month is the range of its
/// days, from [`When::date`] to [`When::last_date`]: a deadline in November
/// can fall after 20 November.
#[derive(Clone, Copy, Debug)]
pub enum When {
    /// A calendar day.
    Date(NaiveDate),
    /// An instant with the UTC offset it was reported in.
    DateTime(DateTime<FixedOffset>),
    /// A month, with no day given (held as its first day).
    Month(NaiveDate),
    /// A day given as approximate ("around 21 November").
    About(NaiveDate),
}

/// How exactly a [`When`] is known.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Precision {
    /// An instant.
    Instant,
    /// A day.
    Day,
    /// A day, approximately.
    ApproximateDay,
    /// A month.
    Month,
}

/// Why a string is not a [`When`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "invalid date {:?}: expected YYYY-MM-DD or an RFC 3339 date-time such as 2025-11-20T09:30:00Z, or a month YYYY-MM or an approximate day YYYY-MM-DD~ ({})",
    clip(.input),
    clip(.reason)
)]
pub struct WhenError {
    /// The text that was refused.
    pub input: String,
    /// What was wrong with it.
    pub reason: String,
}

impl When {
    /// The calendar day: the date itself, or a date-time's local date.
    pub fn date(&self) -> NaiveDate {
        match self {
            When::Date(d) | When::Month(d) | When::About(d) => *d,
            When::DateTime(t) => t.date_naive(),
        }
    }

    /// The last calendar day the value may fall on: a month's last day;
    /// otherwise the same day as [`When::date`].
    ///
    /// ```
    /// use claimgraph_core::When;
    /// let month: When = "2024-02".parse()?;
    /// assert_eq!(month.last_date().to_string(), "2024-02-29");
    /// let day: When = "2025-11-20T23:30:00-05:00".parse()?;
    /// assert_eq!(day.last_date(), day.date());
    /// # Ok::<(), claimgraph_core::WhenError>(())
    /// ```
    pub fn last_date(&self) -> NaiveDate {
        match self {
            When::Month(d) => d
                .with_day(1)
                .and_then(|first| first.checked_add_months(chrono::Months::new(1)))
                .and_then(|next| next.pred_opt())
                .unwrap_or(NaiveDate::MAX),
            _ => self.date(),
        }
    }

    /// How exactly the value is known.
    pub fn precision(&self) -> Precision {
        match self {
            When::Date(_) => Precision::Day,
            When::DateTime(_) => Precision::Instant,
            When::Month(_) => Precision::Month,
            When::About(_) => Precision::ApproximateDay,
        }
    }

    /// Parses `YYYY-MM-DD`, an RFC 3339 date-time, a month `YYYY-MM` or an
    /// approximate day `YYYY-MM-DD~`.
    ///
    /// ```
    /// use claimgraph_core::{Precision, When};
    /// let day: When = "2025-11-20".parse()?;
    /// assert_eq!(day.to_string(), "2025-11-20");
    /// assert!("2025-02-30".parse::<When>().is_err()); // no such day
    /// let around: When = "2025-11-21~".parse()?;
    /// assert_eq!(around.precision(), Precision::ApproximateDay);
    /// assert_eq!(around.to_string(), "2025-11-21~");
    /// let month: When = "2025-11".parse()?;
    /// assert_eq!(month.date().to_string(), "2025-11-01");
    /// # Ok::<(), claimgraph_core::WhenError>(())
    /// ```
    pub fn parse(s: &str) -> Result<When, WhenError> {
        let err = |reason: String| WhenError {
            input: s.to_owned(),
            reason,
        };
        if s.len() == 7 && s.as_bytes()[4] == b'-' {
            let b = s.as_bytes();
            if !b
                .iter()
                .enumerate()
                .all(|(i, c)| i == 4 || c.is_ascii_digit())
            {
                return Err(err("not of the form YYYY-MM".into()));
            }
            return NaiveDate::parse_from_str(&format!("{s}-01"), "%Y-%m-%d")
                .map(When::Month)
                .map_err(|e| err(format!("{e}")));
        }
        if let Some(day) = s.strip_suffix('~')
            && day.len() == 10
        {
            return match When::parse(day)? {
                When::Date(d) => Ok(When::About(d)),
                _ => Err(err("only a day YYYY-MM-DD can be approximate".into())),
            };
        }
        if s.len() == 10 {
            // Exactly YYYY-MM-DD; chrono would also take "2025-1-5".
            let b = s.as_bytes();
            let shape_ok = b.iter().enumerate().all(|(i, c)| {
                if i == 4 || i == 7 {
                    *c == b'-'
                } else {
                    c.is_ascii_digit()
                }
            });
            if !shape_ok {
                return Err(err("not of the form YYYY-MM-DD".into()));
            }
            let num = |r: std::ops::Range<usize>| {
                b[r].iter().fold(0u32, |n, c| n * 10 + u32::from(c - b'0'))
            };
            let (y, m, d) = (num(0..4), num(5..7), num(8..10));
            // The digits are checked: build the date directly, and leave the
            // wording of a day that does not exist to chrono's parser.
            if let Some(date) = i32::try_from(y)
                .ok()
                .and_then(|y| NaiveDate::from_ymd_opt(y, m, d))
            {
                return Ok(When::Date(date));
            }
            return NaiveDate::parse_from_str(s, "%Y-%m-%d")
                .map(When::Date)
                .map_err(|e| err(format!("{e}")));
        }
        let t = DateTime::parse_from_rfc3339(s).map_err(|e| err(format!("{e}")))?;
        // A valid date-time has its seconds at bytes 17..19; a '.' after them
        // starts the fraction.
        let fraction = s
            .get(20..)
            .filter(|_| s.as_bytes().get(19) == Some(&b'.'))
            .map_or(0, |f| f.bytes().take_while(u8::is_ascii_digit).count());
        if fraction > 9 {
            return Err(err(format!(
                "{fraction} fractional digits; at most 9 (nanoseconds) are kept"
            )));
        }
        let when = When::DateTime(t);
        match when.unwritable() {
            Some(reason) => Err(err(reason.to_owned())),
            None => Ok(when),
        }
    }

    /// Why this value could not be written and read back, if it could not: a
    /// year outside 0000..=9999, or a leap second where none can occur.
    /// Values parsed from text are always writable; values built in code
    /// may not be, and [`Dataset::validate`](crate::Dataset::validate)
    /// reports them.
    pub(crate) fn unwritable(&self) -> Option<&'static str> {
        const YEAR: &str = "the year must be between 0000 and 9999";
        match self {
            When::Date(d) | When::Month(d) | When::About(d) => {
                (!(0..=9999).contains(&d.year())).then_some(YEAR)
            }
            When::DateTime(t) => {
                if !(0..=9999).contains(&t.year()) {
                    return Some(YEAR);
                }
                let utc = t.naive_utc();
                let leap = utc.nanosecond() >= 1_000_000_000;
                let end_of_half = matches!((utc.month(), utc.day()), (6, 30) | (12, 31));
                (leap && !(utc.hour() == 23 && utc.minute() == 59 && end_of_half)).then_some(
                    "a leap second (:60) can only be 23:59:60 UTC on 30 June or 31 December",
                )
            }
        }
    }

    /// Orders two values by calendar day only.
    pub fn cmp_date(&self, other: &When) -> Ordering {
        self.date().cmp(&other.date())
    }
}

impl PartialEq for When {
    /// Equal when written the same: a date-time must match both instant and offset.
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (When::Date(a), When::Date(b)) => a == b,
            (When::DateTime(a), When::DateTime(b)) => a == b && a.offset() == b.offset(),
            (When::Month(a), When::Month(b)) | (When::About(a), When::About(b)) => a == b,
            _ => false,
        }
    }
}

impl Eq for When {}

impl From<NaiveDate> for When {
    fn from(d: NaiveDate) -> When {
        When::Date(d)
    }
}

impl From<DateTime<FixedOffset>> for When {
    fn from(t: DateTime<FixedOffset>) -> When {
        When::DateTime(t)
    }
}

impl FromStr for When {
    type Err = WhenError;
    fn from_str(s: &str) -> Result<When, WhenError> {
        When::parse(s)
    }
}

impl fmt::Display for When {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            When::Date(d) => write!(f, "{}", d.format("%Y-%m-%d")),
            When::DateTime(t) => f.write_str(&t.to_rfc3339_opts(SecondsFormat::AutoSi, true)),
            When::Month(d) => write!(f, "{}", d.format("%Y-%m")),
            When::About(d) => write!(f, "{}~", d.format("%Y-%m-%d")),
        }
    }
}

impl Serialize for When {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for When {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = When;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a date YYYY-MM-DD, a month YYYY-MM, an approximate day YYYY-MM-DD~ or an RFC 3339 date-time")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<When, E> {
                When::parse(v).map_err(E::custom)
            }
        }
        deserializer.deserialize_str(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_that_do_not_exist_are_refused() {
        for bad in [
            "2025-02-29",
            "2025-13-01",
            "2025-11-31",
            "2025-1-05",
            "20251120",
            "",
        ] {
            assert!(When::parse(bad).is_err(), "{bad} accepted");
        }
        assert!(When::parse("2024-02-29").is_ok());
    }

    #[test]
    fn date_times_keep_their_offset() {
        let a = When::parse("2025-11-20T10:00:00+01:00").unwrap();
        let b = When::parse("2025-11-20T09:00:00Z").unwrap();
        assert_ne!(a, b, "same instant, different text");
        assert_eq!(a.to_string(), "2025-11-20T10:00:00+01:00");
        assert_eq!(b.to_string(), "2025-11-20T09:00:00Z");
        assert_eq!(
            a.cmp_date(&When::parse("2025-11-20").unwrap()),
            Ordering::Equal
        );
    }

    #[test]
    fn date_time_spellings_are_normalised() {
        for (input, written) in [
            ("2025-11-20t10:00:00z", "2025-11-20T10:00:00Z"),
            ("2025-11-20 10:00:00Z", "2025-11-20T10:00:00Z"),
            ("2025-11-20T10:00:00-00:00", "2025-11-20T10:00:00Z"),
            (
                "2025-11-20T10:00:00.5+05:30",
                "2025-11-20T10:00:00.500+05:30",
            ),
            ("2025-11-20T10:00:00.1234Z", "2025-11-20T10:00:00.123400Z"),
            (
                "2025-11-20T10:00:00.000000001Z",
                "2025-11-20T10:00:00.000000001Z",
            ),
            ("0000-01-01T00:00:00+05:00", "0000-01-01T00:00:00+05:00"),
            ("9999-12-31T23:59:59-23:59", "9999-12-31T23:59:59-23:59"),
            ("0999-03-04", "0999-03-04"),
        ] {
            let w = When::parse(input).unwrap();
            assert_eq!(w.to_string(), written, "{input}");
            assert_eq!(When::parse(written), Ok(w), "{input}");
        }
    }

    #[test]
    fn leap_seconds_only_where_they_occur() {
        for ok in [
            "2016-12-31T23:59:60Z",
            "2015-06-30T23:59:60.250Z",
            "2017-01-01T00:59:60+01:00",
        ] {
            let w = When::parse(ok).unwrap();
            assert_eq!(w.to_string(), ok);
        }
        for bad in [
            "2025-11-20T12:34:60Z",
            "2016-12-31T23:59:60+01:00",
            "2016-12-30T23:59:60Z",
        ] {
            let err = When::parse(bad).unwrap_err();
            assert!(err.reason.contains("leap second"), "{bad}: {err}");
        }
    }

    #[test]
    fn what_cannot_be_kept_is_refused() {
        for bad in [
            "2025-11-20T10:00:00.1234567891Z",
            "2025-11-20T10:00:00+0100",
            "2025-11-20T10:00:00+24:00",
            "2025-11-20T10:00Z",
            "+2025-11-20T10:00:00Z",
            "12025-11-20",
            "2025-11-20T10:00:00",
        ] {
            assert!(When::parse(bad).is_err(), "{bad} accepted");
        }
        let err = When::parse("2025-11-20T10:00:00.1234567891Z").unwrap_err();
        assert!(err.reason.contains("10 fractional digits"), "{err}");
    }

    #[test]
    fn values_built_in_code_may_be_unwritable() {
        let far = NaiveDate::from_ymd_opt(10_000, 1, 1).unwrap();
        assert!(When::Date(far).unwritable().is_some());
        let bc = NaiveDate::from_ymd_opt(-1, 1, 1).unwrap();
        assert!(When::Date(bc).unwritable().is_some());
        assert!(When::parse("2025-11-20").unwrap().unwritable().is_none());
    }

    #[test]
    fn months_and_approximate_days_keep_their_precision() {
        for (input, precision) in [
            ("2025-11", Precision::Month),
            ("2025-11-21~", Precision::ApproximateDay),
            ("2025-11-21", Precision::Day),
            ("2025-11-21T10:00:00Z", Precision::Instant),
        ] {
            let w = When::parse(input).unwrap();
            assert_eq!(w.precision(), precision, "{input}");
            assert_eq!(w.to_string(), input);
            assert_eq!(serde_json::to_string(&w).unwrap(), format!("{input:?}"));
        }
        assert_ne!(
            When::parse("2025-11").unwrap(),
            When::parse("2025-11-01").unwrap()
        );
        assert_ne!(
            When::parse("2025-11-21~").unwrap(),
            When::parse("2025-11-21").unwrap()
        );
        for bad in [
            "2025-13",
            "2025-1",
            "2025-02-30~",
            "2025-11~",
            "~2025-11-21",
            "2025-11-21T10:00:00Z~",
        ] {
            assert!(When::parse(bad).is_err(), "{bad} accepted");
        }
    }

    #[test]
    fn serde_error_names_the_expected_form() {
        let err = serde_json::from_str::<When>("\"2025-02-30\"").unwrap_err();
        assert!(err.to_string().contains("expected YYYY-MM-DD"), "{err}");
    }
}
