//! Integration tests: one binary, topic modules.
mod alternatives;
mod boxes;
mod cli;
mod crosscheck;
mod dask;
mod maps;
mod matrix;
mod oracle;
mod paid;
mod references;
mod robustness;
mod scenarios;
mod sweep;
mod tariffs;
mod transit;
mod validation;
