//! Scenarios and batch comparison: every shipped scenario loads, changes what it says and moves
//! a known pair the right way; bad scenario files give exact positioned errors (one test per
//! kind); `corridor compare` reports are snapshotted and byte-identical whatever the thread
//! count; the invariants hold on random networks.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use corridor::batch::{self, Options, Pair, Status};
use corridor::network::{
    Cargo, Co2Factors, Crew, Link, LinkLimits, Mode, Month, Monthly, Network, Node, NodeKind,
    NodeLimits, Variability, load_bundled,
};
use corridor::scenario::{
    Action, Change, LinkFigures, LinkSelector, NodeSelector, Scenario, load_file, load_str,
};
use corridor::search::{Constraints, Criterion, Planner};
use proptest::prelude::*;

use super::cli::{corridor, corridor_with_env, stderr, stdout};

const SHIPPED: [&str; 9] = [
    "anaklia_port_opens",
    "border_digitalisation",
    "btk_upgrade",
    "caspian_winter",
    "ferry_fleet_doubled",
    "kuryk_closed",
    "northern_route_closed",
    "rail_tariff_cut",
    "red_sea_closed",
];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn scenario_path(name: &str) -> PathBuf {
    root().join("scenarios").join(format!("{name}.toml"))
}

fn base() -> Network {
    load_bundled()
        .unwrap_or_else(|e| panic!("{}", e.render()))
        .network
}

fn shipped(name: &str) -> Scenario {
    load_file(&scenario_path(name)).unwrap_or_else(|e| panic!("{}", e.render()))
}

fn applied(name: &str) -> Network {
    shipped(name)
        .apply(&base())
        .unwrap_or_else(|e| panic!("{}", e.render()))
        .network
}

/// The best route's metrics for a pair named by place, or None.
fn best(net: &Network, from: &str, to: &str, c: Criterion) -> Option<corridor::units::Metrics> {
    let (a, b) = (net.resolve(from).ok()?, net.resolve(to).ok()?);
    Planner::new(net)
        .best(a, b, c, &Constraints::default())
        .map(|r| r.metrics)
}

fn seconds(net: &Network, from: &str, to: &str) -> u64 {
    best(net, from, to, Criterion::Time).map_or(u64::MAX, |m| m.seconds)
}

fn cents(net: &Network, from: &str, to: &str) -> u64 {
    best(net, from, to, Criterion::Cost).map_or(u64::MAX, |m| m.cents)
}

/// Runs the binary in `dir` (where no `scenarios/` folder is).
fn corridor_in(dir: &Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_corridor"))
        .current_dir(dir)
        .args(args)
        .output()
        .expect("the corridor binary runs")
}

fn link<'a>(net: &'a Network, id: &str) -> Option<&'a Link> {
    net.links.iter().find(|l| l.id.as_deref() == Some(id))
}

#[test]
fn every_shipped_scenario_loads_applies_and_cites_sources() {
    let base = base();
    let mut names: Vec<String> = std::fs::read_dir(root().join("scenarios"))
        .expect("scenarios/ exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .filter_map(|p| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
        .collect();
    names.sort();
    assert_eq!(
        names, SHIPPED,
        "a scenario was added or removed: update SHIPPED"
    );
    let built_in: Vec<&str> = corridor::scenario::BUILT_IN
        .iter()
        .map(|b| b.name)
        .collect();
    assert_eq!(
        built_in, SHIPPED,
        "every file in scenarios/ is built into the binary (scenario::BUILT_IN)"
    );
    for name in SHIPPED {
        let s = shipped(name);
        assert_eq!(s.name, name, "the file name is the scenario name");
        assert!(s.description.len() > 40, "{name}: describe the scenario");
        assert!(!s.sources.is_empty() && !s.changes.is_empty(), "{name}");
        let applied = s
            .apply(&base)
            .unwrap_or_else(|e| panic!("{name}: {}", e.render()));
        assert_eq!(applied.effects.len(), s.changes.len(), "{name}");
        assert_ne!(applied.network, base, "{name} changes nothing");
        // Nodes are never removed or reordered.
        assert_eq!(
            applied.network.nodes[..base.nodes.len()].len(),
            base.nodes.len()
        );
        for (a, b) in base.nodes.iter().zip(&applied.network.nodes) {
            assert_eq!(a.id, b.id, "{name}");
        }
    }
}

#[test]
fn kuryk_closed_removes_kuryk_and_never_speeds_almaty_bucharest() {
    let (base, net) = (base(), applied("kuryk_closed"));
    let kuryk = net.node_by_id("kuryk").expect("kuryk stays a node");
    assert!(net.links.iter().all(|l| l.from != kuryk && l.to != kuryk));
    assert_eq!(base.links.len() - net.links.len(), 4);
    assert!(seconds(&net, "Almaty", "Bucharest") >= seconds(&base, "Almaty", "Bucharest"));
    assert!(cents(&net, "Almaty", "Bucharest") >= cents(&base, "Almaty", "Bucharest"));
    assert_eq!(best(&net, "Kuryk", "Alat", Criterion::Time), None);
}

/// Expected seconds of the fastest route, with a month's figures or the year's average.
fn expected_seconds(net: &Network, from: &str, to: &str, month: Option<Month>) -> u64 {
    let (a, b) = (
        net.resolve(from).expect("origin"),
        net.resolve(to).expect("destination"),
    );
    Planner::for_month(net, month)
        .best(a, b, Criterion::Time, &Constraints::default())
        .map_or(u64::MAX, |r| r.metrics.seconds)
}

/// Asserts two figures equal to within rounding.
#[track_caller]
fn near(a: f64, b: f64) {
    assert!((a - b).abs() < 1e-12, "{a} is not {b}");
}

fn month(index: usize) -> Month {
    Month::new(index).expect("a month")
}

fn group<'a>(net: &'a Network, id: &str) -> &'a corridor::network::WeatherGroup {
    net.weather_groups
        .iter()
        .find(|g| g.id == id)
        .expect("a weather group")
}

#[test]
fn caspian_winter_closes_the_crossing_more_and_leaves_more_behind_in_the_season() {
    let (base, net) = (base(), applied("caspian_winter"));
    let (january, july) = (month(0), month(6));
    for (id, closed) in [("caspian", 1.5), ("kuryk", 1.5)] {
        let (a, b) = (group(&base, id), group(&net, id));
        assert!(
            (b.closed_share.at(january) - a.closed_share.at(january) * closed).abs() < 1e-12,
            "{id}"
        );
        near(b.closed_share.at(july), a.closed_share.at(july));
    }
    let caspian = (group(&base, "caspian"), group(&net, "caspian"));
    assert!((caspian.1.mean_closure_hours.at(january) - 84.0).abs() < 1e-9);
    for id in [
        "aktau-alat-ferry",
        "kuryk-alat-ferry",
        "alat-turkmenbashi-ferry",
    ] {
        let (a, b) = (
            link(&base, id).expect("base link"),
            link(&net, id).expect("link"),
        );
        let (va, vb) = (&a.variability, &b.variability);
        near(vb.left_behind_share.at(january), 0.6);
        near(vb.left_behind_share.at(july), va.left_behind_share.at(july));
        let share = |l: &Link, m: Month| l.variability.delay.as_ref().map(|d| d.share.at(m));
        assert_eq!(
            share(b, january),
            share(a, january).map(|s| s * 2.0),
            "{id}"
        );
        assert_eq!(share(b, july), share(a, july), "{id}");
        // Hours, costs and sailings are what they were: the season is in the variability.
        assert_eq!((a.hours, a.cost_usd), (b.hours, b.cost_usd), "{id}");
    }
    // A January departure waits longer at the crossing; a July one not at all; the year's
    // average in between; the best case does not move.
    let (from, to) = ("Almaty", "Poti");
    let winter = expected_seconds(&net, from, to, Some(january)) as f64
        - expected_seconds(&base, from, to, Some(january)) as f64;
    let year = expected_seconds(&net, from, to, None) as f64
        - expected_seconds(&base, from, to, None) as f64;
    assert!(winter > year && year > 0.0, "{winter} {year}");
    assert_eq!(
        expected_seconds(&net, from, to, Some(july)),
        expected_seconds(&base, from, to, Some(july))
    );
    assert_eq!(
        best(&net, from, to, Criterion::Time).map(|m| m.best_seconds),
        best(&base, from, to, Criterion::Time).map(|m| m.best_seconds)
    );
}

#[test]
fn northern_route_closed_shuts_russia_and_belarus() {
    let (base, net) = (base(), applied("northern_route_closed"));
    for l in &net.links {
        for end in [l.from, l.to] {
            assert!(!["RU", "BY"].contains(&net.nodes[end].country.as_str()));
        }
    }
    assert!(seconds(&net, "Xi'an", "Duisburg") > seconds(&base, "Xi'an", "Duisburg"));
}

#[test]
fn border_digitalisation_halves_border_dwell_and_never_slows() {
    let (base, net) = (base(), applied("border_digitalisation"));
    let january = month(0);
    for (a, b) in base.nodes.iter().zip(&net.nodes) {
        let factor = if a.kind == NodeKind::Border { 0.5 } else { 1.0 };
        assert!(
            (b.dwell_hours - a.dwell_hours * factor).abs() < 1e-9,
            "{}",
            a.id
        );
        assert!((a.dwell_cost_usd - b.dwell_cost_usd).abs() < 1e-12);
        // The queues halve too: median, P90 and so the mean delay; the share stays.
        if let (Some(da), Some(db)) = (&a.variability.delay, &b.variability.delay) {
            assert!(
                (db.median_hours.at(january) - da.median_hours.at(january) * factor).abs() < 1e-9
            );
            assert!((db.p90_hours.at(january) - da.p90_hours.at(january) * factor).abs() < 1e-9);
            assert!(
                (db.expected_hours(january) - da.expected_hours(january) * factor).abs() < 1e-9,
                "{}",
                a.id
            );
            assert_eq!(db.share, da.share);
        }
    }
    for (from, to) in [
        ("Almaty", "Bucharest"),
        ("Xi'an", "Duisburg"),
        ("Tashkent", "Istanbul"),
    ] {
        assert!(
            seconds(&net, from, to) < seconds(&base, from, to),
            "{from} → {to}"
        );
    }
}

#[test]
fn ferry_fleet_doubled_halves_the_wait() {
    let (base, net) = (base(), applied("ferry_fleet_doubled"));
    let (a, b) = (
        link(&base, "aktau-alat-ferry").expect("link"),
        link(&net, "aktau-alat-ferry").expect("link"),
    );
    assert!((b.wait_hours() * 2.0 - a.wait_hours()).abs() < 1e-9);
    let january = month(0);
    assert!(
        (b.variability.left_behind_share.at(january) * 2.0
            - a.variability.left_behind_share.at(january))
        .abs()
            < 1e-9
    );
    assert!(seconds(&net, "Almaty", "Bucharest") < seconds(&base, "Almaty", "Bucharest"));
}

#[test]
fn btk_upgrade_speeds_almaty_kars() {
    let (base, net) = (base(), applied("btk_upgrade"));
    let i = net.node_by_id("akhalkalaki").expect("node");
    assert_eq!(
        (net.nodes[i].transfer_hours, net.nodes[i].dwell_hours),
        (2.0, 6.0)
    );
    assert!(seconds(&net, "Almaty", "Kars") < seconds(&base, "Almaty", "Kars"));
}

#[test]
fn rail_tariff_cut_never_raises_a_cost() {
    let (base, net) = (base(), applied("rail_tariff_cut"));
    for (from, to) in [
        ("Almaty", "Bucharest"),
        ("Xi'an", "Duisburg"),
        ("Almaty", "Kars"),
    ] {
        assert!(
            cents(&net, from, to) < cents(&base, from, to),
            "{from} → {to}"
        );
    }
    // Boyuk Kasik-Tbilisi has ends in AZ and GE and is halved once, not twice.
    let (a, b) = (
        link(&base, "boyuk_kasik-tbilisi-rail").expect("link"),
        link(&net, "boyuk_kasik-tbilisi-rail").expect("link"),
    );
    assert!((b.cost_usd * 2.0 - a.cost_usd).abs() < 1e-9);
}

#[test]
fn red_sea_closed_sends_ships_round_the_cape() {
    let (base, net) = (base(), applied("red_sea_closed"));
    assert!(link(&net, "lianyungang-piraeus-sea").is_none());
    let cape = link(&net, "lianyungang-piraeus-cape-sea").expect("the Cape link is added");
    let suez = link(&base, "lianyungang-piraeus-sea").expect("base link");
    assert!(cape.distance_km > suez.distance_km && cape.hours > suez.hours);
    // The cheapest Lianyungang-Piraeus route gets dearer, and leaves the sea for the corridor.
    assert!(cents(&net, "Lianyungang", "Piraeus") > cents(&base, "Lianyungang", "Piraeus"));
    let net_ref = &net;
    let pair = Pair {
        from: base.resolve("Lianyungang").expect("place"),
        to: base.resolve("Piraeus").expect("place"),
    };
    let options = Options {
        criterion: Criterion::Cost,
        parallel: false,
        late_case: None,
        limits: Vec::new(),
    };
    let c = batch::compare(
        &base,
        &[("red_sea_closed", net_ref)],
        &[pair],
        &options,
        &|_| {},
    );
    let row = c.row(1, 0);
    assert_eq!(row.status, Status::Changed);
    let change = row.gateway_change.expect("the gateways change");
    assert!(change.starts_with("now also via Alashankou"), "{change}");
}

#[test]
fn anaklia_port_opens_takes_tbilisi_constanta_from_poti() {
    let (base, net) = (base(), applied("anaklia_port_opens"));
    assert_eq!(net.nodes.len(), base.nodes.len() + 1);
    assert!(cents(&net, "Tbilisi", "Constanța") < cents(&base, "Tbilisi", "Constanța"));
    let pair = Pair {
        from: base.resolve("Tbilisi").expect("place"),
        to: base.resolve("Constanța").expect("place"),
    };
    let options = Options {
        criterion: Criterion::Cost,
        parallel: true,
        ..Options::default()
    };
    let c = batch::compare(&base, &[("anaklia", &net)], &[pair], &options, &|_| {});
    assert_eq!(
        c.row(1, 0).gateway_change.as_deref(),
        Some("Poti to Anaklia")
    );
}

#[test]
fn scenarios_apply_in_order_on_the_route_command() {
    let kuryk = scenario_path("kuryk_closed");
    let winter = scenario_path("caspian_winter");
    let args = |extra: &[&str]| {
        let mut a = vec![
            "route",
            "--from",
            "Almaty",
            "--to",
            "Poti",
            "--optimize",
            "time",
            "--legs",
        ];
        a.extend_from_slice(extra);
        a.iter().map(|s| (*s).to_owned()).collect::<Vec<String>>()
    };
    let run = |a: Vec<String>| {
        let refs: Vec<&str> = a.iter().map(String::as_str).collect();
        corridor(&refs)
    };
    let plain = run(args(&[]));
    assert!(stdout(&plain).contains("Kuryk → Alat"));
    let k = kuryk.to_string_lossy().into_owned();
    let w = winter.to_string_lossy().into_owned();
    let closed = run(args(&["--scenario", &k]));
    assert_eq!(closed.status.code(), Some(0), "{}", stderr(&closed));
    assert!(!stdout(&closed).contains("Kuryk →"), "{}", stdout(&closed));
    assert!(stdout(&closed).contains("Aktau → Alat"));
    // In order: the winter scales Kuryk's ferry, which kuryk_closed has already removed: a
    // note, and the rest of the winter applies.
    let both = run(args(&["--scenario", &k, "--scenario", &w]));
    assert_eq!(both.status.code(), Some(0), "{}", stderr(&both));
    assert_eq!(
        stderr(&both),
        "note: caspian_winter: change 3 (set_links): link \"kuryk-alat-ferry\" already closed \
         by kuryk_closed; skipped for that link\n\
         note: caspian_winter: change 4 (scale_links): link \"kuryk-alat-ferry\" already closed \
         by kuryk_closed; skipped for that link\n"
    );
    assert!(!stdout(&both).contains("Kuryk →"), "{}", stdout(&both));
    assert!(stdout(&both).contains("kuryk_closed + caspian_winter"));
    let reversed = run(args(&["--scenario", &w, "--scenario", &k]));
    assert_eq!(reversed.status.code(), Some(0), "{}", stderr(&reversed));
    assert_eq!(stderr(&reversed), "");
}

#[test]
fn combined_scenarios_skip_what_an_earlier_one_closed() {
    let base = base();
    let (kuryk, winter) = (shipped("kuryk_closed"), shipped("caspian_winter"));
    let combined = corridor::scenario::apply_in_order(&base, &[kuryk.clone(), winter.clone()])
        .unwrap_or_else(|e| panic!("{}", e.render()));
    assert_eq!(combined.notes.len(), 2, "{:?}", combined.notes);
    // The same as the winter without its Kuryk parts, after Kuryk closed.
    let closed = kuryk.apply(&base).expect("applies").network;
    let season = "months = [10, 11, 12, 1, 2, 3]";
    let ferries = "links = [\"aktau-alat-ferry\", \"alat-turkmenbashi-ferry\"]";
    let rest = load_str(
        &format!(
            "{HEAD}[[change]]\naction = \"scale_weather_group\"\ngroup = \"caspian\"\n{season}\n\
             closed_share = 1.5\nmean_closure_hours = 1.4\n\
             [[change]]\naction = \"scale_weather_group\"\ngroup = \"kuryk\"\n{season}\n\
             closed_share = 1.5\n\
             [[change]]\naction = \"set_links\"\n{ferries}\n{season}\nleft_behind_share = 0.6\n\
             [[change]]\naction = \"scale_links\"\n{ferries}\n{season}\ndelay_share = 2\n"
        ),
        "rest.toml",
    )
    .expect("loads");
    let expected = rest.apply(&closed).expect("applies").network;
    assert_eq!(combined.network.links, expected.links);
    assert_eq!(combined.network.weather_groups, expected.weather_groups);
    assert_eq!(
        combined.network.name,
        format!("{} + kuryk_closed + caspian_winter", base.name)
    );
    assert!(
        combined.effects[1].1[2].starts_with(
            "change 3 (set_links): set left_behind_share = 0.6 in January, February, March, \
             October, November, December on 4 directed link(s): "
        ),
        "{:?}",
        combined.effects
    );
}

#[test]
fn combined_scenarios_note_selections_an_earlier_one_emptied() {
    let base = base();
    let scenario = |name: &str, change: &str| {
        load_str(
            &format!(
                "[scenario]\nname = \"{name}\"\ndescription = \"d\"\nsources = [\"s\"]\n[[change]]\n{change}"
            ),
            &format!("{name}.toml"),
        )
        .expect("loads")
    };
    let closed = scenario("closed", "action = \"close\"\nnode = \"kuryk\"\n");
    let between = scenario(
        "between",
        "action = \"scale_links\"\nbetween = [\"kuryk\", \"alat\"]\nhours = 2\n",
    );
    let combined = corridor::scenario::apply_in_order(&base, &[closed.clone(), between.clone()])
        .unwrap_or_else(|e| panic!("{}", e.render()));
    assert_eq!(
        combined.notes,
        [
            "between: change 1 (scale_links): the links it selects were already closed by closed; \
          change skipped"
        ]
    );
    // Adding a link to a node an earlier scenario closed is skipped too.
    let add = scenario(
        "add",
        "action = \"add_link\"\nfrom = \"kuryk\"\nto = \"alat\"\nmode = \"ferry\"\n\
         hours = 20\ncost_usd = 500\nsource = \"s\"\n",
    );
    let combined = corridor::scenario::apply_in_order(&base, &[closed.clone(), add])
        .unwrap_or_else(|e| panic!("{}", e.render()));
    assert_eq!(
        combined.notes,
        ["add: change 1 (add_link): node \"kuryk\" already closed by closed; change skipped"]
    );
    assert_eq!(
        combined.network.links,
        closed.apply(&base).expect("applies").network.links
    );
    // What matches nothing in the base network stays an error, combined or not.
    let typo = scenario("typo", "action = \"close\"\nlink = \"kuryk-alat-fery\"\n");
    let err = corridor::scenario::apply_in_order(&base, &[closed.clone(), typo])
        .expect_err("an unknown link is an error");
    assert_eq!(
        err.diagnostics[0].to_string(),
        "typo.toml:7:8: error: change 1 (close): unknown link \"kuryk-alat-fery\""
    );
    let nothing = scenario(
        "nothing",
        "action = \"close\"\nmode = \"sea\"\ncountry = \"KZ\"\n",
    );
    let err = corridor::scenario::apply_in_order(&base, &[closed, nothing])
        .expect_err("an empty selection is an error");
    assert_eq!(
        err.diagnostics[0].to_string(),
        "nothing.toml:7:8: error: change 1 (close): the selection matches no link"
    );
}

#[test]
fn built_in_scenarios_by_name() {
    // From a folder without scenarios/: the names come from the binary.
    let dir = temp_dir("by-name");
    let o = corridor_in(
        &dir,
        &[
            "compare",
            "--scenario",
            "kuryk_closed",
            "caspian_winter",
            "--from",
            "Almaty",
            "--to",
            "Bucharest",
            "--format",
            "csv",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let by_path = corridor(&[
        "compare",
        "--scenario",
        &scenario_path("kuryk_closed").to_string_lossy(),
        &scenario_path("caspian_winter").to_string_lossy(),
        "--from",
        "Almaty",
        "--to",
        "Bucharest",
        "--format",
        "csv",
    ]);
    assert_eq!(stdout(&o), stdout(&by_path));
    let route = corridor_in(
        &dir,
        &[
            "route",
            "--from",
            "Almaty",
            "--to",
            "Bucharest",
            "--scenario",
            "kuryk_closed",
        ],
    );
    assert_eq!(route.status.code(), Some(0), "{}", stderr(&route));
    assert!(stdout(&route).contains("+ kuryk_closed"));
    // An unknown name suggests the closest built-in names.
    let typo = corridor_in(
        &dir,
        &[
            "route",
            "--from",
            "Almaty",
            "--to",
            "Bucharest",
            "--scenario",
            "kuryk_close",
        ],
    );
    assert_eq!(typo.status.code(), Some(2));
    assert!(
        stderr(&typo).starts_with(
            "kuryk_close: error: no such file, and no built-in scenario has that name\n  \
             = hint: did you mean \"kuryk_closed\"? `corridor scenario list` shows the built-in \
             scenarios\n"
        ),
        "{}",
        stderr(&typo)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn scenario_list_names_every_built_in_scenario_with_its_description() {
    let o = corridor(&["scenario", "list"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    for name in SHIPPED {
        assert!(out.contains(&format!("\n  {name} ")), "{name}: {out}");
    }
    assert!(out.contains("  kuryk_closed           Kuryk ferry port closed (a winter weather"));
    assert!(out.lines().all(|l| l.chars().count() <= 100), "{out}");
}

// ---------------------------------------------------------------------------------------------
// Exact errors, one test per kind.

/// Loads and applies a scenario text against the bundled network; returns the one-line
/// diagnostics (`path:line:col: error: message`).
fn errors(text: &str) -> Vec<String> {
    let result = load_str(text, "bad.toml").and_then(|s| s.apply(&base()).map(|_| ()));
    match result {
        Ok(()) => Vec::new(),
        Err(e) => e.diagnostics.iter().map(ToString::to_string).collect(),
    }
}

fn hints(text: &str) -> Vec<Option<String>> {
    let result = load_str(text, "bad.toml").and_then(|s| s.apply(&base()).map(|_| ()));
    result
        .err()
        .map(|e| e.diagnostics.into_iter().map(|d| d.hint).collect())
        .unwrap_or_default()
}

const HEAD: &str = "[scenario]\nname = \"t\"\ndescription = \"d\"\nsources = [\"s\"]\n";

#[test]
fn error_invalid_toml() {
    assert_eq!(
        errors(&format!(
            "{HEAD}[[change]]\naction = \"close\nnode = \"kuryk\"\n"
        )),
        ["bad.toml:6:16: error: invalid toml: invalid basic string, expected `\"`"]
    );
}

#[test]
fn error_missing_scenario_table_and_keys() {
    assert_eq!(
        errors("[[change]]\naction = \"close\"\nnode = \"kuryk\"\n"),
        ["bad.toml:1:1: error: missing [scenario] table"]
    );
    assert_eq!(
        errors("[scenario]\nname = \"t\"\n"),
        ["bad.toml:1:1: error: scenario: missing keys \"description\", \"sources\""]
    );
}

#[test]
fn error_unknown_action_with_hint() {
    let text = format!("{HEAD}[[change]]\naction = \"closee\"\nnode = \"kuryk\"\n");
    assert_eq!(
        errors(&text),
        ["bad.toml:6:10: error: change 1 (closee): unknown action \"closee\""]
    );
    assert_eq!(hints(&text), [Some("did you mean \"close\"?".to_owned())]);
}

#[test]
fn error_unknown_key_with_hint() {
    let text = format!(
        "{HEAD}[[change]]\naction = \"scale_links\"\nlink = \"aktau-alat-ferry\"\nhour = 2.0\n"
    );
    assert_eq!(
        errors(&text),
        [
            "bad.toml:5:1: error: change 1 (scale_links): no figure to scale",
            "bad.toml:8:1: error: change 1 (scale_links): unknown key \"hour\"",
        ]
    );
    assert_eq!(hints(&text)[1].as_deref(), Some("did you mean \"hours\"?"));
}

#[test]
fn error_wrong_type() {
    assert_eq!(
        errors(&format!(
            "{HEAD}[[change]]\naction = \"scale_links\"\nmode = \"ferry\"\nhours = \"1.5\"\n"
        )),
        ["bad.toml:8:9: error: change 1 (scale_links): hours: expected a number, found a string",]
    );
}

#[test]
fn error_bad_factor() {
    assert_eq!(
        errors(&format!(
            "{HEAD}[[change]]\naction = \"scale_links\"\nmode = \"ferry\"\ncost_usd = -1\n"
        )),
        ["bad.toml:8:12: error: change 1 (scale_links): cost_usd factor must not be negative"]
    );
    assert_eq!(
        errors(&format!(
            "{HEAD}[[change]]\naction = \"set_links\"\nmode = \"ferry\"\nhours = 0\n"
        )),
        ["bad.toml:8:9: error: change 1 (set_links): hours value must be greater than 0"]
    );
}

#[test]
fn error_changes_that_compound_out_of_range() {
    // Each factor is allowed; together they would make a 22-hour crossing 220,000 hours
    // long, which every later search and simulation would have to carry.
    let scale = "[[change]]\naction = \"scale_links\"\nlink = \"aktau-alat-ferry\"\nhours = 100\n";
    let text = format!("{HEAD}{scale}\n{scale}");
    let errors = errors(&text);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].starts_with("bad.toml:13:9: error: change 2 (scale_links): link aktau-alat-ferry: hours would leave its range: "),
        "{errors:?}"
    );
    assert!(errors[0].contains("at most 10,000 hours"), "{errors:?}");
    // Kuryk's transfer, USD 140, scaled ten thousand times.
    let scale = "[[change]]\naction = \"scale_nodes\"\nnode = \"kuryk\"\ntransfer_cost_usd = 100\n";
    let errors = self::errors(&format!("{HEAD}{scale}\n{scale}"));
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].starts_with("bad.toml:13:21: error: change 2 (scale_nodes): node kuryk: transfer_cost_usd would leave its range: "),
        "{errors:?}"
    );
}

#[test]
fn error_nothing_selects() {
    assert_eq!(
        errors(&format!(
            "{HEAD}[[change]]\naction = \"scale_nodes\"\ndwell_hours = 0.5\n"
        )),
        ["bad.toml:5:1: error: change 1 (scale_nodes): nothing says which nodes to scale"]
    );
}

#[test]
fn error_unknown_node_with_hint() {
    let text = format!("{HEAD}[[change]]\naction = \"close\"\nnode = \"kurik\"\n");
    assert_eq!(
        errors(&text),
        ["bad.toml:7:8: error: change 1 (close): unknown node \"kurik\""]
    );
    // "Kurik" is an alias of Kuryk: the hint gives the id.
    assert_eq!(
        hints(&text),
        [Some(
            "did you mean \"kuryk\"? scenarios name nodes by id".to_owned()
        )]
    );
    let text = format!("{HEAD}[[change]]\naction = \"close\"\nnode = \"kuryc\"\n");
    assert_eq!(hints(&text), [Some("did you mean \"kuryk\"?".to_owned())]);
}

#[test]
fn error_unknown_link_with_hint() {
    let text = format!("{HEAD}[[change]]\naction = \"close\"\nlink = \"aktau-alat-fery\"\n");
    assert_eq!(
        errors(&text),
        ["bad.toml:7:8: error: change 1 (close): unknown link \"aktau-alat-fery\""]
    );
    assert_eq!(
        hints(&text),
        [Some("did you mean \"aktau-alat-ferry\"?".to_owned())]
    );
}

#[test]
fn error_selection_matches_nothing() {
    // Every condition is valid alone, but no sea link touches Kazakhstan.
    assert_eq!(
        errors(&format!(
            "{HEAD}[[change]]\naction = \"close\"\nmode = \"sea\"\ncountry = \"KZ\"\n"
        )),
        ["bad.toml:7:8: error: change 1 (close): the selection matches no link"]
    );
    // A link closed by an earlier change is gone for later ones.
    let text = format!(
        "{HEAD}[[change]]\naction = \"close\"\nnode = \"kuryk\"\n\
         [[change]]\naction = \"scale_links\"\nlink = \"kuryk-alat-ferry\"\nhours = 2\n"
    );
    assert_eq!(
        errors(&text),
        ["bad.toml:10:8: error: change 2 (scale_links): unknown link \"kuryk-alat-ferry\""]
    );
    assert_eq!(
        errors(&format!(
            "{HEAD}[[change]]\naction = \"scale_nodes\"\nkind = \"border\"\ncountry = \"DE\"\ndwell_hours = 0.5\n"
        )),
        [
            "bad.toml:7:8: error: change 1 (scale_nodes): no node matches kind \"border\" and country \"DE\""
        ]
    );
}

#[test]
fn error_empty_id_list_selects_nothing() {
    // It used to select every link (closing all 184) or every node.
    assert_eq!(
        errors(&format!(
            "{HEAD}[[change]]\naction = \"close\"\nlinks = []\n"
        )),
        ["bad.toml:7:9: error: change 1 (close): `links = []` selects no link"]
    );
    assert_eq!(
        errors(&format!(
            "{HEAD}[[change]]\naction = \"scale_nodes\"\nnodes = []\ndwell_hours = 0.5\n"
        )),
        ["bad.toml:7:9: error: change 1 (scale_nodes): `nodes = []` selects no node"]
    );
    assert_eq!(
        errors(&format!(
            "{HEAD}[[change]]\naction = \"scale_links\"\nlinks = []\nmode = \"ferry\"\nhours = 2\n"
        )),
        ["bad.toml:7:9: error: change 1 (scale_links): `links = []` selects no link"]
    );
    // Built in code, a selector without any condition is refused too.
    let mut s = Scenario::empty("all");
    s.changes
        .push(Change::new(Action::CloseLinks(LinkSelector::default())));
    let e = s.apply(&base()).expect_err("selects nothing");
    assert_eq!(
        e.diagnostics[0].to_string(),
        "all: error: change 1 (close): the selection has no condition"
    );
}

#[test]
fn warning_added_node_takes_an_existing_name() {
    let node = |id: &str, name: &str| {
        format!(
            "{HEAD}[[change]]\naction = \"add_node\"\nid = \"{id}\"\nname = \"{name}\"\n\
             country = \"GE\"\nkind = \"port\"\nlat = 42.2\nlon = 41.6\n"
        )
    };
    let warnings = |text: &str| {
        let s = load_str(text, "w.toml").unwrap_or_else(|e| panic!("{}", e.render()));
        let applied = s
            .apply(&base())
            .unwrap_or_else(|e| panic!("{}", e.render()));
        applied
            .warnings
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        warnings(&node("poti2", "POTI")),
        [
            "w.toml:8:8: warning: change 1 (add_node): added node \"poti2\" takes the name \"POTI\", \
          which already finds node \"poti\" (Poti)"
        ]
    );
    // An alias counts, and so does the id.
    assert_eq!(
        warnings(&node("kurik", "Kurik Two")),
        [
            "w.toml:7:6: warning: change 1 (add_node): added node id \"kurik\" is already a name of \
          node \"kuryk\" (Kuryk)"
        ]
    );
    assert_eq!(warnings(&node("anaklia", "Anaklia")), Vec::<String>::new());
    // The command line shows it and goes on.
    let dir = temp_dir("same-name");
    let file = dir.join("w.toml");
    std::fs::write(&file, node("poti2", "POTI")).expect("write");
    let o = corridor(&[
        "route",
        "--from",
        "Tbilisi",
        "--to",
        "Constanța",
        "--scenario",
        &file.to_string_lossy(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("warning: change 1 (add_node): added node \"poti2\""));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn raising_a_months_closures_raises_expected_hours_in_that_month_only() {
    let base = base();
    let text = format!(
        "{HEAD}[[change]]\naction = \"set_weather_group\"\ngroup = \"caspian\"\nmonths = [1]\n\
         closed_share = 0.6\n"
    );
    let applied = load_str(&text, "t.toml")
        .and_then(|s| s.apply(&base))
        .unwrap_or_else(|e| panic!("{}", e.render()));
    assert_eq!(
        applied.effects,
        [
            "change 1 (set_weather_group): set closed_share = 0.6 in January of weather group caspian"
        ]
    );
    let net = &applied.network;
    near(group(net, "caspian").closed_share.at(month(0)), 0.6);
    near(
        group(net, "caspian").closed_share.at(month(1)),
        group(&base, "caspian").closed_share.at(month(1)),
    );
    let (from, to) = ("Almaty", "Baku");
    for (m, slower) in [
        (Some(month(0)), true),
        (None, true),
        (Some(month(6)), false),
    ] {
        let (after, before) = (
            expected_seconds(net, from, to, m),
            expected_seconds(&base, from, to, m),
        );
        assert_eq!(after > before, slower, "{m:?}: {before} -> {after}");
        assert!(after >= before);
    }
    // Scaling works on every month at once.
    let text = format!(
        "{HEAD}[[change]]\naction = \"scale_weather_group\"\ngroup = \"kuryk\"\n\
         closed_share = 2\nmean_closure_hours = 0.5\n"
    );
    let net = load_str(&text, "t.toml")
        .and_then(|s| s.apply(&base))
        .unwrap_or_else(|e| panic!("{}", e.render()))
        .network;
    for m in Month::ALL {
        let (a, b) = (group(&base, "kuryk"), group(&net, "kuryk"));
        assert!((b.closed_share.at(m) - 2.0 * a.closed_share.at(m)).abs() < 1e-12);
        assert!((b.mean_closure_hours.at(m) - 0.5 * a.mean_closure_hours.at(m)).abs() < 1e-12);
    }
}

#[test]
fn delays_and_boxes_left_behind_change_by_scenario() {
    let base = base();
    let text = format!(
        "{HEAD}[[change]]\naction = \"scale_links\"\nlink = \"kuryk-alat-ferry\"\n\
         delay_median_hours = 2\ndelay_p90_hours = 2\nleft_behind_share = 0.5\n\
         [[change]]\naction = \"scale_nodes\"\nnode = \"kuryk\"\nmonths = [11, 12]\ndelay_share = 2\n\
         [[change]]\naction = \"set_nodes\"\nnode = \"tbilisi\"\nmonths = [12]\n\
         delay_median_hours = 6\ndelay_p90_hours = 24\n"
    );
    let applied = load_str(&text, "t.toml")
        .and_then(|s| s.apply(&base))
        .unwrap_or_else(|e| panic!("{}", e.render()));
    assert_eq!(
        applied.effects,
        [
            "change 1 (scale_links): scaled delay_median_hours × 2, delay_p90_hours × 2, \
             left_behind_share × 0.5 on 2 directed link(s): kuryk-alat-ferry",
            "change 2 (scale_nodes): scaled delay_share × 2 in November, December at kuryk",
            "change 3 (set_nodes): set delay_median_hours = 6, delay_p90_hours = 24 in December \
             at tbilisi",
        ]
    );
    let net = &applied.network;
    let (january, november, december) = (month(0), month(10), month(11));
    let (a, b) = (
        link(&base, "kuryk-alat-ferry").expect("link"),
        link(net, "kuryk-alat-ferry").expect("link"),
    );
    let (da, db) = (
        a.variability.delay.as_ref().expect("a delay"),
        b.variability.delay.as_ref().expect("a delay"),
    );
    assert_eq!(db.median_hours, da.median_hours.map(|x| x * 2.0));
    assert_eq!(db.p90_hours, da.p90_hours.map(|x| x * 2.0));
    assert_eq!(
        b.variability.left_behind_share,
        a.variability.left_behind_share.map(|x| x * 0.5)
    );
    let node = |net: &Network, id: &str| {
        net.nodes[net.node_by_id(id).expect("node")]
            .variability
            .delay
            .clone()
    };
    let (ka, kb) = (
        node(&base, "kuryk").expect("a delay"),
        node(net, "kuryk").expect("a delay"),
    );
    near(kb.share.at(november), ka.share.at(november) * 2.0);
    near(kb.share.at(january), ka.share.at(january));
    // Tbilisi had no delay: now one in December only.
    assert_eq!(node(&base, "tbilisi"), None);
    let tbilisi = node(net, "tbilisi").expect("a delay");
    near(tbilisi.share.at(december), 1.0);
    near(tbilisi.share.at(november), 0.0);
    assert_eq!(tbilisi.median_hours, Monthly::Flat(6.0));
    // Longer delays at the crossing: a slower expected transit, the same best case.
    let (from, to) = ("Almaty", "Baku");
    assert!(expected_seconds(net, from, to, None) > expected_seconds(&base, from, to, None));
    assert_eq!(
        best(net, from, to, Criterion::Time).map(|m| m.best_seconds),
        best(&base, from, to, Criterion::Time).map(|m| m.best_seconds)
    );
}

#[test]
fn error_variability_figures_read_with_their_positions() {
    let group = |body: &str| {
        format!("{HEAD}[[change]]\naction = \"scale_weather_group\"\ngroup = \"caspian\"\n{body}")
    };
    assert_eq!(
        errors(&group("months = [1, 13]\nclosed_share = 2\n")),
        [
            "bad.toml:8:14: error: change 1 (scale_weather_group): months: 13 is not a month (1 = \
             January to 12 = December)"
        ]
    );
    assert_eq!(
        errors(&group("months = [2, 2]\nclosed_share = 2\n")),
        ["bad.toml:8:14: error: change 1 (scale_weather_group): months: 2 is named twice"]
    );
    assert_eq!(
        errors(&group("months = []\nclosed_share = 2\n")),
        ["bad.toml:8:10: error: change 1 (scale_weather_group): `months = []` names no month"]
    );
    assert_eq!(
        errors(&group("months = [1.5]\nclosed_share = 2\n")),
        [
            "bad.toml:8:11: error: change 1 (scale_weather_group): months: expected months as \
             integers, found a float"
        ]
    );
    assert_eq!(
        errors(&group("closed_share = -1\n")),
        [
            "bad.toml:8:16: error: change 1 (scale_weather_group): closed_share factor must not be negative"
        ]
    );
    assert_eq!(
        errors(&group("months = [1]\n")),
        ["bad.toml:5:1: error: change 1 (scale_weather_group): no figure to scale"]
    );
    assert_eq!(
        errors(&format!(
            "{HEAD}[[change]]\naction = \"set_weather_group\"\ngroup = \"caspian\"\nclosed_share = 0.95\n"
        )),
        [
            "bad.toml:8:16: error: change 1 (set_weather_group): closed_share value 0.95 is too large \
             (at most 0.9)"
        ]
    );
    assert_eq!(
        errors(&format!(
            "{HEAD}[[change]]\naction = \"set_weather_group\"\nclosed_share = 0.5\n"
        )),
        ["bad.toml:5:1: error: change 1 (set_weather_group): missing key \"group\""]
    );
    assert_eq!(
        errors(&format!(
            "{HEAD}[[change]]\naction = \"set_links\"\nlink = \"kuryk-alat-ferry\"\n\
             left_behind_share = 0.95\ndelay_p90_hours = 0\n"
        )),
        [
            "bad.toml:8:21: error: change 1 (set_links): left_behind_share value 0.95 is too large \
             (at most 0.9)",
            "bad.toml:9:19: error: change 1 (set_links): delay_p90_hours value must be greater than 0",
        ]
    );
    // months narrows what differs by month; hours are the same every month.
    let text = format!(
        "{HEAD}[[change]]\naction = \"scale_links\"\nlink = \"kuryk-alat-ferry\"\nmonths = [1]\n\
         hours = 2\ndelay_share = 2\n"
    );
    assert_eq!(
        errors(&text),
        [
            "bad.toml:8:10: error: change 1 (scale_links): months narrows the figures that differ \
             by month (delays, left_behind_share); hours is the same every month"
        ]
    );
    assert_eq!(
        hints(&text),
        [Some("put hours in a [[change]] of its own".to_owned())]
    );
}

#[test]
fn error_variability_results_out_of_range_at_the_figure() {
    // An unknown group, with the closest id.
    let text = format!(
        "{HEAD}[[change]]\naction = \"scale_weather_group\"\ngroup = \"caspain\"\nclosed_share = 2\n"
    );
    assert_eq!(
        errors(&text),
        ["bad.toml:7:9: error: change 1 (scale_weather_group): unknown weather group \"caspain\""]
    );
    assert_eq!(hints(&text), [Some("did you mean \"caspian\"?".to_owned())]);
    // Scaled past 0.9: January's 0.30 x 4.
    assert_eq!(
        errors(&format!(
            "{HEAD}[[change]]\naction = \"scale_weather_group\"\ngroup = \"caspian\"\nclosed_share = 4\n"
        )),
        [
            "bad.toml:8:16: error: change 1 (scale_weather_group): weather group caspian: \
             closed_share in January would be 1.2, above 0.9"
        ]
    );
    assert_eq!(
        errors(&format!(
            "{HEAD}[[change]]\naction = \"scale_weather_group\"\ngroup = \"kuryk\"\n\
             mean_closure_hours = 500\n"
        )),
        [
            "bad.toml:8:22: error: change 1 (scale_weather_group): weather group kuryk: \
             mean_closure_hours would be 24,000, above the 10,000 hours a figure may hold"
        ]
    );
    // Both directions of the crossing leave more than 0.9 behind in January.
    assert_eq!(
        errors(&format!(
            "{HEAD}[[change]]\naction = \"scale_links\"\nlink = \"kuryk-alat-ferry\"\n\
             left_behind_share = 3\n"
        )),
        [
            "bad.toml:8:21: error: change 1 (scale_links): link kuryk-alat-ferry: left_behind_share \
             in January would be 1.35, above 0.9 (and 1 more directed link)"
        ]
    );
    // A road link has no sailings to miss.
    assert_eq!(
        errors(&format!(
            "{HEAD}[[change]]\naction = \"set_links\"\nlink = \"tbilisi-poti-road\"\n\
             left_behind_share = 0.2\n"
        )),
        [
            "bad.toml:8:21: error: change 1 (set_links): link tbilisi-poti-road: has no \
             departures_per_week, so it leaves no box behind (and 1 more directed link)"
        ]
    );
    // A P90 below the median, and a delay where there is none.
    assert_eq!(
        errors(&format!(
            "{HEAD}[[change]]\naction = \"set_nodes\"\nnode = \"kuryk\"\ndelay_p90_hours = 12\n"
        )),
        [
            "bad.toml:8:19: error: change 1 (set_nodes): node kuryk: delay_p90_hours 12 would be \
             below delay_median_hours 24"
        ]
    );
    let text = format!(
        "{HEAD}[[change]]\naction = \"set_nodes\"\nnode = \"tbilisi\"\ndelay_median_hours = 6\n"
    );
    assert_eq!(
        errors(&text),
        ["bad.toml:8:22: error: change 1 (set_nodes): node tbilisi: has no delay to change"]
    );
    assert_eq!(
        hints(&text),
        [Some(
            "give delay_median_hours and delay_p90_hours together to add one".to_owned()
        )]
    );
    // A delay share scaled above 1, and a P90 so far above the median that the mean is too large.
    assert_eq!(
        errors(&format!(
            "{HEAD}[[change]]\naction = \"scale_nodes\"\nnode = \"dostyk\"\ndelay_share = 2\n"
        )),
        [
            "bad.toml:8:15: error: change 1 (scale_nodes): node dostyk: delay_share would be 1.4, above 1"
        ]
    );
    assert_eq!(
        errors(&format!(
            "{HEAD}[[change]]\naction = \"scale_nodes\"\nnode = \"dostyk\"\ndelay_p90_hours = 100\n"
        )),
        [
            "bad.toml:8:19: error: change 1 (scale_nodes): node dostyk: a delay with median 24 and \
             P90 9,600 hours would have a mean of 1,337,932 hours, above the 10,000 hours a figure \
             may hold"
        ]
    );
}

#[test]
fn error_unknown_country_and_mode() {
    assert_eq!(
        errors(&format!(
            "{HEAD}[[change]]\naction = \"close\"\ncountry = \"US\"\n"
        )),
        ["bad.toml:7:11: error: change 1 (close): no node of the network is in country \"US\""]
    );
    assert_eq!(
        errors(&format!(
            "{HEAD}[[change]]\naction = \"close\"\ncountry = \"kz\"\nmode = \"plane\"\n"
        )),
        [
            "bad.toml:7:11: error: change 1 (close): country \"kz\" is not an ISO code",
            "bad.toml:8:8: error: change 1 (close): unknown mode \"plane\"",
        ]
    );
}

#[test]
fn error_close_mixes_nodes_and_links() {
    assert_eq!(
        errors(&format!(
            "{HEAD}[[change]]\naction = \"close\"\nnode = \"kuryk\"\nmode = \"ferry\"\n"
        )),
        [
            "bad.toml:8:8: error: change 1 (close): \"node\" selects nodes and \"mode\" selects links; close one or the other"
        ]
    );
}

#[test]
fn error_add_clashes() {
    let node = "[[change]]\naction = \"add_node\"\nid = \"aktau\"\nname = \"A\"\ncountry = \"KZ\"\n\
                kind = \"port\"\nlat = 43.0\nlon = 51.0\n";
    assert_eq!(
        errors(&format!("{HEAD}{node}")),
        ["bad.toml:7:6: error: change 1 (add_node): node \"aktau\" already exists"]
    );
    let link = "[[change]]\naction = \"add_link\"\nfrom = \"aktau\"\nto = \"baku\"\nmode = \"ferry\"\n\
                hours = 20.0\ncost_usd = 500.0\ndistance_km = 10.0\n";
    assert_eq!(
        errors(&format!("{HEAD}{link}")),
        ["bad.toml:5:1: error: change 1 (add_link): missing key \"source\""]
    );
    // The great-circle figure depends on the bundled coordinates: check the rest exactly.
    let shown = errors(&format!("{HEAD}{link}source = \"s\"\n"));
    assert_eq!(shown.len(), 1, "{shown:?}");
    assert!(
        shown[0].starts_with(
            "bad.toml:12:15: error: change 1 (add_link): distance_km 10 is shorter than the \
             great-circle distance 38"
        ) && shown[0].ends_with(" km between \"aktau\" and \"baku\""),
        "{shown:?}"
    );
}

#[test]
fn every_problem_at_once_on_the_command_line() {
    let dir = std::env::temp_dir().join(format!("corridor-scenarios-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let bad = dir.join("bad.toml");
    std::fs::write(
        &bad,
        format!(
            "{HEAD}[[change]]\naction = \"close\"\nnode = \"kurik\"\n\
             [[change]]\naction = \"scale_links\"\nmode = \"ferry\"\nhours = -2\n"
        ),
    )
    .expect("write");
    let shown = bad.to_string_lossy().into_owned();
    let o = corridor(&[
        "compare",
        "--scenario",
        &shown,
        "--from",
        "Almaty",
        "--to",
        "Bucharest",
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    // The syntax-level problem is found on loading; apply problems need a loaded file.
    assert!(
        err.contains(&format!(
            "{shown}:11:9: error: change 2 (scale_links): hours factor must be greater than 0"
        )),
        "{err}"
    );
    assert!(err.contains("1 scenario file(s) have errors"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

// ---------------------------------------------------------------------------------------------
// Compare reports.

/// A small corridor: a → p1 → p2 → b by rail and ferry, and a slower road a → b.
fn toy_files(dir: &Path) -> (String, String, String, String) {
    let network = r#"[network]
name = "toy corridor"

[[node]]
id = "a"
name = "Alpha"
country = "KZ"
kind = "city"
lat = 43.0
lon = 60.0

[[node]]
id = "p1"
name = "Port One"
country = "KZ"
kind = "port"
lat = 43.0
lon = 52.0
transfer_hours = 10.0
transfer_cost_usd = 100.0

[[node]]
id = "p2"
name = "Port Two"
country = "AZ"
kind = "port"
lat = 40.0
lon = 50.0
transfer_hours = 10.0
transfer_cost_usd = 100.0

[[node]]
id = "p3"
name = "Port Three"
country = "KZ"
kind = "port"
lat = 42.0
lon = 52.5
transfer_hours = 12.0
transfer_cost_usd = 100.0

[[node]]
id = "b"
name = "Beta"
country = "GE"
kind = "city"
lat = 41.7
lon = 44.8

[[link]]
id = "a-p1"
from = "a"
to = "p1"
mode = "rail"
hours = 20.0
cost_usd = 300.0
source = "toy"

[[link]]
id = "a-p3"
from = "a"
to = "p3"
mode = "rail"
hours = 22.0
cost_usd = 320.0
source = "toy"

[[link]]
id = "p1-p2"
from = "p1"
to = "p2"
mode = "ferry"
hours = 20.0
cost_usd = 500.0
departures_per_week = 7.0
source = "toy"

[[link]]
id = "p3-p2"
from = "p3"
to = "p2"
mode = "ferry"
hours = 22.0
cost_usd = 450.0
departures_per_week = 3.5
source = "toy"

[[link]]
id = "p2-b"
from = "p2"
to = "b"
mode = "rail"
hours = 15.0
cost_usd = 400.0
source = "toy"

[[link]]
id = "a-b-road"
from = "a"
to = "b"
mode = "road"
hours = 140.0
cost_usd = 3000.0
source = "toy"
"#;
    let closed = r#"[scenario]
name = "p1_closed"
description = "Port One closed."
sources = ["toy"]

[[change]]
action = "close"
node = "p1"
"#;
    let dearer = r#"[scenario]
name = "ferries_dearer"
description = "Ferries cost half as much again."
sources = ["toy"]

[[change]]
action = "scale_links"
mode = "ferry"
cost_usd = 1.5
"#;
    let pairs = "from,to\nAlpha,Beta\nPort One,Port Two\nBeta,Port Three\n";
    let write = |name: &str, text: &str| {
        let path = dir.join(name);
        std::fs::write(&path, text).expect("write");
        path.to_string_lossy().into_owned()
    };
    (
        write("toy.toml", network),
        write("p1_closed.toml", closed),
        write("ferries_dearer.toml", dearer),
        write("pairs.csv", pairs),
    )
}

fn temp_dir(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("corridor-{tag}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

#[test]
fn compare_report_snapshots() {
    let dir = temp_dir("compare-snap");
    let (network, closed, dearer, pairs) = toy_files(&dir);
    for (format, name) in [
        ("table", "compare_toy_table"),
        ("csv", "compare_toy_csv"),
        ("json", "compare_toy_json"),
    ] {
        let o = corridor(&[
            "compare",
            "--network",
            &network,
            "--scenario",
            &closed,
            &dearer,
            "--pairs",
            &pairs,
            "--format",
            format,
        ]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        insta::assert_snapshot!(name, stdout(&o));
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn compare_summary_shows_the_largest_increase_or_none() {
    let o = corridor(&[
        "compare",
        "--scenario",
        "kuryk_closed",
        "border_digitalisation",
        "--from",
        "Almaty",
        "--to",
        "Poti",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    let line = |name: &str| {
        out.lines()
            .rfind(|l| l.starts_with(&format!("  {name} ")))
            .unwrap_or_default()
            .to_owned()
    };
    // Kuryk closed: slower by Aktau, and USD 3 cheaper; the cheaper part is no increase.
    let kuryk = line("kuryk_closed");
    let increase = kuryk.rsplit("  ").next().unwrap_or_default();
    assert!(
        increase.starts_with('+') && increase.ends_with(" days Almaty → Poti"),
        "{out}"
    );
    assert!(kuryk.contains("  -3  "), "{out}");
    // Border digitalisation only helps: it used to show "-25.0 h" as its "worst".
    assert!(line("border_digitalisation").ends_with("  none"), "{out}");
    assert!(!out.contains(" h ") && !out.contains("Δ"), "{out}");
}

#[test]
fn compare_is_byte_identical_whatever_the_thread_count() {
    let dir = temp_dir("compare-threads");
    let net = base();
    let mut csv = String::from("from,to\n");
    let ends: Vec<&Node> = net
        .nodes
        .iter()
        .filter(|n| matches!(n.kind, NodeKind::City | NodeKind::Port))
        .collect();
    for a in &ends {
        for b in &ends {
            if a.id != b.id {
                let _ = writeln!(csv, "{},{}", a.id, b.id);
            }
        }
    }
    let pairs = dir.join("pairs.csv");
    std::fs::write(&pairs, csv).expect("write");
    let pairs = pairs.to_string_lossy().into_owned();
    let mut args = vec![
        "compare".to_owned(),
        "--format".into(),
        "csv".into(),
        "--pairs".into(),
        pairs,
    ];
    args.push("--scenario".into());
    args.extend(
        SHIPPED
            .iter()
            .map(|s| scenario_path(s).to_string_lossy().into_owned()),
    );
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    let one = corridor_with_env(&refs, &[("RAYON_NUM_THREADS", "1")]);
    let two = corridor_with_env(&refs, &[("RAYON_NUM_THREADS", "2")]);
    assert_eq!(one.status.code(), Some(0), "{}", stderr(&one));
    assert_eq!(two.status.code(), Some(0), "{}", stderr(&two));
    assert!(one.stdout.len() > 10_000);
    assert!(
        one.stdout == two.stdout,
        "output depends on the thread count"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn scenario_check_reports_effects_and_invariants() {
    let mut args = vec!["scenario".to_owned(), "check".into()];
    args.extend(
        SHIPPED
            .iter()
            .map(|s| scenario_path(s).to_string_lossy().into_owned()),
    );
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    let o = corridor(&refs);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("kuryk_closed · 1 change(s)\n  change 1 (close): closed 1 node(s): kuryk; removed 4 directed link(s)"), "{out}");
    assert!(
        out.contains(
            "  ok              (empty): an empty scenario reproduces the baseline exactly"
        )
    );
    assert!(out.contains(
        "  ok              red_sea_closed: closing something never makes a pair faster or cheaper"
    ));
    // The storm season changes no cost (a cost is the same every month): nothing to check.
    assert!(
        out.contains("  not applicable  caspian_winter: scaling costs up never lowers a best cost")
    );
    assert!(!out.contains("VIOLATION"));
}

#[test]
fn scenario_check_samples_pairs_on_a_large_network() {
    // Every ordered pair of cities and ports on 20,000 nodes is about 3 x 10^8 pairs: it used to
    // try them all, print nothing and run out of memory.
    let dir = temp_dir("large-check");
    let network = dir.join("big.toml");
    let network = network.to_string_lossy().into_owned();
    let o = corridor(&[
        "generate", "--nodes", "20000", "--seed", "1", "--out", &network,
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let scenario = |name: &str, change: &str| {
        let path = dir.join(format!("{name}.toml"));
        std::fs::write(
            &path,
            format!(
                "[scenario]\nname = \"{name}\"\ndescription = \"d\"\nsources = [\"s\"]\n\
                 [[change]]\n{change}"
            ),
        )
        .expect("write");
        path.to_string_lossy().into_owned()
    };
    let closed = scenario("closed", "action = \"close\"\nnode = \"n5\"\n");
    let dearer = scenario(
        "dearer",
        "action = \"scale_links\"\nmode = \"rail\"\ncost_usd = 1.2\n",
    );
    let o = corridor(&["scenario", "check", &closed, &dearer, "--network", &network]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("; checking a sample of 50 (seed 1); --sample N for another size"),
        "{}",
        stderr(&o)
    );
    assert!(
        stdout(&o).contains("\nInvariants over 50 pair(s)\n"),
        "{}",
        stdout(&o)
    );
    assert!(!stdout(&o).contains("VIOLATION"));
    let o = corridor(&[
        "scenario",
        "check",
        &closed,
        "--network",
        &network,
        "--sample",
        "7",
        "--seed",
        "3",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("\nInvariants over 7 pair(s)\n"),
        "{}",
        stdout(&o)
    );
    assert!(
        stderr(&o).contains("checking a sample of 7 (seed 3)"),
        "{}",
        stderr(&o)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn scenario_check_takes_every_pair_of_a_small_network() {
    let o = corridor(&["scenario", "check", "kuryk_closed", "--sample", "2000"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stderr(&o), "");
    // 37 cities, ports and dry ports on the bundled network.
    assert!(
        stdout(&o).contains("\nInvariants over 1332 pair(s)\n"),
        "{}",
        stdout(&o)
    );
}

// ---------------------------------------------------------------------------------------------
// Invariants on random networks.

/// A random link: (from, to, mode, hours, cost_usd, departures per week).
type RawEdge = (usize, usize, u8, f64, f64, Option<f64>);

fn random_network(coords: &[(f64, f64)], edges: &[RawEdge], figures: &[(f64, f64)]) -> Network {
    let n = coords.len();
    let nodes = coords
        .iter()
        .enumerate()
        .map(|(i, &(lat, lon))| Node {
            id: format!("n{i}"),
            name: format!("Node {i}"),
            aliases: Vec::new(),
            country: if i % 2 == 0 { "KZ" } else { "AZ" }.to_owned(),
            kind: if i % 3 == 0 {
                NodeKind::Port
            } else {
                NodeKind::Border
            },
            lat,
            lon,
            transfer_hours: figures[i % figures.len()].0,
            transfer_cost_usd: figures[i % figures.len()].1,
            dwell_hours: figures[(i + 1) % figures.len()].0,
            dwell_cost_usd: figures[(i + 1) % figures.len()].1,
            variability: Variability::default(),
            operator: None,
            limits: NodeLimits::default(),
            source: None,
            line: 0,
        })
        .collect();
    let links = edges
        .iter()
        .enumerate()
        .filter(|(_, e)| e.0 % n != e.1 % n)
        .map(|(i, &(a, b, mode, hours, cost, departures))| Link {
            id: Some(format!("l{i}")),
            from: a % n,
            to: b % n,
            mode: Mode::ALL[usize::from(mode) % 4],
            hours,
            cost_usd: cost,
            distance_km: hours * 40.0,
            departures_per_week: departures,
            gauge_mm: None,
            co2_kg_per_container_km: None,
            limits: LinkLimits::default(),
            operator: None,
            source: None,
            waypoints: Vec::new(),
            variability: Variability::default(),
            crew: Crew::Single,
            entry: i,
            line: 0,
        })
        .collect();
    Network {
        name: "random".to_owned(),
        nodes,
        links,
        co2: Co2Factors::default(),
        cargo: Cargo::default(),
        co2_source: None,
        weather_groups: Vec::new(),
    }
}

fn network_strategy() -> impl Strategy<Value = Network> {
    (3usize..7).prop_flat_map(|n| {
        (
            prop::collection::vec((40.0f64..45.0, 50.0f64..60.0), n),
            prop::collection::vec(
                (
                    0..n,
                    0..n,
                    0u8..4,
                    1.0f64..50.0,
                    0.0f64..900.0,
                    prop::option::of(0.5f64..10.0),
                ),
                n..3 * n,
            ),
            prop::collection::vec((0.0f64..20.0, 0.0f64..200.0), 1..4),
        )
            .prop_map(|(c, e, f)| random_network(&c, &e, &f))
    })
}

fn change_strategy() -> impl Strategy<Value = (u8, usize, u8, f64)> {
    (0u8..5, 0usize..20, 0u8..4, 1.0f64..3.0)
}

/// A close or cost scale-up change built from random numbers, valid for `net` (or `None` when
/// it would select nothing).
fn make_change(net: &Network, (kind, which, mode, factor): (u8, usize, u8, f64)) -> Option<Action> {
    let node = net.nodes.get(which % net.nodes.len())?.id.clone();
    let link_id = net.links.get(which % net.links.len().max(1))?.id.clone()?;
    let mode = Mode::ALL[usize::from(mode) % 4];
    Some(match kind {
        0 => Action::CloseNodes(NodeSelector {
            ids: vec![node],
            ..NodeSelector::default()
        }),
        1 => Action::CloseLinks(LinkSelector {
            ids: vec![link_id],
            ..LinkSelector::default()
        }),
        2 => {
            net.links.iter().find(|l| l.mode == mode)?;
            Action::CloseLinks(LinkSelector {
                mode: Some(mode),
                ..LinkSelector::default()
            })
        }
        3 => Action::ScaleLinks(
            LinkSelector {
                ids: vec![link_id],
                ..LinkSelector::default()
            },
            LinkFigures {
                cost_usd: Some(factor),
                ..LinkFigures::default()
            },
        ),
        _ => Action::ScaleNodes(
            NodeSelector {
                ids: vec![node],
                ..NodeSelector::default()
            },
            corridor::scenario::NodeFigures {
                transfer_cost_usd: Some(factor),
                dwell_cost_usd: Some(factor),
                ..Default::default()
            },
        ),
    })
}

fn all_pairs(net: &Network) -> Vec<Pair> {
    let n = net.nodes.len();
    (0..n)
        .flat_map(|a| (0..n).map(move |b| Pair { from: a, to: b }))
        .filter(|p| p.from != p.to)
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn random_closures_and_cost_increases_never_help(
        net in network_strategy(),
        raw in prop::collection::vec(change_strategy(), 1..4),
    ) {
        let mut scenario = Scenario::empty("random");
        let mut current = net.clone();
        for r in raw {
            let Some(action) = make_change(&current, r) else { continue };
            let mut step = Scenario::empty("step");
            step.changes.push(Change::new(action.clone()));
            let Ok(applied) = step.apply(&current) else { continue };
            current = applied.network;
            scenario.changes.push(Change::new(action));
        }
        prop_assume!(!scenario.changes.is_empty());
        let applied = scenario.apply(&net).map_err(|e| TestCaseError::fail(e.render()))?;
        prop_assert_eq!(&applied.network, &current);
        let pairs = all_pairs(&net);
        // Every change only closes or raises costs: no pair gets faster or cheaper.
        let (before, after) = (Planner::new(&net), Planner::new(&applied.network));
        let none = Constraints::default();
        for p in &pairs {
            let b = before.best(p.from, p.to, Criterion::Cost, &none).map(|r| r.metrics.cents);
            let a = after.best(p.from, p.to, Criterion::Cost, &none).map(|r| r.metrics.cents);
            prop_assert!(b.is_some() || a.is_none());
            if let (Some(b), Some(a)) = (b, a) {
                prop_assert!(a >= b, "cheaper after closing or raising costs: {} < {}", a, b);
            }
        }
        // The shipped checks agree.
        for check in batch::check_invariants(&net, &[scenario], &pairs) {
            prop_assert!(!check.violated(), "{:?}", check);
        }
    }

    #[test]
    fn the_empty_scenario_reproduces_a_random_network(net in network_strategy()) {
        let applied = Scenario::empty("e").apply(&net).map_err(|e| TestCaseError::fail(e.render()))?;
        prop_assert_eq!(&applied.network, &net);
        let pairs = all_pairs(&net);
        let options = Options::default();
        let c = batch::compare(&net, &[("empty", &applied.network)], &pairs, &options, &|_| {});
        for p in 0..pairs.len() {
            let status = c.row(1, p).status;
            prop_assert!(matches!(status, Status::Unchanged | Status::NoRoute), "{:?}", status);
        }
    }
}

#[test]
fn compare_simulates_each_route_as_a_route_alone_would_be() {
    // compare simulates each distinct transit once; every row's P90 must still be the one a
    // simulation of that row's route alone gives.
    let base = base();
    let nets: Vec<Network> = SHIPPED.iter().map(|n| applied(n)).collect();
    let named: Vec<(&str, &Network)> = SHIPPED.iter().copied().zip(nets.iter()).collect();
    let pairs: Vec<Pair> = [
        ("Almaty", "Bucharest"),
        ("Almaty", "Poti"),
        ("Xi'an", "Duisburg"),
    ]
    .iter()
    .map(|(f, t)| Pair {
        from: base.resolve(f).expect("from"),
        to: base.resolve(t).expect("to"),
    })
    .collect();
    let late = corridor::simulate::Options {
        samples: 500,
        seed: 3,
        ..corridor::simulate::Options::default()
    };
    let options = Options {
        criterion: Criterion::Time,
        parallel: true,
        late_case: Some(late),
        ..Options::default()
    };
    let c = batch::compare(&base, &named, &pairs, &options, &|_| {});
    let mut checked = 0;
    for (s, net) in std::iter::once(&base).chain(nets.iter()).enumerate() {
        let planner = Planner::new(net);
        for (p, pair) in pairs.iter().enumerate() {
            let Some(route) =
                planner.best(pair.from, pair.to, Criterion::Time, &Constraints::default())
            else {
                continue;
            };
            let alone = corridor::simulate::simulate(net, &route, &late).p90_hours;
            let row = c.results[s][p].as_ref().expect("a best route");
            assert_eq!(
                row.p90_seconds,
                Some((alone * 3_600.0).round() as u64),
                "{} {p}",
                c.scenarios[s]
            );
            checked += 1;
        }
    }
    assert_eq!(checked, 30);
}
