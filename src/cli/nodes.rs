//! `corridor nodes`: list the network's nodes, filtered by country or kind.

use super::{NetworkArg, Outcome, load, write_stdout};
use anyhow::{Result, bail};
use clap::ValueEnum;
use corridor::network;

#[derive(Debug, clap::Args)]
pub(crate) struct NodesArgs {
    /// Only nodes in this country, by ISO code or name: KZ, Kazakhstan (case and diacritics
    /// ignored).
    #[arg(long, value_name = "COUNTRY")]
    country: Option<String>,
    /// Only nodes of this kind (`dry_port` and `dry-port` alike).
    #[arg(long, value_enum)]
    kind: Option<Kind>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = NodesFormat::Table)]
    format: NodesFormat,
    #[command(flatten)]
    network: NetworkArg,
}

/// What `corridor nodes` writes.
#[derive(Debug, Clone, Copy, ValueEnum)]
enum NodesFormat {
    /// A table for people.
    Table,
    /// JSON for programs.
    Json,
}

/// A node kind; written as in network files (`dry_port`) or with a hyphen (`dry-port`).
#[derive(Debug, Clone, Copy, ValueEnum)]
enum Kind {
    City,
    #[value(alias = "rail_hub")]
    RailHub,
    Border,
    Port,
    #[value(alias = "dry_port")]
    DryPort,
}

pub(crate) fn nodes(args: &NodesArgs) -> Result<Outcome> {
    let network = load(&args.network)?;
    let country = match &args.country {
        None => None,
        Some(text) => {
            let Some(country) = network::Country::find(text) else {
                let suggestions: Vec<String> = network::Country::suggest(text, 3)
                    .iter()
                    .map(ToString::to_string)
                    .collect();
                let hint = if suggestions.is_empty() {
                    "give an ISO 3166-1 alpha-2 code (KZ) or a country's name (Kazakhstan)"
                        .to_owned()
                } else {
                    format!("did you mean {}?", suggestions.join(" or "))
                };
                bail!("--country {text:?} is not a country\n  hint: {hint}");
            };
            if !network.has_country(country.code) {
                eprintln!("warning: no node of the network is in {country}");
            }
            Some(country.code)
        }
    };
    let kind = args.kind.map(|k| match k {
        Kind::City => network::NodeKind::City,
        Kind::RailHub => network::NodeKind::RailHub,
        Kind::Border => network::NodeKind::Border,
        Kind::Port => network::NodeKind::Port,
        Kind::DryPort => network::NodeKind::DryPort,
    });
    let selected: Vec<&network::Node> = network
        .nodes
        .iter()
        .filter(|n| country.is_none_or(|c| n.country == c))
        .filter(|n| kind.is_none_or(|k| n.kind == k))
        .collect();
    let text = match args.format {
        NodesFormat::Json => corridor::report::nodes_json(&selected),
        NodesFormat::Table => corridor::report::nodes_table(&selected),
    };
    write_stdout(&text)?;
    Ok(Outcome::Ok)
}
