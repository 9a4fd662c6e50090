//! Integration tests: one binary, topic modules.
mod alternatives;
mod cli;
mod crosscheck;
mod dask;
mod maps;
mod matrix;
mod oracle;
mod references;
mod robustness;
mod scenarios;
mod sweep;
mod transit;
mod validation;
