//! Alternatives as a planner reads them on the bundled network: `-k` never loops, `--via`
//! finds the routes that exist, `--diverse` shows different corridors by name, and
//! contradictory constraints are answered at once.

use crate::cli::{corridor, stderr, stdout};
use corridor::network::load_bundled;
use corridor::search::{Constraints, Criterion, Planner, corridor as corridor_of, corridor_name};

/// The corridor names of `route … -k 5 --diverse` in JSON.
fn diverse_corridors(from: &str, to: &str, k: &str) -> Vec<String> {
    let o = corridor(&[
        "route",
        "--from",
        from,
        "--to",
        to,
        "-k",
        k,
        "--diverse",
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    v["routes"]
        .as_array()
        .expect("routes")
        .iter()
        .map(|r| r["corridor"].as_str().expect("a corridor name").to_string())
        .collect()
}

#[test]
fn diverse_shows_the_northern_route_btk_rail_and_the_black_sea() {
    for (from, to, k) in [("Almaty", "Bucharest", "9"), ("Xi'an", "Constanța", "8")] {
        let names = diverse_corridors(from, to, k);
        let mut distinct = names.clone();
        distinct.sort();
        distinct.dedup();
        assert!(distinct.len() >= 4, "{from} → {to}: {names:#?}");
        assert_eq!(distinct.len(), names.len(), "{from} → {to}: {names:#?}");
        let has = |pred: &dyn Fn(&str) -> bool| names.iter().any(|n| pred(n));
        assert!(
            has(&|n| n.contains("RU rail") && n.contains("BY")),
            "{from} → {to}: no Northern route in {names:#?}"
        );
        assert!(
            has(&|n| n.contains("TR rail")),
            "{from} → {to}: no BTK rail route in {names:#?}"
        );
        assert!(
            has(&|n| n.contains("Poti–") || n.contains("Batumi–")),
            "{from} → {to}: no Black Sea crossing from Poti or Batumi in {names:#?}"
        );
    }
}

#[test]
fn diverse_alternatives_are_the_best_of_their_corridor_and_never_detours() {
    let net = load_bundled().expect("bundled").network;
    let planner = Planner::new(&net);
    let (from, to) = (
        net.resolve("Tashkent").expect("Tashkent"),
        net.resolve("Baku").expect("Baku"),
    );
    let none = Constraints::default();
    let found = planner.diverse(from, to, Criterion::Time, &none, 6, 100_000);
    assert!(found.exact);
    let corridors: Vec<_> = found.routes.iter().map(|r| corridor_of(&net, r)).collect();
    // Routes 4-6 used to be routes 1-3 with an Alat → Ganja → Alat loop added.
    for (i, c) in corridors.iter().enumerate() {
        assert!(!c.detour, "{}", corridor_name(&net, &found.routes[i]));
        for d in &corridors[..i] {
            assert!(!c.is_near_copy_of(d));
        }
    }
    // Each is the best route of its corridor: no better route of the k best shares it (the
    // exact phase examined every route up to the last one it kept).
    let k = planner.k_best(from, to, Criterion::Time, &none, found.examined);
    for (route, c) in found.routes.iter().zip(&corridors) {
        let first = k
            .routes
            .iter()
            .find(|r| {
                let rc = corridor_of(&net, r);
                !rc.detour && rc.is_near_copy_of(c)
            })
            .expect("among the routes examined");
        assert_eq!(first, route);
    }
}

#[test]
fn corridors_are_named_by_crossings_countries_and_long_hauls() {
    let names = diverse_corridors("Almaty", "Bucharest", "5");
    // The Baku–Tbilisi–Kars line: the Caspian from Kazakhstan, Azerbaijan and Georgia, a long
    // haul by rail in Türkiye, Bulgaria and Romania.
    assert!(
        names.iter().any(
            |n| n.starts_with("KZ rail · ferry ") && n.ends_with("–Alat · AZ–GE–TR rail–BG–RO")
        ),
        "{names:#?}"
    );
    let o = corridor(&[
        "route",
        "--from",
        "Almaty",
        "--to",
        "Bucharest",
        "-k",
        "5",
        "--diverse",
    ]);
    assert!(
        stdout(&o).contains("corridor"),
        "the overview names corridors"
    );
}

#[test]
fn via_a_place_finds_the_routes_that_exist() {
    // "no route … lifting --via Astana gives 2 routes" while --optimize cost found one.
    for optimize in ["time", "cost", "transfers", "co2"] {
        let o = corridor(&[
            "route",
            "--from",
            "Tashkent",
            "--to",
            "Poti",
            "--via",
            "Astana",
            "--optimize",
            optimize,
            "-k",
            "3",
        ]);
        assert_eq!(o.status.code(), Some(0), "{optimize}: {}", stderr(&o));
        assert!(stdout(&o).contains("Astana"), "{optimize}");
    }
    // Adding links never loses a route: the bundled network finds it.
    let o = corridor(&[
        "route",
        "--from",
        "Almaty",
        "--to",
        "Bucharest",
        "--via",
        "Tbilisi",
        "--via",
        "Aktau",
        "--optimize",
        "time",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

#[test]
fn contradictions_and_empty_avoids_are_answered_at_once() {
    let o = corridor(&[
        "route",
        "--from",
        "Almaty",
        "--to",
        "Bucharest",
        "--via",
        "Aktau",
        "--avoid",
        "Aktau",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("contradict"), "{}", stderr(&o));
    let o = corridor(&[
        "route",
        "--from",
        "Almaty",
        "--to",
        "Bucharest",
        "--via",
        "Baku",
        "--avoid",
        "AZ",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("Baku is in AZ"), "{}", stderr(&o));
    // A valid country no node is in: a warning, and the same answer as without it.
    let with = corridor(&[
        "route",
        "--from",
        "Almaty",
        "--to",
        "Bucharest",
        "--avoid",
        "FR",
    ]);
    let without = corridor(&["route", "--from", "Almaty", "--to", "Bucharest"]);
    assert_eq!(with.status.code(), Some(0));
    assert!(stderr(&with).contains("changes nothing"));
    assert_eq!(with.stdout, without.stdout);
    // A repeated --via is one constraint to lift, said once.
    let o = corridor(&[
        "route",
        "--from",
        "Almaty",
        "--to",
        "Bucharest",
        "--via",
        "Tbilisi",
        "--via",
        "Tbilisi",
        "--max-days",
        "5",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(stderr(&o).matches("lifting --via Tbilisi").count(), 1);
}

#[test]
fn huge_k_is_refused_with_its_range() {
    let o = corridor(&[
        "route",
        "--from",
        "Almaty",
        "--to",
        "Bucharest",
        "-k",
        "100000",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("10000"), "{}", stderr(&o));
}
