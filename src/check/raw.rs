//! Mirror types of a reference file as the user wrote it, each value with its byte span, read
//! with the network loader's spanned TOML reader so that every syntax error, unknown key,
//! missing key and wrong type is collected at once; checks of meaning are left to `validate`.

use toml::de::{DeTable, DeValue};

use crate::network::diagnostic::one_of_hint;
use crate::network::raw::{Entry, Sp, Span, describe, parse_document};

use crate::network::diagnostic::Problem;

/// The whole file: an optional description and its `[[reference]]` entries.
#[derive(Debug, Clone, Default)]
pub(crate) struct RawFile {
    pub(crate) references: Vec<RawReference>,
}

/// One `[[reference]]` entry; a field is `None` (or empty) when it is missing or has the wrong
/// type (both already reported).
#[derive(Debug, Clone)]
pub(crate) struct RawReference {
    /// Position of the entry among the `[[reference]]` entries, from 0.
    pub(crate) entry: usize,
    pub(crate) header: Span,
    pub(crate) name: Option<Sp<String>>,
    pub(crate) from: Option<Sp<String>>,
    pub(crate) to: Option<Sp<String>>,
    pub(crate) optimize: Option<Sp<String>>,
    pub(crate) scenario: Option<Sp<String>>,
    pub(crate) via: Vec<Sp<String>>,
    pub(crate) avoid: Vec<Sp<String>>,
    pub(crate) avoid_modes: Vec<Sp<String>>,
    pub(crate) passes: Vec<Sp<String>>,
    pub(crate) avoids: Vec<Sp<String>>,
    pub(crate) days: Option<Sp<[Sp<f64>; 2]>>,
    /// Which days figure `days` checks: `best`, `expected` or `p90`.
    pub(crate) check: Option<Sp<String>>,
    pub(crate) cost_usd: Option<Sp<[Sp<f64>; 2]>>,
    pub(crate) max_transfers: Option<Sp<f64>>,
    pub(crate) source: Option<Sp<String>>,
    pub(crate) note: Option<Sp<String>>,
}

const TOP_KEYS: &[&str] = &["description", "reference"];
const REFERENCE_KEYS: &[&str] = &[
    "name",
    "from",
    "to",
    "optimize",
    "scenario",
    "via",
    "avoid",
    "avoid_modes",
    "passes",
    "avoids",
    "days",
    "check",
    "cost_usd",
    "max_transfers",
    "source",
    "note",
];
const REFERENCE_REQUIRED: &[&str] = &["name", "from", "to"];

/// `reference 3 ("xian-baku")`, with the 1-based entry number and the name when there is one.
pub(crate) fn reference_label(entry: usize, name: Option<&str>) -> String {
    match name {
        Some(name) if !name.is_empty() => format!("reference {} ({name:?})", entry + 1),
        _ => format!("reference {}", entry + 1),
    }
}

/// Parses `text` into raw entries, pushing every structural problem to `problems`; `None` when
/// the text is not valid TOML (see the network loader for why nothing more is read then).
pub(crate) fn parse(text: &str, problems: &mut Vec<Problem>) -> Option<RawFile> {
    let doc = parse_document(text, problems)?;
    let doc = doc.get_ref();
    let mut raw = RawFile::default();
    for (key, value) in doc {
        let name: &str = key.get_ref();
        match name {
            "description" => {
                if !matches!(value.get_ref(), DeValue::String(_)) {
                    problems.push(Problem::error(
                        value.span(),
                        format!(
                            "description: expected a string, found {}",
                            describe(value.get_ref())
                        ),
                    ));
                }
            }
            "reference" => {
                let DeValue::Array(items) = value.get_ref() else {
                    problems.push(Problem::error(
                        value.span(),
                        format!(
                            "reference: expected an array of tables [[reference]], found {}",
                            describe(value.get_ref())
                        ),
                    ));
                    continue;
                };
                for (entry, item) in items.iter().enumerate() {
                    match item.get_ref() {
                        DeValue::Table(t) => {
                            raw.references
                                .push(read_reference(entry, t, item.span(), problems));
                        }
                        other => problems.push(Problem::error(
                            item.span(),
                            format!(
                                "reference {}: expected a table, found {}",
                                entry + 1,
                                describe(other)
                            ),
                        )),
                    }
                }
            }
            _ => problems.push(
                Problem::error(key.span(), format!("unknown top-level key {name:?}"))
                    .hint(Some(one_of_hint(name, TOP_KEYS))),
            ),
        }
    }
    Some(raw)
}

fn read_reference(
    entry: usize,
    table: &DeTable<'_>,
    header: Span,
    problems: &mut Vec<Problem>,
) -> RawReference {
    let name = table.get("name").and_then(|v| v.get_ref().as_str());
    let mut e = Entry {
        table,
        label: reference_label(entry, name),
        problems,
    };
    e.check_keys(REFERENCE_KEYS);
    let reference = RawReference {
        entry,
        header: header.clone(),
        name: e.name("name"),
        from: e.string("from"),
        to: e.string("to"),
        optimize: e.string("optimize"),
        scenario: e.string("scenario"),
        via: e.strings("via"),
        avoid: e.strings("avoid"),
        avoid_modes: e.strings("avoid_modes"),
        passes: e.strings("passes"),
        avoids: e.strings("avoids"),
        days: bounds(&mut e, "days"),
        check: e.string("check"),
        cost_usd: bounds(&mut e, "cost_usd"),
        max_transfers: e.integer("max_transfers"),
        source: e.string("source"),
        note: e.string("note"),
    };
    e.check_required(header, REFERENCE_REQUIRED);
    reference
}

/// A `[min, max]` pair of numbers.
fn bounds(e: &mut Entry<'_, '_>, key: &str) -> Option<Sp<[Sp<f64>; 2]>> {
    let value = e.get(key)?;
    match value.get_ref() {
        DeValue::Array(pair) if pair.len() == 2 => {
            let min = pair
                .first()
                .and_then(|v| e.number_value(&format!("{key}[0]"), v));
            let max = pair
                .get(1)
                .and_then(|v| e.number_value(&format!("{key}[1]"), v));
            Some(Sp {
                value: [min?, max?],
                span: value.span(),
            })
        }
        other => {
            e.wrong_type(
                key,
                value.span(),
                "[min, max], an array of 2 numbers",
                other,
            );
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_field_and_reports_every_problem() {
        let text = "[[reference]]\nname = \"a\"\nfrom = \"x\"\nto = \"y\"\ndays = [1, 2.5]\n\
                    passes = [\"p|q\"]\nmax_transfers = 3\n\n[[reference]]\nfrom = 1\n\
                    days = [1]\ncolour = \"red\"\n";
        let mut problems = Vec::new();
        let raw = parse(text, &mut problems).unwrap_or_default();
        assert_eq!(raw.references.len(), 2);
        let first = &raw.references[0];
        let days = first
            .days
            .as_ref()
            .map(|d| [d.value[0].value, d.value[1].value]);
        assert_eq!(days, Some([1.0, 2.5]));
        assert_eq!(first.passes.len(), 1);
        assert_eq!(first.max_transfers.as_ref().map(|m| m.value), Some(3.0));
        let messages: Vec<&str> = problems.iter().map(|p| p.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "reference 2: unknown key \"colour\"",
                "reference 2: from: expected a string, found an integer",
                "reference 2: days: expected [min, max], an array of 2 numbers, found an array \
                 of 1 item",
                "reference 2: missing keys \"name\", \"to\"",
            ]
        );
    }
}
