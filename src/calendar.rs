//! Calendar dates for departures and deadlines: parsing `YYYY-MM-DD`, the month a moment falls
//! in as cargo moves through the calendar, and hours between dates. Proleptic Gregorian, days of
//! 24 hours, no time zones: a date stands for its midnight, the same everywhere on the route.

use crate::network::Month;
use std::fmt;
use std::str::FromStr;

/// A calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: i32,
    /// 1 to 12.
    month: u8,
    /// 1 to the month's length.
    day: u8,
}

/// Why a date could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct DateError(String);

/// Whether `year` has a 29 February.
#[must_use]
pub fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// Days in `month` (1 to 12) of `year`.
#[must_use]
pub fn days_in_month(year: i32, month: u8) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl Date {
    /// The date, if it exists (years 1 to 9999).
    #[must_use]
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        ((1..=9999).contains(&year)
            && (1..=12).contains(&month)
            && day >= 1
            && u32::from(day) <= days_in_month(year, month))
        .then_some(Date { year, month, day })
    }

    /// The year.
    #[must_use]
    pub fn year(self) -> i32 {
        self.year
    }

    /// The month.
    #[must_use]
    pub fn month(self) -> Month {
        Month::new(usize::from(self.month - 1)).unwrap_or(Month::ALL[0])
    }

    /// Days since 1 January of its year (0 for 1 January).
    #[must_use]
    pub fn day_of_year(self) -> u32 {
        (1..self.month)
            .map(|m| days_in_month(self.year, m))
            .sum::<u32>()
            + u32::from(self.day)
            - 1
    }

    /// Days from 1 January of year 1 (a day count to subtract dates with).
    fn days_from_epoch(self) -> i64 {
        let y = i64::from(self.year) - 1;
        y * 365 + y / 4 - y / 100 + y / 400 + i64::from(self.day_of_year())
    }

    /// Hours from the midnight that starts `self` to the midnight that starts `later`
    /// (negative when `later` is earlier).
    #[must_use]
    pub fn hours_until(self, later: Date) -> f64 {
        (later.days_from_epoch() - self.days_from_epoch()) as f64 * 24.0
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl FromStr for Date {
    type Err = DateError;

    /// Reads `YYYY-MM-DD`.
    fn from_str(s: &str) -> Result<Date, DateError> {
        let bad = || {
            DateError(format!(
                "{s:?} is not a date: write it as YYYY-MM-DD, e.g. 2026-12-02"
            ))
        };
        let mut parts = s.trim().split('-');
        let (Some(y), Some(m), Some(d), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(bad());
        };
        if y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return Err(bad());
        }
        let (Ok(year), Ok(month), Ok(day)) = (y.parse::<i32>(), m.parse::<u8>(), d.parse::<u8>())
        else {
            return Err(bad());
        };
        Date::new(year, month, day).ok_or_else(|| {
            DateError(format!(
                "{s:?} is not a day of the calendar (month 1 to 12, day 1 to the month's length)"
            ))
        })
    }
}

/// Where a departure sits in the calendar, to tell the month of any later moment.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Calendar {
    /// The year the departure's hours are counted from (its 1 January, midnight).
    year: i32,
    /// Hours from that midnight to the departure.
    offset_hours: f64,
}

impl Calendar {
    /// A departure at the midnight that starts `date`.
    #[must_use]
    pub fn departing(date: Date) -> Calendar {
        Calendar {
            year: date.year,
            offset_hours: f64::from(date.day_of_year()) * 24.0,
        }
    }

    /// A departure `hours` into a 365-day year (what a departure on a random day of no year in
    /// particular uses).
    #[must_use]
    pub fn into_a_year(hours: f64) -> Calendar {
        Calendar {
            // A common year: 365 days, February of 28.
            year: 2025,
            offset_hours: hours.rem_euclid(365.0 * 24.0),
        }
    }

    /// The month of the moment `hours` after departure, and a key for that month that differs
    /// from every other month's (months a year apart included).
    #[must_use]
    pub fn month_at(&self, hours: f64) -> (Month, i64) {
        let mut t = self.offset_hours + hours.max(0.0);
        let mut year = self.year;
        let mut key: i64 = 0;
        loop {
            for m in 1..=12u8 {
                let length = f64::from(days_in_month(year, m)) * 24.0;
                if t < length {
                    return (Month::new(usize::from(m - 1)).unwrap_or(Month::ALL[0]), key);
                }
                t -= length;
                key += 1;
            }
            year += 1;
            // Beyond 9999 years the calendar repeats: no route takes that long.
            if year > 9999 {
                return (Month::ALL[0], key);
            }
        }
    }

    /// Hours from the departure to the start of the month keyed `key` (see
    /// [`Calendar::month_at`]).
    #[must_use]
    pub fn month_start(&self, key: i64) -> f64 {
        let mut start = -self.offset_hours;
        let mut year = self.year;
        let mut k = 0;
        while k < key {
            for m in 1..=12u8 {
                if k == key {
                    break;
                }
                start += f64::from(days_in_month(year, m)) * 24.0;
                k += 1;
            }
            year += 1;
        }
        start
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_read_and_checked() {
        let d: Date = "2026-12-02".parse().expect("a date");
        assert_eq!(d.to_string(), "2026-12-02");
        assert_eq!(d.month().name(), "December");
        assert!("2026-02-29".parse::<Date>().is_err());
        assert!("2024-02-29".parse::<Date>().is_ok());
        assert!("2026-13-01".parse::<Date>().is_err());
        assert!("26-12-02".parse::<Date>().is_err());
        assert!("2026/12/02".parse::<Date>().is_err());
        let next: Date = "2027-01-01".parse().expect("a date");
        assert!((d.hours_until(next) - 30.0 * 24.0).abs() < 1e-9);
    }

    #[test]
    fn cargo_moves_through_the_calendar() {
        let c = Calendar::departing("2026-01-30".parse().expect("a date"));
        assert_eq!(c.month_at(0.0).0.name(), "January");
        // Two days later it is 1 February.
        let (february, key) = c.month_at(48.0);
        assert_eq!(february.name(), "February");
        assert_eq!(key, 1);
        assert!((c.month_start(1) - 48.0).abs() < 1e-9);
        // A year on, January again, but another key.
        let (january, later) = c.month_at(365.0 * 24.0);
        assert_eq!(january.name(), "January");
        assert_eq!(later, 12);
        let leap = Calendar::departing("2024-02-28".parse().expect("a date"));
        assert_eq!(leap.month_at(24.0).0.name(), "February");
        assert_eq!(leap.month_at(48.0).0.name(), "March");
    }
}
