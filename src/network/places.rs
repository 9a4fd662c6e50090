//! Resolving what a user typed ("Constanta", "aqtau", "Baku") to a node: by id, name or alias,
//! ignoring case, diacritics, spaces and punctuation, with suggestions when nothing matches.

use super::{Network, NodeIdx};
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
/// "Aktua" is one edit from "Aktau". O(|a|·|b|) time, O(|b|) memory.
#[must_use]
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    // Three rolling rows: two rows back (for swaps), the previous row and the current one.
    let mut prev2: Vec<usize> = vec![0; b.len() + 1];
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur: Vec<usize> = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(prev2[j - 2] + 1);
            }
            cur[j] = d;
        }
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// The candidates closest to `query` by edit distance on folded names, best first, at most
/// `limit`, and only those close enough to be a plausible typo (distance at most a third of the
/// longer name, and at least 1 allowed). Ties keep the candidates' order.
#[must_use]
pub fn closest<'a>(
    query: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    limit: usize,
) -> Vec<&'a str> {
    let folded = fold_name(query);
    // Nothing that long is a typo of a place name, and the distance costs length squared.
    if folded.chars().count() > 64 {
        return Vec::new();
    }
    let mut scored: Vec<(usize, usize, &str)> = candidates
        .into_iter()
        .enumerate()
        .filter_map(|(i, c)| {
            let fc = fold_name(c);
            let d = if !folded.is_empty()
                && (fc.starts_with(&folded) || folded.starts_with(&fc))
                && !fc.is_empty()
            {
                // A prefix ("bucha" for "bucharest") is a strong hint.
                1
            } else {
                edit_distance(&folded, &fc)
            };
            let allowed = (folded.chars().count().max(fc.chars().count()) / 3).max(1);
            (d <= allowed).then_some((d, i, c))
        })
        .collect();
    scored.sort_unstable();
    let mut out: Vec<&str> = Vec::new();
    for (_, _, c) in scored {
        if !out.contains(&c) {
            out.push(c);
        }
        if out.len() == limit {
            break;
        }
    }
    out
}

impl Network {
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
