//! The default pairs of `corridor scenario check`: every ordered pair of cities, ports and dry
//! ports when there are few enough, else a seeded, reproducible sample of them, chosen without
//! ever listing every pair (a 100,000-node network has billions).

use std::collections::HashSet;

use super::Pair;
use crate::network::{Network, NodeKind};

/// The most pairs checked by default, whatever the network's size.
pub const MAX_DEFAULT_PAIRS: usize = 1_000;

/// The default budget in pairs × nodes: each check searches every pair a few times, and a
/// search costs about the network's size, so larger networks get fewer pairs by default.
pub const DEFAULT_PAIR_NODE_BUDGET: usize = 1_000_000;

/// The default number of pairs for a network of `nodes` nodes: `1,000,000 / nodes`, at most
/// [`MAX_DEFAULT_PAIRS`] and at least 10 (1,000 on the bundled network, 50 on 20,000 nodes,
/// 10 on 100,000 or more).
#[must_use]
pub fn default_pair_count(nodes: usize) -> usize {
    (DEFAULT_PAIR_NODE_BUDGET / nodes.max(1)).clamp(10, MAX_DEFAULT_PAIRS)
}

/// Ordered pairs of a network's cities, ports and dry ports, all or sampled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EndPairs {
    /// The pairs, ordered by origin then destination (node order).
    pub pairs: Vec<Pair>,
    /// How many ordered pairs there are in all.
    pub total: u128,
}

impl EndPairs {
    /// Whether `pairs` is a sample rather than every pair.
    #[must_use]
    pub fn sampled(&self) -> bool {
        (self.pairs.len() as u128) < self.total
    }
}

/// Every ordered pair of distinct cities, ports and dry ports if there are at most `limit`,
/// else `limit` of them drawn without replacement by Floyd's algorithm from a SplitMix64
/// generator seeded with `seed`: the same network, limit and seed give the same pairs.
///
/// # Complexity
/// O(nodes + limit log limit) time and O(limit) memory, however many pairs there are.
#[must_use]
pub fn end_pairs(network: &Network, limit: usize, seed: u64) -> EndPairs {
    let ends: Vec<usize> = (0..network.nodes.len())
        .filter(|&i| {
            matches!(
                network.nodes[i].kind,
                NodeKind::City | NodeKind::Port | NodeKind::DryPort
            )
        })
        .collect();
    let e = ends.len() as u128;
    let total = e * e.saturating_sub(1);
    // Pair number k is origin k / (e - 1) and the (k % (e - 1))-th other end.
    let pair = |k: u128| {
        let (a, r) = ((k / (e - 1)) as usize, (k % (e - 1)) as usize);
        let b = if r >= a { r + 1 } else { r };
        Pair {
            from: ends[a],
            to: ends[b],
        }
    };
    if total <= limit as u128 {
        return EndPairs {
            pairs: (0..total).map(pair).collect(),
            total,
        };
    }
    let mut rng = SplitMix64(seed);
    let mut chosen: HashSet<u128> = HashSet::with_capacity(limit);
    for j in total - limit as u128..total {
        let t = rng.below(j + 1);
        if !chosen.insert(t) {
            chosen.insert(j);
        }
    }
    let mut picked: Vec<u128> = chosen.into_iter().collect();
    picked.sort_unstable();
    EndPairs {
        pairs: picked.into_iter().map(pair).collect(),
        total,
    }
}

/// SplitMix64 (Steele, Lea and Flood, 2014): a tiny, well-mixed 64-bit generator; only
/// reproducibility matters here.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (n > 0), from 128 random bits (the bias is below 2^-64 for any n
    /// this module uses).
    fn below(&mut self, n: u128) -> u128 {
        let x = (u128::from(self.next_u64()) << 64) | u128::from(self.next_u64());
        x % n
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_networks_get_every_pair_large_ones_a_reproducible_sample() {
        let bundled = match crate::network::load_bundled() {
            Ok(l) => l.network,
            Err(e) => panic!("{}", e.render()),
        };
        let all = end_pairs(&bundled, 2_000, 1);
        assert!(!all.sampled());
        let default = default_pair_count(bundled.nodes.len());
        assert_eq!(
            end_pairs(&bundled, default, 1).sampled(),
            all.total > default as u128
        );
        assert_eq!(all.pairs.len() as u128, all.total);
        assert!(all.pairs.iter().all(|p| p.from != p.to));
        let sample = end_pairs(&bundled, 100, 1);
        assert!(sample.sampled());
        assert_eq!(sample.pairs.len(), 100);
        assert_eq!(sample, end_pairs(&bundled, 100, 1));
        assert_ne!(sample.pairs, end_pairs(&bundled, 100, 2).pairs);
        // Distinct, sorted, and every one a real pair of ends.
        assert!(
            sample
                .pairs
                .windows(2)
                .all(|w| (w[0].from, w[0].to) < (w[1].from, w[1].to))
        );
        assert!(sample.pairs.iter().all(|p| all.pairs.contains(p)));
    }

    #[test]
    fn a_sample_never_lists_every_pair() {
        // 20,000 nodes give hundreds of millions of pairs; the sample takes only what it keeps.
        let net = crate::generate::generate_network(20_000, 1);
        let sample = end_pairs(&net, default_pair_count(net.nodes.len()), 7);
        assert_eq!(sample.pairs.len(), 50);
        assert!(sample.total > 100_000_000, "{}", sample.total);
    }

    #[test]
    fn default_counts() {
        assert_eq!(default_pair_count(67), 1_000);
        assert_eq!(default_pair_count(20_000), 50);
        assert_eq!(default_pair_count(1_000_000), 10);
    }
}
