//! A mutable classification tree that the source adapters add to, then freeze into the model's
//! order (each parent before its children, children in code order).

use std::collections::HashMap;

use crate::code;
use crate::model::{Concept, ConceptId, Kind, System};

pub struct DraftConcept {
    pub system: System,
    pub code: String,
    pub title: String,
    pub kind: Kind,
    pub parent: Option<usize>,
    pub usage: u32,
    pub sources: u8,
    /// Other titles from other sources: searched, not shown.
    pub alt_titles: Vec<String>,
}

#[derive(Default)]
pub struct Draft {
    pub concepts: Vec<DraftConcept>,
    index: HashMap<(System, String), usize>,
}

/// The frozen result: concepts in model order, plus each concept's alternative titles.
pub struct Frozen {
    pub concepts: Vec<Concept>,
    pub alt_titles: Vec<(ConceptId, String)>,
}

impl Draft {
    pub fn add(&mut self, concept: DraftConcept) -> usize {
        let key = (concept.system, code::compact(&concept.code));
        let at = self.concepts.len();
        self.index.insert(key, at);
        self.concepts.push(concept);
        at
    }

    pub fn find(&self, system: System, compact: &str) -> Option<usize> {
        self.index.get(&(system, compact.to_string())).copied()
    }

    pub fn get_mut(&mut self, at: usize) -> &mut DraftConcept {
        &mut self.concepts[at]
    }

    pub fn count(&self, system: System, kind: Kind) -> usize {
        self.concepts.iter().filter(|c| c.system == system && c.kind == kind).count()
    }

    /// Depth-first from the roots (kept in insertion order), children sorted by code.
    pub fn freeze(self) -> Frozen {
        let n = self.concepts.len();
        let mut children: Vec<Vec<usize>> = vec![Vec::new(); n];
        let mut roots = Vec::new();
        for (i, c) in self.concepts.iter().enumerate() {
            match c.parent {
                Some(p) => children[p].push(i),
                None => roots.push(i),
            }
        }
        for list in &mut children {
            list.sort_by_key(|&i| code::compact(&self.concepts[i].code));
        }
        let mut order = Vec::with_capacity(n);
        let mut stack: Vec<usize> = roots.into_iter().rev().collect();
        while let Some(i) = stack.pop() {
            order.push(i);
            stack.extend(children[i].iter().rev());
        }
        let mut new_id = vec![0 as ConceptId; n];
        for (new, &old) in order.iter().enumerate() {
            new_id[old] = new as ConceptId;
        }
        let mut slots: Vec<Option<DraftConcept>> = self.concepts.into_iter().map(Some).collect();
        let mut concepts = Vec::with_capacity(n);
        let mut alt_titles = Vec::new();
        for &old in &order {
            let d = slots[old].take().expect("each concept is visited once");
            let id = concepts.len() as ConceptId;
            for alt in d.alt_titles {
                if !alt.eq_ignore_ascii_case(&d.title) {
                    alt_titles.push((id, alt));
                }
            }
            concepts.push(Concept {
                system: d.system,
                code: d.code,
                title: d.title,
                kind: d.kind,
                parent: d.parent.map(|p| new_id[p]),
                complete: children[old].is_empty() && !matches!(d.kind, Kind::Chapter | Kind::Block),
                usage: d.usage,
                sources: d.sources,
            });
        }
        Frozen { concepts, alt_titles }
    }
}
