//! The `corridor` binary: parses the command line, runs the library, prints, and exits with
//! 0 (ok), 1 (no route) or 2 (bad input). All logic lives in the library.

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    cli::run()
}
