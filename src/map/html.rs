//! Self-contained HTML pages: the scenario comparison (summary, a table per pair, the baseline
//! route and the routes scenarios change on maps side by side, the invariant checks) and a
//! single route report.
//! Everything is inline (styles and SVG maps), so a page opens offline and can be mailed as
//! one file; the output is deterministic.

use super::svg::escape;
use super::{MapOptions, closed_note, draw, route_map_svg, route_scene, scenario_route_map_svg};
use crate::batch::{Comparison, InvariantCheck, Pair, Status, invariants_table};
use crate::network::Network;
use crate::report::{Quantity, Report, to_table};
use crate::search::{Constraints, Criterion, Planner};
use std::fmt::Write;

/// How the comparison page is laid out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HtmlOptions {
    /// Maps are drawn for at most this many pairs (the first ones); tables cover every pair.
    pub max_map_pairs: usize,
    /// Width of each map in pixels (the page scales them to the window).
    pub map_width_px: u32,
}

impl Default for HtmlOptions {
    fn default() -> Self {
        HtmlOptions {
            max_map_pairs: 10,
            map_width_px: 760,
        }
    }
}

const STYLE: &str = "body{font-family:'DejaVu Sans',Helvetica,Arial,sans-serif;margin:24px;color:#222;max-width:1800px}\
h1{font-size:24px;margin:0 0 4px}h2{font-size:19px;margin:28px 0 8px;border-top:1px solid #ccc;padding-top:16px}\
p.lead{color:#555;margin:0 0 16px}table{border-collapse:collapse;font-size:13px;margin:6px 0 12px}\
th,td{border:1px solid #d6d6d6;padding:4px 8px;text-align:right;vertical-align:top}\
th{background:#f2f2f2}td.name,th.name,td.text{text-align:left}\
td.worse{color:#b2182b}td.better{color:#1a7837}tr.lost td{background:#fdecea}\
.maps{display:grid;grid-template-columns:repeat(auto-fit,minmax(460px,1fr));gap:16px;margin:8px 0}\
figure{margin:0;border:1px solid #ddd;padding:8px;background:#fff}figcaption{font-weight:bold;margin:0 0 6px}\
figure svg{width:100%;height:auto;display:block}svg.defs{position:absolute;width:0;height:0;overflow:hidden}\
p.same{color:#444;margin:4px 0}pre{background:#f7f7f7;padding:10px;font-size:12px;overflow-x:auto}\
p.none{color:#777;font-style:italic}";

fn page_start(out: &mut String, title: &str) {
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        escape(title)
    );
}

/// A delta cell of `base` units of `q` (seconds for days, cents for USD, grams for kg), rounded
/// as every report rounds: red when the scenario is worse (more), green when better.
fn delta_cell(q: Quantity, base: Option<i128>) -> String {
    match base {
        None => "<td></td>".to_string(),
        Some(v) => {
            let text = q.signed(v);
            let class = if text == "0" {
                ""
            } else if v > 0 {
                " class=\"worse\""
            } else {
                " class=\"better\""
            };
            format!("<td{class}>{}</td>", text.replace('-', "−"))
        }
    }
}

/// A delta cell of a count (transfers).
fn count_delta_cell(delta: Option<i64>) -> String {
    match delta {
        None => "<td></td>".to_string(),
        Some(0) => "<td>0</td>".to_string(),
        Some(v) if v > 0 => format!("<td class=\"worse\">+{v}</td>"),
        Some(v) => format!("<td class=\"better\">−{}</td>", v.unsigned_abs()),
    }
}

/// Hours as whole seconds, for a delta cell.
fn seconds_of_hours(hours: Option<f64>) -> Option<i128> {
    hours.map(|h| (h * 3_600.0).round() as i128)
}

fn summary_table(out: &mut String, comparison: &Comparison) {
    if comparison.scenarios.len() < 2 {
        return;
    }
    out.push_str(
        "<h2>Summary</h2>\n<p class=\"lead\">Affected: pairs whose best route changed. Means are over \
         affected pairs with a route before and after.</p>\n<table>\n<tr><th class=\"name\">scenario</th>\
         <th>affected</th><th>new gateways</th><th>lost</th><th>gained</th><th>mean change in days</th>\
         <th>mean change in P90 days</th><th>mean change in USD</th></tr>\n",
    );
    for s in 1..comparison.scenarios.len() {
        let sm = comparison.summary(s);
        let _ = writeln!(
            out,
            "<tr><td class=\"name\">{}</td><td>{}/{}</td><td>{}</td><td>{}</td><td>{}</td>{}{}{}</tr>",
            escape(&sm.scenario),
            sm.affected,
            sm.pairs,
            sm.gateway_changes,
            sm.lost,
            sm.gained,
            delta_cell(Quantity::Days, seconds_of_hours(sm.mean_delta_hours)),
            delta_cell(Quantity::Days, seconds_of_hours(sm.mean_delta_p90_hours)),
            delta_cell(
                Quantity::Usd,
                sm.mean_delta_cost_usd.map(|c| (c * 100.0).round() as i128)
            ),
        );
    }
    out.push_str("</table>\n");
}

fn pair_table(out: &mut String, comparison: &Comparison, p: usize) {
    out.push_str(
        "<table>\n<tr><th class=\"name\">scenario</th><th>days</th><th>change</th><th>P90 days</th>\
         <th>change</th><th>USD per FEU</th><th>change</th><th>transfers</th><th>change</th>\
         <th>kg CO2e</th><th>change</th><th class=\"name\">status</th><th class=\"name\">gateways</th></tr>\n",
    );
    for s in 0..comparison.scenarios.len() {
        let row = comparison.row(s, p);
        let name = escape(&comparison.scenarios[s]);
        let Some(best) = row.best else {
            let class = if row.status == Status::Lost {
                " class=\"lost\""
            } else {
                ""
            };
            let _ = writeln!(
                out,
                "<tr{class}><td class=\"name\">{name}</td><td colspan=\"10\" class=\"text\">no route</td>\
                 <td class=\"name\">{}</td><td></td></tr>",
                row.status.as_str()
            );
            continue;
        };
        let m = best.metrics;
        let d = row.delta.filter(|_| s > 0);
        let gateways = match &row.gateway_change {
            Some(change) => change.clone(),
            None if s > 0 && row.status != Status::Gained => "same".to_string(),
            None => best
                .gateways
                .iter()
                .map(|g| g.name.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        };
        let _ = writeln!(
            out,
            "<tr><td class=\"name\">{name}</td><td>{}</td>{}<td>{}</td>{}<td>{}</td>{}<td>{}</td>{}<td>{}</td>{}\
             <td class=\"name\">{}</td><td class=\"text\">{}</td></tr>",
            Quantity::Days.text(m.seconds),
            delta_cell(Quantity::Days, d.map(|d| i128::from(d.seconds))),
            best.p90_seconds
                .map_or_else(|| "-".to_owned(), |s| Quantity::Days.text(s)),
            delta_cell(
                Quantity::Days,
                d.and_then(|d| d.p90_seconds).map(i128::from)
            ),
            Quantity::Usd.text(m.cents),
            delta_cell(Quantity::Usd, d.map(|d| i128::from(d.cents))),
            m.transfers,
            count_delta_cell(d.map(|d| d.transfers)),
            Quantity::Kg.text(m.co2_grams),
            delta_cell(Quantity::Kg, d.map(|d| i128::from(d.co2_grams))),
            row.status.as_str(),
            escape(&gateways),
        );
    }
    out.push_str("</table>\n");
}

/// The comparison as one self-contained HTML page: the summary per scenario, a table per pair
/// (figures, deltas against the baseline, status, gateway changes), for the first pairs the
/// best route of the baseline and of each scenario that changes it on maps side by side (one
/// frame per pair, what the scenario closed marked), a line naming the scenarios that keep the
/// baseline's route, and the invariant checks. The maps of a pair share one base layer
/// (sea, graticule, outlines), written once before them and drawn with `<use>`.
///
/// `networks[0]` is the baseline and `networks[s]` the network of `comparison.scenarios[s]`;
/// `pairs` are the pairs `comparison` was built from and `criterion` its criterion (the maps
/// search each pair again with it, so they show the same routes as the tables).
///
/// # Complexity
/// One best-route search per shown pair and network, one base layer per shown pair
/// (O(outline points)), and one map per changed route (O(network size + labels²)).
///
/// # Example
/// ```
/// use corridor::batch::{Options, Pair, compare};
/// use corridor::map::{HtmlOptions, html_report};
/// use corridor::search::Criterion;
/// let base = corridor::network::load_bundled().unwrap().network;
/// let pair = Pair { from: base.resolve("Aktau").unwrap(), to: base.resolve("Baku").unwrap() };
/// let c = compare(&base, &[], &[pair], &Options::default(), &|_| {});
/// let html = html_report(&c, &[&base], &[pair], Criterion::Time, &[], &HtmlOptions::default());
/// assert!(html.starts_with("<!DOCTYPE html>") && html.contains("<svg"));
/// ```
#[must_use]
pub fn html_report(
    comparison: &Comparison,
    networks: &[&Network],
    pairs: &[Pair],
    criterion: Criterion,
    invariants: &[InvariantCheck],
    options: &HtmlOptions,
) -> String {
    let mut out = String::new();
    let scenario_count = comparison.scenarios.len().saturating_sub(1);
    let title = format!(
        "Scenario comparison · best by {} · {} pair(s) × {scenario_count} scenario(s)",
        comparison.criterion,
        comparison.pairs.len()
    );
    page_start(&mut out, &title);
    let _ = writeln!(out, "<h1>{}</h1>", escape(&title));
    let network_name = networks.first().map_or("", |n| n.name.as_str());
    let _ = writeln!(
        out,
        "<p class=\"lead\">Network: {} · scenarios: {} · Δ = scenario − baseline (red: worse, green: better).</p>",
        escape(network_name),
        escape(
            &comparison
                .scenarios
                .iter()
                .skip(1)
                .cloned()
                .collect::<Vec<_>>()
                .join(", ")
        )
    );
    summary_table(&mut out, comparison);
    let planners: Vec<Planner<'_>> = networks.iter().map(|n| Planner::new(n)).collect();
    for (p, (from, to)) in comparison.pairs.iter().enumerate() {
        let _ = writeln!(
            out,
            "<h2 id=\"pair-{}\">{} → {}</h2>",
            p + 1,
            escape(&from.name),
            escape(&to.name)
        );
        pair_table(&mut out, comparison, p);
        let Some(pair) = pairs.get(p).filter(|_| p < options.max_map_pairs) else {
            if p == options.max_map_pairs {
                let _ = writeln!(
                    out,
                    "<p class=\"none\">Maps are drawn for the first {} pairs only.</p>",
                    options.max_map_pairs
                );
            }
            continue;
        };
        pair_maps(
            &mut out, comparison, &planners, *pair, p, criterion, options,
        );
    }
    if !invariants.is_empty() {
        let _ = writeln!(
            out,
            "<h2>Invariant checks</h2>\n<pre>{}</pre>",
            escape(&invariants_table(invariants))
        );
    }
    out.push_str("</body>\n</html>\n");
    out
}

/// The legs of a report's first route as (from, to, mode, link id): two routes with the same
/// legs are drawn the same.
fn path_of(report: &Report) -> Vec<(&str, &str, &str, Option<&str>)> {
    report.routes.first().map_or_else(Vec::new, |route| {
        route
            .legs
            .iter()
            .map(|l| {
                (
                    l.from.as_str(),
                    l.to.as_str(),
                    l.mode.as_str(),
                    l.link_id.as_deref(),
                )
            })
            .collect()
    })
}

/// The maps of pair `p`: the baseline's best route and each scenario's whose route differs
/// from it, side by side on one frame, over one base layer written once for them all; the
/// scenarios whose best route is the baseline's get a line of text instead of a map.
fn pair_maps(
    out: &mut String,
    comparison: &Comparison,
    planners: &[Planner<'_>],
    pair: Pair,
    p: usize,
    criterion: Criterion,
    options: &HtmlOptions,
) {
    let constraints = Constraints::default();
    let reports: Vec<Option<Report>> = planners
        .iter()
        .enumerate()
        .map(|(s, planner)| {
            let network = planner.network();
            let name = comparison.scenarios.get(s).map_or("", String::as_str);
            let route = planner.best(pair.from, pair.to, criterion, &constraints)?;
            let mut report = Report::new(
                network,
                pair.from,
                pair.to,
                criterion.name(),
                Some(criterion),
                &[(route, vec![name.to_string()])],
            );
            if s > 0 && !report.network.contains(name) {
                report.network = format!("{} + {name}", report.network);
            }
            Some(report)
        })
        .collect();
    let baseline_path = reports[0].as_ref().map(path_of);
    // Which scenarios get a map, and which a mention.
    let (mut drawn, mut same, mut same_route, mut no_route) = (vec![0], vec![], vec![], vec![]);
    for (s, report) in reports.iter().enumerate().skip(1) {
        let name = escape(comparison.scenarios.get(s).map_or("", String::as_str));
        match report {
            None => no_route.push(name),
            Some(r) if Some(path_of(r)) == baseline_path => {
                if comparison.row(s, p).status == Status::Unchanged {
                    same.push(name);
                } else {
                    same_route.push(name);
                }
            }
            Some(_) => drawn.push(s),
        }
    }
    drawn.retain(|&s| reports[s].is_some());
    let points = drawn
        .iter()
        .filter_map(|&s| reports[s].as_ref())
        .flat_map(|r| {
            r.routes
                .iter()
                .flat_map(|route| route.line_lon_lat.iter().copied())
        });
    if let Some(frame) = draw::frame_of(points) {
        let base_id = format!("p{}-base", p + 1);
        let _ = writeln!(
            out,
            "<svg class=\"defs\" width=\"0\" height=\"0\" aria-hidden=\"true\"><defs>\n{}</defs></svg>",
            draw::base_layer(&frame, options.map_width_px, &base_id)
        );
        let mut scenes = Vec::new();
        for &s in &drawn {
            let Some(report) = &reports[s] else { continue };
            let network = planners[s].network();
            let mut scene = route_scene(network, report);
            if s > 0 {
                scene.closed = draw::Closed::between(planners[0].network(), network);
                if let Some(note) = closed_note(network, &scene.closed) {
                    scene.notes.push(note);
                }
            }
            scene.frame = Some(frame);
            scene.shared_base = Some(base_id.clone());
            scenes.push((s, scene));
        }
        // Maps side by side start at the same height: each header as tall as the tallest.
        let header_px = scenes
            .iter()
            .map(|(_, scene)| draw::header_height(scene, options.map_width_px))
            .fold(0.0, f64::max);
        out.push_str("<div class=\"maps\">\n");
        for (s, mut scene) in scenes {
            scene.min_header_px = header_px;
            let name = comparison.scenarios.get(s).map_or("", String::as_str);
            let _ = writeln!(out, "<figure><figcaption>{}</figcaption>", escape(name));
            let map = MapOptions {
                width_px: options.map_width_px,
                id_prefix: format!("p{}s{s}-", p + 1),
                inset: false,
            };
            out.push_str(&draw::render(&scene, &map));
            out.push_str("</figure>\n");
        }
        out.push_str("</div>\n");
    }
    let mut lines = Vec::new();
    if reports[0].is_none() {
        lines.push("No route in the baseline.".to_string());
    }
    if !same.is_empty() {
        lines.push(format!(
            "Same best route and figures as the baseline: {}.",
            same.join(", ")
        ));
    }
    if !same_route.is_empty() {
        lines.push(format!(
            "Same best route as the baseline, other figures (see the table): {}.",
            same_route.join(", ")
        ));
    }
    if !no_route.is_empty() {
        lines.push(format!("No route: {}.", no_route.join(", ")));
    }
    for line in lines {
        let _ = writeln!(out, "<p class=\"same\">{line}</p>");
    }
}

/// A route report as one self-contained HTML page: the map, then the text table.
///
/// ```
/// use corridor::report::Report;
/// use corridor::search::{Constraints, Criterion, Planner};
/// let net = corridor::network::load_bundled().unwrap().network;
/// let (a, b) = (net.resolve("Aktau").unwrap(), net.resolve("Baku").unwrap());
/// let r = Planner::new(&net).best(a, b, Criterion::Time, &Constraints::default()).unwrap();
/// let report = Report::new(&net, a, b, "time", Some(Criterion::Time), &[(r, vec![])]);
/// let html = corridor::map::route_html(&net, &report);
/// assert!(html.contains("<svg") && html.contains("<pre>"));
/// ```
#[must_use]
pub fn route_html(network: &Network, report: &Report) -> String {
    route_page(
        report,
        &route_map_svg(network, report, &MapOptions::default()),
    )
}

/// A route report made on a scenario's `network` as one self-contained HTML page: the map,
/// with what the scenario closed against `baseline` marked (see
/// [`scenario_route_map_svg`]), then the text table.
#[must_use]
pub fn scenario_route_html(baseline: &Network, network: &Network, report: &Report) -> String {
    let map = scenario_route_map_svg(baseline, network, report, &MapOptions::default());
    route_page(report, &map)
}

/// The page of a route report around its map.
fn route_page(report: &Report, map_svg: &str) -> String {
    let mut out = String::new();
    let title = format!("{} → {}", report.from.name, report.to.name);
    page_start(&mut out, &title);
    let _ = writeln!(out, "<h1>{}</h1>", escape(&title));
    out.push_str("<figure>\n");
    out.push_str(map_svg);
    out.push_str("</figure>\n");
    let _ = writeln!(out, "<pre>{}</pre>", escape(&to_table(report)));
    out.push_str("</body>\n</html>\n");
    out
}
