//! What is in the box: `--container`, `--cargo-tonnes` and `--dangerous-goods` on small
//! networks written here. A 20' pays the stated share of a 40' per mode, a reefer its
//! surcharge; CO2 follows the gross mass (cargo and tare), well-to-wheel above tank-to-wheel;
//! links that refuse the cargo are not used, and "no route" names them; the new network keys
//! are read and checked at their exact positions.

#![allow(
    clippy::float_cmp,
    reason = "figures are whole dollars and kg, or exactly as written in the test files"
)]

use super::cli::{corridor, stderr, stdout};
use super::paid::{CORRIDOR, file};
use corridor::network::{Container, Severity, load_str};

fn json(network: &str, args: &[&str]) -> serde_json::Value {
    let net = file(&format!("{}.toml", network.len()), network);
    let mut all = vec!["route", "--network", net.to_str().unwrap_or_default()];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "json"]);
    let out = corridor(&all);
    assert!(out.status.success(), "{}", stderr(&out));
    serde_json::from_str(&stdout(&out)).expect("JSON")
}

fn cheapest(network: &str, extra: &[&str]) -> serde_json::Value {
    let mut args = vec![
        "--from",
        "almaty",
        "--to",
        "bucharest",
        "--optimize",
        "cost",
    ];
    args.extend_from_slice(extra);
    let report = json(network, &args);
    report["routes"][0].clone()
}

fn number(v: &serde_json::Value) -> f64 {
    v.as_f64().unwrap_or_else(|| panic!("a number: {v}"))
}

/// The legs' USD of a route, in order.
fn leg_costs(route: &serde_json::Value) -> Vec<f64> {
    route["legs"]
        .as_array()
        .expect("legs")
        .iter()
        .map(|l| number(&l["cost_usd"]))
        .collect()
}

#[test]
fn a_twenty_foot_pays_the_stated_share_of_a_forty_by_mode() {
    let forty = cheapest(CORRIDOR, &[]);
    let twenty = cheapest(CORRIDOR, &["--container", "20"]);
    // The legs in exact cents: rail 1200.4 and 700.3 and 310.4 at 0.65, the ferry's 900.4 at
    // 0.65, the sea leg's 520.4 at 0.70; transfers (150.4, 120.3, 290.3, 255.4) at 0.80,
    // Alat's dwell (40.3) unchanged.
    let cents = |usd: f64| (usd * 100.0).round();
    let legs = [
        cents(1200.4 * 0.65),
        cents(900.4 * 0.65),
        cents(700.3 * 0.65),
        cents(520.4 * 0.70),
        cents(310.4 * 0.65),
    ];
    let stops = [
        cents(150.4 * 0.80),
        cents(40.3) + cents(120.3 * 0.80),
        cents(290.3 * 0.80),
        cents(255.4 * 0.80),
    ];
    let total: f64 = legs.iter().chain(&stops).sum();
    assert_eq!(number(&twenty["cost_usd"]), (total / 100.0).round());
    assert_eq!(number(&forty["cost_usd"]), 4489.0);
    for (shown, exact) in leg_costs(&twenty).iter().zip(legs) {
        assert!(
            (shown - exact / 100.0).abs() <= 1.0,
            "{shown} against {exact}"
        );
    }
    // The query and the units say what the figures are for.
    let report = json(
        CORRIDOR,
        &["--from", "almaty", "--to", "bucharest", "--container", "20"],
    );
    assert_eq!(report["query"]["cargo"], "20' · 10 t cargo (12.3 t gross)");
    assert_eq!(report["units"]["cargo"]["tare_tonnes"], 2.3);
    assert!(
        report["units"]["cost_usd"]
            .as_str()
            .is_some_and(|u| u.starts_with("USD per 20' container")),
        "{}",
        report["units"]["cost_usd"]
    );
}

#[test]
fn a_reefer_pays_its_surcharge_on_every_leg_and_transfer() {
    let reefer = cheapest(CORRIDOR, &["--container", "reefer40"]);
    // 1.5 × every leg, transfers + USD 180 each (four of them), the dwell unchanged.
    let exact: f64 = 1.5 * (1200.4 + 900.4 + 700.3 + 520.4 + 310.4)
        + (150.4 + 120.3 + 290.3 + 255.4)
        + 4.0 * 180.0
        + 40.3;
    assert_eq!(number(&reefer["cost_usd"]), exact.round());
    let stops = reefer["stops"].as_array().expect("stops");
    assert_eq!(
        number(&stops[2]["transfer_cost_usd"]),
        (290.3_f64 + 180.0).round()
    );
}

#[test]
fn co2_follows_the_gross_mass_and_well_to_wheel_is_above_tank_to_wheel() {
    let ten = cheapest(CORRIDOR, &[]);
    let twenty = cheapest(CORRIDOR, &["--cargo-tonnes", "20"]);
    let (ttw_10, ttw_20) = (number(&ten["co2_ttw_kg"]), number(&twenty["co2_ttw_kg"]));
    assert_eq!(number(&ten["co2_kg"]), ttw_10);
    // 20 t + 3.75 t tare against 10 t + 3.75 t.
    let ratio = ttw_20 / ttw_10;
    assert!((ratio - 23.75 / 13.75).abs() < 0.002, "{ratio}");
    for route in [&ten, &twenty] {
        let (ttw, wtw) = (number(&route["co2_ttw_kg"]), number(&route["co2_wtw_kg"]));
        assert!(wtw > ttw * 1.15 && wtw < ttw * 1.18, "{ttw} {wtw}");
    }
    // The tare counts: a 20' of the same cargo emits less than a 40' (2.3 t against 3.75 t).
    let small = cheapest(CORRIDOR, &["--container", "20"]);
    let ratio = number(&small["co2_ttw_kg"]) / ttw_10;
    assert!((ratio - 12.3 / 13.75).abs() < 0.002, "{ratio}");
    // The default factors: the ferry leg at 110.6 g per tonne-km × 13.75 t × its km.
    let ferry = &ten["legs"][1];
    let expected = 110.6 * 13.75 * number(&ferry["distance_km"]) / 1_000.0;
    assert!(
        (number(&ferry["co2_kg"]) - expected).abs() <= 1.5,
        "{ferry}"
    );
}

/// [`CORRIDOR`] where the Caspian ferry takes no reefers and no dangerous goods and the
/// Georgian rail at most 20 t gross, with a road and ferry way round each when `detours`.
fn limited(detours: bool) -> String {
    let mut text = CORRIDOR
        .replace(
            "operator = \"ASCO\"\n",
            "operator = \"ASCO\"\nreefer = false\ndangerous_goods = false\n",
        )
        .replace(
            "operator = \"ADY\"\n",
            "operator = \"ADY\"\nmax_gross_tonnes = 20\n",
        );
    if detours {
        text.push_str(
            "\n[[link]]\nid = \"aktau-alat-reefer\"\nfrom = \"aktau\"\nto = \"alat\"\n\
             mode = \"ferry\"\nhours = 30\ncost_usd = 1400\nsource = \"test\"\n\n\
             [[link]]\nid = \"alat-poti-road\"\nfrom = \"alat\"\nto = \"poti\"\nmode = \"road\"\n\
             hours = 14\ncost_usd = 1500\nsource = \"test\"\n",
        );
    }
    text
}

fn link_ids(route: &serde_json::Value) -> Vec<String> {
    route["legs"]
        .as_array()
        .expect("legs")
        .iter()
        .map(|l| l["link_id"].as_str().unwrap_or_default().to_owned())
        .collect()
}

#[test]
fn a_reefer_avoids_a_link_that_takes_no_reefers() {
    let net = limited(true);
    let dry = cheapest(&net, &[]);
    assert!(link_ids(&dry).contains(&"aktau-alat".to_owned()));
    let reefer = cheapest(&net, &["--container", "reefer40"]);
    let ids = link_ids(&reefer);
    assert!(ids.contains(&"aktau-alat-reefer".to_owned()), "{ids:?}");
    assert!(!ids.contains(&"aktau-alat".to_owned()), "{ids:?}");
    let dangerous = cheapest(&net, &["--dangerous-goods"]);
    assert!(!link_ids(&dangerous).contains(&"aktau-alat".to_owned()));
    // Dangerous goods pay USD 110 at each of the four transfers on top, and the detour's
    // extra USD 499.6 (1,400 against 900.4).
    assert_eq!(
        number(&dangerous["cost_usd"]),
        (4488.6_f64 + 4.0 * 110.0 + 1400.0 - 900.4).round()
    );
    // 16 t in a 40' is 19.75 t gross: the Georgian rail takes it; 17 t (20.75 t) goes by road.
    let light = cheapest(&net, &["--cargo-tonnes", "16"]);
    assert!(link_ids(&light).contains(&"alat-poti".to_owned()));
    let heavy = cheapest(&net, &["--cargo-tonnes", "17"]);
    let ids = link_ids(&heavy);
    assert!(ids.contains(&"alat-poti-road".to_owned()), "{ids:?}");
}

#[test]
fn no_route_names_the_links_that_refuse_the_cargo() {
    let net = file("limited.toml", &limited(false));
    let out = corridor(&[
        "route",
        "--network",
        net.to_str().unwrap_or_default(),
        "--from",
        "almaty",
        "--to",
        "bucharest",
        "--container",
        "reefer40",
        "--cargo-tonnes",
        "15",
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let message = stderr(&out);
    assert!(
        message.contains(
            "lifting the reefer (--container reefer20 or reefer40) gives 1 route; that route \
             uses links that take no reefers: aktau-alat (Aktau → Alat, ferry)"
        ),
        "{message}"
    );
    let out = corridor(&[
        "route",
        "--network",
        net.to_str().unwrap_or_default(),
        "--from",
        "almaty",
        "--to",
        "bucharest",
        "--cargo-tonnes",
        "17",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let message = stderr(&out);
    assert!(
        message.contains(
            "lifting the 20.75 t gross mass gives 1 route; that route uses links that take less \
             than 20.75 t gross: alat-poti (Alat → Poti, rail)"
        ),
        "{message}"
    );
}

#[test]
fn too_much_cargo_for_the_box_is_bad_input() {
    let out = corridor(&[
        "route",
        "--from",
        "Almaty",
        "--to",
        "Bucharest",
        "--container",
        "20",
        "--cargo-tonnes",
        "29",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("at most 28.18 t of cargo fits"),
        "{}",
        stderr(&out)
    );
    let out = corridor(&[
        "route",
        "--from",
        "Almaty",
        "--to",
        "Bucharest",
        "--cargo-tonnes=-1",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("--cargo-tonnes must be greater than 0"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn the_table_header_says_what_is_in_the_box() {
    let net = file("corridor.toml", CORRIDOR);
    let out = corridor(&[
        "route",
        "--network",
        net.to_str().unwrap_or_default(),
        "--from",
        "almaty",
        "--to",
        "bucharest",
        "--optimize",
        "cost",
        "--container",
        "reefer40",
        "--cargo-tonnes",
        "12",
        "--legs",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    insta::assert_snapshot!("boxes_reefer_12t_legs", stdout(&out));
}

// ---- the network keys, read and checked at their positions ----

const SMALL: &str = r#"[network]
name = "Test"
co2_ttw_g_per_tonne_km = { rail = 20, sea = 8 }
co2_wtw_g_per_tonne_km = { rail = 24 }

[[node]]
id = "aktau"
name = "Aktau"
country = "KZ"
kind = "port"
lat = 43.68
lon = 51.21

[[node]]
id = "baku"
name = "Baku"
country = "AZ"
kind = "port"
lat = 40.38
lon = 49.89

[[link]]
from = "aktau"
to = "baku"
mode = "ferry"
hours = 22
cost_usd = 1100
max_gross_tonnes = 25
reefer = false
dangerous_goods = false
source = "test"
"#;

#[test]
fn limits_and_intensities_are_read() {
    let net = load_str(SMALL, "t.toml")
        .unwrap_or_else(|e| panic!("{}", e.render()))
        .network;
    let link = &net.links[0];
    assert_eq!(link.limits.max_gross_kg, Some(25_000));
    assert!(link.limits.no_reefer && link.limits.no_dangerous_goods);
    // The reverse direction of a two-way link states the same limits.
    assert_eq!(net.links[1].limits, link.limits);
    // Rail both given; sea's well-to-wheel by the fuel ratio; road and ferry the defaults.
    assert_eq!(net.co2.ttw_g_per_tonne_km, [20.0, 90.3, 110.6, 8.0]);
    assert_eq!(net.co2.wtw_g_per_tonne_km[0], 24.0);
    assert!((net.co2.wtw_g_per_tonne_km[3] - 8.0 * 1.158).abs() < 1e-9);
    assert_eq!(net.cargo.container, Container::Forty);
}

#[track_caller]
fn only_error(text: &str, line: usize, col: usize, message: &str) {
    let diagnostics = match load_str(text, "t.toml") {
        Ok(l) => l.warnings,
        Err(e) => e.diagnostics,
    };
    let found: Vec<(Severity, usize, usize, &str)> = diagnostics
        .iter()
        .map(|d| (d.severity, d.line, d.col, d.message.as_str()))
        .collect();
    assert_eq!(found, [(Severity::Error, line, col, message)]);
}

#[test]
fn bad_limits_and_intensities_point_at_their_value() {
    only_error(
        &SMALL.replace("max_gross_tonnes = 25", "max_gross_tonnes = 0"),
        28,
        20,
        "link 1 (\"aktau\" -> \"baku\"): max_gross_tonnes must be greater than 0",
    );
    only_error(
        &SMALL.replace("max_gross_tonnes = 25", "max_gross_tonnes = 1e4"),
        28,
        20,
        "link 1 (\"aktau\" -> \"baku\"): max_gross_tonnes 10,000 is too large (at most 1,000 t)",
    );
    only_error(
        &SMALL.replace("reefer = false", "reefer = \"no\""),
        29,
        10,
        "link 1 (\"aktau\" -> \"baku\"): reefer: expected true or false, found a string",
    );
    only_error(
        &SMALL.replace("rail = 20, sea = 8", "rail = 20, sea = -8"),
        3,
        45,
        "network: co2_ttw_g_per_tonne_km.sea must not be negative",
    );
    only_error(
        &SMALL.replace("{ rail = 24 }", "{ rial = 24 }"),
        4,
        28,
        "network co2_wtw_g_per_tonne_km: unknown key \"rial\"",
    );
}

#[test]
fn well_to_wheel_below_tank_to_wheel_is_a_warning() {
    let text = SMALL.replace("{ rail = 24 }", "{ rail = 16 }");
    let loaded = load_str(&text, "t.toml").unwrap_or_else(|e| panic!("{}", e.render()));
    let found: Vec<(usize, usize)> = loaded.warnings.iter().map(|d| (d.line, d.col)).collect();
    assert_eq!(found, [(4, 35)]);
    assert!(loaded.warnings[0].message.contains("were the two swapped?"));
}

#[test]
fn a_matrix_for_a_reefer_leaves_out_the_links_that_refuse_it() {
    let net = file("limited.toml", &limited(false));
    let origins = file("origins.txt", "almaty\n");
    let destinations = file("destinations.txt", "bucharest\nalat\n");
    let matrix = |extra: &[&str]| {
        let mut args = vec![
            "matrix",
            "--network",
            net.to_str().unwrap_or_default(),
            "--origins",
            origins.to_str().unwrap_or_default(),
            "--destinations",
            destinations.to_str().unwrap_or_default(),
            "--format",
            "json",
        ];
        args.extend_from_slice(extra);
        let out = corridor(&args);
        assert!(out.status.success(), "{}", stderr(&out));
        serde_json::from_str::<serde_json::Value>(&stdout(&out)).expect("JSON")
    };
    let dry = matrix(&[]);
    assert!(dry.get("cargo").is_none());
    assert!(dry["rows"][0]["cells"][0].is_object(), "{dry}");
    let reefer = matrix(&["--container", "reefer40", "--cargo-tonnes", "12"]);
    assert_eq!(reefer["cargo"], "40' reefer · 12 t cargo (16.8 t gross)");
    // Only the Caspian ferry reaches Alat and beyond, and it takes no reefers.
    let cells = reefer["rows"][0]["cells"].as_array().expect("cells");
    assert!(cells.iter().all(serde_json::Value::is_null), "{reefer}");
}

#[test]
fn a_port_that_takes_no_reefers_is_passed_by_no_reefer() {
    // Poti takes no reefers; a road from Alat to Constanța's side goes round it.
    let text = CORRIDOR.replace(
        "operator = \"APM Terminals Poti\"\n",
        "operator = \"APM Terminals Poti\"\nreefer = false\n",
    ) + "\n[[link]]\nid = \"alat-constanta-road\"\nfrom = \"alat\"\nto = \"constanta\"\n\
         mode = \"road\"\nhours = 60\ncost_usd = 2600\nsource = \"test\"\n";
    let net = load_str(&text, "t.toml")
        .unwrap_or_else(|e| panic!("{}", e.render()))
        .network;
    let poti = net.node_by_id("poti").expect("poti");
    assert!(net.nodes[poti].limits.no_reefer);
    let dry = cheapest(&text, &[]);
    assert!(link_ids(&dry).contains(&"poti-constanta".to_owned()));
    let reefer = cheapest(&text, &["--container", "reefer20"]);
    let ids = link_ids(&reefer);
    assert!(ids.contains(&"alat-constanta-road".to_owned()), "{ids:?}");
    assert!(!ids.iter().any(|id| id.contains("poti")), "{ids:?}");
    // Without the road, no route, and the answer names the port.
    let net = file(
        "no-reefer-port.toml",
        &text.replace("alat-constanta-road", "x").replace(
            "from = \"alat\"\nto = \"constanta\"\nmode = \"road\"",
            "from = \"constanta\"\nto = \"alat\"\nmode = \"road\"\ntwo_way = false",
        ),
    );
    let out = corridor(&[
        "route",
        "--network",
        net.to_str().unwrap_or_default(),
        "--from",
        "almaty",
        "--to",
        "bucharest",
        "--container",
        "reefer20",
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("uses links that take no reefers: the node Poti"),
        "{}",
        stderr(&out)
    );
    // The keys are booleans, checked where they are written.
    only_error(
        &SMALL.replace("lon = 49.89\n", "lon = 49.89\ndangerous_goods = 0\n"),
        21,
        19,
        "node \"baku\": dangerous_goods: expected true or false, found an integer",
    );
}
