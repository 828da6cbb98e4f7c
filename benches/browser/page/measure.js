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
   * For each query: one untimed call (JIT warm-up; its ids are the engine's answer, kept for
   * hit@5), then the same query repeated until `minMs` have passed, so that one query's time is
   * (elapsed / repetitions) and is far above the timer's resolution.
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
      let reps = 0;
      const t0 = performance.now();
      let t = t0;
      do { search(q); reps++; t = performance.now(); } while (t - t0 < minMs && reps < maxReps);
      us.push(((t - t0) * 1000) / reps);
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
