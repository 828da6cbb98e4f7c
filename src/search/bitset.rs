//! A set of concept ids as a bitmap: ~4 KB for both classifications, so intersecting the
//! candidates of every query word costs a few microseconds.

use crate::model::ConceptId;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConceptSet {
    blocks: Vec<u64>,
}

impl ConceptSet {
    /// An empty set able to hold ids below `capacity`.
    pub fn empty(capacity: usize) -> ConceptSet {
        ConceptSet { blocks: vec![0; capacity.div_ceil(64)] }
    }

    /// Ids at or beyond the capacity are ignored: they cannot be concepts of this index.
    pub fn insert(&mut self, id: ConceptId) {
        if let Some(block) = self.blocks.get_mut(id as usize / 64) {
            *block |= 1 << (id % 64);
        }
    }

    pub fn contains(&self, id: ConceptId) -> bool {
        self.blocks.get(id as usize / 64).is_some_and(|b| b & (1 << (id % 64)) != 0)
    }

    pub fn is_empty(&self) -> bool {
        self.blocks.iter().all(|&b| b == 0)
    }

    /// How many ids the set holds.
    pub fn len(&self) -> usize {
        self.blocks.iter().map(|b| b.count_ones() as usize).sum()
    }

    pub fn union_with(&mut self, other: &ConceptSet) {
        self.blocks.iter_mut().zip(&other.blocks).for_each(|(a, b)| *a |= b);
    }

    pub fn intersect_with(&mut self, other: &ConceptSet) {
        self.blocks.iter_mut().zip(&other.blocks).for_each(|(a, b)| *a &= b);
    }

    /// Ids in increasing order.
    pub fn iter(&self) -> impl Iterator<Item = ConceptId> + '_ {
        self.blocks.iter().enumerate().flat_map(|(i, &block)| {
            let mut rest = block;
            std::iter::from_fn(move || {
                (rest != 0).then(|| {
                    let bit = rest.trailing_zeros();
                    rest &= rest - 1;
                    (i * 64) as ConceptId + bit
                })
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
