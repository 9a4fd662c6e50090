//! Robustness: whatever the loaders and the CLI are fed (arbitrary bytes, arbitrary TOML, the
//! malformed corpus in tests/malformed/, huge files, directories, missing files), they never
//! panic, every error names a position, and a bad input gives exit 2 with nothing on stdout.

use crate::cli::{corridor, stderr, stdout};
use corridor::network::{self, Diagnostic};
use proptest::prelude::*;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The malformed corpus: each file and the first error it must give, as `line:col: message`.
const CORPUS: &[(&str, &str)] = &[
    (
        "datetime.toml",
        "24:9: error: link 1 (\"a\" -> \"b\"): hours: expected a number, found a date-time",
    ),
    (
        "duplicate_id.toml",
        "13:6: error: duplicate node id \"a\" (first defined on line 5)",
    ),
    (
        "duplicate_key.toml",
        "26:1: error: invalid toml: duplicate key",
    ),
    ("empty.toml", "1:1: error: file is empty"),
    (
        "huge_float.toml",
        "25:12: error: link 1 (\"a\" -> \"b\"): cost_usd must be a finite number",
    ),
    (
        "huge_integer.toml",
        "25:12: error: link 1 (\"a\" -> \"b\"): cost_usd 1e44 is too large (at most 1,000,000 USD)",
    ),
    (
        "infinite_latitude.toml",
        "9:7: error: node \"a\": lat must be a finite number",
    ),
    (
        "nan.toml",
        "24:9: error: link 1 (\"a\" -> \"b\"): hours must be a finite number",
    ),
    (
        "negative.toml",
        "25:12: error: link 1 (\"a\" -> \"b\"): cost_usd must not be negative",
    ),
    (
        "truncated.toml",
        "14:10: error: invalid toml: invalid basic string, expected `\"`",
    ),
    (
        "truncated_header.toml",
        "20:5: error: invalid toml: unclosed array table, expected `]]`",
    ),
    (
        "unclosed_header.toml",
        "5:8: error: invalid toml: unclosed array table, expected `]`",
    ),
    (
        "unknown_mode.toml",
        "23:8: error: link 1 (\"a\" -> \"b\"): unknown mode \"plane\"",
    ),
    (
        "unknown_node.toml",
        "22:6: error: link 1 (\"a\" -> \"c\"): unknown node \"c\"",
    ),
    ("wrong_shapes.toml", "1:1: error: network has no nodes"),
    (
        "wrong_type.toml",
        "24:9: error: link 1 (\"a\" -> \"b\"): hours: expected a number, found a string",
    ),
    (
        "zero_departures.toml",
        "25:23: error: link 1 (\"a\" -> \"b\"): departures_per_week must be greater than 0",
    ),
    (
        "zero_hour_cycle.toml",
        "24:9: error: link 1 (\"a\" -> \"b\"): hours must be greater than 0",
    ),
];

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/malformed")
}

/// `validate`, `route` and `check` on a bad network file: exit 2, empty stdout, no panic, and
/// the expected first error (when given) on stderr.
fn assert_rejected(file: &str, expected: Option<&str>) {
    for args in [
        vec!["validate", file],
        vec!["route", "--network", file, "--from", "a", "--to", "b"],
        vec!["check", "--network", file],
    ] {
        let o = corridor(&args);
        let err = String::from_utf8_lossy(&o.stderr).into_owned();
        assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
        assert!(o.stdout.is_empty(), "{args:?}: partial output");
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        if let Some(expected) = expected {
            let line = format!("{file}:{expected}");
            assert!(
                err.lines().any(|l| l == line),
                "{args:?}: missing {line:?} in\n{err}"
            );
        }
    }
}

#[test]
fn every_malformed_file_gives_its_precise_error_and_exit_2() {
    let dir = corpus_dir();
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .expect("tests/malformed")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    let listed: Vec<&str> = CORPUS.iter().map(|(f, _)| *f).collect();
    assert_eq!(files, listed, "every corpus file needs its expected error");
    for (file, expected) in CORPUS {
        let path = dir.join(file).display().to_string();
        assert_rejected(&path, Some(expected));
    }
}

/// A fresh temporary folder, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let dir =
            std::env::temp_dir().join(format!("corridor-robust-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temporary folder");
        TempDir(dir)
    }

    fn path(&self, file: &str) -> String {
        self.0.join(file).display().to_string()
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[test]
fn non_utf8_directory_and_missing_files_are_bad_input() {
    let dir = TempDir::new("files");
    let latin1 = dir.path("latin1.toml");
    std::fs::write(&latin1, b"[network]\nname = \"Constan\xe7a\"\n").expect("write");
    assert_rejected(
        &latin1,
        Some("2:16: error: file is not valid utf-8 (byte 0xe7)"),
    );
    let folder = dir.0.display().to_string();
    let o = corridor(&["validate", &folder]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains(&format!(
        "{folder}: error: cannot read file: it is a directory"
    )));
    assert_rejected(&folder, None);
    let missing = dir.path("missing.toml");
    assert_rejected(&missing, None);
    assert!(
        stderr(&corridor(&["validate", &missing]))
            .contains(&format!("{missing}: error: cannot read file: no such file"))
    );
}

/// A network of `n` nodes in a chain, with `n - 1` links; the last node repeats the first id.
fn big_network(n: usize, duplicate_last: bool) -> String {
    let mut text = String::from("[network]\nname = \"big\"\n");
    for i in 0..n {
        let id = if duplicate_last && i == n - 1 { 0 } else { i };
        let _ = write!(
            text,
            "\n[[node]]\nid = \"n{id}\"\nname = \"Node {i}\"\ncountry = \"KZ\"\nkind = \"city\"\n\
             lat = {}\nlon = {}\n",
            40.0 + (i % 100) as f64 * 0.01,
            50.0 + (i / 100) as f64 * 0.01
        );
    }
    for i in 1..n {
        let _ = write!(
            text,
            "\n[[link]]\nfrom = \"n{}\"\nto = \"n{i}\"\nmode = \"rail\"\nhours = 100.0\n\
             cost_usd = 1.0\ndistance_km = 2000.0\nsource = \"generated\"\n",
            i - 1
        );
    }
    text
}

#[test]
fn a_100k_node_file_with_one_duplicate_id_names_the_line() {
    let n = 100_000;
    let text = big_network(n, true);
    let dir = TempDir::new("big");
    let path = dir.path("big.toml");
    std::fs::write(&path, &text).expect("write");
    // The last node's id line: 2 header lines, then 8 lines per node (blank, header, 6 fields),
    // the id on the third.
    let line = 2 + 8 * (n - 1) + 3;
    let o = corridor(&["validate", &path]);
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty());
    let expected =
        format!("{path}:{line}:6: error: duplicate node id \"n0\" (first defined on line 5)");
    assert!(
        stderr(&o).lines().any(|l| l == expected),
        "missing {expected:?} in {}",
        stderr(&o).lines().take(5).collect::<Vec<_>>().join("\n")
    );
    // The same file without the duplicate loads.
    let good = big_network(n, false);
    let loaded = network::load_str(&good, "big.toml").expect("loads");
    assert_eq!(loaded.network.nodes.len(), n);
}

/// Every diagnostic of a failed load has a position (line and column from 1).
fn positioned(diagnostics: &[Diagnostic]) -> bool {
    !diagnostics.is_empty() && diagnostics.iter().all(|d| d.line >= 1 && d.col >= 1)
}

fn bundled() -> &'static network::Network {
    static NETWORK: std::sync::OnceLock<network::Network> = std::sync::OnceLock::new();
    NETWORK.get_or_init(|| network::load_bundled().expect("bundled").network)
}

/// A TOML value of any type, including the awkward ones.
fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("nan".to_owned()),
        Just("-inf".to_owned()),
        Just("1e308".to_owned()),
        Just("-0.0".to_owned()),
        Just("0".to_owned()),
        Just("0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF".to_owned()),
        Just("1979-05-27T07:32:00Z".to_owned()),
        Just("true".to_owned()),
        Just("[]".to_owned()),
        Just("{ a = 1 }".to_owned()),
        Just("[[1, 2], [3]]".to_owned()),
        any::<i64>().prop_map(|i| i.to_string()),
        any::<f64>()
            .prop_filter("TOML float", |f| f.is_finite())
            .prop_map(|f| format!("{f:?}")),
        "[a-z0-9 _|-]{0,8}".prop_map(|s| format!("{s:?}")),
        prop::sample::select(vec![
            "a", "b", "c", "rail", "sea", "KZ", "city", "kuryk", "RU"
        ])
        .prop_map(|s| format!("{s:?}")),
        prop::collection::vec(
            prop::sample::select(vec!["\"a\"", "\"b\"", "1", "2.5", "\"aktau|kuryk\""]),
            0..4
        )
        .prop_map(|v| format!("[{}]", v.join(", "))),
    ]
}

const KEYS: &[&str] = &[
    "id",
    "name",
    "aliases",
    "country",
    "kind",
    "lat",
    "lon",
    "from",
    "to",
    "mode",
    "hours",
    "cost_usd",
    "distance_km",
    "departures_per_week",
    "gauge_mm",
    "two_way",
    "waypoints",
    "source",
    "transfer_hours",
    "dwell_hours",
    "co2_kg_per_container_km",
    "co2_ttw_g_per_tonne_km",
    "max_gross_tonnes",
    "reefer",
    "dangerous_goods",
    "operator",
    "links",
    "countries",
    "container",
    "usd",
    "usd_per_km",
    "valid_from",
    "valid_to",
    "days",
    "passes",
    "avoids",
    "max_transfers",
    "optimize",
    "via",
    "avoid",
    "avoid_modes",
    "scenario",
    "action",
    "node",
    "factor",
    "bogus",
];

/// A TOML document of tables from the network, scenario and reference formats, with keys from
/// all of them and values of any type.
fn document() -> impl Strategy<Value = String> {
    let table = (
        prop::sample::select(vec![
            "[network]",
            "[[node]]",
            "[[link]]",
            "[[reference]]",
            "[scenario]",
            "[[change]]",
            "[tariffs]",
            "[[rate]]",
            "[other]",
        ]),
        prop::collection::vec((prop::sample::select(KEYS), value()), 0..8),
    );
    prop::collection::vec(table, 0..8).prop_map(|tables| {
        let mut text = String::new();
        for (header, fields) in tables {
            let _ = writeln!(text, "{header}");
            let mut seen = Vec::new();
            for (key, value) in fields {
                if !seen.contains(&key) {
                    seen.push(key);
                    let _ = writeln!(text, "{key} = {value}");
                }
            }
        }
        text
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic_the_loaders(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let text = String::from_utf8_lossy(&bytes);
        if let Err(e) = network::load_str(&text, "x.toml") {
            prop_assert!(positioned(&e.diagnostics), "{:?}", e.diagnostics);
        }
        if let Err(e) = corridor::check::load_str(&text, "x.toml", bundled()) {
            prop_assert!(positioned(&e.diagnostics), "{:?}", e.diagnostics);
        }
        if let Ok(s) = corridor::scenario::load_str(&text, "x.toml") {
            let _ = s.apply(bundled());
        }
        match corridor::tariff::load_str(&text, "x.toml") {
            Ok(t) => {
                if let Err(e) = t.apply(bundled(), None) {
                    prop_assert!(positioned(&e.diagnostics), "{:?}", e.diagnostics);
                }
            }
            Err(e) => prop_assert!(positioned(&e.diagnostics), "{:?}", e.diagnostics),
        }
    }

    #[test]
    fn arbitrary_toml_never_panics_and_errors_are_positioned(text in document()) {
        match network::load_str(&text, "x.toml") {
            Ok(loaded) => {
                let net = loaded.network;
                prop_assert!(net.links.iter().all(|l| l.hours > 0.0 && l.cost_usd >= 0.0));
                let planner = corridor::search::Planner::new(&net);
                if net.nodes.len() >= 2 {
                    let _ = planner.trade_offs(0, 1, &corridor::search::Constraints::default());
                }
            }
            Err(e) => prop_assert!(positioned(&e.diagnostics), "{:?}", e.diagnostics),
        }
        match corridor::check::load_str(&text, "x.toml", bundled()) {
            Ok(refs) => {
                let outcomes = corridor::check::run(bundled(), &refs.entries, &[], 1);
                prop_assert_eq!(outcomes.len(), refs.entries.len());
            }
            Err(e) => prop_assert!(positioned(&e.diagnostics), "{:?}", e.diagnostics),
        }
        if let Ok(s) = corridor::scenario::load_str(&text, "x.toml") {
            let _ = s.apply(bundled());
        }
        match corridor::tariff::load_str(&text, "x.toml") {
            Ok(t) => {
                let on = "2024-01-01".parse::<corridor::calendar::Date>().ok();
                if let Err(e) = t.apply(bundled(), on) {
                    prop_assert!(positioned(&e.diagnostics), "{:?}", e.diagnostics);
                }
            }
            Err(e) => prop_assert!(positioned(&e.diagnostics), "{:?}", e.diagnostics),
        }
    }
}

proptest! {
    // Each case starts three processes: a few dozen cases cover the CLI's paths.
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_toml_never_panics_the_cli(text in document()) {
        let dir = TempDir::new("cli");
        let path = dir.path("x.toml");
        std::fs::write(&path, &text).expect("write");
        for args in [
            vec!["validate", path.as_str()],
            vec!["route", "--network", path.as_str(), "--from", "a", "--to", "b"],
            vec!["check", path.as_str()],
        ] {
            let o = corridor(&args);
            let code = o.status.code();
            prop_assert!(matches!(code, Some(0..=2)), "{:?}: {:?}", args, code);
            let err = stderr(&o);
            prop_assert!(!err.contains("panicked"), "{}", err);
            if code == Some(2) {
                prop_assert_eq!(stdout(&o), "");
            }
        }
    }
}

/// Runs corridor with a time limit; `None` when it had to be killed.
fn corridor_within(
    args: &[&str],
    env: &[(&str, &str)],
    seconds: u64,
) -> Option<std::process::Output> {
    use std::process::{Command, Stdio};
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_corridor"));
    cmd.args(args).stdout(Stdio::piped()).stderr(Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().expect("the corridor binary runs");
    let start = std::time::Instant::now();
    while start.elapsed() < std::time::Duration::from_secs(seconds) {
        if child.try_wait().expect("wait").is_some() {
            return Some(child.wait_with_output().expect("output"));
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let _ = child.kill();
    let _ = child.wait();
    None
}

#[cfg(unix)]
#[test]
fn endless_inputs_are_refused_without_reading_them() {
    let dir = std::env::temp_dir().join(format!("corridor-endless-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let references = dir.join("refs.toml");
    std::fs::write(
        &references,
        "[[reference]]\nname = \"r\"\nfrom = \"Almaty\"\nto = \"Baku\"\nscenario = \"/dev/zero\"\n",
    )
    .expect("write");
    let refs = references.to_str().expect("utf-8");
    for (args, shown) in [
        (
            vec!["validate", "/dev/zero"],
            "/dev/zero:1:1: error: file holds a NUL byte",
        ),
        (
            vec![
                "route",
                "--from",
                "a",
                "--to",
                "b",
                "--network",
                "/dev/urandom",
            ],
            // Random bytes: a NUL or a byte that is not UTF-8 soon, on whichever line.
            ": error: file ",
        ),
        (
            vec![
                "route",
                "--from",
                "Almaty",
                "--to",
                "Baku",
                "--scenario",
                "/dev/zero",
            ],
            "/dev/zero:1:1: error: file holds a NUL byte",
        ),
        (
            vec!["check", "/dev/zero"],
            "/dev/zero:1:1: error: file holds a NUL byte",
        ),
        (
            vec!["check", refs],
            "/dev/zero:1:1: error: file holds a NUL byte",
        ),
    ] {
        let o = corridor_within(&args, &[], 20)
            .unwrap_or_else(|| panic!("{args:?} still reading after 20 s"));
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains(shown), "{args:?}: {err}");
    }
    // A file over the budget is refused before it is read, naming the file and the budget.
    let bundled = Path::new(env!("CARGO_MANIFEST_DIR")).join("networks/middle_corridor.toml");
    let bundled = bundled.to_str().expect("utf-8");
    let o = corridor_within(
        &["validate", bundled],
        &[("CORRIDOR_MAX_INPUT_BYTES", "32KiB")],
        20,
    )
    .expect("finishes");
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains(&format!(
            "{bundled}: error: the file is larger than the input budget of 32,768 bytes (32 KiB)"
        )),
        "{}",
        stderr(&o)
    );
    let o = corridor_within(&["--max-input-bytes", "1MiB", "validate", bundled], &[], 20)
        .expect("finishes");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn repeated_warnings_are_summarised() {
    // 600 nodes and one link: 598 nodes cut off, one warning each.
    let mut text = String::from("[network]\nname = \"islands\"\n");
    for i in 0..600 {
        let _ = write!(
            text,
            "[[node]]\nid = \"n{i}\"\nname = \"N{i}\"\ncountry = \"KZ\"\nkind = \"city\"\nlat = {}\nlon = 50.0\n",
            40.0 + f64::from(i) * 0.01
        );
    }
    text.push_str(
        "[[link]]\nfrom = \"n0\"\nto = \"n1\"\nmode = \"rail\"\nhours = 0.1\ncost_usd = 1.0\nsource = \"t\"\n",
    );
    let path = std::env::temp_dir().join(format!("corridor-islands-{}.toml", std::process::id()));
    std::fs::write(&path, &text).expect("write");
    let file = path.to_str().expect("utf-8");
    let o = corridor(&["validate", file]);
    assert_eq!(o.status.code(), Some(0));
    let err = stderr(&o);
    let shown = err.lines().filter(|l| l.contains(": warning: ")).count();
    assert_eq!(shown, 10, "{err}");
    assert!(
        err.contains(
            "... and 588 more warnings like: node \"…\" is not connected to the rest of the network"
        ),
        "{err}"
    );
    assert!(stdout(&o).contains("598 warning(s)"), "{}", stdout(&o));
    let all = corridor(&["validate", "--all", file]);
    assert_eq!(
        stderr(&all)
            .lines()
            .filter(|l| l.contains(": warning: "))
            .count(),
        598
    );
    let _ = std::fs::remove_file(&path);
}

/// A figure for a generated network: mostly everyday values, sometimes one far outside what a
/// network may give (which the loader must refuse, or sum exactly).
fn figure(everyday: std::ops::Range<f64>) -> impl Strategy<Value = f64> {
    prop_oneof![
        40 => everyday,
        1 => prop::sample::select(vec![0.0, 1e-300, 1e-4, 0.00014, 0.004]),
        1 => prop::sample::select(vec![1e12, 1e15, 1e299, 9_999.0, 999_999.0, 99.0]),
    ]
}

/// A link's text: mode, figures, optional departures, distance, factor and gauge.
fn link_text() -> impl Strategy<Value = String> {
    (
        prop::sample::select(vec!["rail", "road", "ferry", "sea"]),
        figure(0.5..80.0),
        figure(0.0..900.0),
        prop::option::of(figure(0.5..20.0)),
        prop::option::of(figure(50.0..2_000.0)),
        prop::option::of(figure(0.0..2.0)),
        prop::sample::select(vec![None, Some(1435), Some(1520)]),
    )
        .prop_map(|(mode, hours, cost, departures, distance, co2, gauge)| {
            let mut text = format!("mode = \"{mode}\"\nhours = {hours:?}\ncost_usd = {cost:?}\n");
            if let Some(d) = departures {
                let _ = writeln!(text, "departures_per_week = {d:?}");
            }
            if let Some(d) = distance {
                let _ = writeln!(text, "distance_km = {d:?}");
            }
            if let Some(c) = co2 {
                let _ = writeln!(text, "co2_kg_per_container_km = {c:?}");
            }
            if let (Some(g), "rail") = (gauge, mode) {
                let _ = writeln!(text, "gauge_mm = {g}");
            }
            text
        })
}

/// A network of 3 to 6 nodes in a chain, with extra links between random pairs, every figure
/// drawn by [`figure`].
fn network_text() -> impl Strategy<Value = String> {
    (3usize..7).prop_flat_map(|n| {
        let nodes = prop::collection::vec(
            (
                figure(0.0..30.0),
                figure(0.0..400.0),
                figure(0.0..30.0),
                figure(0.0..400.0),
            ),
            n,
        );
        let chain = prop::collection::vec(link_text(), n - 1);
        let extra = prop::collection::vec((0..n, 0..n, link_text()), 0..6);
        (nodes, chain, extra).prop_map(move |(nodes, chain, extra)| {
            let mut text = String::from("[network]\nname = \"p\"\n");
            for (i, (th, tc, dh, dc)) in nodes.iter().enumerate() {
                let _ = write!(
                    text,
                    "[[node]]\nid = \"n{i}\"\nname = \"N{i}\"\ncountry = \"KZ\"\nkind = \"city\"\n\
                     lat = {}\nlon = {}\ntransfer_hours = {th:?}\ntransfer_cost_usd = {tc:?}\n\
                     dwell_hours = {dh:?}\ndwell_cost_usd = {dc:?}\n",
                    40.0 + i as f64 * 0.5,
                    50.0 + i as f64 * 0.5
                );
            }
            let links = chain
                .iter()
                .enumerate()
                .map(|(i, l)| (i, i + 1, l))
                .chain(extra.iter().map(|(a, b, l)| (*a, *b, l)))
                .filter(|(a, b, _)| a != b);
            for (a, b, link) in links {
                let _ = write!(
                    text,
                    "[[link]]\nfrom = \"n{a}\"\nto = \"n{b}\"\n{link}source = \"p\"\n"
                );
            }
            text
        })
    })
}

/// `|a - b| <= tolerance` (and the float error of the sums), with a message.
fn close(a: f64, b: f64, tolerance: f64, what: &str) -> Result<(), TestCaseError> {
    let tolerance = tolerance + 1e-9 * (1.0 + a.abs().max(b.abs()));
    prop_assert!(
        (a - b).abs() <= tolerance,
        "{what}: {a} against {b} (tolerance {tolerance})"
    );
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// Whatever network the loader accepts, every route's totals are exactly the sum of its
    /// legs and stops as the report shows them (0.1 h, whole USD, km and kg), and the
    /// balanced criterion's generalised cost is its cost plus the value of time and the
    /// transfer penalties: no total saturates or loses precision.
    #[test]
    fn accepted_networks_give_totals_that_are_the_sum_of_their_parts(
        text in network_text(),
        value_of_time in 0.0..=10_000.0f64,
        penalty in 0.0..=10_000.0f64,
    ) {
        use corridor::report::Report;
        use corridor::search::{Constraints, Criterion, Planner};
        use corridor::units::usd_to_cents;
        let Ok(loaded) = network::load_str(&text, "p.toml") else {
            return Ok(());
        };
        let net = loaded.network;
        let planner = Planner::new(&net);
        let balanced = Criterion::Balanced {
            value_of_time_cents_per_day: usd_to_cents(value_of_time),
            transfer_penalty_cents: usd_to_cents(penalty),
        };
        let last = net.nodes.len() - 1;
        for criterion in [Criterion::Time, Criterion::Cost, balanced] {
            let found = planner.k_best(0, last, criterion, &Constraints::default(), 4);
            let routes: Vec<_> = found.routes.into_iter().map(|r| (r, Vec::new())).collect();
            let report = Report::new(&net, 0, last, "p", Some(criterion), &routes);
            for r in &report.routes {
                // The parts are rounded together so that they add up exactly to the totals
                // (0.1 h, whole USD, km and kg: see `report::figures`).
                let steps = |x: f64, scale: f64| (x * scale).round() as i64;
                let hours: i64 = r.legs.iter().map(|l| steps(l.hours, 10.0)).sum::<i64>()
                    + r.stops.iter().map(|s| steps(s.hours, 10.0)).sum::<i64>();
                prop_assert_eq!(hours, steps(r.hours, 10.0), "hours");
                let cost: i64 = r.legs.iter().map(|l| steps(l.cost_usd, 1.0)).sum::<i64>()
                    + r.stops.iter().map(|s| steps(s.cost_usd, 1.0)).sum::<i64>();
                prop_assert_eq!(cost, steps(r.cost_usd, 1.0), "cost");
                let co2: i64 = r.legs.iter().map(|l| steps(l.co2_kg, 1.0)).sum();
                prop_assert_eq!(co2, steps(r.co2_kg, 1.0), "co2");
                let km: i64 = r.legs.iter().map(|l| steps(l.distance_km, 1.0)).sum();
                prop_assert_eq!(km, steps(r.distance_km, 1.0), "km");
                if let (Criterion::Balanced { .. }, Some(generalised)) =
                    (criterion, r.generalised_cost_usd)
                {
                    // The criterion holds both in whole cents.
                    let value_of_time = usd_to_cents(value_of_time) as f64 / 100.0;
                    let penalty = usd_to_cents(penalty) as f64 / 100.0;
                    let expected = r.cost_usd
                        + value_of_time * r.hours / 24.0
                        + penalty * r.transfers as f64;
                    // Cost and the generalised cost are whole USD, hours to 0.1 h.
                    let tolerance = 0.5 + 0.5 + value_of_time * 0.05 / 24.0;
                    close(generalised, expected, tolerance, "generalised cost")?;
                }
            }
        }
    }
}
