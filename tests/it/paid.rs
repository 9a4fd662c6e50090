//! Who is paid: every route's cost grouped by operator and by country, in JSON, CSV, the table
//! (`--by`) and the Excel workbook, on a small network written here whose links and nodes
//! name their operators; the groups add up exactly to the route's cost in every format.

#![allow(
    clippy::float_cmp,
    reason = "figures are whole dollars and kg, or exactly as written in the test files"
)]

use super::cli::{corridor, stdout};
use std::path::PathBuf;

/// Almaty (KZ) by rail to Aktau, ferry to Alat (AZ), rail to Poti (GE), sea to Constanța
/// (RO), rail to Bucharest: operators on every leg but the last, and at two of the ports.
pub(crate) const CORRIDOR: &str = r#"[network]
name = "Paid"

[[node]]
id = "almaty"
name = "Almaty"
country = "KZ"
kind = "city"
lat = 43.24
lon = 76.89

[[node]]
id = "aktau"
name = "Aktau"
country = "KZ"
kind = "port"
lat = 43.65
lon = 51.16
transfer_hours = 6
transfer_cost_usd = 150.4
operator = "Aktau International Sea Commercial Port"

[[node]]
id = "alat"
name = "Alat"
country = "AZ"
kind = "port"
lat = 39.95
lon = 49.41
transfer_hours = 6
transfer_cost_usd = 120.3
dwell_cost_usd = 40.3

[[node]]
id = "poti"
name = "Poti"
country = "GE"
kind = "port"
lat = 42.15
lon = 41.67
transfer_hours = 8
transfer_cost_usd = 290.3
operator = "APM Terminals Poti"

[[node]]
id = "constanta"
name = "Constanța"
country = "RO"
kind = "port"
lat = 44.17
lon = 28.65
transfer_hours = 8
transfer_cost_usd = 255.4

[[node]]
id = "bucharest"
name = "Bucharest"
country = "RO"
kind = "city"
lat = 44.43
lon = 26.10

[[link]]
id = "almaty-aktau"
from = "almaty"
to = "aktau"
mode = "rail"
gauge_mm = 1520
hours = 90
cost_usd = 1200.4
operator = "KTZ"
source = "test"

[[link]]
id = "aktau-alat"
from = "aktau"
to = "alat"
mode = "ferry"
hours = 24
cost_usd = 900.4
operator = "ASCO"
source = "test"

[[link]]
id = "alat-poti"
from = "alat"
to = "poti"
mode = "rail"
gauge_mm = 1520
hours = 40
cost_usd = 700.3
operator = "ADY"
source = "test"

[[link]]
id = "poti-constanta"
from = "poti"
to = "constanta"
mode = "sea"
hours = 60
cost_usd = 520.4
operator = "E60 Shipping Line"
source = "test"

[[link]]
id = "constanta-bucharest"
from = "constanta"
to = "bucharest"
mode = "rail"
gauge_mm = 1435
hours = 20
cost_usd = 310.4
source = "test"
"#;

/// A file holding `text`, in a folder of this test run.
pub(crate) fn file(name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("corridor-paid-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("create a scratch folder");
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write a scratch file");
    path
}

fn route(args: &[&str]) -> String {
    let net = file("corridor.toml", CORRIDOR);
    let mut all = vec!["route", "--network", net.to_str().unwrap_or_default()];
    all.extend_from_slice(args);
    let out = corridor(&all);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout(&out)
}

fn groups(route: &serde_json::Value, key: &str) -> Vec<(String, f64)> {
    route[key]
        .as_array()
        .unwrap_or_else(|| panic!("{key} is a list"))
        .iter()
        .map(|g| {
            (
                g["name"].as_str().unwrap_or_default().to_owned(),
                g["cost_usd"].as_f64().unwrap_or(f64::NAN),
            )
        })
        .collect()
}

#[test]
fn operator_and_country_groups_add_up_to_the_route_cost() {
    let json: serde_json::Value = serde_json::from_str(&route(&[
        "--from",
        "almaty",
        "--to",
        "bucharest",
        "--optimize",
        "cost",
        "--format",
        "json",
    ]))
    .expect("JSON");
    let r = &json["routes"][0];
    let cost = r["cost_usd"].as_f64().expect("cost");
    // 1200.4 + 150.4 + 900.4 + 40.3 + 120.3 + 700.3 + 290.3 + 520.4 + 255.4 + 310.4 = 4488.6
    assert_eq!(cost, 4489.0);
    let by_operator = groups(r, "cost_by_operator");
    let names: Vec<&str> = by_operator.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "KTZ",
            "Aktau International Sea Commercial Port",
            "ASCO",
            "unnamed operator",
            "ADY",
            "APM Terminals Poti",
            "E60 Shipping Line",
        ]
    );
    // Alat's dwell and transfer and the last rail leg and Constanța's transfer: no operator.
    let unnamed = by_operator[3].1;
    assert!(
        (unnamed - (40.3 + 120.3 + 255.4 + 310.4_f64)).abs() <= 2.0,
        "{unnamed}"
    );
    assert_eq!(by_operator.iter().map(|g| g.1).sum::<f64>(), cost);
    let by_country = groups(r, "cost_by_country");
    let names: Vec<&str> = by_country.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["KZ", "KZ–AZ", "AZ", "AZ–GE", "GE", "GE–RO", "RO"]);
    assert_eq!(by_country.iter().map(|g| g.1).sum::<f64>(), cost);
    // The ferry alone is the KZ–AZ group; Poti's transfer is paid in Georgia. The items are
    // rounded together to add up to 4,489: of the ten, the four largest remainders (.4, the
    // earlier first) round up, so the ferry's 900.4 shows as 901 and the last leg's 310.4 as 310.
    assert_eq!(by_country[1].1, 901.0);
    assert_eq!(by_country[4].1, 290.0);
}

#[test]
fn csv_rows_pivot_to_the_same_groups() {
    let csv = route(&[
        "--from",
        "almaty",
        "--to",
        "bucharest",
        "--optimize",
        "cost",
        "--format",
        "csv",
    ]);
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap_or_default().split(',').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).expect(name);
    let (usd, operator) = (col("cost_usd_per_feu"), col("operator"));
    let mut asco = 0.0;
    let mut total = 0.0;
    for line in lines {
        let cells: Vec<&str> = line.split(',').collect();
        let cost: f64 = cells[usd].parse().expect("a number");
        total += cost;
        if cells[operator] == "ASCO" {
            asco += cost;
        }
    }
    assert_eq!(asco, 901.0);
    assert_eq!(total, 4489.0);
}

#[test]
fn the_table_shows_the_groups_asked_for() {
    let table = route(&[
        "--from",
        "almaty",
        "--to",
        "bucharest",
        "--optimize",
        "cost",
        "--by",
        "operator",
        "--by",
        "country",
    ]);
    insta::assert_snapshot!("paid_by_operator_and_country", table);
}

#[test]
fn the_workbook_has_a_sheet_of_who_is_paid() {
    use calamine::{Reader, Xlsx, open_workbook_from_rs};
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
        "--format",
        "xlsx",
    ]);
    assert!(out.status.success());
    let mut book: Xlsx<_> =
        open_workbook_from_rs(std::io::Cursor::new(out.stdout)).expect("an xlsx workbook");
    let sheet = book
        .worksheet_range(corridor::report::COST_GROUPS_SHEET)
        .expect("the sheet");
    let rows: Vec<Vec<String>> = sheet
        .rows()
        .map(|r| r.iter().map(ToString::to_string).collect())
        .collect();
    let total_rows: Vec<&Vec<String>> = rows
        .iter()
        .filter(|r| r.get(2).is_some_and(|c| c == "total"))
        .collect();
    assert_eq!(total_rows.len(), 2, "{rows:?}");
    for row in total_rows {
        assert_eq!(row[4], "4489");
    }
    assert!(
        rows.iter()
            .any(|r| r.get(2).is_some_and(|c| c == "E60 Shipping Line") && r[4] == "521")
    );
}

#[test]
fn geojson_features_carry_the_groups() {
    let geo: serde_json::Value = serde_json::from_str(&route(&[
        "--from",
        "almaty",
        "--to",
        "bucharest",
        "--optimize",
        "cost",
        "--format",
        "geojson",
    ]))
    .expect("GeoJSON");
    let properties = &geo["features"][0]["properties"];
    let sum = |key: &str| -> f64 {
        properties[key]
            .as_array()
            .unwrap_or_else(|| panic!("{key}"))
            .iter()
            .map(|g| g["cost_usd"].as_f64().unwrap_or(f64::NAN))
            .sum()
    };
    assert_eq!(sum("cost_by_operator"), 4489.0);
    assert_eq!(sum("cost_by_country"), 4489.0);
    assert!(properties["co2_wtw_kg"].as_f64() > properties["co2_kg"].as_f64());
}
