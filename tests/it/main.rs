//! Integration tests: one binary, topic modules.
mod cli;
mod maps;
mod oracle;
mod references;
mod robustness;
mod scenarios;
mod validation;
