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

/// The totals that a leg, a transfer or a whole route accumulates, in exact integer units.
///
/// Addition saturates, so no input can overflow or panic.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Metrics {
    /// Elapsed time in seconds, waits and dwell included.
    pub seconds: u64,
    /// Cost in US cents per forty-foot container.
    pub cents: u64,
    /// Mode changes and rail gauge breaks.
    pub transfers: u64,
    /// Emissions in grams CO2e per container.
    pub co2_grams: u64,
    /// Distance travelled in metres.
    pub meters: u64,
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
