//! One problem found in an input file, with its position, rendered as `path:line:col: message`.

use std::fmt;

/// How serious a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The input cannot be used.
    Error,
    /// The input is usable but probably not what was meant.
    Warning,
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

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{}:{}:{}: {label}: {}", self.path, self.line, self.col, self.message)
    }
}
