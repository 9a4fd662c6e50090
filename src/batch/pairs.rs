//! Pairs files: origin-destination pairs from CSV or TOML, resolved to nodes by id, name or
//! alias, with every problem reported at once as `path:line:col`.
//!
//! CSV is RFC 4180, read with the `csv` crate: a `from,to` header, then one pair per record;
//! a field in double quotes may hold the separator (`"Xi'an, China",Duisburg`) and `""` stands
//! for a quote. The separator is detected from the header line: a comma, or a semicolon as
//! spreadsheets in many European locales write it (`from;to`), or a tab. Blank lines and lines
//! starting with `#` are skipped. TOML files (by extension) hold `[[pair]]` entries with `from`
//! and `to` keys and nothing else.

use std::ops::Range;
use std::path::Path;

use super::Pair;
use crate::network::diagnostic::one_of_hint;
use crate::network::{Diagnostic, Network, Severity, read_text};

/// Reads a pairs file (see [`read_pairs`]).
///
/// # Errors
/// As [`read_pairs`]; a file that cannot be read gives one diagnostic without a position, bytes
/// that are not UTF-8 the position of the first bad one.
pub fn read_pairs_file(path: &Path, network: &Network) -> Result<Vec<Pair>, Vec<Diagnostic>> {
    let text = read_text(path).map_err(|e| e.diagnostics)?;
    read_pairs(&text, &path.display().to_string(), network)
}

/// Reads origin-destination pairs from CSV text with a `from,to` header (the separator may be a
/// comma, a semicolon or a tab; see the module documentation), or from TOML (`[[pair]]`
/// entries with `from` and `to`) when `path` ends in `.toml`. Places are resolved by id, name
/// or alias, ignoring case and diacritics.
///
/// # Errors
/// Every problem at once, as `path:line:col` diagnostics: an empty file, a missing header, a
/// record without two fields or with an empty one, an unclosed quote, an unknown key (TOML), an
/// unknown or ambiguous place, a pair whose ends are the same place.
///
/// # Example
/// ```
/// let net = corridor::network::load_bundled().unwrap().network;
/// let pairs = corridor::batch::read_pairs("from,to\nAlmaty,Bucharest\n", "p.csv", &net).unwrap();
/// assert_eq!(pairs.len(), 1);
/// ```
pub fn read_pairs(text: &str, path: &str, network: &Network) -> Result<Vec<Pair>, Vec<Diagnostic>> {
    if text.trim_start_matches('\u{feff}').trim().is_empty() {
        return Err(vec![Diagnostic::at_span(
            Severity::Error,
            path,
            text,
            0..0,
            "file is empty".to_owned(),
            Some("write a from,to header and one pair per line".to_owned()),
        )]);
    }
    let (fields, mut problems) = if std::path::Path::new(path)
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("toml"))
    {
        toml_fields(text, path)
    } else {
        csv_fields(text, path)
    };
    let mut pairs = Vec::new();
    // Places are looked up in an index built once: a large pairs file on a large network costs
    // O(pairs + nodes), not O(pairs × nodes).
    let index = super::PlaceIndex::new(network);
    for [(from, from_span), (to, to_span)] in fields {
        let mut resolve = |place: &str, span: Range<usize>| match index.resolve(place) {
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
        problems.push(Diagnostic::at_span(
            Severity::Error,
            path,
            text,
            0..0,
            "no pairs listed".to_owned(),
            Some("list one pair per line after the from,to header".to_owned()),
        ));
    }
    if problems.is_empty() {
        Ok(pairs)
    } else {
        problems.sort_by_key(|d| (d.line, d.col));
        Err(problems)
    }
}

type Field = (String, Range<usize>);

/// The separator of a CSV text: the most frequent of comma, semicolon and tab outside quotes
/// on its first line that is neither blank nor a comment; a comma when there is none.
pub(super) fn detect_delimiter(text: &str) -> u8 {
    let first = text
        .lines()
        .map(|l| l.trim_start_matches('\u{feff}'))
        .find(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .unwrap_or("");
    let mut counts = [(b',', 0usize), (b';', 0), (b'\t', 0)];
    let mut quoted = false;
    for b in first.bytes() {
        if b == b'"' {
            quoted = !quoted;
        } else if !quoted && let Some(c) = counts.iter_mut().find(|c| c.0 == b) {
            c.1 += 1;
        }
    }
    // The first of the most frequent: ties go to the comma.
    let best = counts.iter().map(|c| c.1).max().unwrap_or(0);
    counts
        .iter()
        .find(|c| c.1 == best && best > 0)
        .map_or(b',', |c| c.0)
}

/// Where the fields of the record starting at byte `start` are in `text`, as raw byte ranges
/// (quotes included, surrounding blanks not), following RFC 4180; `Err` with the position
/// of an opening quote that is never closed. The `csv` crate gives each record's values and
/// where the record starts, not where its fields are: this walk only finds the columns.
pub(super) fn field_spans(
    text: &str,
    start: usize,
    delimiter: u8,
) -> Result<Vec<Range<usize>>, usize> {
    let bytes = text.as_bytes();
    let mut spans = Vec::new();
    let (mut field, mut i) = (start, start);
    let mut open: Option<usize> = None;
    let trimmed = |a: usize, b: usize| {
        let s = &text[a..b];
        let lead = s.len() - s.trim_start().len();
        a + lead..a + lead + s.trim().len()
    };
    while i < bytes.len() {
        let b = bytes[i];
        match open {
            Some(_) if b == b'"' && bytes.get(i + 1) == Some(&b'"') => i += 1,
            Some(_) if b == b'"' => open = None,
            None if b == b'"' => open = Some(i),
            None if b == delimiter => {
                spans.push(trimmed(field, i));
                field = i + 1;
            }
            None if b == b'\n' || b == b'\r' => break,
            _ => {}
        }
        i += 1;
    }
    if let Some(quote) = open {
        return Err(quote);
    }
    spans.push(trimmed(field, i));
    Ok(spans)
}

fn csv_fields(text: &str, path: &str) -> (Vec<[Field; 2]>, Vec<Diagnostic>) {
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let body = &text[bom..];
    let delimiter = detect_delimiter(body);
    let shown = if delimiter == b'\t' {
        "tab".to_owned()
    } else {
        format!("`{}`", char::from(delimiter))
    };
    let header = format!("from{}to", char::from(delimiter));
    let mut out = Vec::new();
    let mut problems = Vec::new();
    let mut at = |span: Range<usize>, message: String, hint: Option<String>| {
        problems.push(Diagnostic::at_span(
            Severity::Error,
            path,
            text,
            span,
            message,
            hint,
        ));
    };
    let mut reader = csv_reader(body.as_bytes(), delimiter);
    let mut record = csv::StringRecord::new();
    let (mut seen_header, mut stopped) = (false, false);
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                let offset = e.position().map_or(0, |p| p.byte() as usize);
                at(
                    bom + offset..bom + offset + 1,
                    format!("invalid CSV: {e}"),
                    None,
                );
                stopped = true;
                break;
            }
        }
        let start = bom + record.position().map_or(0, |p| p.byte() as usize);
        let values: Vec<String> = record.iter().map(|f| f.trim().to_owned()).collect();
        if values.iter().all(String::is_empty) {
            continue;
        }
        let line_end = text[start..]
            .find(['\r', '\n'])
            .map_or(text.len(), |i| start + i);
        let whole = start..line_end.max(start + 1);
        let spans = match field_spans(text, start, delimiter) {
            Ok(spans) if spans.len() == values.len() => spans,
            Ok(_) => vec![whole.clone(); values.len()],
            Err(quote) => {
                at(
                    quote..quote + 1,
                    "unclosed quote: this field's `\"` is never closed".to_owned(),
                    Some("close the quote; inside quotes, write a quote as `\"\"`".to_owned()),
                );
                stopped = true;
                break;
            }
        };
        let fields: Vec<Field> = values.into_iter().zip(spans).collect();
        if !seen_header {
            seen_header = true;
            let names: Vec<String> = fields.iter().map(|f| f.0.to_ascii_lowercase()).collect();
            if names != ["from", "to"] {
                at(
                    whole,
                    format!("expected the header line \"{header}\""),
                    Some(format!(
                        "start with a {header} header, then one pair per line (separator detected: {shown})"
                    )),
                );
                if let [a, b] = &fields[..] {
                    // A pair without a header: read it as one.
                    out.push([a.clone(), b.clone()]);
                }
            }
            continue;
        }
        match &fields[..] {
            [a, b] if !a.0.is_empty() && !b.0.is_empty() => out.push([a.clone(), b.clone()]),
            [a, b] => {
                for (field, what) in [(a, "origin (from)"), (b, "destination (to)")] {
                    if field.0.is_empty() {
                        let span = field.1.start..field.1.start + 1;
                        at(span, format!("the {what} is empty"), None);
                    }
                }
            }
            _ => at(
                whole,
                format!(
                    "expected two places, from and to, found {} field(s)",
                    fields.len()
                ),
                Some(format!(
                    "separate from and to with {shown}; put a name that contains {shown} in \
                     double quotes"
                )),
            ),
        }
    }
    if !seen_header && !stopped {
        at(
            0..0,
            format!("no header: expected \"{header}\" and one pair per line"),
            None,
        );
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
            for key in t.keys() {
                let name: &str = key.get_ref();
                if name != "from" && name != "to" {
                    let mut d = at(key.span(), format!("pair {}: unknown key {name:?}", i + 1));
                    d.hint = Some(one_of_hint(name, &["from", "to"]));
                    problems.push(d);
                }
            }
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

/// A reader of RFC 4180 records as every input file of places is read: no header row assumed,
/// records of any length, `#` comment lines.
pub(crate) fn csv_reader(body: &[u8], delimiter: u8) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .comment(Some(b'#'))
        .from_reader(body)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bundled() -> Network {
        match crate::network::load_bundled() {
            Ok(l) => l.network,
            Err(e) => panic!("{}", e.render()),
        }
    }

    /// The one-line diagnostics for a pairs text, or the pairs' node ids.
    fn read(text: &str, path: &str) -> Result<Vec<(String, String)>, Vec<String>> {
        let net = bundled();
        match read_pairs(text, path, &net) {
            Ok(pairs) => Ok(pairs
                .iter()
                .map(|p| (net.nodes[p.from].id.clone(), net.nodes[p.to].id.clone()))
                .collect()),
            Err(e) => Err(e.iter().map(ToString::to_string).collect()),
        }
    }

    fn ok(pairs: &[(&str, &str)]) -> Result<Vec<(String, String)>, Vec<String>> {
        let pairs = pairs
            .iter()
            .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()));
        let pairs: Vec<(String, String)> = pairs.collect();
        if pairs.is_empty() {
            Err(Vec::new())
        } else {
            Ok(pairs)
        }
    }

    #[test]
    fn quotes_are_honoured() {
        // One quoted field holding a comma: an unknown place, not "found 3 field(s)".
        let e = read("from,to\n\"Almaty,Bucharest\",Baku\n", "p.csv").unwrap_err();
        assert_eq!(e.len(), 1, "{e:?}");
        assert!(
            e[0].starts_with("p.csv:2:1: error: unknown place \"Almaty,Bucharest\""),
            "{e:?}"
        );
        assert_eq!(
            read("from,to\n\"Almaty\", \"Bucharest\"\n", "p.csv"),
            ok(&[("almaty", "bucharest")])
        );
        // An unclosed quote is an error where the quote opens.
        assert_eq!(
            read(
                "from,to\nAlmaty,Baku\nAstana,\"Warsaw\nXi'an,Duisburg\n",
                "p.csv"
            ),
            Err(vec![
                "p.csv:3:8: error: unclosed quote: this field's `\"` is never closed".to_owned()
            ])
        );
    }

    #[test]
    fn empty_ends_are_named() {
        assert_eq!(
            read("from,to\n,Bucharest\nAlmaty,\n", "p.csv"),
            Err(vec![
                "p.csv:2:1: error: the origin (from) is empty".to_owned(),
                "p.csv:3:8: error: the destination (to) is empty".to_owned(),
            ])
        );
    }

    #[test]
    fn semicolons_tabs_bom_and_crlf() {
        let pairs = ok(&[("almaty", "bucharest"), ("xian", "duisburg")]);
        assert_eq!(
            read("from;to\nAlmaty;Bucharest\nXi'an;Duisburg\n", "p.csv"),
            pairs
        );
        assert_eq!(
            read("from\tto\nAlmaty\tBucharest\nXi'an\tDuisburg\n", "p.csv"),
            pairs
        );
        assert_eq!(
            read(
                "\u{feff}From;To\r\n# a comment\r\n\r\nAlmaty;Bucharest\r\nXi'an;Duisburg\r\n",
                "p.csv"
            ),
            pairs
        );
        // Positions hold with `;` too, and a comma inside a field is just text.
        assert_eq!(
            read("from;to\nAlmaty;Bucharestt\n", "p.csv").unwrap_err()[0]
                .split(": unknown")
                .next(),
            Some("p.csv:2:8: error")
        );
    }

    #[test]
    fn empty_and_non_utf8_files_have_positions() {
        assert_eq!(
            read("", "p.csv"),
            Err(vec!["p.csv:1:1: error: file is empty".to_owned()])
        );
        assert_eq!(
            read("# only a comment\n", "p.csv"),
            Err(vec![
                "p.csv:1:1: error: no header: expected \"from,to\" and one pair per line"
                    .to_owned()
            ])
        );
        let dir = std::env::temp_dir().join(format!("corridor-pairs-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let file = dir.join("latin1.csv");
        std::fs::write(&file, b"from,to\nAlmaty,Bucure\xbati\n").expect("write");
        let e = read_pairs_file(&file, &bundled()).unwrap_err();
        assert_eq!(
            e[0].to_string(),
            format!(
                "{}:2:14: error: file is not valid utf-8 (byte 0xba)",
                file.display()
            )
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn toml_pairs_reject_unknown_keys() {
        let text = "[[pair]]\nfrom = \"Almaty\"\nto = \"Bucharest\"\nvia = \"Baku\"\n";
        assert_eq!(
            read(text, "p.toml"),
            Err(vec![
                "p.toml:4:1: error: pair 1: unknown key \"via\"".to_owned()
            ])
        );
        assert_eq!(
            read(
                "[[pair]]\nfrom = \"Almaty\"\nto = \"Bucharest\"\n",
                "p.toml"
            ),
            ok(&[("almaty", "bucharest")])
        );
    }

    #[test]
    fn csv_pairs_report_every_problem() {
        let net = bundled();
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
