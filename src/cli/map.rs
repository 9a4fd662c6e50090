//! `corridor map`: the whole network on an SVG map (links by mode, nodes, gateways labelled).

use super::{NetworkArg, Outcome, emit, load};
use anyhow::{Result, bail};
use corridor::map::{MapOptions, network_map_svg};
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub(crate) struct MapArgs {
    /// Width of the picture in pixels (the height follows the network's shape).
    #[arg(long, value_name = "PX", default_value_t = 1200)]
    width: u32,
    /// Write the SVG to this file (atomically: all or nothing) instead of stdout.
    #[arg(long, value_name = "FILE", long_help = super::output::OUTPUT_LONG_HELP)]
    output: Option<PathBuf>,
    #[command(flatten)]
    network: NetworkArg,
}

pub(crate) fn map(args: &MapArgs) -> Result<Outcome> {
    if !(640..=8000).contains(&args.width) {
        bail!(
            "--width must be between 640 and 8000 pixels, got {}",
            args.width
        );
    }
    let network = load(&args.network)?;
    let options = MapOptions {
        width_px: args.width,
        ..MapOptions::default()
    };
    emit(&network_map_svg(&network, &options), args.output.as_deref())?;
    Ok(Outcome::Ok)
}
