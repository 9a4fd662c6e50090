//! Synthetic multimodal networks for scaling tests and benchmarks: a reproducible grid of rail
//! and road links over a continent-sized area, split into countries with border crossings and
//! alternating rail gauges, with ports on the southern coast joined by ferry and sea services.
//! The same node count and seed always give the same network, byte for byte, written in the
//! normal network file format ([`generate_toml`]) or built directly ([`generate_network`]);
//! loading the first gives exactly the second.

use crate::network::geo::geodesic_km;
use crate::network::{
    Cargo, Co2Factors, Crew, Link, LinkLimits, Mode, Network, Node, NodeKind, NodeLimits,
    Variability,
};
use std::fmt::Write as _;

/// The fewest nodes a synthetic network can have.
pub const MIN_NODES: usize = 10;
/// The most nodes a synthetic network can have.
pub const MAX_NODES: usize = 2_000_000;

/// Countries of the bands from west to east, and their rail gauge in mm.
const COUNTRIES: [(&str, u32); 10] = [
    ("HU", 1435),
    ("RO", 1435),
    ("TR", 1435),
    ("GE", 1520),
    ("AZ", 1520),
    ("TM", 1520),
    ("UZ", 1520),
    ("KZ", 1520),
    ("CN", 1435),
    ("MN", 1520),
];

/// SplitMix64 (Steele, Lea and Flood, 2014): a tiny, fast, well-mixed 64-bit generator. Only
/// reproducibility matters here, not cryptographic strength.
#[derive(Debug, Clone)]
struct SplitMix64(u64);

impl SplitMix64 {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A float in [0, 1) with 53 random bits.
    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// A float in [low, high).
    fn range(&mut self, low: f64, high: f64) -> f64 {
        low + (high - low) * self.unit()
    }

    /// True with probability `p`.
    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }
}

/// Rounds to `decimals` places, up.
fn ceil_to(x: f64, decimals: i32) -> f64 {
    let scale = 10f64.powi(decimals);
    (x * scale).ceil() / scale
}

/// Rounds to `decimals` places, to nearest.
fn round_to(x: f64, decimals: i32) -> f64 {
    let scale = 10f64.powi(decimals);
    (x * scale).round() / scale
}

/// One generated node, before it becomes a [`Node`] or TOML text.
struct GenNode {
    kind: NodeKind,
    country: &'static str,
    lat: f64,
    lon: f64,
    /// (transfer hours, transfer USD, dwell hours, dwell USD); zeros are left out of the file.
    figures: [f64; 4],
}

/// One generated two-way link entry.
struct GenLink {
    from: usize,
    to: usize,
    mode: Mode,
    hours: f64,
    cost_usd: f64,
    distance_km: f64,
    departures_per_week: Option<f64>,
    gauge_mm: Option<u32>,
}

/// A whole generated network.
struct Plan {
    seed: u64,
    nodes: Vec<GenNode>,
    links: Vec<GenLink>,
}

/// Per-mode figures: (circuity range, speed range in km/h, USD per km range).
fn mode_figures(mode: Mode) -> ((f64, f64), (f64, f64), (f64, f64)) {
    match mode {
        Mode::Rail => ((1.1, 1.4), (35.0, 80.0), (0.12, 0.6)),
        Mode::Road => ((1.15, 1.35), (40.0, 75.0), (1.2, 1.8)),
        Mode::Ferry => ((1.05, 1.2), (12.0, 20.0), (1.0, 1.5)),
        Mode::Sea => ((1.2, 1.5), (22.0, 35.0), (0.1, 0.2)),
    }
}

impl Plan {
    fn new(nodes: usize, seed: u64) -> Plan {
        let n = nodes.clamp(MIN_NODES, MAX_NODES);
        let mut rng = SplitMix64(seed);
        // A grid about twice as wide as tall; the last row may be partial.
        let width = ((2 * n) as f64).sqrt().ceil().max(4.0) as usize;
        // Half a degree apart on small grids, squeezed to fit 80 degrees of longitude on big ones.
        let step_lon = (80.0 / width as f64).min(0.5);
        let step_lat = step_lon * 0.7;
        let bands = (width / 8).clamp(2, COUNTRIES.len());
        let band_of = |col: usize| col * bands / width;
        let port_every = (width / 4).clamp(2, 12);
        let mut out = Plan {
            seed,
            nodes: Vec::with_capacity(n),
            links: Vec::with_capacity(n * 5 / 2),
        };
        for k in 0..n {
            let (row, col) = (k / width, k % width);
            let band = band_of(col);
            let border = band > 0 && band_of(col - 1) != band;
            let port = row == 0 && col % port_every == port_every / 2;
            let lat = round_to(30.0 + (row as f64 + rng.range(-0.3, 0.3)) * step_lat, 5);
            let lon = round_to(30.0 + (col as f64 + rng.range(-0.3, 0.3)) * step_lon, 5);
            let (kind, figures) = if port {
                let figures = [
                    round_to(rng.range(6.0, 24.0), 1),
                    round_to(rng.range(100.0, 200.0), 0),
                    0.0,
                    0.0,
                ];
                (NodeKind::Port, figures)
            } else if border {
                let figures = [
                    round_to(rng.range(1.0, 8.0), 1),
                    round_to(rng.range(50.0, 200.0), 0),
                    round_to(rng.range(2.0, 30.0), 1),
                    round_to(rng.range(20.0, 300.0), 0),
                ];
                (NodeKind::Border, figures)
            } else {
                let roll = rng.unit();
                let kind = if roll < 0.02 {
                    NodeKind::DryPort
                } else if roll < 0.12 {
                    NodeKind::RailHub
                } else {
                    NodeKind::City
                };
                // Every terminal charges for changing mode, a city's road/rail yard less than a
                // hub; without it the fastest routes would hop between modes at every node.
                let figures = if kind == NodeKind::City {
                    [
                        round_to(rng.range(1.0, 4.0), 1),
                        round_to(rng.range(20.0, 60.0), 0),
                        0.0,
                        0.0,
                    ]
                } else {
                    [
                        round_to(rng.range(2.0, 12.0), 1),
                        round_to(rng.range(40.0, 150.0), 0),
                        0.0,
                        0.0,
                    ]
                };
                (kind, figures)
            };
            out.nodes.push(GenNode {
                kind,
                country: COUNTRIES[band].0,
                lat,
                lon,
                figures,
            });
        }
        // The rail and road grids: every neighbour pair gets rail, road or both.
        for k in 0..n {
            let col = k % width;
            let right = (col + 1 < width && k + 1 < n).then_some(k + 1);
            let down = (k + width < n).then_some(k + width);
            for next in [right, down].into_iter().flatten() {
                let rail = rng.chance(0.5);
                let road = !rail || rng.chance(0.3);
                // Rail carries the gauge of the band it leaves from, so that a border between
                // bands of different gauges is a gauge break.
                let gauge = COUNTRIES[band_of(k % width)].1;
                if rail {
                    let departures = rng.chance(0.1).then(|| round_to(rng.range(3.0, 14.0), 0));
                    out.push_link(&mut rng, k, next, Mode::Rail, departures, Some(gauge));
                }
                if road {
                    out.push_link(&mut rng, k, next, Mode::Road, None, None);
                }
            }
        }
        // Ferries between neighbouring ports, sea services between ports three apart.
        let ports: Vec<usize> = (0..width.min(n))
            .filter(|&c| c % port_every == port_every / 2)
            .collect();
        for (i, &a) in ports.iter().enumerate() {
            if let Some(&b) = ports.get(i + 1) {
                let departures = round_to(rng.range(3.0, 14.0), 1);
                out.push_link(&mut rng, a, b, Mode::Ferry, Some(departures), None);
            }
            if let Some(&b) = ports.get(i + 3) {
                let departures = round_to(rng.range(1.0, 3.0), 1);
                out.push_link(&mut rng, a, b, Mode::Sea, Some(departures), None);
            }
        }
        out
    }

    fn push_link(
        &mut self,
        rng: &mut SplitMix64,
        from: usize,
        to: usize,
        mode: Mode,
        departures_per_week: Option<f64>,
        gauge_mm: Option<u32>,
    ) {
        let (a, b) = (&self.nodes[from], &self.nodes[to]);
        let geodesic = geodesic_km(a.lat, a.lon, b.lat, b.lon);
        let ((c0, c1), (s0, s1), (r0, r1)) = mode_figures(mode);
        let distance_km = ceil_to(geodesic * rng.range(c0, c1), 3).max(0.001);
        let hours = round_to(distance_km / rng.range(s0, s1), 3).max(0.001);
        let cost_usd = round_to(distance_km * rng.range(r0, r1), 2);
        self.links.push(GenLink {
            from,
            to,
            mode,
            hours,
            cost_usd,
            distance_km,
            departures_per_week,
            gauge_mm,
        });
    }

    fn source(&self) -> String {
        format!(
            "synthetic: generated by corridor generate --seed {}",
            self.seed
        )
    }

    fn name(&self) -> String {
        format!("Synthetic {} nodes, seed {}", self.nodes.len(), self.seed)
    }

    /// Lines taken by a node entry (header included) and the blank line after it.
    fn node_lines(node: &GenNode) -> usize {
        9 + node.figures.iter().filter(|&&f| f != 0.0).count()
    }

    /// Lines taken by a link entry (header included) and the blank line after it.
    fn link_lines(link: &GenLink) -> usize {
        9 + usize::from(link.departures_per_week.is_some()) + usize::from(link.gauge_mm.is_some())
    }

    /// Lines before the first node entry.
    const HEADER_LINES: usize = 6;

    fn to_toml(&self) -> String {
        let source = self.source();
        let mut s = String::with_capacity(self.nodes.len() * 190 + self.links.len() * 190);
        let _ = write!(
            s,
            "# Synthetic network, generated by `corridor generate --nodes {} --seed {}`.\n\
             # Reproducible: the same command writes the same file, byte for byte.\n\n\
             [network]\nname = \"{}\"\n\n",
            self.nodes.len(),
            self.seed,
            self.name()
        );
        for (i, node) in self.nodes.iter().enumerate() {
            let _ = write!(
                s,
                "[[node]]\nid = \"n{i}\"\nname = \"{}\"\ncountry = \"{}\"\nkind = \"{}\"\nlat = {:?}\nlon = {:?}\n",
                node_name(node.kind, i),
                node.country,
                node.kind,
                node.lat,
                node.lon
            );
            for (key, value) in [
                "transfer_hours",
                "transfer_cost_usd",
                "dwell_hours",
                "dwell_cost_usd",
            ]
            .iter()
            .zip(node.figures)
            {
                if value != 0.0 {
                    let _ = writeln!(s, "{key} = {value:?}");
                }
            }
            let _ = write!(s, "source = \"{source}\"\n\n");
        }
        for link in &self.links {
            let _ = write!(
                s,
                "[[link]]\nfrom = \"n{}\"\nto = \"n{}\"\nmode = \"{}\"\nhours = {:?}\ncost_usd = {:?}\ndistance_km = {:?}\n",
                link.from, link.to, link.mode, link.hours, link.cost_usd, link.distance_km
            );
            if let Some(d) = link.departures_per_week {
                let _ = writeln!(s, "departures_per_week = {d:?}");
            }
            if let Some(g) = link.gauge_mm {
                let _ = writeln!(s, "gauge_mm = {g}");
            }
            let _ = write!(s, "source = \"{source}\"\n\n");
        }
        s
    }

    fn to_network(&self) -> Network {
        let source = self.source();
        let mut line = Self::HEADER_LINES + 1;
        let mut nodes = Vec::with_capacity(self.nodes.len());
        for (i, node) in self.nodes.iter().enumerate() {
            let [
                transfer_hours,
                transfer_cost_usd,
                dwell_hours,
                dwell_cost_usd,
            ] = node.figures;
            nodes.push(Node {
                id: format!("n{i}"),
                name: node_name(node.kind, i),
                aliases: Vec::new(),
                country: node.country.to_owned(),
                kind: node.kind,
                lat: node.lat,
                lon: node.lon,
                transfer_hours,
                transfer_cost_usd,
                dwell_hours,
                dwell_cost_usd,
                variability: Variability::default(),
                operator: None,
                limits: NodeLimits::default(),
                source: Some(source.clone()),
                line,
            });
            line += Self::node_lines(node);
        }
        let mut links = Vec::with_capacity(self.links.len() * 2);
        for (entry, link) in self.links.iter().enumerate() {
            let forward = Link {
                id: None,
                from: link.from,
                to: link.to,
                mode: link.mode,
                hours: link.hours,
                cost_usd: link.cost_usd,
                distance_km: link.distance_km,
                departures_per_week: link.departures_per_week,
                gauge_mm: link.gauge_mm,
                co2_kg_per_container_km: None,
                limits: LinkLimits::default(),
                operator: None,
                source: Some(source.clone()),
                waypoints: Vec::new(),
                variability: Variability::default(),
                crew: Crew::Single,
                entry,
                line,
            };
            let reverse = Link {
                from: link.to,
                to: link.from,
                ..forward.clone()
            };
            links.push(forward);
            links.push(reverse);
            line += Self::link_lines(link);
        }
        Network {
            name: self.name(),
            nodes,
            links,
            co2: Co2Factors::GLEC_DEFAULT,
            cargo: Cargo::default(),
            co2_source: None,
            weather_groups: Vec::new(),
        }
    }
}

/// The display name of a generated node: its kind and number (`Port 5`), unique in the file.
fn node_name(kind: NodeKind, i: usize) -> String {
    let kind = match kind {
        NodeKind::City => "City",
        NodeKind::RailHub => "Rail hub",
        NodeKind::Border => "Border",
        NodeKind::Port => "Port",
        NodeKind::DryPort => "Dry port",
    };
    format!("{kind} {i}")
}

/// A synthetic network of `nodes` nodes (clamped to [`MIN_NODES`]..=[`MAX_NODES`]) in the
/// network file format; the same arguments always give the same text.
///
/// About 2.3 two-way link entries per node: a rail and road grid (rail gauges alternate between
/// country bands, border nodes charge dwell and a gauge-change transfer), plus ferry and sea
/// services between ports on the southern row. O(nodes) time and memory.
///
/// ```
/// let text = corridor::generate::generate_toml(1_000, 7);
/// assert_eq!(text, corridor::generate::generate_toml(1_000, 7));
/// let loaded = corridor::network::load_str(&text, "synthetic.toml").unwrap();
/// assert!(loaded.warnings.is_empty());
/// assert_eq!(loaded.network.nodes.len(), 1_000);
/// ```
#[must_use]
pub fn generate_toml(nodes: usize, seed: u64) -> String {
    Plan::new(nodes, seed).to_toml()
}

/// The network that loading [`generate_toml`]`(nodes, seed)` gives, built without the text
/// (much faster for a million nodes). O(nodes) time and memory.
///
/// ```
/// let net = corridor::generate::generate_network(1_000, 7);
/// let text = corridor::generate::generate_toml(1_000, 7);
/// assert_eq!(corridor::network::load_str(&text, "s.toml").unwrap().network, net);
/// ```
#[must_use]
pub fn generate_network(nodes: usize, seed: u64) -> Network {
    Plan::new(nodes, seed).to_network()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::network::load_str;

    #[test]
    fn splitmix64_matches_reference_values() {
        // First outputs for seed 0 as published with the reference implementation.
        let mut rng = SplitMix64(0);
        assert_eq!(rng.next_u64(), 0xE220_A839_7B1D_CDAF);
        assert_eq!(rng.next_u64(), 0x6E78_9E6A_A1B9_65F4);
    }

    #[test]
    fn loads_without_problems_and_equals_the_direct_build() {
        for (nodes, seed) in [(10, 0), (57, 3), (1_000, 42), (5_000, 9)] {
            let text = generate_toml(nodes, seed);
            let loaded = load_str(&text, "synthetic.toml").expect("loads");
            assert!(
                loaded.warnings.is_empty(),
                "{nodes} nodes, seed {seed}: {:?}",
                loaded.warnings.first()
            );
            assert_eq!(loaded.network, generate_network(nodes, seed));
        }
    }

    #[test]
    fn every_mode_and_kind_appears_and_seeds_differ() {
        let net = generate_network(2_000, 1);
        for mode in Mode::ALL {
            assert!(net.links.iter().any(|l| l.mode == mode), "{mode}");
        }
        for kind in NodeKind::ALL {
            assert!(net.nodes.iter().any(|n| n.kind == kind), "{kind}");
        }
        assert_ne!(generate_toml(2_000, 1), generate_toml(2_000, 2));
    }
}
