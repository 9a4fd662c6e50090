//! Loading and validating large networks: `network::load_str` (TOML parse, field reading,
//! validation, build) on generated files of 10,000, 100,000 and 1,000,000 links, to show that
//! time grows near-linearly with the file. Throughput is reported in links per second; the
//! memory figures in docs/references.md were measured with `/usr/bin/time -v corridor validate`
//! on files written by `network_text`.

use std::fmt::Write as _;
use std::time::Duration;

use corridor::network::load_str;
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};

/// A valid network of `links` one-way (`two_way = false`) rail links over `links / 4` nodes:
/// link `i` joins node `i % n` to a node a fixed stride away, so every node has about four.
fn network_text(links: usize) -> String {
    let nodes = (links / 4).max(2);
    let mut text = String::with_capacity(links * 130 + nodes * 120);
    text.push_str("[network]\nname = \"load bench\"\n");
    for i in 0..nodes {
        let _ = write!(
            text,
            "\n[[node]]\nid = \"n{i}\"\nname = \"Node {i}\"\ncountry = \"KZ\"\nkind = \"rail_hub\"\n\
             lat = {:.4}\nlon = {:.4}\n",
            40.0 + (i % 1000) as f64 * 0.001,
            50.0 + (i / 1000) as f64 * 0.001
        );
    }
    for i in 0..links {
        let from = i % nodes;
        let step = 1 + (i / nodes) * 7;
        let to = (from + step) % nodes;
        let to = if to == from { (to + 1) % nodes } else { to };
        let _ = write!(
            text,
            "\n[[link]]\nfrom = \"n{from}\"\nto = \"n{to}\"\nmode = \"rail\"\nhours = 20.0\n\
             cost_usd = 100.0\ndistance_km = 900.0\ntwo_way = false\nsource = \"generated\"\n"
        );
    }
    text
}

fn load(c: &mut Criterion) {
    let mut group = c.benchmark_group("load_str");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(20));
    for links in [10_000, 100_000, 1_000_000] {
        let text = network_text(links);
        // The generated file must load, or the bench would time the error path.
        if let Err(e) = load_str(&text, "bench.toml") {
            panic!("generated network does not load: {}", e.render());
        }
        group.throughput(Throughput::Elements(links as u64));
        group.bench_with_input(BenchmarkId::from_parameter(links), &text, |b, text| {
            b.iter(|| load_str(text, "bench.toml").map(|l| l.network.links.len()));
        });
    }
    group.finish();
}

criterion_group!(benches, load);
criterion_main!(benches);
