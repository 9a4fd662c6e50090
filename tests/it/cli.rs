//! The `corridor` binary as a user runs it: outputs (snapshots), exit codes and messages.

use std::process::{Command, Output};

pub(crate) fn corridor(args: &[&str]) -> Output {
    corridor_with_env(args, &[])
}

pub(crate) fn corridor_with_env(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_corridor"));
    // The table fits `COLUMNS` when it is set: outputs here are for a pipe, 100 columns.
    cmd.env_remove("COLUMNS");
    cmd.args(args);
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("the corridor binary runs")
}

pub(crate) fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("stdout is UTF-8")
}

pub(crate) fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).expect("stderr is UTF-8")
}

const ALMATY_BUCHAREST: [&str; 5] = ["route", "--from", "Almaty", "--to", "Bucharest"];

/// The routes of `route … --format json` with `extra` flags: what the other formats must agree
/// with, whatever the bundled figures are.
fn json_routes(extra: &[&str]) -> Vec<serde_json::Value> {
    let mut args = extra.to_vec();
    args.extend_from_slice(&["--format", "json"]);
    let o = route(&args);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    v["routes"].as_array().expect("routes").clone()
}

/// A whole number with thousands separators, as the table prints USD.
fn with_separators(x: f64) -> String {
    let digits = format!("{:.0}", x.abs());
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if x < 0.0 { format!("-{out}") } else { out }
}

fn route(extra: &[&str]) -> Output {
    let mut args = ALMATY_BUCHAREST.to_vec();
    args.extend_from_slice(extra);
    corridor(&args)
}

#[test]
fn almaty_to_bucharest_default_report() {
    let o = route(&[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    // The trade-off report names the extremes.
    for label in ["fastest", "cheapest", "fewest transfers"] {
        assert!(out.contains(label), "missing {label:?}");
    }
    insta::assert_snapshot!("almaty_bucharest_table", out);
}

#[test]
fn almaty_to_bucharest_json_keeps_the_contract() {
    let o = route(&["--format", "json"]);
    assert_eq!(o.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("valid JSON");
    let routes = v["routes"].as_array().expect("routes array");
    assert!(
        routes.len() >= 3,
        "at least fastest, cheapest and fewest-transfer routes"
    );
    for r in routes {
        let nodes = r["nodes"].as_array().expect("nodes");
        assert_eq!(nodes.first().and_then(|n| n.as_str()), Some("almaty"));
        assert_eq!(nodes.last().and_then(|n| n.as_str()), Some("bucharest"));
        let legs = r["legs"].as_array().expect("legs");
        assert_eq!(legs.len() + 1, nodes.len());
        for key in [
            "hours",
            "days",
            "cost_usd",
            "transfers",
            "distance_km",
            "co2_kg",
        ] {
            assert!(r[key].is_number(), "{key} is a number");
        }
        // Totals are the legs plus the stops.
        let leg_hours: f64 = legs
            .iter()
            .map(|l| l["hours"].as_f64().unwrap_or(0.0))
            .sum();
        let stop_hours: f64 = r["stops"]
            .as_array()
            .expect("stops")
            .iter()
            .map(|s| s["hours"].as_f64().unwrap_or(0.0))
            .sum();
        let total = r["hours"].as_f64().unwrap_or(0.0);
        assert!(
            (leg_hours + stop_hours - total).abs() < 0.1,
            "{leg_hours} + {stop_hours} != {total}"
        );
    }
    // Sorted by hours and mutually non-dominated.
    let hours: Vec<f64> = routes
        .iter()
        .map(|r| r["hours"].as_f64().unwrap_or(0.0))
        .collect();
    assert!(hours.windows(2).all(|w| w[0] <= w[1]));
    insta::assert_snapshot!("almaty_bucharest_json", stdout(&o));
}

#[test]
fn almaty_to_bucharest_k_best_in_every_format() {
    for format in ["table", "json", "csv", "geojson"] {
        let o = route(&["--optimize", "cost", "-k", "3", "--format", format]);
        assert_eq!(o.status.code(), Some(0), "{format}: {}", stderr(&o));
        insta::assert_snapshot!(format!("almaty_bucharest_k3_cost_{format}"), stdout(&o));
    }
}

#[test]
fn csv_has_one_row_per_item_and_geojson_is_lon_lat() {
    let csv = stdout(&route(&[
        "--optimize",
        "time",
        "-k",
        "2",
        "--format",
        "csv",
    ]));
    let json = stdout(&route(&[
        "--optimize",
        "time",
        "-k",
        "2",
        "--format",
        "json",
    ]));
    let v: serde_json::Value = serde_json::from_str(&json).expect("json");
    // One row per leg, per wait, per delay (of a leg or at a node), per dwell and per transfer.
    let items: usize = v["routes"]
        .as_array()
        .expect("routes")
        .iter()
        .map(|r| {
            let legs = r["legs"].as_array().expect("legs");
            let waits = legs.iter().filter(|l| l["wait_hours"].as_f64() > Some(0.0));
            let delays = legs
                .iter()
                .filter(|l| l["delay_hours"].as_f64() > Some(0.0));
            let stops = r["stops"].as_array().expect("stops");
            let stop_delays = stops
                .iter()
                .filter(|s| s["delay_hours"].as_f64() > Some(0.0));
            let dwell = stops.iter().filter(|s| {
                s["dwell_hours"].as_f64() > Some(0.0) || s["dwell_cost_usd"].as_f64() > Some(0.0)
            });
            let transfers = stops.iter().filter(|s| s["transfer"] == true);
            legs.len()
                + waits.count()
                + delays.count()
                + stop_delays.count()
                + dwell.count()
                + transfers.count()
        })
        .sum();
    assert_eq!(
        csv_rows(&csv).len(),
        items,
        "one row per leg, wait, delay, dwell and transfer"
    );
    let geo: serde_json::Value = serde_json::from_str(&stdout(&route(&[
        "--optimize",
        "time",
        "-k",
        "2",
        "--format",
        "geojson",
    ])))
    .expect("geojson");
    assert_eq!(geo["type"], "FeatureCollection");
    let first = &geo["features"][0]["geometry"]["coordinates"][0];
    // Almaty is at lon 76.9, lat 43.3: longitude first.
    assert!(
        (first[0].as_f64().unwrap_or(0.0) - 76.9).abs() < 0.1,
        "{first}"
    );
    assert!(
        (first[1].as_f64().unwrap_or(0.0) - 43.25).abs() < 0.1,
        "{first}"
    );
}

#[test]
fn output_file_is_written_whole() {
    let dir = std::env::temp_dir().join(format!("corridor-out-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("routes.json");
    let o = route(&[
        "--format",
        "json",
        "--output",
        path.to_str().expect("utf-8 path"),
    ]);
    assert_eq!(o.status.code(), Some(0));
    assert!(o.stdout.is_empty());
    let written = std::fs::read_to_string(&path).expect("written");
    assert_eq!(written, stdout(&route(&["--format", "json"])));
    // A failing write leaves nothing behind.
    let bad = dir.join("missing-dir").join("x.json");
    let o = route(&["--output", bad.to_str().expect("utf-8 path")]);
    assert_eq!(o.status.code(), Some(2));
    assert!(!bad.exists());
    let leftovers: Vec<_> = std::fs::read_dir(&dir).expect("dir").collect();
    assert_eq!(leftovers.len(), 1, "no temporary files left");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn same_output_whatever_the_thread_count() {
    for extra in [
        &["--optimize", "time", "-k", "10"][..],
        &["--pareto"],
        &["--pareto-with", "co2"],
        &["--optimize", "cost", "-k", "5", "--diverse"],
    ] {
        let mut args = ALMATY_BUCHAREST.to_vec();
        args.extend_from_slice(extra);
        args.extend_from_slice(&["--format", "json"]);
        let one = corridor_with_env(&args, &[("RAYON_NUM_THREADS", "1")]);
        let four = corridor_with_env(&args, &[("RAYON_NUM_THREADS", "4")]);
        assert_eq!(one.status.code(), Some(0));
        assert_eq!(one.stdout, four.stdout, "{extra:?}");
    }
}

#[test]
fn k_best_is_ordered_and_distinct() {
    let v: serde_json::Value = serde_json::from_str(&stdout(&route(&[
        "--optimize",
        "time",
        "-k",
        "10",
        "--format",
        "json",
    ])))
    .expect("json");
    let routes = v["routes"].as_array().expect("routes");
    assert_eq!(routes.len(), 10);
    let hours: Vec<f64> = routes
        .iter()
        .map(|r| r["hours"].as_f64().unwrap_or(0.0))
        .collect();
    assert!(hours.windows(2).all(|w| w[0] <= w[1]), "{hours:?}");
    let mut legs: Vec<String> = routes.iter().map(|r| r["legs"].to_string()).collect();
    legs.sort();
    legs.dedup();
    assert_eq!(legs.len(), 10, "distinct routes");
}

#[test]
fn diverse_alternatives_differ_in_gateways() {
    let v: serde_json::Value = serde_json::from_str(&stdout(&route(&[
        "--optimize",
        "time",
        "-k",
        "4",
        "--diverse",
        "--format",
        "json",
    ])))
    .expect("json");
    let routes = v["routes"].as_array().expect("routes");
    assert_eq!(routes.len(), 4);
    let signatures: Vec<String> = routes
        .iter()
        .map(|r| format!("{} {}", r["modes"], r["nodes"]))
        .collect();
    for (i, a) in signatures.iter().enumerate() {
        for b in &signatures[i + 1..] {
            assert_ne!(a, b);
        }
    }
}

#[test]
fn pareto_front_is_non_dominated_and_explained() {
    let v: serde_json::Value =
        serde_json::from_str(&stdout(&route(&["--pareto", "--format", "json"]))).expect("json");
    let routes = v["routes"].as_array().expect("routes");
    assert!(routes.len() >= 3);
    let triple = |r: &serde_json::Value| {
        (
            r["hours"].as_f64().unwrap_or(0.0),
            r["cost_usd"].as_f64().unwrap_or(0.0),
            r["transfers"].as_u64().unwrap_or(0),
        )
    };
    for a in routes {
        let ta = triple(a);
        assert!(
            !a["labels"].as_array().expect("labels").is_empty(),
            "every route says why it is on the front"
        );
        for b in routes {
            let tb = triple(b);
            let dominates = tb.0 <= ta.0 && tb.1 <= ta.1 && tb.2 <= ta.2 && tb != ta;
            assert!(!dominates, "{tb:?} dominates {ta:?}");
        }
    }
}

#[test]
fn avoiding_russia_keeps_routes_out_of_russia() {
    let o = route(&["--avoid", "RU", "--format", "json", "--pareto"]);
    assert_eq!(o.status.code(), Some(0));
    let nodes = stdout(&corridor(&["nodes", "--country", "RU", "--format", "json"]));
    let ru: serde_json::Value = serde_json::from_str(&nodes).expect("json");
    let ru_ids: Vec<&str> = ru["nodes"]
        .as_array()
        .expect("nodes")
        .iter()
        .filter_map(|n| n["id"].as_str())
        .collect();
    assert!(!ru_ids.is_empty());
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    for r in v["routes"].as_array().expect("routes") {
        for n in r["nodes"].as_array().expect("nodes") {
            assert!(
                !ru_ids.contains(&n.as_str().unwrap_or("")),
                "{n} is in Russia"
            );
        }
    }
}

#[test]
fn via_is_respected_in_order() {
    let v: serde_json::Value = serde_json::from_str(&stdout(&route(&[
        "--via",
        "Kuryk",
        "--via",
        "Poti",
        "--optimize",
        "time",
        "-k",
        "2",
        "--format",
        "json",
    ])))
    .expect("json");
    for r in v["routes"].as_array().expect("routes") {
        let nodes: Vec<&str> = r["nodes"]
            .as_array()
            .expect("nodes")
            .iter()
            .filter_map(|n| n.as_str())
            .collect();
        let kuryk = nodes
            .iter()
            .position(|n| *n == "kuryk")
            .expect("passes Kuryk");
        let poti = nodes
            .iter()
            .position(|n| *n == "poti")
            .expect("passes Poti");
        assert!(kuryk < poti);
    }
}

#[test]
fn blocked_constraints_are_named() {
    let o = route(&[
        "--avoid",
        "RU",
        "--avoid-mode",
        "ferry",
        "--avoid-mode",
        "sea",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("no route from Almaty to Bucharest under these constraints"),
        "{err}"
    );
    assert!(err.contains("lifting --avoid RU gives"), "{err}");
    assert!(o.stdout.is_empty());
}

#[test]
fn max_limits_are_met() {
    let v: serde_json::Value = serde_json::from_str(&stdout(&route(&[
        "--max-transfers",
        "2",
        "--optimize",
        "time",
        "-k",
        "3",
        "--format",
        "json",
    ])))
    .expect("json");
    let routes = v["routes"].as_array().expect("routes");
    assert!(!routes.is_empty());
    assert!(
        routes
            .iter()
            .all(|r| r["transfers"].as_u64().unwrap_or(99) <= 2)
    );
    let o = route(&["--max-days", "1"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("lifting --max-days 1"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn places_resolve_ignoring_case_and_diacritics() {
    let a = stdout(&corridor(&[
        "route",
        "--from",
        "almaty",
        "--to",
        "Constanta",
        "--format",
        "json",
    ]));
    let b = stdout(&corridor(&[
        "route",
        "--from",
        "ALMATY",
        "--to",
        "Constanța",
        "--format",
        "json",
    ]));
    assert!(!a.is_empty());
    assert_eq!(a, b);
}

#[test]
fn unknown_place_suggests_the_closest() {
    let o = corridor(&["route", "--from", "Almaty", "--to", "Bucharset"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("unknown place \"Bucharset\""), "{err}");
    assert!(err.contains("did you mean \"Bucharest\""), "{err}");
    // Two swapped letters are one edit.
    let err = stderr(&corridor(&["route", "--from", "Aktua", "--to", "Baku"]));
    assert!(err.contains("did you mean \"Aktau\""), "{err}");
}

#[test]
fn same_origin_and_destination_is_bad_input() {
    let o = corridor(&["route", "--from", "Almaty", "--to", "almaty"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("same place"));
}

#[test]
fn bad_arguments_exit_2() {
    assert_eq!(
        corridor(&["route", "--from", "Almaty"]).status.code(),
        Some(2)
    );
    assert_eq!(
        corridor(&[
            "route",
            "--from",
            "Almaty",
            "--to",
            "Baku",
            "--optimize",
            "speed"
        ])
        .status
        .code(),
        Some(2)
    );
    assert_eq!(
        corridor(&["route", "--from", "Almaty", "--to", "Baku", "-k", "0"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        corridor(&[
            "route",
            "--from",
            "Almaty",
            "--to",
            "Baku",
            "--max-days",
            "-3"
        ])
        .status
        .code(),
        Some(2)
    );
    assert_eq!(corridor(&["--help"]).status.code(), Some(0));
}

#[test]
fn broken_network_file_is_reported_with_position() {
    let dir = std::env::temp_dir().join(format!("corridor-bad-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("bad.toml");
    std::fs::write(
        &path,
        "[network]\nname = \"bad\"\n\n[[node]]\nid = \"a\"\nname = \"A\"\ncountry = \"KZ\"\nkind = \"city\"\nlat = 43.0\nlon = 76.0\n\n[[link]]\nfrom = \"a\"\nto = \"aa\"\nmode = \"rail\"\nhours = 1.0\ncost_usd = 1.0\nsource = \"test\"\n",
    )
    .expect("write");
    let p = path.to_str().expect("utf-8 path");
    let o = corridor(&["route", "--from", "A", "--to", "B", "--network", p]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains(&format!("{p}:14:6:")), "{err}");
    assert!(err.contains("\"aa\""), "{err}");
    assert!(o.stdout.is_empty());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn bundled_network_validates_clean() {
    let o = corridor(&["validate"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("0 warning(s)"), "{}", stdout(&o));
    assert!(stderr(&o).is_empty(), "{}", stderr(&o));
}

#[test]
fn nodes_filter_by_country_and_kind() {
    let out = stdout(&corridor(&["nodes", "--country", "kz", "--kind", "port"]));
    assert!(out.contains("aktau") && out.contains("kuryk"), "{out}");
    assert!(!out.contains("baku"), "{out}");
    insta::assert_snapshot!("nodes_kz_ports", out);
}

#[test]
fn a_scenario_changes_the_answer_and_is_named() {
    let o = route(&[
        "--scenario",
        "scenarios/kuryk_closed.toml",
        "--pareto",
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(v["network"], "Middle Corridor baseline + kuryk_closed");
    for r in v["routes"].as_array().expect("routes") {
        assert!(
            !r["nodes"]
                .as_array()
                .expect("nodes")
                .iter()
                .any(|n| n == "kuryk"),
            "{r}"
        );
    }
}

/// A fresh folder for one test's files.
fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("corridor-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

#[cfg(unix)]
#[test]
fn output_writes_through_a_fifo() {
    use std::os::unix::fs::FileTypeExt;
    let dir = scratch("fifo");
    let fifo = dir.join("pipe");
    let made = Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("mkfifo is not available; skipped");
        return;
    }
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).expect("read the pipe"))
    };
    let o = route(&[
        "--format",
        "json",
        "--output",
        fifo.to_str().expect("utf-8"),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // Checked first: a replaced pipe would leave the reader waiting for ever.
    let kind = std::fs::symlink_metadata(&fifo)
        .expect("still there")
        .file_type();
    assert!(kind.is_fifo(), "the pipe was replaced by {kind:?}");
    let received = reader.join().expect("reader");
    assert_eq!(received, stdout(&route(&["--format", "json"])));
    let _ = std::fs::remove_dir_all(&dir);
}

#[cfg(unix)]
#[test]
fn output_follows_a_symlink_and_keeps_it() {
    let dir = scratch("symlink");
    let target = dir.join("real.json");
    std::fs::write(&target, "old").expect("write");
    let link = dir.join("latest.json");
    std::os::unix::fs::symlink("real.json", &link).expect("symlink");
    let o = route(&[
        "--format",
        "json",
        "--output",
        link.to_str().expect("utf-8"),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        std::fs::symlink_metadata(&link)
            .expect("link")
            .file_type()
            .is_symlink(),
        "the link was replaced"
    );
    let written = std::fs::read_to_string(&target).expect("target");
    assert_eq!(written, stdout(&route(&["--format", "json"])));
    // A link to nothing creates its target.
    let dangling = dir.join("next.json");
    std::os::unix::fs::symlink("made.json", &dangling).expect("symlink");
    let o = route(&[
        "--output",
        dangling.to_str().expect("utf-8"),
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(dir.join("made.json").is_file());
    let _ = std::fs::remove_dir_all(&dir);
}

#[cfg(unix)]
#[test]
fn output_keeps_the_mode_and_refuses_read_only_files() {
    use std::os::unix::fs::PermissionsExt;
    let dir = scratch("modes");
    let private = dir.join("private.json");
    std::fs::write(&private, "old").expect("write");
    std::fs::set_permissions(&private, std::fs::Permissions::from_mode(0o600)).expect("chmod");
    let o = route(&[
        "--format",
        "json",
        "--output",
        private.to_str().expect("utf-8"),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let mode = std::fs::metadata(&private)
        .expect("file")
        .permissions()
        .mode();
    assert_eq!(
        mode & 0o7777,
        0o600,
        "mode was reset to {:o}",
        mode & 0o7777
    );
    assert_ne!(std::fs::read_to_string(&private).expect("read"), "old");
    // Read-only for everyone: refused, even for root, and left as it was.
    let frozen = dir.join("frozen.json");
    std::fs::write(&frozen, "keep me").expect("write");
    std::fs::set_permissions(&frozen, std::fs::Permissions::from_mode(0o444)).expect("chmod");
    let o = route(&[
        "--format",
        "json",
        "--output",
        frozen.to_str().expect("utf-8"),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("read-only"), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&frozen).expect("read"), "keep me");
    let mode = std::fs::metadata(&frozen)
        .expect("file")
        .permissions()
        .mode();
    assert_eq!(mode & 0o7777, 0o444);
    // A directory is not a file name.
    let o = route(&["--output", dir.to_str().expect("utf-8")]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("directory"), "{}", stderr(&o));
    let leftovers: Vec<_> = std::fs::read_dir(&dir).expect("dir").collect();
    assert_eq!(leftovers.len(), 2, "no temporary files left");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn output_extension_sets_the_format_and_a_mismatch_is_refused() {
    let dir = scratch("infer");
    let svg = dir.join("guess.svg");
    let o = route(&["--output", svg.to_str().expect("utf-8")]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let written = std::fs::read_to_string(&svg).expect("written");
    assert!(
        written.starts_with("<svg"),
        "{}",
        &written[..80.min(written.len())]
    );
    let json = dir.join("Routes.JSON");
    let o = route(&["--output", json.to_str().expect("utf-8")]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let written = std::fs::read_to_string(&json).expect("written");
    assert_eq!(written, stdout(&route(&["--format", "json"])));
    // An explicit format that contradicts the extension is an error with a hint; nothing is
    // written.
    let csv = dir.join("x.csv");
    let o = route(&["--format", "json", "--output", csv.to_str().expect("utf-8")]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("does not match") && err.contains("x.json"),
        "{err}"
    );
    assert!(!csv.exists());
    // A command that cannot write the implied format says what it writes.
    let o = corridor(&["map", "--output", json.to_str().expect("utf-8")]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("writes svg"), "{}", stderr(&o));
    // Other extensions keep the default.
    let txt = dir.join("routes.txt");
    let o = route(&["--output", txt.to_str().expect("utf-8")]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(
        std::fs::read_to_string(&txt).expect("written"),
        stdout(&route(&[]))
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn help_lists_only_formats_a_command_writes() {
    for (command, formats) in [
        ("nodes", "[possible values: table, json]"),
        ("check", "[possible values: table, json]"),
    ] {
        let help = stdout(&corridor(&[command, "-h"]));
        assert!(help.contains(formats), "{command}: {help}");
        let o = corridor(&[command, "--format", "csv"]);
        assert_eq!(o.status.code(), Some(2));
    }
}

#[test]
fn one_flag_name_and_both_kind_spellings() {
    let dir = scratch("generate");
    let new = dir.join("net.toml");
    let old = dir.join("old.toml");
    for (flag, path) in [("--output", &new), ("--out", &old)] {
        let o = corridor(&[
            "generate",
            "--nodes",
            "12",
            flag,
            path.to_str().expect("utf-8"),
        ]);
        assert_eq!(o.status.code(), Some(0), "{flag}: {}", stderr(&o));
    }
    assert_eq!(
        std::fs::read(&new).expect("written"),
        std::fs::read(&old).expect("written")
    );
    let help = stdout(&corridor(&["generate", "--help"]));
    assert!(
        help.contains("--output") && !help.contains("--out "),
        "{help}"
    );
    let _ = std::fs::remove_dir_all(&dir);
    let hyphen = corridor(&["nodes", "--kind", "dry-port"]);
    let underscore = corridor(&["nodes", "--kind", "dry_port"]);
    assert_eq!(underscore.status.code(), Some(0), "{}", stderr(&underscore));
    assert_eq!(hyphen.stdout, underscore.stdout);
    assert!(stdout(&hyphen).contains("duisburg"));
}

#[test]
fn completions_and_man_page_name_every_subcommand() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let o = corridor(&["completions", shell]);
        assert_eq!(o.status.code(), Some(0), "{shell}: {}", stderr(&o));
        let script = stdout(&o);
        for word in ["route", "compare", "validate", "avoid-mode"] {
            assert!(script.contains(word), "{shell} completions lack {word}");
        }
    }
    let o = corridor(&["man"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let page = stdout(&o);
    assert!(
        page.starts_with(".ie") || page.starts_with(".TH"),
        "not roff"
    );
    for section in [
        ".TH corridor 1",
        "CORRIDOR ROUTE",
        "CORRIDOR COMPARE",
        "\\-\\-avoid\\-mode",
    ] {
        assert!(page.contains(section), "man page lacks {section}");
    }
    let dir = scratch("man");
    let file = dir.join("corridor.1");
    let o = corridor(&["man", "--output", file.to_str().expect("utf-8")]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&file).expect("written"), page);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn countries_by_code_or_name_everywhere() {
    let by_code = corridor(&["nodes", "--country", "KZ"]);
    for name in ["Kazakhstan", "kazakhstan", "Qazaqstan", "kz"] {
        let by_name = corridor(&["nodes", "--country", name]);
        assert_eq!(
            by_name.status.code(),
            Some(0),
            "{name}: {}",
            stderr(&by_name)
        );
        assert_eq!(by_name.stdout, by_code.stdout, "{name}");
    }
    // A real country that no node is in: a warning and an empty list.
    let o = corridor(&["nodes", "--country", "FR"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(
        stderr(&o).contains("no node of the network is in France (FR)"),
        "{}",
        stderr(&o)
    );
    assert!(stdout(&o).contains("0 node(s)"), "{}", stdout(&o));
    // Not a country: an error with a hint.
    let o = corridor(&["nodes", "--country", "XX"]);
    assert_eq!(o.status.code(), Some(2));
    let o = corridor(&["nodes", "--country", "Kazahstan"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("did you mean Kazakhstan (KZ)?"),
        "{}",
        stderr(&o)
    );
    // --avoid takes names as well as codes.
    let code = route(&["--avoid", "RU", "--avoid", "TR", "--format", "json"]);
    let names = route(&[
        "--avoid", "Russia", "--avoid", "Türkiye", "--format", "json",
    ]);
    assert_eq!(names.status.code(), Some(0), "{}", stderr(&names));
    assert_eq!(names.stdout, code.stdout);
}

#[test]
fn places_that_are_not_in_the_network_say_where_to_look() {
    let o = corridor(&["route", "--from", "Almaty", "--to", "Paris"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("unknown place \"Paris\""), "{err}");
    assert!(err.contains("`corridor nodes`"), "{err}");
    let o = corridor(&["route", "--from", "Almaty", "--to", "RO"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "error: --to: RO is a country (Romania); a route needs a place, e.g. Bucharest or Constanța\n"
    );
}

#[test]
fn flags_beyond_their_bounds_are_refused() {
    for (flag, value, message) in [
        (
            "--transfer-penalty",
            "1e15",
            "1e15 is too large (at most 10,000 USD)",
        ),
        (
            "--value-of-time",
            "1e12",
            "1e12 is too large (at most 10,000 USD a day)",
        ),
        ("--max-days", "1e-9", "rounds to 0 seconds"),
        (
            "--max-days",
            "200000",
            "200,000 is too large (at most 100,000 days)",
        ),
        ("-k", "100000", "100000 is not in 1..=10000"),
    ] {
        let o = route(&["--optimize", "balanced", flag, value]);
        assert_eq!(o.status.code(), Some(2), "{flag} {value}");
        let err = stderr(&o);
        assert!(err.contains(message), "{flag} {value}: {err}");
        assert!(o.stdout.is_empty());
    }
    // At the largest value of time and penalty the generalised cost is still exact: the
    // balanced answer is the one the plain figures give.
    let o = route(&[
        "--optimize",
        "balanced",
        "--value-of-time",
        "10000",
        "--transfer-penalty",
        "10000",
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    let r = &v["routes"][0];
    let expected = r["cost_usd"].as_f64().unwrap_or(0.0)
        + 10_000.0 * r["hours"].as_f64().unwrap_or(0.0) / 24.0
        + 10_000.0 * r["transfers"].as_f64().unwrap_or(0.0);
    let generalised = r["generalised_cost_usd"].as_f64().unwrap_or(0.0);
    assert!(
        (generalised - expected).abs() < 60.0,
        "{generalised} vs {expected}"
    );
    // Eight via points are one more than a search may pass.
    let mut args = ALMATY_BUCHAREST.to_vec();
    for _ in 0..8 {
        args.extend_from_slice(&["--via", "Aktau"]);
    }
    let o = corridor(&args);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("at most 7 via points"),
        "{}",
        stderr(&o)
    );
}

/// The records of a CSV output, by header name.
fn csv_rows(text: &str) -> Vec<std::collections::HashMap<String, String>> {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header = reader.headers().expect("a header").clone();
    reader
        .records()
        .map(|r| {
            let r = r.expect("a record");
            header
                .iter()
                .zip(r.iter())
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
                .collect()
        })
        .collect()
}

/// A figure of a CSV cell in whole steps of its precision (tenths for hours), so that sums
/// are compared exactly.
fn steps(row: &std::collections::HashMap<String, String>, column: &str, scale: f64) -> i64 {
    let cell = row
        .get(column)
        .unwrap_or_else(|| panic!("no column {column}"));
    let x: f64 = cell
        .parse()
        .unwrap_or_else(|_| panic!("{column} = {cell:?} is not a number"));
    let scaled = x * scale;
    assert!(
        (scaled - scaled.round()).abs() < 1e-6,
        "{column} = {cell} is not at its precision"
    );
    scaled.round() as i64
}

/// Checks that every route's rows add up to the totals it repeats, for hours, USD, km and kg;
/// returns how many routes were checked.
fn assert_build_up_adds_up(csv: &str, what: &str) -> usize {
    let rows = csv_rows(csv);
    let mut ranks: Vec<String> = rows.iter().map(|r| r["rank"].clone()).collect();
    ranks.dedup();
    for rank in &ranks {
        let route: Vec<_> = rows.iter().filter(|r| &r["rank"] == rank).collect();
        for (item, total, scale) in [
            ("hours", "route_hours", 10.0),
            ("cost_usd_per_feu", "route_cost_usd_per_feu", 1.0),
            ("distance_km", "route_distance_km", 1.0),
            ("co2e_kg_per_feu", "route_co2e_kg_per_feu", 1.0),
        ] {
            let sum: i64 = route.iter().map(|r| steps(r, item, scale)).sum();
            assert_eq!(
                sum,
                steps(route[0], total, scale),
                "{what}, route {rank}: {item} of the rows"
            );
        }
        let transfers = route.iter().filter(|r| r["kind"] == "transfer").count();
        assert_eq!(
            transfers.to_string(),
            route[0]["route_transfers"],
            "{what}, route {rank}: one row per transfer"
        );
    }
    ranks.len()
}

#[test]
fn csv_build_up_adds_up_to_every_route_total() {
    let o = route(&["--format", "csv"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let csv = stdout(&o);
    assert_eq!(
        assert_build_up_adds_up(&csv, "Almaty → Bucharest"),
        json_routes(&[]).len()
    );
    // Waits, dwell and transfers are rows of their own; the first route's hours are the
    // table's, as printed.
    let rows = csv_rows(&csv);
    for kind in ["leg", "wait", "dwell", "transfer"] {
        assert!(rows.iter().any(|r| r["kind"] == kind), "no {kind} row");
    }
    let first = &json_routes(&[])[0];
    let hours = first["hours"].as_f64().expect("hours");
    assert_eq!(rows[0]["route_hours"], format!("{hours:.1}"));
    let days = first["days"].as_f64().expect("days");
    assert!(stdout(&route(&[])).contains(&format!(" {days:.1} ")));
    let usd = first["cost_usd"].as_f64().expect("cost");
    assert_eq!(rows[0]["route_cost_usd_per_feu"], format!("{usd:.0}"));
    for (from, to) in [
        ("Almaty", "Bucharest"),
        ("Xian", "Duisburg"),
        ("Tashkent", "Istanbul"),
        ("Xian", "Constanta"),
        ("Almaty", "Poti"),
    ] {
        let o = corridor(&[
            "route", "--from", from, "--to", to, "-k", "10", "--format", "csv",
        ]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let what = format!("{from} → {to} -k 10");
        assert_eq!(assert_build_up_adds_up(&stdout(&o), &what), 10, "{what}");
    }
}

#[test]
fn json_legs_and_stops_add_up_exactly() {
    let v: serde_json::Value = serde_json::from_slice(
        &route(&["--optimize", "cost", "-k", "10", "--format", "json"]).stdout,
    )
    .expect("json");
    let tenths = |x: &serde_json::Value| (x.as_f64().unwrap_or(f64::NAN) * 10.0).round() as i64;
    for r in v["routes"].as_array().expect("routes") {
        let legs = r["legs"].as_array().expect("legs");
        let stops = r["stops"].as_array().expect("stops");
        let hours: i64 = legs.iter().map(|l| tenths(&l["hours"])).sum::<i64>()
            + stops.iter().map(|s| tenths(&s["hours"])).sum::<i64>();
        assert_eq!(hours, tenths(&r["hours"]), "route {}", r["rank"]);
        let usd: i64 = legs.iter().map(|l| tenths(&l["cost_usd"])).sum::<i64>()
            + stops.iter().map(|s| tenths(&s["cost_usd"])).sum::<i64>();
        assert_eq!(usd, tenths(&r["cost_usd"]), "route {}", r["rank"]);
        for l in legs {
            assert_eq!(
                tenths(&l["hours"]),
                tenths(&l["motion_hours"]) + tenths(&l["wait_hours"]) + tenths(&l["delay_hours"])
            );
        }
        for s in stops {
            assert_eq!(
                tenths(&s["hours"]),
                tenths(&s["dwell_hours"])
                    + tenths(&s["delay_hours"])
                    + tenths(&s["transfer_hours"])
            );
        }
    }
}

#[test]
fn every_output_records_the_query_and_its_units() {
    let query = [
        "--avoid",
        "Russia",
        "--max-days",
        "20",
        "--via",
        "Tbilisi",
        "--avoid-mode",
        "sea",
    ];
    // The title wraps at 100 columns, after a separator.
    let table = stdout(&route(&query)).replace(" ·\n", " · ");
    let title = "trade-offs over days, cost and transfers · 40' · 10 t cargo (13.75 t gross) · via \
                 Tbilisi · avoiding Russia (RU) · no sea · at most 20 days";
    assert!(table.contains(title), "{table}");
    assert!(
        table.contains("USD/FEU") && table.contains("kg CO2e"),
        "{table}"
    );
    assert!(table.contains("USD per FEU (40-foot container)"), "{table}");
    assert!(table.contains("10 t of cargo + 3.75 t tare"), "{table}");
    let with = |format: &str| {
        let mut args = query.to_vec();
        args.extend_from_slice(&["--format", format]);
        let o = route(&args);
        assert_eq!(o.status.code(), Some(0), "{format}: {}", stderr(&o));
        stdout(&o)
    };
    let json: serde_json::Value = serde_json::from_str(&with("json")).expect("json");
    let q = &json["query"];
    assert_eq!(q["from"], "Almaty");
    assert_eq!(q["criterion"], "trade-offs");
    assert_eq!(q["via"], serde_json::json!(["Tbilisi"]));
    assert_eq!(q["avoid"], serde_json::json!(["Russia (RU)"]));
    assert_eq!(q["avoid_modes"], serde_json::json!(["sea"]));
    assert_eq!(q["max_days"].as_f64(), Some(20.0));
    let units = &json["units"];
    assert!(
        units["cost_usd"]
            .as_str()
            .is_some_and(|u| u.contains("FEU"))
    );
    assert!(
        units["co2_kg"].as_str().is_some_and(
            |u| u.contains("10 t of cargo + 3.75 t tare") && u.contains("tank-to-wheel")
        )
    );
    assert_eq!(q["cargo"], "40' · 10 t cargo (13.75 t gross)");
    assert_eq!(units["cargo"]["gross_tonnes"].as_f64(), Some(13.75));
    // The bundled network's GLEC Ro-Pax ferry factor, tank-to-wheel and well-to-wheel.
    assert_eq!(
        units["co2_ttw_g_per_tonne_km"]["ferry"].as_f64(),
        Some(110.6)
    );
    assert_eq!(
        units["co2_wtw_g_per_tonne_km"]["ferry"].as_f64(),
        Some(129.7)
    );
    let csv = csv_rows(&with("csv"));
    assert!(
        csv.iter().all(|r| r["query"].contains(title)),
        "{:?}",
        csv[0]
    );
    assert!(csv[0]["co2e_basis"].contains("10 t of cargo"));
    let geo: serde_json::Value = serde_json::from_str(&with("geojson")).expect("geojson");
    assert_eq!(geo["query"], json["query"]);
    assert_eq!(geo["units"], json["units"]);
    assert!(
        geo["features"][0]["properties"]["query"]
            .as_str()
            .is_some_and(|t| t.contains(title))
    );
    // Balanced names its value of time and transfer penalty; -k and --diverse their numbers.
    let balanced = stdout(&route(&[
        "--optimize",
        "balanced",
        "-k",
        "2",
        "--value-of-time",
        "80",
    ]));
    assert!(
        balanced.contains("2 best by balanced cost (USD + USD 80 a day + USD 100 a transfer)"),
        "{balanced}"
    );
    let scenario = stdout(&route(&["--scenario", "kuryk_closed", "--format", "json"]));
    let v: serde_json::Value = serde_json::from_str(&scenario).expect("json");
    assert_eq!(v["query"]["scenarios"], serde_json::json!(["kuryk_closed"]));
}

/// The widest line of a text, in characters.
fn widest(text: &str) -> usize {
    text.lines().map(|l| l.chars().count()).max().unwrap_or(0)
}

#[test]
fn the_default_report_fits_100_columns_and_legs_add_the_build_up() {
    let brief = stdout(&route(&[]));
    assert!(
        widest(&brief) <= 100,
        "{} columns:\n{brief}",
        widest(&brief)
    );
    // Six trade-offs on the bundled network, none wrapping to more than four lines.
    assert!(brief.lines().count() <= 34, "{brief}");
    let routes = json_routes(&[]);
    let first = &routes[0];
    let waited = first["legs"]
        .as_array()
        .expect("legs")
        .iter()
        .find(|l| l["wait_hours"].as_f64().unwrap_or(0.0) > 0.0)
        .expect("a leg with a wait");
    let leg = format!(
        "{} → {}",
        waited["from_name"].as_str().unwrap_or(""),
        waited["to_name"].as_str().unwrap_or("")
    );
    assert!(!brief.contains(&leg), "no leg tables by default");
    assert!(brief.contains("--legs shows"), "{brief}");
    let legs = stdout(&route(&["--legs"]));
    assert!(widest(&legs) <= 100, "{legs}");
    assert!(legs.starts_with(brief.lines().next().unwrap_or("")));
    assert!(legs.contains(&leg), "{legs}");
    let wait = format!(
        "{}: wait to board",
        waited["from_name"].as_str().unwrap_or("")
    );
    assert!(legs.contains(&wait), "{legs}");
    let totals: Vec<&str> = legs
        .lines()
        .filter(|l| l.trim_start().starts_with("total "))
        .collect();
    assert_eq!(totals.len(), routes.len(), "a total row per route:\n{legs}");
    let hours = format!("{:.1}", first["hours"].as_f64().unwrap_or(0.0));
    let usd = with_separators(first["cost_usd"].as_f64().unwrap_or(0.0));
    assert!(
        totals[0].contains(&hours) && totals[0].contains(&usd),
        "{} {hours} {usd}",
        totals[0]
    );
    // COLUMNS is honoured both ways.
    for columns in [80, 120] {
        let o = corridor_with_env(&ALMATY_BUCHAREST, &[("COLUMNS", &columns.to_string())]);
        let text = stdout(&o);
        assert!(widest(&text) <= columns, "COLUMNS={columns}:\n{text}");
    }
    let wide = stdout(&corridor_with_env(&ALMATY_BUCHAREST, &[("COLUMNS", "300")]));
    let rows = wide
        .lines()
        .filter(|l| l.trim_start().starts_with(|c: char| c.is_ascii_digit()))
        .count();
    assert_eq!(
        rows,
        routes.len(),
        "one line per route when there is room:\n{wide}"
    );
    // A file is 100 columns whatever COLUMNS says.
    let dir = scratch("width");
    let file = dir.join("routes.txt");
    let o = corridor_with_env(
        &[
            "route",
            "--from",
            "Almaty",
            "--to",
            "Bucharest",
            "--output",
            file.to_str().expect("utf-8"),
        ],
        &[("COLUMNS", "300")],
    );
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(
        std::fs::read_to_string(&file).expect("written"),
        brief,
        "a file gets the 100-column report"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_via_order_that_doubles_back_is_warned_about() {
    let o = route(&["--via", "Tbilisi", "--via", "Kuryk"]);
    assert_eq!(o.status.code(), Some(0));
    let err = stderr(&o);
    assert!(
        err.contains("warning: passing Tbilisi, then Kuryk in that order doubles back")
            && err.contains("Kuryk, then Tbilisi takes ")
            && err.contains("(--via Kuryk --via Tbilisi)"),
        "{err}"
    );
    let o = route(&["--via", "Kuryk", "--via", "Tbilisi"]);
    assert_eq!(stderr(&o), "", "the shorter order is not warned about");
    let o = route(&["--via", "Baku", "--via", "Aktau"]);
    assert!(
        stderr(&o).contains("(--via Aktau --via Baku)"),
        "{}",
        stderr(&o)
    );
    // One via point has no order to warn about.
    assert_eq!(stderr(&route(&["--via", "Tbilisi"])), "");
}

/// Reads an Excel file's sheet as rows of cells.
fn sheet(path: &std::path::Path, name: &str) -> calamine::Range<calamine::Data> {
    use calamine::Reader;
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(path).expect("an Excel workbook");
    book.worksheet_range(name).expect("the sheet")
}

#[test]
#[allow(
    clippy::float_cmp,
    reason = "the workbook holds exactly the figures the JSON output holds"
)]
fn the_excel_workbook_has_a_summary_and_a_build_up_per_route_as_numbers() {
    use calamine::{Data, Reader};
    let dir = scratch("xlsx");
    let path = dir.join("routes.xlsx");
    let o = route(&["--output", path.to_str().expect("utf-8")]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let json: serde_json::Value =
        serde_json::from_slice(&route(&["--format", "json"]).stdout).expect("json");
    let routes = json["routes"].as_array().expect("routes");
    let book: calamine::Xlsx<_> = calamine::open_workbook(&path).expect("a workbook");
    let names = book.sheet_names();
    let expected_names: Vec<String> = std::iter::once("Summary".to_owned())
        .chain((1..=routes.len()).map(|i| format!("Route {i}")))
        .chain(std::iter::once("Who is paid".to_owned()))
        .collect();
    assert_eq!(names, expected_names);
    let summary = sheet(&path, "Summary");
    let text = |d: Option<&Data>| d.map(ToString::to_string).unwrap_or_default();
    assert!(text(summary.get((1, 0))).contains("trade-offs over days, cost and transfers"));
    assert!(text(summary.get((2, 0))).contains("USD per FEU (40-foot container)"));
    assert!(text(summary.get((3, 0))).contains("10 t of cargo"));
    let header: Vec<String> = (0..8).map(|c| text(summary.get((6, c)))).collect();
    assert_eq!(
        header,
        [
            "rank",
            "why",
            "days",
            "hours",
            "USD per FEU",
            "transfers",
            "km",
            "kg CO2e per FEU"
        ]
    );
    let number = |d: Option<&Data>| match d {
        Some(Data::Float(x)) => *x,
        Some(Data::Int(x)) => *x as f64,
        other => panic!("{other:?} is not a number"),
    };
    for (i, r) in routes.iter().enumerate() {
        let row = 7 + i;
        for (col, key) in [(2, "days"), (3, "hours"), (4, "cost_usd"), (7, "co2_kg")] {
            assert_eq!(
                number(summary.get((row, col))),
                r[key].as_f64().unwrap_or(f64::NAN),
                "route {} {key}",
                i + 1
            );
        }
        // The route's sheet: items as numbers, a total row of SUM formulas whose results are
        // the totals and the sums of the items.
        let name = format!("Route {}", i + 1);
        let cells = sheet(&path, &name);
        let mut book: calamine::Xlsx<_> = calamine::open_workbook(&path).expect("a workbook");
        let formulas = book.worksheet_formula(&name).expect("formulas");
        let total_row = (0..cells.height())
            .find(|&r| text(cells.get((r, 0))) == "total")
            .expect("a total row");
        for (col, key, scale) in [
            (5, "hours", 10.0),
            (6, "cost_usd", 1.0),
            (7, "distance_km", 1.0),
            (8, "co2_kg", 1.0),
        ] {
            let sum: i64 = (5..total_row)
                .map(|row| (number(cells.get((row, col))) * scale).round() as i64)
                .sum();
            let total = number(cells.get((total_row, col)));
            assert_eq!(total, r[key].as_f64().unwrap_or(f64::NAN), "{name} {key}");
            assert_eq!(sum, (total * scale).round() as i64, "{name} {key}: items");
            let column = char::from(b'A' + col as u8);
            let formula = formulas
                .get_value((total_row as u32, col as u32))
                .cloned()
                .unwrap_or_default();
            assert_eq!(
                formula,
                format!("SUM({column}6:{column}{total_row})"),
                "{name} {key}"
            );
        }
    }
    // The same report gives the same bytes, whether to a file or a pipe.
    let piped = route(&["--format", "xlsx"]);
    assert_eq!(piped.status.code(), Some(0));
    assert_eq!(piped.stdout, std::fs::read(&path).expect("written"));
    let _ = std::fs::remove_dir_all(&dir);
}

/// Splits a README command line into arguments: blanks separate, `'...'` and `"..."` quote.
fn shell_words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quote = None;
    let mut started = false;
    for c in line.chars() {
        match (quote, c) {
            (None, '\'' | '"') => {
                quote = Some(c);
                started = true;
            }
            (Some(q), c) if c == q => quote = None,
            (None, c) if c.is_whitespace() => {
                if started {
                    words.push(std::mem::take(&mut word));
                    started = false;
                }
            }
            (_, c) => {
                word.push(c);
                started = true;
            }
        }
    }
    if started {
        words.push(word);
    }
    words
}

/// Whether `actual` lines are what `expected` shows, where a line `...` stands for any number
/// of lines; trailing blank lines are ignored.
fn shows(expected: &[&str], actual: &[&str]) -> bool {
    fn trim<'a, 'b>(mut l: &'a [&'b str]) -> &'a [&'b str] {
        while l.last().is_some_and(|x| x.trim().is_empty()) {
            l = &l[..l.len() - 1];
        }
        l
    }
    fn glob(e: &[&str], a: &[&str]) -> bool {
        match e.split_first() {
            None => a.is_empty(),
            Some((&"...", rest)) => (0..=a.len()).any(|skip| glob(rest, &a[skip..])),
            Some((first, rest)) => a.first() == Some(first) && glob(rest, &a[1..]),
        }
    }
    glob(trim(expected), trim(actual))
}

/// What the binary prints for a README command line (stdout, then stderr).
fn printed(command: &str) -> String {
    let args = shell_words(command);
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    let o = corridor(&refs);
    stdout(&o) + &stderr(&o)
}

/// README.md checked against the binary: in every ```text block, each line `$ corridor ARGS`
/// is followed by what `corridor ARGS` prints (a line `...` skips any number of lines). Returns
/// the commands run and the README with every example that does not match replaced by the
/// real output.
fn readme_regenerated(readme: &str) -> (String, Vec<String>) {
    let mut out = String::with_capacity(readme.len());
    let mut commands = Vec::new();
    let mut lines = readme.split_inclusive('\n').peekable();
    while let Some(line) = lines.next() {
        out.push_str(line);
        if line.trim_end() != "```text"
            || !lines.peek().is_some_and(|l| l.starts_with("$ corridor "))
        {
            continue;
        }
        let mut block: Vec<&str> = Vec::new();
        for l in lines.by_ref() {
            if l.trim_end() == "```" {
                break;
            }
            block.push(l);
        }
        // Segments: a command line, then its output up to the next command line.
        let mut start = 0;
        while start < block.len() {
            let end = (start + 1..block.len())
                .find(|&i| block[i].starts_with("$ corridor "))
                .unwrap_or(block.len());
            let command = block[start]
                .trim_end()
                .trim_start_matches("$ corridor ")
                .to_owned();
            let shown: Vec<&str> = block[start + 1..end]
                .iter()
                .map(|l| l.trim_end_matches('\n'))
                .collect();
            let actual = printed(&command);
            out.push_str(block[start]);
            if shows(&shown, &actual.lines().collect::<Vec<_>>()) {
                for l in &block[start + 1..end] {
                    out.push_str(l);
                }
            } else {
                out.push_str(&actual);
                // Keep the blank line that separated it from the next command.
                if end < block.len() {
                    out.push('\n');
                }
            }
            commands.push(command);
            start = end;
        }
        out.push_str("```\n");
    }
    (out, commands)
}

/// Every `$ corridor ...` example in README.md shows what the binary prints. To regenerate
/// the ones that drifted after an intended change (then shorten long ones with `...` lines):
/// `CORRIDOR_UPDATE_README=1 cargo test --test it readme`.
#[test]
fn readme_examples_are_what_the_binary_prints() {
    assert_eq!(
        shell_words(r#"route --from "Xi'an" --to 'Red Bridge' -k 2"#),
        ["route", "--from", "Xi'an", "--to", "Red Bridge", "-k", "2"]
    );
    assert!(shows(&["a", "...", "d", ""], &["a", "b", "c", "d"]));
    assert!(!shows(&["a", "...", "d"], &["a", "b", "c"]));
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md");
    let readme = std::fs::read_to_string(&path).expect("README.md");
    let (regenerated, commands) = readme_regenerated(&readme);
    assert!(commands.len() >= 5, "README examples found: {commands:?}");
    if regenerated == readme {
        return;
    }
    if std::env::var_os("CORRIDOR_UPDATE_README").is_some() {
        std::fs::write(&path, &regenerated).expect("README.md written");
        return;
    }
    let first = readme
        .lines()
        .zip(regenerated.lines())
        .position(|(a, b)| a != b)
        .unwrap_or_else(|| readme.lines().count().min(regenerated.lines().count()));
    panic!(
        "README.md line {}: the example shows\n  {:?}\nbut the binary prints\n  {:?}\n\
         (CORRIDOR_UPDATE_README=1 cargo test --test it readme rewrites the examples that drifted)",
        first + 1,
        readme.lines().nth(first).unwrap_or_default(),
        regenerated.lines().nth(first).unwrap_or_default()
    );
}
