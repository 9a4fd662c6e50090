//! Reading a network: file or text, to TOML, to raw types, to a validated [`Network`].
use super::{Diagnostic, Network};

/// The bundled network's path as shown in messages.
pub const BUNDLED_NETWORK_PATH: &str = "networks/middle_corridor.toml";
/// The bundled network's text, embedded in the binary.
pub const BUNDLED_NETWORK: &str = "";

/// A loaded network and the warnings found while loading it.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The validated network.
    pub network: Network,
    /// Problems that do not stop the network from being used.
    pub warnings: Vec<Diagnostic>,
}

/// Every problem that stopped a network from loading (errors first, then warnings).
#[derive(Debug, Clone, thiserror::Error)]
#[error("{} error(s) in network", .diagnostics.len())]
pub struct LoadError {
    /// All problems found, errors and warnings, in file order.
    pub diagnostics: Vec<Diagnostic>,
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
/// Every problem at once, as diagnostics.
pub fn load_file(path: &std::path::Path) -> Result<Loaded, LoadError> {
    let _ = path;
    todo!()
}

/// Loads a network from text; `path` is used in messages only.
///
/// # Errors
/// Every problem at once, as diagnostics.
pub fn load_str(text: &str, path: &str) -> Result<Loaded, LoadError> {
    let _ = (text, path);
    todo!()
}
