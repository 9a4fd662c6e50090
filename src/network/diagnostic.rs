//! One problem found in an input file, with its position, rendered as `path:line:col: message`
//! on one line ([`Display`](fmt::Display)) or with the source line and a caret underline
//! ([`Diagnostic::render`]); also the "did you mean" helper that hints share.

use super::places::edit_distance;
use std::fmt::{self, Write as _};
use std::ops::Range;

/// How serious a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The input cannot be used.
    Error,
    /// The input is usable but probably not what was meant.
    Warning,
}

impl Severity {
    /// The label used in messages: `error` or `warning`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// One problem in an input file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The file as the user named it.
    pub path: String,
    /// 1-based line (0 when the problem has no position, e.g. an unreadable file).
    pub line: usize,
    /// 1-based column in characters (0 when the problem has no position).
    pub col: usize,
    /// What is wrong, lower case, no trailing period.
    pub message: String,
    /// The offending source line, when there is one.
    pub source_line: Option<String>,
    /// How long the caret underline is, in characters.
    pub span_chars: usize,
    /// A suggestion (`did you mean "constanta"?`).
    pub hint: Option<String>,
}

impl Diagnostic {
    /// A problem without a position in the file, such as a file that cannot be read.
    #[must_use]
    pub fn without_position(severity: Severity, path: &str, message: String) -> Diagnostic {
        Diagnostic {
            severity,
            path: path.to_owned(),
            line: 0,
            col: 0,
            message,
            source_line: None,
            span_chars: 0,
            hint: None,
        }
    }

    /// A problem at the byte range `span` of `text` (clamped to the text, so any range is safe).
    #[must_use]
    pub fn at_span(
        severity: Severity,
        path: &str,
        text: &str,
        span: Range<usize>,
        message: String,
        hint: Option<String>,
    ) -> Diagnostic {
        let problem = Problem {
            severity,
            span,
            message,
            hint,
        };
        problem.into_diagnostic(path, text, &LineIndex::new(text))
    }

    /// The diagnostic with the offending line and a caret underline, as compilers print them:
    ///
    /// ```text
    /// networks/x.toml:12:8: error: link to unknown node "aktua"
    ///    |
    /// 12 | from = "aktua"
    ///    |        ^^^^^^^
    ///    = hint: did you mean "aktau"?
    /// ```
    ///
    /// Lines are separated by `\n`, with no newline at the end.
    #[must_use]
    pub fn render(&self) -> String {
        let mut out = self.to_string();
        let gutter = if self.line == 0 {
            1
        } else {
            self.line.to_string().len()
        };
        let pad = " ".repeat(gutter);
        if let (Some(source), true) = (&self.source_line, self.line > 0) {
            // A control character in the file would act on the terminal: show a marker in its
            // place (one character for one, so the caret stays under the text).
            let source: String = source
                .chars()
                .map(|c| {
                    if c != '\t' && super::raw::forbidden_char(c.encode_utf8(&mut [0; 4])).is_some()
                    {
                        '\u{fffd}'
                    } else {
                        c
                    }
                })
                .collect();
            // Keep tabs in the caret line so that the carets stay under the text.
            let lead: String = source
                .chars()
                .take(self.col.saturating_sub(1))
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            let carets = "^".repeat(self.span_chars.max(1));
            let _ = write!(
                out,
                "\n{pad} |\n{} | {source}\n{pad} | {lead}{carets}",
                self.line
            );
        }
        if let Some(hint) = &self.hint {
            let _ = write!(out, "\n{pad} = hint: {hint}");
        }
        out
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = self.severity.as_str();
        if self.line == 0 {
            write!(f, "{}: {label}: {}", self.path, self.message)
        } else {
            write!(
                f,
                "{}:{}:{}: {label}: {}",
                self.path, self.line, self.col, self.message
            )
        }
    }
}

/// A problem found while reading a file, positioned by a byte range; `into_diagnostic`
/// turns it into a [`Diagnostic`] once the path is known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Problem {
    pub(crate) severity: Severity,
    pub(crate) span: Range<usize>,
    pub(crate) message: String,
    pub(crate) hint: Option<String>,
}

impl Problem {
    pub(crate) fn error(span: Range<usize>, message: String) -> Problem {
        Problem {
            severity: Severity::Error,
            span,
            message,
            hint: None,
        }
    }

    pub(crate) fn warning(span: Range<usize>, message: String) -> Problem {
        Problem {
            severity: Severity::Warning,
            span,
            message,
            hint: None,
        }
    }

    pub(crate) fn hint(mut self, hint: Option<String>) -> Problem {
        self.hint = hint;
        self
    }

    /// The diagnostic for this problem in `text`, whose lines are indexed by `lines`.
    pub(crate) fn into_diagnostic(self, path: &str, text: &str, lines: &LineIndex) -> Diagnostic {
        let start = floor_char_boundary(text, self.span.start);
        let end = floor_char_boundary(text, self.span.end.max(start));
        let line = lines.line_of(start);
        let line_start = lines.starts.get(line - 1).copied().unwrap_or(0).min(start);
        let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        let line_text = &text[line_start..line_end];
        let line_text = line_text.strip_suffix('\r').unwrap_or(line_text);
        // A byte-order mark is invisible: it takes no column.
        let col = text[line_start..start]
            .trim_start_matches('\u{feff}')
            .chars()
            .count()
            + 1;
        let span_chars = text[start..end.min(line_end)].chars().count().max(1);
        Diagnostic {
            severity: self.severity,
            path: path.to_owned(),
            line,
            col,
            message: self.message,
            source_line: Some(line_text.trim_start_matches('\u{feff}').to_owned()),
            span_chars,
            hint: self.hint,
        }
    }
}

/// Where each line of a text starts, to turn byte offsets into line numbers in `O(log n)`.
#[derive(Debug, Clone)]
pub(crate) struct LineIndex {
    /// Byte offset of the start of each line; the first is 0.
    starts: Vec<usize>,
}

impl LineIndex {
    pub(crate) fn new(text: &str) -> LineIndex {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        LineIndex { starts }
    }

    /// 1-based line of byte `offset` (offsets past the end count as the last line).
    pub(crate) fn line_of(&self, offset: usize) -> usize {
        // The first line starts at 0, so at least one start is <= offset.
        self.starts.partition_point(|&s| s <= offset).max(1)
    }
}

fn floor_char_boundary(text: &str, offset: usize) -> usize {
    let mut i = offset.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The candidate closest to `word` by edit distance (a swap of two neighbours counts as one
/// edit), if it is close enough to be what was meant; ties go to the earliest candidate.
pub(crate) fn closest<'a, I>(word: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let len = word.chars().count();
    // Nothing long is a typo of a key or an id, and the distance costs length squared.
    if len > 64 {
        return None;
    }
    let limit = 1 + len / 4;
    let mut best: Option<(usize, &str)> = None;
    for candidate in candidates {
        let d = edit_distance(word, candidate);
        if d <= limit && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, candidate));
        }
    }
    best.map(|(_, c)| c)
}

/// The hint for a word that is not one of `expected`: the closest one, or the whole list.
pub(crate) fn one_of_hint(word: &str, expected: &[&str]) -> String {
    match closest(word, expected.iter().copied()) {
        Some(c) => format!("did you mean \"{c}\"?"),
        None => format!("expected one of: {}", expected.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn diag(text: &str, span: Range<usize>) -> Diagnostic {
        Diagnostic::at_span(Severity::Error, "x.toml", text, span, "boom".into(), None)
    }

    #[test]
    fn positions_count_characters() {
        let text = "a = 1\nname = \"Constanța\" # x\n";
        let start = text.find('#').unwrap_or(0);
        let d = diag(text, start..start + 1);
        assert_eq!((d.line, d.col, d.span_chars), (2, 20, 1));
        assert_eq!(d.source_line.as_deref(), Some("name = \"Constanța\" # x"));
    }

    #[test]
    fn spans_are_clamped_and_cut_at_the_line_end() {
        let text = "ab\r\ncd";
        let d = diag(text, 1..100);
        assert_eq!((d.line, d.col, d.span_chars), (1, 2, 2));
        assert_eq!(d.source_line.as_deref(), Some("ab"));
        let d = diag(text, 500..600);
        assert_eq!((d.line, d.col, d.span_chars), (2, 3, 1));
        let d = diag("é", 1..2);
        assert_eq!((d.line, d.col), (1, 1));
        let d = diag("\u{feff}x = 1", 3..4);
        assert_eq!((d.line, d.col), (1, 1));
    }

    #[test]
    fn render_shows_the_line_and_carets() {
        let text = "\n\n\n\n\n\n\n\n\n\n\nfrom = \"aktua\"\n";
        let start = text.find('"').unwrap_or(0);
        let mut d = diag(text, start..start + 7);
        d.message = "link to unknown node \"aktua\"".into();
        d.hint = Some("did you mean \"aktau\"?".into());
        d.path = "networks/x.toml".into();
        let expected = "networks/x.toml:12:8: error: link to unknown node \"aktua\"\n   |\n12 | from = \
                        \"aktua\"\n   |        ^^^^^^^\n   = hint: did you mean \"aktau\"?";
        assert_eq!(d.render(), expected);
    }

    #[test]
    fn no_position_omits_line_and_column() {
        let d =
            Diagnostic::without_position(Severity::Error, "a.toml", "cannot read file: x".into());
        assert_eq!(d.to_string(), "a.toml: error: cannot read file: x");
        assert_eq!(d.render(), "a.toml: error: cannot read file: x");
    }

    #[test]
    fn closest_allows_swaps_and_small_typos() {
        assert_eq!(edit_distance("aktua", "aktau"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(closest("aktua", ["alat", "aktau"]), Some("aktau"));
        assert_eq!(
            closest("transfer_hour", ["transfer_hours", "dwell_hours"]),
            Some("transfer_hours")
        );
        assert_eq!(closest("zzz", ["rail", "road"]), None);
        assert_eq!(
            one_of_hint("plane", &["rail", "road"]),
            "expected one of: rail, road"
        );
    }
}
