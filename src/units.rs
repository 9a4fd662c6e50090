//! Integer units and the one place where figures from the input (f64 hours, USD, km) become
//! exact integers (seconds, cents, grams, metres), so that sums are exact, comparisons are total
//! and the same input always gives byte-identical output.

use std::ops::{Add, AddAssign};

/// Seconds in one hour.
pub const SECONDS_PER_HOUR: u64 = 3_600;

/// Converts hours to whole seconds, rounding to the nearest second.
///
/// Negative and non-finite inputs are rejected by validation before they get here; they map to 0.
#[must_use]
pub fn hours_to_seconds(hours: f64) -> u64 {
    to_integer(hours * SECONDS_PER_HOUR as f64)
}

/// Converts US dollars to whole cents, rounding to the nearest cent.
#[must_use]
pub fn usd_to_cents(usd: f64) -> u64 {
    to_integer(usd * 100.0)
}

/// Converts kilograms to whole grams, rounding to the nearest gram.
#[must_use]
pub fn kg_to_grams(kg: f64) -> u64 {
    to_integer(kg * 1_000.0)
}

/// Converts kilometres to whole metres, rounding to the nearest metre.
#[must_use]
pub fn km_to_meters(km: f64) -> u64 {
    to_integer(km * 1_000.0)
}

fn to_integer(x: f64) -> u64 {
    if x.is_finite() && x > 0.0 {
        // Saturates at u64::MAX for absurd inputs instead of wrapping.
        x.round() as u64
    } else {
        0
    }
}

/// Seconds in one day.
pub const SECONDS_PER_DAY: u64 = 86_400;

/// A kind of figure that an input gives (a network file, a scenario, a reference file or a
/// command-line flag), with the one range every input path checks it against.
///
/// The ranges are far above any real figure and chosen so that every total a search can form
/// is an exact integer: see `docs/limits.md` for the arithmetic, and
/// `Network::check_totals` for the part that depends on a network's size. A positive figure
/// must also stay positive once rounded to its integer unit (a link of `hours = 0.0001` would be
/// a 0-second leg).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Figure {
    /// Hours a link takes in motion: above 0 and at least one second once rounded, at most
    /// [`Figure::MAX_HOURS`].
    LinkHours,
    /// Dwell or transfer hours at a node: 0 to [`Figure::MAX_HOURS`].
    NodeHours,
    /// USD per container of a link, a dwell or a transfer: 0 to [`Figure::MAX_USD`].
    Usd,
    /// A link's distance in km: above 0 and at least a metre once rounded, at most 100,000 km
    /// (two and a half times round the Earth).
    DistanceKm,
    /// Scheduled departures per week: 0.01 (one every two years, a wait of 8,400 hours) to
    /// 10,080 (one a minute).
    DeparturesPerWeek,
    /// An emission factor in kg CO2e per container-km: 0 to 100 (road is about 0.9).
    Co2KgPerContainerKm,
    /// An emission intensity in g CO2e per tonne-km: 0 to 10,000 (road is about 90).
    Co2GramsPerTonneKm,
    /// A container's gross mass or its cargo in tonnes: above 0, at most 1,000 (a container
    /// is rated 30.48 t).
    Tonnes,
    /// A scenario's factor on hours or departures: above 0, at most [`Figure::MAX_FACTOR`].
    PositiveFactor,
    /// A scenario's factor on a cost or a node figure: 0 to [`Figure::MAX_FACTOR`].
    Factor,
    /// The balanced criterion's value of time, USD per container-day: 0 to 10,000.
    ValueOfTimeUsdPerDay,
    /// The balanced criterion's penalty per transfer, USD: 0 to 10,000.
    TransferPenaltyUsd,
    /// A limit on a route's days (`--max-days`): above 0 and at least a second once rounded,
    /// at most [`Figure::MAX_ROUTE_DAYS`].
    MaxDays,
    /// A route's days in a reference range: 0 to [`Figure::MAX_ROUTE_DAYS`].
    RouteDays,
    /// A route's USD in a reference range: 0 to 1,000,000,000,000.
    RouteUsd,
    /// A share of traversals (delayed at all): 0 to 1.
    Share,
    /// A share of boxes left behind by a sailing, or of the time a weather group is closed:
    /// 0 to 0.9 (more would make the expected wait grow without bound).
    ShareBelowOne,
    /// A median or P90 delay, or a mean closure length, in hours: above 0, at most
    /// [`Figure::MAX_HOURS`].
    DelayHours,
}

impl Figure {
    /// The most hours of one link, dwell or transfer (about 417 days).
    pub const MAX_HOURS: f64 = 10_000.0;
    /// The most USD per container of one link, dwell or transfer.
    pub const MAX_USD: f64 = 1_000_000.0;
    /// The largest factor a scenario may scale a figure by.
    pub const MAX_FACTOR: f64 = 1_000.0;
    /// The most days a route limit or a reference range may name (about 274 years).
    pub const MAX_ROUTE_DAYS: f64 = 100_000.0;
    /// The fewest departures per week.
    pub const MIN_DEPARTURES_PER_WEEK: f64 = 0.01;
    /// The largest value of time, USD per container-day.
    pub const MAX_VALUE_OF_TIME_USD_PER_DAY: f64 = 10_000.0;
    /// The largest penalty per transfer, USD.
    pub const MAX_TRANSFER_PENALTY_USD: f64 = 10_000.0;

    /// The least and the largest value, and whether the least is allowed (`false`: the
    /// figure must be above it).
    #[must_use]
    pub fn range(self) -> (f64, f64, bool) {
        match self {
            Figure::LinkHours | Figure::DelayHours => (0.0, Figure::MAX_HOURS, false),
            Figure::NodeHours => (0.0, Figure::MAX_HOURS, true),
            Figure::Usd => (0.0, Figure::MAX_USD, true),
            Figure::DistanceKm => (0.0, 100_000.0, false),
            Figure::DeparturesPerWeek => (Figure::MIN_DEPARTURES_PER_WEEK, 10_080.0, true),
            Figure::Co2KgPerContainerKm => (0.0, 100.0, true),
            Figure::Co2GramsPerTonneKm => (0.0, 10_000.0, true),
            Figure::Tonnes => (0.0, 1_000.0, false),
            Figure::PositiveFactor => (0.0, Figure::MAX_FACTOR, false),
            Figure::Factor => (0.0, Figure::MAX_FACTOR, true),
            Figure::ValueOfTimeUsdPerDay => (0.0, Figure::MAX_VALUE_OF_TIME_USD_PER_DAY, true),
            Figure::TransferPenaltyUsd => (0.0, Figure::MAX_TRANSFER_PENALTY_USD, true),
            Figure::MaxDays => (0.0, Figure::MAX_ROUTE_DAYS, false),
            Figure::RouteDays => (0.0, Figure::MAX_ROUTE_DAYS, true),
            Figure::RouteUsd => (0.0, 1e12, true),
            Figure::Share => (0.0, 1.0, true),
            Figure::ShareBelowOne => (0.0, 0.9, true),
        }
    }

    /// The unit the range is written in, for messages.
    #[must_use]
    pub fn unit(self) -> &'static str {
        match self {
            Figure::LinkHours | Figure::NodeHours | Figure::DelayHours => "hours",
            Figure::Share | Figure::ShareBelowOne => "",
            Figure::Usd | Figure::TransferPenaltyUsd | Figure::RouteUsd => "USD",
            Figure::DistanceKm => "km",
            Figure::DeparturesPerWeek => "a week",
            Figure::Co2KgPerContainerKm => "kg per container-km",
            Figure::Co2GramsPerTonneKm => "g per tonne-km",
            Figure::Tonnes => "t",
            Figure::PositiveFactor | Figure::Factor => "times",
            Figure::ValueOfTimeUsdPerDay => "USD a day",
            Figure::MaxDays | Figure::RouteDays => "days",
        }
    }

    /// The integer a positive value becomes, and the unit's name, when it is converted to one
    /// (hours to seconds, USD to cents, km to metres); `None` for figures that are not.
    fn rounded(self, x: f64) -> Option<(u64, &'static str, f64)> {
        match self {
            Figure::LinkHours | Figure::NodeHours | Figure::DelayHours => {
                Some((hours_to_seconds(x), "second", 0.5 / SECONDS_PER_HOUR as f64))
            }
            Figure::MaxDays => Some((
                hours_to_seconds(x * 24.0),
                "second",
                0.5 / SECONDS_PER_DAY as f64,
            )),
            Figure::Usd | Figure::TransferPenaltyUsd | Figure::ValueOfTimeUsdPerDay => {
                Some((usd_to_cents(x), "cent", 0.005))
            }
            Figure::DistanceKm => Some((km_to_meters(x), "metre", 0.0005)),
            _ => None,
        }
    }

    /// Checks a value against the range: `Err` holds what is wrong, to follow the figure's
    /// name in a message (`hours 1e299 is too large (at most 10,000 hours)`).
    ///
    /// # Errors
    /// A value that is not finite, below the range (or at its excluded least), above it, or
    /// positive but 0 once rounded to its integer unit.
    pub fn check(self, x: f64) -> Result<f64, String> {
        let (least, most, least_allowed) = self.range();
        if !x.is_finite() {
            return Err("must be a finite number".to_owned());
        }
        if x <= 0.0 && !(least_allowed && least == 0.0) {
            return Err("must be greater than 0".to_owned());
        }
        if x < 0.0 {
            return Err("must not be negative".to_owned());
        }
        if x < least {
            return Err(format!(
                "{} is too small (at least {})",
                show_figure(x),
                format!("{} {}", show_figure(least), self.unit()).trim_end()
            ));
        }
        if x > most {
            return Err(format!(
                "{} is too large (at most {})",
                show_figure(x),
                format!("{} {}", show_figure(most), self.unit()).trim_end()
            ));
        }
        if x > 0.0
            && let Some((0, unit, least)) = self.rounded(x)
        {
            // The least that counts, to two significant digits, trailing zeros dropped.
            let decimals = (-least.log10().floor()).max(0.0) as usize + 1;
            let least = format!("{least:.decimals$}");
            let least = least.trim_end_matches('0');
            return Err(format!(
                "{} rounds to 0 {unit}s (at least half a {unit}, {least} {}, to count)",
                show_figure(x),
                self.unit()
            ));
        }
        Ok(x)
    }
}

/// A figure as written in messages: with thousands separators for everyday sizes
/// (`10,000`), in exponent form from a billion up and for tiny ones (so that `1e300` does not
/// print as 301 digits).
#[must_use]
pub fn show_figure(x: f64) -> String {
    if x != 0.0 && !(1e-6..1e9).contains(&x.abs()) {
        return format!("{x:e}");
    }
    let text = format!("{x}");
    let (whole, fraction) = text
        .split_once('.')
        .map_or((text.as_str(), None), |(w, f)| (w, Some(f)));
    let (sign, digits) = whole.strip_prefix('-').map_or(("", whole), |d| ("-", d));
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    match fraction {
        Some(f) => format!("{sign}{grouped}.{f}"),
        None => format!("{sign}{grouped}"),
    }
}

/// The totals that a leg, a transfer or a whole route accumulates, in exact integer units.
///
/// Addition saturates, so no input can overflow or panic.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Metrics {
    /// Expected elapsed time in seconds: the mean over what can happen, waits, dwell, delays,
    /// boxes left behind and closures included.
    pub seconds: u64,
    /// Cost in US cents per forty-foot container.
    pub cents: u64,
    /// Mode changes and rail gauge breaks.
    pub transfers: u64,
    /// Emissions in grams CO2e per container.
    pub co2_grams: u64,
    /// Distance travelled in metres.
    pub meters: u64,
    /// Best-case elapsed time in seconds: every connection made at once, no waits, no delays
    /// (scheduled time in motion, driving rests, dwell and transfers only).
    pub best_seconds: u64,
}

impl Metrics {
    /// Hours as a float, for reporting.
    #[must_use]
    pub fn hours(&self) -> f64 {
        self.seconds as f64 / SECONDS_PER_HOUR as f64
    }
    /// Days as a float, for reporting.
    #[must_use]
    pub fn days(&self) -> f64 {
        self.hours() / 24.0
    }
    /// Best-case hours as a float, for reporting.
    #[must_use]
    pub fn best_hours(&self) -> f64 {
        self.best_seconds as f64 / SECONDS_PER_HOUR as f64
    }
    /// US dollars as a float, for reporting.
    #[must_use]
    pub fn cost_usd(&self) -> f64 {
        self.cents as f64 / 100.0
    }
    /// Kilograms CO2e as a float, for reporting.
    #[must_use]
    pub fn co2_kg(&self) -> f64 {
        self.co2_grams as f64 / 1_000.0
    }
    /// Kilometres as a float, for reporting.
    #[must_use]
    pub fn distance_km(&self) -> f64 {
        self.meters as f64 / 1_000.0
    }
}

impl Add for Metrics {
    type Output = Metrics;
    fn add(self, o: Metrics) -> Metrics {
        Metrics {
            seconds: self.seconds.saturating_add(o.seconds),
            cents: self.cents.saturating_add(o.cents),
            transfers: self.transfers.saturating_add(o.transfers),
            co2_grams: self.co2_grams.saturating_add(o.co2_grams),
            meters: self.meters.saturating_add(o.meters),
            best_seconds: self.best_seconds.saturating_add(o.best_seconds),
        }
    }
}

impl AddAssign for Metrics {
    fn add_assign(&mut self, o: Metrics) {
        *self = *self + o;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conversions_round_to_nearest() {
        assert_eq!(hours_to_seconds(1.5), 5_400);
        assert_eq!(hours_to_seconds(84.0 / 3.0), 100_800);
        assert_eq!(usd_to_cents(1_100.005), 110_001);
        assert_eq!(km_to_meters(0.0004), 0);
        assert_eq!(kg_to_grams(-1.0), 0);
        assert_eq!(hours_to_seconds(f64::NAN), 0);
        assert_eq!(usd_to_cents(f64::INFINITY), 0);
    }

    #[test]
    fn figures_are_checked_against_one_range() {
        assert_eq!(Figure::LinkHours.check(22.0), Ok(22.0));
        assert_eq!(
            Figure::LinkHours.check(1e299).err().as_deref(),
            Some("1e299 is too large (at most 10,000 hours)")
        );
        assert_eq!(
            Figure::LinkHours.check(0.0001).err().as_deref(),
            Some("0.0001 rounds to 0 seconds (at least half a second, 0.00014 hours, to count)")
        );
        assert_eq!(Figure::LinkHours.check(0.00014), Ok(0.00014));
        assert_eq!(
            Figure::LinkHours.check(0.0).err().as_deref(),
            Some("must be greater than 0")
        );
        assert_eq!(Figure::NodeHours.check(0.0), Ok(0.0));
        assert_eq!(
            Figure::Usd.check(-1.0).err().as_deref(),
            Some("must not be negative")
        );
        assert_eq!(
            Figure::DeparturesPerWeek.check(1e-300).err().as_deref(),
            Some("1e-300 is too small (at least 0.01 a week)")
        );
        assert_eq!(
            Figure::Co2KgPerContainerKm.check(1e12).err().as_deref(),
            Some("1e12 is too large (at most 100 kg per container-km)")
        );
        assert_eq!(
            Figure::Usd.check(f64::NAN).err().as_deref(),
            Some("must be a finite number")
        );
        assert_eq!(show_figure(1_234_567.5), "1,234,567.5");
        assert_eq!(show_figure(-1e20), "-1e20");
    }

    #[test]
    fn addition_saturates() {
        let big = Metrics {
            seconds: u64::MAX,
            ..Metrics::default()
        };
        let one = Metrics {
            seconds: 1,
            cents: 2,
            ..Metrics::default()
        };
        let sum = big + one;
        assert_eq!(sum.seconds, u64::MAX);
        assert_eq!(sum.cents, 2);
    }
}
