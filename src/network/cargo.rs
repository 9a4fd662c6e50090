//! What is in the box: the container type, the tonnes of cargo and whether it is dangerous
//! goods; how each changes a network's figures (cost by mode, handling at transfers, the
//! gross mass that emissions are computed from), and the limits of links that refuse it.
//! Every factor here is cited in `docs/cargo.md`, or marked there as an estimate with how it
//! was made.

use super::{Link, Mode, Network};
use std::fmt;

/// A container type, as `--container` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum Container {
    /// A twenty-foot dry container (one TEU).
    Twenty,
    /// A forty-foot dry container (one FEU), the unit every network figure is given for.
    #[default]
    Forty,
    /// A forty-foot high cube.
    FortyHighCube,
    /// A forty-five-foot high cube.
    FortyFive,
    /// A twenty-foot refrigerated container (reefer).
    Reefer20,
    /// A forty-foot refrigerated container (reefer), which needs power and a link that takes
    /// reefers.
    Reefer40,
}

impl Container {
    /// Every type, in a fixed order.
    pub const ALL: [Container; 6] = [
        Container::Twenty,
        Container::Forty,
        Container::FortyHighCube,
        Container::FortyFive,
        Container::Reefer20,
        Container::Reefer40,
    ];

    /// The name `--container` takes: `20`, `40`, `40hc`, `45`, `reefer20`, `reefer40`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Container::Twenty => "20",
            Container::Forty => "40",
            Container::FortyHighCube => "40hc",
            Container::FortyFive => "45",
            Container::Reefer20 => "reefer20",
            Container::Reefer40 => "reefer40",
        }
    }

    /// Parses a name as `--container` and tariff files write it.
    #[must_use]
    pub fn parse(s: &str) -> Option<Container> {
        Container::ALL.into_iter().find(|c| c.as_str() == s)
    }

    /// The type as people write it: `20'`, `40'`, `40' high cube`, `45' high cube`,
    /// `20' reefer`, `40' reefer`.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Container::Twenty => "20'",
            Container::Forty => "40'",
            Container::FortyHighCube => "40' high cube",
            Container::FortyFive => "45' high cube",
            Container::Reefer20 => "20' reefer",
            Container::Reefer40 => "40' reefer",
        }
    }

    /// Whether the container is refrigerated.
    #[must_use]
    pub fn is_reefer(self) -> bool {
        matches!(self, Container::Reefer20 | Container::Reefer40)
    }

    /// Empty mass in tonnes: 2.30, 3.75, 3.94, 4.82, 3.08, 4.80 (ISO 668 / ISO 1496 typical tares
    /// as tabled by FreightUtils; see `docs/cargo.md`).
    #[must_use]
    pub fn tare_tonnes(self) -> f64 {
        match self {
            Container::Twenty => 2.30,
            Container::Forty => 3.75,
            Container::FortyHighCube => 3.94,
            Container::FortyFive => 4.82,
            Container::Reefer20 => 3.08,
            Container::Reefer40 => 4.80,
        }
    }

    /// The most a loaded container may weigh, tonnes: the ISO rating of 30.48 t for every
    /// type here.
    #[must_use]
    pub fn max_gross_tonnes(self) -> f64 {
        30.48
    }

    /// The share of a forty-foot container's freight rate this type pays on a mode, by
    /// `[rail, road, ferry, sea]` (estimates from published tariffs; see `docs/cargo.md`):
    /// a 20' pays 0.65 by rail and ferry, 0.70 by sea and a whole truck by road; a high cube
    /// pays as a 40'; a 45' 1.25 by sea; a 40' reefer 1.5 on every mode, a 20' reefer the
    /// 20' share × 1.5.
    #[must_use]
    pub fn cost_factor(self, mode: Mode) -> f64 {
        let by_mode: [f64; 4] = match self {
            Container::Twenty => [0.65, 1.0, 0.65, 0.70],
            Container::Forty | Container::FortyHighCube => [1.0; 4],
            Container::FortyFive => [1.0, 1.0, 1.0, 1.25],
            Container::Reefer20 => [0.975, 1.5, 0.975, 1.05],
            Container::Reefer40 => [1.5; 4],
        };
        by_mode[mode.index()]
    }

    /// The share of a forty-foot container's handling charge this type pays at a transfer
    /// (a lift between modes or gauges): 0.80 for a 20' (Maersk's Bulgarian terminal
    /// handling, EUR 205 against 255) and a 20' reefer, 1 for the others.
    #[must_use]
    pub fn handling_factor(self) -> f64 {
        match self {
            Container::Twenty | Container::Reefer20 => 0.80,
            _ => 1.0,
        }
    }

    /// USD added to each transfer on top of the handling charge: 180 for a reefer (Maersk
    /// Chornomorsk, USD 560 for a 40' reefer against 380 for a 40' dry, and 520 for a 20'
    /// reefer against 340 for a 20' dry), else 0.
    #[must_use]
    pub fn handling_surcharge_usd(self) -> f64 {
        if self.is_reefer() { 180.0 } else { 0.0 }
    }
}

impl fmt::Display for Container {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// USD added to each transfer of dangerous goods: an estimate from Maersk's Bulgarian
/// terminal handling, EUR 360 for a 40' of dangerous goods against 255 dry (EUR 105, about
/// USD 110).
pub const DANGEROUS_GOODS_HANDLING_USD: f64 = 110.0;

/// The tonnes of cargo a container carries when the query does not say (`--cargo-tonnes`):
/// 10 t, the basis the network's per-container factors have always assumed.
pub const DEFAULT_CARGO_TONNES: f64 = 10.0;

/// What one container carries: its type, its cargo and whether the cargo is dangerous goods.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cargo {
    /// The container type.
    pub container: Container,
    /// Tonnes of cargo, without the container.
    pub cargo_tonnes: f64,
    /// Whether the cargo is dangerous goods (classed for transport).
    pub dangerous_goods: bool,
}

impl Default for Cargo {
    /// A 40' with [`DEFAULT_CARGO_TONNES`] of ordinary cargo: the unit every network figure
    /// is given for.
    fn default() -> Self {
        Cargo {
            container: Container::Forty,
            cargo_tonnes: DEFAULT_CARGO_TONNES,
            dangerous_goods: false,
        }
    }
}

impl Cargo {
    /// Cargo plus the container's tare, tonnes: the mass emissions are computed from.
    #[must_use]
    pub fn gross_tonnes(&self) -> f64 {
        self.cargo_tonnes + self.container.tare_tonnes()
    }

    /// Gross mass in whole kilograms, as limits compare it.
    #[must_use]
    pub fn gross_kg(&self) -> u64 {
        crate::units::kg_to_grams(self.gross_tonnes()) // tonnes × 1,000 = kg
    }

    /// The cargo in words: `40' reefer · 12 t cargo (16.8 t gross) · dangerous goods`.
    #[must_use]
    pub fn describe(&self) -> String {
        let mut out = format!(
            "{} · {} t cargo ({} t gross)",
            self.container.label(),
            tonnes(self.cargo_tonnes),
            tonnes(self.gross_tonnes())
        );
        if self.dangerous_goods {
            out.push_str(" · dangerous goods");
        }
        out
    }

    /// Why the container may not exceed its rating, when it does: the message for a
    /// `--cargo-tonnes` that is too heavy.
    #[must_use]
    pub fn overweight(&self) -> Option<String> {
        let most = self.container.max_gross_tonnes();
        (self.gross_tonnes() > most + 1e-9).then(|| {
            format!(
                "{} t of cargo in a {} ({} t empty) weighs {} t, above the {} t a container \
                 may weigh (ISO 668); at most {} t of cargo fits",
                tonnes(self.cargo_tonnes),
                self.container.label(),
                tonnes(self.container.tare_tonnes()),
                tonnes(self.gross_tonnes()),
                tonnes(most),
                tonnes(most - self.container.tare_tonnes()),
            )
        })
    }

    /// What this cargo needs of `network`'s links that some of them refuse: the constraints
    /// of a query for it (a need no link refuses constrains nothing, and is left out).
    #[must_use]
    pub fn limits_in(&self, network: &Network) -> Vec<Limit> {
        self.limits()
            .into_iter()
            .filter(|&need| network.links.iter().any(|l| network.refuses(need, l)))
            .collect()
    }

    /// What this cargo needs of every link it uses: its gross mass always, a link that takes
    /// reefers for a reefer, one that takes dangerous goods for dangerous goods.
    #[must_use]
    pub fn limits(&self) -> Vec<Limit> {
        let mut out = vec![Limit::GrossKg(self.gross_kg())];
        if self.container.is_reefer() {
            out.push(Limit::Reefer);
        }
        if self.dangerous_goods {
            out.push(Limit::DangerousGoods);
        }
        out
    }
}

/// Tonnes as a query writes them: `12`, `16.8`, `13.75`.
#[must_use]
pub fn tonnes(t: f64) -> String {
    let rounded = (t * 100.0).round() / 100.0;
    if rounded.fract() == 0.0 {
        format!("{rounded:.0}")
    } else {
        let text = format!("{rounded:.2}");
        text.trim_end_matches('0').to_owned()
    }
}

/// What a link may refuse: limits it states in the network file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LinkLimits {
    /// The heaviest container, cargo and tare, the link takes, in kg (`max_gross_tonnes`);
    /// `None` for no limit below the container's own rating.
    pub max_gross_kg: Option<u64>,
    /// Whether the link refuses reefers (`reefer = false`: no power or service for them).
    pub no_reefer: bool,
    /// Whether the link refuses dangerous goods (`dangerous_goods = false`).
    pub no_dangerous_goods: bool,
}

impl LinkLimits {
    /// Whether the link states no limit.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        *self == LinkLimits::default()
    }
}

/// What a node may refuse: limits it states in the network file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct NodeLimits {
    /// Whether the node refuses reefers (`reefer = false`: no plugs or service for them).
    pub no_reefer: bool,
    /// Whether the node refuses dangerous goods (`dangerous_goods = false`).
    pub no_dangerous_goods: bool,
}

/// One need of a query's cargo that a link's limits may refuse; a constraint of the search
/// like `--avoid`, so that a route that breaks one is not offered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Limit {
    /// The container weighs this many kg, cargo and tare.
    GrossKg(u64),
    /// The container is a reefer.
    Reefer,
    /// The cargo is dangerous goods.
    DangerousGoods,
}

impl Limit {
    /// Whether `link` itself refuses this need (its nodes aside: [`Network::refuses`]).
    #[must_use]
    pub fn refused_by(self, link: &Link) -> bool {
        match self {
            Limit::GrossKg(kg) => link.limits.max_gross_kg.is_some_and(|most| kg > most),
            Limit::Reefer => link.limits.no_reefer,
            Limit::DangerousGoods => link.limits.no_dangerous_goods,
        }
    }

    /// What the links that refuse it do not take, for a "no route" message: `take no
    /// reefers`, `take no dangerous goods`, `take less than 26.8 t gross`.
    #[must_use]
    pub fn refusal(self) -> String {
        match self {
            Limit::GrossKg(kg) => format!("take less than {} t gross", tonnes(kg as f64 / 1e3)),
            Limit::Reefer => "take no reefers".to_owned(),
            Limit::DangerousGoods => "take no dangerous goods".to_owned(),
        }
    }

    /// The need as the command line states it: `the reefer (--container reefer20 or
    /// reefer40)`, `--dangerous-goods`,
    /// `the 26.8 t gross mass`.
    #[must_use]
    pub fn describe(self) -> String {
        match self {
            Limit::GrossKg(kg) => format!("the {} t gross mass", tonnes(kg as f64 / 1e3)),
            Limit::Reefer => "the reefer (--container reefer20 or reefer40)".to_owned(),
            Limit::DangerousGoods => "--dangerous-goods".to_owned(),
        }
    }
}

impl Network {
    /// Whether `link` may not carry a container with `need`: the link refuses it, or a node it
    /// leaves or reaches does (a route cannot pass a node that refuses its box).
    #[must_use]
    pub fn refuses(&self, need: Limit, link: &Link) -> bool {
        let node_refuses = |n: usize| {
            let limits = &self.nodes[n].limits;
            match need {
                Limit::GrossKg(_) => false,
                Limit::Reefer => limits.no_reefer,
                Limit::DangerousGoods => limits.no_dangerous_goods,
            }
        };
        need.refused_by(link) || node_refuses(link.from) || node_refuses(link.to)
    }

    /// The network's figures for one container of `cargo`: every link's cost scaled by the
    /// container type's factor for its mode, every transfer's by its handling factor plus its
    /// reefer and dangerous-goods surcharges, and emissions for its gross mass. The default
    /// cargo (a 40' of 10 t) leaves every cost as it is. Limits are not applied here: they
    /// are constraints of the search ([`Cargo::limits`]). O(nodes + links).
    #[must_use]
    pub fn for_cargo(&self, cargo: &Cargo) -> Network {
        let mut out = self.clone();
        let container = cargo.container;
        for link in &mut out.links {
            link.cost_usd *= container.cost_factor(link.mode);
        }
        let surcharge = container.handling_surcharge_usd()
            + if cargo.dangerous_goods {
                DANGEROUS_GOODS_HANDLING_USD
            } else {
                0.0
            };
        for node in &mut out.nodes {
            node.transfer_cost_usd =
                node.transfer_cost_usd * container.handling_factor() + surcharge;
        }
        out.cargo = *cargo;
        out
    }
}

impl Network {
    /// The network without the links that refuse one of `needs`: for searches that take no
    /// constraints (a matrix's route trees). Node indices are unchanged; link indices are not.
    #[must_use]
    pub fn without_links_refusing(&self, needs: &[Limit]) -> Network {
        let mut out = self.clone();
        out.links
            .retain(|link| !needs.iter().any(|&need| self.refuses(need, link)));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_parse_back_and_tonnes_read_short() {
        for c in Container::ALL {
            assert_eq!(Container::parse(c.as_str()), Some(c));
        }
        assert_eq!(Container::parse("40HC"), None);
        assert_eq!(tonnes(12.0), "12");
        assert_eq!(tonnes(13.75), "13.75");
        assert_eq!(tonnes(16.8), "16.8");
    }

    #[test]
    fn gross_mass_adds_the_tare_and_the_rating_caps_it() {
        let cargo = Cargo {
            container: Container::Reefer40,
            cargo_tonnes: 12.0,
            dangerous_goods: false,
        };
        assert_eq!(cargo.gross_kg(), 16_800);
        assert_eq!(cargo.limits(), [Limit::GrossKg(16_800), Limit::Reefer]);
        assert!(cargo.overweight().is_none());
        let heavy = Cargo {
            cargo_tonnes: 26.0,
            ..cargo
        };
        let message = heavy.overweight().expect("too heavy");
        assert!(
            message.contains("at most 25.68 t of cargo fits"),
            "{message}"
        );
    }
}
