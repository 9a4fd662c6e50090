//! `corridor merge`: shard files back into the output of the whole run. Every file is read
//! once to check it (a shard header first, every line of the same run and shard, its units in
//! order, an end line last), the files together must come from one run and hold every unit
//! exactly once, and only then is anything written: the files are read again, in unit order,
//! and rendered by the same code as the whole run. A matrix streams row by row; a comparison
//! or a check is put together in memory (its units are small).

use std::fs::File;
use std::io::{self, BufRead, BufReader};
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::matrix::MatrixFormat;
use super::units::{
    CheckSetup, CheckUnit, CompareSetup, CompareUnit, Inputs, MatrixSetup, MatrixUnit, metrics,
};
use super::{EndLine, FORMAT_VERSION, Header, UnitLine};
use crate::batch::{Comparison, InvariantCheck, InvariantPlan, PairFindings};
use crate::check;
use crate::network::Network;
use crate::search::Criterion;
use crate::units::Metrics;

/// What a merge writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MergeFormat {
    /// Tables for people (compare, check).
    Table,
    /// JSON (every command).
    Json,
    /// CSV (compare, matrix).
    Csv,
}

impl MergeFormat {
    fn name(self) -> &'static str {
        match self {
            MergeFormat::Table => "table",
            MergeFormat::Json => "json",
            MergeFormat::Csv => "csv",
        }
    }
}

/// What a merge found.
#[derive(Debug, Clone, PartialEq)]
pub struct Merged {
    /// The command the shards ran: `compare`, `matrix` or `check`.
    pub command: String,
    /// The invariant checks of a comparison (empty otherwise).
    pub invariants: Vec<InvariantCheck>,
    /// Whether a reference of a check failed, or an invariant of a comparison was violated:
    /// what makes the whole run exit with 1.
    pub failed: bool,
}

/// Why shard files could not be merged.
#[derive(Debug, thiserror::Error)]
pub enum MergeError {
    /// The files are not complete shards of one run: every problem found, one per line.
    #[error("{}", .0.join("\n"))]
    Input(Vec<String>),
    /// Writing the output failed.
    #[error("writing the merged output: {0}")]
    Write(#[from] io::Error),
}

/// A shard file as checked.
#[derive(Debug)]
struct ShardFile {
    path: PathBuf,
    header: Header<Value>,
}

impl ShardFile {
    fn units(&self) -> Range<usize> {
        self.header.units[0]..self.header.units[1]
    }

    fn shown(&self) -> String {
        self.path.display().to_string()
    }
}

/// Only whether a line is an end line.
#[derive(Deserialize)]
struct Probe {
    #[serde(default)]
    end: Option<bool>,
}

fn open(path: &Path) -> Result<impl Iterator<Item = io::Result<String>>, String> {
    let file =
        File::open(path).map_err(|e| format!("{}: cannot read file: {e}", path.display()))?;
    Ok(BufReader::new(file).lines())
}

/// A short rendering of a JSON value for messages.
fn short(v: &Value) -> String {
    let text = v.to_string();
    if text.chars().count() > 60 {
        format!("{}…", text.chars().take(60).collect::<String>())
    } else {
        text
    }
}

/// The first place where two setups differ: its path and both values.
fn difference(a: &Value, b: &Value, path: &str) -> Option<(String, String, String)> {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for (key, va) in x {
                let at = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                match y.get(key) {
                    Some(vb) => {
                        if let Some(d) = difference(va, vb, &at) {
                            return Some(d);
                        }
                    }
                    None => return Some((at, short(va), "nothing".to_owned())),
                }
            }
            y.keys()
                .find(|k| !x.contains_key(*k))
                .map(|k| (format!("{path}.{k}"), "nothing".to_owned(), short(&y[k])))
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => x
            .iter()
            .zip(y)
            .enumerate()
            .find_map(|(i, (va, vb))| difference(va, vb, &format!("{path}[{i}]"))),
        _ if a == b => None,
        _ => Some((path.to_owned(), short(a), short(b))),
    }
}

/// Reads the header of a file and checks every other line; the problems found, if any.
fn check_file<R: DeserializeOwned>(path: &Path) -> Result<ShardFile, String> {
    let shown = path.display();
    let mut lines = open(path)?;
    let first = match lines.next() {
        Some(Ok(line)) => line,
        Some(Err(e)) => return Err(format!("{shown}: cannot read file: {e}")),
        None => {
            return Err(format!(
                "{shown}: file is empty, not a shard file (a shard run that was stopped before it started?)"
            ));
        }
    };
    let header: Header<Value> = match serde_json::from_str::<Header<Value>>(&first) {
        Ok(h) if h.corridor == "shard" => h,
        Err(_) if first.starts_with("{\"corridor\":\"shard\"") => {
            return Err(format!(
                "{shown}:1: the shard header is cut short or damaged"
            ));
        }
        _ => return Err(not_a_shard(path)),
    };
    if header.version != FORMAT_VERSION {
        return Err(format!(
            "{shown}: shard format version {}, but this corridor reads version {FORMAT_VERSION}; \
             merge with the corridor that wrote it",
            header.version
        ));
    }
    let units = header.units[0]..header.units[1];
    if units.start > units.end || units.end > header.total_units {
        return Err(format!(
            "{shown}:1: units {}..{} do not fit in {} units",
            units.start, units.end, header.total_units
        ));
    }
    let mut next = units.start;
    let mut ended = false;
    for (i, line) in lines.enumerate() {
        let n = i + 2;
        let line = line.map_err(|e| format!("{shown}:{n}: cannot read: {e}"))?;
        if ended {
            return Err(format!("{shown}:{n}: a line after the end line"));
        }
        let bad =
            |e: serde_json::Error| format!("{shown}:{n}: not a {} unit line: {e}", header.command);
        let probe: Probe = serde_json::from_str(&line).map_err(bad)?;
        let (run, shard) = if probe.end.is_some() {
            let end: EndLine = serde_json::from_str(&line).map_err(bad)?;
            if end.units != next - units.start {
                return Err(format!(
                    "{shown}:{n}: the end line counts {} units, the file has {}",
                    end.units,
                    next - units.start
                ));
            }
            ended = true;
            (end.run, end.shard)
        } else {
            let unit: UnitLine<String, R> = serde_json::from_str(&line).map_err(bad)?;
            if unit.unit != next || next >= units.end {
                return Err(format!(
                    "{shown}:{n}: unit {} where the shard {} (units {}..{}) has {}",
                    unit.unit,
                    header.shard,
                    units.start,
                    units.end,
                    if next < units.end {
                        format!("unit {next}")
                    } else {
                        "no more".to_owned()
                    }
                ));
            }
            next += 1;
            (unit.run, unit.shard)
        };
        if run != header.run || shard != header.shard {
            return Err(format!(
                "{shown}:{n}: a line of run {run} shard {shard} in the file of run {} shard {}",
                header.run, header.shard
            ));
        }
    }
    if !ended || next != units.end {
        return Err(format!(
            "{shown}: incomplete: {} of the shard's {} units and no end line; the shard run did \
             not finish (run it again)",
            next - units.start,
            units.len()
        ));
    }
    Ok(ShardFile {
        path: path.to_owned(),
        header,
    })
}

fn not_a_shard(path: &Path) -> String {
    format!(
        "{}:1: not a shard file: shard files are the JSON lines `corridor compare`, `matrix` \
         and `check` write with --shard I/N",
        path.display()
    )
}

/// The command a file's header names (read before the file is checked as that command's).
fn command_of(path: &Path) -> Result<String, String> {
    #[derive(Deserialize)]
    struct Command {
        command: String,
    }
    let mut lines = open(path)?;
    let first = lines.next().and_then(Result::ok).unwrap_or_default();
    serde_json::from_str::<Command>(&first)
        .map(|c| c.command)
        .or_else(|_| check_file::<Value>(path).map(|f| f.header.command))
}

/// Checks that the files come from one run and hold every unit exactly once; returns them
/// in unit order.
fn check_files(files: &[PathBuf]) -> Result<Vec<ShardFile>, Vec<String>> {
    if files.is_empty() {
        return Err(vec!["no shard files given".to_owned()]);
    }
    let command = command_of(&files[0]).map_err(|e| vec![e])?;
    let check = match command.as_str() {
        "matrix" => check_file::<MatrixUnit>,
        "compare" => check_file::<CompareUnit>,
        "check" => check_file::<CheckUnit>,
        other => {
            return Err(vec![format!(
                "{}: shards of `corridor {other}`, which this corridor cannot merge",
                files[0].display()
            )]);
        }
    };
    let mut problems = Vec::new();
    let mut checked: Vec<ShardFile> = Vec::new();
    for (i, path) in files.iter().enumerate() {
        if files[..i].contains(path) {
            problems.push(format!("{} is given twice", path.display()));
            continue;
        }
        match check(path) {
            Ok(file) => checked.push(file),
            Err(e) => problems.push(e),
        }
    }
    if let Some(first) = checked.first() {
        for other in &checked[1..] {
            let (a, b) = (&first.header, &other.header);
            let what = if a.command != b.command {
                Some(format!(
                    "`corridor {}` against `corridor {}`",
                    a.command, b.command
                ))
            } else if let Some((path, x, y)) = difference(&a.setup, &b.setup, "") {
                Some(format!("{path} is {x} in one and {y} in the other"))
            } else if a.total_units != b.total_units {
                Some(format!("{} units against {}", a.total_units, b.total_units))
            } else if a.run != b.run {
                Some("written by different versions of corridor".to_owned())
            } else {
                None
            };
            if let Some(what) = what {
                problems.push(format!(
                    "{} and {} come from different runs: {what}",
                    first.shown(),
                    other.shown()
                ));
            }
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    checked.sort_by_key(|f| (f.header.units[0], f.header.units[1]));
    let total = checked[0].header.total_units;
    let counts: Vec<usize> = checked
        .iter()
        .filter_map(|f| f.header.shard.split_once('/')?.1.parse().ok())
        .collect();
    // The shards of the files' shard count that hold a range of units, for a hint.
    let owners = |range: Range<usize>| -> String {
        match counts.first() {
            Some(&count) if counts.iter().all(|&c| c == count) => {
                let shards: Vec<String> = (0..count)
                    .filter(|&index| {
                        let u = super::Shard { index, count }.units(total);
                        u.start < range.end && range.start < u.end
                    })
                    .map(|index| format!("{index}/{count}"))
                    .collect();
                format!(" (shard {} of the run)", shards.join(", "))
            }
            _ => String::new(),
        }
    };
    let mut next = 0;
    let mut last: Option<&ShardFile> = None;
    for file in &checked {
        let units = file.units();
        if units.is_empty() {
            continue;
        }
        if units.start > next {
            problems.push(format!(
                "missing units {}..{} of {total}{}: no file holds them",
                next,
                units.start,
                owners(next..units.start)
            ));
        } else if units.start < next {
            problems.push(format!(
                "units {}..{} are in both {} and {}",
                units.start,
                next.min(units.end),
                last.map_or_else(String::new, ShardFile::shown),
                file.shown()
            ));
        }
        if units.end > next {
            next = units.end;
            last = Some(file);
        }
    }
    if next < total {
        problems.push(format!(
            "missing units {next}..{total} of {total}{}: no file holds them",
            owners(next..total)
        ));
    }
    if problems.is_empty() {
        Ok(checked)
    } else {
        Err(problems)
    }
}

/// Every unit result of the files, in unit order.
fn units_of<R: DeserializeOwned>(
    files: &[ShardFile],
    mut each: impl FnMut(usize, R) -> Result<(), MergeError>,
) -> Result<(), MergeError> {
    for file in files {
        let lines = open(&file.path).map_err(|e| MergeError::Input(vec![e]))?;
        for line in lines.skip(1) {
            let line = line?;
            if serde_json::from_str::<Probe>(&line).is_ok_and(|p| p.end.is_some()) {
                break;
            }
            let unit: UnitLine<String, R> = serde_json::from_str(&line).map_err(|e| {
                MergeError::Input(vec![format!(
                    "{}: changed while merging: {e}",
                    file.shown()
                )])
            })?;
            each(unit.unit, unit.result)?;
        }
    }
    Ok(())
}

fn setup<S: DeserializeOwned>(file: &ShardFile) -> Result<S, MergeError> {
    serde_json::from_value(file.header.setup.clone()).map_err(|e| {
        MergeError::Input(vec![format!(
            "{}:1: the setup does not read: {e}",
            file.shown()
        )])
    })
}

/// Merges shard files into the output of the whole run, written to `out` in `format` (by
/// default what the command writes by default: a table for `compare` and `check`, CSV for
/// `matrix`). The files may come in any order and from any shard count; they must be
/// complete shards of one run that together hold every unit once. A check's shards are
/// rendered with the network `network` returns for the run's inputs (its node names).
///
/// # Errors
/// [`MergeError::Input`] with every problem found, before anything is written: a file that
/// is not a complete shard file, files of different runs, units missing or held twice, a
/// format the command does not write; [`MergeError::Write`] when writing fails.
pub fn merge_files(
    files: &[PathBuf],
    format: Option<MergeFormat>,
    network: &dyn Fn(&Inputs) -> Result<Network, String>,
    out: &mut dyn io::Write,
) -> Result<Merged, MergeError> {
    let checked = check_files(files).map_err(MergeError::Input)?;
    let command = checked[0].header.command.clone();
    let refuse = |f: MergeFormat, writes: &str| {
        MergeError::Input(vec![format!(
            "--format {}: merged `corridor {command}` output is {writes}",
            f.name()
        )])
    };
    let mut merged = Merged {
        command: command.clone(),
        invariants: Vec::new(),
        failed: false,
    };
    match command.as_str() {
        "matrix" => {
            let format = match format.unwrap_or(MergeFormat::Csv) {
                MergeFormat::Csv => MatrixFormat::Csv,
                MergeFormat::Json => MatrixFormat::Json,
                f @ MergeFormat::Table => return Err(refuse(f, "csv or json")),
            };
            let table = setup::<MatrixSetup>(&checked[0])?.table();
            out.write_all(table.head(format).as_bytes())?;
            units_of(&checked, |row, unit: MatrixUnit| {
                let cells: Vec<Option<Metrics>> =
                    unit.cells.into_iter().map(|c| c.map(metrics)).collect();
                out.write_all(table.row(format, row, &cells).as_bytes())?;
                Ok(())
            })?;
            out.write_all(table.tail(format).as_bytes())?;
        }
        "compare" => {
            let format = format.unwrap_or(MergeFormat::Table);
            let setup: CompareSetup = setup(&checked[0])?;
            let criterion = [
                Criterion::Time,
                Criterion::Cost,
                Criterion::Transfers,
                Criterion::Co2,
            ]
            .into_iter()
            .find(|c| c.name() == setup.optimize)
            .ok_or_else(|| {
                MergeError::Input(vec![format!("unknown criterion {:?}", setup.optimize)])
            })?;
            let pairs = setup.pairs.len();
            let networks = setup.inputs.scenarios.len() + 1;
            let mut results = vec![vec![None; pairs]; networks];
            let mut findings: Vec<PairFindings> = vec![Vec::new(); pairs];
            units_of(&checked, |_, unit: CompareUnit| {
                match unit {
                    CompareUnit::Best {
                        network,
                        pair,
                        route,
                    } => {
                        if let Some(slot) = results.get_mut(network).and_then(|r| r.get_mut(pair)) {
                            *slot = route.map(super::units::BestRoute::best);
                        }
                    }
                    CompareUnit::Invariants { pair, checks } => {
                        if let Some(slot) = findings.get_mut(pair) {
                            *slot = checks;
                        }
                    }
                }
                Ok(())
            })?;
            let comparison = Comparison {
                criterion: criterion.name(),
                pairs: setup.pairs,
                scenarios: std::iter::once("baseline".to_owned())
                    .chain(setup.inputs.scenarios.iter().map(|s| s.name.clone()))
                    .collect(),
                results,
                cargo: None,
            };
            let checks = setup.invariants.map_or_else(Vec::new, |heads| {
                InvariantPlan::assemble(&heads, pairs, &findings)
            });
            let text = match format {
                MergeFormat::Table => comparison.to_table(&checks),
                MergeFormat::Json => comparison.to_json(&checks),
                MergeFormat::Csv => comparison.to_csv(),
            };
            out.write_all(text.as_bytes())?;
            merged.failed = checks.iter().any(InvariantCheck::violated);
            merged.invariants = checks;
        }
        "check" => {
            let format = format.unwrap_or(MergeFormat::Table);
            if format == MergeFormat::Csv {
                return Err(refuse(format, "table or json"));
            }
            let setup: CheckSetup = setup(&checked[0])?;
            let network = network(&setup.inputs).map_err(|e| MergeError::Input(vec![e]))?;
            let mut outcomes = Vec::new();
            units_of(&checked, |_, unit: CheckUnit| {
                outcomes.push(unit.outcome());
                Ok(())
            })?;
            let text = match format {
                MergeFormat::Json => check::to_json(&network, &setup.references, &outcomes),
                _ => check::to_table(&network, &outcomes),
            };
            out.write_all(text.as_bytes())?;
            merged.failed = !outcomes.iter().all(check::Outcome::passed);
        }
        _ => unreachable!("check_files accepts only these commands"),
    }
    out.flush()?;
    Ok(merged)
}
