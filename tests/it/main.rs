//! Integration tests: one binary, topic modules.
mod cli;
mod validation;
