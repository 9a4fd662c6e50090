//! Reading a network: file or text, to TOML, to raw entries, to a validated [`Network`], with
//! every problem found on the way reported at once as positioned diagnostics.

use std::io::{self, Read};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

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

/// How many bytes an input file may have unless [`set_max_input_bytes`] says otherwise: 1 GiB.
/// The synthetic 1,000,000-node network is a 618 MB file, and loading a network takes about
/// seven times its size in memory, so this is already several GB.
pub const DEFAULT_MAX_INPUT_BYTES: u64 = 1 << 30;

static MAX_INPUT_BYTES: AtomicU64 = AtomicU64::new(DEFAULT_MAX_INPUT_BYTES);

/// Sets the byte budget of [`read_text`] for the rest of the process (the command line's
/// `--max-input-bytes`).
pub fn set_max_input_bytes(bytes: u64) {
    MAX_INPUT_BYTES.store(bytes, Ordering::Relaxed);
}

/// The byte budget of [`read_text`]: [`DEFAULT_MAX_INPUT_BYTES`] unless set.
#[must_use]
pub fn max_input_bytes() -> u64 {
    MAX_INPUT_BYTES.load(Ordering::Relaxed)
}

/// Reads an input file as text, for every loader (networks, scenarios, references, pairs),
/// within the byte budget of [`max_input_bytes`].
///
/// # Errors
/// As [`read_text_within`].
pub fn read_text(path: &Path) -> Result<String, LoadError> {
    read_text_within(path, max_input_bytes())
}

/// Reads an input file as text, reading at most `budget` bytes: a file (or a device such as
/// `/dev/zero`) with more is refused without reading the rest, as soon as the budget is
/// passed, and a NUL byte or a byte that is not UTF-8 stops the reading where it is met. So no
/// input makes corridor read more than `budget` bytes or hold more than that in memory.
///
/// # Errors
/// One diagnostic: without a position when the file cannot be read (missing, a directory, no
/// permission) or passes the budget; at the first NUL byte or byte that is not UTF-8.
pub fn read_text_within(path: &Path, budget: u64) -> Result<String, LoadError> {
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
    let too_large = || {
        let mut d = Diagnostic::without_position(
            Severity::Error,
            &shown,
            format!(
                "the file is larger than the input budget of {}; nothing was read past it",
                binary_size(budget)
            ),
        );
        d.hint = Some(
            "if the file really is this large, raise the budget with --max-input-bytes or \
             CORRIDOR_MAX_INPUT_BYTES (see docs/limits.md)"
                .to_owned(),
        );
        one(d)
    };
    if path.is_dir() {
        return Err(unreadable("it is a directory".to_owned()));
    }
    let mut file = std::fs::File::open(path).map_err(|e| unreadable(io_reason(&e)))?;
    if let Ok(m) = file.metadata()
        && m.is_file()
        && m.len() > budget
    {
        return Err(too_large());
    }
    let mut bytes: Vec<u8> = Vec::new();
    let mut chunk = vec![0u8; 64 * 1024];
    // Bytes before `checked` are valid UTF-8 without NUL.
    let mut checked = 0;
    loop {
        // Never more than one byte past the budget, so that what is read is checked first.
        let room = (budget + 1).saturating_sub(bytes.len() as u64);
        let want = chunk.len().min(usize::try_from(room).unwrap_or(usize::MAX));
        let n = match file.read(&mut chunk[..want]) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(unreadable(io_reason(&e))),
        };
        bytes.extend_from_slice(&chunk[..n]);
        match std::str::from_utf8(&bytes[checked..]) {
            Ok(text) => {
                if let Some(at) = text.find('\0') {
                    return Err(one(bad_byte(&shown, &bytes, checked + at)));
                }
                checked = bytes.len();
            }
            Err(e) => {
                let valid = checked + e.valid_up_to();
                if let Some(at) = bytes[checked..valid].iter().position(|&b| b == 0) {
                    return Err(one(bad_byte(&shown, &bytes, checked + at)));
                }
                if e.error_len().is_some() {
                    return Err(one(bad_byte(&shown, &bytes, valid)));
                }
                // A character cut at the end of the chunk: the next read completes it.
                checked = valid;
            }
        }
        if bytes.len() as u64 > budget {
            return Err(too_large());
        }
    }
    if checked < bytes.len() {
        return Err(one(bad_byte(&shown, &bytes, checked)));
    }
    String::from_utf8(bytes)
        .map_err(|e| one(bad_byte(&shown, e.as_bytes(), e.utf8_error().valid_up_to())))
}

/// The diagnostic for the NUL byte or non-UTF-8 byte at `at` of `bytes`, all valid before it.
fn bad_byte(shown: &str, bytes: &[u8], at: usize) -> Diagnostic {
    let byte = bytes.get(at).copied().unwrap_or(0);
    // Only the text up to the bad line matters for the position; the rest is not decoded.
    // The text up to the bad byte, a replacement character for it, and a little of the rest
    // of its line (not all: it may be a gigabyte of zeros).
    let rest: Vec<u8> = bytes
        .iter()
        .skip(at + 1)
        .take(60)
        .take_while(|&&b| b != b'\n')
        .copied()
        .collect();
    let text = format!(
        "{}\u{fffd}{}",
        String::from_utf8_lossy(&bytes[..at]),
        String::from_utf8_lossy(&rest)
    );
    let (message, hint) = if byte == 0 {
        (
            "file holds a NUL byte (0x00): it is not a text file".to_owned(),
            "network, scenario, reference and pair files are UTF-8 text",
        )
    } else {
        (
            format!("file is not valid utf-8 (byte 0x{byte:02x})"),
            "save the file as UTF-8",
        )
    };
    // The prefix is valid, so `at` is still the position of the bad byte, now the
    // replacement character.
    Diagnostic::at_span(
        Severity::Error,
        shown,
        &text,
        at..at + '\u{fffd}'.len_utf8(),
        message,
        Some(hint.to_owned()),
    )
}

/// `1,073,741,824`.
pub(crate) fn group_thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `1,073,741,824 bytes (1 GiB)`, `1,000 bytes`: with the largest binary unit that divides
/// exactly, if any.
fn binary_size(n: u64) -> String {
    for (shift, unit) in [(40, "TiB"), (30, "GiB"), (20, "MiB"), (10, "KiB")] {
        if n >= 1 << shift && n % (1 << shift) == 0 {
            return format!("{} bytes ({} {unit})", group_thousands(n), n >> shift);
        }
    }
    format!("{} bytes", group_thousands(n))
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
    fn reading_stops_at_the_budget_and_keeps_characters_cut_by_chunks() {
        let path =
            std::env::temp_dir().join(format!("corridor-budget-{}.toml", std::process::id()));
        // A two-byte character across the first 64 KiB chunk boundary, and a NUL-free tail.
        let text = format!("{}é{}", "a".repeat(64 * 1024 - 1), "ț\n".repeat(1000));
        std::fs::write(&path, &text).expect("write");
        let len = text.len() as u64;
        assert_eq!(
            read_text_within(&path, len).ok().as_deref(),
            Some(text.as_str())
        );
        let over = read_text_within(&path, len - 1).expect_err("over budget");
        assert!(
            over.diagnostics[0]
                .message
                .starts_with("the file is larger than the input budget"),
            "{}",
            over.render()
        );
        std::fs::write(&path, b"name = 1\nx = \"a\x00b\"\n").expect("write");
        let nul = read_text_within(&path, 1 << 20).expect_err("NUL byte");
        let d = &nul.diagnostics[0];
        assert_eq!((d.line, d.col), (2, 7), "{}", d.render());
        let _ = std::fs::remove_file(&path);
        assert_eq!(binary_size(1 << 30), "1,073,741,824 bytes (1 GiB)");
        assert_eq!(binary_size(1000), "1,000 bytes");
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
