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
}

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
        })
    }

    /// Whether the widths hold paths of `steps` steps with A* bounds up to `bound`.
    pub(crate) fn holds(&self, steps: usize, bound: u64) -> bool {
        steps as u128 <= self.max_steps && bound <= self.max_bound
    }

    /// The packed key of three fields.
    #[inline]
    fn pack(&self, fields: [u32; 3]) -> u128 {
        (u128::from(fields[0]) << self.shift0)
            | (u128::from(fields[1]) << self.shift1)
            | u128::from(fields[2])
    }

    /// The least key from the start state of `origin` to every arrival state, `u128::MAX`
    /// where unreachable: Dijkstra's algorithm over the compiled steps.
    ///
    /// When every step's primary field is at least some w > 0, states are filed in buckets
    /// of primary / w (Dial's algorithm): a step from bucket b lands in bucket b + 1 or later,
    /// so every state of the bucket being popped is final, in whatever order it is popped, and
    /// the lexicographic tie-breakers need no ordering at all. O(E + S + D / w) for S arrival
    /// states, E of their steps and D the largest primary key reached. Otherwise a radix heap
    /// on the whole key: O(E + 128 · S).
    pub(crate) fn settle_all(&self, graph: &StateGraph, origin: usize) -> Vec<u128> {
        match self.bucket_width() {
            Some((width, span)) => self.settle_all_dial(graph, origin, width, span),
            None => self.settle_all_radix(graph, origin),
        }
    }

    /// The bucket width and span of Dial's algorithm: the least primary field of any step, if
    /// it is positive and the largest is fewer than `MAX_BUCKETS` widths.
    pub(super) fn bucket_width(&self) -> Option<(u64, usize)> {
        let (least, most) = self.primary_range;
        let span = u64::from(most) / u64::from(least.max(1)) + 1;
        (least > 0 && span < MAX_BUCKETS).then_some((u64::from(least), span as usize))
    }

    pub(super) fn settle_all_dial(
        &self,
        graph: &StateGraph,
        origin: usize,
        width: u64,
        span: usize,
    ) -> Vec<u128> {
        let bucket = |key: u128| (key >> self.shift0) as u64 / width;
        let mut best = vec![u128::MAX; self.first.len() - 1];
        let mut queue = BucketQueue::new(span);
        let relax = |best: &mut [u128], queue: &mut BucketQueue, key: u128, to: u32| {
            let old = best[to as usize];
            if key < old {
                best[to as usize] = key;
                // Already filed in the same bucket: filing it again would expand it twice.
                if old == u128::MAX || bucket(old) != bucket(key) {
                    queue.push(bucket(key), to);
                }
            }
        };
        for position in graph.out_range(origin) {
            let to = graph.cost_at(position).to_state - self.nodes as u32;
            relax(&mut best, &mut queue, self.pack(self.start[position]), to);
        }
        while let Some((b, v)) = queue.pop() {
            let v = v as usize;
            let g = best[v];
            // Filed earlier under a later bucket, then improved into an earlier one.
            if bucket(g) != b {
                continue;
            }
            for step in &self.steps[self.first[v] as usize..self.first[v + 1] as usize] {
                relax(&mut best, &mut queue, g + self.pack(step.fields), step.to);
            }
        }
        best
    }

    pub(super) fn settle_all_radix(&self, graph: &StateGraph, origin: usize) -> Vec<u128> {
        let mut best = vec![u128::MAX; self.first.len() - 1];
        let mut heap = RadixHeap::<u128>::default();
        for position in graph.out_range(origin) {
            let to = graph.cost_at(position).to_state as usize - self.nodes;
            let key = self.pack(self.start[position]);
            if key < best[to] {
                best[to] = key;
                heap.push(key, to as u32);
            }
        }
        while let Some((g, v)) = heap.pop() {
            let v = v as usize;
            // Keys only ever improve strictly, so an entry is current exactly when it equals
            // the best key: each state is expanded once.
            if g != best[v] {
                continue;
            }
            for step in &self.steps[self.first[v] as usize..self.first[v + 1] as usize] {
                let key = g + self.pack(step.fields);
                let to = step.to as usize;
                if key < best[to] {
                    best[to] = key;
                    heap.push(key, step.to);
                }
            }
        }
        best
    }

    /// The lexicographic key of a packed one.
    pub(crate) fn unpack(&self, k: u128) -> Key {
        let mask1 = (1u128 << (self.shift0 - self.shift1)) - 1;
        let mask2 = (1u128 << self.shift1) - 1;
        [
            (k >> self.shift0) as u64,
            ((k >> self.shift1) & mask1) as u64,
            (k & mask2) as u64,
        ]
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
