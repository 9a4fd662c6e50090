//! The one rounding of every figure a report shows, and its formatting for people: every
//! format (table, JSON, CSV, GeoJSON, Excel, maps) shows a figure with the digits this module
//! gives it.
//!
//! The rule:
//! - a figure is rounded **once**, from its exact integer units (seconds, cents, grams,
//!   metres), to the precision of its [`Quantity`]: hours and days to 0.1, USD, km and kg CO2e
//!   whole; halves are rounded away from zero. A rounded figure is never rounded again, and
//!   every format shows it at that same precision, so the same figure reads the same in
//!   every output;
//! - the items of a route's build-up (legs in motion, boarding waits, dwell, transfers) are
//!   rounded together by [`Quantity::apportion`]: each item is its exact value rounded down or
//!   up, and the items add up exactly to the route's total rounded by the rule above (largest
//!   remainders get the rounding up, earlier items first among equal remainders). A
//!   spreadsheet sum of a route's rows is its total, and each item is within one step (0.1 h,
//!   USD 1, 1 km, 1 kg) of its exact value.

/// A kind of figure, with its unit and the one precision it is shown at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quantity {
    /// Hours, from seconds, to 0.1 h (6 minutes).
    Hours,
    /// Days, from seconds, to 0.1 day.
    Days,
    /// USD per FEU, from cents, whole dollars.
    Usd,
    /// Kilometres, from metres, whole.
    Km,
    /// kg CO2e per FEU, from grams, whole.
    Kg,
}

impl Quantity {
    /// Integer base units in one step of the shown precision: 360 seconds for 0.1 h, 8,640
    /// seconds for 0.1 day, 100 cents, 1,000 metres, 1,000 grams.
    #[must_use]
    pub const fn step(self) -> i128 {
        match self {
            Quantity::Hours => 360,
            Quantity::Days => 8_640,
            Quantity::Usd => 100,
            Quantity::Km | Quantity::Kg => 1_000,
        }
    }

    /// Decimals shown: 1 for hours and days, 0 for the rest.
    #[must_use]
    pub const fn decimals(self) -> usize {
        match self {
            Quantity::Hours | Quantity::Days => 1,
            Quantity::Usd | Quantity::Km | Quantity::Kg => 0,
        }
    }

    /// The figure's unit as a column header says it.
    #[must_use]
    pub const fn unit(self) -> &'static str {
        match self {
            Quantity::Hours => "hours",
            Quantity::Days => "days",
            Quantity::Usd => "USD per FEU",
            Quantity::Km => "km",
            Quantity::Kg => "kg CO2e per FEU",
        }
    }

    /// Whole steps in `base` units, halves away from zero: `steps(Hours, 5_580)` is 16
    /// (1.55 h is 1.6 h).
    fn steps(self, base: i128) -> i128 {
        let step = self.step();
        let magnitude = (base.abs() * 2 + step) / (2 * step);
        if base < 0 { -magnitude } else { magnitude }
    }

    /// The figure `steps` whole steps make, as a number: 16 hours-steps is 1.6.
    pub(crate) fn value_of_steps(self, steps: i128) -> f64 {
        match self.decimals() {
            0 => steps as f64,
            // A tenth: the nearest f64 to the decimal, which prints as that decimal.
            _ => steps as f64 / 10.0,
        }
    }

    /// A figure given in its exact base units (seconds, cents, metres, grams; signed for
    /// differences), rounded by the rule of this module: `Quantity::Hours.round(958_680)` is
    /// 266.3.
    #[must_use]
    pub fn round(self, base: impl Into<i128>) -> f64 {
        self.value_of_steps(self.steps(base.into()))
    }

    /// A figure in base units, rounded and written for people: `Quantity::Usd.text(543_300)`
    /// is `5,433`, `Quantity::Hours.text(958_680)` is `266.3`.
    #[must_use]
    pub fn text(self, base: impl Into<i128>) -> String {
        self.show(self.round(base))
    }

    /// A figure that is already rounded (a field of a report), written for people with its
    /// decimals and thousands separators: `Quantity::Days.show(11.1)` is `11.1`,
    /// `Quantity::Usd.show(5433.0)` is `5,433`. It is not rounded a second time: a value off
    /// the precision's grid is shown at the nearest step.
    #[must_use]
    pub fn show(self, value: f64) -> String {
        if !value.is_finite() {
            return "-".to_owned();
        }
        let scale = if self.decimals() == 0 { 1.0 } else { 10.0 };
        let steps = (value * scale).round() as i128;
        let digits = steps.unsigned_abs();
        let whole = digits / 10u128.pow(self.decimals() as u32);
        let mut out = String::new();
        if steps < 0 {
            out.push('-');
        }
        out.push_str(&grouped(whole));
        if self.decimals() > 0 {
            out.push('.');
            out.push_str(&(digits % 10).to_string());
        }
        out
    }

    /// A change in base units, written with its sign for a delta column: `+0.8`, `-3`; `0`
    /// only when nothing changed (a change too small to show is `+0.0` or `-0`, never `0`).
    #[must_use]
    pub fn signed(self, base: impl Into<i128>) -> String {
        let base = base.into();
        let text = self.text(base.abs());
        match base.signum() {
            0 => "0".to_owned(),
            1 => format!("+{text}"),
            _ => format!("-{text}"),
        }
    }

    /// Rounds the items of one total together (see the module's rule): returns each item's
    /// figure, such that they add up exactly to [`Quantity::round`] of the items' sum. Items
    /// are exact base units and not negative.
    #[must_use]
    pub fn apportion(self, items: &[u64]) -> Vec<f64> {
        self.apportion_steps(items)
            .into_iter()
            .map(|s| self.value_of_steps(s))
            .collect()
    }

    /// [`Quantity::apportion`] in whole steps (tenths of an hour, dollars...), so that sums of
    /// items are formed exactly.
    pub(crate) fn apportion_steps(self, items: &[u64]) -> Vec<i128> {
        let step = self.step();
        let total: i128 = items.iter().map(|&x| i128::from(x)).sum();
        let mut steps: Vec<i128> = items.iter().map(|&x| i128::from(x) / step).collect();
        let mut extra = self.steps(total) - steps.iter().sum::<i128>();
        let mut order: Vec<usize> = (0..items.len()).collect();
        // Largest remainder first; among equal remainders, the earlier item.
        order.sort_by_key(|&i| (std::cmp::Reverse(i128::from(items[i]) % step), i));
        for i in order {
            if extra <= 0 {
                break;
            }
            if i128::from(items[i]) % step > 0 {
                steps[i] += 1;
                extra -= 1;
            }
        }
        steps
    }
}

/// `1234567` as `1,234,567`.
fn grouped(n: u128) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A whole number for people with thousands separators, for counts and figures that are not
/// a [`Quantity`] (`12,346` for 12,345.6).
#[must_use]
pub fn thousands(x: f64) -> String {
    Quantity::Usd.show(x)
}

#[cfg(test)]
#[allow(
    clippy::float_cmp,
    reason = "a rounded figure must be exactly the f64 nearest its decimal"
)]
mod tests {
    use super::Quantity::{Days, Hours, Kg, Km, Usd};
    use super::*;

    #[test]
    fn each_figure_is_rounded_once_to_its_precision() {
        // 383.65 h exactly: half away from zero, whatever its binary form.
        assert_eq!(Hours.round(1_381_140_u64), 383.7);
        // 383.649 h.
        assert_eq!(Hours.round(1_381_136_u64), 383.6);
        assert_eq!(Hours.round(-174_960_i64), -48.6);
        assert_eq!(Hours.round(-175_140_i64), -48.7);
        assert_eq!(Days.round(958_680_u64), 11.1);
        assert_eq!(Usd.round(543_350_u64), 5434.0);
        assert_eq!(Usd.round(543_349_u64), 5433.0);
        assert_eq!(Km.round(6_121_500_u64), 6122.0);
        assert_eq!(Kg.round(499_u64), 0.0);
    }

    #[test]
    fn figures_are_written_with_their_decimals_and_separators() {
        assert_eq!(Hours.text(958_680_u64), "266.3");
        assert_eq!(Hours.text(4_500_000_u64), "1,250.0");
        assert_eq!(Usd.text(543_300_u64), "5,433");
        assert_eq!(Usd.show(5433.0), "5,433");
        assert_eq!(Days.show(11.1), "11.1");
        assert_eq!(Days.show(0.0), "0.0");
        assert_eq!(Kg.show(-4500.0), "-4,500");
        assert_eq!(Hours.show(f64::NAN), "-");
        assert_eq!(thousands(1_234_567.4), "1,234,567");
        assert_eq!(thousands(999.4), "999");
    }

    #[test]
    fn changes_keep_their_sign_even_when_small() {
        assert_eq!(Hours.signed(0_i64), "0");
        assert_eq!(Hours.signed(60_i64), "+0.0");
        assert_eq!(Hours.signed(-2_880_i64), "-0.8");
        assert_eq!(Usd.signed(-300_i64), "-3");
        assert_eq!(Usd.signed(123_456_i64), "+1,235");
    }

    #[test]
    fn apportioned_items_add_up_to_the_rounded_total() {
        // Three items of 0.0333 h each: 0.1 h in all, given to the first.
        assert_eq!(Hours.apportion(&[120, 120, 120]), vec![0.1, 0.0, 0.0]);
        // 1.55 h + 1.55 h = 3.1 h: one rounds up, the other down.
        assert_eq!(Hours.apportion(&[5_580, 5_580]), vec![1.6, 1.5]);
        // The larger remainder is rounded up.
        assert_eq!(Hours.apportion(&[5_400, 5_700, 0]), vec![1.5, 1.6, 0.0]);
        assert_eq!(Usd.apportion(&[5_600, 14_000]), vec![56.0, 140.0]);
        assert!(Usd.apportion(&[]).is_empty());
        // Many items with random remainders: the sum is the rounded total, each item within a step.
        let mut seed = 7_u64;
        for _ in 0..200 {
            let items: Vec<u64> = (0..25)
                .map(|_| {
                    seed = seed
                        .wrapping_mul(6_364_136_223_846_793_005)
                        .wrapping_add(1_442_695_040_888_963_407);
                    (seed >> 33) % 100_000
                })
                .collect();
            let shown = Hours.apportion(&items);
            let steps: i128 = shown.iter().map(|x| (x * 10.0).round() as i128).sum();
            let total: u64 = items.iter().sum();
            assert_eq!(steps, (Hours.round(total) * 10.0).round() as i128);
            for (x, s) in items.iter().zip(&shown) {
                assert!((*x as f64 / 3_600.0 - s).abs() < 0.1, "{x} s shown as {s}");
            }
        }
    }
}
