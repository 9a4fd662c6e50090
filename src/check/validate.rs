//! Checks of meaning on raw reference entries against a network: places resolve (with the
//! planner's own rules and suggestions), criteria and modes exist, ranges are ordered, names are
//! unique and every published figure has a `source`. Every problem is collected.

use std::collections::HashMap;

use super::raw::{RawFile, RawReference, reference_label};
use super::{Avoided, Bounds, DaysFigure, Reference, mode_names};
use crate::network::diagnostic::{LineIndex, Problem, one_of_hint};
use crate::network::raw::{Sp, Span};
use crate::network::{Country, MAX_VIA_POINTS, Mode, Network, NodeIdx};
use crate::search::{Constraints, Criterion};
use crate::units::Figure;

/// The criteria a reference may name.
const CRITERIA: &[&str] = &["time", "cost", "transfers", "co2"];

/// Validates every entry; returns the references that are free of errors (the caller discards
/// them all when any error was pushed).
pub(crate) fn validate(
    file: &RawFile,
    network: &Network,
    lines: &LineIndex,
    problems: &mut Vec<Problem>,
) -> Vec<Reference> {
    let mut names: HashMap<&str, usize> = HashMap::new();
    let mut out = Vec::new();
    for raw in &file.references {
        if let Some(name) = &raw.name {
            if name.value.trim().is_empty() {
                problems.push(Problem::error(
                    name.span.clone(),
                    format!(
                        "{}: name must not be empty",
                        reference_label(raw.entry, None)
                    ),
                ));
            } else if let Some(&first) = names.get(name.value.as_str()) {
                problems.push(Problem::error(
                    name.span.clone(),
                    format!(
                        "duplicate reference name {:?} (first used on line {})",
                        name.value,
                        lines.line_of(first)
                    ),
                ));
            } else {
                names.insert(name.value.as_str(), name.span.start);
            }
        }
        let mut v = Checker {
            network,
            problems,
            label: reference_label(raw.entry, raw.name.as_ref().map(|n| n.value.as_str())),
            ok: true,
        };
        if let Some(reference) = v.reference(raw, lines) {
            out.push(reference);
        }
    }
    if file.references.is_empty() {
        problems.push(
            Problem::error(0..0, "no [[reference]] entries".to_owned()).hint(Some(
                "add [[reference]] entries with name, from and to".to_owned(),
            )),
        );
    }
    out
}

struct Checker<'a> {
    network: &'a Network,
    problems: &'a mut Vec<Problem>,
    label: String,
    /// Whether no error was found in this entry.
    ok: bool,
}

impl Checker<'_> {
    fn error(&mut self, span: &Span, message: &str, hint: Option<String>) {
        self.ok = false;
        self.problems
            .push(Problem::error(span.clone(), format!("{}: {message}", self.label)).hint(hint));
    }

    fn place(&mut self, key: &str, place: &Sp<String>) -> Option<NodeIdx> {
        match self.network.resolve(&place.value) {
            Ok(i) => Some(i),
            Err(e) => {
                self.error(&place.span, &format!("{key}: {e}"), None);
                None
            }
        }
    }

    /// A place, or a country by ISO code or name (`RU`, `Russia`), as `--avoid` reads it. A
    /// country that no node of the network is in is an error: the reference would check
    /// nothing.
    fn avoided(&mut self, key: &str, item: &Sp<String>) -> Option<Avoided> {
        if let Some(country) = Country::find(&item.value) {
            if self.network.has_country(country.code) {
                return Some(Avoided::Country(country.code.to_owned()));
            }
            let code_of_a_place =
                item.value.trim().len() == 2 && self.network.resolve(&item.value).is_ok();
            if !code_of_a_place {
                self.error(
                    &item.span,
                    &format!("{key}: no node of the network is in {country}"),
                    Some("avoiding it would change nothing: remove it".to_owned()),
                );
                return None;
            }
        }
        self.place(key, item).map(Avoided::Node)
    }

    fn bounds(
        &mut self,
        key: &str,
        kind: Figure,
        raw: Option<&Sp<[Sp<f64>; 2]>>,
    ) -> Option<Bounds> {
        let raw = raw?;
        let [min, max] = &raw.value;
        let mut good = true;
        for x in [min, max] {
            if let Err(problem) = kind.check(x.value) {
                self.error(&x.span, &format!("{key}: {problem}"), None);
                good = false;
            }
        }
        if good && min.value > max.value {
            self.error(
                &raw.span,
                &format!(
                    "{key}: the minimum {} is above the maximum {}",
                    min.value, max.value
                ),
                Some(format!("write [{}, {}]", max.value, min.value)),
            );
            good = false;
        }
        good.then_some(Bounds {
            min: min.value,
            max: max.value,
        })
    }

    fn reference(&mut self, raw: &RawReference, lines: &LineIndex) -> Option<Reference> {
        let from = raw.from.as_ref().and_then(|p| self.place("from", p));
        let to = raw.to.as_ref().and_then(|p| self.place("to", p));
        if let (Some(a), Some(b), Some(span)) = (from, to, raw.to.as_ref().map(|t| &t.span))
            && a == b
        {
            self.error(span, "from and to are the same place", None);
        }
        let criterion = match &raw.optimize {
            None => Some(Criterion::Time),
            Some(o) => match o.value.as_str() {
                "time" => Some(Criterion::Time),
                "cost" => Some(Criterion::Cost),
                "transfers" => Some(Criterion::Transfers),
                "co2" => Some(Criterion::Co2),
                other => {
                    let hint = Some(one_of_hint(other, CRITERIA));
                    self.error(&o.span, &format!("unknown optimize {other:?}"), hint);
                    None
                }
            },
        };
        let mut constraints = Constraints::default();
        if let Some(extra) = raw.via.get(MAX_VIA_POINTS) {
            self.error(
                &extra.span,
                &format!(
                    "via: {} places; a route passes at most {MAX_VIA_POINTS} via points",
                    raw.via.len()
                ),
                Some("see docs/limits.md".to_owned()),
            );
        }
        for place in &raw.via {
            if let Some(i) = self.place("via", place) {
                constraints.via.push(i);
            }
        }
        for item in &raw.avoid {
            match self.avoided("avoid", item) {
                Some(Avoided::Node(i)) => constraints.avoid_nodes.push(i),
                Some(Avoided::Country(c)) => constraints.avoid_countries.push(c),
                None => {}
            }
        }
        for mode in &raw.avoid_modes {
            if let Some(m) = Mode::parse(&mode.value) {
                constraints.avoid_modes.push(m);
            } else {
                let hint = Some(one_of_hint(&mode.value, &mode_names()));
                self.error(
                    &mode.span,
                    &format!("avoid_modes: unknown mode {:?}", mode.value),
                    hint,
                );
            }
        }
        let mut passes = Vec::new();
        for item in &raw.passes {
            let mut alternatives = Vec::new();
            for alternative in item.value.split('|') {
                let alternative = alternative.trim();
                if alternative.is_empty() {
                    self.error(
                        &item.span,
                        &format!("passes: {:?} has an empty alternative", item.value),
                        Some("separate places with |, as in \"aktau|kuryk\"".to_owned()),
                    );
                    continue;
                }
                let place = Sp {
                    value: alternative.to_owned(),
                    span: item.span.clone(),
                };
                if let Some(i) = self.place("passes", &place) {
                    alternatives.push(i);
                }
            }
            passes.push(alternatives);
        }
        let avoids: Vec<Avoided> = raw
            .avoids
            .iter()
            .filter_map(|item| self.avoided("avoids", item))
            .collect();
        let days = self.bounds("days", Figure::RouteDays, raw.days.as_ref());
        let days_figure = match &raw.check {
            None => DaysFigure::default(),
            Some(c) => {
                if raw.days.is_none() {
                    self.error(
                        &c.span,
                        "check says which days figure to check, but the entry has no days",
                        Some("add days = [min, max], or remove check".to_owned()),
                    );
                }
                DaysFigure::parse(&c.value).unwrap_or_else(|| {
                    let hint = Some(one_of_hint(&c.value, &DaysFigure::NAMES));
                    self.error(&c.span, &format!("unknown check {:?}", c.value), hint);
                    DaysFigure::default()
                })
            }
        };
        let cost_usd = self.bounds("cost_usd", Figure::RouteUsd, raw.cost_usd.as_ref());
        let max_transfers = raw.max_transfers.as_ref().and_then(|m| {
            if (0.0..=1e6).contains(&m.value) {
                Some(m.value as u64)
            } else {
                self.error(&m.span, "max_transfers must be between 0 and 1000000", None);
                None
            }
        });
        let figures = raw.days.as_ref().or(raw.cost_usd.as_ref());
        let source = raw.source.as_ref().map(|s| s.value.trim().to_owned());
        if let Some(s) = &raw.source
            && s.value.trim().is_empty()
        {
            self.error(&s.span, "source must not be empty", None);
        } else if let (Some(figure), None) = (figures, &source) {
            self.error(
                &figure.span,
                "a published figure needs a source",
                Some("add source = \"who published it, where and when\" to the entry".to_owned()),
            );
        }
        if let Some(s) = &raw.scenario
            && s.value.trim().is_empty()
        {
            self.error(&s.span, "scenario: the file name must not be empty", None);
        }
        let (Some(from), Some(to), Some(criterion), true) = (from, to, criterion, self.ok) else {
            return None;
        };
        Some(Reference {
            name: raw
                .name
                .as_ref()
                .map(|n| n.value.clone())
                .unwrap_or_default(),
            line: lines.line_of(raw.header.start),
            from,
            to,
            criterion,
            constraints,
            scenario: raw.scenario.as_ref().map(|s| s.value.clone()),
            passes,
            avoids,
            days,
            days_figure,
            cost_usd,
            max_transfers,
            source,
            note: raw.note.as_ref().map(|n| n.value.clone()),
        })
    }
}
