// Measures (not a test): navigation → usable search box, cold (first visit) and warm (service
// worker and HTTP cache), and keystroke → results painted over the full corpus.
// Run after `trunk build --release --offline`: node tests/browser/measure.mjs
import { launchChromium, openApp, serveDist, waitForData } from './harness.mjs';

const QUERIES = ['I21.4', 'W37.1', 'heart attack', 'appendicectomy', 'lap chole', 'fracture of neck of femur', 'diabetes type 2', 'hip replacement', 'pneumonia', 'k40'];
const RUNS = 5;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const percentile = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];

/** ms from navigation start to the app's `codegroup:search-ready` mark. */
const readyAt = (page) => page.evaluate(() => performance.getEntriesByName('codegroup:search-ready')[0]?.startTime);

/**
 * Type each query one letter at a time; for each keystroke, time from the input event to the
 * first paint after the results render (a task posted from requestAnimationFrame runs after paint).
 * This includes the wait for the next frame; `floor` is the same measure for an event that
 * changes nothing, i.e. what no app can go below.
 */
function keystrokes(page, queries) {
  return page.evaluate(async (queries) => {
    const input = document.querySelector('#search-input');
    const status = () => document.querySelector('.cg-status')?.dataset.query;
    const afterPaint = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
    const times = [], rendered = [];
    // Fires (as a microtask) once the app has changed the DOM for a keystroke: search + render, before paint.
    const renderedAt = () => new Promise((resolve) => {
      const observer = new MutationObserver(() => { observer.disconnect(); resolve(performance.now()); });
      observer.observe(document.querySelector('main'), { subtree: true, childList: true, attributes: true, characterData: true });
    });
    for (const query of queries) {
      input.value = '';
      input.dispatchEvent(new InputEvent('input', { bubbles: true }));
      await afterPaint();
      for (let i = 1; i <= query.length; i++) {
        const typed = query.slice(0, i);
        // Keys arrive at any moment of a frame, not just after a paint: start at a random phase.
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 16.7));
        const domChanged = renderedAt();
        const start = performance.now();
        input.value = typed;
        input.dispatchEvent(new InputEvent('input', { bubbles: true, data: typed.at(-1), inputType: 'insertText' }));
        await afterPaint();
        rendered.push((await domChanged) - start);
        if (status() !== typed) throw new Error(`results for “${typed}” were not rendered by the next paint`);
        times.push(performance.now() - start);
      }
    }
    const floor = [];
    for (let i = 0; i < 100; i++) {
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 16.7));
      const start = performance.now();
      document.body.dataset.probe = String(i);
      await afterPaint();
      floor.push(performance.now() - start);
    }
    return { times, rendered, floor };
  }, queries);
}

const server = await serveDist();
const browser = await launchChromium();
const cold = [], warm = [], phases = [];
for (let run = 0; run < RUNS; run++) {
  const { context, page } = await openApp(browser, server.url);
  cold.push(await readyAt(page));
  phases.push(await page.evaluate(() => {
    const at = (name) => performance.getEntriesByName(name)[0]?.startTime ?? NaN;
    const wasm = performance.getEntriesByType('resource').find((r) => r.name.endsWith('.wasm'));
    return { wasmFetched: wasm?.responseEnd, wasmStarted: at('codegroup:wasm-started'), bundleFetched: at('codegroup:bundle-fetched'), bundleDecoded: at('codegroup:bundle-decoded') };
  }));
  await page.waitForFunction(async () => (await navigator.serviceWorker.ready) && navigator.serviceWorker.controller !== null);
  await page.reload();
  await waitForData(page);
  warm.push(await readyAt(page));
  await context.close();
}
const { context, page } = await openApp(browser, server.url);
await keystrokes(page, QUERIES); // warm-up: JIT and allocator
const { times, rendered, floor } = await keystrokes(page, QUERIES);
const transfer = await page.evaluate(() => {
  const seen = new Map();
  for (const r of performance.getEntriesByType('resource')) seen.set(r.name.split('/').pop(), r.encodedBodySize);
  return [...seen].map(([name, bytes]) => ({ name, bytes }));
});
await context.close();
await browser.close();
await server.close();

const fmt = (x) => x.toFixed(1);
console.log(`navigation → usable search box (ms, ${RUNS} runs): cold median ${fmt(median(cold))} [${cold.map(fmt).join(', ')}]`);
console.log(`navigation → usable search box (ms, ${RUNS} runs): warm median ${fmt(median(warm))} [${warm.map(fmt).join(', ')}]`);
console.log(`floor: an event that changes nothing → next paint (ms): median ${fmt(median(floor))}, p99 ${fmt(percentile(floor, 0.99))}`);
console.log(`keystroke → DOM updated, before paint (ms): median ${fmt(median(rendered))}, p99 ${fmt(percentile(rendered, 0.99))}`);
const phase = (key) => fmt(median(phases.map((p) => p[key])));
console.log(`  cold phases (median ms since navigation): wasm downloaded ${phase('wasmFetched')}, wasm started ${phase('wasmStarted')}, bundle downloaded (in wasm) ${phase('bundleFetched')}, bundle decoded ${phase('bundleDecoded')}`);
console.log(`keystroke → results painted (ms, ${times.length} keystrokes): median ${fmt(median(times))}, p90 ${fmt(percentile(times, 0.9))}, p99 ${fmt(percentile(times, 0.99))}, max ${fmt(Math.max(...times))}`);
console.log('resources fetched on a cold visit (bytes as transferred by this uncompressed test server):');
for (const r of transfer) console.log(`  ${r.name} ${r.bytes}`);
