//! The monotone priority queues of the one-to-all search, which rely on what Dijkstra's
//! algorithm guarantees, that no key pushed is below the last key popped. A radix heap keeps
//! entries in buckets by the highest bit in which they differ from that last key, so that each
//! entry is moved at most once per bit instead of sifted through a binary heap on every
//! operation; a bucket queue (Dial's algorithm) files states by their key divided by the least
//! step weight, so that a bucket's states are all final when it is reached and no entry moves.

/// A key a radix heap can bucket: an unsigned integer of `BITS` bits.
pub(crate) trait RadixKey: Copy + Ord {
    /// Number of bits, at most 255; the heap has `BITS + 1` buckets.
    const BITS: usize;
    /// The position of the highest bit in which `a` and `b` differ, plus one; 0 when equal.
    fn bucket(a: Self, b: Self) -> usize;
}

impl RadixKey for u128 {
    const BITS: usize = 128;

    #[inline]
    fn bucket(a: u128, b: u128) -> usize {
        128 - (a ^ b).leading_zeros() as usize
    }
}

/// A monotone min-priority queue of `(key, value)`: every push must be at or above the key last
/// popped. Among equal keys the order of pops is unspecified (but deterministic).
///
/// Push O(1), pop amortised O(BITS); memory O(entries). For example, after pushing keys 5
/// and 3, `pop` gives 3; a 4 may then be pushed (not a 2), and the next pops give 4, then 5.
#[derive(Debug)]
pub(crate) struct RadixHeap<K> {
    last: Option<K>,
    /// Bit `i` set when bucket `i` is not empty.
    occupied: [u64; 4],
    buckets: Vec<Vec<(K, u32)>>,
}

impl<K: RadixKey> Default for RadixHeap<K> {
    fn default() -> Self {
        RadixHeap {
            last: None,
            occupied: [0; 4],
            buckets: (0..=K::BITS).map(|_| Vec::new()).collect(),
        }
    }
}

impl<K: RadixKey> RadixHeap<K> {
    /// Adds an entry. Its key must not be below the last key popped.
    #[inline]
    pub(crate) fn push(&mut self, key: K, value: u32) {
        let bucket = match self.last {
            Some(last) => {
                debug_assert!(key >= last, "radix heap keys must not decrease");
                K::bucket(key, last)
            }
            None => K::BITS,
        };
        self.buckets[bucket].push((key, value));
        self.occupied[bucket / 64] |= 1 << (bucket % 64);
    }

    /// Removes an entry with the least key.
    #[inline]
    pub(crate) fn pop(&mut self) -> Option<(K, u32)> {
        if self.buckets[0].is_empty() {
            let word = self.occupied.iter().position(|&w| w != 0)?;
            let i = word * 64 + self.occupied[word].trailing_zeros() as usize;
            self.occupied[word] &= !(1 << (i % 64));
            // Every entry of bucket i differs from the old last key first at bit i - 1, so
            // each lands in a lower bucket relative to their minimum.
            let bucket = std::mem::take(&mut self.buckets[i]);
            let least = bucket.iter().map(|&(k, _)| k).min()?;
            self.last = Some(least);
            for &(key, value) in &bucket {
                let to = K::bucket(key, least);
                self.buckets[to].push((key, value));
                self.occupied[to / 64] |= 1 << (to % 64);
            }
            // Keep the allocation for the next time this bucket fills.
            self.buckets[i] = bucket;
            self.buckets[i].clear();
        }
        let entry = self.buckets[0].pop();
        if self.buckets[0].is_empty() {
            self.occupied[0] &= !1;
        }
        entry
    }
}

/// A cyclic array of buckets of values, for keys divided by a bucket width no larger than any
/// step (Dial's algorithm): a push lands at most `span` buckets after the bucket being popped,
/// so `span + 1` slots are reused cyclically. Pops take a whole bucket at a time, in push order.
///
/// Push O(1); popping everything costs O(entries + buckets passed). For example, with a span of
/// 3, after pushing value 7 in bucket 2 and value 8 in bucket 0, pops give bucket 0 with [8],
/// then bucket 2 with [7].
#[derive(Debug)]
pub(crate) struct BucketQueue {
    slots: Vec<Vec<u32>>,
    current: u64,
    pending: usize,
}

impl BucketQueue {
    /// A queue whose pushes land at most `span` buckets after the bucket last popped.
    pub(crate) fn new(span: usize) -> BucketQueue {
        BucketQueue {
            slots: (0..=span).map(|_| Vec::new()).collect(),
            current: 0,
            pending: 0,
        }
    }

    /// Files `value` under `bucket`, which must be at or after the bucket last popped and at
    /// most `span` buckets after it.
    #[inline]
    pub(crate) fn push(&mut self, bucket: u64, value: u32) {
        debug_assert!(bucket >= self.current && bucket - self.current < self.slots.len() as u64);
        let slot = (bucket % self.slots.len() as u64) as usize;
        self.slots[slot].push(value);
        self.pending += 1;
    }

    /// Moves every value of the first bucket that has any into `out` (replacing what it held),
    /// and returns that bucket. Later pushes must go to later buckets.
    #[inline]
    pub(crate) fn pop_bucket(&mut self, out: &mut Vec<u32>) -> Option<u64> {
        if self.pending == 0 {
            return None;
        }
        let cycle = self.slots.len() as u64;
        loop {
            let slot = &mut self.slots[(self.current % cycle) as usize];
            if !slot.is_empty() {
                out.clear();
                std::mem::swap(slot, out);
                self.pending -= out.len();
                let bucket = self.current;
                self.current += 1;
                return Some(bucket);
            }
            self.current += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Interleaved pushes (never below the last pop) and pops give the same keys, in the
        /// same order, as sorting.
        #[test]
        fn pops_in_key_order(ops in proptest::collection::vec((any::<bool>(), 0u64..1000), 1..300)) {
            let mut radix = RadixHeap::<u128>::default();
            let mut reference = std::collections::BinaryHeap::new();
            let mut floor = 0u64;
            for (i, (pop, delta)) in ops.into_iter().enumerate() {
                if pop {
                    let expected = reference.pop().map(|std::cmp::Reverse(k)| k);
                    let got = radix.pop().map(|(k, _)| k as u64);
                    prop_assert_eq!(got, expected);
                    if let Some(k) = expected {
                        floor = k;
                    }
                } else {
                    let key = floor + delta;
                    radix.push(u128::from(key), i as u32);
                    reference.push(std::cmp::Reverse(key));
                }
            }
        }
    }

    #[test]
    fn bucket_queue_pops_bucket_by_bucket_and_reuses_slots() {
        let mut queue = BucketQueue::new(3);
        let mut out = vec![99];
        queue.push(2, 7);
        queue.push(0, 8);
        assert_eq!(queue.pop_bucket(&mut out), Some(0));
        assert_eq!(out, [8]);
        queue.push(3, 9);
        assert_eq!(queue.pop_bucket(&mut out), Some(2));
        assert_eq!(out, [7]);
        // Bucket 5 shares its slot with bucket 1, long passed.
        queue.push(5, 10);
        queue.push(3, 11);
        assert_eq!(queue.pop_bucket(&mut out), Some(3));
        assert_eq!(out, [9, 11]);
        assert_eq!(queue.pop_bucket(&mut out), Some(5));
        assert_eq!(out, [10]);
        assert_eq!(queue.pop_bucket(&mut out), None);
    }

    #[test]
    fn buckets_follow_the_highest_differing_bit() {
        assert_eq!(u128::bucket(5, 5), 0);
        assert_eq!(u128::bucket(4, 5), 1);
        assert_eq!(u128::bucket(1 << 100, 0), 101);
    }
}
