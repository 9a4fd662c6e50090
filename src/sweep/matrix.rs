//! The travel-time and cost matrix: one route tree per origin ([`Planner::route_tree`]),
//! origins spread over the rayon pool, each row rendered by the thread that computed it and
//! written as soon as it and every row before it are done, so that output starts at once,
//! memory holds only the rows in flight, and the bytes are the same whatever the thread count.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io;
use std::ops::Range;
use std::sync::{Condvar, Mutex, PoisonError};

use serde::Serialize;

use crate::batch::Place;
use crate::network::NodeIdx;
use crate::report::Quantity;
use crate::search::{Criterion, Planner};
use crate::units::Metrics;

/// How a matrix is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MatrixFormat {
    /// One row per cell: origin, destination and the five figures (empty without a route).
    Csv,
    /// One JSON document: the places, then one row per origin with a cell per destination
    /// (`null` without a route), one row per line.
    Json,
}

/// What a matrix's rendering names: the network, its scenarios, the criterion and the places.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MatrixTable {
    /// The network's name.
    pub network: String,
    /// Names of the scenarios applied to it, in order.
    pub scenarios: Vec<String>,
    /// The criterion's name (`time`, `cost`, ...).
    pub optimize: String,
    /// What one container carries, in words, when it is not the default 40' of 10 t: the
    /// figures (cost per box, CO2 for its gross mass) are for it (JSON's `cargo`).
    pub cargo: Option<String>,
    /// The origins, in row order.
    pub origins: Vec<Place>,
    /// The destinations, in column order.
    pub destinations: Vec<Place>,
}

/// What each figure of a cell is measured in, as the JSON states it.
#[derive(Serialize)]
struct Units {
    days: &'static str,
    best_days: &'static str,
    cost_usd: &'static str,
    transfers: &'static str,
    distance_km: &'static str,
    co2_kg: &'static str,
}

const UNITS: Units = Units {
    days: "expected days door to door (the mean over waits, delays, boxes left behind and \
           closures; dwell and transfers included), to 0.1 day",
    best_days: "best-case days: every connection made at once, no waits, no delays, to 0.1 day",
    cost_usd: "USD per FEU, whole dollars",
    transfers: "mode changes and gauge breaks",
    distance_km: "km, whole",
    co2_kg: "kg CO2e per FEU, whole",
};

/// A cell's figures, rounded as route reports round them.
#[derive(Serialize)]
struct Cell {
    days: f64,
    best_days: f64,
    cost_usd: f64,
    transfers: u64,
    distance_km: f64,
    co2_kg: f64,
}

impl Cell {
    /// A cell rounded as every report rounds ([`Quantity`]).
    fn of(m: &Metrics) -> Cell {
        Cell {
            days: Quantity::Days.round(m.seconds),
            best_days: Quantity::Days.round(m.best_seconds),
            cost_usd: Quantity::Usd.round(m.cents),
            transfers: m.transfers,
            distance_km: Quantity::Km.round(m.meters),
            co2_kg: Quantity::Kg.round(m.co2_grams),
        }
    }
}

/// Quotes a CSV field when it holds a comma, a quote or a line break (RFC 4180).
fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

fn json<T: Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|e| format!("\"{e}\""))
}

impl MatrixTable {
    /// What comes before the first row.
    #[must_use]
    pub fn head(&self, format: MatrixFormat) -> String {
        match format {
            MatrixFormat::Csv => "origin,origin_name,destination,destination_name,days,best_days,\
                                  cost_usd,transfers,distance_km,co2_kg\n"
                .to_owned(),
            MatrixFormat::Json => {
                let mut out = String::from("{\n");
                let _ = writeln!(out, "  \"network\": {},", json(&self.network));
                let _ = writeln!(out, "  \"scenarios\": {},", json(&self.scenarios));
                let _ = writeln!(out, "  \"optimize\": {},", json(&self.optimize));
                if let Some(cargo) = &self.cargo {
                    let _ = writeln!(out, "  \"cargo\": {},", json(cargo));
                }
                let _ = writeln!(out, "  \"units\": {},", json(&UNITS));
                let _ = writeln!(out, "  \"origins\": {},", json(&self.origins));
                let _ = writeln!(out, "  \"destinations\": {},", json(&self.destinations));
                out.push_str("  \"rows\": [\n");
                out
            }
        }
    }

    /// The row of origin `row` (its position among the origins), with a cell per destination.
    #[must_use]
    pub fn row(&self, format: MatrixFormat, row: usize, cells: &[Option<Metrics>]) -> String {
        let origin = &self.origins[row];
        match format {
            MatrixFormat::Csv => {
                let mut out = String::with_capacity(cells.len() * 64);
                let from = format!("{},{}", csv_field(&origin.id), csv_field(&origin.name));
                for (to, cell) in self.destinations.iter().zip(cells) {
                    let _ = write!(out, "{from},{},{},", csv_field(&to.id), csv_field(&to.name));
                    match cell {
                        Some(m) => {
                            let c = Cell::of(m);
                            let _ = writeln!(
                                out,
                                "{},{},{},{},{},{}",
                                c.days,
                                c.best_days,
                                c.cost_usd,
                                c.transfers,
                                c.distance_km,
                                c.co2_kg
                            );
                        }
                        None => out.push_str(",,,,,\n"),
                    }
                }
                out
            }
            MatrixFormat::Json => {
                #[derive(Serialize)]
                struct Row<'a> {
                    origin: &'a str,
                    cells: Vec<Option<Cell>>,
                }
                let row_value = Row {
                    origin: &origin.id,
                    cells: cells.iter().map(|c| c.as_ref().map(Cell::of)).collect(),
                };
                let separator = if row == 0 { "" } else { ",\n" };
                format!("{separator}    {}", json(&row_value))
            }
        }
    }

    /// What comes after the last row.
    #[must_use]
    pub fn tail(&self, format: MatrixFormat) -> String {
        match format {
            MatrixFormat::Csv => String::new(),
            MatrixFormat::Json if self.origins.is_empty() => "  ]\n}\n".to_owned(),
            MatrixFormat::Json => "\n  ]\n}\n".to_owned(),
        }
    }
}

/// Computes the rows `rows` (positions among `origins`) of the matrix from `origins` to
/// `destinations` by `criterion`: one [`Planner::route_tree`] per origin, each cell the
/// totals of [`Planner::best`]'s route without constraints (`None`: no route, or the origin
/// itself). Origins are spread over the rayon pool; each row is rendered by `render(row,
/// cells)` on the thread that computed it, and handed to `write(row, text)` in row order as
/// soon as it and every row before it are done. At most a few rows per thread are held at
/// once, so a matrix of any size streams.
///
/// # Errors
/// The first error `write` returns; the remaining rows are then not computed.
///
/// # Complexity
/// One one-to-all search per origin (see [`Planner::route_tree`]) plus O(route steps) per
/// cell, over the pool's threads.
///
/// # Example
/// ```
/// # use corridor::network::load_bundled;
/// # use corridor::search::{Constraints, Criterion, Planner};
/// let net = load_bundled().unwrap().network;
/// let planner = Planner::new(&net);
/// let places = ["Almaty", "Xi'an", "Baku"].map(|p| net.resolve(p).unwrap());
/// let mut days = Vec::new();
/// corridor::sweep::matrix_rows(&planner, &places, &places, Criterion::Time, 0..3,
///     |_, cells| format!("{:?}", cells.iter().map(|c| c.map(|m| m.seconds)).collect::<Vec<_>>()),
///     |row, text| { days.push((row, text)); Ok(()) }).unwrap();
/// let best = planner.best(places[0], places[2], Criterion::Time, &Constraints::default()).unwrap();
/// assert_eq!(days[0], (0, format!("[None, Some({}), Some({})]",
///     planner.best(places[0], places[1], Criterion::Time, &Constraints::default()).unwrap().metrics.seconds,
///     best.metrics.seconds)));
/// ```
pub fn matrix_rows(
    planner: &Planner<'_>,
    origins: &[NodeIdx],
    destinations: &[NodeIdx],
    criterion: Criterion,
    rows: Range<usize>,
    render: impl Fn(usize, &[Option<Metrics>]) -> String + Sync,
    write: impl FnMut(usize, String) -> io::Result<()> + Send,
) -> io::Result<()> {
    let rows = rows.start.min(origins.len())..rows.end.min(origins.len());
    let threads = rayon::current_num_threads().max(1);
    let flow = Mutex::new(Flow {
        next_claim: rows.start,
        next_write: rows.start,
        done: BTreeMap::new(),
        error: None,
        write,
    });
    let room = Condvar::new();
    let held = 2 * threads;
    let worker = || {
        loop {
            let row = {
                let mut flow = flow.lock().unwrap_or_else(PoisonError::into_inner);
                while flow.error.is_none() && flow.done.len() >= held {
                    flow = room.wait(flow).unwrap_or_else(PoisonError::into_inner);
                }
                if flow.error.is_some() || flow.next_claim >= rows.end {
                    return;
                }
                flow.next_claim += 1;
                flow.next_claim - 1
            };
            let mut tree = planner.route_tree(origins[row], criterion);
            let cells: Vec<Option<Metrics>> =
                destinations.iter().map(|&d| tree.metrics(d)).collect();
            drop(tree);
            let text = render(row, &cells);
            drop(cells);
            let mut flow = flow.lock().unwrap_or_else(PoisonError::into_inner);
            flow.done.insert(row, text);
            flow.flush();
            room.notify_all();
        }
    };
    rayon::scope(|scope| {
        for _ in 0..threads.min(rows.len()) {
            scope.spawn(|_| worker());
        }
    });
    let flow = flow.into_inner().unwrap_or_else(PoisonError::into_inner);
    match flow.error {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

/// The rows in flight of [`matrix_rows`]: which to compute next, which to write next, the
/// rows done but not yet written, and the first write error.
struct Flow<F> {
    next_claim: usize,
    next_write: usize,
    done: BTreeMap<usize, String>,
    error: Option<io::Error>,
    write: F,
}

impl<F: FnMut(usize, String) -> io::Result<()>> Flow<F> {
    /// Writes every row that is done and follows the rows written.
    fn flush(&mut self) {
        while self.error.is_none() {
            let Some(text) = self.done.remove(&self.next_write) else {
                return;
            };
            if let Err(e) = (self.write)(self.next_write, text) {
                self.error = Some(e);
                self.done.clear();
                return;
            }
            self.next_write += 1;
        }
    }
}
