//! What can make a leg or a stop take longer than scheduled, as a network file states it: an
//! extra delay given by its median and P90, the share of boxes a sailing leaves behind, closures
//! by calendar month in weather groups, and the driving-time rules of road links; and the
//! expected hours each adds, which is what route searches rank by.
//!
//! Every figure is the expectation (mean) over what can happen, so expected hours add along a
//! route and every search stays exact. The same figures drive the Monte Carlo simulation of a
//! route (`crate::transit`), whose mean equals these expectations.

/// A calendar month, 0 = January to 11 = December.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Month(u8);

impl Month {
    /// Every month, January first.
    pub const ALL: [Month; 12] = [
        Month(0),
        Month(1),
        Month(2),
        Month(3),
        Month(4),
        Month(5),
        Month(6),
        Month(7),
        Month(8),
        Month(9),
        Month(10),
        Month(11),
    ];

    /// The month `index` (0 = January), `None` beyond 11.
    #[must_use]
    pub fn new(index: usize) -> Option<Month> {
        u8::try_from(index).ok().filter(|&m| m < 12).map(Month)
    }

    /// 0 = January to 11 = December.
    #[must_use]
    pub fn index(self) -> usize {
        usize::from(self.0)
    }

    /// The English name, e.g. `January`.
    #[must_use]
    pub fn name(self) -> &'static str {
        [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ][self.index()]
    }
}

/// A figure that may differ by calendar month: one value for the whole year, or twelve.
#[derive(Debug, Clone, PartialEq)]
pub enum Monthly {
    /// The same value every month.
    Flat(f64),
    /// One value per month, January first.
    ByMonth(Box<[f64; 12]>),
}

impl Default for Monthly {
    fn default() -> Self {
        Monthly::Flat(0.0)
    }
}

impl Monthly {
    /// The value in `month`.
    #[must_use]
    pub fn at(&self, month: Month) -> f64 {
        match self {
            Monthly::Flat(x) => *x,
            Monthly::ByMonth(xs) => xs[month.index()],
        }
    }

    /// Every month's value, January first.
    #[must_use]
    pub fn months(&self) -> [f64; 12] {
        match self {
            Monthly::Flat(x) => [*x; 12],
            Monthly::ByMonth(xs) => **xs,
        }
    }

    /// Whether the value is 0 in every month.
    #[must_use]
    pub fn is_zero(&self) -> bool {
        self.months().iter().all(|&x| x == 0.0)
    }

    /// The values mapped by `f`, keeping the shape.
    #[must_use]
    pub fn map(&self, f: impl Fn(f64) -> f64) -> Monthly {
        match self {
            Monthly::Flat(x) => Monthly::Flat(f(*x)),
            Monthly::ByMonth(xs) => Monthly::ByMonth(Box::new(xs.map(f))),
        }
    }
}

/// The standard normal quantile at 0.9: a lognormal's P90 is its median × e^(1.2816 σ).
pub const Z90: f64 = 1.281_551_565_544_600_5;

/// Extra time beyond the scheduled figure, as a *zero-inflated lognormal*: with probability
/// `share` a traversal is delayed, and the delay then follows the lognormal whose median and
/// P90 are `median_hours` and `p90_hours` (σ = ln(P90 / median) / 1.2816); otherwise there is
/// none. `share` below one says "usually none". Each figure may differ by month.
#[derive(Debug, Clone, PartialEq)]
pub struct Delay {
    /// Share of traversals that are delayed at all, 0 to 1 (1 when the file gives none).
    pub share: Monthly,
    /// Median delay of a delayed traversal, hours, above 0.
    pub median_hours: Monthly,
    /// P90 of the delay of a delayed traversal, hours, at least the median.
    pub p90_hours: Monthly,
}

impl Delay {
    /// The lognormal's parameters in `month`: (μ, σ) of the delay's logarithm.
    #[must_use]
    pub fn log_params(&self, month: Month) -> (f64, f64) {
        let median = self.median_hours.at(month);
        let p90 = self.p90_hours.at(month);
        (median.ln(), (p90 / median).ln().max(0.0) / Z90)
    }

    /// Expected hours of delay in `month`: share × median × e^(σ²/2).
    #[must_use]
    pub fn expected_hours(&self, month: Month) -> f64 {
        let (_, sigma) = self.log_params(month);
        self.share.at(month) * self.median_hours.at(month) * (sigma * sigma / 2.0).exp()
    }
}

/// How a node or a link varies around its scheduled figures.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Variability {
    /// Extra delay on each pass (node) or traversal (link), if any.
    pub delay: Option<Box<Delay>>,
    /// For a scheduled link: the share of boxes a departure leaves behind for lack of space,
    /// 0 to 0.9; a box left behind waits one more headway, and may be left behind again.
    pub left_behind_share: Monthly,
    /// The weather group whose closures stop it: an index into [`super::Network::weather_groups`].
    pub weather_group: Option<usize>,
}

/// Closures that stop every member at once (one storm stops every Caspian crossing): in each
/// month, the share of the time the group is closed and the mean length of a closure.
#[derive(Debug, Clone, PartialEq)]
pub struct WeatherGroup {
    /// The group's id, as links and nodes name it.
    pub id: String,
    /// Share of the time closed, 0 to 0.9, by month.
    pub closed_share: Monthly,
    /// Mean length of one closure in hours, above 0, by month.
    pub mean_closure_hours: Monthly,
    /// Where the figures come from.
    pub source: Option<String>,
}

impl WeatherGroup {
    /// Expected hours a box waits for the group to reopen in `month`, arriving at a random
    /// time: closed with probability s, then (closures of exponential length, so memoryless)
    /// a mean residual of the mean closure: s × mean closure.
    #[must_use]
    pub fn expected_wait_hours(&self, month: Month) -> f64 {
        self.closed_share.at(month) * self.mean_closure_hours.at(month)
    }
}

/// Who drives a road link: the driving-time rules then decide how long it takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Crew {
    /// One driver (the default): after each 4.5 hours of driving a 45-minute break, after each
    /// 9 hours a daily rest of 11 hours (Regulation (EC) No 561/2006 Art. 6–8; the AETR
    /// agreement applies the same limits outside the EU).
    #[default]
    Single,
    /// Two drivers: each must still take a daily rest of 9 hours, both together while the truck
    /// stands, within each 30 hours (Art. 8(5)); the co-driver's time covers the breaks. So at
    /// most 18 hours of driving per 30.
    Double,
}

impl Crew {
    /// Elapsed hours per hour of driving, averaged over a long haul: one driver drives 9 hours
    /// per 9 + 0.75 + 11 = 20.75 hours; two drivers 18 hours per 30.
    #[must_use]
    pub fn elapsed_per_driving_hour(self) -> f64 {
        match self {
            Crew::Single => 20.75 / 9.0,
            Crew::Double => 30.0 / 18.0,
        }
    }

    /// How many drivers.
    #[must_use]
    pub fn drivers(self) -> u8 {
        match self {
            Crew::Single => 1,
            Crew::Double => 2,
        }
    }
}

impl Variability {
    /// Expected hours of the delay alone (held on the line, held at the border): the part of
    /// the extra hours that is not a wait for a sailing or for a reopening.
    #[must_use]
    pub fn expected_delay_hours(&self, month: Option<Month>) -> f64 {
        self.delay
            .as_ref()
            .map_or(0.0, |d| by_month(month, |m| d.expected_hours(m)))
    }
}

/// The expected extra hours a link and a node add, beyond their scheduled figures, in a month
/// (or averaged over the year when `month` is `None`).
impl super::Network {
    /// Expected hours a box waits for a link or node of `group` to reopen.
    fn closure_hours(&self, group: Option<usize>, month: Option<Month>) -> f64 {
        let Some(group) = group.and_then(|g| self.weather_groups.get(g)) else {
            return 0.0;
        };
        by_month(month, |m| group.expected_wait_hours(m))
    }

    /// Expected hours a link takes beyond its elapsed hours in motion ([`super::Link::elapsed_hours`]):
    /// the boarding wait (half the headway), the extra headways of boxes left behind
    /// (q / (1 − q) headways for a share q), the wait for its weather group to reopen, and its
    /// delay.
    #[must_use]
    pub fn link_extra_hours(&self, link: &super::Link, month: Option<Month>) -> f64 {
        let v = &link.variability;
        let headway = link.headway_hours();
        let left_behind = if headway > 0.0 {
            by_month(month, |m| {
                let q = v.left_behind_share.at(m);
                headway * q / (1.0 - q)
            })
        } else {
            0.0
        };
        link.wait_hours()
            + left_behind
            + self.closure_hours(v.weather_group, month)
            + v.expected_delay_hours(month)
    }

    /// Expected hours a pass through a node takes beyond its dwell (and transfer): its delay
    /// and the wait for its weather group to reopen.
    #[must_use]
    pub fn node_extra_hours(&self, node: &super::Node, month: Option<Month>) -> f64 {
        let v = &node.variability;
        v.expected_delay_hours(month) + self.closure_hours(v.weather_group, month)
    }
}

/// `f` in `month`, or its mean over the year.
fn by_month(month: Option<Month>, f: impl Fn(Month) -> f64) -> f64 {
    match month {
        Some(m) => f(m),
        None => annual(f),
    }
}

/// The annual figure of a monthly expectation: the mean of its twelve months, as a departure on
/// a random day of the year sees it.
#[must_use]
pub fn annual(f: impl Fn(Month) -> f64) -> f64 {
    Month::ALL.into_iter().map(f).sum::<f64>() / 12.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lognormal_delay_has_its_stated_median_and_p90() {
        let d = Delay {
            share: Monthly::Flat(1.0),
            median_hours: Monthly::Flat(30.0),
            p90_hours: Monthly::Flat(110.0),
        };
        let (mu, sigma) = d.log_params(Month::ALL[0]);
        assert!((mu.exp() - 30.0).abs() < 1e-9);
        assert!(((mu + Z90 * sigma).exp() - 110.0).abs() < 1e-9);
        // Mean of a lognormal: median × e^(σ²/2) = 30 × e^(1.0138² / 2) ≈ 50.1.
        assert!((d.expected_hours(Month::ALL[0]) - 50.13).abs() < 0.05);
    }

    #[test]
    fn monthly_figures_and_their_annual_mean() {
        let mut months = [0.0; 12];
        months[0] = 12.0;
        let m = Monthly::ByMonth(Box::new(months));
        assert!((m.at(Month::ALL[0]) - 12.0).abs() < 1e-12);
        assert!(m.at(Month::ALL[5]).abs() < 1e-12);
        assert!((annual(|month| m.at(month)) - 1.0).abs() < 1e-12);
        assert_eq!(Month::new(12), None);
        assert_eq!(Month::new(11).map(Month::name), Some("December"));
    }

    #[test]
    fn driving_rules_slow_a_single_driver_more_than_a_crew() {
        assert!((Crew::Single.elapsed_per_driving_hour() * 9.0 - 20.75).abs() < 1e-12);
        assert!((Crew::Double.elapsed_per_driving_hour() * 18.0 - 30.0).abs() < 1e-12);
    }
}
