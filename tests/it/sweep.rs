//! `corridor matrix`, `--shard I/N` and `corridor merge`: a matrix's cells are the routes
//! `route` finds, its output is byte-identical whatever the thread count; for every shard
//! count from 1 to 5 and files in any order, merged shards are byte-identical to the whole
//! run for compare, matrix and check in every format; a merge refuses missing, duplicate, cut
//! and foreign files with exit 2 and writes nothing.

use std::path::{Path, PathBuf};
use std::process::Output;

use super::cli::{corridor, corridor_with_env, stderr, stdout};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fresh folder for one test.
fn folder(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("corridor-sweep-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

fn path(p: &Path) -> &str {
    p.to_str().expect("UTF-8 path")
}

fn ok(o: &Output) -> String {
    assert_eq!(o.status.code(), Some(0), "{}", stderr(o));
    stdout(o)
}

/// Origins and destinations files on the bundled network: a plain list and a CSV.
fn places(dir: &Path) -> (PathBuf, PathBuf) {
    let origins = dir.join("origins.txt");
    let destinations = dir.join("destinations.csv");
    std::fs::write(
        &origins,
        "# origins\nAlmaty\nXi'an\nAktau\nTashkent\nBaku\nUrumqi\nIstanbul\n",
    )
    .expect("write");
    std::fs::write(
        &destinations,
        "country,place\nRO,Bucharest\nDE,Duisburg\nAZ,Baku\nGE,Poti\nKZ,Almaty\nPL,Warsaw\n",
    )
    .expect("write");
    (origins, destinations)
}

/// A permutation of `0..n` that differs with `seed` (a linear congruential shuffle).
fn shuffled(n: usize, seed: usize) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    let mut x = (seed as u64).wrapping_mul(2_862_933_555_777_941_757) ^ 0xb504_f32d;
    for i in (1..n).rev() {
        x = x
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        order.swap(i, (x >> 33) as usize % (i + 1));
    }
    order
}

/// Runs `args` as shards 0/n .. n-1/n into files of `dir`, and returns them in a shuffled
/// order.
fn shards(dir: &Path, args: &[&str], n: usize, tag: &str) -> Vec<String> {
    let files: Vec<String> = (0..n)
        .map(|i| {
            let file = dir.join(format!("{tag}-{i}-of-{n}.jsonl"));
            let shard = format!("{i}/{n}");
            let mut a = args.to_vec();
            a.extend(["--shard", &shard, "--output", path(&file)]);
            ok(&corridor(&a));
            file.to_str().expect("UTF-8").to_owned()
        })
        .collect();
    shuffled(n, n + tag.len())
        .into_iter()
        .map(|i| files[i].clone())
        .collect()
}

/// `corridor merge FILES [extra]`.
fn merge(files: &[String], extra: &[&str]) -> Output {
    let mut a = vec!["merge"];
    a.extend(files.iter().map(String::as_str));
    a.extend_from_slice(extra);
    corridor(&a)
}

#[test]
fn merged_matrix_shards_are_the_whole_matrix() {
    let dir = folder("matrix");
    let (o, d) = places(&dir);
    for optimize in ["time", "co2"] {
        let args = [
            "matrix",
            "--origins",
            path(&o),
            "--destinations",
            path(&d),
            "--optimize",
            optimize,
        ];
        let csv = ok(&corridor(&args));
        let json = ok(&corridor(&[&args[..], &["--format", "json"]].concat()));
        assert_eq!(csv.lines().count(), 1 + 7 * 6);
        serde_json::from_str::<serde_json::Value>(&json).expect("the JSON parses");
        for n in 1..=5 {
            let files = shards(&dir, &args, n, optimize);
            assert_eq!(stdout(&merge(&files, &[])), csv, "{n} shards");
            assert_eq!(
                stdout(&merge(&files, &["--format", "json"])),
                json,
                "{n} shards"
            );
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn matrix_cells_are_the_routes_route_finds_and_threads_change_nothing() {
    let dir = folder("cells");
    let (o, d) = places(&dir);
    let args = [
        "matrix",
        "--origins",
        path(&o),
        "--destinations",
        path(&d),
        "--optimize",
        "cost",
    ];
    let one = corridor_with_env(&args, &[("RAYON_NUM_THREADS", "1")]);
    let four = corridor_with_env(&args, &[("RAYON_NUM_THREADS", "4")]);
    assert_eq!(ok(&one), ok(&four));
    let csv = ok(&one);
    let row = csv
        .lines()
        .find(|l| l.starts_with("xian,Xi'an,bucharest,"))
        .expect("the Xi'an to Bucharest cell");
    let route = ok(&corridor(&[
        "route",
        "--from",
        "xian",
        "--to",
        "bucharest",
        "--optimize",
        "cost",
        "--format",
        "json",
    ]));
    let route: serde_json::Value = serde_json::from_str(&route).expect("JSON");
    let best = &route["routes"][0];
    let expected = format!(
        "xian,Xi'an,bucharest,Bucharest,{},{},{},{},{},{}",
        best["days"],
        best["best_days"],
        best["cost_usd"],
        best["transfers"],
        best["distance_km"],
        best["co2_kg"]
    )
    .replace(".0,", ",");
    assert_eq!(row, expected.trim_end_matches(".0"));
    // The origin itself has no route: empty figures.
    assert!(
        csv.contains("\nalmaty,Almaty,almaty,Almaty,,,,,,\n"),
        "{csv}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn matrix_with_scenarios_merges_to_the_whole_run() {
    let dir = folder("matrix-scenarios");
    let (o, d) = places(&dir);
    let args = [
        "matrix",
        "--origins",
        path(&o),
        "--destinations",
        path(&d),
        "--scenario",
        "kuryk_closed",
        "caspian_winter",
    ];
    let whole = ok(&corridor(&[&args[..], &["--format", "json"]].concat()));
    assert!(
        whole.contains("\"scenarios\": [\"kuryk_closed\",\"caspian_winter\"]"),
        "{whole}"
    );
    let files = shards(&dir, &args, 3, "scenarios");
    assert_eq!(stdout(&merge(&files, &["--format", "json"])), whole);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn merged_compare_shards_are_the_whole_comparison() {
    let dir = folder("compare");
    let pairs = root().join("scenarios/pairs.csv");
    let args = [
        "compare",
        "--pairs",
        path(&pairs),
        "--scenario",
        "kuryk_closed",
        "caspian_winter",
        "border_digitalisation",
        "rail_tariff_cut",
    ];
    let wholes: Vec<(&str, String)> = ["table", "json", "csv"]
        .into_iter()
        .map(|f| (f, ok(&corridor(&[&args[..], &["--format", f]].concat()))))
        .collect();
    for n in 1..=5 {
        let files = shards(&dir, &args, n, "compare");
        for (format, whole) in &wholes {
            let merged = merge(&files, &["--format", format]);
            assert_eq!(&ok(&merged), whole, "{n} shards, {format}");
        }
    }
    // Without the invariant checks, fewer units and the same report.
    let plain = [&args[..], &["--no-invariants"]].concat();
    let whole = ok(&corridor(&[&plain[..], &["--format", "json"]].concat()));
    let files = shards(&dir, &plain, 4, "plain");
    assert_eq!(ok(&merge(&files, &["--format", "json"])), whole);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn merged_check_shards_are_the_whole_check_with_its_exit_code() {
    let dir = folder("check");
    // A reference that fails and one on a scenario: the whole run and the merge exit 1.
    let references = dir.join("refs.toml");
    std::fs::copy(
        root().join("scenarios/kuryk_closed.toml"),
        dir.join("kuryk.toml"),
    )
    .expect("copy");
    std::fs::write(
        &references,
        std::fs::read_to_string(root().join("networks/middle_corridor.references.toml"))
            .expect("bundled references")
            + "\n[[reference]]\nname = \"too-fast\"\nfrom = \"xian\"\nto = \"baku\"\n\
               days = [1.0, 2.0]\nsource = \"test\"\n\n[[reference]]\nname = \"no-kuryk\"\nfrom = \"almaty\"\n\
               to = \"baku\"\nscenario = \"kuryk.toml\"\navoids = [\"kuryk\"]\n",
    )
    .expect("write");
    let bundled = ["check"];
    let failing = ["check", path(&references)];
    for (args, code) in [(&bundled[..], 0), (&failing[..], 1)] {
        let table = corridor(args);
        let json = corridor(&[args, &["--format", "json"]].concat());
        assert_eq!(table.status.code(), Some(code), "{}", stderr(&table));
        for n in 1..=5 {
            let files = shards(&dir, args, n, &format!("check{code}"));
            let merged = merge(&files, &[]);
            assert_eq!(merged.status.code(), Some(code), "{}", stderr(&merged));
            assert_eq!(stdout(&merged), stdout(&table), "{n} shards");
            assert_eq!(stdout(&merge(&files, &["--format", "json"])), stdout(&json));
        }
    }
    // The network is needed for the names: another network is refused.
    let files = shards(&dir, &bundled, 2, "names");
    let other = dir.join("other.toml");
    std::fs::write(&other, ok(&corridor(&["generate", "--nodes", "10"]))).expect("write");
    let merged = merge(&files, &["--network", path(&other)]);
    assert_eq!(merged.status.code(), Some(2));
    assert!(stderr(&merged).contains("hint: give merge the --network the shards ran with"));
    let _ = std::fs::remove_dir_all(&dir);
}

/// A merge that must fail: exit 2, the message, and no output file.
fn refused(files: &[String], message: &str, dir: &Path) {
    refused_with(files, &[], message, dir);
}

/// [`refused`] with more arguments.
fn refused_with(files: &[String], extra: &[&str], message: &str, dir: &Path) {
    let out = dir.join("merged.out");
    let o = merge(files, &[extra, &["--output", path(&out)]].concat());
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains(message),
        "expected {message:?} in:\n{}",
        stderr(&o)
    );
    assert!(!out.exists(), "a refused merge wrote its output");
}

#[test]
fn merge_refuses_missing_duplicate_cut_and_foreign_files() {
    let dir = folder("refuse");
    let (o, d) = places(&dir);
    let args = ["matrix", "--origins", path(&o), "--destinations", path(&d)];
    let mut files = shards(&dir, &args, 3, "m");
    files.sort();
    // A shard missing.
    refused(
        &files[..2],
        "missing units 4..7 of 7 (shard 2/3 of the run): no file holds them",
        &dir,
    );
    // A shard given twice, and the same units from two shard counts.
    refused(&[&files[..], &files[1..2]].concat(), "is given twice", &dir);
    let other = shards(&dir, &args, 2, "other");
    refused(&[&files[..], &other[..1]].concat(), "are in both", &dir);
    // A shard of another run (another criterion, another destinations file).
    let cost = shards(
        &dir,
        &[&args[..], &["--optimize", "cost"]].concat(),
        3,
        "cost",
    );
    refused(
        &[&files[..2], &cost[2..]].concat(),
        "come from different runs: optimize is \"time\" in one and \"cost\" in the other",
        &dir,
    );
    // A file cut short: its last line lost, or cut in the middle of a line.
    let text = std::fs::read_to_string(&files[1]).expect("read");
    let cut = dir.join("cut.jsonl");
    let lines: Vec<&str> = text.lines().collect();
    std::fs::write(&cut, lines[..lines.len() - 1].join("\n") + "\n").expect("write");
    let with_cut = [files[0].clone(), path(&cut).to_owned(), files[2].clone()];
    refused(
        &with_cut,
        "incomplete: 2 of the shard's 2 units and no end line",
        &dir,
    );
    std::fs::write(&cut, &text[..lines[0].len() + 1 + lines[1].len() / 2]).expect("write");
    refused(&with_cut, "cut.jsonl:2: not a matrix unit line", &dir);
    // Not a shard file at all; a format the command does not write.
    let csv = dir.join("whole.csv");
    std::fs::write(&csv, ok(&corridor(&args))).expect("write");
    refused(
        &[path(&csv).to_owned()],
        "whole.csv:1: not a shard file",
        &dir,
    );
    refused_with(
        &files,
        &["--format", "table"],
        "--format table: merged `corridor matrix` output is csv or json",
        &dir,
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn bad_places_and_shards_are_refused_with_positions() {
    let dir = folder("bad");
    let (o, _) = places(&dir);
    let bad = dir.join("bad.txt");
    std::fs::write(&bad, "Almaty\nBucharestt\n").expect("write");
    let out = corridor(&[
        "matrix",
        "--origins",
        path(&o),
        "--destinations",
        path(&bad),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains(&format!(
            "{}:2:1: error: unknown place \"Bucharestt\"",
            path(&bad)
        )),
        "{}",
        stderr(&out)
    );
    assert!(stdout(&out).is_empty());
    for (shard, message) in [
        (
            "3/3",
            "shards are counted from 0, so the index must be below 3 (0/3 to 2/3)",
        ),
        ("0/0", "the shard count must be from 1 to 1000000"),
        ("1-3", "is not a shard: write I/N"),
    ] {
        let out = corridor(&["check", "--shard", shard]);
        assert_eq!(out.status.code(), Some(2), "{shard}");
        assert!(stderr(&out).contains(message), "{}", stderr(&out));
    }
    let out = corridor(&["check", "--shard", "0/2", "--format", "json"]);
    assert_eq!(out.status.code(), Some(2));
    let _ = std::fs::remove_dir_all(&dir);
}
