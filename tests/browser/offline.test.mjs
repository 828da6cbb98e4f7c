// After one visit the app works with the network off: the service worker serves the shell, the
// WebAssembly and the data bundle from its cache.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openApp, search, waitForData } from './harness.mjs';
import { browserSession } from './session.mjs';

const session = browserSession();

test('reload, search and the estimator work offline after the first visit; the app is installable', async () => {
  const { context, page, problems } = await openApp(session.browser, session.server.url);
  await page.waitForFunction(async () => (await navigator.serviceWorker.ready) && navigator.serviceWorker.controller !== null, null, { timeout: 30_000 });

  const manifest = await page.evaluate(async () => {
    const link = document.querySelector('link[rel=manifest]');
    return (await fetch(link.href)).json();
  });
  assert.ok(manifest.icons.some((i) => i.sizes === '512x512'), 'a 512 px icon');
  assert.equal(manifest.display, 'standalone');

  await context.setOffline(true);
  await page.reload();
  await waitForData(page);
  const top = (await search(page, 'I21.4')).map((r) => r.code);
  assert.equal(top[0], 'I21.4');

  const another = await context.newPage();
  await another.goto(`${session.server.url}#/browse/opcs4/W`);
  await another.waitForFunction(() => document.activeElement?.tagName === 'H1' && /W/.test(document.activeElement.textContent));
  await another.goto(`${session.server.url}#/group?dx=I21.4&age=70&sex=male&adm=non-elective&los=3`);
  await another.waitForFunction(() => document.querySelector('.cg-hrg')?.textContent.trim() === 'EB10E');
  await context.close();
  assert.deepEqual(problems.consoleErrors, []);
});
