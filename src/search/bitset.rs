//! A set of concept ids as a bitmap over the window of 64-id blocks its ids span. A query makes
//! a dozen sets, most of them empty or holding a few related codes (a word's titles, a synonym's
//! targets and their descendants): a bitmap over all ~31,000 concepts would cost a 4 KB
//! allocation and clearing for each, which was most of a typical query's time.

use crate::model::ConceptId;

#[derive(Debug, Clone)]
pub struct ConceptSet {
    /// Ids at or beyond this are ignored.
    capacity: usize,
    /// Block number of `blocks[0]`: the set covers ids `64 * first ..  64 * (first + blocks.len())`.
    first: usize,
    blocks: Vec<u64>,
}

impl ConceptSet {
    /// An empty set able to hold ids below `capacity`. Allocates nothing.
    pub fn empty(capacity: usize) -> ConceptSet {
        ConceptSet { capacity, first: 0, blocks: Vec::new() }
    }

    /// Ids at or beyond the capacity are ignored: they cannot be concepts of this index.
    pub fn insert(&mut self, id: ConceptId) {
        let id = id as usize;
        if id >= self.capacity {
            return;
        }
        let block = id / 64;
        if block < self.first || block >= self.first + self.blocks.len() {
            self.cover(block, block + 1);
        }
        self.blocks[block - self.first] |= 1 << (id % 64);
    }

    /// Insert every id of `ids` (a posting list, or several): the window is widened once.
    pub fn extend_from_slice(&mut self, ids: &[ConceptId]) {
        let Some(&first) = ids.first() else { return };
        let all_blocks = self.capacity.div_ceil(64);
        // A long list (a first letter's words) spans most blocks: take them all, skip the scan.
        let (lo, hi) = if ids.len() > 4 * all_blocks {
            (0, all_blocks)
        } else {
            let (lo, hi) = ids.iter().fold((first, first), |(lo, hi), &id| (lo.min(id), hi.max(id)));
            (lo as usize / 64, (hi as usize / 64 + 1).min(all_blocks))
        };
        self.cover(lo, hi);
        let (start, blocks) = (self.first, &mut self.blocks[..]);
        for &id in ids {
            // Ids beyond the capacity are not of this index: ignored, as by `insert`.
            if let Some(block) = (id as usize / 64).checked_sub(start).and_then(|b| blocks.get_mut(b)) {
                *block |= 1 << (id % 64);
            }
        }
    }

    pub fn contains(&self, id: ConceptId) -> bool {
        let id = id as usize;
        (id / 64).checked_sub(self.first).and_then(|b| self.blocks.get(b)).is_some_and(|b| b & (1 << (id % 64)) != 0)
    }

    pub fn is_empty(&self) -> bool {
        self.blocks.iter().all(|&b| b == 0)
    }

    /// How many ids the set holds.
    pub fn len(&self) -> usize {
        self.blocks.iter().map(|b| b.count_ones() as usize).sum()
    }

    pub fn union_with(&mut self, other: &ConceptSet) {
        let Some((lo, hi)) = other.nonzero_blocks() else { return };
        self.cover(lo, hi);
        let at = lo - self.first;
        self.blocks[at..at + (hi - lo)].iter_mut().zip(&other.blocks[lo - other.first..]).for_each(|(a, b)| *a |= b);
    }

    pub fn intersect_with(&mut self, other: &ConceptSet) {
        let lo = self.first.max(other.first);
        let hi = (self.first + self.blocks.len()).min(other.first + other.blocks.len());
        if lo >= hi {
            self.blocks.clear();
            self.first = 0;
            return;
        }
        // Keep only the overlap of the two windows, then AND it.
        self.blocks.truncate(hi - self.first);
        self.blocks.drain(..lo - self.first);
        self.first = lo;
        self.blocks.iter_mut().zip(&other.blocks[lo - other.first..]).for_each(|(a, b)| *a &= b);
    }

    /// Ids in increasing order.
    pub fn iter(&self) -> impl Iterator<Item = ConceptId> + '_ {
        let first = self.first;
        self.blocks.iter().enumerate().flat_map(move |(i, &block)| {
            let mut rest = block;
            std::iter::from_fn(move || {
                (rest != 0).then(|| {
                    let bit = rest.trailing_zeros();
                    rest &= rest - 1;
                    ((first + i) * 64) as ConceptId + bit
                })
            })
        })
    }

    /// The first and one past the last block holding an id, if any.
    fn nonzero_blocks(&self) -> Option<(usize, usize)> {
        let lo = self.blocks.iter().position(|&b| b != 0)?;
        let hi = self.blocks.iter().rposition(|&b| b != 0)? + 1;
        Some((self.first + lo, self.first + hi))
    }

    /// Widen the window to hold blocks `lo..hi`. It at least doubles when it grows, so ids
    /// inserted in any order cost amortised constant time, and never passes the capacity.
    fn cover(&mut self, lo: usize, hi: usize) {
        let end = self.first + self.blocks.len();
        if self.blocks.is_empty() {
            self.first = lo;
            self.blocks.resize(hi - lo, 0);
            return;
        }
        if lo >= self.first && hi <= end {
            return;
        }
        let len = self.blocks.len();
        let last_block = self.capacity.div_ceil(64);
        let new_lo = if lo < self.first { lo.min(self.first.saturating_sub(len)) } else { self.first };
        let new_hi = if hi > end { hi.max(end + len).min(last_block.max(hi)) } else { end };
        if new_lo < self.first {
            self.blocks.splice(0..0, std::iter::repeat_n(0, self.first - new_lo));
            self.first = new_lo;
        }
        self.blocks.resize(new_hi - self.first, 0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::BTreeSet;

    #[test]
    fn set_operations() {
        let mut a = ConceptSet::empty(200);
        for id in [0, 63, 64, 199, 500] {
            a.insert(id);
        }
        assert_eq!(a.iter().collect::<Vec<_>>(), vec![0, 63, 64, 199]);
        let mut b = ConceptSet::empty(200);
        b.insert(64);
        b.insert(100);
        let mut both = a.clone();
        both.intersect_with(&b);
        assert_eq!(both.iter().collect::<Vec<_>>(), vec![64]);
        a.union_with(&b);
        assert_eq!(a.iter().count(), 5);
        assert!(a.contains(100) && !a.contains(101));
        assert_eq!(ConceptSet::empty(10).iter().next(), None);
    }

    #[test]
    fn an_empty_set_allocates_nothing_and_a_small_one_only_its_window() {
        let mut set = ConceptSet::empty(31_000);
        assert_eq!(set.blocks.capacity(), 0);
        set.insert(20_000);
        set.insert(20_100);
        assert!(set.blocks.len() <= 4, "{} blocks for two nearby ids", set.blocks.len());
    }

    fn set_of(capacity: usize, ids: &[u32]) -> ConceptSet {
        let mut set = ConceptSet::empty(capacity);
        ids.iter().for_each(|&id| set.insert(id));
        set
    }

    proptest! {
        /// Whatever order ids arrive in, the windowed sets behave as plain sets.
        #[test]
        fn behaves_as_a_set(a in proptest::collection::vec(0u32..2_000, 0..60), b in proptest::collection::vec(0u32..2_000, 0..60)) {
            let capacity = 1_500;
            let model = |ids: &[u32]| ids.iter().copied().filter(|&id| (id as usize) < capacity).collect::<BTreeSet<u32>>();
            let (sa, sb) = (set_of(capacity, &a), set_of(capacity, &b));
            let (ma, mb) = (model(&a), model(&b));
            prop_assert_eq!(sa.iter().collect::<Vec<_>>(), ma.iter().copied().collect::<Vec<_>>());
            prop_assert_eq!(sa.len(), ma.len());
            prop_assert_eq!(sa.is_empty(), ma.is_empty());
            let mut union = sa.clone();
            union.union_with(&sb);
            prop_assert_eq!(union.iter().collect::<Vec<_>>(), ma.union(&mb).copied().collect::<Vec<_>>());
            let mut both = sa.clone();
            both.intersect_with(&sb);
            prop_assert_eq!(both.iter().collect::<Vec<_>>(), ma.intersection(&mb).copied().collect::<Vec<_>>());
            for id in 0..2_000u32 {
                prop_assert_eq!(sa.contains(id), ma.contains(&id));
            }
        }
    }
}
