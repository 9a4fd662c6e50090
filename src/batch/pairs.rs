//! Pairs files: origin-destination pairs from CSV (a `from,to` header, one pair per line) or
//! TOML (`[[pair]]` entries), resolved to nodes by id, name or alias, with every problem
//! reported at once as `path:line:col`.

use super::Pair;
use crate::network::{Diagnostic, Network, Severity};

/// Reads origin-destination pairs from a CSV file with a `from,to` header, or from TOML
/// (`[[pair]]` entries with `from` and `to`) when `path` ends in `.toml`. Places are resolved
/// by id, name or alias, ignoring case and diacritics.
///
/// # Errors
/// Every problem at once, as `path:line:col` diagnostics: a missing header, a line without
/// two fields, an unknown or ambiguous place, a pair whose ends are the same place.
///
/// # Example
/// ```
/// let net = corridor::network::load_bundled().unwrap().network;
/// let pairs = corridor::batch::read_pairs("from,to\nAlmaty,Bucharest\n", "p.csv", &net).unwrap();
/// assert_eq!(pairs.len(), 1);
/// ```
pub fn read_pairs(text: &str, path: &str, network: &Network) -> Result<Vec<Pair>, Vec<Diagnostic>> {
    let (fields, mut problems) = if std::path::Path::new(path)
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("toml"))
    {
        toml_fields(text, path)
    } else {
        csv_fields(text, path)
    };
    let mut pairs = Vec::new();
    for [(from, from_span), (to, to_span)] in fields {
        let mut resolve = |place: &str, span: std::ops::Range<usize>| match network.resolve(place) {
            Ok(i) => Some(i),
            Err(e) => {
                problems.push(Diagnostic::at_span(
                    Severity::Error,
                    path,
                    text,
                    span,
                    e.to_string(),
                    None,
                ));
                None
            }
        };
        let a = resolve(&from, from_span.clone());
        let b = resolve(&to, to_span);
        if let (Some(a), Some(b)) = (a, b) {
            if a == b {
                problems.push(Diagnostic::at_span(
                    Severity::Error,
                    path,
                    text,
                    from_span,
                    format!("from and to are the same place ({})", network.nodes[a].name),
                    None,
                ));
            } else {
                pairs.push(Pair { from: a, to: b });
            }
        }
    }
    if pairs.is_empty() && problems.is_empty() {
        problems.push(Diagnostic::without_position(
            Severity::Error,
            path,
            "no pairs listed".to_owned(),
        ));
    }
    if problems.is_empty() {
        Ok(pairs)
    } else {
        problems.sort_by_key(|d| (d.line, d.col));
        Err(problems)
    }
}

type Field = (String, std::ops::Range<usize>);

fn csv_fields(text: &str, path: &str) -> (Vec<[Field; 2]>, Vec<Diagnostic>) {
    let mut out = Vec::new();
    let mut problems = Vec::new();
    let mut header = false;
    let mut offset = 0;
    let at = |span: std::ops::Range<usize>, message: String, hint: Option<String>| {
        Diagnostic::at_span(Severity::Error, path, text, span, message, hint)
    };
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let body = line.trim_end_matches(['\n', '\r']);
        let body = body.strip_prefix('\u{feff}').unwrap_or(body);
        let start = start + (line.len() - line.trim_start_matches('\u{feff}').len());
        if body.trim().is_empty() || body.trim_start().starts_with('#') {
            continue;
        }
        let mut fields: Vec<Field> = Vec::new();
        let mut col = 0;
        for part in body.split(',') {
            let lead = part.len() - part.trim_start().len();
            let value = part.trim().trim_matches('"').to_owned();
            let s = start + col + lead;
            fields.push((value, s..s + part.trim().len().max(1)));
            col += part.len() + 1;
        }
        if !header {
            header = true;
            let names: Vec<String> = fields.iter().map(|f| f.0.to_ascii_lowercase()).collect();
            if names != ["from", "to"] {
                problems.push(at(
                    start..start + body.len(),
                    "expected the header line \"from,to\"".to_owned(),
                    Some("list one pair per line after a from,to header".to_owned()),
                ));
                if names.len() == 2 {
                    // A pair without a header: read it as one.
                    if let [a, b] = &fields[..] {
                        out.push([a.clone(), b.clone()]);
                    }
                }
            }
            continue;
        }
        match &fields[..] {
            [a, b] if !a.0.is_empty() && !b.0.is_empty() => out.push([a.clone(), b.clone()]),
            _ => problems.push(at(
                start..start + body.len(),
                format!(
                    "expected two places, from and to, found {} field(s)",
                    fields.len()
                ),
                None,
            )),
        }
    }
    if !header {
        problems.push(Diagnostic::without_position(
            Severity::Error,
            path,
            "file is empty: expected a \"from,to\" header and one pair per line".to_owned(),
        ));
    }
    (out, problems)
}

fn toml_fields(text: &str, path: &str) -> (Vec<[Field; 2]>, Vec<Diagnostic>) {
    use toml::de::DeValue;
    let at = |span: std::ops::Range<usize>, message: String| {
        Diagnostic::at_span(Severity::Error, path, text, span, message, None)
    };
    let mut syntax = Vec::new();
    let Some(doc) = crate::network::raw::parse_document(text, &mut syntax) else {
        let problems = syntax.into_iter().map(|p| at(p.span, p.message)).collect();
        return (Vec::new(), problems);
    };
    let mut out = Vec::new();
    let mut problems = Vec::new();
    for (key, value) in doc.get_ref() {
        let items = match (key.get_ref().as_ref(), value.get_ref()) {
            ("pair", DeValue::Array(items)) => items,
            (name, _) => {
                problems.push(at(
                    key.span(),
                    format!("unknown top-level key {name:?}: expected [[pair]] entries"),
                ));
                continue;
            }
        };
        for (i, item) in items.iter().enumerate() {
            let DeValue::Table(t) = item.get_ref() else {
                problems.push(at(item.span(), format!("pair {}: expected a table", i + 1)));
                continue;
            };
            let mut get = |k: &str| match t.get(k).map(|v| (v.get_ref(), v.span())) {
                Some((DeValue::String(s), span)) => Some((s.to_string(), span)),
                Some((_, span)) => {
                    problems.push(at(span, format!("pair {}: {k}: expected a string", i + 1)));
                    None
                }
                None => {
                    problems.push(at(
                        item.span(),
                        format!("pair {}: missing key {k:?}", i + 1),
                    ));
                    None
                }
            };
            if let (Some(a), Some(b)) = (get("from"), get("to")) {
                out.push([a, b]);
            }
        }
    }
    (out, problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_pairs_report_every_problem() {
        let net = match crate::network::load_bundled() {
            Ok(l) => l.network,
            Err(e) => panic!("{}", e.render()),
        };
        let text = "from,to\nAlmaty,Bucharestt\nAlmaty\nAktau,Aktau\n";
        let errors = read_pairs(text, "p.csv", &net).err().unwrap_or_default();
        let shown: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert_eq!(shown.len(), 3, "{shown:?}");
        assert!(shown[0].starts_with("p.csv:2:8: error: "), "{shown:?}");
        assert!(
            shown[1].starts_with("p.csv:3:1: error: expected two places"),
            "{shown:?}"
        );
        assert!(
            shown[2].starts_with("p.csv:4:1: error: from and to are the same place"),
            "{shown:?}"
        );
    }
}
