//! Lists of places (the origins and destinations of a matrix): one place per line, or CSV with
//! a header naming the column to read, resolved by id, name or alias through an index built
//! once, with every problem reported at once as `path:line:col`.
//!
//! A file whose first line (after blank lines and `#` comments) is a CSV header with a column
//! named `place`, `id` or `name` (case ignored; the first of these that is present) is read as
//! CSV: the separator is detected as for pairs files (comma, semicolon or tab), quoted fields
//! may hold it, and other columns are ignored. Any other file lists one place per line; a line
//! in double quotes is unquoted (`"Xi'an, China"`). Blank lines and lines starting with `#` are
//! skipped. A place may be listed more than once.

use std::collections::HashMap;
use std::ops::Range;
use std::path::Path;

use super::pairs::{detect_delimiter, field_spans};
use crate::network::{Diagnostic, Network, NodeIdx, PlaceError, Severity, fold_name, read_text};

/// Column names that make a first line a CSV header, in order of preference.
const HEADER_NAMES: [&str; 3] = ["place", "id", "name"];

/// Failed look-ups that get the full answer of [`Network::resolve`] (suggestions, candidates);
/// each costs a pass over every node, so later ones are reported without suggestions.
const DETAILED_ERRORS: usize = 20;

/// Places resolved in O(1) each: [`Network::resolve`]'s answer, from maps of ids and of folded
/// ids, names and aliases built once in O(nodes), so that a list of thousands of places on a
/// network of a million nodes resolves in one pass over the network instead of one per place.
#[derive(Debug)]
pub struct PlaceIndex<'n> {
    network: &'n Network,
    ids: HashMap<&'n str, NodeIdx>,
    folded: HashMap<String, Vec<NodeIdx>>,
}

impl<'n> PlaceIndex<'n> {
    /// Indexes a network's ids, names and aliases. O(nodes · name length).
    #[must_use]
    pub fn new(network: &'n Network) -> PlaceIndex<'n> {
        let mut ids = HashMap::with_capacity(network.nodes.len());
        let mut folded: HashMap<String, Vec<NodeIdx>> = HashMap::new();
        for (i, node) in network.nodes.iter().enumerate() {
            ids.entry(node.id.as_str()).or_insert(i);
            let names = std::iter::once(&node.id)
                .chain(std::iter::once(&node.name))
                .chain(&node.aliases);
            for name in names {
                let nodes = folded.entry(fold_name(name)).or_default();
                if nodes.last() != Some(&i) {
                    nodes.push(i);
                }
            }
        }
        PlaceIndex {
            network,
            ids,
            folded,
        }
    }

    /// The node a place names: the same answer as [`Network::resolve`], found in O(1) when
    /// there is exactly one.
    ///
    /// # Errors
    /// As [`Network::resolve`] (computed by it, O(nodes)).
    pub fn resolve(&self, query: &str) -> Result<NodeIdx, PlaceError> {
        self.find(query)
            .ok_or(())
            .or_else(|()| self.network.resolve(query))
    }

    /// The node a place names when exactly one matches, without the cost of an error.
    fn find(&self, query: &str) -> Option<NodeIdx> {
        if let Some(&i) = self.ids.get(query) {
            return Some(i);
        }
        let folded = fold_name(query);
        match self.folded.get(&folded).map(Vec::as_slice) {
            Some([one]) if !folded.is_empty() => Some(*one),
            _ => None,
        }
    }
}

/// Reads a list of places (see [`read_places`]).
///
/// # Errors
/// As [`read_places`]; a file that cannot be read gives one diagnostic without a position,
/// bytes that are not UTF-8 the position of the first bad one.
pub fn read_places_file(
    path: &Path,
    index: &PlaceIndex<'_>,
) -> Result<Vec<NodeIdx>, Vec<Diagnostic>> {
    let text = read_text(path).map_err(|e| e.diagnostics)?;
    read_places(&text, &path.display().to_string(), index)
}

/// Reads a list of places: one per line, or CSV with a `place`, `id` or `name` column (see
/// the module documentation), each resolved by id, name or alias ignoring case and
/// diacritics. The places come in file order.
///
/// # Errors
/// Every problem at once, as `path:line:col` diagnostics: an empty file, a list with no
/// place, a CSV record without the place column or with it empty, an unclosed quote, an
/// unknown or ambiguous place.
///
/// # Example
/// ```
/// use corridor::batch::{PlaceIndex, read_places};
/// let net = corridor::network::load_bundled().unwrap().network;
/// let index = PlaceIndex::new(&net);
/// let plain = read_places("Almaty\n# a comment\naktau\n", "o.txt", &index).unwrap();
/// let csv = read_places("country,place\nKZ,Almaty\nKZ,Aktau\n", "o.csv", &index).unwrap();
/// assert_eq!(plain, csv);
/// ```
pub fn read_places(
    text: &str,
    path: &str,
    index: &PlaceIndex<'_>,
) -> Result<Vec<NodeIdx>, Vec<Diagnostic>> {
    let diagnostic = |span: Range<usize>, message: String, hint: Option<String>| {
        Diagnostic::at_span(Severity::Error, path, text, span, message, hint)
    };
    if text.trim_start_matches('\u{feff}').trim().is_empty() {
        return Err(vec![diagnostic(
            0..0,
            "file is empty".to_owned(),
            Some("list one place (id, name or alias) per line".to_owned()),
        )]);
    }
    let (fields, mut problems) = match csv_header(text) {
        Some((delimiter, column)) => csv_places(text, path, delimiter, column),
        None => (line_places(text), Vec::new()),
    };
    let mut places = Vec::with_capacity(fields.len());
    let mut failed = 0;
    for (place, span) in fields {
        if let Some(i) = index.find(&place) {
            places.push(i);
            continue;
        }
        failed += 1;
        let message = if failed <= DETAILED_ERRORS {
            match index.network.resolve(&place) {
                Ok(i) => {
                    places.push(i);
                    continue;
                }
                Err(e) => e.to_string(),
            }
        } else {
            format!("unknown or ambiguous place {place:?}")
        };
        problems.push(diagnostic(span, message, None));
    }
    if places.is_empty() && problems.is_empty() {
        problems.push(diagnostic(
            0..0,
            "no places listed".to_owned(),
            Some("list one place (id, name or alias) per line".to_owned()),
        ));
    }
    if problems.is_empty() {
        Ok(places)
    } else {
        problems.sort_by_key(|d| (d.line, d.col));
        Err(problems)
    }
}

type Field = (String, Range<usize>);

/// The separator and the place column, when the first line that is neither blank nor a
/// comment is a CSV header naming one of [`HEADER_NAMES`].
fn csv_header(text: &str) -> Option<(u8, usize)> {
    let body = text.trim_start_matches('\u{feff}');
    let delimiter = detect_delimiter(body);
    let first = body
        .lines()
        .find(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(first.as_bytes());
    let mut record = csv::StringRecord::new();
    reader.read_record(&mut record).ok()?;
    let names: Vec<String> = record.iter().map(|f| f.trim().to_lowercase()).collect();
    HEADER_NAMES
        .iter()
        .find_map(|wanted| names.iter().position(|n| n == wanted))
        .map(|column| (delimiter, column))
}

/// One place per line that is neither blank nor a comment, unquoted when the whole line is in
/// double quotes; the span is the trimmed line.
fn line_places(text: &str) -> Vec<Field> {
    let mut out = Vec::new();
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let line_start = start;
        start += line.len();
        let content = line.trim_end_matches(['\n', '\r']);
        let trimmed = content.trim().trim_start_matches('\u{feff}').trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let offset = line_start + content.find(trimmed).unwrap_or(0);
        let place = match trimmed.strip_prefix('"').and_then(|t| t.strip_suffix('"')) {
            Some(inner) => inner.replace("\"\"", "\""),
            None => trimmed.to_owned(),
        };
        out.push((place, offset..offset + trimmed.len()));
    }
    out
}

/// The place column of every CSV record after the header, with positions.
fn csv_places(
    text: &str,
    path: &str,
    delimiter: u8,
    column: usize,
) -> (Vec<Field>, Vec<Diagnostic>) {
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
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
    let mut reader = super::pairs::csv_reader(&text.as_bytes()[bom..], delimiter);
    let mut record = csv::StringRecord::new();
    let mut header: Option<String> = None;
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                let offset = bom + e.position().map_or(0, |p| p.byte() as usize);
                at(offset..offset + 1, format!("invalid CSV: {e}"), None);
                break;
            }
        }
        let start = bom + record.position().map_or(0, |p| p.byte() as usize);
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let line_end = text[start..]
            .find(['\r', '\n'])
            .map_or(text.len(), |i| start + i);
        let whole = start..line_end.max(start + 1);
        let spans = match field_spans(text, start, delimiter) {
            Ok(spans) if spans.len() == record.len() => spans,
            Ok(_) => vec![whole.clone(); record.len()],
            Err(quote) => {
                at(
                    quote..quote + 1,
                    "unclosed quote: this field's `\"` is never closed".to_owned(),
                    Some("close the quote; inside quotes, write a quote as `\"\"`".to_owned()),
                );
                break;
            }
        };
        let Some(name) = &header else {
            header = record.get(column).map(|n| n.trim().to_owned());
            continue;
        };
        match (record.get(column), spans.get(column)) {
            (Some(place), Some(span)) if !place.trim().is_empty() => {
                out.push((place.trim().to_owned(), span.clone()));
            }
            (Some(_), Some(span)) => at(
                span.start..span.start + 1,
                format!("the place (column `{name}`) is empty"),
                None,
            ),
            _ => at(
                whole,
                format!(
                    "expected a place in column {} (`{name}`), found {} field(s)",
                    column + 1,
                    record.len()
                ),
                Some("put a name that contains the separator in double quotes".to_owned()),
            ),
        }
    }
    (out, problems)
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

    fn read(text: &str) -> Result<Vec<String>, Vec<String>> {
        let net = bundled();
        let index = PlaceIndex::new(&net);
        match read_places(text, "p.csv", &index) {
            Ok(places) => Ok(places.iter().map(|&p| net.nodes[p].id.clone()).collect()),
            Err(e) => Err(e.iter().map(ToString::to_string).collect()),
        }
    }

    #[test]
    fn the_index_answers_as_resolve_does() {
        let net = bundled();
        let index = PlaceIndex::new(&net);
        let mut queries: Vec<String> = net
            .nodes
            .iter()
            .flat_map(|n| {
                let mut q = vec![n.id.clone(), n.name.to_uppercase(), fold_name(&n.name)];
                q.extend(n.aliases.iter().cloned());
                q
            })
            .collect();
        queries.extend(
            [
                "Constanta",
                "aqtau",
                "",
                "  ",
                "Bucharestt",
                "KZ",
                "Kazakhstan",
            ]
            .map(String::from),
        );
        for q in &queries {
            assert_eq!(index.resolve(q), net.resolve(q), "{q:?}");
        }
    }

    #[test]
    fn plain_lists_and_csv_with_a_header() {
        let ids = |ids: &[&str]| Ok(ids.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>());
        assert_eq!(
            read("Almaty\n\n# c\n  Aktau  \r\nAlmaty\n"),
            ids(&["almaty", "aktau", "almaty"])
        );
        assert_eq!(read("\"Xi'an\"\nBaku\n"), ids(&["xian", "baku"]));
        assert_eq!(
            read("\u{feff}Place;kind\nAlmaty;city\n\"Baku\";x\n"),
            ids(&["almaty", "baku"])
        );
        // `id` is preferred to `name`.
        assert_eq!(read("name,id\nAlmaty,baku\n"), ids(&["baku"]));
        assert_eq!(read("# header next\nid\tname\nbaku\tx\n"), ids(&["baku"]));
    }

    #[test]
    fn every_problem_has_its_position() {
        assert_eq!(
            read(""),
            Err(vec!["p.csv:1:1: error: file is empty".to_owned()])
        );
        assert_eq!(
            read("place\n# none\n"),
            Err(vec!["p.csv:1:1: error: no places listed".to_owned()])
        );
        let e = read("Almaty\n  Bucharestt\nAktau\nnowhere\n").unwrap_err();
        assert_eq!(e.len(), 2, "{e:?}");
        assert!(
            e[0].starts_with("p.csv:2:3: error: unknown place \"Bucharestt\""),
            "{e:?}"
        );
        assert!(
            e[1].starts_with("p.csv:4:1: error: unknown place \"nowhere\""),
            "{e:?}"
        );
        assert_eq!(
            read("kind,place\ncity\ncity,\ncity,Almaty\n"),
            Err(vec![
                "p.csv:2:1: error: expected a place in column 2 (`place`), found 1 field(s)"
                    .to_owned(),
                "p.csv:3:6: error: the place (column `place`) is empty".to_owned(),
            ])
        );
        assert_eq!(
            read("place\nAlmaty\n\"Baku\n"),
            Err(vec![
                "p.csv:3:1: error: unclosed quote: this field's `\"` is never closed".to_owned()
            ])
        );
    }
}
