// The peer engines, each configured as its own documentation recommends for search-as-you-type
// with prefixes and typos (see BENCHMARKS.md for the pages cited), indexing code + title of the
// same corpus. `build(corpus)` returns `search(query) -> ids of the first 5 results`.

const docs = (corpus) => corpus.map(([, code, title], id) => ({ id, code, title }));

export const engines = {
  async flexsearch() {
    const { Document, Charset } = await import('./lib/flexsearch.mjs');
    return (corpus) => {
      // README "Fuzzy-Search": a partial-match tokenizer ("forward" = prefixes), a phonetic Latin
      // encoder, and `suggest: true` so that a query with one unmatched word still returns results.
      const field = (name) => ({ field: name, tokenize: 'forward', encoder: Charset.LatinBalance });
      const index = new Document({ document: { id: 'id', index: [field('code'), field('title')] } });
      for (const doc of docs(corpus)) index.add(doc);
      return (q) => index.search(q, { limit: 5, suggest: true, merge: true }).slice(0, 5).map((r) => r.id);
    };
  },

  async minisearch() {
    const { default: MiniSearch } = await import('./lib/minisearch.mjs');
    return (corpus) => {
      // README "Search options": prefix search and fuzzy search with edit distance 0.2 × term length.
      const index = new MiniSearch({ fields: ['code', 'title'], searchOptions: { prefix: true, fuzzy: 0.2 } });
      index.addAll(docs(corpus));
      return (q) => index.search(q).slice(0, 5).map((r) => r.id);
    };
  },

  async fusejs() {
    const { default: Fuse } = await import('./lib/fuse.mjs');
    return (corpus) => {
      // fusejs.io "Token Search": each query word is fuzzy-matched on its own (Bitap) and ranked
      // by IDF; ignoreLocation because a word can be anywhere in a long title.
      const index = new Fuse(docs(corpus), { keys: ['code', 'title'], useTokenSearch: true, ignoreLocation: true });
      return (q) => index.search(q, { limit: 5 }).map((r) => r.item.id);
    };
  },
};

/** Load one engine and the corpus into this page; returns what run needs to time it. */
export async function setUp(name, { buildRuns }) {
  const make = await engines[name]();
  const text = await (await fetch('corpus.json')).text();
  let search = null;
  // Build time starts from the corpus text already in memory, as ours starts from the bundle bytes.
  const buildMs = window.__bench.medianMs(buildRuns, () => { search = make(JSON.parse(text)); });
  window.__search = search;
  return { buildMs };
}
