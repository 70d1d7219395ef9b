//! Dates and date-times as the news reports them.

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, FixedOffset, NaiveDate, SecondsFormat};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A calendar date (`2025-11-20`) or an RFC 3339 date-time with its offset
/// (`2025-11-20T09:30:00+01:00`).
///
/// Articles mostly give days; transcripts and posts give instants. Both keep
/// exactly what was written: a date-time keeps its offset, so the same value
/// always serialises to the same text. Comparisons between a date and a
/// date-time use the date-time's local calendar day ([`When::date`]).
#[derive(Clone, Copy, Debug)]
pub enum When {
    /// A calendar day.
    Date(NaiveDate),
    /// An instant with the UTC offset it was reported in.
    DateTime(DateTime<FixedOffset>),
}

/// Why a string is not a [`When`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "invalid date {input:?}: expected YYYY-MM-DD or an RFC 3339 date-time such as 2025-11-20T09:30:00Z ({reason})"
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
            When::Date(d) => *d,
            When::DateTime(t) => t.date_naive(),
        }
    }

    /// Parses `YYYY-MM-DD` or an RFC 3339 date-time.
    ///
    /// ```
    /// use claimgraph_core::When;
    /// let day: When = "2025-11-20".parse()?;
    /// assert_eq!(day.to_string(), "2025-11-20");
    /// assert!("2025-02-30".parse::<When>().is_err()); // no such day
    /// # Ok::<(), claimgraph_core::WhenError>(())
    /// ```
    pub fn parse(s: &str) -> Result<When, WhenError> {
        let err = |reason: String| WhenError {
            input: s.to_owned(),
            reason,
        };
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
            return NaiveDate::parse_from_str(s, "%Y-%m-%d")
                .map(When::Date)
                .map_err(|e| err(format!("{e}")));
        }
        DateTime::parse_from_rfc3339(s)
            .map(When::DateTime)
            .map_err(|e| err(format!("{e}")))
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
                f.write_str("a date YYYY-MM-DD or an RFC 3339 date-time")
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
    fn serde_error_names_the_expected_form() {
        let err = serde_json::from_str::<When>("\"2025-02-30\"").unwrap_err();
        assert!(err.to_string().contains("expected YYYY-MM-DD"), "{err}");
    }
}
