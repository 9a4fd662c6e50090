//! Maps as a user gets them: the SVG parses and renders (resvg) to a non-empty PNG with the
//! route colour where the route runs, output is byte-identical across runs, sea lanes stay on
//! water, and snapshots of the SVG's structure.

use crate::cli::{corridor, stderr};
use corridor::map::{MapOptions, countries, route_map_svg};
use corridor::network::load_bundled;
use corridor::report::Report;
use corridor::search::{Constraints, Criterion, Planner};
use resvg::usvg::roxmltree;
use resvg::{tiny_skia, usvg};
use std::fmt::Write;

fn temp_path(name: &str) -> std::path::PathBuf {
    std::env::temp_dir().join(format!("corridor-maps-{}-{name}", std::process::id()))
}

/// Runs `corridor` with `--output FILE` and returns the file's text.
fn svg_from_cli(args: &[&str], name: &str) -> String {
    let path = temp_path(name);
    let mut all = args.to_vec();
    let path_text = path.to_string_lossy().to_string();
    all.extend_from_slice(&["--output", &path_text]);
    let o = corridor(&all);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = std::fs::read_to_string(&path).expect("the SVG file was written");
    let _ = std::fs::remove_file(&path);
    text
}

fn render(svg: &str) -> tiny_skia::Pixmap {
    let tree = usvg::Tree::from_str(svg, &usvg::Options::default()).expect("the SVG parses");
    let size = tree.size().to_int_size();
    let mut pixmap = tiny_skia::Pixmap::new(size.width(), size.height()).expect("non-empty size");
    resvg::render(&tree, tiny_skia::Transform::default(), &mut pixmap.as_mut());
    pixmap
}

fn hex(colour: &str) -> [u8; 3] {
    let byte = |i: usize| u8::from_str_radix(&colour[i..i + 2], 16).expect("hex colour");
    [byte(1), byte(3), byte(5)]
}

fn is_colour(pixmap: &tiny_skia::Pixmap, x: f64, y: f64, rgb: [u8; 3]) -> bool {
    // Look in a 5×5 neighbourhood: the line is 3.5 px wide and points are rounded.
    for dx in -2..=2 {
        for dy in -2..=2 {
            let px = (x.round() as i64 + dx).max(0) as u32;
            let py = (y.round() as i64 + dy).max(0) as u32;
            if let Some(c) = pixmap.pixel(px, py) {
                let c = c.demultiply();
                let close = |a: u8, b: u8| a.abs_diff(b) <= 6;
                if close(c.red(), rgb[0]) && close(c.green(), rgb[1]) && close(c.blue(), rgb[2]) {
                    return true;
                }
            }
        }
    }
    false
}

/// The points of a path's `d` (absolute M/L commands, as the maps write them).
fn path_points(d: &str) -> Vec<[f64; 2]> {
    d.split(['M', 'L', 'Z'])
        .filter(|s| !s.trim().is_empty())
        .filter_map(|pair| {
            let mut it = pair.split(' ').map(str::parse::<f64>);
            Some([it.next()?.ok()?, it.next()?.ok()?])
        })
        .collect()
}

/// The map group's vertical offset (`transform="translate(0 Y)"`).
fn map_offset(doc: &roxmltree::Document<'_>) -> f64 {
    let map = doc
        .descendants()
        .find(|n| n.attribute("id") == Some("map"))
        .expect("a map group");
    let t = map.attribute("transform").expect("a transform");
    t.trim_start_matches("translate(0 ")
        .trim_end_matches(')')
        .parse()
        .expect("a number")
}

/// Elements with their id, class and rank, text contents, and counts of repeated lines: the
/// SVG's structure without coordinates.
fn skeleton(svg: &str) -> String {
    let doc = roxmltree::Document::parse(svg).expect("well-formed XML");
    let mut lines: Vec<String> = Vec::new();
    for node in doc.descendants().filter(roxmltree::Node::is_element) {
        let depth = node.ancestors().count() - 2;
        let mut line = format!("{}{}", "  ".repeat(depth), node.tag_name().name());
        for attr in ["id", "class", "data-rank", "data-mode", "stroke"] {
            if let Some(v) = node.attribute(attr) {
                let _ = write!(line, " {attr}={v}");
            }
        }
        if let Some(text) = node.text().filter(|t| !t.trim().is_empty()) {
            if node.tag_name().name() == "text" || node.tag_name().name() == "title" {
                let _ = write!(line, " {text:?}");
            }
        }
        lines.push(line);
    }
    let mut out: Vec<String> = Vec::new();
    let mut count = 0;
    for (i, line) in lines.iter().enumerate() {
        count += 1;
        if lines.get(i + 1) != Some(line) {
            out.push(if count > 1 {
                format!("{line} ×{count}")
            } else {
                line.clone()
            });
            count = 0;
        }
    }
    out.join("\n")
}

#[test]
fn route_svg_renders_with_the_route_colour_where_the_route_runs() {
    let svg = svg_from_cli(
        &[
            "route",
            "--from",
            "Almaty",
            "--to",
            "Bucharest",
            "--format",
            "svg",
        ],
        "almaty.svg",
    );
    let pixmap = render(&svg);
    let png = pixmap.encode_png().expect("PNG encodes");
    assert!(png.len() > 10_000, "PNG of {} bytes", png.len());
    assert!(pixmap.width() >= 1200 && pixmap.height() > 600);

    let doc = roxmltree::Document::parse(&svg).expect("well-formed XML");
    let offset = map_offset(&doc);
    let pieces: Vec<_> = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("route"))
        .collect();
    // Each route is drawn as one path per run of legs of one mode; check each route whole.
    let mut routes: std::collections::BTreeMap<&str, (&str, Vec<[f64; 2]>)> =
        std::collections::BTreeMap::new();
    for piece in &pieces {
        let rank = piece.attribute("data-rank").expect("a rank");
        let entry = routes.entry(rank).or_insert((
            piece.attribute("stroke").expect("a stroke colour"),
            Vec::new(),
        ));
        entry
            .1
            .extend(path_points(piece.attribute("d").expect("path data")));
    }
    assert!(routes.len() >= 3, "{} routes drawn", routes.len());
    for (rank, (stroke, points)) in &routes {
        let colour = hex(stroke);
        assert!(points.len() > 10, "{} points", points.len());
        // Most vertices of the line show the route's colour (others may hide under badges,
        // markers, the gaps of a dashed stretch or the line of a route drawn on top).
        let shown = points
            .iter()
            .filter(|p| is_colour(&pixmap, p[0], p[1] + offset, colour))
            .count();
        assert!(
            shown * 2 > points.len(),
            "{shown} of {} points in route {rank}",
            points.len(),
        );
    }
    // Far from any route (the top-left corner of the map, over Western Europe's west), no
    // route colour.
    let first = hex(routes["1"].0);
    assert!(!is_colour(&pixmap, 5.0, offset + 5.0, first));
}

#[test]
fn the_same_query_gives_the_same_bytes() {
    let args = [
        "route", "--from", "Xian", "--to", "Piraeus", "--format", "svg",
    ];
    let a = svg_from_cli(&args, "a.svg");
    let b = svg_from_cli(&args, "b.svg");
    assert!(a == b, "two runs differ");
    // Fixed precision: no coordinate has more than one decimal.
    let doc = roxmltree::Document::parse(&a).expect("well-formed XML");
    for node in doc.descendants().filter(roxmltree::Node::is_element) {
        for attr in ["d", "x", "y", "cx", "cy", "width", "height"] {
            let Some(value) = node.attribute(attr) else {
                continue;
            };
            let long = value
                .split(|c: char| !(c.is_ascii_digit() || c == '.'))
                .any(|t| t.split_once('.').is_some_and(|(_, frac)| frac.len() > 1));
            assert!(!long, "{attr}={value:.60}");
        }
    }
}

/// Whether `[lon, lat]` lies inside a country outline (even-odd over each country's rings).
fn on_land(lon: f64, lat: f64) -> Option<&'static str> {
    countries().iter().find_map(|c| {
        let crossings = c
            .rings
            .iter()
            .map(|ring| {
                let mut inside = false;
                for (i, a) in ring.iter().enumerate() {
                    let b = ring[(i + 1) % ring.len()];
                    if (a[1] > lat) != (b[1] > lat)
                        && lon < a[0] + (lat - a[1]) * (b[0] - a[0]) / (b[1] - a[1])
                    {
                        inside = !inside;
                    }
                }
                usize::from(inside)
            })
            .sum::<usize>();
        (crossings % 2 == 1).then_some(c.name.as_str())
    })
}

/// Sea and ferry links known to be drawn across land in the bundled network. The test fails
/// when one of them is fixed, so that it leaves this list. The Caspian ferries to Alat have no
/// waypoints: their straight lines cut the tip of the Absheron peninsula south of Baku.
const LANES_CROSSING_LAND: [(&str, &str); 2] = [("kuryk", "alat"), ("aktau", "alat")];

/// Ship canals, as (name, west, south, east, north) boxes: narrow water the simplified outlines
/// draw as land.
const CANALS: [(&str, f64, f64, f64, f64); 1] = [("Suez Canal", 32.2, 29.85, 32.7, 31.3)];

fn in_canal(lon: f64, lat: f64) -> bool {
    CANALS
        .iter()
        .any(|&(_, w, s, e, n)| (w..=e).contains(&lon) && (s..=n).contains(&lat))
}

/// Whether a point is well inside land: it and the points 0.1 degree around it are all inside
/// outlines (the outlines are simplified, so a lane along a coast or through a strait may touch
/// them).
fn deep_on_land(lon: f64, lat: f64) -> bool {
    [(0.0, 0.0), (0.1, 0.0), (-0.1, 0.0), (0.0, 0.1), (0.0, -0.1)]
        .iter()
        .all(|(dx, dy)| on_land(lon + dx, lat + dy).is_some())
}

/// Whether a point is well out on water: it and the points 0.1 degree around it are all outside
/// every outline (a road along a coast may touch the simplified coastline).
fn deep_in_water(lon: f64, lat: f64) -> bool {
    [(0.0, 0.0), (0.1, 0.0), (-0.1, 0.0), (0.0, 0.1), (0.0, -0.1)]
        .iter()
        .all(|(dx, dy)| on_land(lon + dx, lat + dy).is_none())
}

/// A link's drawn line (its nodes and waypoints) sampled every ~0.05 degree, leaving out 0.3
/// degree around each end (a port's or a bridgehead's own water).
fn sampled_line(net: &corridor::network::Network, link: &corridor::network::Link) -> Vec<[f64; 2]> {
    let (a, b) = (&net.nodes[link.from], &net.nodes[link.to]);
    let mut line = vec![[a.lon, a.lat]];
    line.extend(link.waypoints.iter().copied());
    line.push([b.lon, b.lat]);
    let mut out = Vec::new();
    for w in line.windows(2) {
        let steps = ((w[1][0] - w[0][0]).abs().max((w[1][1] - w[0][1]).abs()) / 0.05)
            .ceil()
            .max(1.0) as usize;
        for s in 0..=steps {
            let t = s as f64 / steps as f64;
            let p = [
                w[0][0] + (w[1][0] - w[0][0]) * t,
                w[0][1] + (w[1][1] - w[0][1]) * t,
            ];
            let near_end = [a, b]
                .iter()
                .any(|n| (n.lon - p[0]).abs() < 0.3 && (n.lat - p[1]).abs() < 0.3);
            if !near_end {
                out.push(p);
            }
        }
    }
    out
}

/// Checks every link of `modes` in the bundled network: the points `wrong` flags must be none,
/// except on the links of `known` (given as node id pairs), which must still have some (so
/// that a fixed link leaves the list). Returns the number of points checked.
fn check_links(
    modes: &[corridor::network::Mode],
    known: &[(&str, &str)],
    wrong: impl Fn([f64; 2]) -> bool,
    what: &str,
) -> usize {
    let net = load_bundled().expect("bundled network").network;
    let mut checked = 0;
    let mut problems = Vec::new();
    for link in net.links.iter().filter(|l| modes.contains(&l.mode)) {
        let (a, b) = (&net.nodes[link.from], &net.nodes[link.to]);
        let points = sampled_line(&net, link);
        checked += points.len();
        let bad: Vec<[f64; 2]> = points.into_iter().filter(|&p| wrong(p)).collect();
        let listed = known
            .iter()
            .any(|&(x, y)| (a.id == x && b.id == y) || (a.id == y && b.id == x));
        if listed && bad.is_empty() {
            problems.push(format!(
                "{} -> {} is no longer {what}: take it off the list",
                a.id, b.id
            ));
        } else if !listed && !bad.is_empty() {
            problems.push(format!(
                "{} {} -> {}: {} points {what}, first {:?}",
                link.mode,
                a.id,
                b.id,
                bad.len(),
                bad[0]
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    checked
}

#[test]
fn sea_lanes_are_drawn_on_water() {
    use corridor::network::Mode;
    let checked = check_links(
        &[Mode::Sea, Mode::Ferry],
        &LANES_CROSSING_LAND,
        |p| deep_on_land(p[0], p[1]) && !in_canal(p[0], p[1]),
        "on land",
    );
    assert!(checked > 1_000, "{checked} points checked");
}

/// Road and rail links known to be drawn across open water in the bundled network. The test
/// fails when one of them is fixed, so that it leaves this list. Empty: every one is on land.
const LAND_LINKS_CROSSING_WATER: [(&str, &str); 0] = [];

#[test]
fn road_and_rail_links_are_drawn_on_land() {
    use corridor::network::Mode;
    let checked = check_links(
        &[Mode::Road, Mode::Rail],
        &LAND_LINKS_CROSSING_WATER,
        |p| deep_in_water(p[0], p[1]),
        "on water",
    );
    assert!(checked > 1_000, "{checked} points checked");
}

#[test]
fn reverse_directions_draw_their_waypoints_from_their_own_start() {
    // A route that sails a two-way sea link in its reverse direction starts its line at its
    // own origin and runs through the waypoints nearest to it first.
    let net = load_bundled().expect("bundled network").network;
    let planner = Planner::new(&net);
    for link in net.links.iter().filter(|l| !l.waypoints.is_empty()) {
        let (from, to) = (link.from, link.to);
        let Some(route) = planner.best(from, to, Criterion::Time, &Constraints::default()) else {
            continue;
        };
        let report = Report::new(
            &net,
            from,
            to,
            "time",
            Some(Criterion::Time),
            &[(route, vec![])],
        );
        let line = &report.routes[0].line_lon_lat;
        let start = [net.nodes[from].lon, net.nodes[from].lat];
        let d = |p: [f64; 2]| (p[0] - start[0]).hypot(p[1] - start[1]);
        assert_eq!(line.first().copied(), Some(start));
        if let (Some(&second), Some(&last)) = (line.get(1), line.last()) {
            assert!(
                d(second) <= d(last),
                "{} -> {}",
                net.nodes[from].id,
                net.nodes[to].id
            );
        }
    }
}

/// A six-node network (Caspian ferry, Georgian railway, Black Sea lane) whose snapshots do
/// not change when the bundled network does.
const CASPIAN: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/maps/caspian.toml"
);

#[test]
fn network_map_renders_every_mode_and_labels_gateways() {
    let svg = svg_from_cli(&["map"], "network.svg");
    let pixmap = render(&svg);
    assert!(pixmap.encode_png().expect("PNG").len() > 10_000);
    for id in [
        "links-rail",
        "links-road",
        "links-ferry",
        "links-sea",
        "countries",
        "legend",
        "scale",
    ] {
        assert!(svg.contains(&format!(r#"id="{id}""#)), "missing {id}");
    }
    for place in ["Aktau", "Khorgos", "Istanbul", "Lianyungang"] {
        assert!(
            svg.contains(&format!(">{place}</text>")),
            "no label {place}"
        );
    }
    let small = svg_from_cli(&["map", "--network", CASPIAN], "caspian-network.svg");
    insta::assert_snapshot!("caspian_network_map_structure", skeleton(&small));
}

#[test]
fn route_map_structure() {
    let svg = svg_from_cli(
        &[
            "route",
            "--network",
            CASPIAN,
            "--from",
            "Aktau",
            "--to",
            "Constanta",
            "--format",
            "svg",
        ],
        "caspian-route.svg",
    );
    assert!(svg.contains(": 4.7 days"), "caption with totals");
    insta::assert_snapshot!("caspian_route_map_structure", skeleton(&svg));
}

#[test]
fn library_maps_take_an_id_prefix_and_a_width() {
    let net = load_bundled().expect("bundled network").network;
    let (from, to) = (
        net.resolve("Aktau").expect("Aktau"),
        net.resolve("Baku").expect("Baku"),
    );
    let route = Planner::new(&net)
        .best(from, to, Criterion::Time, &Constraints::default())
        .expect("a route");
    let report = Report::new(
        &net,
        from,
        to,
        "time",
        Some(Criterion::Time),
        &[(route, vec!["fastest".into()])],
    );
    let options = MapOptions {
        width_px: 800,
        id_prefix: "baseline-".into(),
        ..MapOptions::default()
    };
    let svg = route_map_svg(&net, &report, &options);
    assert!(svg.contains(r#"width="800""#));
    assert!(svg.contains(r#"id="baseline-clip""#) && svg.contains("url(#baseline-clip)"));
    assert!(!svg.contains(r#"id="clip""#));
    let pixmap = render(&svg);
    assert_eq!(pixmap.width(), 800);
}

#[test]
fn svg_is_for_routes_only() {
    let o = corridor(&["nodes", "--format", "svg"]);
    assert_eq!(o.status.code(), Some(2));
    let o = corridor(&["map", "--width", "10"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--width"));
}

#[test]
fn compare_html_is_one_self_contained_page_with_tables_and_maps_side_by_side() {
    let kuryk = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/kuryk_closed.toml");
    let html = svg_from_cli(
        &[
            "compare",
            "--scenario",
            kuryk,
            "--from",
            "Almaty",
            "--to",
            "Bucharest",
            "--format",
            "html",
        ],
        "compare.html",
    );
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.trim_end().ends_with("</html>"));
    // Nothing is fetched when the page opens: no external scripts, styles, images or fonts.
    for needle in ["<script", "<link", "src=", "url(http", "@import"] {
        assert!(!html.contains(needle), "found {needle}");
    }
    let external = html.match_indices("http").count();
    let namespaces = html.match_indices("http://www.w3.org/2000/svg").count();
    assert_eq!(external, namespaces, "only SVG namespaces mention http");
    // The tables: the pair, the baseline and the scenario with its delta and gateway change.
    for text in [
        "Almaty → Bucharest",
        "<td class=\"name\">baseline</td>",
        "<td class=\"name\">kuryk_closed</td>",
        "Kuryk to Aktau",
    ] {
        assert!(html.contains(text), "missing {text}");
    }
    // Two maps, baseline then scenario, each a valid SVG with its own ids, over the base
    // layer written once before them.
    let maps = html_maps(&html);
    assert_eq!(maps.len(), 2);
    for (s, svg) in maps.iter().enumerate() {
        assert!(svg.contains(&format!(r#"id="p1s{s}-clip""#)));
        assert!(svg.contains(r##"<use href="#p1-base"/>"##));
        let pixmap = render(&with_shared_defs(&html, svg));
        assert!(pixmap.width() >= 640);
        // The shared outlines show: a good part of the picture is land.
        let land = hex("#f3efe5");
        let count = pixmap
            .pixels()
            .iter()
            .filter(|c| {
                let c = c.demultiply();
                [c.red(), c.green(), c.blue()] == land
            })
            .count();
        assert!(count * 5 > pixmap.pixels().len(), "{count} land pixels");
    }
    assert!(maps[0].contains("via Kuryk") && maps[1].contains("via Aktau"));
    assert!(
        maps[1].contains(r#"id="p1s1-closed""#),
        "Kuryk's closure is marked"
    );
    assert_eq!(
        html.matches("<title>Turkey</title>").count(),
        1,
        "outlines once"
    );
}

/// The maps of an HTML page (not the hidden SVGs that hold shared layers).
fn html_maps(html: &str) -> Vec<String> {
    html.split("<svg xmlns=")
        .skip(1)
        .map(|rest| {
            format!(
                "<svg xmlns={}</svg>",
                rest.split("</svg>").next().unwrap_or("")
            )
        })
        .collect()
}

/// A map of an HTML page as a file of its own: the page's shared layers copied into it.
fn with_shared_defs(html: &str, svg: &str) -> String {
    let defs: String = html
        .split("<svg class=\"defs\"")
        .skip(1)
        .filter_map(|rest| rest.split("<defs>").nth(1)?.split("</defs>").next())
        .collect();
    let open = svg.find('>').map_or(0, |i| i + 1);
    format!("{}<defs>{defs}</defs>{}", &svg[..open], &svg[open..])
}

#[test]
fn route_html_holds_the_map_and_the_table() {
    let html = svg_from_cli(
        &[
            "route", "--from", "Aktau", "--to", "Baku", "--format", "html",
        ],
        "route.html",
    );
    assert!(
        html.starts_with("<!DOCTYPE html>") && html.contains("<svg ") && html.contains("<pre>")
    );
    assert!(html.contains("Aktau → Baku"));
}

/// Characters XML 1.0 forbids (C0 controls but tab, newline and carriage return; U+FFFE and
/// U+FFFF) and the C1 controls HTML treats as errors: none may reach a map or a page.
fn raw_controls(text: &str) -> Vec<char> {
    text.chars()
        .filter(|&c| {
            (c < ' ' && !matches!(c, '\t' | '\n' | '\r'))
                || ('\u{7f}'..='\u{9f}').contains(&c)
                || matches!(c, '\u{fffe}' | '\u{ffff}')
        })
        .collect()
}

/// The Caspian test network with hostile names: terminal escapes, a bell, a form feed, a
/// non-character and markup, in node names and in the network's name.
fn hostile_network() -> corridor::network::Network {
    let mut net = corridor::network::load_file(std::path::Path::new(CASPIAN))
        .expect("the Caspian fixture loads")
        .network;
    let names = [
        "A\u{1b}[31mRED\u{7}",
        "\u{c}",
        "\u{fffe}Port",
        "<script>alert('x')</script>",
        "Tom & \"Jerry\"",
        "C1\u{85}\u{9b}",
    ];
    for (node, name) in net.nodes.iter_mut().zip(names) {
        node.name = name.to_string();
    }
    net.name = "Net\u{0}work <b>".to_string();
    net
}

#[test]
fn names_with_control_characters_and_markup_are_escaped_in_svg_and_html() {
    let net = hostile_network();
    let (from, to) = (0, net.nodes.len() - 1);
    let route = Planner::new(&net)
        .best(from, to, Criterion::Time, &Constraints::default())
        .expect("a route across the fixture");
    let report = Report::new(
        &net,
        from,
        to,
        "time",
        Some(Criterion::Time),
        &[(route, vec!["fast\u{8}est".into()])],
    );
    let svgs = [
        (
            "route map",
            route_map_svg(&net, &report, &MapOptions::default()),
        ),
        (
            "network map",
            corridor::map::network_map_svg(&net, &MapOptions::default()),
        ),
    ];
    for (what, svg) in &svgs {
        assert_eq!(raw_controls(svg), Vec::<char>::new(), "{what}");
        roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("{what} is not XML: {e}"));
        usvg::Tree::from_str(svg, &usvg::Options::default())
            .unwrap_or_else(|e| panic!("{what} does not parse as SVG: {e}"));
        assert!(!svg.contains("<script"), "{what} carries raw markup");
        assert!(svg.contains("&lt;script&gt;"), "{what} lost the name");
        assert!(svg.contains("Tom &amp; &quot;Jerry&quot;"), "{what}");
    }

    let pair = corridor::batch::Pair { from, to };
    let comparison = corridor::batch::compare(
        &net,
        &[("what\u{1b}[0m<if>", &net)],
        &[pair],
        &corridor::batch::Options::default(),
        &|_| {},
    );
    let pages = [
        (
            "compare page",
            corridor::map::html_report(
                &comparison,
                &[&net, &net],
                &[pair],
                Criterion::Time,
                &[],
                &corridor::map::HtmlOptions::default(),
            ),
        ),
        ("route page", corridor::map::route_html(&net, &report)),
    ];
    for (what, html) in &pages {
        assert_eq!(raw_controls(html), Vec::<char>::new(), "{what}");
        assert!(
            !html.contains("<script") && !html.contains("<if>"),
            "{what}"
        );
        for body in html.split("<svg ").skip(1) {
            let svg = format!("<svg {}</svg>", body.split("</svg>").next().unwrap_or(""));
            roxmltree::Document::parse(&svg).unwrap_or_else(|e| panic!("{what}: {e}"));
        }
    }
}

/// Nodes at both poles and on the antimeridian, joined to two Caspian ports.
const POLES: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/maps/poles.toml"
);

/// Every marker, label, badge and route of the map group lies inside the map's frame, and with
/// `links` every link too (on a route map, links that lead out of the frame are cut by the clip
/// path by design, as are the base layer's outlines and graticule).
fn assert_drawn_inside_the_frame(svg: &str, what: &str, links: bool) {
    let doc = roxmltree::Document::parse(svg).expect("well-formed XML");
    let clip = doc
        .descendants()
        .find(|n| n.tag_name().name() == "clipPath")
        .and_then(|c| c.first_element_child())
        .expect("a clip rectangle");
    let size = |a: &str| clip.attribute(a).and_then(|v| v.parse::<f64>().ok());
    let (w, h) = (
        size("width").expect("width"),
        size("height").expect("height"),
    );
    let inside = |x: f64, y: f64| (-0.5..=w + 0.5).contains(&x) && (-0.5..=h + 0.5).contains(&y);
    let map = doc
        .descendants()
        .find(|n| n.attribute("id") == Some("map"))
        .expect("a map group");
    let mut checked = 0;
    for node in map.descendants().filter(roxmltree::Node::is_element) {
        let cut = node.ancestors().any(|a| match a.attribute("id") {
            Some("countries" | "graticule") => true,
            Some("links") => !links,
            _ => false,
        });
        if cut {
            continue;
        }
        let number = |a: &str| node.attribute(a).and_then(|v| v.parse::<f64>().ok());
        let mut points = Vec::new();
        match node.tag_name().name() {
            "circle" => points.extend(number("cx").zip(number("cy")).map(|(x, y)| [x, y])),
            "text" => points.extend(number("x").zip(number("y")).map(|(x, y)| [x, y])),
            "path" => points.extend(path_points(node.attribute("d").unwrap_or(""))),
            _ => {}
        }
        for [x, y] in points {
            checked += 1;
            assert!(
                inside(x, y),
                "{what}: <{} {:?}> at ({x}, {y}) outside {w} × {h}",
                node.tag_name().name(),
                node.attribute("class")
            );
        }
    }
    assert!(checked > 20, "{what}: {checked} points checked");
}

#[test]
fn nodes_at_the_poles_and_the_antimeridian_are_drawn_inside_the_frame() {
    let network = svg_from_cli(&["map", "--network", POLES], "poles.svg");
    assert_drawn_inside_the_frame(&network, "network map", true);
    for (from, to) in [("north", "south"), ("north", "aktau"), ("baku", "south")] {
        let route = svg_from_cli(
            &[
                "route",
                "--network",
                POLES,
                "--from",
                from,
                "--to",
                to,
                "--format",
                "svg",
            ],
            &format!("poles-{from}-{to}.svg"),
        );
        assert_drawn_inside_the_frame(&route, &format!("route {from} -> {to}"), false);
    }
}

#[test]
fn labels_sit_on_a_separate_white_halo_drawn_under_them() {
    // Renderers without `paint-order` (cairosvg, many viewers) paint a text's stroke over its
    // fill, so a halo made of the label's own stroke hides the letters. Each label is drawn
    // twice instead: a white stroked copy first, then the letters without a stroke.
    let svg = svg_from_cli(
        &[
            "route",
            "--from",
            "Almaty",
            "--to",
            "Bucharest",
            "--format",
            "svg",
        ],
        "halos.svg",
    );
    assert!(!svg.contains("paint-order"));
    let doc = roxmltree::Document::parse(&svg).expect("well-formed XML");
    let group = |id: &str| {
        doc.descendants()
            .find(|n| n.attribute("id") == Some(id))
            .unwrap_or_else(|| panic!("a group {id}"))
    };
    let (halos, labels) = (group("label-halos"), group("labels"));
    assert!(
        halos.range().end <= labels.range().start,
        "halos are drawn first"
    );
    assert_eq!(halos.attribute("stroke"), Some("#ffffff"));
    let width: f64 = halos
        .attribute("stroke-width")
        .and_then(|w| w.parse().ok())
        .expect("a stroke width");
    assert!(width >= 2.0, "halo {width} px");
    let key = |t: roxmltree::Node<'_, '_>| {
        (
            t.attribute("x").map(str::to_owned),
            t.attribute("y").map(str::to_owned),
            t.attribute("font-size").map(str::to_owned),
            t.text().map(str::to_owned),
        )
    };
    let halo_keys: Vec<_> = halos
        .children()
        .filter(roxmltree::Node::is_element)
        .map(key)
        .collect();
    let label_keys: Vec<_> = labels
        .children()
        .filter(roxmltree::Node::is_element)
        .map(key)
        .collect();
    assert!(label_keys.len() >= 10, "{} labels", label_keys.len());
    assert_eq!(
        halo_keys, label_keys,
        "one halo per label, at the same place"
    );
    // The letters themselves have no stroke, from their own attributes or their ancestors'.
    for text in labels.children().filter(roxmltree::Node::is_element) {
        assert!(
            text.ancestors().all(|a| a.attribute("stroke").is_none()),
            "{:?} is stroked",
            text.text()
        );
    }
    for place in ["Almaty", "Bucharest", "Alat"] {
        assert!(
            label_keys.iter().any(|k| k.3.as_deref() == Some(place)),
            "no label {place}"
        );
    }
}

#[test]
fn routes_show_their_mode_along_the_way() {
    // On the modes fixture, route 1 from Almaty to Bucharest goes rail → ferry → road → rail:
    // four pieces in its colour, the road one dashed, the rail ones solid; route 2 crosses the
    // Black Sea by sea; each mode is explained in the legend.
    let svg = svg_from_cli(
        &[
            "route",
            "--network",
            "tests/fixtures/maps/modes.toml",
            "--from",
            "Almaty",
            "--to",
            "Bucharest",
            "--format",
            "svg",
        ],
        "modes.svg",
    );
    let doc = roxmltree::Document::parse(&svg).expect("well-formed XML");
    let first: Vec<_> = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("route") && n.attribute("data-rank") == Some("1"))
        .collect();
    let modes: Vec<&str> = first
        .iter()
        .filter_map(|n| n.attribute("data-mode"))
        .collect();
    assert_eq!(modes, ["rail", "ferry", "road", "rail"]);
    let dash = |mode: &str| {
        first
            .iter()
            .find(|n| n.attribute("data-mode") == Some(mode))
            .and_then(|n| n.attribute("stroke-dasharray"))
    };
    assert_eq!(dash("rail"), None, "rail is solid");
    let (road, ferry) = (dash("road"), dash("ferry"));
    assert!(
        road.is_some() && ferry.is_some() && road != ferry,
        "{road:?} {ferry:?}"
    );
    // The pieces join up: each starts where the previous one ends.
    for pair in first.windows(2) {
        let end = *path_points(pair[0].attribute("d").unwrap_or(""))
            .last()
            .expect("points");
        let start = path_points(pair[1].attribute("d").unwrap_or(""))[0];
        assert!((end[0] - start[0]).abs() < 0.11 && (end[1] - start[1]).abs() < 0.11);
    }
    for mode in ["rail", "road", "ferry", "sea"] {
        let legend = doc
            .descendants()
            .find(|n| n.attribute("class") == Some(&format!("legend-route-{mode}")))
            .unwrap_or_else(|| panic!("no legend for routes by {mode}"));
        assert_eq!(legend.attribute("stroke-dasharray"), dash_of(&doc, mode));
    }
}

/// The dash pattern of the first route piece of `mode` in the document.
fn dash_of<'a>(doc: &'a roxmltree::Document<'_>, mode: &str) -> Option<&'a str> {
    doc.descendants()
        .find(|n| n.attribute("class") == Some("route") && n.attribute("data-mode") == Some(mode))
        .and_then(|n| n.attribute("stroke-dasharray"))
}

#[test]
fn titles_subtitles_and_notes_wrap_instead_of_being_cut() {
    let mut net = corridor::network::load_file(std::path::Path::new(CASPIAN))
        .expect("the Caspian fixture loads")
        .network;
    net.name = "Middle Corridor baseline + kuryk_closed + caspian_winter + border_digitalisation"
        .to_string();
    let (from, to) = (0, net.nodes.len() - 1);
    net.nodes[from].name = "Aktau Sea Commercial Port (Kazakhstan)".to_string();
    net.nodes[to].name = "Constanța South Container Terminal".to_string();
    let route = Planner::new(&net)
        .best(from, to, Criterion::Time, &Constraints::default())
        .expect("a route");
    let mut report = Report::new(
        &net,
        from,
        to,
        "time",
        Some(Criterion::Time),
        &[(route, vec!["fastest".into()])],
    );
    report.omitted = 123;
    let options = MapOptions {
        width_px: 640,
        ..MapOptions::default()
    };
    let svg = route_map_svg(&net, &report, &options);
    assert!(!svg.contains('…'), "something was cut");
    let doc = roxmltree::Document::parse(&svg).expect("well-formed XML");
    let texts_of = |id: &str| -> Vec<String> {
        doc.descendants()
            .find(|n| n.attribute("id") == Some(id))
            .map(|g| {
                g.descendants()
                    .filter(|n| n.tag_name().name() == "text")
                    .filter_map(|n| n.text().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    };
    let title = texts_of("title");
    assert!(title.len() >= 2, "the long title wraps: {title:?}");
    assert_eq!(
        title.join(" "),
        "Aktau Sea Commercial Port (Kazakhstan) → Constanța South Container Terminal"
    );
    let subtitle = texts_of("subtitle").join(" ");
    for word in net.name.split(' ') {
        assert!(
            subtitle.contains(word),
            "{word:?} missing from {subtitle:?}"
        );
    }
    let caption = texts_of("caption").join(" ");
    assert!(caption.contains("123 more route(s)"), "{caption}");
    // The map starts below the header, whatever its height.
    let title_bottom = doc
        .descendants()
        .filter(|n| n.tag_name().name() == "text")
        .filter(|n| {
            n.ancestors()
                .any(|a| matches!(a.attribute("id"), Some("title" | "subtitle")))
        })
        .filter_map(|n| n.attribute("y").and_then(|y| y.parse::<f64>().ok()))
        .fold(0.0, f64::max);
    assert!(
        map_offset(&doc) > title_bottom,
        "the map overlaps the header"
    );
}

/// The bundled network with a shipped scenario applied.
fn with_scenario(base: &corridor::network::Network, file: &str) -> corridor::network::Network {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("scenarios")
        .join(file);
    corridor::scenario::load_file(&path)
        .expect("the scenario loads")
        .apply(base)
        .expect("the scenario applies")
        .network
}

/// The fastest route between two places as a report on `net`.
fn fastest(net: &corridor::network::Network, from: &str, to: &str) -> Report {
    let (a, b) = (
        net.resolve(from).expect("origin"),
        net.resolve(to).expect("destination"),
    );
    let route = Planner::new(net)
        .best(a, b, Criterion::Time, &Constraints::default())
        .expect("a route");
    Report::new(net, a, b, "time", Some(Criterion::Time), &[(route, vec![])])
}

#[test]
fn scenario_maps_mark_what_the_scenario_closed() {
    let base = load_bundled().expect("bundled network").network;
    let kuryk = with_scenario(&base, "kuryk_closed.toml");
    let report = fastest(&kuryk, "Almaty", "Bucharest");
    let svg = corridor::map::scenario_route_map_svg(&base, &kuryk, &report, &MapOptions::default());
    let doc = roxmltree::Document::parse(&svg).expect("well-formed XML");
    let find = |class: &str| {
        doc.descendants()
            .find(|n| n.attribute("class") == Some(class))
            .unwrap_or_else(|| panic!("no {class}"))
    };
    // The two links through Kuryk, each with a cross, and Kuryk itself crossed out.
    let links = find("closed-links").attribute("d").expect("path data");
    assert_eq!(links.matches('M').count(), 2, "{links}");
    let marks = path_points(find("closed-marks").attribute("d").expect("path data"));
    assert_eq!(marks.len(), 3 * 4, "three crosses of two strokes");
    // Each cross shows in the closed colour where its strokes meet.
    let pixmap = render(&svg);
    let offset = map_offset(&doc);
    for cross in marks.chunks(4) {
        let centre = [
            f64::midpoint(cross[0][0], cross[1][0]),
            f64::midpoint(cross[0][1], cross[1][1]),
        ];
        assert!(
            is_colour(&pixmap, centre[0], centre[1] + offset, hex("#b0002a")),
            "no closed mark at {centre:?}"
        );
    }
    assert!(svg.contains(">closed in scenario</text>"));
    assert!(svg.contains(
        "Closed in this scenario: node Kuryk; links Mangystau – Kuryk (rail), Kuryk – Alat (ferry)."
    ));
    // The route avoids what is closed, and maps without a baseline, or of a scenario that
    // closes nothing, mark nothing.
    assert!(!report.routes[0].nodes.iter().any(|n| n == "kuryk"));
    assert!(!route_map_svg(&kuryk, &report, &MapOptions::default()).contains("closed"));
    let faster = with_scenario(&base, "border_digitalisation.toml");
    let report = fastest(&faster, "Almaty", "Bucharest");
    let svg =
        corridor::map::scenario_route_map_svg(&base, &faster, &report, &MapOptions::default());
    assert!(!svg.contains(r#"id="closed""#) && !svg.contains("closed in scenario"));
}

/// The texts of the `<text>` children of the group with this id, with their positions.
fn group_texts(doc: &roxmltree::Document<'_>, id: &str) -> Vec<(String, f64, f64)> {
    doc.descendants()
        .find(|n| n.attribute("id") == Some(id))
        .map(|g| {
            g.children()
                .filter(|n| n.tag_name().name() == "text")
                .map(|n| {
                    let at = |a: &str| n.attribute(a).and_then(|v| v.parse().ok()).unwrap_or(0.0);
                    (n.text().unwrap_or("").to_owned(), at("x"), at("y"))
                })
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn the_network_map_labels_the_heart_of_the_corridor_in_an_inset() {
    // At 1,200 px the Caucasus is too crowded for its labels; they go in a detail inset.
    let svg = svg_from_cli(&["map"], "network-inset.svg");
    let doc = roxmltree::Document::parse(&svg).expect("well-formed XML");
    let clip = |id: &str| {
        let rect = doc
            .descendants()
            .find(|n| n.attribute("id") == Some(id))
            .and_then(|c| c.first_element_child())
            .unwrap_or_else(|| panic!("no clip {id}"));
        let size = |a: &str| {
            rect.attribute(a)
                .and_then(|v| v.parse::<f64>().ok())
                .expect(a)
        };
        (size("width"), size("height"))
    };
    let (map_w, map_h) = clip("clip");
    let (inset_w, inset_h) = clip("inset-clip");
    let inset = doc
        .descendants()
        .find(|n| n.attribute("id") == Some("inset"))
        .expect("an inset");
    let translate: Vec<f64> = inset
        .attribute("transform")
        .expect("a transform")
        .trim_start_matches("translate(")
        .trim_end_matches(')')
        .split(' ')
        .map(|v| v.parse().expect("a number"))
        .collect();
    let (x0, y0) = (translate[0], translate[1]);
    assert!(x0 >= 0.0 && y0 >= 0.0 && x0 + inset_w <= map_w && y0 + inset_h <= map_h);
    assert!(inset_w >= 300.0, "inset {inset_w} px wide");

    let main = group_texts(&doc, "labels");
    let detail = group_texts(&doc, "inset-labels");
    for place in [
        "Tbilisi",
        "Baku",
        "Ganja",
        "Red Bridge",
        "Poti",
        "Batumi",
        "Alat",
    ] {
        assert!(
            main.iter().chain(&detail).any(|(t, _, _)| t == place),
            "no label {place}"
        );
    }
    for place in ["Tbilisi", "Baku", "Ganja", "Red Bridge"] {
        assert!(
            detail.iter().any(|(t, _, _)| t == place),
            "{place} not in the inset"
        );
    }
    // The inset's labels lie in the inset, and the map's labels stay off it.
    for (text, x, y) in &detail {
        assert!(
            (0.0..=inset_w).contains(x) && (0.0..=inset_h).contains(y),
            "{text} at ({x}, {y})"
        );
    }
    for (text, x, y) in &main {
        let inside = (x0..=x0 + inset_w).contains(x) && (y0..=y0 + inset_h).contains(y);
        assert!(!inside, "{text} is under the inset");
    }
    // The area the inset details is marked on the map, and holds Tbilisi.
    let area = doc
        .descendants()
        .find(|n| n.attribute("class") == Some("inset-area"))
        .expect("the inset's area on the map");
    let at = |a: &str| {
        area.attribute(a)
            .and_then(|v| v.parse::<f64>().ok())
            .expect(a)
    };
    assert!(at("width") * 1.8 <= inset_w, "the inset enlarges the area");
    assert!(at("x") > 0.0 && at("y") > 0.0);
}

#[test]
fn the_compare_report_for_the_shipped_pairs_draws_only_what_changed_and_stays_small() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let mut scenarios: Vec<String> = std::fs::read_dir(&dir)
        .expect("the scenarios folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    scenarios.sort();
    assert_eq!(scenarios.len(), 9);
    let pairs = dir.join("pairs.csv").to_string_lossy().into_owned();
    let mut args = vec!["compare", "--scenario"];
    args.extend(scenarios.iter().map(String::as_str));
    args.extend(["--pairs", &pairs, "--format", "html"]);
    let html = svg_from_cli(&args, "shipped.html");
    // 7.8 MB when every scenario of every pair had its own map and outlines.
    assert!(html.len() < 1_500_000, "{} bytes", html.len());

    let names: Vec<String> = scenarios
        .iter()
        .map(|p| {
            std::path::Path::new(p)
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default()
        })
        .collect();
    let sections: Vec<&str> = html.split("<h2 id=\"pair-").skip(1).collect();
    assert_eq!(sections.len(), 8);
    let mut maps = 0;
    for section in &sections {
        let section = section.split("<h2>").next().unwrap_or(section);
        let drawn: Vec<&str> = section
            .split("<figcaption>")
            .skip(1)
            .filter_map(|s| s.split("</figcaption>").next())
            .collect();
        maps += drawn.len();
        assert_eq!(
            drawn.first(),
            Some(&"baseline"),
            "the baseline is drawn first"
        );
        let mentioned: Vec<&str> = section
            .split("<p class=\"same\">")
            .skip(1)
            .filter_map(|s| s.split("</p>").next())
            .filter_map(|s| {
                s.split_once(": ")
                    .map(|(_, list)| list.trim_end_matches('.'))
            })
            .flat_map(|list| list.split(", "))
            .collect();
        // Each scenario is either drawn (its best route differs) or named in a line.
        for name in &names {
            let count = drawn
                .iter()
                .chain(&mentioned)
                .filter(|n| *n == name)
                .count();
            assert_eq!(count, 1, "{name}: drawn {drawn:?}, mentioned {mentioned:?}");
        }
    }
    assert!(
        maps < 30,
        "{maps} maps for 8 pairs × (9 scenarios + baseline)"
    );
    // The outlines are written once per pair and used by each of its maps.
    assert_eq!(html.matches("<title>Kazakhstan</title>").count(), 8);
    for target in html.split("<use href=\"#").skip(1) {
        let id = target.split('"').next().unwrap_or("");
        assert!(html.contains(&format!("<g id=\"{id}\">")), "no layer {id}");
    }
}

#[test]
fn maps_of_dense_networks_keep_to_what_the_map_can_show() {
    // 50,000 nodes and over 100,000 links: the map (and its inset, each) draws the longest
    // 20,000 link segments, no carpet of dots and at most 1,000 label attempts, says so, and
    // stays small.
    let net = corridor::generate::generate_network(50_000, 7);
    let svg = corridor::map::network_map_svg(&net, &MapOptions::default());
    assert!(svg.len() < 2_500_000, "{} bytes", svg.len());
    assert!(
        svg.contains("The network is denser than this map can show: the ")
            && svg.contains("shortest links and the dots of unmarked nodes are not drawn."),
        "no note on what was left out"
    );
    let doc = roxmltree::Document::parse(&svg).expect("well-formed XML");
    let segments: usize = doc
        .descendants()
        .filter(|n| {
            n.attribute("class")
                .is_some_and(|c| c.starts_with("links "))
        })
        .filter(|n| n.parent().and_then(|p| p.attribute("id")) == Some("links"))
        .map(|n| {
            let d = n.attribute("d").unwrap_or("");
            path_points(d).len() - d.matches('M').count()
        })
        .sum();
    assert!(
        (10_000..=20_000).contains(&segments),
        "{segments} link segments"
    );
    // The bundled network is drawn whole: no note.
    let small = corridor::map::network_map_svg(
        &load_bundled().expect("bundled network").network,
        &MapOptions::default(),
    );
    assert!(!small.contains("denser than this map"));
}

#[test]
fn the_scenario_route_page_marks_what_was_closed() {
    let base = load_bundled().expect("bundled network").network;
    let kuryk = with_scenario(&base, "kuryk_closed.toml");
    let report = fastest(&kuryk, "Almaty", "Bucharest");
    let html = corridor::map::scenario_route_html(&base, &kuryk, &report);
    assert!(html.starts_with("<!DOCTYPE html>") && html.contains("<pre>"));
    assert!(
        html.contains(r#"id="closed""#) && html.contains("Closed in this scenario: node Kuryk")
    );
    assert!(!corridor::map::route_html(&kuryk, &report).contains(r#"id="closed""#));
}
