//! The planner against independent implementations: the k best routes on random single-mode
//! networks against pathfinding's `yen` (same sequence of costs), `one_to_all` against `best`
//! for every destination (also at a size where `best` uses landmark bounds), and synthetic networks from `corridor generate` (byte-identical
//! output for a seed, loadable without a warning, searchable end to end).

use corridor::generate::{generate_network, generate_toml};
use corridor::network::{
    Cargo, Co2Factors, Crew, Link, LinkLimits, Mode, Network, Node, NodeKind, NodeLimits,
    Variability, load_str,
};
use corridor::search::{Constraints, Criterion, Planner};
use corridor::units::{hours_to_seconds, usd_to_cents};
use proptest::prelude::*;
use rayon::prelude::*;
use std::process::Command;

/// A single-mode network: rail links without gauge or timetable, nodes without dwell or
/// transfer charges, and no parallel links (Yen tells paths apart by their nodes only).
/// Links are (from, to, tenths of an hour, USD).
fn single_mode(n: usize, raw: &[(usize, usize, u16, u16)]) -> Network {
    let mut pairs = std::collections::HashSet::new();
    let nodes = (0..n)
        .map(|i| Node {
            id: format!("n{i}"),
            name: format!("Node {i}"),
            aliases: vec![],
            country: "KZ".into(),
            kind: NodeKind::City,
            lat: 40.0 + i as f64 * 0.1,
            lon: 50.0 + (i % 3) as f64 * 0.1,
            transfer_hours: 0.0,
            transfer_cost_usd: 0.0,
            dwell_hours: 0.0,
            dwell_cost_usd: 0.0,
            variability: Variability::default(),
            operator: None,
            limits: NodeLimits::default(),
            source: None,
            line: 0,
        })
        .collect();
    let links = raw
        .iter()
        .filter(|l| l.0 % n != l.1 % n && pairs.insert((l.0 % n, l.1 % n)))
        .enumerate()
        .map(|(entry, &(from, to, tenths, usd))| Link {
            id: None,
            from: from % n,
            to: to % n,
            mode: Mode::Rail,
            hours: f64::from(tenths) / 10.0 + 0.1,
            cost_usd: f64::from(usd),
            distance_km: 1.0,
            departures_per_week: None,
            gauge_mm: None,
            co2_kg_per_container_km: None,
            limits: LinkLimits::default(),
            operator: None,
            source: None,
            waypoints: vec![],
            variability: Variability::default(),
            crew: Crew::Single,
            entry,
            line: 0,
        })
        .collect();
    Network {
        name: "single mode".into(),
        nodes,
        links,
        co2: Co2Factors::default(),
        cargo: Cargo::default(),
        co2_source: None,
        weather_groups: Vec::new(),
    }
}

/// The k best costs by pathfinding's Yen on the route definition written out independently: on
/// a single-mode network every link has the same class, so a route never arrives at a node
/// twice nor leaves one twice (the origin included): it is a path simple in nodes, which is
/// what Yen enumerates. The weight is seconds then cents in one u128, the order of the
/// planner's time key.
fn yen_costs(net: &Network, from: usize, to: usize, k: usize) -> Vec<u128> {
    let weight = |l: &Link| {
        (u128::from(hours_to_seconds(l.hours)) << 64) | u128::from(usd_to_cents(l.cost_usd))
    };
    pathfinding::directed::yen::yen(
        &from,
        |&x: &usize| {
            net.links
                .iter()
                .filter(|l| l.from == x)
                .map(|l| (l.to, weight(l)))
                .collect::<Vec<_>>()
        },
        |&x| x == to,
        k,
    )
    .into_iter()
    .map(|(_, cost)| cost)
    .collect()
}

fn arb_single_mode() -> impl Strategy<Value = Network> {
    (
        2usize..9,
        prop::collection::vec((0usize..9, 0usize..9, 0u16..60, 0u16..50), 1..30),
    )
        .prop_map(|(n, links)| single_mode(n, &links))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn k_best_costs_match_yen(net in arb_single_mode(), from in 0usize..9, to in 0usize..9, k in 1usize..12) {
        let n = net.nodes.len();
        let (from, to) = (from % n, to % n);
        prop_assume!(from != to);
        let found = Planner::new(&net).k_best(from, to, Criterion::Time, &Constraints::default(), k);
        prop_assert!(!found.truncated);
        let ours: Vec<u128> = found
            .routes
            .iter()
            .map(|r| (u128::from(r.metrics.seconds) << 64) | u128::from(r.metrics.cents))
            .collect();
        prop_assert_eq!(ours, yen_costs(&net, from, to, k));
    }

    #[test]
    fn one_to_all_equals_best_for_every_destination(seed in 0u64..1_000, criterion in 0usize..4) {
        let net = generate_network(60, seed);
        let planner = Planner::new(&net);
        let criterion = [Criterion::Time, Criterion::Cost, Criterion::Transfers, Criterion::Co2][criterion];
        let from = (seed as usize) % net.nodes.len();
        let keys = planner.one_to_all(from, criterion);
        for (to, key) in keys.iter().enumerate() {
            let best = planner.best(from, to, criterion, &Constraints::default());
            prop_assert_eq!(key, best.map(|r| criterion.key(&r.metrics)), "to {}", to);
        }
    }
}

/// On a network large enough for landmark bounds (over 100,000 states), A* with landmarks
/// (`best`) and plain one-to-all Dijkstra agree on every key, for each criterion that has
/// landmarks and for transfers, which has none.
#[test]
fn landmark_a_star_agrees_with_one_to_all_on_a_large_network() {
    let net = generate_network(40_000, 5);
    let planner = Planner::new(&net);
    assert!(planner.graph().state_count() > 100_000);
    let none = Constraints::default();
    for criterion in [
        Criterion::Time,
        Criterion::Cost,
        Criterion::Co2,
        Criterion::Transfers,
    ] {
        let from = 12_345;
        // The first queries of a criterion run at once on rayon's threads, as `compare` runs
        // them: the landmarks are built once, by one of them, while the others wait.
        let targets: Vec<usize> = (0..net.nodes.len()).step_by(4_999).collect();
        let bests: Vec<_> = targets
            .par_iter()
            .map(|&to| planner.best(from, to, criterion, &none))
            .collect();
        let keys = planner.one_to_all(from, criterion);
        for (&to, best) in targets.iter().zip(bests) {
            assert_eq!(
                keys.key(to),
                best.map(|r| criterion.key(&r.metrics)),
                "{criterion:?} to {to}"
            );
        }
    }
}

#[test]
fn generated_networks_are_reproducible_and_load_cleanly() {
    let text = generate_toml(3_000, 42);
    assert_eq!(text, generate_toml(3_000, 42));
    assert_ne!(text, generate_toml(3_000, 43));
    let loaded = load_str(&text, "synthetic.toml").expect("loads");
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings.first());
    let net = loaded.network;
    assert_eq!(net.nodes.len(), 3_000);
    for link in &net.links {
        assert_eq!(
            link.source.as_deref(),
            Some("synthetic: generated by corridor generate --seed 42")
        );
    }
    // Opposite corners of the grid are joined, by a route that uses more than one mode.
    let planner = Planner::new(&net);
    let route = planner
        .best(
            0,
            net.nodes.len() - 1,
            Criterion::Time,
            &Constraints::default(),
        )
        .expect("a route across the grid");
    assert!(route.steps.len() > 20);
    assert!(route.metrics.transfers > 0);
}

#[test]
fn the_generate_command_writes_the_same_file_twice_and_validate_accepts_it() {
    let dir = std::env::temp_dir().join(format!("corridor-generate-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let (a, b) = (dir.join("a.toml"), dir.join("b.toml"));
    for path in [&a, &b] {
        let status = Command::new(env!("CARGO_BIN_EXE_corridor"))
            .args(["generate", "--nodes", "1000", "--seed", "7", "--out"])
            .arg(path)
            .status()
            .expect("runs");
        assert!(status.success());
    }
    let text = std::fs::read(&a).expect("written");
    assert_eq!(text, std::fs::read(&b).expect("written"));
    let out = Command::new(env!("CARGO_BIN_EXE_corridor"))
        .arg("validate")
        .arg(&a)
        .output()
        .expect("runs");
    assert!(out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("ok: 1000 nodes") && stdout.contains("0 warning(s)"),
        "{stdout}"
    );
    let bad = Command::new(env!("CARGO_BIN_EXE_corridor"))
        .args(["generate", "--nodes", "3"])
        .output()
        .expect("runs");
    assert_eq!(bad.status.code(), Some(2));
    let _ = std::fs::remove_dir_all(&dir);
}
