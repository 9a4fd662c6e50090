//! Resolving what a user typed ("Constanta", "aqtau", "Baku") to a node: by id, name or alias,
//! ignoring case, diacritics, spaces and punctuation, with suggestions when nothing matches.

use super::{Country, Network, NodeIdx, NodeKind};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// A place name that does not resolve to exactly one node.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlaceError {
    /// No node matches; `suggestions` holds the closest names, best first.
    #[error("unknown place \"{query}\"{}", suggestion_text(.suggestions))]
    Unknown {
        /// What the user typed.
        query: String,
        /// Display names of the closest nodes (at most three).
        suggestions: Vec<String>,
    },
    /// Several nodes match; `candidates` lists them as `name (id, country)`.
    #[error("\"{query}\" is ambiguous: it could be {}", .candidates.join(", "))]
    Ambiguous {
        /// What the user typed.
        query: String,
        /// The matching nodes, as `name (id, country)`.
        candidates: Vec<String>,
    },
    /// The query names a country, not a place.
    #[error("{}", country_text(.query, .country, .examples))]
    Country {
        /// What the user typed.
        query: String,
        /// The country it names.
        country: Country,
        /// Display names of up to two places of the network in that country (cities and ports
        /// first); empty when the network has none there.
        examples: Vec<String>,
    },
}

fn country_text(query: &str, country: &Country, examples: &[String]) -> String {
    let what = if query.trim().eq_ignore_ascii_case(country.code) {
        format!("{} is a country ({})", country.code, country.name)
    } else {
        format!("{query:?} is a country ({})", country.code)
    };
    match examples {
        [] => format!("{what}; no place of the network is in it"),
        [one] => format!("{what}; a route needs a place, e.g. {one}"),
        [one, two, ..] => format!("{what}; a route needs a place, e.g. {one} or {two}"),
    }
}

fn suggestion_text(suggestions: &[String]) -> String {
    match suggestions {
        [] => String::new(),
        [one] => format!("; did you mean \"{one}\"?"),
        many => format!(
            "; did you mean {}?",
            many.iter()
                .map(|s| format!("\"{s}\""))
                .collect::<Vec<_>>()
                .join(" or ")
        ),
    }
}

/// Folds a name for matching: decomposes, drops diacritics, lower-cases, and keeps only letters
/// and digits, so `Constanța`, `constanta` and `CONSTANTA` fold alike, as do `Xi'an` and `xian`.
///
/// ```
/// use corridor::network::fold_name;
/// assert_eq!(fold_name("Constanța"), "constanta");
/// assert_eq!(fold_name("Türkmenbaşy"), fold_name("Turkmenbasy"));
/// assert_eq!(fold_name("Xi'an"), "xian");
/// ```
#[must_use]
pub fn fold_name(s: &str) -> String {
    s.nfd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'ı' => 'i',
            'ə' => 'e',
            'ł' => 'l',
            'ø' => 'o',
            'đ' => 'd',
            other => other,
        })
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// Edit distance between two strings, in characters: insertions, deletions, substitutions and
/// swaps of two adjacent characters each count 1 (optimal string alignment), so the common typo
/// "Aktua" is one edit from "Aktau". O(|a|·|b|) time.
#[must_use]
pub fn edit_distance(a: &str, b: &str) -> usize {
    strsim::osa_distance(a, b)
}

/// The candidates closest to `query`, compared as folded names, best first, at most `limit`.
///
/// A candidate is close when its edit distance is at most a third of the longer name (at
/// least 1), or when the query is the start of it (`bucha` for Bucharest, scored as one edit).
/// Only the candidates at the best score are returned, in the candidates' order: `N1999x`
/// suggests `N1999` (one edit), not also `N199` (two) or `N1` (five), and `Bucharset` suggests
/// Bucharest alone.
#[must_use]
pub fn closest<'a>(
    query: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    limit: usize,
) -> Vec<&'a str> {
    let folded = fold_name(query);
    let length = folded.chars().count();
    // Nothing that long is a typo of a place name, and the distance costs length squared.
    if length > 64 || folded.is_empty() {
        return Vec::new();
    }
    let mut best = usize::MAX;
    let mut out: Vec<&str> = Vec::new();
    for c in candidates {
        let fc = fold_name(c);
        if fc.is_empty() {
            continue;
        }
        let longer = length.max(fc.chars().count());
        // Two names whose lengths differ by more than the cutoff cannot be close, and the
        // distance of long names is the costly part.
        let allowed = (longer / 3).max(1);
        let prefix = length >= 2 && fc.starts_with(&folded);
        let score = if fc == folded {
            0
        } else if prefix {
            1
        } else if longer - length.min(fc.chars().count()) > allowed {
            continue;
        } else {
            edit_distance(&folded, &fc)
        };
        if score > allowed.max(usize::from(prefix)) || score > best {
            continue;
        }
        if score < best {
            best = score;
            out.clear();
        }
        if !out.contains(&c) && out.len() < limit {
            out.push(c);
        }
    }
    out
}

impl Network {
    /// Display names of up to `limit` nodes in a country, cities first, then ports and dry
    /// ports, then the rest, each group in file order.
    #[must_use]
    pub fn places_in(&self, country: &str, limit: usize) -> Vec<String> {
        let rank = |kind: NodeKind| match kind {
            NodeKind::City => 0,
            NodeKind::Port | NodeKind::DryPort => 1,
            NodeKind::RailHub | NodeKind::Border => 2,
        };
        let mut nodes: Vec<(usize, usize)> = self
            .nodes
            .iter()
            .enumerate()
            .filter(|(_, n)| n.country == country)
            .map(|(i, n)| (rank(n.kind), i))
            .collect();
        nodes.sort_unstable();
        nodes
            .into_iter()
            .take(limit)
            .map(|(_, i)| self.nodes[i].name.clone())
            .collect()
    }

    /// Whether some node of the network is in this country (ISO code, upper case).
    #[must_use]
    pub fn has_country(&self, code: &str) -> bool {
        self.nodes.iter().any(|n| n.country == code)
    }

    /// Resolves a place by id, name or alias, ignoring case and diacritics.
    ///
    /// An exact id wins; otherwise every node whose folded id, name or alias equals the folded
    /// query matches. O(nodes · name length).
    ///
    /// # Errors
    /// [`PlaceError::Unknown`] with the closest names, or [`PlaceError::Ambiguous`] with the
    /// candidates.
    pub fn resolve(&self, query: &str) -> Result<NodeIdx, PlaceError> {
        if let Some(i) = self.node_by_id(query) {
            return Ok(i);
        }
        let folded = fold_name(query);
        let matches: Vec<NodeIdx> = self
            .nodes
            .iter()
            .enumerate()
            .filter(|(_, n)| {
                !folded.is_empty()
                    && (fold_name(&n.id) == folded
                        || fold_name(&n.name) == folded
                        || n.aliases.iter().any(|a| fold_name(a) == folded))
            })
            .map(|(i, _)| i)
            .collect();
        match matches.as_slice() {
            [one] => Ok(*one),
            [] => {
                if let Some(country) = Country::find(query) {
                    return Err(PlaceError::Country {
                        query: query.to_string(),
                        country,
                        examples: self.places_in(country.code, 2),
                    });
                }
                let names = self.nodes.iter().flat_map(|n| {
                    std::iter::once(n.name.as_str()).chain(n.aliases.iter().map(String::as_str))
                });
                let close = closest(query, names, 3);
                let mut suggestions: Vec<String> = Vec::new();
                for c in close {
                    // Report aliases by the node's display name.
                    let node = self
                        .nodes
                        .iter()
                        .find(|n| n.name == c || n.aliases.iter().any(|a| a == c));
                    let name = node.map_or(c, |n| n.name.as_str()).to_string();
                    if !suggestions.contains(&name) {
                        suggestions.push(name);
                    }
                }
                Err(PlaceError::Unknown {
                    query: query.to_string(),
                    suggestions,
                })
            }
            many => Err(PlaceError::Ambiguous {
                query: query.to_string(),
                candidates: many
                    .iter()
                    .map(|&i| {
                        let n = &self.nodes[i];
                        format!("{} ({}, {})", n.name, n.id, n.country)
                    })
                    .collect(),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_ignores_case_diacritics_and_punctuation() {
        assert_eq!(fold_name("Ürümqi"), "urumqi");
        assert_eq!(fold_name("İstanbul"), "istanbul");
        assert_eq!(fold_name("Ələt"), "elet");
        assert_eq!(fold_name("Böyük Kəsik"), "boyukkesik");
        assert_eq!(fold_name("  "), "");
    }

    #[test]
    fn edit_distance_counts_characters() {
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("aktua", "aktau"), 1);
        assert_eq!(edit_distance("ab", "ba"), 1);
        assert_eq!(edit_distance("abc", ""), 3);
        assert_eq!(edit_distance("ț", "t"), 1);
    }

    #[test]
    fn closest_prefers_near_names_and_rejects_far_ones() {
        let names = ["Bucharest", "Budapest", "Burgas", "Baku"];
        assert_eq!(closest("Bucharset", names, 2), vec!["Bucharest"]);
        assert_eq!(closest("Buda", names, 3), vec!["Budapest"]);
        assert!(closest("Vladivostok", names, 3).is_empty());
    }
}
