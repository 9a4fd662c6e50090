//! Integration tests: one binary, topic modules.
mod cli;
mod maps;
mod oracle;
mod validation;
mod references;
mod robustness;
