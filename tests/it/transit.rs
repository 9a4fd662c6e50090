//! Transit times a planner can promise: the network keys for delays, boxes left behind,
//! closures by month and driving-time rules (each checked at its exact position), the expected
//! hours searches rank by, and the simulated best, P50 and P90 beside them.

use corridor::network::{Crew, Diagnostic, LoadError, Loaded, Month, Monthly, Severity, load_str};
use corridor::search::{Constraints, Criterion, Planner};
use corridor::simulate::{Options, sample_hours, simulate};
use std::fmt::Write as _;

/// A valid network with every new key: a Caspian ferry with a delay by month, boxes left
/// behind and the weather of the `caspian` group; a port with a delay; a road link driven by a
/// crew of two.
const VALID: &str = r#"[network]
name = "Test"

[network.weather_groups.caspian]
closed_share = [0.30, 0.20, 0.15, 0.10, 0.08, 0.03, 0.03, 0.03, 0.05, 0.12, 0.20, 0.25]
mean_closure_hours = 60
source = "test"

[[node]]
id = "aktau"
name = "Aktau"
country = "KZ"
kind = "port"
lat = 43.682325
lon = 51.212927
delay_share = 0.5
delay_median_hours = 24
delay_p90_hours = 96

[[node]]
id = "alat"
name = "Alat"
country = "AZ"
kind = "port"
lat = 39.95
lon = 49.41
weather_group = "caspian"

[[node]]
id = "baku"
name = "Baku"
country = "AZ"
kind = "city"
lat = 40.38
lon = 49.89

[[link]]
from = "aktau"
to = "alat"
mode = "ferry"
hours = 21
cost_usd = 500
departures_per_week = 4.5
left_behind_share = 0.25
delay_median_hours = 3
delay_p90_hours = [8, 8, 8, 8, 6, 6, 6, 6, 6, 8, 8, 8]
weather_group = "caspian"
source = "test"

[[link]]
from = "alat"
to = "baku"
mode = "road"
hours = 1.5
cost_usd = 100
drivers = 2
source = "test"
"#;

/// `VALID` with `old` (which must occur once) replaced by `new`.
fn edit(old: &str, new: &str) -> String {
    assert_eq!(VALID.matches(old).count(), 1, "{old:?} must occur once");
    VALID.replacen(old, new, 1)
}

fn load(text: &str) -> Result<Loaded, LoadError> {
    load_str(text, "t.toml")
}

/// The errors of a text that must not load.
fn errors(text: &str) -> Vec<Diagnostic> {
    match load(text) {
        Ok(_) => panic!("the text loaded"),
        Err(e) => e
            .diagnostics
            .into_iter()
            .filter(|d| d.severity == Severity::Error)
            .collect(),
    }
}

/// The one error of `text`: at `line:col`, saying `message`.
#[track_caller]
fn error_at(text: &str, line: usize, col: usize, message: &str) {
    let errors = errors(text);
    assert_eq!(errors.len(), 1, "{errors:#?}");
    let d = &errors[0];
    assert_eq!(
        (d.line, d.col, d.message.as_str()),
        (line, col, message),
        "{d:#?}"
    );
}

#[test]
fn every_new_key_is_read_into_the_model() {
    let net = load(VALID).expect("valid").network;
    assert_eq!(net.weather_groups.len(), 1);
    let caspian = &net.weather_groups[0];
    assert_eq!(caspian.id, "caspian");
    let january = Month::new(0).expect("January");
    assert!((caspian.closed_share.at(january) - 0.30).abs() < 1e-12);
    assert_eq!(caspian.mean_closure_hours, Monthly::Flat(60.0));
    let aktau = &net.nodes[0];
    let delay = aktau.variability.delay.as_ref().expect("a node delay");
    assert_eq!(delay.share, Monthly::Flat(0.5));
    assert_eq!(net.nodes[1].variability.weather_group, Some(0));
    let ferry = &net.links[0];
    assert_eq!(ferry.variability.left_behind_share, Monthly::Flat(0.25));
    assert_eq!(ferry.variability.weather_group, Some(0));
    let delay = ferry.variability.delay.as_ref().expect("a link delay");
    assert_eq!(delay.share, Monthly::Flat(1.0), "no share given: always");
    assert!((delay.p90_hours.at(Month::new(5).expect("June")) - 6.0).abs() < 1e-12);
    assert_eq!(net.links[2].crew, Crew::Double);
    assert_eq!(net.links[2].crew.drivers(), 2);
}

#[test]
fn operators_are_names_read_into_the_model() {
    let text = edit(
        "drivers = 2\n",
        "drivers = 2\noperator = \"road haulier\"\n",
    );
    let net = load(&text).expect("valid").network;
    assert_eq!(net.links[2].operator.as_deref(), Some("road haulier"));
    assert_eq!(net.links[0].operator, None);
    let text = edit("drivers = 2\n", "drivers = 2\noperator = 7\n");
    let line = text
        .lines()
        .position(|l| l == "operator = 7")
        .expect("the line")
        + 1;
    let errors = errors(&text);
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!((errors[0].line, errors[0].col), (line, 12), "{errors:#?}");
    assert!(errors[0].message.contains("operator"), "{errors:#?}");
}

#[test]
fn weather_group_figures_are_checked_month_by_month() {
    error_at(
        &edit("0.30, 0.20, 0.15", "0.30, 0.95, 0.15"),
        5,
        23,
        "weather group \"caspian\": closed_share (February) 0.95 is too large (at most 0.9)",
    );
    error_at(
        &edit(
            "0.30, 0.20, 0.15, 0.10, 0.08, 0.03, 0.03, 0.03, 0.05, 0.12, 0.20, 0.25]",
            "0.3, 0.2]",
        ),
        5,
        16,
        "weather group \"caspian\": closed_share: expected one number or 12 (January to \
         December), found 2 numbers",
    );
    error_at(
        &edit("mean_closure_hours = 60", "mean_closure_hours = 0"),
        6,
        22,
        "weather group \"caspian\": mean_closure_hours must be greater than 0",
    );
    error_at(
        &edit("mean_closure_hours = 60\n", ""),
        4,
        1,
        "weather group \"caspian\": missing key \"mean_closure_hours\"",
    );
    error_at(
        &edit(
            "source = \"test\"\n\n[[node]]",
            "sauce = \"test\"\n\n[[node]]",
        ),
        7,
        1,
        "weather group \"caspian\": unknown key \"sauce\"",
    );
}

#[test]
fn delays_are_a_median_and_a_p90_together() {
    error_at(
        &edit("delay_median_hours = 24", "delay_median_hours = -1"),
        17,
        22,
        "node \"aktau\": delay_median_hours must be greater than 0",
    );
    error_at(
        &edit("delay_p90_hours = 96", "delay_p90_hours = 12"),
        18,
        19,
        "node \"aktau\": delay_p90_hours 12 is below delay_median_hours 24",
    );
    error_at(
        &edit("delay_p90_hours = 96\n", ""),
        17,
        22,
        "node \"aktau\": delay_median_hours without delay_p90_hours",
    );
    error_at(
        &edit("delay_share = 0.5", "delay_share = 1.5"),
        16,
        15,
        "node \"aktau\": delay_share 1.5 is too large (at most 1)",
    );
    error_at(
        &edit(
            "delay_share = 0.5\ndelay_median_hours = 24\ndelay_p90_hours = 96\n",
            "delay_share = 0.5\n",
        ),
        16,
        15,
        "node \"aktau\": delay_share without a delay",
    );
    // A lognormal's mean grows with e^(σ²/2): a P90 of 9,000 hours over a median of 24
    // hours means about a million hours.
    error_at(
        &edit("delay_p90_hours = 96", "delay_p90_hours = 9000"),
        18,
        19,
        "node \"aktau\": a delay with median 24 and P90 9,000 hours has a mean of 1,058,607 \
         hours, above the 10,000 hours a figure may hold",
    );
    error_at(
        &edit("[8, 8, 8, 8, 6,", "[8, 8, 8, 8, 2,"),
        46,
        32,
        "link 1 (\"aktau\" -> \"alat\"): delay_p90_hours 2 is below delay_median_hours 3 in May",
    );
}

#[test]
fn boxes_are_left_behind_only_by_scheduled_services() {
    error_at(
        &edit("departures_per_week = 4.5\n", ""),
        43,
        21,
        "link 1 (\"aktau\" -> \"alat\"): left_behind_share needs departures_per_week",
    );
    error_at(
        &edit("left_behind_share = 0.25", "left_behind_share = 0.95"),
        44,
        21,
        "link 1 (\"aktau\" -> \"alat\"): left_behind_share 0.95 is too large (at most 0.9)",
    );
    let on_a_node = edit(
        "weather_group = \"caspian\"\n\n[[node]]",
        "left_behind_share = 0.1\n\n[[node]]",
    );
    let errors = errors(&on_a_node);
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!(
        errors[0].message,
        "node \"alat\": unknown key \"left_behind_share\""
    );
    assert_eq!((errors[0].line, errors[0].col), (27, 1));
}

#[test]
fn weather_groups_must_exist() {
    error_at(
        &edit(
            "weather_group = \"caspian\"\nsource",
            "weather_group = \"caspain\"\nsource",
        ),
        47,
        17,
        "link 1 (\"aktau\" -> \"alat\"): unknown weather group \"caspain\"",
    );
    let errors = errors(&edit(
        "weather_group = \"caspian\"\nsource",
        "weather_group = \"caspain\"\nsource",
    ));
    assert_eq!(errors[0].hint.as_deref(), Some("did you mean \"caspian\"?"));
}

#[test]
fn drivers_are_one_or_two_on_road_links() {
    error_at(
        &edit("drivers = 2", "drivers = 3"),
        56,
        11,
        "link 2 (\"alat\" -> \"baku\"): drivers must be 1 or 2, got 3",
    );
    error_at(
        &edit("mode = \"road\"", "mode = \"rail\""),
        56,
        11,
        "link 2 (\"alat\" -> \"baku\"): drivers is only allowed on road links",
    );
    error_at(
        &edit("drivers = 2", "drivers = 1.5"),
        56,
        11,
        "link 2 (\"alat\" -> \"baku\"): drivers: expected an integer, found a float",
    );
}

#[test]
fn expected_hours_add_every_expected_wait_and_best_hours_none() {
    let net = load(VALID).expect("valid").network;
    let planner = Planner::new(&net);
    let (aktau, baku) = (0, 2);
    let route = planner
        .best(aktau, baku, Criterion::Time, &Constraints::default())
        .expect("a route");
    let hours = |s: u64| s as f64 / 3600.0;
    // Best case: 21 h at sea, then 1.5 h of driving with a crew of two (18 h of driving per
    // 30): 2.5 h.
    assert!((hours(route.metrics.best_seconds) - (21.0 + 2.5)).abs() < 1e-3);
    // Expected, with the year's average figures: boarding wait 84 / 4.5 = 18.67 h; boxes left
    // behind 0.25 / 0.75 headways of 37.33 h = 12.44 h; the caspian group closed (share ×
    // 60 h averaged over the months: 1.54 / 12 × 60 = 7.7 h) on the ferry and again at Alat;
    // the ferry's delay: median 3 h, P90 8 h (6 h from May to September).
    let sigma = |p90: f64| (p90 / 3.0_f64).ln() / 1.281_551_565_544_600_5;
    let delay = (7.0 * 3.0 * (sigma(8.0).powi(2) / 2.0).exp()
        + 5.0 * 3.0 * (sigma(6.0).powi(2) / 2.0).exp())
        / 12.0;
    let closure = 1.54 / 12.0 * 60.0;
    let expected = 21.0 + 84.0 / 4.5 + 168.0 / 4.5 * 0.25 / 0.75 + closure + delay + closure + 2.5;
    assert!(
        (hours(route.metrics.seconds) - expected).abs() < 2e-3,
        "{} against {expected}",
        hours(route.metrics.seconds)
    );
    // In January the group is closed 30 % of the time: more.
    let january = Planner::for_month(&net, Month::new(0));
    let winter = january
        .best(aktau, baku, Criterion::Time, &Constraints::default())
        .expect("a route");
    assert!(winter.metrics.seconds > route.metrics.seconds);
    assert_eq!(winter.metrics.best_seconds, route.metrics.best_seconds);
}

/// A network of `links` (TOML `[[link]]` bodies) between nodes n0, n1, n2, ... on a line, with
/// optional extra `[network]` text (weather groups).
fn line_network(groups: &str, nodes: usize, links: &[&str]) -> corridor::network::Network {
    let mut text = format!("[network]\nname = \"line\"\n{groups}\n");
    for i in 0..nodes {
        let _ = write!(
            text,
            "[[node]]\nid = \"n{i}\"\nname = \"N{i}\"\ncountry = \"KZ\"\nkind = \"port\"\n\
             lat = 43.0\nlon = {}\n",
            50.0 + i as f64 * 0.5
        );
    }
    for (i, body) in links.iter().enumerate() {
        let _ = write!(
            text,
            "[[link]]\nfrom = \"n{i}\"\nto = \"n{}\"\ncost_usd = 1\nsource = \"test\"\n{body}\n",
            i + 1
        );
    }
    load_str(&text, "line.toml").expect("a valid line").network
}

fn best_route(net: &corridor::network::Network) -> corridor::search::Route {
    Planner::new(net)
        .best(
            0,
            net.nodes.len() - 1,
            Criterion::Time,
            &Constraints::default(),
        )
        .expect("a route")
}

/// The value at quantile `q` of `xs`, by nearest rank.
fn quantile(xs: &mut [f64], q: f64) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs[((q * xs.len() as f64).ceil() as usize).max(1) - 1]
}

#[test]
fn one_delay_has_its_stated_median_and_p90_in_the_samples() {
    let net = line_network(
        "",
        2,
        &["mode = \"rail\"\nhours = 10\ndelay_median_hours = 30\ndelay_p90_hours = 110"],
    );
    let route = best_route(&net);
    let options = Options {
        samples: 100_000,
        ..Options::default()
    };
    let mut delays: Vec<f64> = sample_hours(&net, &route, &options)
        .into_iter()
        .map(|h| h - 10.0)
        .collect();
    let median = quantile(&mut delays, 0.5);
    let p90 = quantile(&mut delays, 0.9);
    assert!((median / 30.0 - 1.0).abs() < 0.02, "median {median}");
    assert!((p90 / 110.0 - 1.0).abs() < 0.02, "P90 {p90}");
}

#[test]
fn the_simulated_mean_is_the_expected_hours_of_the_search() {
    // A delayed port, a scheduled ferry that leaves boxes behind and closes with the weather,
    // a border with a delay that is usually none, and a truck with one driver.
    let net = line_network(
        "[network.weather_groups.storm]\nclosed_share = 0.15\nmean_closure_hours = 40\n",
        4,
        &[
            "mode = \"rail\"\nhours = 30",
            "mode = \"ferry\"\nhours = 21\ndepartures_per_week = 4.5\nleft_behind_share = 0.3\n\
             weather_group = \"storm\"\ndelay_median_hours = 3\ndelay_p90_hours = 8",
            "mode = \"road\"\nhours = 20\ndelay_share = 0.3\ndelay_median_hours = 12\n\
             delay_p90_hours = 48",
        ],
    );
    let route = best_route(&net);
    let expected = route.metrics.hours();
    let outcome = simulate(
        &net,
        &route,
        &Options {
            samples: 200_000,
            ..Options::default()
        },
    );
    assert!(
        (outcome.mean_hours / expected - 1.0).abs() < 0.01,
        "simulated {} against expected {expected}",
        outcome.mean_hours
    );
    assert!(route.metrics.best_hours() <= outcome.p50_hours);
    assert!(outcome.p50_hours <= outcome.p90_hours);
}

#[test]
fn two_links_of_one_weather_group_are_closed_together() {
    // Two short crossings in a row, both stopped by the same storms: closed half the time,
    // 100 hours a closure. A box that waited for the first finds the second open (it has just
    // reopened): about 50 hours of waiting in all, where closures drawn per link would give
    // about 100.
    let storm = "[network.weather_groups.storm]\nclosed_share = 0.5\nmean_closure_hours = 100\n";
    let crossing = "mode = \"ferry\"\nhours = 1\nweather_group = \"storm\"";
    let net = line_network(storm, 3, &[crossing, crossing]);
    let route = best_route(&net);
    let outcome = simulate(
        &net,
        &route,
        &Options {
            samples: 50_000,
            ..Options::default()
        },
    );
    let waiting = outcome.mean_hours - 2.0;
    assert!(
        (40.0..62.0).contains(&waiting),
        "{waiting} hours waiting for two crossings of one storm"
    );
}

#[test]
fn short_closures_far_into_a_month_are_drawn_at_the_right_share() {
    // Closures of 36 seconds, half the time: a box reaching the crossing weeks into a month is
    // thousands of spells from the month's start. Closed for half the boxes, 36 seconds of
    // waiting for those, as the search expects.
    let storm = "[network.weather_groups.storm]\nclosed_share = 0.5\nmean_closure_hours = 0.01\n";
    let net = line_network(
        storm,
        3,
        &[
            "mode = \"rail\"\nhours = 600",
            "mode = \"ferry\"\nhours = 1\nweather_group = \"storm\"",
        ],
    );
    let route = best_route(&net);
    let samples = 100_000;
    let hours = sample_hours(
        &net,
        &route,
        &Options {
            samples,
            ..Options::default()
        },
    );
    let waits: Vec<f64> = hours.iter().map(|h| h - 601.0).collect();
    let closed = waits.iter().filter(|&&w| w > 1e-9).count() as f64 / samples as f64;
    assert!(
        (closed - 0.5).abs() < 0.01,
        "closed for {closed} of the boxes"
    );
    let mean = waits.iter().sum::<f64>() / samples as f64;
    let expected = route.metrics.hours() - 601.0;
    assert!(
        (mean / 0.005 - 1.0).abs() < 0.03 && (expected / 0.005 - 1.0).abs() < 0.2,
        "waited {mean} hours on average, the search expects {expected}"
    );
}

#[test]
fn simulations_depend_on_the_seed_and_never_on_the_threads() {
    let net = corridor::network::load_bundled().expect("bundled").network;
    let (from, to) = (
        net.resolve("Almaty").expect("Almaty"),
        net.resolve("Poti").expect("Poti"),
    );
    let route = Planner::new(&net)
        .best(from, to, Criterion::Time, &Constraints::default())
        .expect("a route");
    let options = Options {
        samples: 5_000,
        seed: 7,
        depart: Some("2026-12-02".parse().expect("a date")),
        deadline: Some("2026-12-20".parse().expect("a date")),
    };
    let run = |threads: usize| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("a pool")
            .install(|| sample_hours(&net, &route, &options))
    };
    let one = run(1);
    assert_eq!(one, run(4));
    let other_seed = sample_hours(&net, &route, &Options { seed: 8, ..options });
    assert_ne!(one, other_seed);
    let outcome = simulate(&net, &route, &options);
    let p = outcome.on_time_probability.expect("a deadline");
    assert!((0.0..=1.0).contains(&p));
    let later = simulate(
        &net,
        &route,
        &Options {
            deadline: Some("2027-01-31".parse().expect("a date")),
            ..options
        },
    );
    assert!(later.on_time_probability.expect("a deadline") >= p);
}

/// `corridor route …` with `args`, in JSON.
fn route_json(args: &[&str], env: &[(&str, &str)]) -> serde_json::Value {
    let mut all = vec!["route"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "json"]);
    let o = crate::cli::corridor_with_env(&all, env);
    assert_eq!(o.status.code(), Some(0), "{}", crate::cli::stderr(&o));
    serde_json::from_slice(&o.stdout).expect("JSON")
}

#[test]
fn every_route_has_its_best_expected_and_late_case() {
    let v = route_json(&["--from", "Almaty", "--to", "Bucharest"], &[]);
    assert_eq!(v["query"]["simulation"]["samples"], 10_000);
    assert_eq!(v["query"]["simulation"]["seed"], 1);
    for r in v["routes"].as_array().expect("routes") {
        let figure = |k: &str| r[k].as_f64().unwrap_or_else(|| panic!("{k} in {r}"));
        let (best, expected) = (figure("best_days"), figure("days"));
        let (p50, p90) = (figure("p50_days"), figure("p90_days"));
        assert!(best <= expected && best <= p50 && p50 <= p90, "{r}");
        assert!(
            r.get("on_time_probability").is_none(),
            "no deadline, no share"
        );
    }
}

#[test]
fn a_departure_date_and_a_deadline_give_each_route_its_chance_on_time() {
    let args = [
        "--from",
        "Almaty",
        "--to",
        "Poti",
        "--depart",
        "2026-12-02",
        "--deadline",
        "2026-12-09",
        "-k",
        "3",
    ];
    let v = route_json(&args, &[]);
    assert_eq!(v["query"]["depart"], "2026-12-02");
    assert_eq!(v["query"]["deadline"], "2026-12-09");
    for r in v["routes"].as_array().expect("routes") {
        let p = r["on_time_probability"].as_f64().expect("a share on time");
        assert!((0.0..=1.0).contains(&p));
    }
    let o = crate::cli::corridor(&[
        "route",
        "--from",
        "Almaty",
        "--to",
        "Poti",
        "--deadline",
        "2026-12-09",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(crate::cli::stderr(&o).contains("--depart"));
    let o = crate::cli::corridor(&[
        "route",
        "--from",
        "Almaty",
        "--to",
        "Poti",
        "--depart",
        "2026-12-09",
        "--deadline",
        "2026-12-02",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(crate::cli::stderr(&o).contains("is before --depart"));
    let o = crate::cli::corridor(&[
        "route",
        "--from",
        "Almaty",
        "--to",
        "Poti",
        "--depart",
        "2026-02-30",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(crate::cli::stderr(&o).contains("not a day of the calendar"));
}

#[test]
fn the_late_case_is_the_same_for_a_seed_whatever_the_threads() {
    let args = [
        "--from",
        "Xi'an",
        "--to",
        "Constanța",
        "--samples",
        "3000",
        "--seed",
        "42",
        "--depart",
        "2027-01-15",
    ];
    let mut all = vec!["route"];
    all.extend_from_slice(&args);
    let one = crate::cli::corridor_with_env(&all, &[("RAYON_NUM_THREADS", "1")]);
    let four = crate::cli::corridor_with_env(&all, &[("RAYON_NUM_THREADS", "4")]);
    assert_eq!(one.status.code(), Some(0));
    assert_eq!(one.stdout, four.stdout);
    let v = route_json(&args, &[]);
    assert_eq!(v["query"]["simulation"]["samples"], 3_000);
    assert_eq!(v["query"]["simulation"]["seed"], 42);
}

#[test]
fn reliable_re_ranks_the_fastest_routes_by_p90() {
    let v = route_json(
        &[
            "--from",
            "Xi'an",
            "--to",
            "Constanța",
            "--optimize",
            "reliable",
            "-k",
            "6",
        ],
        &[],
    );
    assert_eq!(v["query"]["reliable_among"], 6);
    let routes = v["routes"].as_array().expect("routes");
    assert_eq!(routes.len(), 6);
    let p90: Vec<f64> = routes
        .iter()
        .map(|r| r["p90_hours"].as_f64().expect("a P90"))
        .collect();
    assert!(p90.windows(2).all(|w| w[0] <= w[1]), "{p90:?}");
    let notes = v["notes"].to_string();
    assert!(
        notes.contains("re-ranked by P90 among the 6 fastest"),
        "{notes}"
    );
}

/// `corridor compare …` with `args`, in JSON.
fn compare_json(args: &[&str]) -> serde_json::Value {
    let mut all = vec!["compare"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "json"]);
    let o = crate::cli::corridor(&all);
    assert_eq!(o.status.code(), Some(0), "{}", crate::cli::stderr(&o));
    serde_json::from_slice(&o.stdout).expect("JSON")
}

#[test]
fn compare_gives_each_best_route_the_late_case_route_gives_it() {
    let pair = ["--from", "Almaty", "--to", "Poti"];
    let sim = ["--samples", "2000", "--seed", "7"];
    let route = route_json(&[&pair[..], &sim[..]].concat(), &[]);
    let fastest = &route["routes"][0];
    let v = compare_json(&[&pair[..], &sim[..], &["--scenario", "caspian_winter"]].concat());
    let rows = &v["pairs"][0]["results"];
    assert_eq!(rows[0]["scenario"], "baseline");
    assert_eq!(rows[0]["days"], fastest["days"], "{v}");
    assert_eq!(rows[0]["p90_days"], fastest["p90_days"], "{v}");
    // A storm season on the Caspian, on a pair that must cross it, moves the late case more
    // than the expected transit.
    let delta = &rows[1]["delta"];
    let delta_days = delta["days"].as_f64().expect("a change in days");
    let delta_p90 = delta["p90_days"].as_f64().expect("a P90 change");
    assert!(delta_p90 > delta_days && delta_days > 0.0, "{v}");
    // Without the late case the columns are gone, not zero.
    let v = compare_json(
        &[
            &pair[..],
            &["--scenario", "caspian_winter", "--no-late-case"],
        ]
        .concat(),
    );
    let rows = &v["pairs"][0]["results"];
    assert!(
        rows[0]
            .get("p90_days")
            .is_none_or(serde_json::Value::is_null),
        "{v}"
    );
    let o = crate::cli::corridor(&[
        "compare",
        "--from",
        "Almaty",
        "--to",
        "Poti",
        "--scenario",
        "caspian_winter",
        "--no-late-case",
    ]);
    assert!(!crate::cli::stdout(&o).contains("P90"));
}

#[test]
fn the_build_up_tells_waits_from_delays() {
    let net = load(VALID).expect("valid").network;
    let dir = std::env::temp_dir().join(format!("corridor-waits-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("t.toml");
    std::fs::write(&path, VALID).expect("write");
    let v = route_json(
        &[
            "--network",
            &path.to_string_lossy(),
            "--from",
            "Aktau",
            "--to",
            "Baku",
            "-k",
            "1",
        ],
        &[],
    );
    let _ = std::fs::remove_dir_all(&dir);
    let tenths = |x: f64| (x * 10.0).round() / 10.0;
    let ferry = &net.links[0];
    let (delay, extra) = (
        ferry.variability.expected_delay_hours(None),
        net.link_extra_hours(ferry, None),
    );
    let leg = &v["routes"][0]["legs"][0];
    assert_eq!(leg["delay_hours"].as_f64(), Some(tenths(delay)), "{leg}");
    // The waits: half the headway, the boxes left behind and the storms, not the delay.
    assert_eq!(
        leg["wait_hours"].as_f64(),
        Some(tenths(extra - delay)),
        "{leg}"
    );
    assert!(delay > 0.0 && extra - delay > 84.0 / 4.5, "{leg}");
    // Alat has no delay of its own: its extra hours are the caspian group's closure waits.
    let alat = &v["routes"][0]["stops"][0];
    assert_eq!(
        alat["delay_hours"].as_f64(),
        Some(tenths(net.node_extra_hours(&net.nodes[1], None))),
        "{alat}"
    );
    assert_eq!(alat["dwell_hours"].as_f64(), Some(0.0), "{alat}");
}
