//! Batch comparison speed: many pairs × many scenarios with `corridor::batch::compare`, run in
//! parallel with rayon and sequentially in the same run, on the bundled network (1,000 pairs ×
//! the 9 shipped scenarios + an empty one) and on a synthetic grid network from
//! `corridor::generate` (10 scenarios built in code). The ratio of the two medians is the
//! parallel speed-up. Scenarios are applied once, outside the timed loop; each timed run builds
//! one planner per network and shares it across pairs.

use std::path::PathBuf;
use std::time::Duration;

use corridor::batch::{self, Options, Pair};
use corridor::generate::generate_network;
use corridor::network::{Mode, Network, NodeKind, load_bundled};
use corridor::scenario::{
    Action, Change, LinkFigures, LinkSelector, NodeFigures, NodeSelector, Scenario, load_file,
};
use corridor::search::Criterion;
use criterion::{BenchmarkId, Criterion as Bench, criterion_group, criterion_main};

/// `count` distinct ordered pairs of distinct nodes, spread over the network by a fixed stride.
fn pairs(net: &Network, count: usize) -> Vec<Pair> {
    let n = net.nodes.len();
    let total = n * (n - 1);
    let stride = (total / count).max(1) | 1;
    (0..count)
        .map(|i| {
            let k = (i * stride) % total;
            let from = k / (n - 1);
            let mut to = k % (n - 1);
            if to >= from {
                to += 1;
            }
            Pair { from, to }
        })
        .collect()
}

fn bundled_scenarios(base: &Network) -> Vec<(String, Network)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e == "toml"));
    files.sort();
    let mut out: Vec<(String, Network)> = files
        .iter()
        .filter_map(|f| {
            let s = load_file(f).ok()?;
            let applied = s.apply(base).ok()?;
            Some((s.name, applied.network))
        })
        .collect();
    out.push(("empty".to_owned(), base.clone()));
    out
}

fn synthetic_scenarios(base: &Network) -> Vec<(String, Network)> {
    let countries = ["KZ", "AZ", "GE", "TR", "UZ"];
    let mut actions: Vec<(String, Action)> = Vec::new();
    for c in countries {
        actions.push((
            format!("borders_{c}_closed"),
            Action::CloseNodes(NodeSelector {
                kind: Some(NodeKind::Border),
                country: Some(c.to_owned()),
                ..NodeSelector::default()
            }),
        ));
    }
    for (mode, name) in [
        (Mode::Ferry, "ferry"),
        (Mode::Sea, "sea"),
        (Mode::Road, "road"),
    ] {
        actions.push((
            format!("{name}_dearer_slower"),
            Action::ScaleLinks(
                LinkSelector {
                    mode: Some(mode),
                    ..LinkSelector::default()
                },
                LinkFigures {
                    hours: Some(1.4),
                    cost_usd: Some(1.7),
                    ..LinkFigures::default()
                },
            ),
        ));
    }
    actions.push((
        "border_dwell_halved".to_owned(),
        Action::ScaleNodes(
            NodeSelector {
                kind: Some(NodeKind::Border),
                ..NodeSelector::default()
            },
            NodeFigures {
                dwell_hours: Some(0.5),
                ..NodeFigures::default()
            },
        ),
    ));
    actions.push((
        "rail_cheaper".to_owned(),
        Action::ScaleLinks(
            LinkSelector {
                mode: Some(Mode::Rail),
                ..LinkSelector::default()
            },
            LinkFigures {
                cost_usd: Some(0.5),
                ..LinkFigures::default()
            },
        ),
    ));
    actions
        .into_iter()
        .filter_map(|(name, action)| {
            let mut s = Scenario::empty(&name);
            s.changes.push(Change::new(action));
            s.apply(base).ok().map(|a| (name, a.network))
        })
        .take(10)
        .collect()
}

fn bench_case(
    c: &mut Bench,
    group: &str,
    base: &Network,
    scenarios: &[(String, Network)],
    pairs: &[Pair],
) {
    let named: Vec<(&str, &Network)> = scenarios.iter().map(|(n, net)| (n.as_str(), net)).collect();
    let mut g = c.benchmark_group(group);
    g.sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(8));
    let label = format!("{}x{}", pairs.len(), named.len());
    for (name, parallel) in [("parallel", true), ("sequential", false)] {
        let options = Options {
            criterion: Criterion::Time,
            parallel,
            late_case: None,
            ..Options::default()
        };
        g.bench_with_input(BenchmarkId::new(name, &label), &options, |b, options| {
            b.iter(|| batch::compare(base, &named, pairs, options, &|_| {}));
        });
    }
    g.finish();
}

/// The shipped scenarios × the shipped pairs with the late case (each best route's P90, from
/// `corridor compare`'s 2,000 samples) against without it, in the same run.
fn late_case(c: &mut Bench, base: &Network, scenarios: &[(String, Network)]) {
    let named: Vec<(&str, &Network)> = scenarios.iter().map(|(n, net)| (n.as_str(), net)).collect();
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("scenarios/pairs.csv");
    let pairs = batch::read_pairs_file(&path, base).expect("the shipped pairs");
    let mut g = c.benchmark_group("compare_shipped_late_case");
    g.sample_size(20)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(8));
    let label = format!("{}x{}", pairs.len(), named.len());
    for (name, late) in [
        ("without", None),
        (
            "with_p90",
            Some(corridor::simulate::Options {
                samples: 2_000,
                ..corridor::simulate::Options::default()
            }),
        ),
    ] {
        let options = Options {
            criterion: Criterion::Time,
            parallel: true,
            late_case: late,
            ..Options::default()
        };
        g.bench_with_input(BenchmarkId::new(name, &label), &options, |b, options| {
            b.iter(|| batch::compare(base, &named, &pairs, options, &|_| {}));
        });
    }
    g.finish();
}

fn compare_benches(c: &mut Bench) {
    let base = match load_bundled() {
        Ok(l) => l.network,
        Err(e) => panic!("{}", e.render()),
    };
    let scenarios = bundled_scenarios(&base);
    late_case(c, &base, &scenarios);
    bench_case(
        c,
        "compare_bundled",
        &base,
        &scenarios,
        &pairs(&base, 1_000),
    );

    let synthetic = generate_network(1_000, 7);
    let scenarios = synthetic_scenarios(&synthetic);
    bench_case(
        c,
        "compare_synthetic_1000_nodes",
        &synthetic,
        &scenarios,
        &pairs(&synthetic, 200),
    );
}

criterion_group!(benches, compare_benches);
criterion_main!(benches);
