//! Reading a network: file or text, to TOML, to raw entries, to a validated [`Network`], with
//! every problem found on the way reported at once as positioned diagnostics.

use std::io;
use std::path::Path;

use super::diagnostic::{LineIndex, Problem, Severity};
use super::{Diagnostic, Network, raw, validate};

/// The bundled network's path as shown in messages.
pub const BUNDLED_NETWORK_PATH: &str = "networks/middle_corridor.toml";
/// The bundled network's text, embedded in the binary.
pub const BUNDLED_NETWORK: &str = include_str!("../../networks/middle_corridor.toml");

/// A loaded network and the warnings found while loading it.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The validated network.
    pub network: Network,
    /// Problems that do not stop the network from being used, in file order.
    pub warnings: Vec<Diagnostic>,
}

/// Every problem that stopped a network from loading.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{} error(s) in network", self.error_count())]
pub struct LoadError {
    /// All problems found, errors and warnings interleaved in file order (by line, then column).
    pub diagnostics: Vec<Diagnostic>,
}

impl LoadError {
    /// How many of the diagnostics are errors (the rest are warnings).
    #[must_use]
    pub fn error_count(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }

    /// Every diagnostic rendered with its source line, separated by blank lines.
    #[must_use]
    pub fn render(&self) -> String {
        self.diagnostics
            .iter()
            .map(Diagnostic::render)
            .collect::<Vec<_>>()
            .join("\n\n")
    }
}

/// Loads the bundled network.
///
/// # Errors
/// Only if the bundled file is broken, which the test suite rules out.
pub fn load_bundled() -> Result<Loaded, LoadError> {
    load_str(BUNDLED_NETWORK, BUNDLED_NETWORK_PATH)
}

/// Loads a network file.
///
/// # Errors
/// Every problem at once, as diagnostics: a file that cannot be read (missing, a directory)
/// gives one diagnostic without a position (line 0); bytes that are not UTF-8 give the position
/// of the first bad byte.
pub fn load_file(path: &Path) -> Result<Loaded, LoadError> {
    let text = read_text(path)?;
    load_str(&text, &path.display().to_string())
}

/// Reads an input file as text, for every loader (networks, scenarios, references, pairs).
///
/// # Errors
/// One diagnostic: without a position when the file cannot be read (missing, a directory, no
/// permission), or at the first byte that is not UTF-8.
pub fn read_text(path: &Path) -> Result<String, LoadError> {
    let shown = path.display().to_string();
    let one = |diagnostic: Diagnostic| LoadError {
        diagnostics: vec![diagnostic],
    };
    let unreadable = |reason: String| {
        one(Diagnostic::without_position(
            Severity::Error,
            &shown,
            format!("cannot read file: {reason}"),
        ))
    };
    if path.is_dir() {
        return Err(unreadable("it is a directory".to_owned()));
    }
    let bytes = std::fs::read(path).map_err(|e| unreadable(io_reason(&e)))?;
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let byte = e.as_bytes().get(at).copied().unwrap_or(0);
        // The valid prefix is unchanged by lossy decoding, so `at` is still the position of
        // the bad byte, now a replacement character.
        let text = String::from_utf8_lossy(e.as_bytes());
        one(Diagnostic::at_span(
            Severity::Error,
            &shown,
            &text,
            at..at + '\u{fffd}'.len_utf8(),
            format!("file is not valid utf-8 (byte 0x{byte:02x})"),
            Some("save the file as UTF-8".to_owned()),
        ))
    })
}

/// Why a file could not be read, in lower case.
fn io_reason(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::NotFound => "no such file".to_owned(),
        io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        io::ErrorKind::IsADirectory => "it is a directory".to_owned(),
        _ => {
            let text = e.to_string();
            let mut chars = text.chars();
            chars
                .next()
                .map_or_else(String::new, |c| c.to_lowercase().chain(chars).collect())
        }
    }
}

/// Loads a network from text; `path` is used in messages only.
///
/// # Errors
/// Every problem at once, as diagnostics.
pub fn load_str(text: &str, path: &str) -> Result<Loaded, LoadError> {
    let mut problems = Vec::new();
    let lines = LineIndex::new(text);
    let network = if text.trim_start_matches('\u{feff}').trim().is_empty() {
        problems.push(Problem::error(0..0, "file is empty".to_owned()).hint(Some(
            "a network file needs a [network] table, [[node]] and [[link]] entries".to_owned(),
        )));
        None
    } else {
        raw::parse(text, &mut problems)
            .and_then(|doc| validate::validate(&doc, &lines, &mut problems))
    };
    let mut diagnostics: Vec<Diagnostic> = problems
        .into_iter()
        .map(|p| p.into_diagnostic(path, text, &lines))
        .collect();
    // Stable, so problems at the same place keep the order in which they were found.
    diagnostics.sort_by_key(|d| (d.line, d.col));
    diagnostics.dedup();
    match network {
        Some(network) if diagnostics.iter().all(|d| d.severity == Severity::Warning) => {
            Ok(Loaded {
                network,
                warnings: diagnostics,
            })
        }
        _ => Err(LoadError { diagnostics }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_network_loads_without_warnings() {
        let loaded = load_bundled().unwrap_or_else(|e| panic!("{}", e.render()));
        let rendered: Vec<String> = loaded.warnings.iter().map(Diagnostic::render).collect();
        assert!(loaded.warnings.is_empty(), "{}", rendered.join("\n\n"));
        assert!(!loaded.network.nodes.is_empty() && !loaded.network.links.is_empty());
    }

    #[test]
    fn io_reasons_are_lower_case() {
        assert_eq!(
            io_reason(&io::Error::from(io::ErrorKind::NotFound)),
            "no such file"
        );
        let other = io_reason(&io::Error::other("Boom"));
        assert_eq!(other, "boom");
    }

    #[test]
    fn load_error_counts_only_errors() {
        let err = load_str(
            "[network]\nname = \"n\"\n[[link]]\nfrom = \"a\"\n",
            "x.toml",
        )
        .err();
        let err = err.unwrap_or_else(|| LoadError {
            diagnostics: Vec::new(),
        });
        assert!(err.error_count() >= 1);
        assert!(
            err.diagnostics
                .iter()
                .any(|d| d.severity == Severity::Warning)
        );
        assert_eq!(
            err.to_string(),
            format!("{} error(s) in network", err.error_count())
        );
    }
}
