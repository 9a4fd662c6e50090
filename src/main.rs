//! The `corridor` binary.
fn main() {}
