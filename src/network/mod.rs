//! The validated, immutable network model: nodes, directed links and their figures, as every
//! other module sees them. Nothing here knows TOML or files; `load` builds a [`Network`] from
//! text and `validate` guarantees the invariants documented on each type.

mod cargo;
mod countries;
pub mod diagnostic;
pub mod geo;
pub mod load;
mod places;
pub(crate) mod raw;
pub(crate) mod validate;
pub mod variability;

pub use cargo::{
    Cargo, Container, DANGEROUS_GOODS_HANDLING_USD, DEFAULT_CARGO_TONNES, Limit, LinkLimits,
    NodeLimits, tonnes,
};
pub use countries::Country;
pub use diagnostic::{Diagnostic, Severity};
pub use load::{
    BUNDLED_NETWORK, BUNDLED_NETWORK_PATH, DEFAULT_MAX_INPUT_BYTES, LoadError, Loaded,
    load_bundled, load_file, load_str, max_input_bytes, read_text, read_text_within,
    set_max_input_bytes,
};
pub use places::{PlaceError, closest, edit_distance, fold_name};
pub use variability::{Crew, Delay, Month, Monthly, Variability, WeatherGroup};

use std::fmt;

/// Index of a node in [`Network::nodes`].
pub type NodeIdx = usize;
/// Index of a directed link in [`Network::links`].
pub type LinkIdx = usize;

/// How a link moves a container.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Mode {
    /// Rail (block train or wagonload).
    Rail,
    /// Road (truck).
    Road,
    /// Ferry (rail ferry, Ro-Ro, Ro-Pax) on a short sea crossing such as the Caspian.
    Ferry,
    /// Sea (container ship or feeder).
    Sea,
}

impl Mode {
    /// Every mode, in a fixed order.
    pub const ALL: [Mode; 4] = [Mode::Rail, Mode::Road, Mode::Ferry, Mode::Sea];

    /// The name used in network files and output.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Rail => "rail",
            Mode::Road => "road",
            Mode::Ferry => "ferry",
            Mode::Sea => "sea",
        }
    }

    /// Parses a mode name as written in network files.
    #[must_use]
    pub fn parse(s: &str) -> Option<Mode> {
        Mode::ALL.into_iter().find(|m| m.as_str() == s)
    }

    /// Position of the mode in [`Mode::ALL`] and in per-mode tables.
    #[must_use]
    pub fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for Mode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a node is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum NodeKind {
    /// A city.
    City,
    /// A rail junction or marshalling hub.
    RailHub,
    /// A border crossing point.
    Border,
    /// A sea or ferry port.
    Port,
    /// An inland terminal (dry port).
    DryPort,
}

impl NodeKind {
    /// Every kind, in a fixed order.
    pub const ALL: [NodeKind; 5] = [
        NodeKind::City,
        NodeKind::RailHub,
        NodeKind::Border,
        NodeKind::Port,
        NodeKind::DryPort,
    ];

    /// The name used in network files and output.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            NodeKind::City => "city",
            NodeKind::RailHub => "rail_hub",
            NodeKind::Border => "border",
            NodeKind::Port => "port",
            NodeKind::DryPort => "dry_port",
        }
    }

    /// Parses a kind name as written in network files.
    #[must_use]
    pub fn parse(s: &str) -> Option<NodeKind> {
        NodeKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The kind meant by another spelling of its name: any case, with `-`, `_`, a space or
    /// nothing between the words (`dry-port`, `DryPort`, `Rail hub`). For hints: files keep
    /// the one spelling of [`NodeKind::as_str`].
    #[must_use]
    pub fn parse_any_spelling(s: &str) -> Option<NodeKind> {
        let squash = |s: &str| -> String {
            s.chars()
                .filter(|c| !matches!(c, '-' | '_' | ' '))
                .flat_map(char::to_lowercase)
                .collect()
        };
        let wanted = squash(s);
        NodeKind::ALL
            .into_iter()
            .find(|k| squash(k.as_str()) == wanted)
    }

    /// The hint for a kind name that is not one: the spelling files use when `s` is another
    /// spelling of a kind, else the closest kind or the list.
    pub(crate) fn hint(s: &str) -> String {
        match NodeKind::parse_any_spelling(s) {
            Some(kind) => format!("did you mean \"{kind}\"? files write kinds with an underscore"),
            None => diagnostic::one_of_hint(s, &NodeKind::ALL.map(NodeKind::as_str)),
        }
    }
}

impl fmt::Display for NodeKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A place where cargo starts, ends, passes a border or changes mode.
///
/// Invariants: `id` is unique, non-empty and made of `a-z 0-9 _ -`; `lat` in [-90, 90], `lon` in
/// [-180, 180]; every figure is finite and non-negative.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// Unique identifier (`aktau`).
    pub id: String,
    /// Display name, may carry diacritics (`Constanța`).
    pub name: String,
    /// Other names the node is known by.
    pub aliases: Vec<String>,
    /// ISO 3166-1 alpha-2 country code, upper case.
    pub country: String,
    /// What the node is.
    pub kind: NodeKind,
    /// Latitude in decimal degrees (WGS84).
    pub lat: f64,
    /// Longitude in decimal degrees (WGS84).
    pub lon: f64,
    /// Hours to move cargo from one mode (or rail gauge) to another here.
    pub transfer_hours: f64,
    /// USD per container to move cargo from one mode (or rail gauge) to another here.
    pub transfer_cost_usd: f64,
    /// Hours of border or customs delay for cargo passing through.
    pub dwell_hours: f64,
    /// USD per container of border or customs charges for cargo passing through.
    pub dwell_cost_usd: f64,
    /// Delays beyond the dwell on each pass, and the weather group whose closures stop it.
    pub variability: Variability,
    /// Who is paid for a pass through the node (a terminal, a border authority), when named.
    pub operator: Option<String>,
    /// The containers the node refuses (a port without reefer plugs): a route for them may
    /// not start, pass or end there.
    pub limits: NodeLimits,
    /// Where the node's figures come from.
    pub source: Option<String>,
    /// 1-based line of the node's entry in its file (0 when built in code).
    pub line: usize,
}

/// One direction of a link: a service from `from` to `to` in one mode.
///
/// A `two_way` link in the file becomes two [`Link`]s with the same `entry`.
/// Invariants: `from != to`; `hours > 0`; every figure finite and non-negative;
/// `departures_per_week > 0` when present; `gauge_mm` only on rail links.
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    /// Optional identifier from the file; the reverse direction of a two-way link shares it.
    pub id: Option<String>,
    /// Node the link leaves from.
    pub from: NodeIdx,
    /// Node the link arrives at.
    pub to: NodeIdx,
    /// How the link moves a container.
    pub mode: Mode,
    /// Scheduled hours in motion; for road, hours of driving, to which the crew's breaks and
    /// rests are added ([`Link::elapsed_hours`]).
    pub hours: f64,
    /// USD per forty-foot container (FEU).
    pub cost_usd: f64,
    /// Distance in km (the geodesic distance between the nodes when the file gives none).
    pub distance_km: f64,
    /// Scheduled departures per week; boarding waits half the headway, 84 / f hours.
    pub departures_per_week: Option<f64>,
    /// Rail gauge in mm (1435, 1520, ...).
    pub gauge_mm: Option<u32>,
    /// Emission factor for this link in kg CO2e per container-km at 10 t of cargo (tank to
    /// wheel), overriding the mode's: read as `100 ×` that many g per tonne-km (see
    /// [`Co2Factors`]).
    pub co2_kg_per_container_km: Option<f64>,
    /// The containers the link refuses: a gross mass above its limit, reefers, dangerous goods.
    pub limits: LinkLimits,
    /// Who is paid for the leg (a railway, a shipping line, "road haulier"), when named.
    pub operator: Option<String>,
    /// Where the figures come from.
    pub source: Option<String>,
    /// Points a drawn line passes through between the two nodes, as `[lon, lat]` (sea lanes).
    pub waypoints: Vec<[f64; 2]>,
    /// Delays beyond `hours`, boxes left behind by a sailing, and the weather group whose
    /// closures stop it.
    pub variability: Variability,
    /// Road only: who drives, which decides the breaks and rests added to `hours` of driving.
    pub crew: Crew,
    /// Index of the `[[link]]` entry in the file (both directions of a two-way link share it).
    pub entry: usize,
    /// 1-based line of the `[[link]]` entry in its file (0 when built in code).
    pub line: usize,
}

impl Link {
    /// Expected wait to board this link, in hours: half the headway, 84 / departures per week.
    #[must_use]
    pub fn wait_hours(&self) -> f64 {
        match self.departures_per_week {
            Some(f) if f > 0.0 => 84.0 / f,
            _ => 0.0,
        }
    }

    /// Hours between two departures, 168 / departures per week; 0 for unscheduled links.
    #[must_use]
    pub fn headway_hours(&self) -> f64 {
        2.0 * self.wait_hours()
    }

    /// Hours from leaving to arriving, scheduled: `hours` in motion, and for road the breaks and
    /// daily rests the crew must take on top of `hours` of driving ([`Crew`]).
    #[must_use]
    pub fn elapsed_hours(&self) -> f64 {
        if self.mode == Mode::Road {
            self.hours * self.crew.elapsed_per_driving_hour()
        } else {
            self.hours
        }
    }
}

/// Emission intensities in g CO2e per tonne-km of gross mass (cargo and container), one per
/// mode, tank-to-wheel (what the vehicle burns) and well-to-wheel (with the fuel's
/// production and supply), as the GLEC Framework and ISO 14083 define them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Co2Factors {
    /// Tank-to-wheel, indexed by [`Mode::index`].
    pub ttw_g_per_tonne_km: [f64; 4],
    /// Well-to-wheel, indexed by [`Mode::index`].
    pub wtw_g_per_tonne_km: [f64; 4],
}

impl Co2Factors {
    /// The tonnes of cargo (no container) per FEU that the older per-container factors
    /// (`co2_kg_per_container_km`) assume: a factor of `f` kg per container-km is `100 × f`
    /// g per tonne-km.
    pub const PER_CONTAINER_BASIS_TONNES: f64 = 10.0;

    /// Well-to-wheel over tank-to-wheel for a mode's fuel, when a network gives only one:
    /// 1.173 for distillates (GLEC v3.0 Ro-Pax 10,000-19,999 GT on MDO, 124.8 / 106.4,
    /// taken for road and rail diesel too, an estimate), 1.158 for heavy fuel oil at sea
    /// (GLEC v3.0 Ro-Pax 2,000-4,999 GT on HFO, 258.6 / 223.3).
    pub const WTW_PER_TTW: [f64; 4] = [1.173, 1.173, 1.173, 1.158];

    /// Default intensities, used when a network gives none:
    ///
    /// - ferry 110.6 TTW: GLEC Framework v3.0 default for a Ro-Pax ferry of 10,000-19,999
    ///   GT on VLSFO; WTW 129.7 by the distillate ratio (an estimate);
    /// - sea 8.04 TTW: GLEC v3.1 Panama-trade container ship, 80.4 g per TEU-km, over the
    ///   IMO EEOI convention of 10 t per loaded TEU (an estimate); WTW 9.31 by the HFO ratio;
    /// - road 90.3 TTW: KiM / CE Delft (2014) European road freight average; WTW 105.9;
    /// - rail 25 TTW: an estimate for mostly diesel traction in Central Asia and the Caucasus
    ///   (the 80% electric European average is 11.3); WTW 29.3.
    ///
    /// See `docs/cargo.md`; a network overrides them in `[network]`.
    pub const GLEC_DEFAULT: Co2Factors = Co2Factors {
        ttw_g_per_tonne_km: [25.0, 90.3, 110.6, 8.04],
        wtw_g_per_tonne_km: [29.3, 105.9, 129.7, 9.31],
    };

    /// The tank-to-wheel intensity of a mode, g per tonne-km.
    #[must_use]
    pub fn ttw(&self, mode: Mode) -> f64 {
        self.ttw_g_per_tonne_km[mode.index()]
    }

    /// The well-to-wheel intensity of a mode, g per tonne-km.
    #[must_use]
    pub fn wtw(&self, mode: Mode) -> f64 {
        self.wtw_g_per_tonne_km[mode.index()]
    }

    /// The factors of the older per-container form (kg per container-km at 10 t of cargo,
    /// tank-to-wheel, by mode), well-to-wheel by [`Co2Factors::WTW_PER_TTW`].
    #[must_use]
    pub fn from_per_container(kg_per_container_km: [f64; 4]) -> Co2Factors {
        let ttw = kg_per_container_km.map(|kg| kg * 1_000.0 / Self::PER_CONTAINER_BASIS_TONNES);
        let mut wtw = ttw;
        for (w, ratio) in wtw.iter_mut().zip(Self::WTW_PER_TTW) {
            *w *= ratio;
        }
        Co2Factors {
            ttw_g_per_tonne_km: ttw,
            wtw_g_per_tonne_km: wtw,
        }
    }
}

impl Default for Co2Factors {
    fn default() -> Self {
        Co2Factors::GLEC_DEFAULT
    }
}

/// A validated network: nodes, directed links and emission factors.
#[derive(Debug, Clone, PartialEq)]
pub struct Network {
    /// The network's name.
    pub name: String,
    /// Nodes, in file order.
    pub nodes: Vec<Node>,
    /// Directed links, in file order (a two-way entry gives its forward direction, then its reverse).
    pub links: Vec<Link>,
    /// Emission intensities per mode.
    pub co2: Co2Factors,
    /// What one container carries, which the figures are for: the default cargo (a 40' of
    /// 10 t) unless [`Network::for_cargo`] made this network for another.
    pub cargo: Cargo,
    /// Where the emission factors come from.
    pub co2_source: Option<String>,
    /// Groups of nodes and links that closures stop together, by month.
    pub weather_groups: Vec<WeatherGroup>,
}

/// The most `--via` points one query may pass. A search with `v` via points runs on `v + 1`
/// layers of the state graph and can form walks that use every link once per layer, so this
/// bounds how long a walk a search forms can be (see [`Network::check_totals`]).
pub const MAX_VIA_POINTS: usize = 7;

/// Upper bounds of the totals any walk a search forms on a network can reach, in integer units.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TotalsBound {
    /// Seconds.
    pub seconds: u128,
    /// US cents.
    pub cents: u128,
    /// Grams CO2e.
    pub co2_grams: u128,
    /// Metres.
    pub meters: u128,
    /// Transfers.
    pub transfers: u128,
    /// The balanced criterion's generalised cost (cents × 86,400 + seconds × value of time in
    /// cents per day + transfers × penalty in cents × 86,400) at the largest value of time and
    /// transfer penalty.
    pub generalised: u128,
}

impl Network {
    /// Bounds of every total a search can form: each directed link taken once per via layer
    /// ([`MAX_VIA_POINTS`] + 1 layers), each with its largest expected time (any month) and the dwell and transfer
    /// of the node it leaves, in the integer units the search adds (as `graph::step_metrics`
    /// rounds them). O(links).
    #[must_use]
    pub fn totals_bound(&self) -> TotalsBound {
        use crate::units::{
            Figure, SECONDS_PER_DAY, hours_to_seconds, kg_to_grams, km_to_meters, usd_to_cents,
        };
        let mut t = TotalsBound::default();
        // Expected hours differ by month: the largest month, and the year's average, bound them.
        let months: Vec<Option<Month>> = std::iter::once(None)
            .chain(Month::ALL.into_iter().map(Some))
            .collect();
        let largest = |f: &dyn Fn(Option<Month>) -> f64| {
            months
                .iter()
                .map(|&m| hours_to_seconds(f(m)))
                .max()
                .unwrap_or(0)
        };
        for link in &self.links {
            let node = &self.nodes[link.from];
            t.seconds += u128::from(hours_to_seconds(link.elapsed_hours()))
                + u128::from(largest(&|m| self.link_extra_hours(link, m)))
                + u128::from(hours_to_seconds(node.dwell_hours))
                + u128::from(largest(&|m| self.node_extra_hours(node, m)))
                + u128::from(hours_to_seconds(node.transfer_hours));
            t.cents += u128::from(usd_to_cents(link.cost_usd))
                + u128::from(usd_to_cents(node.dwell_cost_usd))
                + u128::from(usd_to_cents(node.transfer_cost_usd));
            t.co2_grams += u128::from(kg_to_grams(self.link_co2_kg(link)));
            t.meters += u128::from(km_to_meters(link.distance_km));
            t.transfers += 1;
        }
        let layers = MAX_VIA_POINTS as u128 + 1;
        for total in [
            &mut t.seconds,
            &mut t.cents,
            &mut t.co2_grams,
            &mut t.meters,
            &mut t.transfers,
        ] {
            *total *= layers;
        }
        let day = u128::from(SECONDS_PER_DAY);
        let value_of_time = u128::from(usd_to_cents(Figure::MAX_VALUE_OF_TIME_USD_PER_DAY));
        let penalty = u128::from(usd_to_cents(Figure::MAX_TRANSFER_PENALTY_USD));
        t.generalised = t.cents * day + t.seconds * value_of_time + t.transfers * penalty * day;
        t
    }

    /// Whether every total a search can form on this network is an exact `u64`: the sums of
    /// [`Network::totals_bound`] are below 2^63, so that a walk's total plus an A* estimate of
    /// the rest of the route (never more than the rest itself) is below 2^64.
    ///
    /// # Errors
    /// Which total could overflow, and how far.
    pub fn check_totals(&self) -> Result<(), String> {
        let t = self.totals_bound();
        let limit = u128::from(u64::MAX / 2);
        for (what, total) in [
            ("seconds", t.seconds),
            ("cents", t.cents),
            ("grams of CO2e", t.co2_grams),
            ("metres", t.meters),
            ("generalised cost (balanced criterion)", t.generalised),
        ] {
            if total > limit {
                return Err(format!(
                    "the network's figures are too large to add exactly: a route through it \
                     could reach {total:.3e} {what}, above the 9.2e18 (2^63) an exact sum and \
                     its search estimate can hold",
                    total = total as f64
                ));
            }
        }
        Ok(())
    }

    /// The index of the node with this exact id.
    #[must_use]
    pub fn node_by_id(&self, id: &str) -> Option<NodeIdx> {
        self.nodes.iter().position(|n| n.id == id)
    }

    /// Emissions of one traversal of a link by one container of the network's cargo, in kg
    /// CO2e, tank-to-wheel: the intensity of the link (or its mode) × gross tonnes × km.
    #[must_use]
    pub fn link_co2_kg(&self, link: &Link) -> f64 {
        self.link_ttw_g_per_tonne_km(link) * self.cargo.gross_tonnes() * link.distance_km / 1_000.0
    }

    /// [`Network::link_co2_kg`] well-to-wheel.
    #[must_use]
    pub fn link_co2_wtw_kg(&self, link: &Link) -> f64 {
        let ttw = self.link_ttw_g_per_tonne_km(link);
        let mode_ttw = self.co2.ttw(link.mode);
        let wtw = if link.co2_kg_per_container_km.is_some() && mode_ttw > 0.0 {
            ttw * self.co2.wtw(link.mode) / mode_ttw
        } else if link.co2_kg_per_container_km.is_some() {
            ttw * Co2Factors::WTW_PER_TTW[link.mode.index()]
        } else {
            self.co2.wtw(link.mode)
        };
        wtw * self.cargo.gross_tonnes() * link.distance_km / 1_000.0
    }

    /// A link's tank-to-wheel intensity, g per tonne-km: its own factor, else its mode's.
    fn link_ttw_g_per_tonne_km(&self, link: &Link) -> f64 {
        link.co2_kg_per_container_km.map_or_else(
            || self.co2.ttw(link.mode),
            |kg| kg * 1_000.0 / Co2Factors::PER_CONTAINER_BASIS_TONNES,
        )
    }
}
