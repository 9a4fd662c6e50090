//! Step weights as the searches compare them: the lexicographic `[u64; 3]` key computed from a
//! step's metrics, or the same key packed into one `u128` (primary, then the two tie-breakers in
//! lower bit fields) read from a per-criterion table. Packing is used only when the field widths
//! provably hold every sum a search can form, so both forms order routes identically; the
//! packed form makes every comparison and addition a single integer operation.

use super::dijkstra::Workspace;
use super::radix::{BucketQueue, RadixHeap};
use super::{Criterion, Key, add_keys};
use crate::graph::{StateGraph, StateIdx};
use crate::units::Metrics;
use std::cell::RefCell;
use std::fmt::Debug;

/// How a search reads and combines step weights.
pub(crate) trait StepWeights {
    /// The key a search compares.
    type Key: Copy + Ord + Debug + Default;
    /// The weight of leaving state `from` by the link at `position` of the adjacency array.
    fn step(&self, from: StateIdx, position: usize) -> Self::Key;
    /// The sum of two keys.
    fn add(a: Self::Key, b: Self::Key) -> Self::Key;
    /// `k` with `h` added to its primary component (an A* bound).
    fn add_primary(&self, k: Self::Key, h: u64) -> Self::Key;
    /// The lexicographic key.
    fn unpack(&self, k: Self::Key) -> Key;
    /// Runs `f` with this thread's workspace for this key type.
    fn with_workspace<T>(f: impl FnOnce(&mut Workspace<Self::Key>) -> T) -> T;
}

thread_local! {
    static WIDE: RefCell<Workspace<Key>> = RefCell::new(Workspace::default());
    static PACKED: RefCell<Workspace<u128>> = RefCell::new(Workspace::default());
}

fn borrow<K: Default, T>(ws: &RefCell<Workspace<K>>, f: impl FnOnce(&mut Workspace<K>) -> T) -> T {
    match ws.try_borrow_mut() {
        Ok(mut ws) => f(&mut ws),
        // Only reachable if a search started another on the same thread.
        Err(_) => f(&mut Workspace::default()),
    }
}

/// Keys computed from each step's metrics: works for every criterion and network.
pub(crate) struct Wide<'g> {
    pub(crate) graph: &'g StateGraph,
    pub(crate) criterion: Criterion,
}

impl StepWeights for Wide<'_> {
    type Key = Key;

    #[inline]
    fn step(&self, from: StateIdx, position: usize) -> Key {
        self.criterion.key(&self.graph.step_at(from, position))
    }

    #[inline]
    fn add(a: Key, b: Key) -> Key {
        add_keys(a, b)
    }

    #[inline]
    fn add_primary(&self, k: Key, h: u64) -> Key {
        [k[0].saturating_add(h), k[1], k[2]]
    }

    fn unpack(&self, k: Key) -> Key {
        k
    }

    fn with_workspace<T>(f: impl FnOnce(&mut Workspace<Key>) -> T) -> T {
        WIDE.with(|ws| borrow(ws, f))
    }
}

/// One step out of an arrival state, compiled for a criterion: the state reached and the
/// step's three key fields (link, dwell and any transfer together), each small enough for 32
/// bits, so that a step is 16 bytes and its packed key two shifts and two additions away.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PackedStep {
    /// The arrival state reached, as an index among arrival states (state index − nodes).
    to: u32,
    fields: [u32; 3],
}

/// A criterion's step weights packed into `u128` keys: field 0 (the primary) above bit
/// `shift0`, field 1 between `shift1` and `shift0`, field 2 below `shift1`; and the steps out
/// of every arrival state compiled into one adjacency array in state order, so that a search
/// reads a state's steps, with their final weights, from one contiguous slice.
#[derive(Debug, Clone)]
pub(crate) struct PackedTable {
    shift0: u32,
    shift1: u32,
    /// The most steps a path may have for the widths to hold its sums.
    max_steps: u128,
    /// The largest A* bound the primary field has room for on top of a path's key.
    max_bound: u64,
    /// Number of nodes: arrival state `a` is state `nodes + a`.
    nodes: usize,
    /// Arrival state `a`'s steps are `steps[first[a]..first[a + 1]]`, in link order.
    first: Vec<u32>,
    steps: Vec<PackedStep>,
    /// Per adjacency position: the fields of the link alone, as a start state pays them.
    start: Vec<[u32; 3]>,
    /// The least and the largest primary field of any step.
    primary_range: (u32, u32),
    /// The packing into `u64` for Dial's algorithm, when one leaves room for useful distances.
    narrow: Option<Narrow>,
}

/// Keys packed into `u64` for Dial's algorithm: fields at `shift0` and `shift1` as in the
/// `u128` packing, but with widths that hold every sum only while the primary stays at most
/// `max_primary`. With every step's primary positive, a path's secondary sum is at most its
/// primary sum times the largest secondary ÷ primary ratio of any step (likewise the third
/// field), which sizes the lower fields; a search that reaches a larger primary gives up and
/// runs on `u128` keys instead.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Narrow {
    pub(super) shift0: u32,
    pub(super) shift1: u32,
    pub(super) max_primary: u64,
}

/// The fewest bits of primary a `u64` packing must leave to be worth trying.
const NARROW_MIN_BITS: u32 = 20;

impl Narrow {
    /// The widest `u64` packing for steps with these fields, if the primary gets at least
    /// `NARROW_MIN_BITS` bits; `None` if some step's primary is 0.
    pub(super) fn new<'a>(fields: impl Iterator<Item = &'a [u32; 3]>) -> Option<Narrow> {
        let mut ratio = [0f64; 2];
        let mut most = 0u32;
        for f in fields {
            if f[0] == 0 {
                return None;
            }
            most = most.max(f[0]);
            for i in 0..2 {
                ratio[i] = ratio[i].max(f64::from(f[i + 1]) / f64::from(f[0]));
            }
        }
        // A margin far above the rounding of the division and product.
        let width = |p: u64, r: f64| bits((p as f64 * r * (1.0 + 1e-9)).ceil() as u128 + 1);
        (NARROW_MIN_BITS..=62).rev().find_map(|b| {
            let max_primary = (1u64 << b) - 1;
            let (w1, w2) = (width(max_primary, ratio[0]), width(max_primary, ratio[1]));
            let w0 = bits(u128::from(max_primary) + u128::from(most));
            (w0 + w1 + w2 <= 64).then_some(Narrow {
                shift0: w1 + w2,
                shift1: w2,
                max_primary,
            })
        })
    }
}

/// An unsigned integer holding a packed key.
pub(crate) trait Word: Copy + Ord + std::ops::Add<Output = Self> {
    /// Above every key: "not reached".
    const MAX: Self;
    /// The key of the empty path.
    const ZERO: Self;
    /// Three fields packed with field 0 at `shift0` and field 1 at `shift1`.
    fn pack(fields: [u32; 3], shift0: u32, shift1: u32) -> Self;
    /// Field 0.
    fn primary(self, shift0: u32) -> u64;
    /// The three fields.
    fn unpack(self, shift0: u32, shift1: u32) -> Key;
}

macro_rules! word {
    ($t:ty) => {
        impl Word for $t {
            const MAX: $t = <$t>::MAX;
            const ZERO: $t = 0;

            #[inline]
            fn pack(fields: [u32; 3], shift0: u32, shift1: u32) -> $t {
                (<$t>::from(fields[0]) << shift0)
                    | (<$t>::from(fields[1]) << shift1)
                    | <$t>::from(fields[2])
            }

            #[inline]
            fn primary(self, shift0: u32) -> u64 {
                (self >> shift0) as u64
            }

            fn unpack(self, shift0: u32, shift1: u32) -> Key {
                let mask1 = (1 << (shift0 - shift1)) - 1;
                let mask2 = (1 << shift1) - 1;
                [
                    (self >> shift0) as u64,
                    ((self >> shift1) & mask1) as u64,
                    (self & mask2) as u64,
                ]
            }
        }
    };
}

word!(u64);
word!(u128);

/// The least keys of a one-to-all search per arrival state, in the packing it ran with.
#[derive(Debug)]
pub(crate) enum Settled {
    /// Packed into `u64`.
    Narrow(Vec<u64>, Narrow),
    /// Packed into `u128` at (shift0, shift1).
    Wide(Vec<u128>, u32, u32),
}

impl Settled {
    /// The least key over the arrival states `range` (as arrival indices), `None` if none
    /// was reached.
    pub(crate) fn least(&self, range: std::ops::Range<usize>) -> Option<Key> {
        match self {
            Settled::Narrow(keys, n) => least(&keys[range], n.shift0, n.shift1),
            Settled::Wide(keys, shift0, shift1) => least(&keys[range], *shift0, *shift1),
        }
    }

    /// The first arrival state of `range` with the least key, and that key; `None` if none
    /// was reached.
    pub(crate) fn least_at(&self, range: std::ops::Range<usize>) -> Option<(usize, Key)> {
        match self {
            Settled::Narrow(keys, n) => least_at(keys, range, n.shift0, n.shift1),
            Settled::Wide(keys, shift0, shift1) => least_at(keys, range, *shift0, *shift1),
        }
    }
}

/// The first index of `range` with the least packed key, and the key unpacked.
fn least_at<W: Word>(
    keys: &[W],
    range: std::ops::Range<usize>,
    shift0: u32,
    shift1: u32,
) -> Option<(usize, Key)> {
    let mut best: Option<(usize, W)> = None;
    for a in range {
        let k = keys[a];
        if k != W::MAX && best.is_none_or(|(_, b)| k < b) {
            best = Some((a, k));
        }
    }
    best.map(|(a, k)| (a, k.unpack(shift0, shift1)))
}

/// What a one-to-all search records besides each arrival state's least key: nothing (`()`),
/// or the step each state is best reached by (the route tree of `super::matrix`). A step is
/// named by the state it leaves, as a rank (0 for the origin's start state, `a + 1` for
/// arrival state `a`, which is state order), and its offset among that state's steps (link
/// order). Both calls come with the final key of the state left.
pub(crate) trait Record {
    /// Whether anything is recorded: a search tests for ties only then.
    const ACTIVE: bool;
    /// Arrival state `to` got a strictly better key by the step at `offset` out of `from`.
    fn improved(&mut self, to: u32, from: u32, offset: u32);
    /// The step at `offset` out of `from` (whose key is `g_from`) reaches arrival state `to`
    /// with exactly its best key so far; `key_of(rank)` is the final key of a state left by
    /// an earlier step.
    fn tied<K: Ord + Copy>(
        &mut self,
        to: u32,
        from: u32,
        offset: u32,
        g_from: K,
        key_of: impl Fn(u32) -> K,
    );
}

impl Record for () {
    const ACTIVE: bool = false;

    #[inline]
    fn improved(&mut self, _: u32, _: u32, _: u32) {}

    #[inline]
    fn tied<K: Ord + Copy>(&mut self, _: u32, _: u32, _: u32, _: K, _: impl Fn(u32) -> K) {}
}

/// The least of packed keys, unpacked; `None` if all are unreached.
fn least<W: Word>(keys: &[W], shift0: u32, shift1: u32) -> Option<Key> {
    let &k = keys.iter().min()?;
    (k != W::MAX).then(|| k.unpack(shift0, shift1))
}

/// How many states of a bucket are expanded together (their memory read ahead first).
const BATCH: usize = 64;

/// The most buckets a bucket queue may cycle through; beyond, the radix heap is used.
const MAX_BUCKETS: u64 = 1 << 20;

/// Bits needed to hold `x`.
fn bits(x: u128) -> u32 {
    128 - x.leading_zeros()
}

/// The three fields of a key, if each fits in 32 bits.
fn narrow(k: Key) -> Option<[u32; 3]> {
    Some([
        u32::try_from(k[0]).ok()?,
        u32::try_from(k[1]).ok()?,
        u32::try_from(k[2]).ok()?,
    ])
}

impl PackedTable {
    /// Compiles the step weights of `criterion` on `graph`, for paths of up to `max_steps`
    /// steps with A* bounds up to `max_bound` on top; `None` when a step's field exceeds 32
    /// bits or the three fields cannot be given widths that hold every such sum in 128 bits
    /// (and for the balanced criterion, whose primary is scaled too far). O(state edges).
    pub(crate) fn new(
        graph: &StateGraph,
        criterion: Criterion,
        max_steps: u128,
        max_bound: u64,
    ) -> Option<PackedTable> {
        if matches!(criterion, Criterion::Balanced { .. }) {
            return None;
        }
        let nodes = graph.node_count();
        let start = (0..graph.position_count())
            .map(|position| {
                let lc = graph.cost_at(position);
                narrow(criterion.key(&Metrics {
                    seconds: lc.seconds,
                    cents: lc.cents,
                    transfers: 0,
                    co2_grams: lc.co2_grams,
                    meters: lc.meters,
                    best_seconds: 0,
                }))
            })
            .collect::<Option<Vec<_>>>()?;
        let mut first = Vec::with_capacity(graph.state_count() - nodes + 1);
        let mut steps = Vec::new();
        let mut step_max = [0u32; 3];
        let mut primary_min = u32::MAX;
        for state in nodes..graph.state_count() {
            first.push(u32::try_from(steps.len()).ok()?);
            for position in graph.out_range(graph.node_of(state)) {
                let fields = narrow(criterion.key(&graph.step_at(state, position)))?;
                for (slot, x) in step_max.iter_mut().zip(fields) {
                    *slot = (*slot).max(x);
                }
                primary_min = primary_min.min(fields[0]);
                steps.push(PackedStep {
                    to: graph.cost_at(position).to_state - u32::try_from(nodes).ok()?,
                    fields,
                });
            }
        }
        first.push(u32::try_from(steps.len()).ok()?);
        for fields in &start {
            for (slot, &x) in step_max.iter_mut().zip(fields) {
                *slot = (*slot).max(x);
            }
            primary_min = primary_min.min(fields[0]);
        }
        let path_max = step_max.map(|m| u128::from(m) * max_steps);
        let top = path_max[0] + u128::from(max_bound);
        // Within u64 too, so that the wide keys, which saturate, never do either.
        if path_max
            .iter()
            .chain([&top])
            .any(|&m| m > u128::from(u64::MAX))
        {
            return None;
        }
        let shift1 = bits(path_max[2]);
        let shift0 = shift1 + bits(path_max[1]);
        if shift0 + bits(top) > 128 {
            return None;
        }
        let narrow = Narrow::new(steps.iter().map(|s| &s.fields).chain(&start));
        Some(PackedTable {
            shift0,
            shift1,
            max_steps,
            max_bound,
            nodes,
            first,
            steps,
            start,
            primary_range: (primary_min, step_max[0]),
            narrow,
        })
    }

    /// Whether the widths hold paths of `steps` steps with A* bounds up to `bound`.
    pub(crate) fn holds(&self, steps: usize, bound: u64) -> bool {
        steps as u128 <= self.max_steps && bound <= self.max_bound
    }

    /// The packed key of three fields.
    #[inline]
    fn pack(&self, fields: [u32; 3]) -> u128 {
        u128::pack(fields, self.shift0, self.shift1)
    }

    /// The least key from the start state of `origin` to every arrival state: Dijkstra's
    /// algorithm over the compiled steps.
    ///
    /// When every step's primary field is at least some w > 0, states are filed in buckets
    /// of primary / w (Dial's algorithm, w a power of two): a step from bucket b lands in bucket b + 1 or later,
    /// so every state of the bucket being popped is final, in whatever order it is popped, and
    /// the lexicographic tie-breakers need no ordering at all. Keys are then packed into `u64`
    /// when [`Narrow`] allows (half the memory traffic), else `u128`. O(E + S + D / w) for S
    /// arrival states, E of their steps and D the largest primary key reached. Otherwise a
    /// radix heap on the whole key: O(E + 128 · S).
    pub(crate) fn settle_all(&self, graph: &StateGraph, origin: usize) -> Settled {
        self.settle_all_recording(graph, origin, &mut ())
    }

    /// [`PackedTable::settle_all`], telling `record` of every step that improves or ties a
    /// state's key (see [`Record`]).
    pub(crate) fn settle_all_recording<R: Record>(
        &self,
        graph: &StateGraph,
        origin: usize,
        record: &mut R,
    ) -> Settled {
        let Some((width_log, span)) = self.bucket_width() else {
            let keys = self.settle_all_radix(graph, origin, record);
            return Settled::Wide(keys, self.shift0, self.shift1);
        };
        if let Some(narrow) = self.narrow {
            let packing = (narrow.shift0, narrow.shift1, narrow.max_primary);
            if let Some(keys) =
                self.settle_all_dial::<u64, R>(graph, origin, width_log, span, packing, record)
            {
                return Settled::Narrow(keys, narrow);
            }
        }
        let packing = (self.shift0, self.shift1, u64::MAX);
        let keys = self
            .settle_all_dial::<u128, R>(graph, origin, width_log, span, packing, record)
            .unwrap_or_default();
        Settled::Wide(keys, self.shift0, self.shift1)
    }

    /// The `u64` packing, if the table has one.
    #[cfg(test)]
    pub(super) fn narrow(&self) -> Option<Narrow> {
        self.narrow
    }

    /// Where fields 0 and 1 start in the `u128` packing.
    #[cfg(test)]
    pub(super) fn shifts(&self) -> (u32, u32) {
        (self.shift0, self.shift1)
    }

    /// The bucket width of Dial's algorithm, as a power of two (its log), and the span: the
    /// largest power of two no larger than the least primary field of any step, if that is
    /// positive and the largest field is fewer than `MAX_BUCKETS` widths. A power of two makes
    /// a key's bucket one shift of the key.
    pub(super) fn bucket_width(&self) -> Option<(u32, usize)> {
        let (least, most) = self.primary_range;
        if least == 0 {
            return None;
        }
        let log = least.ilog2();
        let span = u64::from(most >> log) + 1;
        (span < MAX_BUCKETS).then_some((log, span as usize))
    }

    /// Dial's algorithm with keys packed into `W` at (shift0, shift1); `None` as soon as a
    /// key's primary exceeds `max_primary`, before anything beyond it is expanded. Every step
    /// that improves or ties a key is told to `record` (a state's steps are all taken once its
    /// key is final, so what it records does not depend on the order within a bucket).
    pub(super) fn settle_all_dial<W: Word, R: Record>(
        &self,
        graph: &StateGraph,
        origin: usize,
        width_log: u32,
        span: usize,
        (shift0, shift1, max_primary): (u32, u32, u64),
        record: &mut R,
    ) -> Option<Vec<W>> {
        let bucket = |key: W| key.primary(shift0 + width_log);
        let mut best = vec![W::MAX; self.first.len() - 1];
        let mut queue = BucketQueue::new(span);
        // Whether a key's primary went past `max_primary`: its lower fields may have overflowed.
        let mut overflow = false;
        // `step` is (the state left, as a rank, its key, and the step's offset among its steps).
        let relax = |best: &mut [W],
                     queue: &mut BucketQueue,
                     record: &mut R,
                     key: W,
                     to: u32,
                     (from, g_from, offset): (u32, W, u32)|
         -> bool {
            let old = best[to as usize];
            if key < old {
                best[to as usize] = key;
                record.improved(to, from, offset);
                // Already filed in the same bucket: filing it again would expand it twice.
                if old == W::MAX || bucket(old) != bucket(key) {
                    queue.push(bucket(key), to);
                }
                return key.primary(shift0) > max_primary;
            }
            if R::ACTIVE && key == old {
                let key_of = |rank: u32| rank.checked_sub(1).map_or(W::ZERO, |a| best[a as usize]);
                record.tied(to, from, offset, g_from, key_of);
            }
            false
        };
        let origin_steps = graph.out_range(origin);
        for position in origin_steps.clone() {
            let to = graph.cost_at(position).to_state - self.nodes as u32;
            let key = W::pack(self.start[position], shift0, shift1);
            let offset = (position - origin_steps.start) as u32;
            let step = (0, W::ZERO, offset);
            overflow |= relax(&mut best, &mut queue, record, key, to, step);
        }
        let mut batch = Vec::new();
        while let Some(b) = queue.pop_bucket(&mut batch) {
            // Stop before expanding a key past the packing's range (its sums could wrap).
            if overflow {
                return None;
            }
            // A bucket's states are all final and none of their steps lands in it, so they are
            // expanded as a batch: first the (independent) reads of their keys, dropping states
            // filed earlier under this bucket and since improved into an earlier one.
            batch.retain(|&v| bucket(best[v as usize]) == b);
            for chunk in batch.chunks(BATCH) {
                // The time goes in cache misses on each state's steps and on the keys of the
                // states they reach. Reading them first for a chunk of states, in loops of
                // independent loads, lets the processor fetch them all at once instead of one
                // after another in the relaxation loop (the sum only keeps the reads).
                let mut touched = 0u32;
                for &v in chunk {
                    let v = v as usize;
                    let steps = &self.steps[self.first[v] as usize..self.first[v + 1] as usize];
                    touched ^= steps.first().map_or(0, |s| s.to) ^ steps.last().map_or(0, |s| s.to);
                }
                for &v in chunk {
                    let v = v as usize;
                    for step in &self.steps[self.first[v] as usize..self.first[v + 1] as usize] {
                        touched ^= u32::from(best[step.to as usize] == W::MAX);
                    }
                }
                std::hint::black_box(touched);
                for &v in chunk {
                    let g = best[v as usize];
                    let steps =
                        self.first[v as usize] as usize..self.first[v as usize + 1] as usize;
                    for (offset, step) in self.steps[steps].iter().enumerate() {
                        let key = g + W::pack(step.fields, shift0, shift1);
                        let left = (v + 1, g, offset as u32);
                        overflow |= relax(&mut best, &mut queue, record, key, step.to, left);
                    }
                }
            }
        }
        (!overflow).then_some(best)
    }

    /// Dijkstra's algorithm with a radix heap on the `u128` keys, telling `record` of every
    /// step that improves or ties a key.
    pub(super) fn settle_all_radix<R: Record>(
        &self,
        graph: &StateGraph,
        origin: usize,
        record: &mut R,
    ) -> Vec<u128> {
        let mut best = vec![u128::MAX; self.first.len() - 1];
        let mut heap = RadixHeap::<u128>::default();
        let relax = |best: &mut [u128],
                     heap: &mut RadixHeap<u128>,
                     record: &mut R,
                     key: u128,
                     to: u32,
                     (from, g_from, offset): (u32, u128, u32)| {
            let old = best[to as usize];
            if key < old {
                best[to as usize] = key;
                record.improved(to, from, offset);
                heap.push(key, to);
            } else if R::ACTIVE && key == old {
                let key_of = |rank: u32| rank.checked_sub(1).map_or(0, |a| best[a as usize]);
                record.tied(to, from, offset, g_from, key_of);
            }
        };
        let origin_steps = graph.out_range(origin);
        for position in origin_steps.clone() {
            let to = graph.cost_at(position).to_state - self.nodes as u32;
            let key = self.pack(self.start[position]);
            let offset = (position - origin_steps.start) as u32;
            relax(&mut best, &mut heap, record, key, to, (0, 0, offset));
        }
        while let Some((g, v)) = heap.pop() {
            // Keys only ever improve strictly, so an entry is current exactly when it equals
            // the best key: each state is expanded once.
            if g != best[v as usize] {
                continue;
            }
            let steps = self.first[v as usize] as usize..self.first[v as usize + 1] as usize;
            for (offset, step) in self.steps[steps].iter().enumerate() {
                let key = g + self.pack(step.fields);
                relax(
                    &mut best,
                    &mut heap,
                    record,
                    key,
                    step.to,
                    (v + 1, g, offset as u32),
                );
            }
        }
        best
    }

    /// The lexicographic key of a packed one.
    pub(crate) fn unpack(&self, k: u128) -> Key {
        k.unpack(self.shift0, self.shift1)
    }
}

/// Keys read from a [`PackedTable`].
pub(crate) struct Packed<'g> {
    pub(crate) graph: &'g StateGraph,
    pub(crate) table: &'g PackedTable,
}

impl StepWeights for Packed<'_> {
    type Key = u128;

    #[inline]
    fn step(&self, from: StateIdx, position: usize) -> u128 {
        let table = self.table;
        match from.checked_sub(table.nodes) {
            None => table.pack(table.start[position]),
            Some(a) => {
                let offset = position - self.graph.out_range(self.graph.node_of(from)).start;
                table.pack(table.steps[table.first[a] as usize + offset].fields)
            }
        }
    }

    #[inline]
    fn add(a: u128, b: u128) -> u128 {
        a + b
    }

    #[inline]
    fn add_primary(&self, k: u128, h: u64) -> u128 {
        k + (u128::from(h) << self.table.shift0)
    }

    fn unpack(&self, k: u128) -> Key {
        self.table.unpack(k)
    }

    fn with_workspace<T>(f: impl FnOnce(&mut Workspace<u128>) -> T) -> T {
        PACKED.with(|ws| borrow(ws, f))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// At the limit of the `u64` packing, sums still fit their fields: a path that repeats
        /// any one step until its primary reaches `max_primary` adds up, packed, to exactly the
        /// packed sums of its fields (no field carries into the next, nothing wraps).
        #[test]
        fn narrow_packing_holds_every_sum_up_to_its_limit(
            steps in proptest::collection::vec((1u32..2_000_000, 0u32..5_000_000, 0u32..3), 1..20),
        ) {
            let fields: Vec<[u32; 3]> = steps.iter().map(|&(a, b, c)| [a, b, c]).collect();
            let Some(n) = Narrow::new(fields.iter()) else {
                return Ok(());
            };
            for f in &fields {
                let repeats = n.max_primary / u64::from(f[0]);
                let one = u64::pack(*f, n.shift0, n.shift1);
                let sum = repeats.checked_mul(one);
                prop_assert!(sum.is_some());
                let expected = f.map(|x| u64::from(x) * repeats);
                prop_assert_eq!(sum.map(|s| s.unpack(n.shift0, n.shift1)), Some(expected));
                // One step more does not wrap, and its primary (a lower field may have carried
                // into it) is past the limit, so a search sees that it must stop.
                let past = sum.and_then(|s| s.checked_add(one)).map(|s| s.primary(n.shift0));
                prop_assert!(past.is_some_and(|p| p > n.max_primary));
            }
        }
    }

    #[test]
    fn narrow_packing_needs_positive_primaries() {
        assert!(Narrow::new([[0, 1, 1]].iter()).is_none());
        let n = Narrow::new([[300, 4_000, 1]].iter()).expect("room");
        assert!(n.max_primary >= 1 << 20);
    }
}
