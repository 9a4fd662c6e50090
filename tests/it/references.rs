//! Reference routes: `corridor check` on the bundled network and references, failures with
//! what was expected and by how much, bad reference files, scenarios, and golden route reports
//! for the pairs planners rely on (insta snapshots; see docs/references.md to accept a change).

use crate::cli::{corridor, corridor_with_env, stderr, stdout};
use std::path::PathBuf;

/// A file in a fresh temporary folder, removed with the folder when the guard drops.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let dir = std::env::temp_dir().join(format!("corridor-refs-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temporary folder");
        TempDir(dir)
    }

    fn write(&self, file: &str, text: &str) -> String {
        let path = self.0.join(file);
        std::fs::write(&path, text).expect("temporary file");
        path.display().to_string()
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).expect("valid JSON")
}

#[test]
fn bundled_references_all_hold_on_the_bundled_network() {
    let o = corridor(&["check"]);
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(0), "{out}{}", stderr(&o));
    let lines: Vec<&str> = out.lines().collect();
    let (summary, entries) = lines.split_last().expect("a summary line");
    assert!(entries.len() >= 15, "{out}");
    assert!(entries.iter().all(|l| l.starts_with("ok ")), "{out}");
    assert_eq!(
        *summary,
        format!("{n} references: {n} passed, 0 failed", n = entries.len())
    );
}

#[test]
fn every_published_figure_in_the_bundled_references_has_a_source() {
    let network = corridor::network::load_bundled()
        .expect("bundled network")
        .network;
    let references = corridor::check::load_bundled(&network).expect("bundled references");
    assert!(references.entries.len() >= 15);
    let with_figures: Vec<_> = references
        .entries
        .iter()
        .filter(|r| r.days.is_some() || r.cost_usd.is_some())
        .collect();
    assert!(with_figures.len() >= 10);
    assert!(
        with_figures
            .iter()
            .all(|r| r.source.as_ref().is_some_and(|s| s.len() > 20))
    );
}

/// Costs can be grouped by who is paid only if the bundled network names someone for every
/// leg and every paid pass.
#[test]
fn every_link_and_every_paid_pass_of_the_bundled_network_names_its_operator() {
    let network = corridor::network::load_bundled()
        .expect("bundled network")
        .network;
    let named = |operator: &Option<String>| operator.as_ref().is_some_and(|o| !o.trim().is_empty());
    let unnamed_links: Vec<_> = network
        .links
        .iter()
        .filter(|l| !named(&l.operator))
        .map(|l| l.id.clone().unwrap_or_default())
        .collect();
    assert!(
        unnamed_links.is_empty(),
        "links without an operator: {unnamed_links:?}"
    );
    let unnamed_nodes: Vec<_> = network
        .nodes
        .iter()
        .filter(|n| n.transfer_cost_usd + n.dwell_cost_usd > 0.0 && !named(&n.operator))
        .map(|n| n.id.as_str())
        .collect();
    assert!(
        unnamed_nodes.is_empty(),
        "paid passes without an operator: {unnamed_nodes:?}"
    );
    // One spelling per company: names that differ only in case or spacing are typos.
    let mut seen = std::collections::BTreeMap::new();
    for operator in network
        .links
        .iter()
        .map(|l| &l.operator)
        .chain(network.nodes.iter().map(|n| &n.operator))
        .flatten()
    {
        let key: String = operator
            .to_lowercase()
            .chars()
            .filter(|c| c.is_alphanumeric())
            .collect();
        let first = seen.entry(key).or_insert_with(|| operator.clone());
        assert_eq!(first, operator, "two spellings of one operator");
    }
}

#[test]
fn json_report_for_ci() {
    let o = corridor(&["check", "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v = json(&stdout(&o));
    let results = v["results"].as_array().expect("results");
    assert_eq!(v["failed"], 0);
    assert_eq!(v["passed"].as_u64(), Some(results.len() as u64));
    assert_eq!(v["references"], "networks/middle_corridor.references.toml");
    let baku = results
        .iter()
        .find(|r| r["name"] == "xian-baku-titr")
        .expect("xian-baku-titr");
    let best = baku["route"]["best_days"].as_f64().expect("best_days");
    assert!((7.5..=11.0).contains(&best), "{baku}");
    let days = baku["route"]["days"].as_f64().expect("days");
    assert!(best < days, "{baku}");
    let nodes = baku["route"]["nodes"].as_array().expect("nodes");
    assert_eq!(nodes.first().and_then(|n| n.as_str()), Some("xian"));
    assert_eq!(nodes.last().and_then(|n| n.as_str()), Some("baku"));
}

const FAILING: &str = r#"
[[reference]]
name = "holds"
from = "Almaty"
to = "Aktau"
passes = ["beyneu"]

[[reference]]
name = "too-fast"
from = "Xi'an"
to = "Baku"
passes = ["aktau|kuryk", "moscow"]
avoids = ["KZ"]
days = [2, 4]
cost_usd = [100, 200]
max_transfers = 1
source = "made up for the test"
"#;

#[test]
fn failures_say_what_was_expected_and_by_how_much() {
    let dir = TempDir::new("failing");
    let path = dir.write("refs.toml", FAILING);
    let o = corridor(&["check", &path]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 3, "{out}");
    assert!(lines[0].starts_with("ok    holds "), "{out}");
    let fail = lines[1];
    assert!(fail.starts_with("FAIL  too-fast "), "{out}");
    for part in [
        "✗ passes: expected moscow, got xian ",
        "✗ avoids: expected not KZ, got passes dostyk, ",
        "✗ days: expected 2.0–4.0, got 14.3, off by +10.3 days (+257%)",
        "✗ cost_usd: expected 100–200, got 2182, off by +1982 USD (+991%)",
        "✗ max_transfers: expected at most 1, got 3, off by +2 transfers",
    ] {
        assert!(fail.contains(part), "missing {part:?} in {fail}");
    }
    assert_eq!(lines[2], "2 references: 1 passed, 1 failed");

    let o = corridor(&["check", &path, "--format", "json"]);
    assert_eq!(o.status.code(), Some(1));
    let v = json(&stdout(&o));
    assert_eq!(
        (v["passed"].as_u64(), v["failed"].as_u64()),
        (Some(1), Some(1))
    );
    let failures = v["results"][1]["failures"].as_array().expect("failures");
    let keys: Vec<&str> = failures
        .iter()
        .filter_map(|f| f["expectation"].as_str())
        .collect();
    assert_eq!(
        keys,
        ["passes", "avoids", "days", "cost_usd", "max_transfers"]
    );
    assert_eq!(failures[2]["off_by"], "+10.3 days (+257%)");
    assert_eq!(v["results"][1]["line"], 8);
}

#[test]
fn no_route_is_a_failure() {
    let dir = TempDir::new("noroute");
    let path = dir.write(
        "refs.toml",
        "[[reference]]\nname = \"blocked\"\nfrom = \"Almaty\"\nto = \"Baku\"\n\
         avoid = [\"KZ\"]\n",
    );
    let o = corridor(&["check", &path]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stdout(&o).contains("no route  ✗ route: expected a route, got no route"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn bad_reference_files_report_every_problem_with_positions() {
    let dir = TempDir::new("bad");
    let path = dir.write(
        "refs.toml",
        "[[reference]]\nname = \"a\"\nfrom = \"Aktaw\"\nto = \"Baku\"\ndays = [11, 8]\n\
         optimize = \"fastest\"\n\n[[reference]]\nname = \"a\"\nfrom = \"Baku\"\nto = \"Poti\"\n\
         cost_usd = [1, 2]\npasses = [\"poti|\"]\ncolour = 1\n",
    );
    let o = corridor(&["check", &path]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(stdout(&o), "", "no partial output");
    let err = stderr(&o);
    for expected in [
        format!(
            "{path}:3:8: error: reference 1 (\"a\"): from: unknown place \"Aktaw\"; did you mean \
             \"Aktau\"?"
        ),
        format!(
            "{path}:5:8: error: reference 1 (\"a\"): days: the minimum 11 is above the maximum 8"
        ),
        format!("{path}:5:8: error: reference 1 (\"a\"): a published figure needs a source"),
        format!("{path}:6:12: error: reference 1 (\"a\"): unknown optimize \"fastest\""),
        format!("{path}:9:8: error: duplicate reference name \"a\" (first used on line 2)"),
        format!("{path}:12:12: error: reference 2 (\"a\"): a published figure needs a source"),
        format!(
            "{path}:13:11: error: reference 2 (\"a\"): passes: \"poti|\" has an empty alternative"
        ),
        format!("{path}:14:1: error: reference 2 (\"a\"): unknown key \"colour\""),
    ] {
        assert!(err.contains(&expected), "missing {expected:?} in\n{err}");
    }
    assert!(err.contains("\n  = hint: write [8, 11]\n"), "{err}");
    assert!(
        err.ends_with(": 8 error(s); no reference was run\n"),
        "{err}"
    );
}

/// One pair checked three ways: ranges that hold none of the figures, so that each failure
/// shows the figure it checked.
const THREE_WAYS: &str = r#"[[reference]]
name = "best"
from = "Xi'an"
to = "Baku"
days = [1, 2]
check = "best"
source = "made up for the test"

[[reference]]
name = "expected"
from = "Xi'an"
to = "Baku"
days = [1, 2]
check = "expected"
source = "made up for the test"

[[reference]]
name = "late"
from = "Xi'an"
to = "Baku"
days = [1, 2]
check = "p90"
source = "made up for the test"
"#;

/// The figure a failed `days` range of `result` reports, by its expectation's name.
fn checked_figure(result: &serde_json::Value, expectation: &str) -> f64 {
    let failures = result["failures"].as_array().expect("failures");
    assert_eq!(failures.len(), 1, "{result}");
    assert_eq!(failures[0]["expectation"], expectation, "{result}");
    failures[0]["actual"]
        .as_str()
        .and_then(|a| a.parse().ok())
        .expect("a number")
}

#[test]
fn a_reference_checks_best_expected_or_p90_days() {
    let dir = TempDir::new("three-ways");
    let path = dir.write("refs.toml", THREE_WAYS);
    let o = corridor(&["check", &path, "--format", "json"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let v = json(&stdout(&o));
    let results = v["results"].as_array().expect("results");
    let best = checked_figure(&results[0], "best_days");
    let expected = checked_figure(&results[1], "days");
    let late = checked_figure(&results[2], "p90_days");
    // One route, three figures of it: the best case below the mean, the mean below the P90.
    let route = &results[2]["route"];
    assert_eq!(route["nodes"], results[0]["route"]["nodes"]);
    assert!(
        best < expected && expected < late,
        "{best} {expected} {late}"
    );
    let days = |key: &str| route[key].as_f64().expect(key);
    assert!((days("best_days") - best).abs() < 0.051, "{route}");
    assert!((days("days") - expected).abs() < 0.051, "{route}");
    assert!((days("p90_days") - late).abs() < 0.051, "{route}");
    // Only a P90 check simulates the route.
    assert!(results[0]["route"].get("p90_days").is_none(), "{v}");

    let table = stdout(&corridor(&["check", &path]));
    for part in [
        "✗ best_days: expected 1.0–2.0, got ",
        "✗ days: expected 1.0–2.0, got ",
        "✗ p90_days: expected 1.0–2.0, got ",
    ] {
        assert!(table.contains(part), "missing {part:?} in {table}");
    }
}

#[test]
fn a_p90_check_gives_the_same_answer_on_any_number_of_threads() {
    let dir = TempDir::new("p90-threads");
    let path = dir.write("refs.toml", THREE_WAYS);
    let args = ["check", &path, "--format", "json"];
    let one = corridor_with_env(&args, &[("RAYON_NUM_THREADS", "1")]);
    let four = corridor_with_env(&args, &[("RAYON_NUM_THREADS", "4")]);
    assert_eq!(one.status.code(), Some(1));
    assert_eq!(stdout(&one), stdout(&four));
    assert_eq!(stdout(&one), stdout(&corridor(&args)));
}

#[test]
fn the_check_key_is_validated_where_it_is_written() {
    let dir = TempDir::new("check-key");
    let path = dir.write(
        "refs.toml",
        "[[reference]]\nname = \"a\"\nfrom = \"Xi'an\"\nto = \"Baku\"\ndays = [8, 11]\n\
         check = \"p95\"\nsource = \"s\"\n\n[[reference]]\nname = \"b\"\nfrom = \"Xi'an\"\n\
         to = \"Baku\"\ncheck = \"best\"\n\n[[reference]]\nname = \"c\"\nfrom = \"Xi'an\"\n\
         to = \"Baku\"\ndays = [8, 11]\ncheck = 90\nsource = \"s\"\n",
    );
    let o = corridor(&["check", &path]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(stdout(&o), "", "no partial output");
    let err = stderr(&o);
    for expected in [
        format!("{path}:6:9: error: reference 1 (\"a\"): unknown check \"p95\""),
        format!(
            "{path}:13:9: error: reference 2 (\"b\"): check says which days figure to check, \
             but the entry has no days"
        ),
        format!(
            "{path}:20:9: error: reference 3 (\"c\"): check: expected a string, found an integer"
        ),
    ] {
        assert!(err.contains(&expected), "missing {expected:?} in\n{err}");
    }
    assert!(err.contains("\n  = hint: did you mean \"p90\"?\n"), "{err}");
    assert!(
        err.contains(" = hint: add days = [min, max], or remove check\n"),
        "{err}"
    );
    assert!(
        err.ends_with(": 3 error(s); no reference was run\n"),
        "{err}"
    );
}

#[test]
fn unreadable_reference_files_are_bad_input() {
    let dir = TempDir::new("unreadable");
    let missing = dir.0.join("missing.toml").display().to_string();
    let o = corridor(&["check", &missing]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains(&format!("{missing}: error: cannot read file: no such file")));
    let folder = dir.0.display().to_string();
    let o = corridor(&["check", &folder]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("cannot read file: it is a directory"));
    let bytes = dir.0.join("latin1.toml");
    std::fs::write(&bytes, b"[[reference]]\nname = \"Constan\xe7a\"\n").expect("write");
    let o = corridor(&["check", &bytes.display().to_string()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains(":2:16: error: file is not valid utf-8 (byte 0xe7)"),
        "{}",
        stderr(&o)
    );
    assert_eq!(stdout(&o), "");
}

#[test]
fn references_run_under_a_scenario() {
    let dir = TempDir::new("scenario");
    dir.write(
        "kuryk_closed.toml",
        "[scenario]\nname = \"kuryk_closed\"\ndescription = \"Kuryk closed by storms\"\n\
         sources = [\"test\"]\n\n[[change]]\naction = \"close\"\nnode = \"kuryk\"\n",
    );
    let path = dir.write(
        "refs.toml",
        "[[reference]]\nname = \"base\"\nfrom = \"Xi'an\"\nto = \"Baku\"\npasses = [\"kuryk\"]\n\n\
         [[reference]]\nname = \"closed\"\nfrom = \"Xi'an\"\nto = \"Baku\"\n\
         scenario = \"kuryk_closed.toml\"\npasses = [\"aktau\"]\navoids = [\"kuryk\"]\n",
    );
    let o = corridor(&["check", &path]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));

    let bad = dir.write(
        "bad.toml",
        "[[reference]]\nname = \"x\"\nfrom = \"Xi'an\"\nto = \"Baku\"\nscenario = \"nope.toml\"\n",
    );
    let o = corridor(&["check", &bad]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("nope.toml: error: cannot read file: no such file"));
    assert_eq!(stdout(&o), "");
}

#[test]
fn check_runs_the_bundled_references_on_another_network_file() {
    let o = corridor(&["check", "--network", "networks/middle_corridor.toml"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = corridor(&["check", "--format", "csv"]);
    assert_eq!(o.status.code(), Some(2));
}

/// Golden route reports: the full default report (the trade-offs, with every route's legs) for
/// the pairs planners rely on. A change in the network or the planner that moves any of them shows up as a snapshot
/// diff to review.
#[test]
fn golden_route_reports() {
    for (name, from, to) in [
        ("xian_baku", "Xi'an", "Baku"),
        ("xian_constanta", "Xi'an", "Constanța"),
        ("xian_duisburg", "Xi'an", "Duisburg"),
        ("tashkent_istanbul", "Tashkent", "Istanbul"),
        ("almaty_poti", "Almaty", "Poti"),
        ("chengdu_bucharest", "Chengdu", "Bucharest"),
        ("yiwu_constanta", "Yiwu", "Constanța"),
    ] {
        let o = corridor(&["route", "--from", from, "--to", to, "--legs"]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        insta::assert_snapshot!(format!("golden_{name}"), stdout(&o));
    }
}
