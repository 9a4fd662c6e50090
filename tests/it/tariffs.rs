//! Tariff files: read and checked with exact positions and hints (all problems at once),
//! applied on top of a network written here (per container and per km, per FEU scaled by the
//! container's factors or for one container type, only within their dates), in `route` and in
//! `compare`, where the delta of a tariff change shows; the shipped example loads and applies.
#![allow(
    clippy::float_cmp,
    reason = "figures are whole dollars, compared exactly"
)]

use super::cli::{corridor, stderr, stdout};
use super::paid::{CORRIDOR, file};
use corridor::calendar::Date;
use corridor::network::{Cargo, Container, Severity, load_str};
use corridor::tariff;

const RATES: &str = r#"[tariffs]
name = "test-rates"

[[rate]]
operator = "ASCO"
usd = 700
source = "test"

[[rate]]
link = "almaty-aktau"
usd_per_km = 0.5
valid_from = 2024-01-01
valid_to = "2024-12-31"
source = "test"

[[rate]]
mode = "sea"
countries = ["GE", "RO"]
container = "20"
usd = 300
source = "test"
"#;

fn network() -> corridor::network::Network {
    load_str(CORRIDOR, "corridor.toml")
        .unwrap_or_else(|e| panic!("{}", e.render()))
        .network
}

fn link_cost(net: &corridor::network::Network, id: &str) -> f64 {
    net.links
        .iter()
        .find(|l| l.id.as_deref() == Some(id))
        .map_or(f64::NAN, |l| l.cost_usd)
}

#[test]
fn rates_apply_per_container_per_km_by_type_and_within_their_dates() {
    let tariffs =
        tariff::load_str(RATES, "rates.toml").unwrap_or_else(|e| panic!("{}", e.render()));
    let base = network();
    let km = base
        .links
        .iter()
        .find(|l| l.id.as_deref() == Some("almaty-aktau"))
        .map_or(0.0, |l| l.distance_km);
    // Without a date: the undated rates only, and a note on the dated one.
    let applied = tariffs
        .apply(&base, None)
        .unwrap_or_else(|e| panic!("{}", e.render()));
    assert_eq!(link_cost(&applied.network, "aktau-alat"), 700.0);
    assert_eq!(link_cost(&applied.network, "almaty-aktau"), 1200.4);
    // The sea rate is for a 20': a 40' keeps the network's figure.
    assert_eq!(link_cost(&applied.network, "poti-constanta"), 520.4);
    assert_eq!(
        applied.notes,
        [
            "test-rates: rate 2 (valid 2024-01-01 to 2024-12-31) is not applied: give --depart \
             to apply dated rates",
            "test-rates: rate 3 is for a 20' and does not apply to a 40'"
        ]
    );
    // Both directions of the two-way ferry.
    assert_eq!(applied.links_priced, 2);
    let on = |s: &str| s.parse::<Date>().ok();
    let in_window = tariffs.apply(&base, on("2024-06-30")).expect("applies");
    assert_eq!(link_cost(&in_window.network, "almaty-aktau"), 0.5 * km);
    for outside in ["2023-12-31", "2025-01-01"] {
        let a = tariffs.apply(&base, on(outside)).expect("applies");
        assert_eq!(link_cost(&a.network, "almaty-aktau"), 1200.4, "{outside}");
    }
    // For a 20': the per-FEU rate is scaled by the 20' ferry factor (0.65), the 20' rate is
    // taken as it is.
    let twenty = base.for_cargo(&Cargo {
        container: Container::Twenty,
        ..Cargo::default()
    });
    let a = tariffs.apply(&twenty, None).expect("applies");
    assert_eq!(link_cost(&a.network, "aktau-alat"), 700.0 * 0.65);
    assert_eq!(link_cost(&a.network, "poti-constanta"), 300.0);
}

#[test]
fn a_later_rate_wins_and_a_rate_for_the_box_wins_over_one_per_feu() {
    let text = format!(
        "{RATES}\n[[rate]]\nmode = \"sea\"\nusd = 450\nsource = \"t\"\n\n[[rate]]\n\
         operator = \"ASCO\"\nusd = 650\nsource = \"t\"\n"
    );
    let tariffs =
        tariff::load_str(&text, "rates.toml").unwrap_or_else(|e| panic!("{}", e.render()));
    let twenty = network().for_cargo(&Cargo {
        container: Container::Twenty,
        ..Cargo::default()
    });
    let a = tariffs.apply(&twenty, None).expect("applies");
    // The 20' rate (300) beats the later per-FEU sea rate (450 × 0.70); the later ASCO rate
    // (650) beats the earlier one (700).
    assert_eq!(link_cost(&a.network, "poti-constanta"), 300.0);
    assert_eq!(link_cost(&a.network, "aktau-alat"), 650.0 * 0.65);
}

fn diagnostics(text: &str) -> Vec<(usize, usize, String, Option<String>)> {
    let result = tariff::load_str(text, "t.toml").and_then(|t| t.apply(&network(), None));
    match result {
        Ok(_) => Vec::new(),
        Err(e) => e
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| (d.line, d.col, d.message.clone(), d.hint.clone()))
            .collect(),
    }
}

#[test]
fn every_problem_of_a_file_is_reported_at_its_position() {
    let bad = r#"[tariffs]
name = "bad"

[[rate]]
mode = "rial"
usd = -5
valid_from = "2024-02-30"
source = "s"

[[rate]]
countries = ["Romania"]
usd = 1
usd_per_km = 2
container = "20ft"
source = ""

[[rate]]
operator = "KTZ"
valid_from = 2025-01-01
valid_to = 2024-01-01
source = "s"
"#;
    let found = diagnostics(bad);
    let at: Vec<(usize, usize, &str)> = found
        .iter()
        .map(|(l, c, m, _)| (*l, *c, m.as_str()))
        .collect();
    assert_eq!(
        at,
        [
            (5, 8, "rate 1: unknown mode \"rial\""),
            (6, 7, "rate 1: usd must not be negative"),
            (
                7,
                14,
                "rate 1: valid_from: \"2024-02-30\" is not a day of the calendar (month 1 to 12, \
                 day 1 to the month's length)"
            ),
            (
                11,
                14,
                "rate 2: \"Romania\" is not an ISO 3166-1 alpha-2 code"
            ),
            (13, 14, "rate 2: give usd or usd_per_km, not both"),
            (14, 13, "rate 2: unknown container \"20ft\""),
            (15, 10, "rate 2: source must not be empty"),
            (17, 1, "rate 3: missing usd or usd_per_km"),
            (
                20,
                12,
                "rate 3: valid_to 2024-01-01 is before valid_from 2025-01-01"
            ),
        ],
        "{found:#?}"
    );
    let hint = |line: usize| found.iter().find(|d| d.0 == line).and_then(|d| d.3.clone());
    assert_eq!(hint(5).as_deref(), Some("did you mean \"rail\"?"));
    assert_eq!(
        hint(11).as_deref(),
        Some("did you mean \"RO\" (Romania)? files write the ISO 3166-1 alpha-2 code")
    );
    assert_eq!(hint(14).as_deref(), Some("did you mean \"20\"?"));
}

#[test]
fn names_the_network_does_not_have_get_a_hint() {
    let text = r#"[tariffs]
name = "against the network"

[[rate]]
operator = "KTZ Express"
usd = 1
source = "s"

[[rate]]
links = ["alat-poti", "aktau-alta"]
usd = 1
source = "s"

[[rate]]
operator = "ADY"
mode = "sea"
usd = 1
source = "s"
"#;
    let found = diagnostics(text);
    assert_eq!(
        found,
        [
            (
                5,
                12,
                "rate 1: no link of the network has operator \"KTZ Express\"".to_owned(),
                Some("did you mean \"KTZ\"?".to_owned())
            ),
            (
                10,
                23,
                "rate 2: unknown link id \"aktau-alta\"".to_owned(),
                Some("did you mean \"aktau-alat\"?".to_owned())
            ),
            (
                14,
                1,
                "rate 3: selects no link of the network".to_owned(),
                Some(
                    "a rate selects the links that match every key it gives (operator, link, \
                     mode, countries)"
                        .to_owned()
                )
            ),
        ]
    );
}

fn run(args: &[&str]) -> std::process::Output {
    let net = file("corridor.toml", CORRIDOR);
    let rates = file("rates.toml", RATES);
    let mut all: Vec<&str> = Vec::new();
    for a in args {
        all.push(match *a {
            "NET" => net.to_str().unwrap_or_default(),
            "RATES" => rates.to_str().unwrap_or_default(),
            other => other,
        });
    }
    corridor(&all)
}

#[test]
fn route_applies_the_file_and_says_so() {
    let out = run(&[
        "route",
        "--network",
        "NET",
        "--from",
        "almaty",
        "--to",
        "bucharest",
        "--optimize",
        "cost",
        "--tariffs",
        "RATES",
        "--depart",
        "2024-03-01",
        "--format",
        "json",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    assert_eq!(json["query"]["tariffs"], serde_json::json!(["test-rates"]));
    let legs = json["routes"][0]["legs"].as_array().expect("legs");
    assert_eq!(legs[1]["cost_usd"].as_f64(), Some(700.0));
    let notes = json["notes"].as_array().expect("notes");
    assert!(
        notes
            .iter()
            .any(|n| n == "test-rates: rate 3 is for a 20' and does not apply to a 40'"),
        "{notes:?}"
    );
    // A bad file is bad input, with its position.
    let bad = file(
        "bad.toml",
        &RATES.replace("operator = \"ASCO\"", "operator = \"ASC0\""),
    );
    let out = corridor(&[
        "route",
        "--network",
        file("corridor.toml", CORRIDOR).to_str().unwrap_or_default(),
        "--from",
        "almaty",
        "--to",
        "bucharest",
        "--tariffs",
        bad.to_str().unwrap_or_default(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out)
            .contains("bad.toml:5:12: error: rate 1: no link of the network has operator \"ASC0\""),
        "{}",
        stderr(&out)
    );
    assert!(
        stderr(&out).contains("did you mean \"ASCO\"?"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn compare_shows_the_delta_of_a_tariff_file() {
    let out = run(&[
        "compare",
        "--network",
        "NET",
        "--from",
        "almaty",
        "--to",
        "bucharest",
        "--optimize",
        "cost",
        "--tariffs",
        "RATES",
        "--no-late-case",
        "--format",
        "json",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    assert_eq!(
        json["scenarios"],
        serde_json::json!(["baseline", "tariffs test-rates"])
    );
    let pair = &json["pairs"][0];
    let text = pair.to_string();
    // The ferry's 900.4 becomes 700: the route costs USD 200 less (4,489 to 4,288.6).
    assert!(text.contains("-200") || text.contains("-200.0"), "{text}");
    let table = run(&[
        "compare",
        "--network",
        "NET",
        "--from",
        "almaty",
        "--to",
        "bucharest",
        "--optimize",
        "cost",
        "--tariffs",
        "RATES",
        "--no-late-case",
        "--container",
        "20",
    ]);
    assert!(table.status.success(), "{}", stderr(&table));
    insta::assert_snapshot!("tariffs_compare_20ft", stdout(&table));
}

#[test]
fn the_shipped_tariff_file_applies_to_the_bundled_network_in_its_year() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tariffs/kz_rail_2023.toml");
    let tariffs = tariff::load_file(&path).unwrap_or_else(|e| panic!("{}", e.render()));
    assert!(tariffs.rates.iter().all(|r| !r.source.is_empty()));
    let base = corridor::network::load_bundled()
        .unwrap_or_else(|e| panic!("{}", e.render()))
        .network;
    let on = "2023-06-01".parse::<Date>().ok();
    let applied = tariffs
        .apply(&base, on)
        .unwrap_or_else(|e| panic!("{}", e.render()));
    // Every rail link within Kazakhstan is priced at USD 0.24 per km, nothing else changes.
    let mut priced = 0;
    for (before, after) in base.links.iter().zip(&applied.network.links) {
        let kz = base.nodes[before.from].country == "KZ" && base.nodes[before.to].country == "KZ";
        if kz && before.mode == corridor::network::Mode::Rail {
            assert!((after.cost_usd - 0.24 * before.distance_km).abs() < 1e-9);
            priced += 1;
        } else {
            assert_eq!(after.cost_usd, before.cost_usd);
        }
    }
    assert_eq!(applied.links_priced, priced);
    assert!(priced > 10, "{priced}");
    // In 2015 a 20' pays the 2015 special rate of USD 0.12 per km.
    let twenty = base.for_cargo(&Cargo {
        container: Container::Twenty,
        ..Cargo::default()
    });
    let applied = tariffs
        .apply(&twenty, "2015-03-01".parse::<Date>().ok())
        .expect("applies");
    let link = applied
        .network
        .links
        .iter()
        .zip(&base.links)
        .find(|(_, b)| {
            b.mode == corridor::network::Mode::Rail
                && base.nodes[b.from].country == "KZ"
                && base.nodes[b.to].country == "KZ"
        })
        .expect("a KZ rail link");
    assert!((link.0.cost_usd - 0.12 * link.1.distance_km).abs() < 1e-9);
}
