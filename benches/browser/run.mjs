// Side-by-side in-browser search benchmark (issue 6). See BENCHMARKS.md. Usage:
//   benches/browser/run [--quick] [--no-build]
// Builds the release site, serves it and this folder's page on 127.0.0.1, and in one headless
// Chromium measures our engine (WebAssembly, called directly), FlexSearch, MiniSearch and Fuse.js
// over the same corpus and queries, then the app end to end. Writes target/bench/browser-search.json.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, memoryBody } from './server.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const args = new Set(process.argv.slice(2));
for (const a of args) {
  if (!['--quick', '--no-build', '--profile'].includes(a)) {
    console.error(`unknown option ${a}\nusage: benches/browser/run [--quick] [--no-build] [--profile]`);
    process.exit(2);
  }
}
const quick = args.has('--quick');
const settings = quick
  ? { minMs: 1, maxReps: 200, buildRuns: 1, coldRuns: 1, warmRuns: 2, typedTexts: 2, deadlineMin: 15 }
  : { minMs: 5, maxReps: 5000, buildRuns: 3, coldRuns: 5, warmRuns: 5, typedTexts: Infinity, deadlineMin: 90 };
const PEERS = ['flexsearch', 'minisearch', 'fusejs'];
// The library files a web developer would ship (minified builds where the package has one).
const LIBS = {
  '/__bench/lib/flexsearch.mjs': 'node_modules/flexsearch/dist/flexsearch.bundle.module.min.mjs',
  '/__bench/lib/minisearch.mjs': 'node_modules/minisearch/dist/es/index.js',
  '/__bench/lib/fuse.mjs': 'node_modules/fuse.js/dist/fuse.min.mjs',
};
const LIB_OF = { flexsearch: '/__bench/lib/flexsearch.mjs', minisearch: '/__bench/lib/minisearch.mjs', fusejs: '/__bench/lib/fuse.mjs' };

const log = (...a) => console.error('[bench]', ...a);
const sh = (cmd, argv, opts = {}) => {
  log('$', cmd, argv.join(' '));
  const env = { ...process.env, PATH: `${os.homedir()}/.cargo/bin:${process.env.PATH}` };
  const r = spawnSync(cmd, argv, { stdio: ['ignore', 'inherit', 'inherit'], env, ...opts });
  if (r.status !== 0) throw new Error(`${cmd} ${argv.join(' ')} failed (${r.error?.message ?? `exit ${r.status}`})`);
};

// ---------- build ----------
function build() {
  if (fs.existsSync(path.join(root, 'scripts/setup'))) sh(path.join(root, 'scripts/setup'), [], { cwd: root });
  const lock = path.join(here, 'package-lock.json');
  const installed = path.join(here, 'node_modules/.package-lock.json');
  if (!fs.existsSync(installed) || fs.statSync(lock).mtimeMs > fs.statSync(installed).mtimeMs) {
    sh('npm', ['ci', '--no-audit', '--no-fund'], { cwd: here });
  }
  sh('trunk', ['build', '--release', '--offline'], { cwd: root });
}

// ---------- queries ----------
const compact = (code) => code.toUpperCase().replace(/[.\s]/g, '');
function loadQueries() {
  const q = JSON.parse(fs.readFileSync(path.join(here, 'queries.json'), 'utf8'));
  const every = (list, n) => (quick ? list.filter((_, i) => i % n === 0) : list);
  const labelled = every(q.labelled, 6).map(([text, expect]) => ({ text, expect }));
  const typed = [];
  for (const text of q.typed.slice(0, quick ? 2 : q.typed.length)) {
    for (let i = 1; i <= text.length; i++) typed.push(text.slice(0, i));
  }
  const all = [...new Set([...labelled.map((l) => l.text), ...typed, ...every(q.other, 8)])];
  return { labelled, all, typedTexts: q.typed.slice(0, Math.min(settings.typedTexts, q.typed.length)) };
}

/** Every label must name codes that exist in the corpus the engines search (else the label is wrong). */
function checkLabels(labelled, corpus) {
  const codes = new Set(corpus.map(([system, code]) => `${system}:${compact(code)}`));
  const all = [...codes];
  const missing = labelled.flatMap((l) => l.expect.filter((e) => !all.some((c) => c.startsWith(e))).map((e) => `${l.text} -> ${e}`));
  if (missing.length) throw new Error(`labels name codes the bundle does not have:\n  ${missing.join('\n  ')}`);
}

// ---------- statistics ----------
const quantile = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))];
};
const median = (xs) => quantile(xs, 0.5);
const round = (x, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

function hitAt5(all, labelled, top, corpus) {
  const index = new Map(all.map((q, i) => [q, i]));
  const misses = [];
  let hits = 0;
  for (const { text, expect } of labelled) {
    const found = top[index.get(text)].map((id) => corpus[id]).filter(Boolean)
      .map(([system, code]) => `${system}:${compact(code)}`);
    if (found.some((c) => expect.some((e) => c.startsWith(e)))) hits++;
    else misses.push(text);
  }
  return { hit: hits / labelled.length, misses };
}

// ---------- browser ----------
async function main() {
  const started = Date.now();
  if (!args.has('--no-build')) build();
  const dist = path.join(root, 'dist');
  if (!fs.existsSync(path.join(dist, 'index.html'))) throw new Error('dist/index.html is missing: run without --no-build');
  const { chromium } = await import(path.join(here, 'node_modules/playwright-core/index.mjs'));
  const queries = loadQueries();

  const memory = {};
  for (const [url, file] of Object.entries(LIBS)) memory[url] = memoryBody(fs.readFileSync(path.join(here, file)), 'text/javascript');
  const server = await startServer({ dirs: { '/__bench/': path.join(here, 'page'), '/': dist }, memory });
  const origin = server.url;
  log('serving', dist, 'at', origin);

  let browser;
  const cleanUp = async () => {
    await browser?.close().catch(() => {});
    await server.close();
  };
  const deadline = setTimeout(async () => {
    console.error(`benchmark did not finish within ${settings.deadlineMin} minutes; stopping`);
    await cleanUp();
    process.exit(1);
  }, settings.deadlineMin * 60_000);
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, async () => { await cleanUp(); process.exit(130); });

  try {
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: [
        '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', '--enable-precise-memory-info',
        // Loopback only: any other host fails to resolve (and is counted below).
        '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
      ],
    });
    const version = browser.version();
    const foreign = [];
    const newContext = async () => {
      const ctx = await browser.newContext();
      ctx.on('request', (r) => { if (!r.url().startsWith(origin) && !r.url().startsWith('data:')) foreign.push(r.url()); });
      return ctx;
    };
    const consoleErrors = [];
    const watch = (page) => page.on('pageerror', (e) => consoleErrors.push(String(e)));
    const heap = async (ctx, page) => {
      const cdp = await ctx.newCDPSession(page);
      await cdp.send('HeapProfiler.collectGarbage');
      const { usedSize } = await cdp.send('Runtime.getHeapUsage');
      await cdp.detach();
      return usedSize;
    };
    const marks = (page) => page.evaluate(() => Object.fromEntries(
      performance.getEntriesByType('mark').filter((m) => m.name.startsWith('codegroup:')).map((m) => [m.name, m.startTime])));
    const openApp = async (page, how) => {
      await how();
      // The app marks this moment itself: the search box is shown and the data is loaded.
      await page.waitForFunction(() => performance.getEntriesByName('codegroup:search-ready').length > 0
        && document.querySelector('input[type=search]'), null, { timeout: 60_000, polling: 'raf' });
      const m = await marks(page);
      if (m['codegroup:search-ready'] === undefined) throw new Error('the app never marked codegroup:search-ready');
      return m;
    };

    // --- app: cold start (fresh profile each time), payload of a first visit ---
    const cold = [];
    let appPayload = null;
    let coldTimeline = null;
    let ctx;
    let page;
    for (let i = 0; i < settings.coldRuns; i++) {
      if (ctx) await ctx.close();
      ctx = await newContext();
      page = await ctx.newPage();
      watch(page);
      const requested = new Set();
      page.on('request', (r) => { if (r.url().startsWith(origin)) requested.add(new URL(r.url()).pathname); });
      const m = await openApp(page, () => page.goto(`${origin}/`, { waitUntil: 'commit' }));
      cold.push(m);
      if (!appPayload) {
        await page.waitForLoadState('load');
        // Where the first visit's time goes: when each file started and finished, ms from navigation.
        coldTimeline = await page.evaluate(() => performance.getEntriesByType('resource')
          .map((r) => [new URL(r.name).pathname, Math.round(r.startTime), Math.round(r.responseEnd)]));
        const parts = { wasm: 0, js: 0, data: 0, css: 0, html: 0, other: 0 };
        for (const p of requested) {
          const kind = p.endsWith('.wasm') ? 'wasm' : p.endsWith('.js') ? 'js' : p.endsWith('.bundle') ? 'data'
            : p.endsWith('.css') ? 'css' : p.endsWith('.html') || p.endsWith('/') ? 'html' : 'other';
          parts[kind] += server.gzipSize(p);
        }
        appPayload = { ...parts, total: Object.values(parts).reduce((a, b) => a + b, 0) };
      }
    }
    log('cold start ms', cold.map((m) => round(m['codegroup:search-ready'])));

    // The search box must work, not just be there.
    await page.fill('input[type=search]', 'appendicectomy');
    await page.waitForSelector('[role=option]', { timeout: 10_000 });
    await page.fill('input[type=search]', '');

    // --- app: warm start (service worker and caches from the visit above) ---
    await page.evaluate(() => navigator.serviceWorker?.ready);
    await openApp(page, () => page.reload({ waitUntil: 'commit' })); // now controlled by the service worker
    const warm = [];
    for (let i = 0; i < settings.warmRuns; i++) warm.push(await openApp(page, () => page.reload({ waitUntil: 'commit' })));
    const swControlled = await page.evaluate(() => Boolean(navigator.serviceWorker?.controller));
    log('warm start ms', warm.map((m) => round(m['codegroup:search-ready'])), 'service worker controls the page:', swControlled);

    // --- app: keystroke -> results painted ---
    // keydown (the event's own timestamp) -> first DOM mutation it causes -> next animation frame ->
    // a task queued from that frame, which runs once the frame has been painted.
    await page.evaluate(() => {
      window.__keys = [];
      let pending = null;
      addEventListener('keydown', (e) => { if (e.key.length === 1) pending = { t0: e.timeStamp, key: e.key }; }, true);
      new MutationObserver(() => {
        if (!pending) return;
        const p = pending;
        pending = null;
        p.mutated = performance.now();
        requestAnimationFrame(() => {
          const channel = new MessageChannel();
          channel.port1.onmessage = () => { p.painted = performance.now(); window.__keys.push(p); };
          channel.port2.postMessage(null);
        });
      }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
    });
    const keystrokes = [];
    let unchanged = 0;
    for (const text of queries.typedTexts) {
      await page.fill('input[type=search]', '');
      await page.focus('input[type=search]');
      await page.waitForTimeout(50);
      for (const ch of text) {
        const before = await page.evaluate(() => window.__keys.length);
        await page.keyboard.type(ch);
        try {
          await page.waitForFunction((n) => window.__keys.length > n, before, { timeout: 1000, polling: 'raf' });
        } catch {
          unchanged++; // nothing on screen changed for this key
        }
        await page.waitForTimeout(30);
      }
      const results = await page.locator('[role=option]').count();
      if (results === 0) log(`typing "${text}" in the app showed no results`);
    }
    const keys = await page.evaluate(() => window.__keys);
    for (const k of keys) keystrokes.push({ total: k.painted - k.t0, toMutation: k.mutated - k.t0 });
    log('keystrokes measured', keystrokes.length, 'without a visible change', unchanged);

    // --- our engine, called directly in the app page ---
    await page.addScriptTag({ url: '/__bench/measure.js' });
    const jsHeapApp = await heap(ctx, page);
    const ours = await page.evaluate(async ({ buildRuns }) => {
      const b = window.wasmBindings;
      const wasmApp = b.bench_memory_bytes();
      const bytes = new Uint8Array(await (await fetch('codegroup.bundle')).arrayBuffer());
      let records = 0;
      const buildMs = window.__bench.medianMs(buildRuns, () => { records = b.bench_load(bytes); });
      return {
        buildMs, records, wasmApp, wasmWithBenchCopy: b.bench_memory_bytes(),
        corpus: b.bench_corpus(),
        resolutionUs: window.__bench.timerResolutionUs(),
        isolated: crossOriginIsolated,
      };
    }, settings);
    const corpus = JSON.parse(ours.corpus);
    checkLabels(queries.labelled, corpus);
    memory['/__bench/corpus.json'] = memoryBody(ours.corpus, 'application/json');
    log(`corpus: ${corpus.length} records; ${queries.all.length} queries (${queries.labelled.length} labelled); timer resolution ${ours.resolutionUs} µs`);

    const timeEngine = async (p, search) => p.evaluate(({ all, minMs, maxReps, search }) => {
      // eslint-disable-next-line no-new-func
      const fn = new Function('q', search);
      return window.__bench.run(fn, all, { minMs, maxReps });
    }, { all: queries.all, minMs: settings.minMs, maxReps: settings.maxReps, search });

    const engines = {};
    const perEngine = {};
    const summarise = (name, run, extra) => {
      const { hit, misses } = hitAt5(queries.all, queries.labelled, run.top, corpus);
      engines[name] = {
        median_us: round(median(run.us)), p99_us: round(quantile(run.us, 0.99)), hit_at_5: round(hit, 4), ...extra,
      };
      const slowest = run.us.map((us, i) => [queries.all[i], round(us)]).sort((a, b) => b[1] - a[1]).slice(0, 8);
      perEngine[name] = { misses, slowest_us: Object.fromEntries(slowest) };
      log(name, JSON.stringify(engines[name]));
    };

    log('timing codegroup');
    const oursRun = await timeEngine(page, 'return window.wasmBindings.bench_search(q, 5);');
    if (args.has('--profile')) await profileOurs(ctx, page, timeEngine);
    const enginePaths = [...new Set(await page.evaluate(() => performance.getEntriesByType('resource').map((r) => new URL(r.name).pathname)))]
      .filter((p) => /codegroup-web-.*\.(js|wasm)$/.test(p) || p.endsWith('.bundle'));
    summarise('codegroup', oursRun, {
      build_ms: round(ours.buildMs),
      payload_bytes: enginePaths.reduce((a, p) => a + server.gzipSize(p), 0),
      memory_bytes: jsHeapApp + ours.wasmApp,
    });
    perEngine.codegroup.wasm_memory_bytes = ours.wasmApp;
    perEngine.codegroup.js_heap_bytes = jsHeapApp;
    perEngine.codegroup.wasm_memory_with_second_copy_bytes = ours.wasmWithBenchCopy;
    await ctx.close();

    // --- peers, each in a fresh context and page of its own ---
    for (const name of PEERS) {
      log('timing', name);
      const pctx = await newContext();
      const ppage = await pctx.newPage();
      watch(ppage);
      await ppage.goto(`${origin}/__bench/index.html`);
      const { buildMs } = await ppage.evaluate(async ({ name, buildRuns }) => {
        const { setUp } = await import('/__bench/engines.mjs');
        return setUp(name, { buildRuns });
      }, { name, buildRuns: settings.buildRuns });
      const jsHeap = await heap(pctx, ppage);
      const run = await timeEngine(ppage, 'return window.__search(q);');
      summarise(name, run, {
        build_ms: round(buildMs),
        payload_bytes: server.gzipSize(LIB_OF[name]) + server.gzipSize('/__bench/corpus.json'),
        memory_bytes: jsHeap,
      });
      await pctx.close();
    }

    const ready = (list) => list.map((m) => m['codegroup:search-ready']);
    const result = {
      corpus: { records: corpus.length, queries: queries.all.length },
      engines,
      app: {
        keystroke_median_ms: round(median(keystrokes.map((k) => k.total))),
        keystroke_p99_ms: round(quantile(keystrokes.map((k) => k.total), 0.99)),
        cold_start_ms: round(median(ready(cold))),
      },
    };
    // Everything else goes beside it, so that the main file keeps exactly the shape issue 6 gives.
    const details = {
      app_warm_start_ms: round(median(ready(warm))),
      app_payload_bytes: appPayload.total,
      quick,
      chromium: version,
      machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, ${round(os.totalmem() / 2 ** 30)} GiB`,
      timer_resolution_us: ours.resolutionUs,
      cross_origin_isolated: ours.isolated,
      labelled_queries: queries.labelled.length,
      app_payload_bytes_by_kind: appPayload,
      app_keystrokes: { measured: keystrokes.length, without_visible_change: unchanged,
        keydown_to_dom_median_ms: round(median(keystrokes.map((k) => k.toMutation))) },
      app_cold_marks_ms: cold,
      app_cold_resource_timeline_ms: coldTimeline,
      app_warm_marks_ms: warm,
      service_worker_controlled_warm: swControlled,
      requests_to_other_origins: foreign,
      page_errors: consoleErrors,
      engines: perEngine,
      seconds: Math.round((Date.now() - started) / 1000),
    };
    const out = path.join(root, 'target/bench/browser-search.json');
    const outDetails = path.join(root, 'target/bench/browser-search-details.json');
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
    fs.writeFileSync(outDetails, `${JSON.stringify(details, null, 2)}\n`);
    printTable(result, details);
    console.log(`\nwritten ${path.relative(root, out)} and ${path.basename(outDetails)} in ${details.seconds} s${quick ? ' (--quick: small query sample, not for publishing)' : ''}`);
    if (foreign.length) throw new Error(`requests left loopback: ${foreign.join(', ')}`);
    if (consoleErrors.length) throw new Error(`page errors: ${consoleErrors.join('; ')}`);
  } finally {
    clearTimeout(deadline);
    await cleanUp();
  }
}

/**
 * --profile: sample the CPU while our engine answers every query again, save the profile
 * (target/bench/codegroup-search.cpuprofile, opens in Chromium's Performance panel) and print
 * the functions with the most self time.
 */
async function profileOurs(ctx, page, timeEngine) {
  const cdp = await ctx.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 50 });
  await cdp.send('Profiler.start');
  await timeEngine(page, 'return window.wasmBindings.bench_search(q, 5);');
  const { profile } = await cdp.send('Profiler.stop');
  await cdp.detach();
  const out = path.join(root, 'target/bench/codegroup-search.cpuprofile');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, JSON.stringify(profile));
  const self = new Map();
  const total = profile.samples.length;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  for (const id of profile.samples) {
    const f = byId.get(id).callFrame;
    const name = f.functionName || `(anonymous ${path.basename(f.url)})`;
    self.set(name, (self.get(name) ?? 0) + 1);
  }
  console.log(`\nprofile of our engine (${total} samples, self time), saved to ${path.relative(root, out)}:`);
  for (const [name, n] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 20)) {
    console.log(`${String(round((100 * n) / total)).padStart(6)}%  ${name.slice(0, 140)}`);
  }
}

function printTable(r, d) {
  const kb = (b) => `${round(b / 1024)} KB`;
  const mb = (b) => `${round(b / 2 ** 20)} MB`;
  const rows = [['engine', 'median µs', 'p99 µs', 'hit@5', 'build ms', 'payload (gz)', 'memory']];
  for (const [name, e] of Object.entries(r.engines)) {
    rows.push([name, e.median_us, e.p99_us, `${round(e.hit_at_5 * 100)}%`, e.build_ms, kb(e.payload_bytes), mb(e.memory_bytes)].map(String));
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  const line = (row) => `| ${row.map((c, i) => (i ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join(' | ')} |`;
  console.log(`\n${r.corpus.records} records, ${r.corpus.queries} queries (${d.labelled_queries} labelled for hit@5), Chromium ${d.chromium}, timer ${d.timer_resolution_us} µs`);
  console.log(line(rows[0]));
  console.log(`|${widths.map((w, i) => (i ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`);
  for (const row of rows.slice(1)) console.log(line(row));
  const a = r.app;
  console.log(`\napp: keystroke -> painted median ${a.keystroke_median_ms} ms, p99 ${a.keystroke_p99_ms} ms; ` +
    `first usable search cold ${a.cold_start_ms} ms, warm ${d.app_warm_start_ms} ms; first-visit payload ${kb(d.app_payload_bytes)} gz`);
}

main().catch((e) => {
  console.error(`benchmark failed: ${e.message}`);
  process.exit(1);
});
