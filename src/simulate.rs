//! The late case of a route: a seeded Monte Carlo simulation of its transit, giving the P50 and
//! P90 a forwarder can promise and the chance of arriving by a deadline.
//!
//! Each sample moves one box along the route through the calendar. At every node it passes it
//! waits for the node's weather group to reopen, then dwells, is delayed (the node's
//! zero-inflated lognormal) and changes mode if it does; on every link it waits for the link's
//! group to reopen, boards a scheduled service after a wait uniform over the headway, waits one
//! more headway each time it is left behind (with the month's share), then travels its elapsed
//! hours and its delay. A weather group's closures are one process per sample and calendar
//! month, shared by every member (one storm stops every Caspian crossing at once): open and
//! closed spells of exponential length, closed the month's share of the time with the month's
//! mean closure, stationary from the month's start. Every figure is the month's where the box
//! is at that moment; without a departure date each sample departs at a random moment of a
//! 365-day year. So the mean of the samples is the expected transit the searches rank by.
//!
//! Sample `i` draws from its own stream of the seed, so the answer is the same whatever the
//! number of threads.

use crate::calendar::{Calendar, Date};
use crate::network::{Delay, Month, Network};
use crate::random::Rng;
use crate::search::Route;
use rayon::prelude::*;

/// The samples a simulation draws by default.
pub const DEFAULT_SAMPLES: usize = 10_000;
/// The most samples one simulation may draw: 1,000,000 take about half a second a route here.
pub const MAX_SAMPLES: usize = 1_000_000;
/// The seed a simulation uses by default.
pub const DEFAULT_SEED: u64 = 1;

/// How to simulate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Options {
    /// How many samples (1 to [`MAX_SAMPLES`]).
    pub samples: usize,
    /// The seed of the random streams.
    pub seed: u64,
    /// The departure date (its midnight); `None`: a random moment of the year per sample.
    pub depart: Option<Date>,
    /// The date to arrive by (by the end of that day), with a departure date.
    pub deadline: Option<Date>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            samples: DEFAULT_SAMPLES,
            seed: DEFAULT_SEED,
            depart: None,
            deadline: None,
        }
    }
}

/// What a simulation found for one route.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Outcome {
    /// Samples drawn.
    pub samples: usize,
    /// Mean of the samples, hours.
    pub mean_hours: f64,
    /// The median sample (nearest rank), hours.
    pub p50_hours: f64,
    /// The 90th percentile (nearest rank), hours.
    pub p90_hours: f64,
    /// Share of samples arriving by the end of the deadline day, with a deadline.
    pub on_time_probability: Option<f64>,
}

/// A delay's parameters in each month: (share delayed, μ, σ) of the lognormal.
type DelayByMonth = [(f64, f64, f64); 12];

/// The parameters of a delay, month by month, worked out once per route.
fn delay_by_month(delay: Option<&Delay>) -> Option<Box<DelayByMonth>> {
    delay.map(|d| {
        Box::new(Month::ALL.map(|m| {
            let (mu, sigma) = d.log_params(m);
            (d.share.at(m), mu, sigma)
        }))
    })
}

/// One thing a box goes through on a route, its figures worked out for every month.
#[derive(Debug, Clone, PartialEq)]
enum Element {
    /// A pass through a node.
    Node {
        fixed_hours: f64,
        delay: Option<Box<DelayByMonth>>,
        group: Option<usize>,
    },
    /// A link.
    Link {
        elapsed_hours: f64,
        headway_hours: f64,
        left_behind: [f64; 12],
        delay: Option<Box<DelayByMonth>>,
        group: Option<usize>,
    },
}

/// A weather group's figures in each month.
#[derive(Debug, Clone, PartialEq)]
struct GroupByMonth {
    closed_share: [f64; 12],
    mean_closure_hours: [f64; 12],
}

/// Everything a simulation of one route reads: the route's elements, their figures worked out
/// for every month, and the weather groups they belong to. Two routes (of two scenarios, say)
/// with equal transits have equal simulations for the same options, so one can stand for both.
#[derive(Debug, Clone, PartialEq)]
pub struct Transit {
    elements: Vec<Element>,
    /// The groups the elements name, in order of first use; elements index into this.
    groups: Vec<GroupByMonth>,
}

impl Transit {
    /// The transit of `route` on `network`. O(route length).
    #[must_use]
    pub fn of(network: &Network, route: &Route) -> Transit {
        let mut elements = elements(network, route);
        let mut used: Vec<usize> = Vec::new();
        for e in &mut elements {
            let group = match e {
                Element::Node { group, .. } | Element::Link { group, .. } => group,
            };
            if let Some(g) = *group {
                let local = used.iter().position(|&u| u == g).unwrap_or_else(|| {
                    used.push(g);
                    used.len() - 1
                });
                *group = Some(local);
            }
        }
        let groups = used
            .iter()
            .filter_map(|&g| network.weather_groups.get(g))
            .map(|w| GroupByMonth {
                closed_share: Month::ALL.map(|m| w.closed_share.at(m)),
                mean_closure_hours: Month::ALL.map(|m| w.mean_closure_hours.at(m)),
            })
            .collect();
        Transit { elements, groups }
    }

    /// A 64-bit fingerprint of every figure: equal transits have equal fingerprints, so a
    /// hash map keyed by it finds the candidates to compare with `==`. O(route length).
    #[must_use]
    pub fn fingerprint(&self) -> u64 {
        let mut h = Fnv::default();
        for e in &self.elements {
            match e {
                Element::Node {
                    fixed_hours,
                    delay,
                    group,
                } => {
                    h.word(1);
                    h.float(*fixed_hours);
                    h.delay(delay.as_deref());
                    h.word(group.map_or(u64::MAX, |g| g as u64));
                }
                Element::Link {
                    elapsed_hours,
                    headway_hours,
                    left_behind,
                    delay,
                    group,
                } => {
                    h.word(2);
                    h.float(*elapsed_hours);
                    h.float(*headway_hours);
                    for &x in left_behind {
                        h.float(x);
                    }
                    h.delay(delay.as_deref());
                    h.word(group.map_or(u64::MAX, |g| g as u64));
                }
            }
        }
        for g in &self.groups {
            for &x in g.closed_share.iter().chain(&g.mean_closure_hours) {
                h.float(x);
            }
        }
        h.0
    }

    /// Every sample's transit hours, in sample order. O(samples × route length).
    #[must_use]
    pub fn sample_hours(&self, options: &Options) -> Vec<f64> {
        let samples = options.samples.clamp(1, MAX_SAMPLES);
        (0..samples as u64)
            .into_par_iter()
            .map(|i| sample(self, options, i))
            .collect()
    }

    /// The simulation of this transit: see [`simulate`].
    #[must_use]
    pub fn simulate(&self, options: &Options) -> Outcome {
        outcome(self.sample_hours(options), options)
    }
}

/// FNV-1a over 64-bit words.
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv {
    fn word(&mut self, w: u64) {
        for b in w.to_le_bytes() {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }

    fn float(&mut self, x: f64) {
        self.word(x.to_bits());
    }

    fn delay(&mut self, d: Option<&DelayByMonth>) {
        match d {
            None => self.word(0),
            Some(d) => {
                for &(a, b, c) in d {
                    self.float(a);
                    self.float(b);
                    self.float(c);
                }
            }
        }
    }
}

/// The elements of a route, in order.
fn elements(network: &Network, route: &Route) -> Vec<Element> {
    let mut out = Vec::with_capacity(route.steps.len() * 2);
    for (k, step) in route.steps.iter().enumerate() {
        let link = &network.links[step.link];
        if k > 0 {
            let node = &network.nodes[link.from];
            let transfer = if step.metrics.transfers > 0 {
                node.transfer_hours
            } else {
                0.0
            };
            out.push(Element::Node {
                fixed_hours: node.dwell_hours + transfer,
                delay: delay_by_month(node.variability.delay.as_deref()),
                group: node.variability.weather_group,
            });
        }
        out.push(Element::Link {
            elapsed_hours: link.elapsed_hours(),
            headway_hours: link.headway_hours(),
            left_behind: Month::ALL.map(|m| link.variability.left_behind_share.at(m)),
            delay: delay_by_month(link.variability.delay.as_deref()),
            group: link.variability.weather_group,
        });
    }
    out
}

/// A delay drawn for `month`.
fn draw_delay(delay: Option<&DelayByMonth>, month: Month, rng: &mut Rng) -> f64 {
    let Some(d) = delay else { return 0.0 };
    let (share, mu, sigma) = d[month.index()];
    if share < 1.0 && rng.uniform() >= share {
        return 0.0;
    }
    (mu + sigma * rng.normal()).exp()
}

/// The month of any moment of one sample, read forward from a cursor: moments only grow along
/// a route, so each lookup is O(1) amortised.
struct Clock {
    calendar: Calendar,
    /// The month the cursor is in, its key, and the hours after departure it ends.
    month: Month,
    key: i64,
    end: f64,
}

impl Clock {
    fn new(calendar: Calendar) -> Clock {
        let (month, key) = calendar.month_at(0.0);
        Clock {
            calendar,
            month,
            key,
            end: calendar.month_start(key + 1),
        }
    }

    /// The month of the moment `t` hours after departure, and its key.
    fn at(&mut self, t: f64) -> (Month, i64) {
        if t >= self.end {
            let (month, key) = self.calendar.month_at(t);
            self.month = month;
            self.key = key;
            self.end = self.calendar.month_start(key + 1);
        }
        (self.month, self.key)
    }
}

/// One weather group's closures in one calendar month of one sample.
#[derive(Debug, Clone, Copy)]
struct Spell {
    group: usize,
    month_key: i64,
    closed: bool,
    /// Hours after departure when the current spell ends.
    end: f64,
}

/// The closure processes one sample has drawn so far.
struct Closures<'n> {
    groups: &'n [GroupByMonth],
    calendar: Calendar,
    spells: Vec<Spell>,
}

impl std::fmt::Debug for Closures<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Closures")
            .field("spells", &self.spells)
            .finish()
    }
}

impl Closures<'_> {
    /// Hours a box that is ready at `t` (in `month`, keyed `key`) waits for `group` to reopen.
    fn wait(
        &mut self,
        group: Option<usize>,
        t: f64,
        (month, key): (Month, i64),
        rng: &mut Rng,
    ) -> f64 {
        let Some(g) = group.and_then(|g| self.groups.get(g).map(|w| (g, w))) else {
            return 0.0;
        };
        let (index, weather) = g;
        let share = weather.closed_share[month.index()];
        if share <= 0.0 {
            return 0.0;
        }
        let closure = weather.mean_closure_hours[month.index()];
        let open = closure * (1.0 - share) / share;
        let found = self
            .spells
            .iter()
            .position(|s| s.group == index && s.month_key == key);
        let at = if let Some(at) = found {
            at
        } else {
            // Stationary from the month's start: closed with the month's share, and
            // (exponential spells being memoryless) the rest of the spell as long as a whole
            // one.
            let start = self.calendar.month_start(key);
            let closed = rng.uniform() < share;
            let end = start + rng.exponential(if closed { closure } else { open });
            self.spells.push(Spell {
                group: index,
                month_key: key,
                closed,
                end,
            });
            self.spells.len() - 1
        };
        let spell = &mut self.spells[at];
        // Spells are exponential, so open and closed form a two-state Markov chain. Far behind
        // `t` (many cycles, as with closures of minutes), jump to `t` in one draw: the state
        // there from the chain's transition probability, the rest of its spell memoryless.
        // Near `t`, step spell by spell.
        if t - spell.end > JUMP_CYCLES * (closure + open) {
            let rate = 1.0 / closure + 1.0 / open;
            let decay = (-(rate * (t - spell.end))).exp();
            // At `spell.end` the state flips; from there the chain runs to `t`.
            let closed_at_flip = !spell.closed;
            let p_closed = if closed_at_flip {
                share + (1.0 - share) * decay
            } else {
                share * (1.0 - decay)
            };
            spell.closed = rng.uniform() < p_closed;
            spell.end = t + rng.exponential(if spell.closed { closure } else { open });
        }
        while spell.end <= t {
            spell.closed = !spell.closed;
            spell.end += rng.exponential(if spell.closed { closure } else { open });
        }
        if spell.closed { spell.end - t } else { 0.0 }
    }
}

/// Open-and-closed cycles (in mean lengths) behind a box's time beyond which a weather group's
/// state is drawn at the box's time at once rather than spell by spell.
const JUMP_CYCLES: f64 = 50.0;

/// The most times a box is left behind in a row; reached with probability below 0.9^1000.
const MAX_LEFT_BEHIND: usize = 1_000;

/// One sample's transit hours.
fn sample(transit: &Transit, options: &Options, index: u64) -> f64 {
    let mut rng = Rng::stream(options.seed, index);
    let calendar = match options.depart {
        Some(date) => Calendar::departing(date),
        None => Calendar::into_a_year(rng.uniform() * 365.0 * 24.0),
    };
    let mut clock = Clock::new(calendar);
    let mut closures = Closures {
        groups: &transit.groups,
        calendar,
        spells: Vec::new(),
    };
    let mut t = 0.0;
    for element in &transit.elements {
        match element {
            Element::Node {
                fixed_hours,
                delay,
                group,
            } => {
                if group.is_some() {
                    t += closures.wait(*group, t, clock.at(t), &mut rng);
                }
                t += fixed_hours;
                if delay.is_some() {
                    t += draw_delay(delay.as_deref(), clock.at(t).0, &mut rng);
                }
            }
            Element::Link {
                elapsed_hours,
                headway_hours,
                left_behind,
                delay,
                group,
            } => {
                if group.is_some() {
                    t += closures.wait(*group, t, clock.at(t), &mut rng);
                }
                if *headway_hours > 0.0 {
                    t += rng.uniform() * headway_hours;
                    let share = left_behind[clock.at(t).0.index()];
                    let mut missed = 0;
                    while share > 0.0 && missed < MAX_LEFT_BEHIND && rng.uniform() < share {
                        t += headway_hours;
                        missed += 1;
                    }
                }
                let month = if delay.is_some() {
                    clock.at(t).0
                } else {
                    Month::ALL[0]
                };
                t += elapsed_hours;
                t += draw_delay(delay.as_deref(), month, &mut rng);
            }
        }
    }
    t
}

/// Every sample's transit hours, in sample order. O(samples × route length).
#[must_use]
pub fn sample_hours(network: &Network, route: &Route, options: &Options) -> Vec<f64> {
    Transit::of(network, route).sample_hours(options)
}

/// The value at quantile `q` of sorted samples, by nearest rank: the ⌈q·n⌉-th smallest.
fn nearest_rank(sorted: &[f64], q: f64) -> f64 {
    let rank = ((q * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1]
}

/// Simulates a route: its mean, P50 and P90 transit hours, and with a deadline the share of
/// samples on time. The same options give the same outcome whatever the number of threads.
///
/// # Complexity
/// O(samples × (route length + log samples)), the samples in parallel.
///
/// # Example
/// ```
/// # use corridor::network::load_bundled;
/// # use corridor::search::{Constraints, Criterion, Planner};
/// # use corridor::simulate::{Options, simulate};
/// let net = load_bundled().unwrap().network;
/// let planner = Planner::new(&net);
/// let (from, to) = (net.resolve("Almaty").unwrap(), net.resolve("Poti").unwrap());
/// let route = planner.best(from, to, Criterion::Time, &Constraints::default()).unwrap();
/// let late = simulate(&net, &route, &Options { samples: 2_000, ..Options::default() });
/// assert!(route.metrics.best_hours() <= late.p50_hours && late.p50_hours <= late.p90_hours);
/// ```
#[must_use]
pub fn simulate(network: &Network, route: &Route, options: &Options) -> Outcome {
    Transit::of(network, route).simulate(options)
}

/// The outcome of the samples' hours.
fn outcome(hours: Vec<f64>, options: &Options) -> Outcome {
    let n = hours.len();
    let mean_hours = hours.iter().sum::<f64>() / n as f64;
    let on_time_probability = match (options.depart, options.deadline) {
        (Some(depart), Some(deadline)) => {
            // By the end of the deadline day.
            let limit = depart.hours_until(deadline) + 24.0;
            Some(hours.iter().filter(|&&h| h <= limit).count() as f64 / n as f64)
        }
        _ => None,
    };
    let mut sorted = hours;
    sorted.sort_by(f64::total_cmp);
    Outcome {
        samples: n,
        mean_hours,
        p50_hours: nearest_rank(&sorted, 0.5),
        p90_hours: nearest_rank(&sorted, 0.9),
        on_time_probability,
    }
}
