//! Resolving what a user typed ("Constanta", "aqtau", "Baku") to a node.
/// A place name that does not resolve to exactly one node.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlaceError {
    /// No node matches.
    #[error("unknown place")]
    Unknown,
}
