//! Reading a tariff file: the text is parsed into a spanned TOML document and read entry by
//! entry into [`Tariffs`], collecting every syntax error, unknown or missing key, wrong type,
//! bad figure and bad date with its byte span. Checks that need a network belong to `apply`.

use std::ops::Range;

use toml::de::{DeTable, DeValue};

use super::{Price, Rate, Tariffs};
use crate::calendar::Date;
use crate::network::diagnostic::{Problem, one_of_hint};
use crate::network::raw::{Entry, Sp, describe};
use crate::network::validate::country_hint;
use crate::network::{Container, Country, Mode};
use crate::units::Figure;

type Span = Range<usize>;

const TOP_KEYS: &[&str] = &["tariffs", "rate"];
const TARIFFS_KEYS: &[&str] = &["name", "description"];
const RATE_KEYS: &[&str] = &[
    "operator",
    "link",
    "links",
    "mode",
    "countries",
    "container",
    "usd",
    "usd_per_km",
    "valid_from",
    "valid_to",
    "source",
];
const SELECTION: &[&str] = &["operator", "link", "links", "mode", "countries"];

/// Where a rate's entry and its selection keys are, for problems found against a network.
#[derive(Debug, Clone, PartialEq, Default)]
pub(super) struct RateSpans {
    pub(super) entry: Span,
    pub(super) operator: Option<Span>,
    /// One per link id, in order.
    pub(super) links: Vec<Span>,
    /// One per country, in order.
    pub(super) countries: Vec<Span>,
}

/// Reads the whole file; `None` when it is not TOML or has no `[tariffs]` table (reported).
pub(super) fn parse(text: &str, problems: &mut Vec<Problem>) -> Option<Tariffs> {
    if text.trim_start_matches('\u{feff}').trim().is_empty() {
        problems.push(Problem::error(0..0, "file is empty".to_owned()).hint(Some(
            "a tariff file needs a [tariffs] table and [[rate]] entries".to_owned(),
        )));
        return None;
    }
    let doc = crate::network::raw::parse_document(text, problems)?;
    let doc = doc.get_ref();
    let mut tariffs = Tariffs {
        name: String::new(),
        description: String::new(),
        rates: Vec::new(),
        origin: None,
    };
    let mut header = false;
    for (key, value) in doc {
        let name: &str = key.get_ref();
        match (name, value.get_ref()) {
            ("tariffs", DeValue::Table(t)) => {
                header = true;
                let mut e = Entry {
                    table: t,
                    label: "tariffs".to_owned(),
                    problems,
                };
                e.check_keys(TARIFFS_KEYS);
                if let Some(n) = e.name("name") {
                    if n.value.trim().is_empty() {
                        e.problems.push(Problem::error(
                            n.span.clone(),
                            "tariffs: name must not be empty".to_owned(),
                        ));
                    }
                    tariffs.name = n.value;
                }
                if let Some(d) = e.string("description") {
                    tariffs.description = d.value;
                }
                e.check_required(value.span(), &["name"]);
            }
            ("rate", DeValue::Array(items)) => {
                for (i, item) in items.iter().enumerate() {
                    match item.get_ref() {
                        DeValue::Table(t) => {
                            if let Some(rate) = read_rate(i, t, item.span(), problems) {
                                tariffs.rates.push(rate);
                            }
                        }
                        other => problems.push(Problem::error(
                            item.span(),
                            format!(
                                "rate {}: expected a table, found {}",
                                i + 1,
                                describe(other)
                            ),
                        )),
                    }
                }
            }
            ("tariffs" | "rate", other) => problems.push(Problem::error(
                value.span(),
                format!(
                    "{name}: expected {}, found {}",
                    if name == "rate" {
                        "[[rate]] entries"
                    } else {
                        "a [tariffs] table"
                    },
                    describe(other)
                ),
            )),
            (other, _) => problems.push(
                Problem::error(key.span(), format!("unknown top-level key {other:?}"))
                    .hint(Some(one_of_hint(other, TOP_KEYS))),
            ),
        }
    }
    if !header {
        problems.push(
            Problem::error(0..0, "missing [tariffs] table".to_owned()).hint(Some(
                "start the file with [tariffs] and name = \"...\"".to_owned(),
            )),
        );
        return None;
    }
    if tariffs.rates.is_empty() && doc.get("rate").is_none() {
        problems.push(
            Problem::error(0..0, "the file has no [[rate]] entry".to_owned())
                .hint(Some("a tariff file gives at least one rate".to_owned())),
        );
    }
    Some(tariffs)
}

/// Reads one `[[rate]]` entry; `None` when it cannot become a rate (its problems reported).
fn read_rate(i: usize, t: &DeTable<'_>, span: Span, problems: &mut Vec<Problem>) -> Option<Rate> {
    let label = format!("rate {}", i + 1);
    let mut e = Entry {
        table: t,
        label: label.clone(),
        problems,
    };
    e.check_keys(RATE_KEYS);
    e.check_required(span.clone(), &["source"]);
    let before = e.problems.len();
    let operator = e.string("operator");
    let mut links: Vec<Sp<String>> = e.name("link").into_iter().collect();
    links.extend(e.names("links"));
    let mode = e.string("mode").and_then(|m| {
        let mode = Mode::parse(&m.value);
        if mode.is_none() {
            let names = Mode::ALL.map(Mode::as_str);
            e.problems.push(
                Problem::error(m.span, format!("{label}: unknown mode {:?}", m.value))
                    .hint(Some(one_of_hint(&m.value, &names))),
            );
        }
        mode
    });
    let countries = e.strings("countries");
    for c in &countries {
        if Country::find(&c.value).is_none_or(|k| k.code != c.value) {
            e.problems.push(
                Problem::error(
                    c.span.clone(),
                    format!("{label}: {:?} is not an ISO 3166-1 alpha-2 code", c.value),
                )
                .hint(Some(country_hint(&c.value))),
            );
        }
    }
    let container = e.string("container").and_then(|c| {
        let container = Container::parse(&c.value);
        if container.is_none() {
            let names = Container::ALL.map(Container::as_str);
            e.problems.push(
                Problem::error(c.span, format!("{label}: unknown container {:?}", c.value))
                    .hint(Some(one_of_hint(&c.value, &names))),
            );
        }
        container
    });
    let usd = e.number("usd");
    let per_km = e.number("usd_per_km");
    let mut figure = |key: &str, x: &Sp<f64>| match Figure::Usd.check(x.value) {
        Ok(v) => Some(v),
        Err(why) => {
            e.problems.push(Problem::error(
                x.span.clone(),
                format!("{label}: {key} {why}"),
            ));
            None
        }
    };
    let price = match (&usd, &per_km) {
        (Some(u), None) => figure("usd", u).map(Price::PerContainer),
        (None, Some(k)) => figure("usd_per_km", k).map(Price::PerKm),
        (Some(_), Some(k)) => {
            e.problems.push(
                Problem::error(
                    k.span.clone(),
                    format!("{label}: give usd or usd_per_km, not both"),
                )
                .hint(Some(
                    "usd is per container for the whole link, usd_per_km per container-km"
                        .to_owned(),
                )),
            );
            None
        }
        (None, None) => {
            e.problems.push(
                Problem::error(span.clone(), format!("{label}: missing usd or usd_per_km")).hint(
                    Some("usd = 520 (per container for the link) or usd_per_km = 0.24".to_owned()),
                ),
            );
            None
        }
    };
    let valid_from = date(&mut e, &label, "valid_from");
    let valid_to = date(&mut e, &label, "valid_to");
    if let (Some(from), Some(to)) = (&valid_from, &valid_to)
        && to.value < from.value
    {
        e.problems.push(Problem::error(
            to.span.clone(),
            format!(
                "{label}: valid_to {} is before valid_from {}",
                to.value, from.value
            ),
        ));
    }
    let source = e.string("source");
    if let Some(s) = &source
        && s.value.trim().is_empty()
    {
        e.problems.push(Problem::error(
            s.span.clone(),
            format!("{label}: source must not be empty"),
        ));
    }
    if SELECTION.iter().all(|k| t.get(*k).is_none()) {
        e.problems.push(
            Problem::error(span.clone(), format!("{label}: selects no link")).hint(Some(format!(
                "give one or more of: {}",
                SELECTION.join(", ")
            ))),
        );
    }
    if e.problems.len() > before {
        return None;
    }
    Some(Rate {
        operator: operator.as_ref().map(|o| o.value.clone()),
        links: links.iter().map(|l| l.value.clone()).collect(),
        mode,
        countries: countries.iter().map(|c| c.value.clone()).collect(),
        container,
        price: price?,
        valid_from: valid_from.map(|d| d.value),
        valid_to: valid_to.map(|d| d.value),
        source: source?.value,
        spans: RateSpans {
            entry: span,
            operator: operator.map(|o| o.span),
            links: links.into_iter().map(|l| l.span).collect(),
            countries: countries.into_iter().map(|c| c.span).collect(),
        },
    })
}

/// A date written as a TOML local date (`2024-01-01`) or a string (`"2024-01-01"`).
fn date(e: &mut Entry<'_, '_>, label: &str, key: &str) -> Option<Sp<Date>> {
    let value = e.get(key)?;
    let span = value.span();
    let text = match value.get_ref() {
        DeValue::String(s) => s.to_string(),
        DeValue::Datetime(d) => d.to_string(),
        other => {
            e.wrong_type(key, span, "a date (YYYY-MM-DD)", other);
            return None;
        }
    };
    match text.parse::<Date>() {
        Ok(d) => Some(Sp { value: d, span }),
        Err(why) => {
            e.problems
                .push(Problem::error(span, format!("{label}: {key}: {why}")));
            None
        }
    }
}
