// Timing helpers shared by the app page (our engine) and the peer page (FlexSearch, MiniSearch,
// Fuse.js), so that every engine is timed by the same loop. Injected by benches/browser/run.
window.__bench = {
  /** Smallest step performance.now() takes here, in µs (5 µs when cross-origin isolated, else 100 µs). */
  timerResolutionUs() {
    let min = Infinity;
    let last = performance.now();
    for (let i = 0; i < 2e6 && min > 0.002; i++) {
      const t = performance.now();
      if (t !== last) { min = Math.min(min, t - last); last = t; }
    }
    return Math.round(min * 1000 * 10) / 10;
  },

  /**
   * For each query: one untimed call (warm-up; its ids are the engine's answer, kept for hit@5),
   * then the same query again and again, at least 3 times and for at least `minMs`. A query's
   * time is the median of those calls when they are long enough to time one by one (100 µs,
   * 20× the timer's resolution), which keeps a garbage collection or another process on a busy
   * machine from counting as the query's cost; shorter calls are timed together (elapsed / calls).
   * `search(query)` returns the ids of the first 5 results, best first.
   */
  run(search, queries, { minMs, maxReps }) {
    const us = [];
    const top = [];
    for (const q of queries) {
      const first = performance.now();
      top.push(Array.from(search(q)).slice(0, 5));
      const firstMs = performance.now() - first;
      // A query that takes 50 ms or more is timed by that one call: warm-up is noise at that
      // scale, and repeating it would make a full run (Fuse.js) take hours.
      if (firstMs >= 50) { us.push(firstMs * 1000); continue; }
      const calls = [];
      const t0 = performance.now();
      let t = t0;
      do {
        const c = t;
        search(q);
        t = performance.now();
        calls.push(t - c);
      } while ((t - t0 < minMs || calls.length < 3) && calls.length < maxReps);
      const mean = (t - t0) / calls.length;
      calls.sort((a, b) => a - b);
      us.push(1000 * (mean >= 0.1 ? calls[Math.floor(calls.length / 2)] : mean));
    }
    return { us, top };
  },

  /** Median of `n` runs of `f`, in ms. */
  medianMs(n, f) {
    const times = [];
    for (let i = 0; i < n; i++) {
      const t0 = performance.now();
      f();
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    return times[Math.floor(times.length / 2)];
  },
};
