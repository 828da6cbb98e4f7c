//! Running a query: parse it, match each word against the index as a set of concepts, then
//! hand the sets to the ranking rules in order until the result list is full.

use std::collections::BinaryHeap;

use fst::automaton::{Automaton, Str};
use fst::{IntoStreamer, Streamer};
use levenshtein_automata::Distance;

use super::bitset::ConceptSet;
use super::index::Index;
use super::rank::{Rule, TieBreak};
use super::text;
use crate::code;
use crate::model::{Classification, ConceptId, Kind, System};

/// Queries longer than this (in characters) are cut; nobody types more into a search box.
pub const MAX_QUERY_CHARS: usize = 200;
/// Words beyond this many are ignored.
const MAX_QUERY_WORDS: usize = 12;
/// Results never exceed this, whatever the caller asks.
const MAX_LIMIT: usize = 1000;
/// Longest run of words looked up as a synonym inside a longer query (`heart attack anterior`).
const MAX_SYNONYM_SPAN: usize = 4;
/// Synonym terms followed when the query is the start of several (`h` starts hundreds).
const MAX_SYNONYM_PREFIX_TERMS: usize = 16;
/// Typo and partial matching are fallbacks: they run only while the stricter rules have found
/// fewer hits than this. They are also the slowest steps, and below a handful of good hits
/// their noise is no longer worth showing.
const FALLBACK_BELOW: usize = 5;
/// A one-word synonym term this short is an abbreviation (`AF`, `MI`, `AKI`), not the start of
/// a title word; a longer one is a word with inflections (`collapse`, "collapsed").
const MAX_ABBREVIATION_CHARS: usize = 3;
/// A word in no title, at least this long, is the start of the one-word synonym terms it starts
/// (`osteoarth`); a shorter one (`lap`, `hyst`) starts too many words to stand for a term.
const MIN_TERM_FRAGMENT_CHARS: usize = 6;
/// Words longer than this get no typo allowance (no real title word is that long).
const MAX_FUZZY_CHARS: usize = 40;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Query<'a> {
    pub text: &'a str,
    /// `None` searches both classifications.
    pub system: Option<System>,
    pub limit: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub id: ConceptId,
    pub rule: Rule,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Results {
    /// Best first.
    pub hits: Vec<Hit>,
    /// No hit matches every query word: these are the best partial matches.
    pub partial: bool,
    /// Something the user should know about how the query was read.
    pub notice: Option<String>,
}

/// Typo allowance for a word: 1 edit for 4–7 letters, 2 from 8, none below 4.
pub fn typo_allowance(word: &str) -> u8 {
    match word.chars().count() {
        0..=3 => 0,
        4..=7 => 1,
        n if n <= MAX_FUZZY_CHARS => 2,
        _ => 0,
    }
}

impl Index {
    /// Search `classification` (the one this index was built from). Never panics on any text.
    pub fn search(&self, classification: &Classification, query: &Query) -> Results {
        if classification.len() != self.concept_count() {
            return notice_only("the search index does not match the classification: rebuild the data bundle");
        }
        let mut notices = Vec::new();
        let text = match query.text.char_indices().nth(MAX_QUERY_CHARS) {
            Some((cut, _)) => {
                notices.push(format!("query too long: first {MAX_QUERY_CHARS} characters used"));
                &query.text[..cut]
            }
            None => query.text,
        };
        if text.trim().is_empty() {
            return notice_only("empty query");
        }
        let mut words = text::content_words(&text::singular_abbreviations(text));
        if words.is_empty() {
            return notice_only("the query has no letters or digits to search for");
        }
        if words.len() > MAX_QUERY_WORDS {
            words.truncate(MAX_QUERY_WORDS);
            notices.push(format!("query has many words: first {MAX_QUERY_WORDS} used"));
        }

        let mut ranking = Ranking::new(classification, self.system_set(query.system), query.limit.clamp(1, MAX_LIMIT));
        let systems: Vec<System> = query.system.map_or(System::ALL.to_vec(), |s| vec![s]);
        self.match_code(classification, text, &systems, &mut ranking);
        // A code that exists is what was meant: no typo or partial guesses around it.
        let fallbacks = ranking.hits.is_empty();

        let canonical: Vec<String> = words.iter().map(|w| text::canonical(w).into_owned()).collect();
        let whole_query_key = canonical.join(" ");
        let whole_query_synonym = self.phrase_synonym_targets(&canonical);
        let mut matches: Vec<WordMatch> = words
            .iter()
            .zip(&canonical)
            .map(|(w, c)| self.match_word(classification, w, c, words.len() > 1))
            .collect();
        self.add_synonym_spans(classification, &canonical, &mut matches);
        self.add_split_compounds(classification, &canonical, &mut matches);
        let compound = self.add_organ_compounds(classification, &canonical, &mut matches);

        // The whole query is a term of the synonym table: its targets are what the table's
        // author read the term as, so they come first, before every all-words hit (`bowel cancer`
        // means colorectal C18-C20, not the rare titles holding "intestine" and "malignant");
        // their descendants come after the all-words hits, which are often as specific.
        if let Some(targets) = whole_query_synonym {
            ranking.add(Rule::Synonym, (0..).zip(targets.iter().copied()));
        }
        let all_words = intersection(matches.iter().map(|m| &m.whole), self.concept_count());
        let title_is_query = |id: ConceptId| title_is_the_query(classification, id, &canonical, text.len());
        // Generic words are not required of a title (`squint surgery`), but a title that holds
        // one is what was meant: `surgical extraction of tooth` is "Surgical removal of tooth"
        // before "Simple extraction of tooth".
        let generic: Vec<String> = text::words(text).into_iter().filter(|w| text::is_generic_query_word(w)).collect();
        let holds_generic = |id: ConceptId| {
            !generic.is_empty() && classification.get(id).is_some_and(|c| text::words(&c.title).iter().any(|w| generic.contains(w)))
        };
        // An organ and an act (`removal of bladder`) mean their compound word first (cystectomy),
        // before titles that merely hold both words ("Removal of catheter from bladder").
        let in_compound = |id: ConceptId| compound.as_ref().is_some_and(|set| set.contains(id));
        let all_words_tier = |id: ConceptId| match (title_is_query(id), in_compound(id), holds_generic(id)) {
            (true, _, _) => 0,
            (false, true, _) => 1,
            (false, false, true) => 2,
            (false, false, false) => 3,
        };
        ranking.add(Rule::AllWords, all_words.iter().map(|id| (all_words_tier(id), id)));
        if let Some(targets) = whole_query_synonym {
            ranking.add(Rule::Synonym, targets_then_descendants(classification, targets));
        } else if all_words.is_empty() {
            // A known term with a generic noun after it (`ACL injury`, `AF episode`, `EVD insertion`):
            // the words find nothing together, so the term alone is what was meant.
            let generic_noun = |word: &str| text::is_generic_condition_word(word) || text::is_generic_procedure_word(word);
            if let Some((_, term)) = canonical.split_last().filter(|(last, term)| !term.is_empty() && generic_noun(last)) {
                if let Some(targets) = self.phrase_synonym_targets(term) {
                    ranking.add(Rule::Synonym, targets_then_descendants(classification, targets));
                }
            }
        }
        // A long single word that starts a synonym term (`osteoarth` → osteoarthritis) is that
        // term half typed: its targets come before the titles that merely start with it (rare
        // "osteoarthropathy" codes), which otherwise fill the list.
        let term_first = canonical.len() == 1 && whole_query_key.len() >= 6;
        if term_first && !ranking.is_full() {
            let targets = self.synonym_prefix_targets(&whole_query_key);
            ranking.add(Rule::SynonymPrefix, (0..).zip(targets.iter().copied()));
        }
        if !ranking.is_full() {
            let all_prefixes = intersection(matches.iter().map(|m| &m.prefix), self.concept_count());
            ranking.add(Rule::AllPrefixes, all_prefixes.iter().map(|id| (0, id)));
        }
        if !ranking.is_full() && whole_query_key.len() >= 2 {
            let targets = self.synonym_prefix_targets(&whole_query_key);
            ranking.add(Rule::SynonymPrefix, targets_then_descendants(classification, &targets));
        }
        // Every word a fragment of a term's words (`ac kid inj`), perhaps in another order: only
        // when little else is found, as these walks reach far more terms than a typed start does.
        if fallbacks && ranking.hits.len() < FALLBACK_BELOW && canonical.len() > 1 {
            let targets = self.fragment_term_targets(&canonical);
            ranking.add(Rule::SynonymPrefix, targets_then_descendants(classification, &targets));
        }
        // Laterality (`bilateral PEs`, `left knee OA`) and the patient (`croup in child`) are coded
        // apart from the diagnosis and rarely in its title: when the words find nothing together,
        // search again without them before guessing at typos and partial matches. A spinal level
        // that names a region is dropped only for a full match: `L1 compression fracture` keeps
        // lumbar for its partial matches rather than take partial guesses at `compression fracture`.
        if fallbacks && ranking.hits.is_empty() && words.len() > 1 && words.iter().any(|w| text::is_coded_apart_word(w)) {
            let (apart, rest): (Vec<&str>, Vec<&str>) = words.iter().map(String::as_str).partition(|w| text::is_coded_apart_word(w));
            if !rest.is_empty() {
                let mut results = self.search(classification, &Query { text: &rest.join(" "), ..*query });
                // A level names a region the titles use (L1: lumbar): give it up only for a full match.
                let names_region = apart.iter().any(|w| !text::title_equivalents(w).is_empty());
                let may_drop = !names_region || !results.partial;
                if may_drop && !results.hits.is_empty() {
                    notices.push(format!("searched without \"{}\", which no matching title has", apart.join(" ")));
                    notices.extend(results.notice.take());
                    results.notice = Some(notices.join("; "));
                    return results;
                }
            }
        }
        if fallbacks && ranking.hits.len() < FALLBACK_BELOW {
            let understood = whole_query_synonym.is_some() || all_words.iter().nth(1).is_some();
            self.add_typo_matches(classification, &words, &canonical, whole_query_synonym.is_some(), understood, &mut matches);
            let n = self.concept_count();
            let inflected = intersection(matches.iter().map(|m| &m.inflected), n);
            let within_one = intersection(matches.iter().map(|m| m.typo_within[0].as_ref().unwrap_or(&m.inflected)), n);
            let within_two = intersection(matches.iter().map(|m| m.typo_within[1].as_ref().unwrap_or(&m.inflected)), n);
            // A word of a category's title also counts for its codes, whose titles often leave it
            // out (`subtrochanteric fracture of femur`: S72.2 "Subtrochanteric fracture" under S72
            // "Fracture of femur"): ahead of typo guesses, after other inflections.
            let with_category = with_category_words(classification, &matches);
            let misspelt = whole_query_synonym.is_none() && matches.iter().any(|m| m.inflected.is_empty());
            let misspelt_term = if misspelt { self.misspelt_term_targets(classification, &whole_query_key, words.len() > 1) } else { Vec::new() };
            let tiers = inflected.iter().map(|id| (0, id)).chain(misspelt_term.into_iter().map(|(t, id)| (1 + t.min(1), id)));
            let tiers = tiers.chain(with_category.into_iter().map(|id| (3, id)));
            ranking.add(Rule::Fuzzy, tiers.chain(within_one.iter().map(|id| (4, id))).chain(within_two.iter().map(|id| (5, id))));
        }
        let matched_all = !ranking.hits.is_empty();
        if fallbacks && ranking.hits.len() < FALLBACK_BELOW && matches.len() > 1 {
            ranking.add(Rule::Partial, partial_matches(&matches, self.concept_count()));
        }
        let hits = ranking.finish();
        if hits.is_empty() {
            // Name the words nothing has, even with a typo allowed: the ones to retype or rephrase.
            let unknown: Vec<String> = words.iter().zip(&matches).filter(|(_, m)| m.matches_nothing()).map(|(w, _)| format!("\"{w}\"")).collect();
            notices.push(match unknown.len() {
                0 => "no matches".into(),
                1 => format!("no matches: no title or term has {}", unknown[0]),
                _ => format!("no matches: no title or term has {}", unknown.join(", ")),
            });
        }
        Results { partial: !matched_all && !hits.is_empty(), hits, notice: (!notices.is_empty()).then(|| notices.join("; ")) }
    }

    /// Exact code, then codes that start with what was typed (`k40` in both systems).
    fn match_code(&self, classification: &Classification, text: &str, systems: &[System], ranking: &mut Ranking) {
        if !code::looks_like_code(text) {
            return;
        }
        let compact = code::compact(text);
        let exact: Vec<ConceptId> = systems.iter().filter_map(|&s| classification.find(s, text)).collect();
        ranking.add(Rule::ExactCode, exact.iter().map(|&id| (0, id)));
        let prefix = code::strip_x_filler(&compact).unwrap_or(&compact);
        let children = systems
            .iter()
            .flat_map(|&s| classification.with_code_prefix(s, prefix))
            .map(|id| (classification.get(id).map_or(u32::MAX, |c| c.code.len() as u32), id));
        ranking.add(Rule::CodePrefix, children);
    }

    /// The concepts one query word finds as a whole word and as a prefix. `among_words`: the query
    /// has other words (a one-word fragment is left to the synonym-prefix rule, which is cheaper).
    fn match_word(&self, classification: &Classification, written: &str, canonical: &str, among_words: bool) -> WordMatch {
        let n = self.concept_count();
        let mut m = WordMatch {
            whole: ConceptSet::empty(n),
            prefix: ConceptSet::empty(n),
            inflected: ConceptSet::empty(n),
            typo_within: [None, None],
            qualifier: text::is_qualifier_word(canonical),
            generic: text::is_generic_condition_word(canonical),
            abbreviation: false,
            code: false,
        };
        // Whole words: as typed, in canonical spelling, and the title words for lay words.
        // Most words are written in their canonical spelling: look them up once.
        let spellings: &[&str] = if written == canonical { &[written] } else { &[written, canonical] };
        let mut whole_forms = spellings.to_vec();
        whole_forms.extend_from_slice(text::title_equivalents(canonical));
        whole_forms.extend(text::shorthand(canonical));
        for form in &whole_forms {
            if let Some(list) = self.words.get(form) {
                m.whole.extend_from_slice(self.postings.get(list));
            }
        }
        for form in spellings {
            m.prefix.extend_from_slice(self.postings.get_range(self.lists_with_prefix(form)));
        }
        // A half-typed word, in no title whole, reaches the title words of the words it starts
        // (`resect`: resection → "excision"; not `knee` → kneecap → "patella").
        if among_words && m.whole.is_empty() {
            for form in text::title_equivalents_of_prefix(canonical) {
                if let Some(list) = self.words.get(form) {
                    m.prefix.extend_from_slice(self.postings.get(list));
                }
            }
            // A long fragment of a one-word synonym term (`osteoarth knee`: the term osteoarthritis,
            // whose titles say "arthrosis") reaches its targets (not their descendants: a typed
            // fragment is searched keystroke by keystroke, and a category's codes are many).
            if canonical.len() >= MIN_TERM_FRAGMENT_CHARS {
                let mut terms = 0;
                let mut stream = self.synonyms.search(Str::new(canonical).starts_with()).into_stream();
                while let Some((term, list)) = stream.next() {
                    if term.contains(&b' ') || term.first() == Some(&b'~') {
                        continue;
                    }
                    m.prefix.extend_from_slice(self.synonym_targets.get(list));
                    terms += 1;
                    if terms == MAX_SYNONYM_PREFIX_TERMS {
                        break;
                    }
                }
            }
        }
        // A code among words (`K40 saphenous`): the code and its children count as that word.
        if code::looks_like_code(written) {
            let compact = code::compact(written);
            for system in System::ALL {
                if let Some(id) = classification.find(system, &compact) {
                    m.whole.insert(id);
                    m.code = true;
                }
                classification.with_code_prefix(system, &compact).for_each(|id| m.prefix.insert(id));
            }
        }
        m.prefix.union_with(&m.whole);
        m.inflected = m.prefix.clone(); // a copy, not a union: the wider set's window is made once
        // Other inflections of the same words (fractured / fracture): a near match, not a whole word.
        // The bare stem is also looked up as a word: a title word with no ending to remove has no
        // stem key (`Dupuytren` for `dupuytrens`, `band` for `banding`).
        for form in &whole_forms {
            let Some(stem) = text::stem(form) else { continue };
            let bare = text::bare_stem(form);
            for key in [Some(stem.as_str()), (bare != stem).then_some(bare)].into_iter().flatten() {
                if let Some(list) = self.words.get(key) {
                    m.inflected.extend_from_slice(self.postings.get(list));
                }
            }
        }
        m
    }

    /// Runs of words inside a longer query that form a synonym term (`ckd` in `ckd stage 4`,
    /// `heart attack` in `heart attack anterior`) match the term's targets and descendants as
    /// if each word of the run were a whole title word. The whole query is left to the
    /// synonym rule, which ranks the targets themselves first.
    fn add_synonym_spans(&self, classification: &Classification, canonical: &[String], matches: &mut [WordMatch]) {
        let n = canonical.len();
        for start in 0..n {
            for end in start + 1..=n.min(start + MAX_SYNONYM_SPAN) {
                if start == 0 && end == n {
                    continue;
                }
                let Some(targets) = self.phrase_synonym_targets(&canonical[start..end]) else { continue };
                let mut set = ConceptSet::empty(self.concept_count());
                targets_then_descendants(classification, targets).for_each(|(_, id)| set.insert(id));
                for m in &mut matches[start..end] {
                    m.abbreviation |= end - start == 1 && canonical[start].len() <= MAX_ABBREVIATION_CHARS;
                    m.add_as_whole_word(&set);
                }
            }
        }
    }

    /// Two query words that are one title word or synonym term written apart (`heart burn`:
    /// "Heartburn"; `black out`: the term `blackout`; `sub arachnoid`) each match what the joined
    /// word matches, as whole words. One lookup in each index per pair of neighbours.
    fn add_split_compounds(&self, classification: &Classification, canonical: &[String], matches: &mut [WordMatch]) {
        for i in 1..canonical.len() {
            let joined = format!("{}{}", canonical[i - 1], canonical[i]);
            // The term may be written in another inflection (`gall stone`: the term `gallstones`).
            let term = self.synonym_targets(&joined).or_else(|| self.synonym_targets(&text::loose_key(std::slice::from_ref(&joined))));
            let word = self.words.get(&joined);
            if word.is_none() && term.is_none() {
                continue;
            }
            let mut set = ConceptSet::empty(self.concept_count());
            word.iter().for_each(|&list| set.extend_from_slice(self.postings.get(list)));
            term.iter().flat_map(|targets| targets_then_descendants(classification, targets)).for_each(|(_, id)| set.insert(id));
            matches[i - 1..=i].iter_mut().for_each(|m| m.add_as_whole_word(&set));
        }
    }

    /// An organ and an act on it anywhere in the query (`removal of gallbladder`, `inflamed
    /// pancreas`, `bladder scope`) also match the compound word (cholecystectomy, pancreatitis,
    /// cystoscopy) as a title word or synonym term: both words match its concepts as whole
    /// words. Those concepts, for the ranking; `None` when the query names no organ and act.
    /// A few lookups, only when the query has both.
    fn add_organ_compounds(&self, classification: &Classification, canonical: &[String], matches: &mut [WordMatch]) -> Option<ConceptSet> {
        let acts: Vec<(usize, &str)> = canonical.iter().enumerate().filter_map(|(i, w)| Some((i, text::act_suffix(w)?))).collect();
        if acts.is_empty() || canonical.len() < 2 {
            return None;
        }
        let mut all: Option<ConceptSet> = None;
        for (organ, word) in canonical.iter().enumerate() {
            for root in text::organ_roots(word) {
                for &(act, suffix) in &acts {
                    let compound = format!("{root}{suffix}");
                    let compound = text::canonical(&compound);
                    let (word, term) = (self.words.get(compound.as_ref()), self.synonym_targets(&compound));
                    if word.is_none() && term.is_none() {
                        continue;
                    }
                    let mut set = ConceptSet::empty(self.concept_count());
                    word.iter().for_each(|&list| set.extend_from_slice(self.postings.get(list)));
                    term.iter().flat_map(|targets| targets_then_descendants(classification, targets)).for_each(|(_, id)| set.insert(id));
                    matches[organ].add_as_whole_word(&set);
                    matches[act].add_as_whole_word(&set);
                    match all.as_mut() {
                        Some(all) => all.union_with(&set),
                        None => all = Some(set),
                    }
                }
            }
        }
        all
    }

    /// The posting lists of every index word starting with `prefix`. Lists are numbered in key
    /// order, so they form one run: two lookups find it, however many words share the prefix
    /// (a single typed letter starts thousands).
    fn lists_with_prefix(&self, prefix: &str) -> std::ops::Range<u64> {
        let fst = self.words.as_fst();
        let start = keys_before(fst, prefix.as_bytes());
        let end = next_prefix(prefix.as_bytes()).map_or(self.words.len() as u64, |after| keys_before(fst, &after));
        start..end.max(start)
    }

    /// Targets (then descendants, tier 1) of the synonym terms the query spells within one edit
    /// as a whole: a phrase with one misspelt word (`frozen sholder`: the term `frozen shoulder`),
    /// or one misspelt word (`athritis`: the term `arthritis`), whose targets then come before
    /// the many titles holding a word within that edit. A phrase query is matched with phrase
    /// terms only, a word with one-word terms, and a word too short for a typo allowance with
    /// none. One automaton over the synonym terms, only when a query word matches nothing.
    fn misspelt_term_targets(&self, classification: &Classification, key: &str, phrase: bool) -> Vec<(u32, ConceptId)> {
        if key.len() > 40 || !key.is_ascii() || (!phrase && typo_allowance(key) == 0) {
            return Vec::new();
        }
        let dfa = self.typo_builder(1).build_dfa(key);
        let mut targets = Vec::new();
        let mut stream = self.synonyms.search(&dfa).into_stream();
        while let Some((term, list)) = stream.next() {
            if term.contains(&b' ') == phrase && term.first() != Some(&b'~') {
                targets.extend_from_slice(self.synonym_targets.get(list));
            }
        }
        targets_then_descendants(classification, &targets).map(|(t, id)| (u32::from(t >= targets.len() as u32), id)).collect()
    }

    /// Targets of the synonym term these canonical words spell, in order or loosely.
    /// Shorthand words (`fx hip`, `hx bowel ca`) are also read as their full words.
    fn phrase_synonym_targets(&self, canonical: &[String]) -> Option<&[ConceptId]> {
        let found = |words: &[String]| self.synonym_targets(&words.join(" ")).or_else(|| self.synonym_targets(&text::loose_key(words)));
        found(canonical).or_else(|| {
            if !canonical.iter().any(|w| text::shorthand(w).is_some()) {
                return None;
            }
            let full: Vec<String> = canonical.iter().map(|w| text::shorthand(w).map_or_else(|| w.clone(), str::to_string)).collect();
            found(&full)
        })
    }

    fn synonym_targets(&self, key: &str) -> Option<&[ConceptId]> {
        self.synonyms.get(key).map(|list| self.synonym_targets.get(list)).filter(|t| !t.is_empty())
    }

    /// Targets of the synonym terms whose words start with the query's words one for one, shortest
    /// terms first: every word of the query a fragment (`ac kid inj`: acute kidney injury), then
    /// the fragments in another order (`inj kid ac`: the term's loose key, sorted bare stems).
    fn fragment_term_targets(&self, canonical: &[String]) -> Vec<ConceptId> {
        let in_order: Vec<&[u8]> = canonical.iter().map(|w| w.as_bytes()).collect();
        let mut terms = Vec::new();
        let mut stream = self.synonyms.search(WordPrefixes { prefixes: &in_order, more_words: true }).into_stream();
        while let Some((term, list)) = stream.next() {
            terms.push(((0, term.len()), list));
        }
        let mut stems: Vec<String> = canonical.iter().map(|w| text::bare_stem(w).to_string()).collect();
        stems.sort_unstable();
        stems[0].insert(0, '~');
        let loose: Vec<&[u8]> = stems.iter().map(|w| w.as_bytes()).collect();
        let mut stream = self.synonyms.search(WordPrefixes { prefixes: &loose, more_words: false }).into_stream();
        while let Some((term, list)) = stream.next() {
            if !terms.iter().any(|&(_, l)| l == list) {
                terms.push(((1, term.len()), list));
            }
        }
        self.targets_of_first_terms(terms)
    }

    /// Targets of the synonym terms that start with `key` (not equal to it), shortest terms first.
    fn synonym_prefix_targets(&self, key: &str) -> Vec<ConceptId> {
        let mut terms = Vec::new();
        let mut stream = self.synonyms.search(Str::new(key).starts_with()).into_stream();
        while let Some((term, list)) = stream.next() {
            if term != key.as_bytes() {
                terms.push((term.len(), list));
            }
        }
        self.targets_of_first_terms(terms)
    }

    /// The targets of the first [`MAX_SYNONYM_PREFIX_TERMS`] terms, given as `(order, target list)`.
    fn targets_of_first_terms<K: Ord>(&self, mut terms: Vec<(K, u64)>) -> Vec<ConceptId> {
        terms.sort_unstable();
        let mut targets = Vec::new();
        for (_, list) in terms.into_iter().take(MAX_SYNONYM_PREFIX_TERMS) {
            targets.extend_from_slice(self.synonym_targets.get(list));
        }
        targets
    }

    /// Fill each word's typo sets: concepts with a word starting within 1 (and within 2) edits,
    /// and the targets of one-word synonyms within those edits.
    /// A one-word query that is a known synonym is spelt right: it gets no typo sets, as `NSTEMI`
    /// must not wander to "STEMI". So is a word found whole when the query is understood (its
    /// words all found together, or it is a synonym term): typo automata are the slowest step
    /// of a search, and their guesses would only trail the real hits. Otherwise even a word found
    /// whole keeps them: a near spelling is often the same idea, `endometrial` / "endometrium".
    fn add_typo_matches(
        &self,
        classification: &Classification,
        written: &[String],
        canonical: &[String],
        query_is_synonym: bool,
        query_understood: bool,
        matches: &mut [WordMatch],
    ) {
        let single_word_synonym = query_is_synonym && written.len() == 1;
        for ((w, c), m) in written.iter().zip(canonical).zip(matches.iter_mut()) {
            let allowance = typo_allowance(w);
            let spelt_right = single_word_synonym || (query_understood && !m.whole.is_empty());
            if allowance == 0 || !c.is_ascii() || spelt_right {
                continue;
            }
            let mut within = [m.inflected.clone(), m.inflected.clone()];
            let dfa = self.typo_builder(allowance).build_prefix_dfa(c);
            // Two edits from a long word: only words with the same first letter (typos are rarely
            // there), as otherwise the automaton walks most of the index's first two levels.
            // One edit keeps every first letter (`hole` / "pole").
            let first = if allowance >= 2 { &c[..c.chars().next().map_or(0, char::len_utf8)] } else { "" };
            let mut stream = self.words.search((&dfa).intersection(Str::new(first).starts_with())).into_stream();
            while let Some((word, list)) = stream.next() {
                let edits = match dfa.eval(word) {
                    Distance::Exact(d) => d,
                    Distance::AtLeast(_) => continue,
                };
                insert_within(&mut within, edits, self.postings.get(list).iter().copied());
            }
            // A misspelt one-word synonym (`diverticulitus`, `colonscopy`): its targets, as for the term.
            // The prefix automaton finds every candidate term; the whole term's distance is then
            // checked directly, which is cheaper than building a second automaton.
            let mut stream = self.synonyms.search(&dfa).into_stream();
            while let Some((term, list)) = stream.next() {
                if term.contains(&b' ') || term.first() == Some(&b'~') {
                    continue; // phrases and loose keys are matched whole, never with typos
                }
                let Some(edits) = edits_within(c.as_bytes(), term, allowance) else { continue };
                let targets = targets_then_descendants(classification, self.synonym_targets.get(list));
                insert_within(&mut within, edits, targets.map(|(_, id)| id));
            }
            // A letter typed two places from where it belongs (`sezuire` for seizure) is two
            // edits, beyond a short word's allowance: try each such move as an exact word or
            // one-word synonym, counted as one edit. At most 2n lookups, and only for 4-7 letters.
            if allowance == 1 {
                for moved in moved_letter_spellings(c) {
                    if let Some(list) = self.words.get(&moved) {
                        insert_within(&mut within, 1, self.postings.get(list).iter().copied());
                    }
                    if let Some(targets) = self.synonym_targets(&moved) {
                        insert_within(&mut within, 1, targets_then_descendants(classification, targets).map(|(_, id)| id));
                    }
                }
            }
            m.typo_within = within.map(Some);
        }
    }
}

/// Keys whose words start, one for one, with the given prefixes (`ac kid inj` →
/// "acute kidney injury"); with `more_words`, the key may have more words after them.
struct WordPrefixes<'q> {
    prefixes: &'q [&'q [u8]],
    more_words: bool,
}

#[derive(Clone, Copy)]
enum WordPrefixState {
    /// Matching prefix `word` at byte `at`.
    Typing { word: usize, at: usize },
    /// Prefix `word` matched: the rest of that key word.
    Rest { word: usize },
    /// Every prefix matched, and the key went on with more words.
    MoreWords,
    Dead,
}

impl Automaton for WordPrefixes<'_> {
    type State = WordPrefixState;

    fn start(&self) -> WordPrefixState {
        match self.prefixes.first() {
            Some(p) if !p.is_empty() => WordPrefixState::Typing { word: 0, at: 0 },
            _ => WordPrefixState::Dead,
        }
    }

    fn is_match(&self, state: &WordPrefixState) -> bool {
        match *state {
            WordPrefixState::Rest { word } => word + 1 == self.prefixes.len(),
            WordPrefixState::MoreWords => true,
            _ => false,
        }
    }

    fn can_match(&self, state: &WordPrefixState) -> bool {
        !matches!(state, WordPrefixState::Dead)
    }

    fn accept(&self, state: &WordPrefixState, byte: u8) -> WordPrefixState {
        use WordPrefixState::*;
        match *state {
            Typing { word, at } => {
                let prefix = self.prefixes[word];
                match prefix.get(at) {
                    Some(&b) if b == byte && at + 1 == prefix.len() => Rest { word },
                    Some(&b) if b == byte => Typing { word, at: at + 1 },
                    _ => Dead,
                }
            }
            Rest { word } if byte == b' ' => match self.prefixes.get(word + 1) {
                Some(next) if !next.is_empty() => Typing { word: word + 1, at: 0 },
                Some(_) => Dead,
                None if self.more_words => MoreWords,
                None => Dead,
            },
            Rest { word } => Rest { word },
            MoreWords => MoreWords,
            Dead => Dead,
        }
    }
}

/// Add `ids`, found `edits` away, to the within-1 and within-2 typo sets they belong in.
fn insert_within(within: &mut [ConceptSet; 2], edits: u8, ids: impl Iterator<Item = ConceptId>) {
    for id in ids {
        for (level, set) in within.iter_mut().enumerate() {
            if usize::from(edits) <= level + 1 {
                set.insert(id);
            }
        }
    }
}

/// `word` with one letter moved two places left or right (`sezuire` → `seizure`): a slip the edit
/// distance counts as two edits. ASCII words only.
fn moved_letter_spellings(word: &str) -> Vec<String> {
    let b = word.as_bytes();
    let mut out = Vec::new();
    if !word.is_ascii() {
        return out;
    }
    for from in 0..b.len() {
        for to in [from.wrapping_sub(2), from + 2] {
            if to >= b.len() || b[from] == b[to] {
                continue;
            }
            let mut v = b.to_vec();
            let ch = v.remove(from);
            v.insert(to, ch);
            if let Ok(s) = String::from_utf8(v) {
                if s != word && !out.contains(&s) {
                    out.push(s);
                }
            }
        }
    }
    out
}

/// Edit distance between `a` and `b` (insertions, deletions, substitutions and transpositions of
/// neighbours, as the typo automata count), when it is at most `max`.
fn edits_within(a: &[u8], b: &[u8], max: u8) -> Option<u8> {
    let max = usize::from(max);
    if a.len().abs_diff(b.len()) > max {
        return None;
    }
    // Three rows of the optimal-string-alignment table, reused row after row.
    let mut before = vec![0; b.len() + 1];
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        current[0] = i;
        for j in 1..=b.len() {
            let substitution = previous[j - 1] + usize::from(a[i - 1] != b[j - 1]);
            let mut best = substitution.min(previous[j] + 1).min(current[j - 1] + 1);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(before[j - 2] + 1);
            }
            current[j] = best;
        }
        if current.iter().all(|&d| d > max) {
            return None;
        }
        std::mem::swap(&mut before, &mut previous);
        std::mem::swap(&mut previous, &mut current);
    }
    let distance = previous[b.len()];
    (distance <= max).then_some(distance as u8)
}

/// How many keys of `fst` sort before `key`, when each key's value is its number in key order
/// (as the word index stores list numbers): the number of the first key at or after `key`.
/// One walk down the transducer, without the allocations of a range stream.
fn keys_before(fst: &fst::raw::Fst<Vec<u8>>, key: &[u8]) -> u64 {
    type Fst = fst::raw::Fst<Vec<u8>>;
    // The value of the first key in `node`'s subtree, given `out` on the way down.
    fn leftmost<'f>(fst: &'f Fst, mut node: fst::raw::Node<'f>, mut out: u64) -> u64 {
        while !node.is_final() && !node.is_empty() {
            let t = node.transition(0);
            out += t.out.value();
            node = fst.node(t.addr);
        }
        out + node.final_output().value()
    }
    // One past the value of the last key in `node`'s subtree.
    fn after_rightmost<'f>(fst: &'f Fst, mut node: fst::raw::Node<'f>, mut out: u64) -> u64 {
        while !node.is_empty() {
            let t = node.transition(node.len() - 1);
            out += t.out.value();
            node = fst.node(t.addr);
        }
        out + node.final_output().value() + u64::from(node.is_final())
    }
    let mut node = fst.root();
    let mut out = 0;
    for &byte in key {
        match node.find_input(byte) {
            Some(i) => {
                let t = node.transition(i);
                out += t.out.value();
                node = fst.node(t.addr);
            }
            None => {
                return match node.transitions().find(|t| t.inp > byte) {
                    Some(t) => leftmost(fst, fst.node(t.addr), out + t.out.value()),
                    None => after_rightmost(fst, node, out),
                };
            }
        }
    }
    leftmost(fst, node, out)
}

/// The smallest byte string greater than every string starting with `prefix`
/// (`abc` → `abd`); `None` when there is none (all bytes 0xFF).
fn next_prefix(prefix: &[u8]) -> Option<Vec<u8>> {
    let mut after = prefix.to_vec();
    while let Some(last) = after.pop() {
        if last < u8::MAX {
            after.push(last + 1);
            return Some(after);
        }
    }
    None
}

/// What one query word matches. Each set includes the one before: `whole` ⊆ `prefix` ⊆
/// `inflected` ⊆ typo sets.
struct WordMatch {
    whole: ConceptSet,
    prefix: ConceptSet,
    /// Also a word with the same stem (another inflection).
    inflected: ConceptSet,
    /// Within 1 and within 2 edits; `None` until typos are looked up, or when the word is too short.
    typo_within: [Option<ConceptSet>; 2],
    /// A qualifier (`acute`, `new onset`): it weighs less in partial matches.
    qualifier: bool,
    /// A generic condition noun (`syndrome`, `disease`): no partial match on it alone. Procedure
    /// nouns are not: titles name devices by them (`glaucoma tube`: "tube" in C60's titles).
    generic: bool,
    /// A short one-word synonym term inside a longer query (`AF` in `new onset AF`): counts only
    /// as a whole word (and its targets) in partial matches.
    abbreviation: bool,
    /// A code typed among words (`K35 perforated`): it weighs double in partial matches, as the
    /// coder has already chosen where to look.
    code: bool,
}

impl WordMatch {
    /// Nothing has this word, as typed or within its typo allowance.
    fn matches_nothing(&self) -> bool {
        self.inflected.is_empty() && self.typo_within.iter().flatten().all(ConceptSet::is_empty)
    }

    /// Concepts found for this word another way (a synonym term it is part of, a word it joins
    /// with) count as if the word were in their titles: in every set.
    fn add_as_whole_word(&mut self, set: &ConceptSet) {
        self.whole.union_with(set);
        self.prefix.union_with(set);
        self.inflected.union_with(set);
    }
}

fn intersection<'a>(mut sets: impl Iterator<Item = &'a ConceptSet>, capacity: usize) -> ConceptSet {
    let Some(first) = sets.next() else { return ConceptSet::empty(capacity) };
    let mut result = first.clone();
    sets.for_each(|s| result.intersect_with(s));
    result
}

/// Concepts matching some query words, most first: a word matched as a word, prefix or
/// inflection scores 2; a word found nowhere that way (probably misspelt) scores 1 where it is
/// within the typo allowance. Typos of a word that does occur are noise here, as typo automata
/// reach far. An abbreviation the synonym table knows counts only as itself: the titles that
/// merely start with it are noise (`af` starts "after" and "affected"). A qualifier word scores half (1, and nothing for a typo): in `acute gout`, the
/// titles holding "acute" must not outrank those holding "gout". Tier = points short of a full
/// score; concepts that match nothing are left out.
/// (Weighting words by rarity was tried: it let rare noise words, like the stem of "bands" for
/// `banding`, outrank the usage tie-break, and lost more than it won.)
/// A candidate matched only by qualifiers and generic nouns is no match: an unknown eponym with
/// `syndrome` after it (`Kounis syndrome`) would otherwise list the busiest syndromes.
fn partial_matches(matches: &[WordMatch], capacity: usize) -> impl Iterator<Item = (u32, ConceptId)> {
    let anchor = |m: &WordMatch| !m.qualifier && !m.generic;
    let needs_anchor = matches.iter().any(anchor);
    let mut scores = vec![0u8; capacity];
    let mut anchored = vec![!needs_anchor; capacity];
    let mut full = 0u32;
    for m in matches {
        let (found_points, typo_points): (u8, u8) = match (m.qualifier, m.code) {
            (_, true) => (4, 0),
            (true, false) => (1, 0),
            (false, false) => (2, 1),
        };
        full += u32::from(found_points);
        let mut found = false;
        let matched = if m.abbreviation { &m.whole } else { &m.inflected };
        let is_anchor = anchor(m);
        matched.iter().for_each(|id| {
            scores[id as usize] += found_points;
            anchored[id as usize] |= is_anchor;
            found = true;
        });
        if let (false, Some(typos), true) = (found, &m.typo_within[1], typo_points > 0) {
            typos.iter().for_each(|id| {
                scores[id as usize] += typo_points;
                anchored[id as usize] |= is_anchor;
            });
        }
    }
    scores
        .into_iter()
        .zip(anchored)
        .enumerate()
        .filter(|&(_, (s, anchored))| s > 0 && anchored)
        .map(move |(id, (s, _))| (full.saturating_sub(u32::from(s)), id as ConceptId))
}

/// Concepts that every word matches (as a word or inflection) in their own title or in their
/// category's. Candidates come from the word with the fewest matches and its categories'
/// codes, so the cost follows that word, not the corpus.
fn with_category_words(classification: &Classification, matches: &[WordMatch]) -> Vec<ConceptId> {
    let Some(rarest) = matches.iter().min_by_key(|m| m.inflected.len()) else { return Vec::new() };
    let category = |id: ConceptId| classification.get(id).is_some_and(|c| c.kind == Kind::Category);
    let candidates = rarest.inflected.iter().flat_map(|id| {
        let children = if category(id) { classification.children(id) } else { &[] };
        std::iter::once(id).chain(children.iter().copied())
    });
    let parent = |id: ConceptId| classification.get(id).and_then(|c| c.parent).filter(|&p| category(p));
    candidates.filter(|&id| matches.iter().all(|m| m.inflected.contains(id) || parent(id).is_some_and(|p| m.inflected.contains(p)))).collect()
}

/// Synonym targets in table order (tiers 0, 1, ...: the table lists the main code first), then
/// all their descendants in one tier, so a category target such as H01 for appendicectomy
/// shows itself before its subcategories.
fn targets_then_descendants<'c>(
    classification: &'c Classification,
    targets: &'c [ConceptId],
) -> impl Iterator<Item = (u32, ConceptId)> + 'c {
    let descendants = targets.iter().flat_map(move |&t| {
        let mut stack: Vec<ConceptId> = classification.children(t).iter().rev().copied().collect();
        std::iter::from_fn(move || {
            let id = stack.pop()?;
            stack.extend(classification.children(id).iter().rev());
            Some(id)
        })
        .take(classification.len()) // a damaged tree with a cycle must not loop forever
    });
    let after_targets = targets.len() as u32;
    (0..).zip(targets.iter().copied()).chain(descendants.map(move |id| (after_targets, id)))
}

/// Whether a concept's title says just what the query says (`eclampsia`: O15 "Eclampsia", not the
/// O14 codes whose other titles mention pre-eclampsia): such a title heads the all-words hits,
/// whatever the usage of longer titles. Only titles about as long as the query are read, so the
/// check stays cheap when a word matches thousands of titles.
fn title_is_the_query(classification: &Classification, id: ConceptId, query_words: &[String], query_len: usize) -> bool {
    let Some(concept) = classification.get(id) else { return false };
    if concept.title.len() > query_len + 8 {
        return false;
    }
    let title_words = text::content_words(&concept.title);
    title_words.len() == query_words.len() && title_words.iter().all(|w| query_words.iter().any(|q| q == text::canonical(w).as_ref()))
}

fn notice_only(notice: &str) -> Results {
    Results { hits: Vec::new(), partial: false, notice: Some(notice.to_string()) }
}

/// Collects hits rule by rule. A concept keeps the first (best) rule that found it; once
/// `limit` hits are placed, later rules cannot enter the list and are not evaluated.
struct Ranking<'c> {
    classification: &'c Classification,
    /// The concepts of the system searched; `None` for every concept.
    scope: Option<&'c ConceptSet>,
    hits: Vec<Hit>,
    limit: usize,
}

impl<'c> Ranking<'c> {
    fn new(classification: &'c Classification, scope: Option<&'c ConceptSet>, limit: usize) -> Ranking<'c> {
        Ranking { classification, scope, hits: Vec::new(), limit }
    }

    fn is_full(&self) -> bool {
        self.hits.len() >= self.limit
    }

    /// Add the candidates of one rule as `(tier, id)`; an id's first tier counts.
    fn add(&mut self, rule: Rule, candidates: impl Iterator<Item = (u32, ConceptId)>) {
        if self.is_full() {
            return;
        }
        // Only the best `room` candidates can enter the list: keep them in a bounded max-heap
        // rather than collecting and sorting every candidate (a first letter finds thousands).
        let room = self.limit - self.hits.len();
        let mut best: BinaryHeap<(u32, TieBreak)> = BinaryHeap::with_capacity(room + 1);
        let mut in_batch = ConceptSet::empty(self.classification.len());
        // A rule adds only while the list has room, so every candidate of the rules before
        // was placed: the hits are all there is to skip (a few ids, not a set of them all).
        let placed = |id: ConceptId| self.hits.iter().any(|hit| hit.id == id);
        for (tier, id) in candidates {
            if self.scope.is_none_or(|s| s.contains(id)) && !in_batch.contains(id) && !placed(id) {
                in_batch.insert(id);
                let candidate = (tier, TieBreak::of(self.classification, id));
                if best.len() < room {
                    best.push(candidate);
                } else if let Some(mut worst) = best.peek_mut() {
                    if candidate < *worst {
                        *worst = candidate;
                    }
                }
            }
        }
        let batch = best.into_sorted_vec();
        let ranked: Vec<ConceptId> = batch.into_iter().map(|(_, tie)| tie.id()).collect();
        // Partial matches stay flat: they are a list of guesses, not a family of codes.
        let grouped = if rule == Rule::Partial { ranked } else { self.categories_before_their_codes(&ranked, &in_batch) };
        self.hits.extend(grouped.into_iter().take(room).map(|id| Hit { id, rule }));
    }

    /// Within one rule, a category that this rule also matched comes just before the first of
    /// its codes when two or more of them are listed (`pneumonia`: J18, then J18.1, J18.9): the
    /// coder sees the category that groups them, which the tie-break alone (complete codes
    /// first) would push below every code.
    fn categories_before_their_codes(&self, ranked: &[ConceptId], in_batch: &ConceptSet) -> Vec<ConceptId> {
        let grouping_parent = |id: ConceptId| {
            let parent = self.classification.get(id)?.parent?;
            let kind = self.classification.get(parent)?.kind;
            (matches!(kind, Kind::Category | Kind::Subcategory) && in_batch.contains(parent)).then_some(parent)
        };
        let parents: Vec<ConceptId> = ranked.iter().filter_map(|&id| grouping_parent(id)).collect();
        let mut out = Vec::with_capacity(ranked.len() + 1);
        for &id in ranked {
            if let Some(parent) = grouping_parent(id) {
                if parents.iter().filter(|&&p| p == parent).count() >= 2 && !out.contains(&parent) {
                    out.push(parent);
                }
            }
            if !out.contains(&id) {
                out.push(id);
            }
        }
        out
    }

    fn finish(self) -> Vec<Hit> {
        self.hits
    }
}

#[cfg(test)]
mod distance_tests {
    use super::edits_within;

    #[test]
    fn keys_before_counts_the_keys_that_sort_before_any_string() {
        let keys = ["", "ab", "abc", "abd", "b", "ba", "bb", "ca", "caa", "cz", "d"];
        let map = fst::Map::from_iter(keys.iter().enumerate().map(|(n, k)| (*k, n as u64))).unwrap();
        let mut probes: Vec<Vec<u8>> = ["", "a", "aa", "ab", "abb", "abz", "abe", "ac", "b", "bc", "c", "caz", "d", "da", "e", "\u{ff}"]
            .iter()
            .map(|p| p.as_bytes().to_vec())
            .collect();
        probes.push(vec![0xff, 0xff]);
        for probe in probes {
            let expected = keys.iter().filter(|k| k.as_bytes() < probe.as_slice()).count() as u64;
            assert_eq!(super::keys_before(map.as_fst(), &probe), expected, "{probe:?}");
        }
        let empty = fst::Map::from_iter(std::iter::empty::<(&str, u64)>()).unwrap();
        assert_eq!(super::keys_before(empty.as_fst(), b"a"), 0);
    }

    #[test]
    fn a_letter_moved_two_places_is_tried_back_in_place() {
        assert!(super::moved_letter_spellings("sezuire").contains(&"seizure".to_string()));
        assert!(super::moved_letter_spellings("ab").is_empty());
    }

    #[test]
    fn edits_are_counted_as_the_typo_automata_count_them() {
        assert_eq!(edits_within(b"colonscopy", b"colonoscopy", 2), Some(1));
        assert_eq!(edits_within(b"diverticulitus", b"diverticulitis", 2), Some(1));
        assert_eq!(edits_within(b"athsma", b"asthma", 2), Some(2));
        assert_eq!(edits_within(b"hernai", b"hernia", 1), Some(1), "a swap of neighbours is one edit");
        assert_eq!(edits_within(b"stemi", b"nstemi", 1), Some(1));
        assert_eq!(edits_within(b"colon", b"colonoscopy", 2), None, "a prefix is not a whole-term match");
        assert_eq!(edits_within(b"abc", b"xyz", 2), None);
        assert_eq!(edits_within(b"", b"ab", 2), Some(2));
    }
}
