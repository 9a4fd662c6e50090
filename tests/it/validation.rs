//! Validation errors: each bad input gives its exact position and message.
#![allow(
    clippy::float_cmp,
    clippy::unreadable_literal,
    reason = "figures are compared exactly as written in the test files"
)]

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use corridor::network::{
    Diagnostic, LoadError, Loaded, Mode, NodeKind, Severity, load_file, load_str,
};
use proptest::prelude::*;

/// A small valid network: Aktau and Baku joined by a two-way ferry. Tests change one line.
const VALID: &str = r#"[network]
name = "Test"

[[node]]
id = "aktau"
name = "Aktau"
aliases = ["Aqtau"]
country = "KZ"
kind = "port"
lat = 43.682325
lon = 51.212927

[[node]]
id = "baku"
name = "Baku"
country = "AZ"
kind = "port"
lat = 40.381471
lon = 49.887766

[[link]]
from = "aktau"
to = "baku"
mode = "ferry"
hours = 22
cost_usd = 1100
source = "test"
"#;

const FERRY: &str = r#"link 1 ("aktau" -> "baku")"#;

/// `VALID` with `old` (which must occur once) replaced by `new`.
fn edit(old: &str, new: &str) -> String {
    assert_eq!(
        VALID.matches(old).count(),
        1,
        "{old:?} must occur once in VALID"
    );
    VALID.replacen(old, new, 1)
}

fn load(text: &str) -> Result<Loaded, LoadError> {
    load_str(text, "t.toml")
}

fn diagnostics(text: &str) -> Vec<Diagnostic> {
    match load(text) {
        Ok(loaded) => loaded.warnings,
        Err(e) => e.diagnostics,
    }
}

/// The only diagnostic the text gives (error or warning).
fn only(text: &str) -> Diagnostic {
    let all = diagnostics(text);
    assert_eq!(all.len(), 1, "expected one diagnostic, got {all:#?}");
    all.into_iter().next().unwrap_or_else(|| unreachable!())
}

#[track_caller]
fn check(
    d: &Diagnostic,
    severity: Severity,
    line: usize,
    col: usize,
    message: &str,
    hint: Option<&str>,
) {
    assert_eq!(
        (
            d.severity,
            d.line,
            d.col,
            d.message.as_str(),
            d.hint.as_deref()
        ),
        (severity, line, col, message, hint),
        "{}",
        d.render()
    );
}

#[track_caller]
fn error(text: &str, line: usize, col: usize, message: &str, hint: Option<&str>) {
    let d = only(text);
    check(&d, Severity::Error, line, col, message, hint);
    assert!(load(text).is_err());
}

#[track_caller]
fn warning(text: &str, line: usize, col: usize, message: &str, hint: Option<&str>) {
    let d = only(text);
    check(&d, Severity::Warning, line, col, message, hint);
    let loaded = load(text).unwrap_or_else(|e| panic!("{}", e.render()));
    assert_eq!(loaded.warnings.len(), 1);
}

// ---- a valid file ----

#[test]
fn valid_file_loads_with_defaults_and_two_way_expansion() {
    let loaded = load(VALID).unwrap_or_else(|e| panic!("{}", e.render()));
    assert!(loaded.warnings.is_empty(), "{:#?}", loaded.warnings);
    let net = loaded.network;
    assert_eq!(net.name, "Test");
    assert_eq!(net.co2, corridor::network::Co2Factors::GLEC_DEFAULT);
    assert_eq!(net.co2_source, None);
    assert_eq!(net.nodes.len(), 2);
    let aktau = &net.nodes[0];
    assert_eq!(
        (
            aktau.id.as_str(),
            aktau.name.as_str(),
            aktau.country.as_str()
        ),
        ("aktau", "Aktau", "KZ")
    );
    assert_eq!(aktau.aliases, vec!["Aqtau".to_owned()]);
    assert_eq!(aktau.kind, NodeKind::Port);
    assert_eq!((aktau.lat, aktau.lon), (43.682325, 51.212927));
    assert_eq!(
        (
            aktau.transfer_hours,
            aktau.transfer_cost_usd,
            aktau.dwell_hours,
            aktau.dwell_cost_usd
        ),
        (0.0, 0.0, 0.0, 0.0)
    );
    assert_eq!((aktau.line, net.nodes[1].line), (4, 13));
    assert_eq!(aktau.source, None);

    assert_eq!(
        net.links.len(),
        2,
        "a two-way link gives two directed links"
    );
    let (there, back) = (&net.links[0], &net.links[1]);
    assert_eq!((there.from, there.to, back.from, back.to), (0, 1, 1, 0));
    for link in [there, back] {
        assert_eq!(link.mode, Mode::Ferry);
        assert_eq!((link.hours, link.cost_usd), (22.0, 1100.0));
        assert_eq!((link.entry, link.line), (0, 21));
        assert_eq!(link.id, None);
        assert_eq!(
            (
                link.departures_per_week,
                link.gauge_mm,
                link.co2_kg_per_container_km
            ),
            (None, None, None)
        );
        assert_eq!(link.source.as_deref(), Some("test"));
        // The geodesic distance Aktau-Baku from the coordinates is about 383 km.
        assert!(
            (link.distance_km / 383.0 - 1.0).abs() < 0.001,
            "{}",
            link.distance_km
        );
    }
}

#[test]
fn all_optional_fields_are_read() {
    let text = edit(
        "source = \"test\"\n",
        "source = \"test\"\nid = \"ak-ba\"\ndistance_km = 470\ndepartures_per_week = 3.5\n\
         co2_kg_per_container_km = 0.3\nwaypoints = [[50, 42], [49.5, 41.0]]\n\n\
         [[link]]\nfrom = \"aktau\"\nto = \"baku\"\nmode = \"rail\"\nhours = 20\ncost_usd = 0\n\
         gauge_mm = 1520\ntwo_way = false\nsource = \"s\"\n",
    )
    .replace(
        "name = \"Test\"\n",
        "name = \"Test\"\ndescription = \"d\"\nco2_kg_per_container_km = { rail = 0.2, sea = 0.1 }\n\
         co2_source = \"c\"\n",
    )
    .replace("lon = 51.212927\n", "lon = 51.212927\ntransfer_hours = 24.0\ntransfer_cost_usd = 150\ndwell_hours = 1\ndwell_cost_usd = 2\nsource = \"n\"\n");
    let loaded = load(&text).unwrap_or_else(|e| panic!("{}", e.render()));
    let net = loaded.network;
    // Per container-km at 10 t of cargo: 100 × that in g per tonne-km, well-to-wheel by the
    // fuel's ratio; road and ferry keep their defaults.
    assert_eq!(net.co2.ttw_g_per_tonne_km, [20.0, 90.3, 110.6, 10.0]);
    assert_eq!(net.co2.wtw_g_per_tonne_km[0], 20.0 * 1.173);
    assert_eq!(net.co2.wtw_g_per_tonne_km[1], 105.9);
    assert_eq!(net.co2_source.as_deref(), Some("c"));
    let aktau = &net.nodes[0];
    assert_eq!(
        (
            aktau.transfer_hours,
            aktau.transfer_cost_usd,
            aktau.dwell_hours,
            aktau.dwell_cost_usd
        ),
        (24.0, 150.0, 1.0, 2.0)
    );
    assert_eq!(aktau.source.as_deref(), Some("n"));
    assert_eq!(net.links.len(), 3);
    let (there, back, rail) = (&net.links[0], &net.links[1], &net.links[2]);
    assert_eq!(there.id.as_deref(), Some("ak-ba"));
    assert_eq!(back.id.as_deref(), Some("ak-ba"));
    assert_eq!(
        (
            there.distance_km,
            there.departures_per_week,
            there.co2_kg_per_container_km
        ),
        (470.0, Some(3.5), Some(0.3))
    );
    assert_eq!(there.waypoints, vec![[50.0, 42.0], [49.5, 41.0]]);
    assert_eq!(back.waypoints, vec![[49.5, 41.0], [50.0, 42.0]]);
    assert!(
        (rail.from, rail.to, rail.mode, rail.gauge_mm, rail.entry)
            == (0, 1, Mode::Rail, Some(1520), 1)
    );
    // The one-way rail link only runs Aktau -> Baku, but the ferry joins both ways.
    assert!(loaded.warnings.is_empty(), "{:#?}", loaded.warnings);
}

// ---- errors, one kind per test ----

#[test]
fn syntax_error_has_the_parser_position() {
    let d = only(&edit("name = \"Test\"", "name = \"Test"));
    check(
        &d,
        Severity::Error,
        2,
        13,
        "invalid toml: invalid basic string, expected `\"`",
        None,
    );
}

#[test]
fn unknown_key_suggests_the_closest() {
    error(
        &edit("lat = 43.682325", "lat = 43.682325\ntransfer_hour = 2"),
        11,
        1,
        "node \"aktau\": unknown key \"transfer_hour\"",
        Some("did you mean \"transfer_hours\"?"),
    );
    error(
        &edit("[network]", "[network]\nowner = \"me\""),
        2,
        1,
        "network: unknown key \"owner\"",
        Some(
            "expected one of: name, description, co2_kg_per_container_km, co2_ttw_g_per_tonne_km, \
             co2_wtw_g_per_tonne_km, co2_source, weather_groups",
        ),
    );
    error(
        &format!("{VALID}[[nodes]]\n"),
        28,
        3,
        "unknown top-level key \"nodes\"",
        Some("did you mean \"node\"?"),
    );
}

#[test]
fn missing_key_points_at_the_entry_header() {
    error(
        &edit("country = \"AZ\"\n", ""),
        13,
        1,
        "node \"baku\": missing key \"country\"",
        None,
    );
    let d = diagnostics(&format!("{VALID}\n[[link]]\nsource = \"x\"\n"));
    check(
        &d[0],
        Severity::Error,
        29,
        1,
        "link 2: missing keys \"from\", \"to\", \"mode\", \"hours\", \"cost_usd\"",
        None,
    );
}

#[test]
fn missing_network_table() {
    error(
        &edit("[network]\nname = \"Test\"\n", ""),
        1,
        1,
        "missing [network] table",
        Some("start the file with [network] and name = \"...\""),
    );
}

#[test]
fn wrong_type_says_expected_and_found() {
    error(
        &edit("lat = 43.682325", "lat = \"43.66\""),
        10,
        7,
        "node \"aktau\": lat: expected a number, found a string",
        None,
    );
    error(
        &edit("aliases = [\"Aqtau\"]", "aliases = [\"Aqtau\", 3]"),
        7,
        21,
        "node \"aktau\": aliases[1]: expected a string, found an integer",
        None,
    );
    error(
        &edit("hours = 22", "hours = true"),
        25,
        9,
        &format!("{FERRY}: hours: expected a number, found a boolean"),
        None,
    );
    error(
        &edit("source = \"test\"", "source = \"test\"\ntwo_way = 1"),
        28,
        11,
        &format!("{FERRY}: two_way: expected true or false, found an integer"),
        None,
    );
    error(
        &edit("source = \"test\"", "source = \"test\"\ngauge_mm = 1520.0"),
        28,
        12,
        &format!("{FERRY}: gauge_mm: expected an integer, found a float"),
        None,
    );
    error(
        &edit(
            "source = \"test\"",
            "source = \"test\"\nwaypoints = [[1, 2, 3]]",
        ),
        28,
        14,
        &format!(
            "{FERRY}: waypoints[0]: expected [lon, lat], an array of 2 numbers, found an array of 3 items"
        ),
        None,
    );
    let d = diagnostics("[network]\nname = \"n\"\n[node]\nid = \"x\"\n");
    check(
        &d[2],
        Severity::Error,
        3,
        1,
        "node: expected an array of tables [[node]], found a table",
        None,
    );
}

#[test]
fn duplicate_node_id_names_the_first_line() {
    let text = format!(
        "{VALID}\n[[node]]\nid = \"aktau\"\nname = \"Other\"\ncountry = \"KZ\"\nkind = \"city\"\nlat = 43\nlon = 51\n"
    );
    error(
        &text,
        30,
        6,
        "duplicate node id \"aktau\" (first defined on line 5)",
        None,
    );
}

#[test]
fn duplicate_link_id_names_the_first_line() {
    let text = format!(
        "{}\n[[link]]\nid = \"x\"\nfrom = \"baku\"\nto = \"aktau\"\nmode = \"ferry\"\nhours = 20\ncost_usd = 1\nsource = \"s\"\n",
        edit("source = \"test\"", "source = \"test\"\nid = \"x\"")
    );
    error(
        &text,
        31,
        6,
        "duplicate link id \"x\" (first defined on line 28)",
        None,
    );
}

#[test]
fn unknown_node_hints_the_closest_id() {
    error(
        &edit("from = \"aktau\"", "from = \"aktua\""),
        22,
        8,
        "link 1 (\"aktua\" -> \"baku\"): unknown node \"aktua\"",
        Some("did you mean \"aktau\"?"),
    );
    error(
        &edit("to = \"baku\"", "to = \"nowhere\""),
        23,
        6,
        "link 1 (\"aktau\" -> \"nowhere\"): unknown node \"nowhere\"",
        None,
    );
}

#[test]
fn unknown_node_written_as_a_name_hints_the_id() {
    error(
        &edit("from = \"aktau\"", "from = \"AQTAU\""),
        22,
        8,
        "link 1 (\"AQTAU\" -> \"baku\"): unknown node \"AQTAU\"",
        Some("did you mean \"aktau\"? links name nodes by id"),
    );
    error(
        &edit("to = \"baku\"", "to = \"Baku\""),
        23,
        6,
        "link 1 (\"aktau\" -> \"Baku\"): unknown node \"Baku\"",
        Some("did you mean \"baku\"?"),
    );
}

#[test]
fn coordinates_out_of_range() {
    error(
        &edit("lat = 43.682325", "lat = 91"),
        10,
        7,
        "node \"aktau\": lat 91 is out of range [-90, 90]",
        None,
    );
    error(
        &edit("lon = 49.887766", "lon = -180.5"),
        19,
        7,
        "node \"baku\": lon -180.5 is out of range [-180, 180]",
        None,
    );
    error(
        &edit(
            "source = \"test\"",
            "source = \"test\"\nwaypoints = [[50, 42], [200, 41]]",
        ),
        28,
        24,
        &format!("{FERRY}: waypoint 2 lon 200 is out of range [-180, 180]"),
        None,
    );
}

#[test]
fn non_finite_numbers() {
    error(
        &edit("lon = 51.212927", "lon = nan"),
        11,
        7,
        "node \"aktau\": lon must be a finite number",
        None,
    );
    error(
        &edit("cost_usd = 1100", "cost_usd = inf"),
        26,
        12,
        &format!("{FERRY}: cost_usd must be a finite number"),
        None,
    );
    error(
        &edit("hours = 22", "hours = 1e400"),
        25,
        9,
        &format!("{FERRY}: hours must be a finite number"),
        None,
    );
}

#[test]
fn negative_numbers() {
    error(
        &edit("lon = 51.212927", "lon = 51.212927\ntransfer_hours = -1"),
        12,
        18,
        "node \"aktau\": transfer_hours must not be negative",
        None,
    );
    error(
        &edit("cost_usd = 1100", "cost_usd = -5"),
        26,
        12,
        &format!("{FERRY}: cost_usd must not be negative"),
        None,
    );
    error(
        &edit(
            "name = \"Test\"",
            "name = \"Test\"\nco2_kg_per_container_km = { sea = -0.1 }",
        ),
        3,
        35,
        "network: co2_kg_per_container_km.sea must not be negative",
        None,
    );
}

#[test]
fn zero_hours() {
    error(
        &edit("hours = 22", "hours = 0"),
        25,
        9,
        &format!("{FERRY}: hours must be greater than 0"),
        None,
    );
}

#[test]
fn departures_must_be_positive() {
    error(
        &edit(
            "source = \"test\"",
            "source = \"test\"\ndepartures_per_week = 0",
        ),
        28,
        23,
        &format!("{FERRY}: departures_per_week must be greater than 0"),
        None,
    );
}

#[test]
fn unknown_mode_and_kind_hint_the_closest() {
    error(
        &edit("mode = \"ferry\"", "mode = \"fery\""),
        24,
        8,
        &format!("{FERRY}: unknown mode \"fery\""),
        Some("did you mean \"ferry\"?"),
    );
    error(
        &edit("mode = \"ferry\"", "mode = \"plane\""),
        24,
        8,
        &format!("{FERRY}: unknown mode \"plane\""),
        Some("expected one of: rail, road, ferry, sea"),
    );
    error(
        &edit("kind = \"port\"\nlat = 43", "kind = \"dry-port\"\nlat = 43"),
        9,
        8,
        "node \"aktau\": unknown kind \"dry-port\"",
        Some("did you mean \"dry_port\"? files write kinds with an underscore"),
    );
    error(
        &edit("kind = \"port\"\nlat = 43", "kind = \"RailHub\"\nlat = 43"),
        9,
        8,
        "node \"aktau\": unknown kind \"RailHub\"",
        Some("did you mean \"rail_hub\"? files write kinds with an underscore"),
    );
}

#[test]
fn invalid_id_characters() {
    // Links that name the bad id do not add "unknown node" errors.
    let text =
        edit("id = \"aktau\"", "id = \"Aktau\"").replace("from = \"aktau\"", "from = \"Aktau\"");
    error(
        &text,
        5,
        6,
        "node \"Aktau\": id may only contain a-z, 0-9, _ and -",
        Some("try \"aktau\""),
    );
    let text = format!(
        "{VALID}\n[[node]]\nid = \"Port of Aktau\"\nname = \"P\"\ncountry = \"KZ\"\nkind = \"port\"\nlat = 43.68\nlon = 51.21\n"
    );
    // The node is also cut off from the others, which is a warning.
    let d = diagnostics(&text);
    assert_eq!(d.len(), 2, "{d:#?}");
    check(
        &d[0],
        Severity::Error,
        30,
        6,
        "node \"Port of Aktau\": id may only contain a-z, 0-9, _ and -",
        Some("try \"port_of_aktau\""),
    );
    assert_eq!(d[1].severity, Severity::Warning);
    let text = format!(
        "{VALID}\n[[node]]\nid = \"\"\nname = \"P\"\ncountry = \"KZ\"\nkind = \"port\"\nlat = 43.68\nlon = 51.21\n"
    );
    error(&text, 30, 6, "node 3: id must not be empty", None);
}

#[test]
fn link_from_a_node_to_itself() {
    error(
        &edit("to = \"baku\"", "to = \"aktau\""),
        23,
        6,
        "link 1 (\"aktau\" -> \"aktau\"): from and to are the same node",
        None,
    );
}

#[test]
fn network_without_nodes_or_links() {
    let d = diagnostics("[network]\nname = \"Empty\"\n");
    assert_eq!(d.len(), 2, "{d:#?}");
    check(
        &d[0],
        Severity::Error,
        1,
        1,
        "network has no nodes",
        Some("add [[node]] entries with id, name, country, kind, lat and lon"),
    );
    check(
        &d[1],
        Severity::Error,
        1,
        1,
        "network has no links",
        Some("add [[link]] entries with from, to, mode, hours and cost_usd"),
    );
}

#[test]
fn gauge_only_on_rail_and_in_range() {
    error(
        &edit("source = \"test\"", "source = \"test\"\ngauge_mm = 1520"),
        28,
        12,
        &format!("{FERRY}: gauge_mm is only allowed on rail links"),
        Some("remove gauge_mm, or set mode = \"rail\""),
    );
    let rail = edit(
        "mode = \"ferry\"\nhours = 22",
        "mode = \"rail\"\nhours = 22\ngauge_mm = 100000000000000000000000000000",
    );
    error(
        &rail,
        26,
        12,
        "link 1 (\"aktau\" -> \"baku\"): gauge_mm 1e29 is outside the plausible range 500 to 2000",
        None,
    );
}

#[test]
fn country_codes_are_checked() {
    error(
        &edit("country = \"KZ\"", "country = \"kz\""),
        8,
        11,
        "node \"aktau\": country \"kz\" must be upper case",
        Some("did you mean \"KZ\"?"),
    );
    error(
        &edit("country = \"KZ\"", "country = \"KAZ\""),
        8,
        11,
        "node \"aktau\": unknown country code \"KAZ\"",
        Some("expected an ISO 3166-1 alpha-2 code such as \"KZ\""),
    );
    // A country's name is understood, and the code files use is suggested.
    error(
        &edit("country = \"KZ\"", "country = \"Kazakhstan\""),
        8,
        11,
        "node \"aktau\": unknown country code \"Kazakhstan\"",
        Some("did you mean \"KZ\" (Kazakhstan)? files write the ISO 3166-1 alpha-2 code"),
    );
    error(
        &edit("country = \"AZ\"", "country = \"Türkiye\""),
        16,
        11,
        "node \"baku\": unknown country code \"Türkiye\"",
        Some("did you mean \"TR\" (Türkiye)? files write the ISO 3166-1 alpha-2 code"),
    );
}

#[test]
fn a_key_too_deep_for_the_parser_is_reported_where_it_is() {
    let deep = vec!["a"; 50_000].join(".");
    let text = format!("{VALID}\n[[link]]\n{deep} = 1\n");
    let d = &diagnostics(&text)[0];
    assert_eq!((d.line, d.col), (30, 1), "{d}");
    assert_eq!(
        d.message,
        "invalid toml: a dotted key of 50000 parts is deeper than the parser reads (80 parts at \
         most)"
    );
    let text = format!("{VALID}\n[{}]\n", vec!["t"; 90].join("."));
    let d = &diagnostics(&text)[0];
    assert_eq!((d.line, d.col, d.span_chars), (29, 2, 179), "{d}");
}

#[test]
fn suggestions_prefer_the_closest_name() {
    let names: Vec<String> = (0..2_000).map(|i| format!("N{i}")).collect();
    let refs = names.iter().map(String::as_str);
    assert_eq!(
        corridor::network::closest("N1999x", refs.clone(), 3),
        ["N1999"]
    );
    assert_eq!(
        corridor::network::closest("N199", refs.clone(), 3),
        ["N199"]
    );
    assert!(corridor::network::closest("Vladivostok", refs, 3).is_empty());
    let cities = ["Bucharest", "Budapest", "Burgas", "Baku", "Aktau", "Aktobe"];
    assert_eq!(
        corridor::network::closest("Bucha", cities, 3),
        ["Bucharest"]
    );
    assert_eq!(corridor::network::closest("Aktua", cities, 3), ["Aktau"]);
    assert_eq!(
        corridor::network::closest("Akt", cities, 3),
        ["Aktau", "Aktobe"]
    );
}

#[test]
fn empty_names_and_aliases() {
    error(
        &edit("name = \"Baku\"", "name = \" \""),
        15,
        8,
        "node \"baku\": name must not be empty",
        None,
    );
    error(
        &edit("aliases = [\"Aqtau\"]", "aliases = [\"Aqtau\", \"\"]"),
        7,
        21,
        "node \"aktau\": alias 2 is empty",
        None,
    );
}

#[test]
fn all_problems_are_reported_at_once() {
    let text = edit("country = \"KZ\"", "country = \"kz\"")
        .replace("kind = \"port\"\nlat = 43", "kind = \"harbour\"\nlat = 43")
        .replace("lat = 40.381471", "lat = 140.381471")
        .replace("hours = 22", "hours = 0")
        .replace("mode = \"ferry\"", "mode = \"ferry\"\nspeed = 3");
    let d = diagnostics(&text);
    let at: Vec<(usize, usize)> = d.iter().map(|d| (d.line, d.col)).collect();
    assert_eq!(
        at,
        vec![(8, 11), (9, 8), (18, 7), (25, 1), (26, 9)],
        "{d:#?}"
    );
    assert!(d.iter().all(|d| d.severity == Severity::Error));
}

#[test]
fn errors_and_warnings_are_interleaved_in_file_order() {
    let text = edit("hours = 22", "hours = 2").replace("source = \"test\"\n", "")
        + "\n[[link]]\nfrom = \"aktau\"\nto = \"baku\"\nmode = \"ferry\"\nhours = 0\ncost_usd = 1\nsource = \"s\"\n";
    let d = diagnostics(&text);
    let got: Vec<(Severity, usize, usize)> =
        d.iter().map(|d| (d.severity, d.line, d.col)).collect();
    assert_eq!(
        got,
        vec![
            (Severity::Warning, 21, 1),
            (Severity::Warning, 25, 9),
            (Severity::Error, 32, 9)
        ],
        "{d:#?}"
    );
}

// ---- warnings, one kind per test ----

#[test]
fn distance_shorter_than_the_straight_line() {
    warning(
        &edit("source = \"test\"", "source = \"test\"\ndistance_km = 300"),
        28,
        15,
        &format!(
            "{FERRY}: distance_km 300 is shorter than the 383.0 km straight line between the nodes"
        ),
        Some("check distance_km and the nodes' coordinates, or leave distance_km out"),
    );
}

#[test]
fn implausible_speed() {
    warning(
        &edit("hours = 22", "hours = 2"),
        25,
        9,
        &format!(
            "{FERRY}: implied speed 191.5 km/h is outside the plausible range for ferry (5-45 km/h)"
        ),
        Some("check hours and distance_km (383.0 km in 2 h)"),
    );
}

#[test]
fn link_without_source() {
    warning(
        &edit("source = \"test\"\n", ""),
        21,
        1,
        &format!("{FERRY}: no source given"),
        Some("add source = \"...\" saying where the figures come from"),
    );
    warning(
        &edit("source = \"test\"", "source = \"\""),
        27,
        10,
        &format!("{FERRY}: source is empty"),
        None,
    );
}

#[test]
fn unreachable_nodes() {
    let island = "\n[[node]]\nid = \"kuryk\"\nname = \"Kuryk\"\ncountry = \"KZ\"\nkind = \"port\"\nlat = 43.17\nlon = 51.65\n";
    warning(
        &format!("{VALID}{island}"),
        30,
        6,
        "node \"kuryk\" is not connected to the rest of the network",
        Some("no chain of links joins it to the main part of the network"),
    );
    let one_way = "\n[[link]]\nfrom = \"aktau\"\nto = \"kuryk\"\nmode = \"road\"\nhours = 2\ncost_usd = 1\ntwo_way = false\nsource = \"s\"\n";
    warning(
        &format!("{VALID}{island}{one_way}"),
        30,
        6,
        "node \"kuryk\" cannot reach the rest of the network",
        Some("a one-way link (two_way = false) may run the wrong way"),
    );
    let wrong_way = one_way.replace(
        "from = \"aktau\"\nto = \"kuryk\"",
        "from = \"kuryk\"\nto = \"aktau\"",
    );
    let d = only(&format!("{VALID}{island}{wrong_way}"));
    check(
        &d,
        Severity::Warning,
        30,
        6,
        "node \"kuryk\" cannot be reached from the rest of the network",
        Some("a one-way link (two_way = false) may run the wrong way"),
    );
}

#[test]
fn shared_names_are_ambiguous() {
    warning(
        &edit("name = \"Baku\"", "name = \"Baku\"\naliases = [\"AQTAU\"]"),
        16,
        12,
        "node \"baku\": alias \"AQTAU\" is also a name of node \"aktau\"",
        Some("a search for \"AQTAU\" would be ambiguous"),
    );
}

// ---- files ----

fn temp_path(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("corridor-validation-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    dir.join(name)
}

#[test]
fn missing_file() {
    let err = load_file(Path::new("does/not/exist.toml"))
        .err()
        .unwrap_or_else(|| panic!("loaded"));
    assert_eq!(err.diagnostics.len(), 1);
    let d = &err.diagnostics[0];
    check(
        d,
        Severity::Error,
        0,
        0,
        "cannot read file: no such file",
        None,
    );
    assert_eq!(
        d.to_string(),
        "does/not/exist.toml: error: cannot read file: no such file"
    );
    assert_eq!(d.render(), d.to_string());
}

#[test]
fn directory_instead_of_a_file() {
    let dir = std::env::temp_dir();
    let err = load_file(&dir).err().unwrap_or_else(|| panic!("loaded"));
    check(
        &err.diagnostics[0],
        Severity::Error,
        0,
        0,
        "cannot read file: it is a directory",
        None,
    );
    assert_eq!(
        err.diagnostics[0].to_string(),
        format!(
            "{}: error: cannot read file: it is a directory",
            dir.display()
        )
    );
}

#[test]
fn bytes_that_are_not_utf8() {
    let path = temp_path("latin1.toml");
    std::fs::write(&path, b"[network]\nname = \"Constan\xfea\"\n")
        .unwrap_or_else(|e| panic!("{e}"));
    let err = load_file(&path).err().unwrap_or_else(|| panic!("loaded"));
    assert_eq!(err.diagnostics.len(), 1);
    let d = &err.diagnostics[0];
    check(
        d,
        Severity::Error,
        2,
        16,
        "file is not valid utf-8 (byte 0xfe)",
        Some("save the file as UTF-8"),
    );
    assert_eq!(
        d.source_line.as_deref(),
        Some("name = \"Constan\u{fffd}a\"")
    );
}

#[test]
fn empty_file() {
    let path = temp_path("empty.toml");
    std::fs::write(&path, "\n  \n").unwrap_or_else(|e| panic!("{e}"));
    let err = load_file(&path).err().unwrap_or_else(|| panic!("loaded"));
    assert_eq!(err.diagnostics.len(), 1);
    check(
        &err.diagnostics[0],
        Severity::Error,
        1,
        1,
        "file is empty",
        Some("a network file needs a [network] table, [[node]] and [[link]] entries"),
    );
}

#[test]
fn files_load_like_text() {
    let path = temp_path("valid.toml");
    std::fs::write(&path, VALID).unwrap_or_else(|e| panic!("{e}"));
    let loaded = load_file(&path).unwrap_or_else(|e| panic!("{}", e.render()));
    assert_eq!(
        loaded.network,
        load(VALID).map_or_else(|e| panic!("{}", e.render()), |l| l.network)
    );
    std::fs::write(&path, edit("hours = 22", "hours = 0")).unwrap_or_else(|e| panic!("{e}"));
    let err = load_file(&path).err().unwrap_or_else(|| panic!("loaded"));
    assert!(
        err.diagnostics[0]
            .to_string()
            .starts_with(&format!("{}:25:9: error: ", path.display()))
    );
}

#[test]
fn render_shows_source_and_hint() {
    let d = only(&edit("from = \"aktau\"", "from = \"aktua\""));
    let expected = "t.toml:22:8: error: link 1 (\"aktua\" -> \"baku\"): unknown node \"aktua\"\n   |\n22 | from = \"aktua\"\n   |        ^^^^^^^\n   = hint: did you mean \"aktau\"?";
    assert_eq!(d.render(), expected);
}

#[test]
fn fixtures_give_their_pinned_first_diagnostic() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bad_networks");
    let cases = [
        (
            "unknown_node.toml",
            "unknown_node.toml:22:8: error: link 1 (\"aktua\" -> \"baku\"): unknown node \"aktua\"",
        ),
        (
            "five_errors.toml",
            "five_errors.toml:8:11: error: node \"aktau\": country \"kz\" must be upper case",
        ),
        (
            "syntax.toml",
            "syntax.toml:2:13: error: invalid toml: invalid basic string, expected `\"`",
        ),
        (
            "control_name.toml",
            "control_name.toml:6:8: error: node \"a\": name contains U+001B (a control character)",
        ),
    ];
    for (file, expected) in cases {
        let err = load_file(&dir.join(file))
            .err()
            .unwrap_or_else(|| panic!("{file} loaded"));
        let first = err.diagnostics[0].to_string();
        assert!(first.ends_with(expected), "{first}");
    }
}

// ---- no input panics ----

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_text_never_panics(text in any::<String>()) {
        if let Err(e) = load_str(&text, "p.toml") {
            for d in &e.diagnostics {
                prop_assert!(d.line >= 1, "{d}");
                prop_assert!(d.col >= 1, "{d}");
                let _ = d.render();
            }
        }
    }

    #[test]
    fn toml_like_text_never_panics(text in "(\\[\\[?(network|node|link)\\]\\]?\n|[a-z_]{1,12} = (\"[a-zA-Z ]{0,6}\"|-?[0-9]{1,25}(\\.[0-9]+)?|nan|-inf|\\[\\[1, 2\\]\\]|true|\\{ rail = 1 \\})\n){0,40}") {
        if let Err(e) = load_str(&text, "p.toml") {
            prop_assert!(e.diagnostics.iter().all(|d| d.line >= 1 && d.col >= 1));
        }
    }

    #[test]
    fn edited_valid_file_never_panics(at in 0..VALID.len(), insert in "[\\[\\]\"=a-z0-9.\n -]{0,8}") {
        let mut text = VALID.as_bytes()[..at].to_vec();
        text.extend_from_slice(insert.as_bytes());
        text.extend_from_slice(&VALID.as_bytes()[at..]);
        let text = String::from_utf8_lossy(&text);
        if let Err(e) = load_str(&text, "p.toml") {
            prop_assert!(e.diagnostics.iter().all(|d| d.line >= 1 && d.col >= 1));
        }
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        let path = temp_path("bytes.toml");
        std::fs::write(&path, &bytes).map_err(|e| TestCaseError::fail(e.to_string()))?;
        if let Err(e) = load_file(&path) {
            let utf8 = std::str::from_utf8(&bytes).is_ok();
            for d in &e.diagnostics {
                prop_assert!(!utf8 || d.line >= 1, "{d}");
                let _ = d.render();
            }
        }
    }
}

#[test]
fn deep_nesting_and_huge_numbers_do_not_panic() {
    let deep = format!(
        "{VALID}x = {}{}\n",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    assert!(load(&deep).is_err());
    let deep = format!(
        "{VALID}x = {}{}\n",
        "{a=".repeat(100_000),
        "}".repeat(100_000)
    );
    assert!(load(&deep).is_err());
    let huge = edit("hours = 22", &format!("hours = {}", "9".repeat(5_000)));
    assert!(load(&huge).is_err());
    let huge = edit(
        "cost_usd = 1100",
        "cost_usd = 0x7FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF",
    );
    assert!(load(&huge).is_err());
}

#[test]
fn names_with_control_characters_are_refused() {
    for (written, shown) in [
        (r"A\u001b[31mRED\u0007", "U+001B (a control character)"),
        (r"Ak\ftau", "U+000C (a control character)"),
        (r"Aktau\uFFFE", "U+FFFE (a Unicode noncharacter)"),
        (r"Ak\ntau", "U+000A (a control character)"),
        (
            r"Ak\u202Etau",
            "U+202E (a bidirectional formatting character)",
        ),
    ] {
        error(
            &edit("name = \"Aktau\"", &format!("name = \"{written}\"")),
            6,
            8,
            &format!("node \"aktau\": name contains {shown}"),
            Some("names and ids are printed in tables, maps and messages: remove it"),
        );
    }
    error(
        &edit("aliases = [\"Aqtau\"]", "aliases = [\"Aq\\u0000tau\"]"),
        7,
        12,
        "node \"aktau\": aliases[0] contains U+0000 (a control character)",
        Some("names and ids are printed in tables, maps and messages: remove it"),
    );
    error(
        &edit("name = \"Test\"", "name = \"T\\u0085\""),
        2,
        8,
        "network: name contains U+0085 (a control character)",
        Some("names and ids are printed in tables, maps and messages: remove it"),
    );
    error(
        &edit("[[link]]\n", "[[link]]\nid = \"f\\u009b1m\"\n"),
        22,
        6,
        &format!("{FERRY}: id contains U+009B (a control character)"),
        Some("names and ids are printed in tables, maps and messages: remove it"),
    );
    // Letters of any script, marks and emoji are names like any other.
    assert!(load(&edit("name = \"Aktau\"", "name = \"Ақтау Portı 🚢\"")).is_ok());
    // A scenario's added node follows the same rule.
    let scenario = "[scenario]\nname = \"s\"\ndescription = \"d\"\nsources = [\"s\"]\n\
                    [[change]]\naction = \"add_node\"\nid = \"x\"\nname = \"X\\u001b[2J\"\n\
                    country = \"KZ\"\nkind = \"city\"\nlat = 43.0\nlon = 51.0\n";
    let err = corridor::scenario::load_str(scenario, "s.toml").expect_err("refused");
    let d = &err.diagnostics[0];
    assert_eq!((d.line, d.col), (8, 8), "{}", d.render());
    assert!(
        d.message
            .ends_with("name contains U+001B (a control character)"),
        "{}",
        d.message
    );
}

// ---- one range per figure, whatever the input path ----

#[test]
fn figures_beyond_their_bounds_are_errors_where_they_are_written() {
    error(
        &edit("hours = 22", "hours = 1e299"),
        25,
        9,
        &format!("{FERRY}: hours 1e299 is too large (at most 10,000 hours)"),
        None,
    );
    // A positive figure that rounds to nothing is refused like 0 is.
    for tiny in ["1e-300", "0.0001"] {
        error(
            &edit("hours = 22", &format!("hours = {tiny}")),
            25,
            9,
            &format!(
                "{FERRY}: hours {tiny} rounds to 0 seconds (at least half a second, 0.00014 \
                 hours, to count)"
            ),
            None,
        );
    }
    assert!(load(&edit("hours = 22", "hours = 0.00014")).is_ok());
    error(
        &edit(
            "source = \"test\"",
            "source = \"test\"\ndepartures_per_week = 1e-300",
        ),
        28,
        23,
        &format!("{FERRY}: departures_per_week 1e-300 is too small (at least 0.01 a week)"),
        None,
    );
    let both = diagnostics(&edit(
        "source = \"test\"",
        "source = \"test\"\ndistance_km = 1e12\nco2_kg_per_container_km = 1e12",
    ));
    let messages: Vec<&str> = both.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            format!("{FERRY}: distance_km 1e12 is too large (at most 100,000 km)"),
            format!(
                "{FERRY}: co2_kg_per_container_km 1e12 is too large (at most 100 kg per \
                 container-km)"
            ),
        ]
    );
    error(
        &edit(
            "name = \"Test\"",
            "name = \"Test\"\nco2_kg_per_container_km = { sea = 101 }",
        ),
        3,
        35,
        "network: co2_kg_per_container_km.sea 101 is too large (at most 100 kg per container-km)",
        None,
    );
    error(
        &edit("lon = 51.212927", "lon = 51.212927\ndwell_cost_usd = 2e6"),
        12,
        18,
        "node \"aktau\": dwell_cost_usd 2,000,000 is too large (at most 1,000,000 USD)",
        None,
    );
}

#[test]
fn scenario_figures_follow_the_same_bounds() {
    let head = "[scenario]\nname = \"s\"\ndescription = \"d\"\nsources = [\"s\"]\n";
    for (change, at, message) in [
        (
            "action = \"set_links\"\nmode = \"ferry\"\nhours = 1e299\n",
            (8, 9),
            "change 1 (set_links): hours value 1e299 is too large (at most 10,000 hours)",
        ),
        (
            "action = \"set_links\"\nmode = \"ferry\"\ndepartures_per_week = 1e-300\n",
            (8, 23),
            "change 1 (set_links): departures_per_week value 1e-300 is too small (at least 0.01 \
             a week)",
        ),
        (
            "action = \"scale_links\"\nmode = \"ferry\"\ncost_usd = 1e12\n",
            (8, 12),
            "change 1 (scale_links): cost_usd factor 1e12 is too large (at most 1,000 times)",
        ),
        (
            "action = \"set_nodes\"\nnode = \"aktau\"\ndwell_hours = 0.0001\n",
            (8, 15),
            "change 1 (set_nodes): dwell_hours value 0.0001 rounds to 0 seconds (at least half \
             a second, 0.00014 hours, to count)",
        ),
    ] {
        let text = format!("{head}[[change]]\n{change}");
        let err = corridor::scenario::load_str(&text, "s.toml").expect_err(message);
        let d = &err.diagnostics[0];
        assert_eq!(
            (d.line, d.col, d.message.as_str()),
            (at.0, at.1, message),
            "{}",
            d.render()
        );
    }
}

#[test]
fn a_network_too_large_to_sum_exactly_is_refused_at_its_header() {
    // Every figure at its largest: each directed link can add 1.6e14 to the balanced
    // criterion's generalised cost, 1.3e15 over the eight via layers a search may use, so
    // 7,022 directed links pass the 2^63 an exact sum and its A* estimate hold.
    let mut text = String::from("[network]\nname = \"heavy\"\n");
    for (id, lon) in [("a", 50.0), ("b", 51.0)] {
        let _ = write!(
            text,
            "[[node]]\nid = \"{id}\"\nname = \"{id}\"\ncountry = \"KZ\"\nkind = \"city\"\n\
             lat = 43.0\nlon = {lon}\ntransfer_hours = 10000\ntransfer_cost_usd = 1e6\n\
             dwell_hours = 10000\ndwell_cost_usd = 1e6\n"
        );
    }
    let link = "[[link]]\nfrom = \"a\"\nto = \"b\"\nmode = \"rail\"\nhours = 10000\n\
                cost_usd = 1e6\ndepartures_per_week = 0.01\nsource = \"t\"\n";
    let fits = format!("{text}{}", link.repeat(3_450));
    assert!(load(&fits).is_ok(), "6,900 directed links fit");
    let heavy = format!("{text}{}", link.repeat(3_550));
    let err = load(&heavy).expect_err("too large to sum");
    let errors: Vec<&Diagnostic> = err
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    assert_eq!(errors.len(), 1);
    let d = errors[0];
    assert_eq!((d.line, d.col), (1, 1), "{}", d.render());
    assert!(
        d.message
            .starts_with("the network's figures are too large to add exactly")
            && d.message.contains("generalised cost"),
        "{}",
        d.message
    );
}
